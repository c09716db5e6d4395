/**
 * Read queries over the content kinds, one mechanism for all of them. Lists use keyset
 * pagination and compile filters into index-backed subqueries; a page's aliases,
 * citations, related entities and link evidence take one query each (no N+1).
 * The public audience sees published, non-deleted rows only; editors see drafts too,
 * and deleted rows when they ask for them.
 *
 * This is the hot path, so its SQL is written out and prepared once per shape (which
 * filters are present, the sort, the audience), and lists of values travel as one JSON
 * array bound to `json_each`, so that one statement serves any number of them. Measured:
 * building the same queries with drizzle's builder and re-preparing them on every request
 * made a filtered list six times slower (see README, Performance).
 */
import type Database from 'better-sqlite3'
import { getTableName } from 'drizzle-orm'
import { KINDS, type Kind, type KindKey } from '../kinds/index.js'
import { decodeCursor, encodeCursor } from '../lib/cursor.js'
import { invalidParam } from '../lib/problem.js'

export const SORT_KEYS = ['name', 'createdAt', 'updatedAt'] as const
export type SortKey = (typeof SORT_KEYS)[number]

export interface ListQuery {
  q?: string
  limit: number
  cursor?: string
  sort: { key: SortKey; descending: boolean }
  /** Enum filters by field name, each an OR list. */
  enums: Record<string, string[]>
  /** Relation filters by relation name, each an OR list of ids. */
  related: Partial<Record<KindKey, string[]>>
  /** Only `types`: direct children of these. */
  parent?: string[]
  /** Whether a filter on types also matches their subtypes. */
  includeSubtypes: boolean
  /** Editors only: statuses to list (default all) and whether deleted rows are left out, included or alone. */
  status?: string[]
  deleted?: 'exclude' | 'include' | 'only'
}

export type Audience = 'public' | 'editor'

export interface Ref {
  id: string
  name: string
  note?: string | null
  citations?: CitationOut[]
  entity?: EntityOut
}

export interface CitationOut {
  id: number
  source: string
  section: string
  heading: string
  quote: string
}

export type EntityOut = Record<string, unknown> & { id: string; name: string }

export interface ListResult {
  items: EntityOut[]
  total: number
  nextCursor: string | null
}

type Row = Record<string, unknown> & { id: string; name: string }
type Params = Record<string, string | number>

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)
const tableOf = (kind: Kind) => getTableName(kind.table)
const SORT_SQL: Record<SortKey, string> = { name: 'e.name collate nocase', createdAt: 'e.created_at', updatedAt: 'e.updated_at' }
const inList = (param: string) => `(select value from json_each(@${param}))`

/** `like` with the user's text taken literally: %, _ and \ are escaped. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`

function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>()
  for (const row of rows) {
    const k = key(row)
    const group = groups.get(k)
    if (group) group.push(row)
    else groups.set(k, [row])
  }
  return groups
}

/** The columns of a kind's rows, named as the API names them. */
function selectList(kind: Kind): string {
  const columns = ['e.id', 'e.name', 'e.summary', 'e.status', 'e.version', 'e.created_at as createdAt', 'e.updated_at as updatedAt', 'e.deleted_at as deletedAt']
  for (const field of kind.enums) columns.push(`e.${snake(field.name)} as ${field.name}`)
  if (kind.hierarchical) columns.push('e.parent_id as parentId', 'e.characteristics')
  return columns.join(', ')
}

interface CitationRow extends CitationOut {
  entityId: string
}
interface LinkCitationRow extends CitationOut {
  entityKind: string
  entityId: string
  relatedKind: string
  relatedId: string
}

const CITATION_COLUMNS = 'c.id, ss.source_id as source, ss.slug as section, ss.heading, c.quote'

export function createContentRepository(sqlite: Database.Database, audience: Audience = 'public') {
  /**
   * What a related entity, a filter value or an embedded entity must be to be seen.
   * Editors see every link, to drafts and deleted entities too: a revision snapshot
   * must hold all of them, or restoring it would drop some.
   */
  const visibleAs = (alias: string) => (audience === 'public' ? `${alias}.status = 'published' and ${alias}.deleted_at is null` : '1 = 1')

  const statements = new Map<string, Database.Statement>()
  /** The statement for a SQL text, prepared once. */
  const prepared = (text: string) => {
    let statement = statements.get(text)
    if (!statement) {
      statement = sqlite.prepare(text)
      statements.set(text, statement)
    }
    return statement
  }
  const all = <T>(text: string, params: Params = {}) => prepared(text).all(params) as T[]

  /** Which rows a list or get shows: for editors, the statuses and deletion state asked for. */
  function rowScope(query: Pick<ListQuery, 'status' | 'deleted'>, params: Params): string[] {
    if (audience === 'public') return [visibleAs('e')]
    const clauses: string[] = []
    if (query.status?.length) {
      params.status = JSON.stringify(query.status)
      clauses.push(`e.status in ${inList('status')}`)
    }
    const deleted = query.deleted ?? 'exclude'
    if (deleted === 'exclude') clauses.push('e.deleted_at is null')
    if (deleted === 'only') clauses.push('e.deleted_at is not null')
    return clauses
  }

  /** A filter naming an id that is not visible is a client error. */
  function requireVisible(kind: Kind, ids: string[], parameter: string): void {
    const found = new Set(all<{ id: string }>(`select e.id from ${tableOf(kind)} e where e.id in ${inList('ids')} and ${visibleAs('e')}`, { ids: JSON.stringify(ids) }).map((row) => row.id))
    const missing = ids.filter((id) => !found.has(id))
    if (missing.length > 0) throw invalidParam('query', parameter, `names unknown ${kind.key} id(s): ${missing.join(', ')}`, 'unknown-filter-value')
  }

  /** The given types and all their visible descendants. */
  function withSubtypes(ids: string[]): string[] {
    return all<{ id: string }>(
      `with recursive tree(id) as (
         select value from json_each(@ids)
         union
         select child.id from types child join tree on child.parent_id = tree.id where ${visibleAs('child')}
       )
       select id from tree`,
      { ids: JSON.stringify(ids) }
    ).map((row) => row.id)
  }

  /** The WHERE clauses of a list, and their parameters. */
  function filterClauses(kind: Kind, query: ListQuery, params: Params): string[] {
    const clauses = rowScope(query, params)
    for (const field of kind.enums) {
      const values = query.enums[field.name]
      if (!values?.length) continue
      params[field.name] = JSON.stringify(values)
      clauses.push(`e.${snake(field.name)} in ${inList(field.name)}`)
    }
    for (const relation of kind.relations) {
      const ids = query.related[relation.name]
      if (!ids?.length) continue
      requireVisible(KINDS[relation.target], ids, relation.filter)
      const matched = relation.target === 'types' && query.includeSubtypes ? withSubtypes(ids) : ids
      params[relation.name] = JSON.stringify(matched)
      clauses.push(
        `e.id in (select l.${relation.selfColumn.name} from ${getTableName(relation.table)} l where l.${relation.otherColumn.name} in ${inList(relation.name)})`
      )
    }
    if (kind.hierarchical && query.parent?.length) {
      requireVisible(kind, query.parent, 'parent')
      params.parent = JSON.stringify(query.parent)
      clauses.push(`e.parent_id in ${inList('parent')}`)
    }
    if (query.q) {
      params.q = likePattern(query.q)
      clauses.push(
        `(e.name like @q escape '\\' or e.id in (select a.entity_id from aliases a where a.entity_kind = '${kind.key}' and a.alias like @q escape '\\'))`
      )
    }
    return clauses
  }

  const where = (clauses: string[]) => (clauses.length ? `where ${clauses.join(' and ')}` : '')

  /** Every relation of a kind in one statement: (relation, selfId, id, name, note), by name. */
  function relationsSql(kind: Kind): string {
    const parts = kind.relations.map((relation) => {
      const link = getTableName(relation.table)
      return `select '${relation.name}' as relation, l.${relation.selfColumn.name} as selfId, t.id, t.name, l.note
        from ${link} l join ${tableOf(KINDS[relation.target])} t on t.id = l.${relation.otherColumn.name}
        where l.${relation.selfColumn.name} in ${inList('ids')} and ${visibleAs('t')}`
    })
    return `${parts.join(' union all ')} order by 1, 4 collate nocase, 3`
  }

  /** Turns rows of `kind` into response entities: aliases, citations, relations; `include` embeds one level. */
  function hydrate(kind: Kind, rows: Row[], include: readonly string[] = [], withRelations = true): EntityOut[] {
    if (rows.length === 0) return []
    const params = { ids: JSON.stringify(rows.map((row) => row.id)), kind: kind.key }
    const aliases = groupBy(
      all<{ entityId: string; alias: string }>(
        `select entity_id as entityId, alias from aliases where entity_kind = @kind and entity_id in ${inList('ids')} order by alias`,
        params
      ),
      (row) => row.entityId
    )
    const citations = groupBy(
      all<CitationRow>(
        `select c.entity_id as entityId, ${CITATION_COLUMNS} from citations c join source_sections ss on ss.id = c.section_id
         where c.entity_kind = @kind and c.entity_id in ${inList('ids')} and c.related_kind is null order by c.id`,
        params
      ),
      (row) => row.entityId
    )

    let refs = new Map<string, Array<{ relation: string; selfId: string; id: string; name: string; note: string | null }>>()
    const evidence = new Map<string, CitationOut[]>() // "selfId/relation/otherId"
    if (withRelations && kind.relations.length > 0) {
      refs = groupBy(all(relationsSql(kind), { ids: params.ids }), (row) => row.selfId)
      const linkRows = all<LinkCitationRow>(
        `select c.entity_kind as entityKind, c.entity_id as entityId, c.related_kind as relatedKind, c.related_id as relatedId, ${CITATION_COLUMNS}
         from citations c join source_sections ss on ss.id = c.section_id
         where (c.entity_kind = @kind and c.related_kind is not null and c.entity_id in ${inList('ids')})
            or (c.related_kind = @kind and c.related_id in ${inList('ids')})
         order by c.id`,
        params
      )
      for (const { entityKind, entityId, relatedKind, relatedId, ...citation } of linkRows) {
        // Keyed from this kind's side of the link, whichever side owns it.
        const key = entityKind === kind.key ? `${entityId}/${relatedKind}/${relatedId}` : `${relatedId}/${entityKind}/${entityId}`
        evidence.set(key, [...(evidence.get(key) ?? []), citation])
      }
    }
    const tree = withRelations && kind.hierarchical ? hierarchy(params.ids) : undefined

    const embedded = new Map<string, Map<string, EntityOut>>()
    for (const relation of kind.relations) {
      if (!withRelations || !include.includes(relation.name)) continue
      const targetIds = [...new Set([...refs.values()].flat().filter((ref) => ref.relation === relation.name).map((ref) => ref.id))]
      embedded.set(relation.name, new Map(getMany(KINDS[relation.target], targetIds).map((entity) => [entity.id, entity])))
    }

    return rows.map((row) => {
      const entity: EntityOut = {
        id: row.id,
        name: row.name,
        summary: row.summary,
        aliases: (aliases.get(row.id) ?? []).map((a) => a.alias)
      }
      for (const field of kind.enums) entity[field.name] = row[field.name] ?? null
      if (kind.hierarchical) {
        entity.characteristics = JSON.parse((row.characteristics as string | null) ?? '[]')
        if (tree) entity.parent = tree.parent.get(row.id) ?? null
      }
      entity.citations = (citations.get(row.id) ?? []).map(({ id, source, section, heading, quote }) => ({ id, source, section, heading, quote }))
      if (withRelations) {
        const mine = groupBy(refs.get(row.id) ?? [], (ref) => ref.relation)
        for (const relation of kind.relations) {
          const embeds = embedded.get(relation.name)
          entity[relation.name] = (mine.get(relation.name) ?? []).map(({ id, name, note }) => ({
            id,
            name,
            note,
            citations: evidence.get(`${row.id}/${relation.target}/${id}`) ?? [],
            ...(embeds ? { entity: embeds.get(id) } : {})
          }))
        }
      }
      if (tree) entity.subtypes = tree.subtypes.get(row.id) ?? []
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

  /** Parent and subtypes of the given types (a JSON array of ids), as refs. */
  function hierarchy(ids: string) {
    const parents = all<{ childId: string; id: string; name: string }>(
      `select e.id as childId, p.id, p.name from types e join types p on p.id = e.parent_id where e.id in ${inList('ids')} and ${visibleAs('p')}`,
      { ids }
    )
    const children = all<{ parentId: string; id: string; name: string }>(
      `select e.parent_id as parentId, e.id, e.name from types e where e.parent_id in ${inList('ids')} and ${visibleAs('e')} order by e.name collate nocase, e.id`,
      { ids }
    )
    return {
      parent: new Map(parents.map((row) => [row.childId, { id: row.id, name: row.name }])),
      subtypes: groupBy(
        children.map(({ parentId, id, name }) => ({ parentId, id, name })),
        (row) => row.parentId
      ) as unknown as Map<string, Array<{ id: string; name: string }>>
    }
  }

  /** Visible entities by id, without their relations (used for one-level embedding). */
  function getMany(kind: Kind, ids: string[]): EntityOut[] {
    if (ids.length === 0) return []
    const rows = all<Row>(`select ${selectList(kind)} from ${tableOf(kind)} e where e.id in ${inList('ids')} and ${visibleAs('e')}`, { ids: JSON.stringify(ids) })
    return hydrate(kind, rows, [], false)
  }

  return {
    list(kind: Kind, query: ListQuery, include: readonly string[] = []): ListResult {
      const params: Params = {}
      const clauses = filterClauses(kind, query, params)
      const table = tableOf(kind)
      const total = (prepared(`select count(*) as n from ${table} e ${where(clauses)}`).get(params) as { n: number }).n

      const key = SORT_SQL[query.sort.key]
      const direction = query.sort.descending ? 'desc' : 'asc'
      const sortName = `${query.sort.descending ? '-' : ''}${query.sort.key}`
      const after = query.cursor ? decodeCursor(query.cursor, sortName) : undefined
      const page = [...clauses]
      if (after) {
        params.afterValue = after.value
        params.afterId = after.id
        page.push(`(${key}, e.id) ${query.sort.descending ? '<' : '>'} (@afterValue, @afterId)`)
      }
      params.limit = query.limit + 1
      const rows = all<Row>(`select ${selectList(kind)} from ${table} e ${where(page)} order by ${key} ${direction}, e.id ${direction} limit @limit`, params)
      const items = rows.slice(0, query.limit)
      const last = items.at(-1)
      const nextCursor =
        rows.length > query.limit && last ? encodeCursor({ sort: sortName, value: String(last[query.sort.key]), id: last.id }) : null
      return { items: hydrate(kind, items, include), total, nextCursor }
    },

    /** Every visible entity of `kind` linked to all the given relation ids, by name; for overviews and export. */
    linkedTo(kind: Kind, related: ListQuery['related']): EntityOut[] {
      const params: Params = {}
      const query: ListQuery = { limit: 0, sort: { key: 'name', descending: false }, enums: {}, related, includeSubtypes: false }
      const clauses = filterClauses(kind, query, params)
      const rows = all<Row>(`select ${selectList(kind)} from ${tableOf(kind)} e ${where(clauses)} order by ${SORT_SQL.name}, e.id`, params)
      return hydrate(kind, rows)
    },

    /** One entity; editors see it whatever its status, deleted or not. */
    get(kind: Kind, id: string, include: readonly string[] = []): EntityOut | null {
      const params: Params = { id }
      const clauses = ['e.id = @id', ...rowScope({ deleted: 'include' }, params)]
      const row = prepared(`select ${selectList(kind)} from ${tableOf(kind)} e ${where(clauses)}`).get(params) as Row | undefined
      return row ? (hydrate(kind, [row], include)[0] ?? null) : null
    }
  }
}

export type ContentRepository = ReturnType<typeof createContentRepository>
