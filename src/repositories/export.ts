/**
 * Export: the published content as a bundle (`dataset/format.ts`), deterministic, with a
 * content hash as its dataset version. Links are written from their owner side.
 */
import { createHash } from 'node:crypto'
import { asc, eq, getTableName, sql } from 'drizzle-orm'
import type { Store } from '../db/connection.js'
import * as s from '../db/schema.js'
import { BUNDLE_FORMAT, type BundleDocument, type DatasetCitation, type DatasetCode, type DatasetEntity, type DatasetLink, type RelatedGroupDocument } from '../dataset/format.js'
import { groupKey } from '../dataset/related.js'
import { KIND_LIST, KINDS, isKindKey, type Kind, type KindKey } from '../kinds/index.js'
import { visibleSql } from '../kinds/visibility.js'
import { createEntityRepository, type CitationOut, type CodeOut, type EntityOut, type Ref } from './entities/index.js'

const cite = ({ source, section, quote }: CitationOut): DatasetCitation => ({ source, section, quote })

/** The dataset version of a bundle's content: equal versions, equal content. */
export const contentHash = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16)

function toDatasetEntity(kind: Kind, entity: EntityOut): DatasetEntity {
  const out: DatasetEntity = { id: entity.id, name: entity.name, summary: entity.summary as string, aliases: entity.aliases as string[], citations: [] }
  for (const field of kind.fields) out[field.name] = entity[field.name]
  if (kind.hierarchy) out[kind.hierarchy.parentField] = (entity[kind.hierarchy.parentField] as { id: string } | null)?.id ?? null
  out.citations = (entity.citations as CitationOut[]).map(cite)
  const links: Partial<Record<KindKey, DatasetLink[]>> = {}
  for (const relation of kind.relations.filter((r) => r.owned)) {
    const refs = (entity[relation.name] as Ref[]).map((ref) => ({ id: ref.id, note: ref.note ?? null, citations: (ref.citations ?? []).map(cite) }))
    if (refs.length > 0) links[relation.name] = refs
  }
  if (Object.keys(links).length > 0) out.links = links
  // Only when there are any: a bundle without codes stays as it was before codes existed.
  const codes = entity.codes as CodeOut[]
  if (codes.length > 0) out.codes = codes.map(({ system, code, display, source, verifiedAt }) => ({ system, code, display, source, verifiedAt }) as DatasetCode)
  return out
}

/** The groups of related entities, with their published members; a group left with fewer than two is not exported. */
function relatedGroups(sqlite: Store['sqlite']): RelatedGroupDocument[] {
  const rows = sqlite
    .prepare('select g.id, g.note, g.citations, m.entity_kind as kind, m.entity_id as entityId from related_groups g join related_members m on m.group_id = g.id order by g.id')
    .all() as Array<{ id: number; note: string; citations: string; kind: string; entityId: string }>
  const visible = (kind: string, id: string) =>
    isKindKey(kind) && sqlite.prepare(`select 1 from ${KINDS[kind].tableName} e where e.id = ? and ${visibleSql('e')}`).get(id) !== undefined
  const groups = new Map<number, { note: string; citations: DatasetCitation[]; between: Array<{ kind: KindKey; id: string }> }>()
  for (const row of rows) {
    const group = groups.get(row.id) ?? { note: row.note, citations: JSON.parse(row.citations) as DatasetCitation[], between: [] }
    if (visible(row.kind, row.entityId)) group.between.push({ kind: row.kind as KindKey, id: row.entityId })
    groups.set(row.id, group)
  }
  return [...groups.values()]
    .filter((group) => group.between.length >= 2)
    .map((group) => ({ key: groupKey(group.between), group }))
    .sort((a, b) => a.key.localeCompare(b.key))
    .map(({ key, group }) => ({ between: key.split(' '), note: group.note, citations: group.citations }))
}

export function exportBundle({ db, sqlite }: Store): BundleDocument {
  const sources = db
    .select({
      id: s.sources.id,
      title: s.sources.title,
      publisher: s.sources.publisher,
      url: s.sources.url,
      retrievedAt: s.sources.retrievedAt,
      language: s.sources.language,
      license: s.sources.license
    })
    .from(s.sources)
    .where(sql.raw(visibleSql(getTableName(s.sources))))
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
  const entities = createEntityRepository(sqlite)
  const content: Partial<Record<KindKey, DatasetEntity[]>> = {}
  for (const kind of KIND_LIST) content[kind.key] = entities.linkedTo(kind, {}).map((entity) => toDatasetEntity(kind, entity))
  const body = { sources, entities: content, related: relatedGroups(sqlite) }
  return { format: BUNDLE_FORMAT, datasetVersion: contentHash(body), ...body }
}
