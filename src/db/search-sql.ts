/**
 * SQL of the full-text search index, derived from the kind descriptors.
 *
 * `search_index` (FTS5, porter stemming) holds one row per published, non-deleted
 * entity: its name, aliases, summary and the quotes that cite it, so that BM25 can weigh
 * names above body text. `search_trigram` (FTS5, trigram) holds names and aliases for the
 * typo-tolerant fallback. drizzle has no builder for virtual tables: the tables and the
 * passage index come from the migration `0002_search.sql`.
 *
 * The entity rows are kept in step once per transaction, not once per statement: the
 * write transaction re-indexes every entity its writes queued (`render_queue`, filled by
 * the read model's triggers) just before it commits (`reindexQueued`). Row-by-row triggers
 * re-indexed an entity for each of its aliases and citations, and FTS5 flushes its pending
 * terms whenever rows come out of rowid order, so a large import slowed down as it went
 * (issue 14). A write made outside a write transaction (raw SQL) reaches the index with the
 * next write transaction.
 */
import type Database from 'better-sqlite3'
import { KIND_LIST, KINDS, isKindKey, type Kind } from '../kinds/index.js'
import { memoize } from '../lib/memo.js'
import { groupBy } from '../lib/group-by.js'
import { visibleSql } from '../kinds/visibility.js'
import { syncTriggers } from './trigger-sync.js'

/** The aliases, and the own citation quotes, of an entity; `kind` and `id` are SQL expressions. */
const aliasesOf = (kind: string, id: string) =>
  `(select coalesce(group_concat(alias, ' | '), '') from aliases where entity_kind = ${kind} and entity_id = ${id})`
const quotesOf = (kind: string, id: string) =>
  `(select coalesce(group_concat(quote, ' '), '') from citations where entity_kind = ${kind} and entity_id = ${id} and related_kind is null)`
const literal = (kind: Kind) => `'${kind.key}'`

/** The index rowid of an entity (`search_keys`): FTS5 finds a row fast only by rowid. */
const keyOf = (kind: string, id: string) => `(select id from search_keys where kind = ${kind} and entity_id = ${id})`

/** Inserts the index rows of the kind's rows aliased `e` (`only`: a further condition on them). */
function indexRows(kind: Kind, only = ''): string[] {
  const key = keyOf(literal(kind), 'e.id')
  const from = ` from ${kind.tableName} e where ${visibleSql('e')}${only}`
  return [
    `insert or ignore into search_keys (kind, entity_id) select '${kind.key}', e.id${from}`,
    `insert into search_index (rowid, kind, entity_id, name, aliases, summary, quotes)
  select ${key}, '${kind.key}', e.id, e.name, ${aliasesOf(literal(kind), 'e.id')}, e.summary, ${quotesOf(literal(kind), 'e.id')}${from}`,
    `insert into search_trigram (rowid, kind, entity_id, name, aliases)
  select ${key}, '${kind.key}', e.id, e.name, ${aliasesOf(literal(kind), 'e.id')}${from}`
  ]
}

/** Rebuilds both entity indexes from the entity tables (an upgrade, a release). */
export function rebuildSearchSql(): string[] {
  return [
    'delete from search_index',
    'delete from search_trigram',
    ...KIND_LIST.flatMap((kind) => indexRows(kind))
  ]
}

const hasSearchIndex = (sqlite: Database.Database) => sqlite.prepare(`select 1 from sqlite_master where type = 'table' and name = 'search_index'`).get() !== undefined

/**
 * Re-indexing, prepared once per kind and connection: `unindex` removes one entity's rows
 * (FTS5 finds a row fast only by its rowid), `index` indexes again those of a list of ids
 * (`@ids`, a JSON array) that are visible, in one statement per table.
 */
const reindexers = new WeakMap<Database.Database, ReturnType<typeof prepareReindex>>()
function prepareReindex(sqlite: Database.Database) {
  return memoize((kind: Kind) => ({
    unindex: [`delete from search_index where rowid = ${keyOf(literal(kind), '@id')}`, `delete from search_trigram where rowid = ${keyOf(literal(kind), '@id')}`].map((statement) =>
      sqlite.prepare(statement)
    ),
    index: indexRows(kind, ' and e.id in (select value from json_each(@ids))').map((statement) => sqlite.prepare(statement))
  }))
}

/**
 * Re-indexes every entity the current transaction queued (`writeTransaction` calls it
 * before the queue is rendered and emptied). A database migrated only up to before the
 * read model has no queue: there the index was rebuilt by the migration that made it.
 */
export function reindexQueued(sqlite: Database.Database): void {
  if (!hasSearchIndex(sqlite) || !sqlite.prepare(`select 1 from sqlite_master where type = 'table' and name = 'render_queue'`).get()) return
  let statementsOf = reindexers.get(sqlite)
  if (!statementsOf) reindexers.set(sqlite, (statementsOf = prepareReindex(sqlite)))
  const queued = sqlite.prepare('select kind, id from render_queue').all() as Array<{ kind: string; id: string }>
  for (const [kind, rows] of groupBy(queued, (row) => row.kind)) {
    if (!isKindKey(kind)) continue
    const { unindex, index } = statementsOf(KINDS[kind])
    for (const { id } of rows) for (const statement of unindex) statement.run({ id })
    const ids = JSON.stringify(rows.map((row) => row.id))
    for (const statement of index) statement.run({ ids })
  }
}

/**
 * Drops the row-by-row search triggers earlier versions kept (see above) and rebuilds the
 * entity indexes when it did, so that an upgraded database starts exact. Cheap when there
 * is nothing to drop; runs in one transaction.
 */
export function syncSearchTriggers(sqlite: Database.Database): { changed: boolean } {
  // Before the migration that creates the index (an upgrade in steps), there is nothing to keep in step.
  if (!hasSearchIndex(sqlite)) return { changed: false }
  const rebuild = () => {
    for (const statement of rebuildSearchSql()) sqlite.exec(statement)
  }
  return { changed: syncTriggers(sqlite, new Map(), '%\\_search\\_%', rebuild) }
}
