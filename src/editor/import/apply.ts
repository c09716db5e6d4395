/**
 * Import, second half: the content each bundle entity must end up with, and applying it
 * all-or-nothing in one transaction, each changed entity with its revision; a dry run
 * does the same and rolls back, reporting what would change.
 */
import type { Store } from '../../db/connection.js'
import type { BundleDocument, DatasetCitation } from '../../dataset/format.js'
import { KIND_KEYS, KINDS, type Kind, type KindKey } from '../../kinds/index.js'
import { valueOrEmpty } from '../../kinds/fields.js'
import { ProblemError } from '../../lib/problem.js'
import { createEntityRepository, type EntityOut, type Ref } from '../../repositories/entities/index.js'
import { contentHash } from '../../repositories/export.js'
import type { WriteContext } from '../context.js'
import type { Core } from '../core.js'
import type { Snapshots } from '../snapshots.js'
import type { createSourceWriter } from '../sources.js'
import { keptParent, MAX_PROBLEMS, problemsOf, shapeProblems } from './validate.js'
import { createRelatedWriter } from '../../dataset/write.js'

export interface ImportReport {
  dryRun: boolean
  datasetVersion: string
  sources: { created: string[]; unchanged: string[] }
  entities: { created: string[]; updated: string[]; unchanged: number }
}

/** The content each bundle entity must end up with: its fields and every link the bundle declares on either side (`isNew`: rows the import just created). */
export function desiredEntities(sqlite: Store['sqlite'], bundle: BundleDocument, isNew: (kind: Kind, id: string) => boolean): Array<{ kind: KindKey; entity: EntityOut }> {
  const refs = new Map<string, Map<string, Ref>>() // "kind/id/relation" -> refs by id, the first declared kept
  const add = (kind: KindKey, id: string, relation: KindKey, ref: Ref) => {
    const key = `${kind}/${id}/${relation}`
    const list = refs.get(key) ?? new Map<string, Ref>()
    if (!list.has(ref.id)) list.set(ref.id, ref)
    refs.set(key, list)
  }
  const asCitations = (list: DatasetCitation[]) => list.map((c) => ({ id: 0, source: c.source as string, section: c.section, heading: '', quote: c.quote }))
  for (const key of KIND_KEYS) {
    for (const entity of bundle.entities[key] ?? []) {
      for (const relation of KINDS[key].relations) {
        for (const link of entity.links?.[relation.name] ?? []) {
          const citations = asCitations(link.citations)
          add(key, entity.id, relation.name, { id: link.id, name: '', note: link.note ?? null, citations })
          add(relation.target, link.id, key, { id: entity.id, name: '', note: link.note ?? null, citations })
        }
      }
    }
  }
  const editorial = createEntityRepository(sqlite, 'editor')
  const inBundle = new Set(KIND_KEYS.flatMap((key) => (bundle.entities[key] ?? []).map((e) => `${key}/${e.id}`)))
  const idsOf = new Map(KIND_KEYS.map((key) => [key, new Set((bundle.entities[key] ?? []).map((e) => e.id))]))
  return KIND_KEYS.flatMap((key) =>
    (bundle.entities[key] ?? []).map((entity) => {
      const kind = KINDS[key]
      const current = isNew(kind, entity.id) ? null : editorial.get(kind, entity.id) // a new row has no links or parent yet
      const desired: EntityOut = {
        id: entity.id,
        name: entity.name,
        summary: entity.summary,
        aliases: entity.aliases ?? [],
        codes: entity.codes ?? [],
        citations: asCitations(entity.citations)
      }
      for (const field of kind.fields) desired[field.name] = valueOrEmpty(field, entity[field.name])
      if (kind.hierarchy) {
        const field = kind.hierarchy.parentField
        const parent = keptParent(entity[field] as string | null | undefined, (current?.[field] as { id: string } | null)?.id, idsOf.get(key) ?? new Set())
        desired[field] = parent ? { id: parent, name: '' } : null
      }
      for (const relation of kind.relations) {
        // Links to entities the bundle does not hold are not the bundle's to remove.
        const kept = ((current?.[relation.name] as Ref[] | undefined) ?? []).filter((ref) => !inBundle.has(`${relation.target}/${ref.id}`))
        desired[relation.name] = [...(refs.get(`${key}/${entity.id}/${relation.name}`)?.values() ?? []), ...kept]
      }
      return { kind: key, entity: desired }
    })
  )
}

/**
 * The bundle is parsed here, in the import's thread, not by the server's JSON parser: a
 * large body parsed and then copied to the worker held the event loop for as long.
 * Prototype keys need no special care: the bundle schema is closed, so `__proto__` is an
 * unknown property and refused.
 */
function parseJson(json: string): unknown {
  try {
    return JSON.parse(json)
  } catch (error) {
    throw new ProblemError('invalid-request', `The body is not valid JSON: ${(error as Error).message}`)
  }
}

class DryRun extends Error {
  constructor(readonly report: ImportReport) {
    super('dry run')
  }
}

export function createImporter({ sqlite }: Store, core: Core, sources: ReturnType<typeof createSourceWriter>, snapshots: Snapshots) {
  const writeRelatedGroup = createRelatedWriter(core.db)
  return function importBundle(ctx: WriteContext, json: string, dryRun: boolean): ImportReport {
    const document = parseJson(json)
    const shape = shapeProblems(document)
    if (shape.length > 0) {
      throw new ProblemError('unprocessable-content', `The bundle is not a bundle of this format; its first ${shape.length} problem(s) are listed; nothing was imported.`, {
        extensions: { problems: shape }
      })
    }
    const bundle = document as BundleDocument
    const problems = problemsOf(core.db, bundle)
    if (problems.length > 0) {
      const count = problems.length >= MAX_PROBLEMS ? `at least ${MAX_PROBLEMS}` : problems.length
      throw new ProblemError('unprocessable-content', `The bundle has ${count} problem(s); nothing was imported.`, {
        extensions: { problems: problems.slice(0, MAX_PROBLEMS) }
      })
    }
    const { format: _format, datasetVersion: _version, ...content } = bundle
    const report: ImportReport = { dryRun, datasetVersion: contentHash(content), sources: { created: [], unchanged: [] }, entities: { created: [], updated: [], unchanged: 0 } }
    try {
      core.write((tx) => {
        for (const source of bundle.sources) {
          if (sources.exists(tx, source.id)) report.sources.unchanged.push(source.id)
          else {
            sources.insert(tx, source)
            report.sources.created.push(source.id)
          }
        }
        // Every entity exists before any content is settled: links and parents need both ends.
        const created = new Set<string>()
        const nameOf = (kind: Kind, id: string) => `${kind.path}/${id}`
        for (const key of KIND_KEYS) {
          for (const entity of bundle.entities[key] ?? []) {
            if (snapshots.ensureRow(tx, KINDS[key], entity)) created.add(nameOf(KINDS[key], entity.id))
          }
        }
        const isNew = (kind: Kind, id: string) => created.has(nameOf(kind, id))
        // One revision per changed entity, once all content is settled (its final state).
        const changed = new Map<string, { kind: Kind; id: string; summary: string }>()
        for (const { kind: key, entity } of desiredEntities(sqlite, bundle, isNew)) {
          const kind = KINDS[key]
          const name = nameOf(kind, entity.id)
          const others = snapshots.settle(tx, kind, entity, isNew)
          if (created.has(name)) report.entities.created.push(name)
          else if (others) report.entities.updated.push(name)
          else report.entities.unchanged++
          if (!others) continue
          changed.set(name, { kind, id: entity.id, summary: 'import: content set' })
          for (const [otherKind, otherId] of others) {
            const other = nameOf(otherKind, otherId)
            if (!changed.has(other)) changed.set(other, { kind: otherKind, id: otherId, summary: 'import: links changed' })
          }
        }
        // A group the bundle declares takes its note and quotes; groups it does not declare stay.
        for (const group of bundle.related ?? []) {
          const between = group.between.map((path) => {
            const [kind, id] = path.split('/') as [KindKey, string]
            return { kind, id }
          })
          writeRelatedGroup({ between, note: group.note, citations: group.citations.map((c) => ({ source: c.source as string, section: c.section, quote: c.quote })) }, core.now(), { replace: true })
        }
        core.recordMany(tx, ctx, 'import', [...changed.values()])
        core.audit(tx, ctx, 'import', null, null, { dryRun, datasetVersion: report.datasetVersion })
        if (dryRun) throw new DryRun(report)
      })
    } catch (error) {
      if (error instanceof DryRun) return error.report
      throw error
    }
    return report
  }
}
