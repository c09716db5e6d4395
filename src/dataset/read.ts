/**
 * Reads a dataset document, checks it against the format and against its article
 * (every quote verbatim in the section it names, every link target present), and
 * normalizes it into flat records ready to be written.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import Value from 'typebox/value'
import { KIND_KEYS, KINDS, type KindKey } from '../kinds/index.js'
import { valueOrEmpty } from '../kinds/fields.js'
import { DatasetError } from './errors.js'
import { checkCodes, type CodeRecord } from './codes.js'
import { checkRetired, type RetiredRecord } from './retired.js'
import { Dataset, provenanceOf, type DatasetCitation, type DatasetDocument, type DatasetSource, type Provenance } from './format.js'
import { Furniture, furnitureIn, overlapsFurniture, withoutFurniture, type FurnitureDocument, type FurnitureSpan } from './furniture.js'
import { groupMembers, relatedShapeProblems, type RelatedGroupDocument, type RelatedRecord } from './related.js'

export interface SectionRecord {
  slug: string
  position: number
  heading: string
  /** The section's paragraphs, each a verbatim line of the article, joined by blank lines. */
  text: string
}

export interface SourceRecord extends Provenance {
  id: string
  title: string
  publisher: string
  url: string | null
  text: string
  sections: SectionRecord[]
}

export interface CitationRecord {
  sourceId: string
  section: string
  quote: string
}

export interface EntityRecord {
  kind: KindKey
  id: string
  name: string
  summary: string
  aliases: string[]
  /** The kind's own fields, by name (`category`, `characteristics`, …). */
  fields: Record<string, unknown>
  /** Hierarchical kinds: the parent's id. */
  parent: string | null
  citations: CitationRecord[]
}

export interface LinkRecord {
  ownerKind: KindKey
  ownerId: string
  targetKind: KindKey
  targetId: string
  note: string | null
  citations: CitationRecord[]
}

export { DatasetError }

export interface NormalizedDataset {
  source: SourceRecord
  entities: EntityRecord[]
  links: LinkRecord[]
  retired: RetiredRecord[]
  related: RelatedRecord[]
  codes: CodeRecord[]
}

/** The files beside `knowledge.json` that a dataset may have, parsed. */
export interface DatasetExtras {
  /** `furniture.json`: with it, the lede, list lead-ins and filler sentences are never served. */
  furniture?: unknown
  /** `related.json`: groups of related entities. */
  related?: unknown
}


/** Paragraphs of a text: blocks separated by blank lines, trimmed. The one splitter for quotes and passages. */
export const splitParagraphs = (text: string): string[] =>
  text
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean)

export const paragraphsOf = (section: { text: string }): string[] => splitParagraphs(section.text)

/**
 * Splits an article into the sections its dataset declares, leaving out clutter lines. The
 * content ends at the first `endBefore` line after the last heading (the first byline:
 * an author blurb may repeat it).
 */
export function splitSections(text: string, source: DatasetSource, problems: string[]): SectionRecord[] {
  const lines = text.split(/\r?\n/).map((line) => line.trim())
  const ignored = source.ignoreLinePrefixes ?? []

  const starts: number[] = []
  let from = 0
  for (const section of source.sections) {
    const at = lines.indexOf(section.heading, from)
    if (at < 0) {
      problems.push(`section ${section.id}: heading not found in order: ${JSON.stringify(section.heading)}`)
      return []
    }
    starts.push(at)
    from = at + 1
  }
  const end = source.endBefore === undefined ? lines.length : lines.indexOf(source.endBefore, from)
  if (end < 0) problems.push(`endBefore line not found after the last heading: ${JSON.stringify(source.endBefore)}`)
  return source.sections.map((section, position) => {
    const stop = starts[position + 1] ?? (end < 0 ? lines.length : end)
    const body = lines
      .slice((starts[position] ?? 0) + 1, stop)
      .filter((line) => line.length > 0 && !ignored.some((prefix) => line.startsWith(prefix)))
    return { slug: section.id, position, heading: section.heading, text: body.join('\n\n') }
  })
}

/** A section as the article has it, and the furniture in it. */
interface ReadSection extends SectionRecord {
  paragraphs: string[]
  furniture: FurnitureSpan[]
}

function checkCitations(
  where: string,
  list: DatasetCitation[],
  sourceId: string,
  sections: Map<string, ReadSection>,
  problems: string[]
): CitationRecord[] {
  return list.map(({ source, section, quote }) => {
    if (source !== undefined && source !== sourceId) problems.push(`${where}: cites source ${source}, not this document's ${sourceId}`)
    const found = sections.get(section)
    const paragraph = found ? found.paragraphs.findIndex((text) => text.includes(quote)) : -1
    if (!found) problems.push(`${where}: unknown section ${section}`)
    else if (paragraph < 0) problems.push(`${where}: quote is not verbatim in section ${section}: ${JSON.stringify(quote)}`)
    else {
      const start = (found.paragraphs[paragraph] as string).indexOf(quote)
      const furniture = overlapsFurniture(found.furniture, paragraph, start, start + quote.length)
      if (furniture) problems.push(`${where}: quote overlaps furniture (${furniture.what}), which is never served: ${JSON.stringify(quote)}`)
    }
    return { sourceId, section, quote }
  })
}

/** The article's sections with their furniture, when the dataset declares furniture. */
function readSections(articleText: string, source: DatasetSource, furniture: FurnitureDocument | undefined, problems: string[]): ReadSection[] {
  const sections = splitSections(articleText, source, problems).map((section) => {
    const paragraphs = paragraphsOf(section)
    return { ...section, paragraphs, furniture: furniture ? furnitureIn(paragraphs, section.heading === source.title, furniture) : [] }
  })
  for (const sentence of furniture?.fillerSentences ?? []) {
    if (!sections.some((section) => section.text.includes(sentence))) problems.push(`furniture: filler sentence not in the article: ${JSON.stringify(sentence)}`)
  }
  return sections
}

/** The sections as served: furniture left out, sections left empty dropped, positions renumbered. */
const servedSections = (sections: ReadSection[]): SectionRecord[] =>
  sections
    .map(({ slug, heading, text, furniture }) => ({ slug, heading, text: withoutFurniture(text, furniture) }))
    .filter((section) => section.text.length > 0)
    .map((section, position) => ({ ...section, position }))

/** Checks and normalizes a parsed document; `articleText` is the source file's content. */
export function normalizeDataset(document: unknown, articleText: string, origin: string, extras: DatasetExtras = {}): NormalizedDataset {
  if (!Value.Check(Dataset, document)) {
    const problems = [...Value.Errors(Dataset, document)].slice(0, 20).map((e) => `${e.instancePath || '/'} ${e.message}`)
    throw new DatasetError(origin, problems)
  }
  const doc = document as DatasetDocument
  const problems: string[] = []
  if (extras.furniture !== undefined && !Value.Check(Furniture, extras.furniture)) throw new DatasetError(`${origin} (furniture)`, [...Value.Errors(Furniture, extras.furniture)].slice(0, 20).map((e) => `${e.instancePath || '/'} ${e.message}`))
  const relatedShape = extras.related === undefined ? [] : relatedShapeProblems(extras.related)
  if (relatedShape.length > 0) throw new DatasetError(`${origin} (related)`, relatedShape)
  const sectionList = readSections(articleText, doc.source, extras.furniture as FurnitureDocument | undefined, problems)
  const sections = new Map(sectionList.map((section) => [section.slug, section]))
  if (sections.size !== sectionList.length) problems.push('section ids are not unique')
  const sourceId = doc.source.id

  const entities: EntityRecord[] = []
  const ids = new Map<KindKey, Set<string>>(KIND_KEYS.map((key) => [key, new Set<string>()]))
  for (const key of KIND_KEYS) {
    for (const entity of doc.entities[key] ?? []) {
      const where = `${key}/${entity.id}`
      const seen = ids.get(key) as Set<string>
      if (seen.has(entity.id)) problems.push(`${where}: duplicate id`)
      seen.add(entity.id)
      const fields: Record<string, unknown> = {}
      for (const field of KINDS[key].fields) fields[field.name] = valueOrEmpty(field, entity[field.name])
      const hierarchy = KINDS[key].hierarchy
      const aliases = entity.aliases ?? []
      for (const alias of aliases) {
        if (!articleText.toLowerCase().includes(alias.toLowerCase())) problems.push(`${where}: alias not used by the article: ${alias}`)
      }
      entities.push({
        kind: key,
        id: entity.id,
        name: entity.name,
        summary: entity.summary,
        aliases,
        fields,
        parent: hierarchy ? ((entity[hierarchy.parentField] as string | null | undefined) ?? null) : null,
        citations: checkCitations(where, entity.citations, sourceId, sections, problems)
      })
    }
  }

  const links: LinkRecord[] = []
  const linkKeys = new Set<string>()
  for (const key of KIND_KEYS) {
    for (const entity of doc.entities[key] ?? []) {
      const hierarchy = KINDS[key].hierarchy
      const parent = hierarchy ? (entity[hierarchy.parentField] as string | null | undefined) : null
      if (parent && !ids.get(key)?.has(parent)) problems.push(`${key}/${entity.id}: unknown parent ${parent}`)
      for (const relation of KINDS[key].relations) {
        for (const link of entity.links?.[relation.name] ?? []) {
          const where = `${key}/${entity.id} -> ${relation.name}/${link.id}`
          if (!ids.get(relation.target)?.has(link.id)) problems.push(`${where}: unknown ${relation.target} id`)
          const [ownerKind, ownerId, targetKind, targetId] = relation.owned
            ? [key, entity.id, relation.target, link.id]
            : [relation.target, link.id, key, entity.id]
          const linkKey = `${ownerKind}/${ownerId}/${targetKind}/${targetId}`
          if (linkKeys.has(linkKey)) problems.push(`${where}: link declared twice`)
          linkKeys.add(linkKey)
          links.push({
            ownerKind,
            ownerId,
            targetKind,
            targetId,
            note: link.note ?? null,
            citations: checkCitations(where, link.citations, sourceId, sections, problems)
          })
        }
      }
    }
  }
  const related: RelatedRecord[] = ((extras.related as RelatedGroupDocument[] | undefined) ?? []).map((group, index) => {
    const where = `related[${index}]`
    return {
      between: groupMembers(where, group.between, (kind, id) => ids.get(kind)?.has(id) ?? false, problems),
      note: group.note,
      citations: checkCitations(where, group.citations, sourceId, sections, problems).map(({ sourceId: source, section, quote }) => ({ source, section, quote }))
    }
  })
  const served = servedSections(sectionList)
  if (problems.length === 0) {
    // Cutting furniture out must leave every quote verbatim in what is served.
    const servedParagraphs = new Map(served.map((section) => [section.slug, paragraphsOf(section)]))
    const quoted = [...entities.flatMap((e) => e.citations), ...links.flatMap((l) => l.citations), ...related.flatMap((r) => r.citations)]
    for (const { section, quote } of quoted) {
      if (!servedParagraphs.get(section)?.some((paragraph) => paragraph.includes(quote))) problems.push(`section ${section}: quote not verbatim once furniture is left out: ${JSON.stringify(quote)}`)
    }
  }
  if (problems.length > 0) throw new DatasetError(origin, problems)

  const { id, title, publisher } = doc.source
  return {
    source: { id, title, publisher, url: doc.source.url ?? null, ...provenanceOf(doc.source), text: articleText, sections: served },
    entities,
    links,
    retired: [],
    related,
    codes: []
  }
}

/** Reads `knowledge.json` and its article from a dataset folder. */
export function readDatasetFolder(folder: string): NormalizedDataset {
  const path = join(folder, 'knowledge.json')
  const document = JSON.parse(readFileSync(path, 'utf8')) as { source?: { file?: unknown } }
  const file = typeof document.source?.file === 'string' ? document.source.file : 'article.txt'
  const optional = (name: string): unknown => (existsSync(join(folder, name)) ? JSON.parse(readFileSync(join(folder, name), 'utf8')) : undefined)
  const dataset = normalizeDataset(document, readFileSync(join(folder, file), 'utf8'), path, { furniture: optional('furniture.json'), related: optional('related.json') })
  const retiredPath = join(folder, 'retired.json')
  if (existsSync(retiredPath)) dataset.retired = checkRetired(JSON.parse(readFileSync(retiredPath, 'utf8')), dataset.entities, retiredPath)
  const codesPath = join(folder, 'codes.json')
  if (existsSync(codesPath)) dataset.codes = checkCodes(JSON.parse(readFileSync(codesPath, 'utf8')), dataset.entities, codesPath)
  return dataset
}
