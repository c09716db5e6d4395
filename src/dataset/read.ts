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
  codes: CodeRecord[]
}


/** Paragraphs of a text: blocks separated by blank lines, trimmed. The one splitter for quotes and passages. */
export const splitParagraphs = (text: string): string[] =>
  text
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean)

export const paragraphsOf = (section: { text: string }): string[] => splitParagraphs(section.text)

/** Splits an article into the sections its dataset declares, leaving out clutter lines. */
export function splitSections(text: string, source: DatasetSource, problems: string[]): SectionRecord[] {
  const lines = text.split(/\r?\n/).map((line) => line.trim())
  const ignored = source.ignoreLinePrefixes ?? []
  const end = source.endBefore === undefined ? lines.length : lines.lastIndexOf(source.endBefore)
  if (end < 0) problems.push(`endBefore line not found: ${JSON.stringify(source.endBefore)}`)

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
  return source.sections.map((section, position) => {
    const stop = starts[position + 1] ?? (end < 0 ? lines.length : end)
    const body = lines
      .slice((starts[position] ?? 0) + 1, stop)
      .filter((line) => line.length > 0 && !ignored.some((prefix) => line.startsWith(prefix)))
    return { slug: section.id, position, heading: section.heading, text: body.join('\n\n') }
  })
}

function checkCitations(
  where: string,
  list: DatasetCitation[],
  sourceId: string,
  sections: Map<string, SectionRecord>,
  problems: string[]
): CitationRecord[] {
  return list.map(({ source, section, quote }) => {
    if (source !== undefined && source !== sourceId) problems.push(`${where}: cites source ${source}, not this document's ${sourceId}`)
    const found = sections.get(section)
    if (!found) problems.push(`${where}: unknown section ${section}`)
    else if (!paragraphsOf(found).some((paragraph) => paragraph.includes(quote))) {
      problems.push(`${where}: quote is not verbatim in section ${section}: ${JSON.stringify(quote)}`)
    }
    return { sourceId, section, quote }
  })
}

/** Checks and normalizes a parsed document; `articleText` is the source file's content. */
export function normalizeDataset(document: unknown, articleText: string, origin: string): NormalizedDataset {
  if (!Value.Check(Dataset, document)) {
    const problems = [...Value.Errors(Dataset, document)].slice(0, 20).map((e) => `${e.instancePath || '/'} ${e.message}`)
    throw new DatasetError(origin, problems)
  }
  const doc = document as DatasetDocument
  const problems: string[] = []
  const sectionList = splitSections(articleText, doc.source, problems)
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
  if (problems.length > 0) throw new DatasetError(origin, problems)

  const { id, title, publisher } = doc.source
  return {
    source: { id, title, publisher, url: doc.source.url ?? null, ...provenanceOf(doc.source), text: articleText, sections: sectionList },
    entities,
    links,
    retired: [],
    codes: []
  }
}

/** Reads `knowledge.json` and its article from a dataset folder. */
export function readDatasetFolder(folder: string): NormalizedDataset {
  const path = join(folder, 'knowledge.json')
  const document = JSON.parse(readFileSync(path, 'utf8')) as { source?: { file?: unknown } }
  const file = typeof document.source?.file === 'string' ? document.source.file : 'article.txt'
  const dataset = normalizeDataset(document, readFileSync(join(folder, file), 'utf8'), path)
  const retiredPath = join(folder, 'retired.json')
  if (existsSync(retiredPath)) dataset.retired = checkRetired(JSON.parse(readFileSync(retiredPath, 'utf8')), dataset.entities, retiredPath)
  const codesPath = join(folder, 'codes.json')
  if (existsSync(codesPath)) dataset.codes = checkCodes(JSON.parse(readFileSync(codesPath, 'utf8')), dataset.entities, codesPath)
  return dataset
}
