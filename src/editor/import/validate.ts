/**
 * Import, first half: everything wrong with a bundle, against itself and the database,
 * found before anything is written. Shape errors stop at a bounded count (a huge invalid
 * bundle must not build millions of messages).
 */
import { and, asc, eq, sql } from 'drizzle-orm'
import { Compile } from 'typebox/compile'
import Value from 'typebox/value'
import type { Db } from '../../db/connection.js'
import * as s from '../../db/schema.js'
import { Bundle, type BundleDocument, type DatasetCitation } from '../../dataset/format.js'
import { splitParagraphs } from '../../dataset/read.js'
import { groupMembers } from '../../dataset/related.js'
import { KIND_KEYS, KIND_LIST, KINDS, type Kind, type KindKey } from '../../kinds/index.js'

/** At most this many problems are reported (and, for shape errors, computed). */
export const MAX_PROBLEMS = 100

/** Compiled on first use: checking a 4 MB bundle took 2.6 s interpreted, 74 ms compiled (plus 121 ms to compile). */
let compiled: ReturnType<typeof compileBundle> | undefined
const compileBundle = () => Compile(Bundle)
const bundleValidator = () => (compiled ??= compileBundle())

/**
 * The first shape errors of a document that is not a bundle, or none. TypeBox stops
 * collecting errors at its `maxErrors` setting (8), so a huge invalid document costs one
 * pass over it and a handful of messages (issue 14: a 50 MB one exhausted the heap).
 */
export function shapeProblems(document: unknown): string[] {
  if (bundleValidator().Check(document)) return []
  const problems: string[] = []
  for (const error of Value.Errors(Bundle, document)) {
    problems.push(`${error.instancePath || '/'} ${error.message}`)
    if (problems.length >= MAX_PROBLEMS) break
  }
  return problems
}

/**
 * What is wrong with a bundle against itself and the database, before anything is written:
 * every problem, or the first MAX_PROBLEMS (checking stops there, entity by entity).
 */
export function problemsOf(db: Db, bundle: BundleDocument): string[] {
  const problems: string[] = []
  const enough = () => problems.length >= MAX_PROBLEMS
  const sections = new Map<string, string[]>() // "source/section" -> paragraphs
  const sourceIds = new Set<string>()
  for (const source of bundle.sources) {
    if (enough()) return problems
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
      if (enough()) return problems
      const where = `${key}/${entity.id}`
      if (seen.has(entity.id)) problems.push(`${where}: duplicate id`)
      seen.add(entity.id)
      checkCitations(where, entity.citations)
      const hierarchy = KINDS[key].hierarchy
      const parent = hierarchy ? entity[hierarchy.parentField] : undefined
      if (typeof parent === 'string' && !exists(key, parent)) problems.push(`${where}: unknown parent ${parent}`)
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
  for (const [index, group] of (bundle.related ?? []).entries()) {
    groupMembers(`related[${index}]`, group.between, exists, problems)
    checkCitations(`related[${index}]`, group.citations)
  }
  for (const kind of KIND_LIST) {
    if (!kind.hierarchy) continue
    const parents = parentMap(db, kind, bundle)
    for (const id of parents.keys()) {
      const seen = new Set<string>()
      for (let at: string | null | undefined = id; at; at = parents.get(at)) {
        if (seen.has(at)) {
          problems.push(`${kind.key}/${id}: its parents form a cycle`)
          break
        }
        seen.add(at)
      }
    }
  }
  return problems
}

/** Every parent of a hierarchical kind as the import would leave it: the bundle's, or the stored one for entities it does not hold. */
function parentMap(db: Db, kind: Kind, bundle: BundleDocument): Map<string, string | null> {
  const field = kind.hierarchy?.parentField ?? 'parent'
  const stored = db.all<{ id: string; parentId: string | null }>(sql.raw(`select id, ${kind.hierarchy?.parentColumn} as parentId from ${kind.tableName}`))
  const parents = new Map(stored.map((row) => [row.id, row.parentId]))
  const inBundle = new Set((bundle.entities[kind.key] ?? []).map((entity) => entity.id))
  for (const entity of bundle.entities[kind.key] ?? []) parents.set(entity.id, keptParent(entity[field] as string | null | undefined, parents.get(entity.id), inBundle))
  return parents
}

/** A bundle's null parent keeps a stored parent the bundle does not hold (the export leaves out unpublished types). */
export const keptParent = (given: string | null | undefined, stored: string | null | undefined, inBundle: Set<string>) =>
  given ?? (stored && !inBundle.has(stored) ? stored : null)

