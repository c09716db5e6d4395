/**
 * Read queries over the content kinds, one mechanism for all of them. Lists use keyset
 * pagination and compile filters into index-backed subqueries; related entities,
 * aliases and citations of a page are loaded in one batched query each (no N+1).
 * The public audience sees published, non-deleted rows only; editors see drafts too,
 * and deleted rows when they ask for them.
 */
import { and, asc, count, desc, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm'
import type { AnySQLiteColumn } from 'drizzle-orm/sqlite-core'
import type { Db } from '../db/connection.js'
import * as s from '../db/schema.js'
import { KINDS, type ContentTable, type Kind, type KindKey, type Relation } from '../kinds/index.js'
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

const published = (table: ContentTable): SQL => and(eq(table.status, 'published'), isNull(table.deletedAt)) as SQL
const anything = (): SQL => sql`1 = 1`

const sortExpression = (table: ContentTable, key: SortKey): SQL =>
  key === 'name' ? sql`${table.name} collate nocase` : sql`${table[key]}`

/** `like` with the user's text taken literally: %, _ and \ are escaped. */
const contains = (column: AnySQLiteColumn | SQL, text: string): SQL =>
  sql`${column} like ${`%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`} escape '\\'`

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

export function createContentRepository(db: Db, audience: Audience = 'public') {
  /**
   * What a related entity, a filter value or an embedded entity must be to be seen.
   * Editors see every link, to drafts and deleted entities too: a revision snapshot
   * must hold all of them, or restoring it would drop some.
   */
  const visible = audience === 'public' ? published : anything
  const visibleAs = (alias: string) => sql.raw(audience === 'public' ? `${alias}.status = 'published' and ${alias}.deleted_at is null` : '1 = 1')

  /** Which rows a list or get shows: for editors, the statuses and deletion state asked for. */
  function rowScope(table: ContentTable, query: Pick<ListQuery, 'status' | 'deleted'>): SQL | undefined {
    if (audience === 'public') return published(table)
    const deleted = query.deleted ?? 'exclude'
    return and(
      query.status?.length ? inArray(table.status, query.status) : undefined,
      deleted === 'exclude' ? isNull(table.deletedAt) : deleted === 'only' ? sql`${table.deletedAt} is not null` : undefined
    )
  }

  /** The ids among `ids` that are visible in `kind`; a filter naming any other is a client error. */
  function requireVisible(kind: Kind, ids: string[], parameter: string): void {
    const found = new Set(
      db
        .select({ id: kind.table.id })
        .from(kind.table)
        .where(and(inArray(kind.table.id, ids), visible(kind.table)))
        .all()
        .map((row) => row.id as string)
    )
    const missing = ids.filter((id) => !found.has(id))
    if (missing.length > 0) throw invalidParam('query', parameter, `names unknown ${kind.key} id(s): ${missing.join(', ')}`, 'unknown-filter-value')
  }

  /** The given types and all their visible descendants. */
  function withSubtypes(ids: string[]): string[] {
    const rows = db.all<{ id: string }>(sql`
      with recursive tree(id) as (
        select ${s.types.id} from ${s.types} where ${inArray(s.types.id, ids)}
        union
        select child.id from types child join tree on child.parent_id = tree.id
        where ${visibleAs('child')}
      )
      select id from tree`)
    return rows.map((row) => row.id)
  }

  function filterConditions(kind: Kind, query: ListQuery): SQL[] {
    const table = kind.table
    const conditions: SQL[] = []
    const scope = rowScope(table, query)
    if (scope) conditions.push(scope)
    for (const field of kind.enums) {
      const values = query.enums[field.name]
      if (values?.length) conditions.push(inArray(field.column, values))
    }
    for (const relation of kind.relations) {
      const ids = query.related[relation.name]
      if (!ids?.length) continue
      requireVisible(KINDS[relation.target], ids, relation.filter)
      const matched = relation.target === 'types' && query.includeSubtypes ? withSubtypes(ids) : ids
      conditions.push(
        inArray(table.id, db.select({ id: relation.selfColumn }).from(relation.table).where(inArray(relation.otherColumn, matched)))
      )
    }
    if (kind.hierarchical && query.parent?.length) {
      requireVisible(kind, query.parent, 'parent')
      conditions.push(inArray(s.types.parentId, query.parent))
    }
    if (query.q) {
      const aliasMatch = db
        .select({ id: s.aliases.entityId })
        .from(s.aliases)
        .where(and(eq(s.aliases.entityKind, kind.key), contains(s.aliases.alias, query.q)))
      conditions.push(or(contains(table.name, query.q), inArray(table.id, aliasMatch)) as SQL)
    }
    return conditions
  }

  /** The entities' own citations (not those of their links). */
  function citationsOf(kind: KindKey, ids: string[]) {
    return db
      .select({
        entityId: s.citations.entityId,
        id: s.citations.id,
        source: s.sourceSections.sourceId,
        section: s.sourceSections.slug,
        heading: s.sourceSections.heading,
        quote: s.citations.quote
      })
      .from(s.citations)
      .innerJoin(s.sourceSections, eq(s.sourceSections.id, s.citations.sectionId))
      .where(and(eq(s.citations.entityKind, kind), inArray(s.citations.entityId, ids), isNull(s.citations.relatedKind)))
      .orderBy(asc(s.citations.id))
      .all()
  }

  /** Citations of the links between `kind`'s `ids` and `relation`'s side, keyed `selfId/otherId`. */
  function linkCitations(kind: Kind, relation: Relation, ids: string[]): Map<string, CitationOut[]> {
    const [ownerKind, otherKind] = relation.owned ? [kind.key, relation.target] : [relation.target, kind.key]
    const selfColumn = relation.owned ? s.citations.entityId : s.citations.relatedId
    const rows = db
      .select({
        entityId: s.citations.entityId,
        relatedId: s.citations.relatedId,
        id: s.citations.id,
        source: s.sourceSections.sourceId,
        section: s.sourceSections.slug,
        heading: s.sourceSections.heading,
        quote: s.citations.quote
      })
      .from(s.citations)
      .innerJoin(s.sourceSections, eq(s.sourceSections.id, s.citations.sectionId))
      .where(and(eq(s.citations.entityKind, ownerKind), eq(s.citations.relatedKind, otherKind), inArray(selfColumn, ids)))
      .orderBy(asc(s.citations.id))
      .all()
    const out = new Map<string, CitationOut[]>()
    for (const { entityId, relatedId, ...citation } of rows) {
      const key = relation.owned ? `${entityId}/${relatedId}` : `${relatedId}/${entityId}`
      const list = out.get(key) ?? []
      list.push(citation)
      out.set(key, list)
    }
    return out
  }

  function relatedRefs(kind: Kind, relation: Relation, ids: string[]): Map<string, Ref[]> {
    const target = KINDS[relation.target].table
    const rows = db
      .select({ selfId: relation.selfColumn, id: target.id, name: target.name, note: relation.table.note })
      .from(relation.table)
      .innerJoin(target, eq(target.id, relation.otherColumn))
      .where(and(inArray(relation.selfColumn, ids), visible(target)))
      .orderBy(sql`${target.name} collate nocase`, asc(target.id))
      .all() as Array<{ selfId: string; id: string; name: string; note: string | null }>
    const evidence = linkCitations(kind, relation, ids)
    return groupBy(
      rows.map((row) => ({ ...row, citations: evidence.get(`${row.selfId}/${row.id}`) ?? [] })),
      (row) => row.selfId
    ) as Map<string, Array<Ref & { selfId: string }>>
  }

  /** Parent and subtypes of the given types, as refs. */
  function hierarchy(ids: string[]) {
    const parents = db
      .select({ childId: s.types.id, id: sql<string>`parent.id`, name: sql<string>`parent.name` })
      .from(s.types)
      .innerJoin(sql`types parent`, sql`parent.id = ${s.types.parentId} and ${visibleAs('parent')}`)
      .where(inArray(s.types.id, ids))
      .all()
    const children = db
      .select({ parentId: s.types.parentId, id: s.types.id, name: s.types.name })
      .from(s.types)
      .where(and(inArray(s.types.parentId, ids), visible(s.types)))
      .orderBy(sql`${s.types.name} collate nocase`, asc(s.types.id))
      .all()
    return {
      parent: new Map(parents.map((row) => [row.childId, { id: row.id, name: row.name }])),
      subtypes: groupBy(children, (row) => row.parentId as string)
    }
  }

  /** Turns rows of `kind` into response entities: aliases, citations, relations; `include` embeds one level. */
  function hydrate(kind: Kind, rows: Row[], include: readonly string[] = [], withRelations = true): EntityOut[] {
    if (rows.length === 0) return []
    const ids = rows.map((row) => row.id)
    const aliases = groupBy(
      db
        .select({ id: s.aliases.entityId, alias: s.aliases.alias })
        .from(s.aliases)
        .where(and(eq(s.aliases.entityKind, kind.key), inArray(s.aliases.entityId, ids)))
        .orderBy(asc(s.aliases.alias))
        .all(),
      (row) => row.id
    )
    const citations = groupBy(citationsOf(kind.key, ids), (row) => row.entityId)
    const relations = withRelations ? kind.relations.map((relation) => [relation, relatedRefs(kind, relation, ids)] as const) : []
    const tree = withRelations && kind.hierarchical ? hierarchy(ids) : undefined

    const embedded = new Map<string, Map<string, EntityOut>>()
    for (const [relation, refs] of relations) {
      if (!include.includes(relation.name)) continue
      const targetIds = [...new Set([...refs.values()].flat().map((ref) => ref.id))]
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
        entity.characteristics = row.characteristics
        if (tree) entity.parent = tree.parent.get(row.id) ?? null
      }
      entity.citations = (citations.get(row.id) ?? []).map(({ id, source, section, heading, quote }) => ({ id, source, section, heading, quote }))
      for (const [relation, refs] of relations) {
        const embeds = embedded.get(relation.name)
        entity[relation.name] = (refs.get(row.id) ?? []).map(({ id, name, note, citations: evidence }) => ({
          id,
          name,
          note,
          citations: evidence,
          ...(embeds ? { entity: embeds.get(id) } : {})
        }))
      }
      if (tree) entity.subtypes = (tree.subtypes.get(row.id) ?? []).map(({ id, name }) => ({ id, name }))
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

  /** Visible entities by id, without their relations (used for one-level embedding). */
  function getMany(kind: Kind, ids: string[]): EntityOut[] {
    if (ids.length === 0) return []
    const rows = db.select().from(kind.table).where(and(inArray(kind.table.id, ids), visible(kind.table))).all() as Row[]
    return hydrate(kind, rows, [], false)
  }

  return {
    list(kind: Kind, query: ListQuery, include: readonly string[] = []): ListResult {
      const table = kind.table
      const where = and(...filterConditions(kind, query))
      const total = db.select({ n: count() }).from(table).where(where).get()?.n ?? 0

      const key = sortExpression(table, query.sort.key)
      const order = query.sort.descending ? [desc(key), desc(table.id)] : [asc(key), asc(table.id)]
      const sortName = `${query.sort.descending ? '-' : ''}${query.sort.key}`
      const after = query.cursor ? decodeCursor(query.cursor, sortName) : undefined
      const keyset = after
        ? query.sort.descending
          ? sql`(${key}, ${table.id}) < (${after.value}, ${after.id})`
          : sql`(${key}, ${table.id}) > (${after.value}, ${after.id})`
        : undefined

      const rows = db
        .select()
        .from(table)
        .where(and(where, keyset))
        .orderBy(...order)
        .limit(query.limit + 1)
        .all() as Row[]
      const page = rows.slice(0, query.limit)
      const last = page.at(-1)
      const nextCursor =
        rows.length > query.limit && last ? encodeCursor({ sort: sortName, value: String(last[query.sort.key]), id: last.id }) : null
      return { items: hydrate(kind, page, include), total, nextCursor }
    },

    /** Every visible entity of `kind` linked to all the given relation ids, by name; for overviews. */
    linkedTo(kind: Kind, related: ListQuery['related']): EntityOut[] {
      const query: ListQuery = { limit: 0, sort: { key: 'name', descending: false }, enums: {}, related, includeSubtypes: false }
      const rows = db
        .select()
        .from(kind.table)
        .where(and(...filterConditions(kind, query)))
        .orderBy(asc(sortExpression(kind.table, 'name')), asc(kind.table.id))
        .all() as Row[]
      return hydrate(kind, rows)
    },

    /** One entity; editors see it whatever its status, deleted or not. */
    get(kind: Kind, id: string, include: readonly string[] = []): EntityOut | null {
      const row = db.select().from(kind.table).where(and(eq(kind.table.id, id), rowScope(kind.table, { deleted: 'include' }))).get() as Row | undefined
      return row ? (hydrate(kind, [row], include)[0] ?? null) : null
    }
  }
}

export type ContentRepository = ReturnType<typeof createContentRepository>
