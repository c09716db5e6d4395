/**
 * Export and import of the whole knowledge base as a bundle (`dataset/format.ts`).
 *
 * Export holds the published content, deterministic, with a content hash as version.
 * Import validates everything first (shape, sources, every quote verbatim, every link
 * target), then applies it all-or-nothing in one transaction, each changed entity with
 * its revision; a dry run does the same and rolls back, reporting what would change.
 */
import { createHash } from 'node:crypto'
import { and, asc, eq } from 'drizzle-orm'
import Value from 'typebox/value'
import type { Db, Store } from '../db/connection.js'
import * as s from '../db/schema.js'
import { splitParagraphs } from '../dataset/read.js'
import { BUNDLE_FORMAT, Bundle, type BundleDocument, type DatasetCitation, type DatasetEntity, type DatasetLink } from '../dataset/format.js'
import { KIND_KEYS, KIND_LIST, KINDS, type KindKey } from '../kinds/index.js'
import { ProblemError } from '../lib/problem.js'
import { createContentRepository, type CitationOut, type EntityOut, type Ref } from '../repositories/content.js'
import type { Editor, WriteContext } from './writer.js'

export interface ImportReport {
  dryRun: boolean
  datasetVersion: string
  sources: { created: string[]; unchanged: string[] }
  entities: { created: string[]; updated: string[]; unchanged: number }
}

const cite = ({ source, section, quote }: CitationOut): DatasetCitation => ({ source, section, quote })
const hash = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16)

export function exportBundle({ db, sqlite }: Store): BundleDocument {
  const sources = db
    .select({ id: s.sources.id, title: s.sources.title, publisher: s.sources.publisher, url: s.sources.url })
    .from(s.sources)
    .where(eq(s.sources.status, 'published'))
    .orderBy(asc(s.sources.id))
    .all()
    .map((source) => ({
      ...source,
      sections: db
        .select({ id: s.sourceSections.slug, heading: s.sourceSections.heading, text: s.sourceSections.text })
        .from(s.sourceSections)
        .where(eq(s.sourceSections.sourceId, source.id))
        .orderBy(asc(s.sourceSections.position))
        .all()
    }))
  const content = createContentRepository(sqlite)
  const entities: Partial<Record<KindKey, DatasetEntity[]>> = {}
  for (const kind of KIND_LIST) {
    entities[kind.key] = content.linkedTo(kind, {}).map((entity) => {
      const out: DatasetEntity = { id: entity.id, name: entity.name, summary: entity.summary as string, aliases: entity.aliases as string[], citations: [] }
      for (const field of kind.enums) out[field.name] = entity[field.name]
      if (kind.hierarchical) {
        out.parent = (entity.parent as { id: string } | null)?.id ?? null
        out.characteristics = entity.characteristics
      }
      out.citations = (entity.citations as CitationOut[]).map(cite)
      const links: Partial<Record<KindKey, DatasetLink[]>> = {}
      for (const relation of kind.relations.filter((r) => r.owned)) {
        const refs = (entity[relation.name] as Ref[]).map((ref) => ({ id: ref.id, note: ref.note ?? null, citations: (ref.citations ?? []).map(cite) }))
        if (refs.length > 0) links[relation.name] = refs
      }
      if (Object.keys(links).length > 0) out.links = links
      return out
    })
  }
  const body = { sources, entities }
  return { format: BUNDLE_FORMAT, datasetVersion: hash(body), ...body }
}

/** Everything wrong with a bundle against itself and the database, before anything is written. */
function problemsOf(db: Db, bundle: BundleDocument): string[] {
  const problems: string[] = []
  const sections = new Map<string, string[]>() // "source/section" -> paragraphs
  const sourceIds = new Set<string>()
  for (const source of bundle.sources) {
    if (sourceIds.has(source.id)) problems.push(`sources/${source.id}: duplicate id`)
    sourceIds.add(source.id)
    for (const section of source.sections) {
      const key = `${source.id}/${section.id}`
      if (sections.has(key)) problems.push(`sources/${key}: duplicate section id`)
      const paragraphs = splitParagraphs(section.text)
      if (paragraphs.length === 0) problems.push(`sources/${key}: the section has no text`)
      sections.set(key, paragraphs)
    }
    const stored = db.select({ title: s.sources.title, publisher: s.sources.publisher, url: s.sources.url }).from(s.sources).where(eq(s.sources.id, source.id)).get()
    if (stored) {
      const storedSections = db
        .select({ id: s.sourceSections.slug, heading: s.sourceSections.heading, text: s.sourceSections.text })
        .from(s.sourceSections)
        .where(eq(s.sourceSections.sourceId, source.id))
        .orderBy(asc(s.sourceSections.position))
        .all()
        .map((section) => ({ ...section, text: splitParagraphs(section.text) }))
      const given = source.sections.map((section) => ({ id: section.id, heading: section.heading, text: splitParagraphs(section.text) }))
      if (JSON.stringify([stored, storedSections]) !== JSON.stringify([{ title: source.title, publisher: source.publisher, url: source.url }, given])) {
        problems.push(`sources/${source.id}: differs from the stored source; sources cannot be changed by an import`)
      }
    }
  }
  const paragraphsIn = (source: string, section: string): string[] | undefined => {
    const inBundle = sections.get(`${source}/${section}`)
    if (inBundle) return inBundle
    const stored = db
      .select({ text: s.passages.text })
      .from(s.passages)
      .innerJoin(s.sourceSections, eq(s.sourceSections.id, s.passages.sectionId))
      .where(and(eq(s.sourceSections.sourceId, source), eq(s.sourceSections.slug, section)))
      .all()
    return stored.length ? stored.map((row) => row.text) : undefined
  }
  const checkCitations = (where: string, citations: DatasetCitation[]) => {
    for (const { source, section, quote } of citations) {
      if (!source) {
        problems.push(`${where}: a citation must name its source`)
        continue
      }
      const paragraphs = paragraphsIn(source, section)
      if (!paragraphs) problems.push(`${where}: no section ${source}/${section}`)
      else if (!paragraphs.some((paragraph) => paragraph.includes(quote))) problems.push(`${where}: quote not verbatim in ${source}/${section}: ${JSON.stringify(quote)}`)
    }
  }
  const ids = new Map<KindKey, Set<string>>(KIND_KEYS.map((key) => [key, new Set((bundle.entities[key] ?? []).map((e) => e.id))]))
  const declared = new Set<string>()
  const exists = (kind: KindKey, id: string) =>
    ids.get(kind)?.has(id) || db.select({ id: KINDS[kind].table.id }).from(KINDS[kind].table).where(eq(KINDS[kind].table.id, id)).get() !== undefined
  for (const key of KIND_KEYS) {
    const seen = new Set<string>()
    for (const entity of bundle.entities[key] ?? []) {
      const where = `${key}/${entity.id}`
      if (seen.has(entity.id)) problems.push(`${where}: duplicate id`)
      seen.add(entity.id)
      checkCitations(where, entity.citations)
      if (KINDS[key].hierarchical && entity.parent && !exists('types', entity.parent as string)) problems.push(`${where}: unknown parent ${String(entity.parent)}`)
      for (const relation of KINDS[key].relations) {
        for (const link of entity.links?.[relation.name] ?? []) {
          if (!exists(relation.target, link.id)) problems.push(`${where}: link to unknown ${relation.target}/${link.id}`)
          const linkKey = relation.owned ? `${key}/${entity.id}/${relation.target}/${link.id}` : `${relation.target}/${link.id}/${key}/${entity.id}`
          if (declared.has(linkKey)) problems.push(`${where} -> ${relation.name}/${link.id}: link declared twice`)
          declared.add(linkKey)
          checkCitations(`${where} -> ${relation.name}/${link.id}`, link.citations)
        }
      }
    }
  }
  const parents = parentMap(db, bundle)
  for (const id of parents.keys()) {
    const seen = new Set<string>()
    for (let at: string | null | undefined = id; at; at = parents.get(at)) {
      if (seen.has(at)) {
        problems.push(`types/${id}: its parents form a cycle`)
        break
      }
      seen.add(at)
    }
  }
  return problems
}

/** Every type's parent as the import would leave it: the bundle's, or the stored one for types it does not hold. */
function parentMap(db: Db, bundle: BundleDocument): Map<string, string | null> {
  const parents = new Map(db.select({ id: s.types.id, parentId: s.types.parentId }).from(s.types).all().map((row) => [row.id, row.parentId]))
  const inBundle = new Set((bundle.entities.types ?? []).map((type) => type.id))
  for (const type of bundle.entities.types ?? []) parents.set(type.id, keptParent(type.parent as string | null | undefined, parents.get(type.id), inBundle))
  return parents
}

/** A bundle's null parent keeps a stored parent the bundle does not hold (the export leaves out unpublished types). */
const keptParent = (given: string | null | undefined, stored: string | null | undefined, inBundle: Set<string>) =>
  given ?? (stored && !inBundle.has(stored) ? stored : null)

/** The content each bundle entity must end up with: its fields and every link the bundle declares on either side. */
function desiredEntities(sqlite: Store['sqlite'], bundle: BundleDocument): Array<{ kind: KindKey; entity: EntityOut }> {
  const refs = new Map<string, Ref[]>() // "kind/id/relation" -> refs
  const add = (kind: KindKey, id: string, relation: KindKey, ref: Ref) => {
    const key = `${kind}/${id}/${relation}`
    const list = refs.get(key) ?? []
    if (!list.some((existing) => existing.id === ref.id)) list.push(ref)
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
  const editorial = createContentRepository(sqlite, 'editor')
  const inBundle = new Set(KIND_KEYS.flatMap((key) => (bundle.entities[key] ?? []).map((e) => `${key}/${e.id}`)))
  const typesInBundle = new Set((bundle.entities.types ?? []).map((type) => type.id))
  return KIND_KEYS.flatMap((key) =>
    (bundle.entities[key] ?? []).map((entity) => {
      const kind = KINDS[key]
      const current = editorial.get(kind, entity.id)
      const desired: EntityOut = { id: entity.id, name: entity.name, summary: entity.summary, aliases: entity.aliases ?? [], citations: asCitations(entity.citations) }
      for (const field of kind.enums) desired[field.name] = entity[field.name] ?? null
      if (kind.hierarchical) {
        const parent = keptParent(entity.parent as string | null | undefined, (current?.parent as { id: string } | null)?.id, typesInBundle)
        desired.parent = parent ? { id: parent, name: '' } : null
        desired.characteristics = entity.characteristics ?? []
      }
      for (const relation of kind.relations) {
        // Links to entities the bundle does not hold are not the bundle's to remove.
        const kept = ((current?.[relation.name] as Ref[] | undefined) ?? []).filter((ref) => !inBundle.has(`${relation.target}/${ref.id}`))
        desired[relation.name] = [...(refs.get(`${key}/${entity.id}/${relation.name}`) ?? []), ...kept]
      }
      return { kind: key, entity: desired }
    })
  )
}

class DryRun extends Error {
  constructor(readonly report: ImportReport) {
    super('dry run')
  }
}

export function importBundle({ db, sqlite }: Store, editor: Editor, ctx: WriteContext, document: unknown, dryRun: boolean): ImportReport {
  if (!Value.Check(Bundle, document)) {
    const problems = [...Value.Errors(Bundle, document)].slice(0, 50).map((e) => `${e.instancePath || '/'} ${e.message}`)
    throw new ProblemError('unprocessable-content', `The bundle is not valid: ${problems.length} problem(s); nothing was imported.`, { extensions: { problems } })
  }
  const bundle = document as BundleDocument
  const problems = problemsOf(db, bundle)
  if (problems.length > 0) {
    throw new ProblemError('unprocessable-content', `The bundle has ${problems.length} problem(s); nothing was imported.`, { extensions: { problems: problems.slice(0, 100) } })
  }
  const { format: _format, datasetVersion: _version, ...content } = bundle
  const report: ImportReport = { dryRun, datasetVersion: hash(content), sources: { created: [], unchanged: [] }, entities: { created: [], updated: [], unchanged: 0 } }
  try {
    editor.transaction(ctx, 'import', { dryRun, datasetVersion: report.datasetVersion }, (tx) => {
      for (const source of bundle.sources) {
        if (tx.select({ id: s.sources.id }).from(s.sources).where(eq(s.sources.id, source.id)).get()) report.sources.unchanged.push(source.id)
        else {
          editor.insertSource(tx, source)
          report.sources.created.push(source.id)
        }
      }
      // Every entity exists before any content is settled: links and parents need both ends.
      const created = new Set<string>()
      for (const key of KIND_KEYS) {
        for (const entity of bundle.entities[key] ?? []) {
          if (editor.ensureRow(tx, KINDS[key], entity)) created.add(`${KINDS[key].path}/${entity.id}`)
        }
      }
      for (const { kind, entity } of desiredEntities(sqlite, bundle)) {
        const name = `${KINDS[kind].path}/${entity.id}`
        const outcome = editor.putEntity(tx, ctx, KINDS[kind], entity, 'import', created.has(name))
        if (created.has(name)) report.entities.created.push(name)
        else if (outcome === 'updated') report.entities.updated.push(name)
        else report.entities.unchanged++
      }
      if (dryRun) throw new DryRun(report)
    })
  } catch (error) {
    if (error instanceof DryRun) return error.report
    throw error
  }
  return report
}
