/**
 * The entity repository: read queries over every kind, one mechanism for all of them.
 * Lists use keyset pagination and the filter compiler; the serializer turns rows into
 * API entities. This is the hot path, so its SQL is written out and prepared once per
 * shape (which filters are present, the sort, the audience).
 */
import type Database from 'better-sqlite3'
import type { Kind } from '../../kinds/index.js'
import { decodeCursor, encodeCursor } from '../../lib/cursor.js'
import { createFilterCompiler } from './filters.js'
import { createHierarchy } from './hierarchy.js'
import { rowScope, where } from './scope.js'
import { createRenderedReader } from './rendering.js'
import { createSerializer, selectList, type Row } from './serialize.js'
import { createStatements, type Params } from './statements.js'
import type { Audience, EntityOut, ListQuery, ListResult, SortKey } from './types.js'

export * from './types.js'

const SORT_SQL: Record<SortKey, string> = { name: 'e.name collate nocase', createdAt: 'e.created_at', updatedAt: 'e.updated_at' }
const SORT_COLUMN: Record<SortKey, string> = { name: 'e.name', createdAt: 'e.created_at', updatedAt: 'e.updated_at' }

/** A list page as stored JSON text: `data` is the JSON array of the page's entities. */
export interface ListText {
  data: string
  total: number
  nextCursor: string | null
}

export function createEntityRepository(sqlite: Database.Database, audience: Audience = 'public') {
  const statements = createStatements(sqlite)
  const hierarchy = createHierarchy(statements, audience)
  const compileFilters = createFilterCompiler(statements, hierarchy, audience)
  const serialize = createSerializer(statements, hierarchy, audience)
  // The public reads the stored renderings (issue 15); editors see drafts, which are never rendered.
  const rendered = audience === 'public' ? createRenderedReader(sqlite, statements) : undefined
  const { all, get } = statements

  /**
   * A page of a list: the WHERE clauses, the count, keyset pagination, then `select` (the
   * columns) over the page's rows, one more than asked for to know whether a next page exists.
   */
  function page<T extends { id: string; sortValue: unknown }>(kind: Kind, query: ListQuery, select: string, join = '') {
    const params: Params = {}
    const clauses = compileFilters(kind, query, params)
    const total = get<{ n: number }>(`select count(*) as n from ${kind.tableName} e ${where(clauses)}`, params)?.n ?? 0

    const key = SORT_SQL[query.sort.key]
    const direction = query.sort.descending ? 'desc' : 'asc'
    const sortName = `${query.sort.descending ? '-' : ''}${query.sort.key}`
    const after = query.cursor ? decodeCursor(query.cursor, sortName) : undefined
    const bounded = [...clauses]
    if (after) {
      params.afterValue = after.value
      params.afterId = after.id
      bounded.push(`(${key}, e.id) ${query.sort.descending ? '<' : '>'} (@afterValue, @afterId)`)
    }
    params.limit = query.limit + 1
    const rows = all<T>(
      `select ${select}, ${SORT_COLUMN[query.sort.key]} as sortValue from ${kind.tableName} e ${join} ${where(bounded)} order by ${key} ${direction}, e.id ${direction} limit @limit`,
      params
    )
    const items = rows.slice(0, query.limit)
    const last = items.at(-1)
    const nextCursor = rows.length > query.limit && last ? encodeCursor({ sort: sortName, value: String(last.sortValue), id: last.id }) : null
    return { items, total, nextCursor }
  }

  // CROSS JOIN keeps the entity table first: the filters and the sort index bound the rows,
  // then each finds its rendering by primary key (not every rendering of the kind scanned).
  const storedPage = (kind: Kind, query: ListQuery) =>
    page<{ id: string; sortValue: unknown; body: string }>(kind, query, 'e.id, r.body', `cross join rendered_entities r on r.kind = '${kind.key}' and r.id = e.id`)

  return {
    list(kind: Kind, query: ListQuery, include: readonly string[] = []): ListResult {
      if (rendered?.current()) {
        const { items, total, nextCursor } = storedPage(kind, query)
        return { items: rendered.parse(kind, items.map((item) => item.body), include), total, nextCursor }
      }
      const { items, total, nextCursor } = page<Row & { sortValue: unknown }>(kind, query, selectList(kind))
      return { items: serialize(kind, items, include), total, nextCursor }
    },

    /** The stored renderings' content version, for documents derived from them; null when they are not current. */
    contentVersion(): number | null {
      return rendered?.current() ? rendered.contentVersion() : null
    },

    /** A public list page as JSON text, straight from the stored renderings; null when they cannot answer (editors, renderings not current). */
    listText(kind: Kind, query: ListQuery): ListText | null {
      if (!rendered?.current()) return null
      const { items, total, nextCursor } = storedPage(kind, query)
      return { data: `[${items.map((item) => item.body).join(',')}]`, total, nextCursor }
    },

    /** One public entity as JSON text from its stored rendering; undefined when the renderings cannot answer, null when it is not visible. */
    getText(kind: Kind, id: string): string | null | undefined {
      if (!rendered?.current()) return undefined
      return rendered.body(kind, id) ?? null
    },

    /** Every entity of `kind` the audience sees, linked to all the given relation ids, by name; for overviews and export. */
    linkedTo(kind: Kind, related: ListQuery['related']): EntityOut[] {
      const params: Params = {}
      const query: ListQuery = { limit: 0, sort: { key: 'name', descending: false }, fields: {}, related, includeSubtypes: false }
      const clauses = compileFilters(kind, query, params)
      return serialize(kind, all<Row>(`select ${selectList(kind)} from ${kind.tableName} e ${where(clauses)} order by ${SORT_SQL.name}, e.id`, params))
    },

    /**
     * Whether an id that is not there went away: retired (merged into `replacedBy`, "kind/id")
     * or deleted. Null when it never existed, or is only unpublished (a draft is not gone).
     */
    gone(kind: Kind, id: string): { replacedBy: string | null } | null {
      const retired = get<{ replacedBy: string | null }>('select replaced_by as replacedBy from retired_ids where kind = @kind and id = @id', { kind: kind.key, id })
      if (retired) return retired
      return get(`select 1 from ${kind.tableName} e where e.id = @id and e.deleted_at is not null`, { id }) ? { replacedBy: null } : null
    },

    /** One entity; editors see it whatever its status, deleted or not. */
    get(kind: Kind, id: string, include: readonly string[] = []): EntityOut | null {
      if (rendered?.current()) {
        const body = rendered.body(kind, id)
        return body === undefined ? null : (rendered.parse(kind, [body], include)[0] ?? null)
      }
      const params: Params = { id }
      const clauses = ['e.id = @id', ...rowScope(audience, { deleted: 'include' }, params)]
      const row = get<Row>(`select ${selectList(kind)} from ${kind.tableName} e ${where(clauses)}`, params)
      return row ? (serialize(kind, [row], include)[0] ?? null) : null
    }
  }
}

export type EntityRepository = ReturnType<typeof createEntityRepository>
