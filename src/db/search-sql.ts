/**
 * SQL of the full-text search index, derived from the kind descriptors.
 *
 * `search_index` (FTS5, porter stemming) holds one row per published, non-deleted
 * entity: its name, aliases, summary and the quotes that cite it, so that BM25 can weigh
 * names above body text. `search_trigram` (FTS5, trigram) holds names and aliases for the
 * typo-tolerant fallback. Triggers keep both in step with every write, in the writer's
 * transaction. drizzle has no builder for virtual tables: the tables and the passage
 * index come from the migration `0002_search.sql`, while the entity triggers are
 * generated from the kind descriptors and brought up to date on every start
 * (`syncSearchTriggers`), so that a new kind's writes reach search without hand-written SQL.
 */
import type Database from 'better-sqlite3'
import { KIND_LIST, type Kind } from '../kinds/index.js'
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

/** Inserts the index rows of the `row` alias of the kind's table (`new`, or a table alias). */
function indexRows(kind: Kind, row: string, from: string): string[] {
  const key = keyOf(literal(kind), `${row}.id`)
  return [
    `insert or ignore into search_keys (kind, entity_id) select '${kind.key}', ${row}.id${from} where ${visibleSql(row)}`,
    `insert into search_index (rowid, kind, entity_id, name, aliases, summary, quotes)
  select ${key}, '${kind.key}', ${row}.id, ${row}.name, ${aliasesOf(literal(kind), `${row}.id`)}, ${row}.summary, ${quotesOf(literal(kind), `${row}.id`)}${from} where ${visibleSql(row)}`,
    `insert into search_trigram (rowid, kind, entity_id, name, aliases)
  select ${key}, '${kind.key}', ${row}.id, ${row}.name, ${aliasesOf(literal(kind), `${row}.id`)}${from} where ${visibleSql(row)}`
  ]
}

const unindex = (kind: Kind, id: string) => [
  `delete from search_index where rowid = ${keyOf(literal(kind), id)}`,
  `delete from search_trigram where rowid = ${keyOf(literal(kind), id)}`
]

function kindTriggers(kind: Kind): string[] {
  const table = kind.tableName
  const body = (statements: string[]) => statements.map((statement) => `  ${statement};`).join('\n')
  return [
    `create trigger ${table}_search_insert after insert on ${table} begin\n${body(indexRows(kind, 'new', ''))}\nend`,
    `create trigger ${table}_search_update after update on ${table} begin\n${body([...unindex(kind, 'old.id'), ...indexRows(kind, 'new', '')])}\nend`,
    `create trigger ${table}_search_delete after delete on ${table} begin\n${body(unindex(kind, 'old.id'))}\nend`
  ]
}

/** Aliases and an entity's own citations change its index row in place. */
const refreshTriggers = [
  ...['insert', 'delete'].map((event) => {
    const row = event === 'insert' ? 'new' : 'old'
    const match = `rowid = ${keyOf(`${row}.entity_kind`, `${row}.entity_id`)}`
    const aliases = aliasesOf(`${row}.entity_kind`, `${row}.entity_id`)
    return `create trigger aliases_search_${event} after ${event} on aliases begin
  update search_index set aliases = ${aliases} where ${match};
  update search_trigram set aliases = ${aliases} where ${match};
end`
  }),
  ...['insert', 'update', 'delete'].map((event) => {
    const rows = event === 'insert' ? ['new'] : event === 'delete' ? ['old'] : ['old', 'new']
    return `create trigger citations_search_${event} after ${event} on citations begin
${rows
  .map(
    (row) =>
      `  update search_index set quotes = ${quotesOf(`${row}.entity_kind`, `${row}.entity_id`)} where ${row}.related_kind is null and rowid = ${keyOf(`${row}.entity_kind`, `${row}.entity_id`)};`
  )
  .join('\n')}
end`
  })
]

/** Rebuilds both entity indexes from the entity tables (the seed calls it). */
export function rebuildSearchSql(): string[] {
  return [
    'delete from search_index',
    'delete from search_trigram',
    ...KIND_LIST.flatMap((kind) => indexRows(kind, 'e', ` from ${kind.tableName} e`))
  ]
}

/** Every trigger that keeps the entity indexes in step, by name. */
export function searchTriggers(): Map<string, string> {
  const statements = [...KIND_LIST.flatMap(kindTriggers), ...refreshTriggers]
  return new Map(statements.map((statement) => [/^create trigger (\S+)/.exec(statement)?.[1] as string, statement]))
}

/**
 * Makes the database's search triggers exactly those the descriptors generate: missing or
 * changed ones are (re)created, stale ones dropped, and the entity indexes rebuilt when
 * anything changed. Idempotent and cheap when nothing changed; runs in one transaction.
 */
export function syncSearchTriggers(sqlite: Database.Database): { changed: boolean } {
  // Before the migration that creates the index (an upgrade in steps), there is nothing to keep in step.
  if (!sqlite.prepare(`select 1 from sqlite_master where type = 'table' and name = 'search_index'`).get()) return { changed: false }
  const rebuild = () => {
    for (const statement of rebuildSearchSql()) sqlite.exec(statement)
  }
  return { changed: syncTriggers(sqlite, searchTriggers(), '%\\_search\\_%', rebuild) }
}
