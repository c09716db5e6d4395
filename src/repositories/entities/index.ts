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
import { visibleSql } from '../../kinds/visibility.js'
import { rowScope, where } from './scope.js'
import type { Fragment } from '../../lib/fragment.js'
import { createRenderedReader } from './rendering.js'
import { createSerializer, selectList, type Row } from './serialize.js'
import { createStatements, inList, type Params } from './statements.js'
import type { Audience, EntityOut, ListQuery, ListResult, SortKey } from './types.js'

export * from './types.js'

const SORT_SQL: Record<SortKey, string> = { name: 'e.name collate nocase', createdAt: 'e.created_at', updatedAt: 'e.updated_at' }
const SORT_COLUMN: Record<SortKey, string> = { name: 'e.name', createdAt: 'e.created_at', updatedAt: 'e.updated_at' }

/** A list page from the stored renderings: each entity's, in page order. */
export interface StoredPage {
  fragments: Fragment[]
  total: number
  nextCursor: string | null
}

const parseEntity = (text: string) => JSON.parse(text) as EntityOut

type RenderedReader = NonNullable<ReturnType<typeof createRenderedReader>>

export function createEntityRepository(sqlite: Database.Database, audience: Audience = 'public') {
  const statements = createStatements(sqlite)
  const hierarchy = createHierarchy(statements, audience)
  const compileFilters = createFilterCompiler(statements, hierarchy, audience)
  const serialize = createSerializer(statements, hierarchy, audience)
  // The public reads the stored renderings (issue 15); editors see drafts, which are never rendered.
  const rendered = audience === 'public' ? createRenderedReader(sqlite, statements) : undefined
  const { all, get } = statements

  /**
   * A list query as SQL: its WHERE clauses (`clauses`, for the count), the same bounded by
   * the cursor (`bounded`, for the page), the ORDER BY, and their parameters, with `limit`
   * one more than asked for (to know whether a next page exists).
   */
  function keyset(kind: Kind, query: ListQuery) {
    const params: Params = {}
    const clauses = compileFilters(kind, query, params)
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
    const cursorAfter = (last: { id: string; sortValue: unknown } | undefined, more: boolean) =>
      more && last ? encodeCursor({ sort: sortName, value: String(last.sortValue), id: last.id }) : null
    return { params, clauses, bounded, orderBy: `order by ${key} ${direction}, e.id ${direction}`, sortColumn: SORT_COLUMN[query.sort.key], cursorAfter }
  }

  /** A page rendered afresh by the serializer: editors, and the public while renderings are not current. */
  function freshPage(kind: Kind, query: ListQuery, include: readonly string[]): ListResult {
    const { params, clauses, bounded, orderBy, sortColumn, cursorAfter } = keyset(kind, query)
    const total = get<{ n: number }>(`select count(*) as n from ${kind.tableName} e ${where(clauses)}`, params)?.n ?? 0
    const rows = all<Row & { sortValue: unknown }>(`select ${selectList(kind)}, ${sortColumn} as sortValue from ${kind.tableName} e ${where(bounded)} ${orderBy} limit @limit`, params)
    const items = rows.slice(0, query.limit)
    return { items: serialize(kind, items, include), total, nextCursor: cursorAfter(items.at(-1), rows.length > query.limit) }
  }

  /**
   * A page from the stored renderings: whether they are current, their content version and
   * the count in one statement (each statement costs a read transaction, whose locking
   * system calls cost more than these queries on a loaded machine), then the page's ids,
   * found and sorted by the filters and the sort index; their renderings come from the
   * reader's memory. Null when renderings are not current.
   */
  function pageFromRenderings(reader: RenderedReader, kind: Kind, query: ListQuery): StoredPage | null {
    const { params, clauses, bounded, orderBy, sortColumn, cursorAfter } = keyset(kind, query)
    // The count takes the filters only (better-sqlite3 refuses parameters a statement does not name).
    const { limit: _limit, afterValue: _afterValue, afterId: _afterId, ...countParams } = params
    const head = reader.withVersion<{ total: number }>(`(select count(*) from ${kind.tableName} e ${where(clauses)}) as total`, countParams)
    if (!head) return null
    // The ids carry the content version they were read at: a commit between the two
    // statements must not pair new ids with renderings kept for the version before it.
    const rows = all<{ id: string; sortValue: unknown; version: number | null }>(
      `select e.id, ${sortColumn} as sortValue, ${reader.versionColumn} from ${kind.tableName} e ${where(bounded)} ${orderBy} limit @limit`,
      params
    )
    const items = rows.slice(0, query.limit)
    return {
      fragments: reader.fragments(kind, items.map((item) => item.id), items[0]?.version ?? head.version),
      total: head.total,
      nextCursor: cursorAfter(items.at(-1), rows.length > query.limit)
    }
  }

  return {
    list(kind: Kind, query: ListQuery, include: readonly string[] = []): ListResult {
      const stored = rendered ? pageFromRenderings(rendered, kind, query) : null
      if (!stored || !rendered) return freshPage(kind, query, include)
      const entities = stored.fragments.map((fragment) => parseEntity(fragment.bytes.toString()))
      return { items: rendered.embed(kind, entities, include), total: stored.total, nextCursor: stored.nextCursor }
    },

    /** The stored renderings' content version, for documents derived from them; null when they are not current. */
    contentVersion(): number | null {
      return rendered ? rendered.contentVersion() : null
    },

    /** A public list page straight from the stored renderings; null when they cannot answer (editors, renderings not current). */
    storedPage(kind: Kind, query: ListQuery): StoredPage | null {
      return rendered ? pageFromRenderings(rendered, kind, query) : null
    },

    /** One public entity's stored rendering; undefined when the renderings cannot answer, null when it is not visible. */
    storedItem(kind: Kind, id: string): Fragment | null | undefined {
      return rendered?.fragment(kind, id)
    },

    /** Every entity of `kind` the audience sees, linked to all the given relation ids, by name; for overviews and export. */
    linkedTo(kind: Kind, related: ListQuery['related']): EntityOut[] {
      const params: Params = {}
      const query: ListQuery = { limit: 0, sort: { key: 'name', descending: false }, fields: {}, related, includeSubtypes: false }
      const clauses = compileFilters(kind, query, params)
      const orderBy = `order by ${SORT_SQL.name}, e.id`
      // From the stored renderings when they are current: the export (and with it the meta's
      // dataset version) and the answer index read every entity this way, and serializing
      // 10,500 of them afresh took 4 s of the first search at 100x the seed (issue 15).
      if (rendered && rendered.contentVersion() !== null) {
        return all<{ body: string; position: number }>(
          `select r.body, p.position from (select e.id, row_number() over (${orderBy}) as position from ${kind.tableName} e ${where(clauses)}) p
           cross join rendered_entities r on r.kind = '${kind.key}' and r.id = p.id`,
          params
        )
          .sort((a, b) => a.position - b.position)
          .map((row) => parseEntity(row.body))
      }
      return serialize(kind, all<Row>(`select ${selectList(kind)} from ${kind.tableName} e ${where(clauses)} ${orderBy}`, params))
    },

    /**
     * Every visible entity of `kind` as its stored bare rendering (JSON text: the entity
     * without its relations), by name; null when the renderings are not current. The answer
     * index reads all 10,500 entities of the 100x bench this way: the bare text is a quarter
     * of the full one to parse.
     */
    storedBare(kind: Kind): string[] | null {
      if (!rendered || rendered.contentVersion() === null) return null
      return all<{ bare: string }>(
        `select r.bare from ${kind.tableName} e join rendered_entities r on r.kind = '${kind.key}' and r.id = e.id where ${visibleSql('e')} order by ${SORT_SQL.name}, e.id`
      ).map((row) => row.bare)
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

    /** Entities by id in one pass, in no particular order (an import records hundreds); editors see them whatever their status. */
    getMany(kind: Kind, ids: string[]): EntityOut[] {
      const params: Params = { ids: JSON.stringify(ids) }
      const clauses = [`e.id in ${inList('ids')}`, ...rowScope(audience, { deleted: 'include' }, params)]
      return serialize(kind, all<Row>(`select ${selectList(kind)} from ${kind.tableName} e ${where(clauses)}`, params))
    },

    /** One entity; editors see it whatever its status, deleted or not. */
    get(kind: Kind, id: string, include: readonly string[] = []): EntityOut | null {
      const fragment = rendered?.fragment(kind, id)
      if (fragment === null) return null
      if (fragment !== undefined && rendered) return rendered.embed(kind, [parseEntity(fragment.bytes.toString())], include)[0] ?? null
      const params: Params = { id }
      const clauses = ['e.id = @id', ...rowScope(audience, { deleted: 'include' }, params)]
      const row = get<Row>(`select ${selectList(kind)} from ${kind.tableName} e ${where(clauses)}`, params)
      return row ? (serialize(kind, [row], include)[0] ?? null) : null
    }
  }
}

export type EntityRepository = ReturnType<typeof createEntityRepository>
