/**
 * The serializer: rows of a kind become API entities with their aliases, own fields,
 * citations, relations (with link notes and evidence) and hierarchy. A page's aliases,
 * citations, relations and link evidence take one query each (no N+1).
 */
import { KINDS, isKindKey, type Kind, type KindKey } from '../../kinds/index.js'
import { decodeField } from '../../kinds/fields.js'
import type { Hierarchy } from './hierarchy.js'
import { seenBy } from './scope.js'
import { groupBy } from '../../lib/group-by.js'
import { inList, type Statements } from './statements.js'
import type { Audience, CitationOut, CodeOut, EntityOut, RelatedOut, ReviewOut } from './types.js'

export type Row = Record<string, unknown> & { id: string; name: string }

interface CitationRow extends CitationOut {
  entityId: string
}
interface LinkCitationRow extends CitationOut {
  entityKind: string
  entityId: string
  relatedKind: string
  relatedId: string
}
/** The review columns of an entity or link row, under these names. */
interface ReviewColumns {
  reviewStatus: string
  reviewedAt: string | null
  reviewer: string | null
  reviewNote: string | null
  nextReviewDue: string | null
}
interface RefRow extends ReviewColumns {
  relation: string
  selfId: string
  id: string
  name: string
  note: string | null
}

interface RelatedRow {
  selfId: string
  kind: string
  id: string
  note: string
  citations: string
}

/** The review columns of the row aliased `alias` (an entity or a link table), named as `ReviewColumns`. */
export const reviewColumnsSql = (alias: string) =>
  `${alias}.review_status as reviewStatus, ${alias}.reviewed_at as reviewedAt, ${alias}.reviewer, ${alias}.review_note as reviewNote, ${alias}.next_review_due as nextReviewDue`

/** A row's review columns as the API shows them: the one place the shape is built. */
export const reviewOf = (row: ReviewColumns): ReviewOut => ({
  status: row.reviewStatus,
  reviewedAt: row.reviewedAt,
  reviewer: row.reviewer,
  note: row.reviewNote,
  nextReviewDue: row.nextReviewDue
})

const CITATION_COLUMNS = 'c.id, ss.source_id as source, ss.slug as section, ss.heading, c.quote'

/** The columns of a kind's rows; own fields keep their API names. */
export function selectList(kind: Kind): string {
  const columns = [
    'e.id',
    'e.name',
    'e.summary',
    'e.status',
    'e.version',
    'e.created_at as createdAt',
    'e.updated_at as updatedAt',
    'e.deleted_at as deletedAt',
    reviewColumnsSql('e')
  ]
  for (const field of kind.fields) columns.push(`e.${field.column} as ${field.name}`)
  return columns.join(', ')
}

export function createSerializer(statements: Statements, hierarchy: Hierarchy, audience: Audience) {
  const { all } = statements

  /** Every relation of a kind in one statement: (relation, selfId, id, name, note), by name. */
  function relationsSql(kind: Kind): string {
    const parts = kind.relations.map(
      (relation) => `select '${relation.name}' as relation, l.${relation.selfColumn} as selfId, t.id, t.name, l.note, ${reviewColumnsSql('l')}
        from ${relation.tableName} l join ${KINDS[relation.target].tableName} t on t.id = l.${relation.otherColumn}
        where l.${relation.selfColumn} in ${inList('ids')} and ${seenBy(audience, 't')}`
    )
    return `${parts.join(' union all ')} order by 1, 4 collate nocase, 3`
  }

  function aliasesOf(kind: Kind, ids: string) {
    return groupBy(
      all<{ entityId: string; alias: string }>(
        `select entity_id as entityId, alias from aliases where entity_kind = @kind and entity_id in ${inList('ids')} order by alias`,
        { ids, kind: kind.key }
      ),
      (row) => row.entityId
    )
  }

  function citationsOf(kind: Kind, ids: string) {
    return groupBy(
      all<CitationRow>(
        `select c.entity_id as entityId, ${CITATION_COLUMNS} from citations c join source_sections ss on ss.id = c.section_id
         where c.entity_kind = @kind and c.entity_id in ${inList('ids')} and c.related_kind is null order by c.id`,
        { ids, kind: kind.key }
      ),
      (row) => row.entityId
    )
  }

  function codesOf(kind: Kind, ids: string) {
    return groupBy(
      all<CodeOut & { entityId: string }>(
        `select entity_id as entityId, system, code, display, source, verified_at as verifiedAt from external_codes
         where entity_kind = @kind and entity_id in ${inList('ids')} order by system, code`,
        { ids, kind: kind.key }
      ),
      (row) => row.entityId
    )
  }

  /** Citations of links touching these entities, keyed "selfId/otherKind/otherId" from this kind's side. */
  function linkEvidence(kind: Kind, ids: string): Map<string, CitationOut[]> {
    const evidence = new Map<string, CitationOut[]>()
    const rows = all<LinkCitationRow>(
      `select c.entity_kind as entityKind, c.entity_id as entityId, c.related_kind as relatedKind, c.related_id as relatedId, ${CITATION_COLUMNS}
       from citations c join source_sections ss on ss.id = c.section_id
       where (c.entity_kind = @kind and c.related_kind is not null and c.entity_id in ${inList('ids')})
          or (c.related_kind = @kind and c.related_id in ${inList('ids')})
       order by c.id`,
      { ids, kind: kind.key }
    )
    for (const { entityKind, entityId, relatedKind, relatedId, ...citation } of rows) {
      const key = entityKind === kind.key ? `${entityId}/${relatedKind}/${relatedId}` : `${relatedId}/${entityKind}/${entityId}`
      evidence.set(key, [...(evidence.get(key) ?? []), citation])
    }
    return evidence
  }

  /**
   * The entities related to these (`related` groups), visible ones only, by entity id; a
   * note's quotes carry their section's heading, as citations do.
   */
  function relatedOf(kind: Kind, ids: string): Map<string, RelatedOut[]> {
    const rows = all<RelatedRow>(
      `select m.entity_id as selfId, o.entity_kind as kind, o.entity_id as id, g.note, g.citations
       from related_members m
       join related_members o on o.group_id = m.group_id and (o.entity_kind <> m.entity_kind or o.entity_id <> m.entity_id)
       join related_groups g on g.id = m.group_id
       where m.entity_kind = @kind and m.entity_id in ${inList('ids')}
       order by g.id, o.entity_kind, o.entity_id`,
      { ids, kind: kind.key }
    )
    const out = new Map<string, RelatedOut[]>()
    if (rows.length === 0) return out
    const names = new Map<string, string>()
    for (const [other, list] of groupBy(rows, (row) => row.kind)) {
      if (!isKindKey(other)) continue
      const table = KINDS[other as KindKey].tableName
      const found = all<{ id: string; name: string }>(`select e.id, e.name from ${table} e where e.id in ${inList('ids')} and ${seenBy(audience, 'e')}`, {
        ids: JSON.stringify(list.map((row) => row.id))
      })
      for (const row of found) names.set(`${other}/${row.id}`, row.name)
    }
    const quotedSources = [...new Set(rows.flatMap((row) => (JSON.parse(row.citations) as Array<{ source: string }>).map((c) => c.source)))]
    const headings = new Map(
      all<{ key: string; heading: string }>(`select source_id || '/' || slug as key, heading from source_sections where source_id in ${inList('sources')}`, {
        sources: JSON.stringify(quotedSources)
      }).map((row) => [row.key, row.heading])
    )
    for (const row of rows) {
      const name = names.get(`${row.kind}/${row.id}`)
      if (name === undefined) continue
      const citations = (JSON.parse(row.citations) as Array<{ source: string; section: string; quote: string }>).map((c) => ({ ...c, heading: headings.get(`${c.source}/${c.section}`) ?? '' }))
      const entry: RelatedOut = { kind: KINDS[row.kind as KindKey].path, id: row.id, name, note: row.note, citations }
      out.set(row.selfId, [...(out.get(row.selfId) ?? []), entry])
    }
    return out
  }

  /** Visible entities by id, without their relations (one-level embedding). */
  function getMany(kind: Kind, ids: string[]): EntityOut[] {
    if (ids.length === 0) return []
    const rows = all<Row>(`select ${selectList(kind)} from ${kind.tableName} e where e.id in ${inList('ids')} and ${seenBy(audience, 'e')}`, {
      ids: JSON.stringify(ids)
    })
    return serialize(kind, rows, [], false)
  }

  /** Rows of `kind` as API entities; `include` embeds the named relations' entities one level deep. */
  function serialize(kind: Kind, rows: Row[], include: readonly string[] = [], withRelations = true): EntityOut[] {
    if (rows.length === 0) return []
    const ids = JSON.stringify(rows.map((row) => row.id))
    const aliases = aliasesOf(kind, ids)
    const citations = citationsOf(kind, ids)
    const codes = codesOf(kind, ids)
    const linked = withRelations && kind.relations.length > 0
    const refs = linked ? groupBy(all<RefRow>(relationsSql(kind), { ids }), (row) => row.selfId) : new Map<string, RefRow[]>()
    const evidence = linked ? linkEvidence(kind, ids) : new Map<string, CitationOut[]>()
    const tree = withRelations && kind.hierarchy ? hierarchy.around(kind, ids) : undefined
    const related = withRelations ? relatedOf(kind, ids) : undefined

    const embedded = new Map<string, Map<string, EntityOut>>()
    for (const relation of kind.relations) {
      if (!withRelations || !include.includes(relation.name)) continue
      const targetIds = [...new Set([...refs.values()].flat().filter((ref) => ref.relation === relation.name).map((ref) => ref.id))]
      embedded.set(relation.name, new Map(getMany(KINDS[relation.target], targetIds).map((entity) => [entity.id, entity])))
    }

    return rows.map((row) => {
      const entity: EntityOut = { id: row.id, name: row.name, summary: row.summary, aliases: (aliases.get(row.id) ?? []).map((a) => a.alias) }
      for (const field of kind.fields) entity[field.name] = decodeField(field, row[field.name])
      if (tree && kind.hierarchy) entity[kind.hierarchy.parentField] = tree.parent.get(row.id) ?? null
      entity.citations = (citations.get(row.id) ?? []).map(({ id, source, section, heading, quote }) => ({ id, source, section, heading, quote }))
      if (withRelations) {
        const mine = groupBy(refs.get(row.id) ?? [], (ref) => ref.relation)
        for (const relation of kind.relations) {
          const embeds = embedded.get(relation.name)
          entity[relation.name] = (mine.get(relation.name) ?? []).map((ref) => ({
            id: ref.id,
            name: ref.name,
            note: ref.note,
            citations: evidence.get(`${row.id}/${relation.target}/${ref.id}`) ?? [],
            review: reviewOf(ref),
            ...(embeds ? { entity: embeds.get(ref.id) } : {})
          }))
        }
      }
      if (tree && kind.hierarchy) entity[kind.hierarchy.childrenField] = tree.children.get(row.id) ?? []
      if (related) entity.related = related.get(row.id) ?? []
      entity.codes = (codes.get(row.id) ?? []).map(({ system, code, display, source, verifiedAt }) => ({ system, code, display, source, verifiedAt }))
      entity.review = reviewOf(row as unknown as ReviewColumns)
      if (audience === 'editor') {
        entity.status = row.status
        entity.version = row.version
        entity.deletedAt = row.deletedAt
      }
      entity.createdAt = row.createdAt
      entity.updatedAt = row.updatedAt
      return entity
    })
  }

  return serialize
}
