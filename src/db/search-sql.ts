/**
 * SQL of the full-text search index, derived from the kind descriptors.
 *
 * `search_index` (FTS5, porter stemming) holds one row per published, non-deleted
 * entity: its name, aliases, summary and the quotes that cite it, so that BM25 can weigh
 * names above body text. `search_trigram` (FTS5, trigram) holds names and aliases for the
 * typo-tolerant fallback. Triggers keep both in step with every write, in the writer's
 * transaction. drizzle has no builder for virtual tables: the migration
 * `0002_search.sql` was written from `searchMigrationSql()`, and a migration adding a kind
 * must add that kind's triggers the same way.
 */
import { getTableName } from 'drizzle-orm'
import { KIND_LIST, type Kind } from '../kinds/index.js'

/** The aliases, and the own citation quotes, of an entity; `kind` and `id` are SQL expressions. */
const aliasesOf = (kind: string, id: string) =>
  `(select coalesce(group_concat(alias, ' | '), '') from aliases where entity_kind = ${kind} and entity_id = ${id})`
const quotesOf = (kind: string, id: string) =>
  `(select coalesce(group_concat(quote, ' '), '') from citations where entity_kind = ${kind} and entity_id = ${id} and related_kind is null)`
const literal = (kind: Kind) => `'${kind.key}'`

const visible = (row: string) => `${row}.status = 'published' and ${row}.deleted_at is null`

/** Inserts the index rows of the `row` alias of the kind's table (`new`, or a table alias). */
function indexRows(kind: Kind, row: string, from: string): string[] {
  return [
    `insert into search_index (kind, entity_id, name, aliases, summary, quotes)
  select '${kind.key}', ${row}.id, ${row}.name, ${aliasesOf(literal(kind), `${row}.id`)}, ${row}.summary, ${quotesOf(literal(kind), `${row}.id`)}${from} where ${visible(row)}`,
    `insert into search_trigram (kind, entity_id, name, aliases)
  select '${kind.key}', ${row}.id, ${row}.name, ${aliasesOf(literal(kind), `${row}.id`)}${from} where ${visible(row)}`
  ]
}

const unindex = (kind: Kind, id: string) => [
  `delete from search_index where kind = '${kind.key}' and entity_id = ${id}`,
  `delete from search_trigram where kind = '${kind.key}' and entity_id = ${id}`
]

function kindTriggers(kind: Kind): string[] {
  const table = getTableName(kind.table)
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
    const match = `kind = ${row}.entity_kind and entity_id = ${row}.entity_id`
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
      `  update search_index set quotes = ${quotesOf(`${row}.entity_kind`, `${row}.entity_id`)} where ${row}.related_kind is null and kind = ${row}.entity_kind and entity_id = ${row}.entity_id;`
  )
  .join('\n')}
end`
  })
]

/** Passages: an external-content FTS5 table over `passages`, kept in step by the usual triggers. */
const passageStatements = [
  `create virtual table passages_fts using fts5(text, content = 'passages', content_rowid = 'id', tokenize = 'porter unicode61 remove_diacritics 2')`,
  `create trigger passages_fts_insert after insert on passages begin
  insert into passages_fts (rowid, text) values (new.id, new.text);
end`,
  `create trigger passages_fts_delete after delete on passages begin
  insert into passages_fts (passages_fts, rowid, text) values ('delete', old.id, old.text);
end`,
  `create trigger passages_fts_update after update on passages begin
  insert into passages_fts (passages_fts, rowid, text) values ('delete', old.id, old.text);
  insert into passages_fts (rowid, text) values (new.id, new.text);
end`,
  // Backfill the paragraphs of sections written before this migration.
  `insert into passages (section_id, position, text)
with recursive split(section_id, position, rest, paragraph) as (
  select id, -1, text || char(10) || char(10), null from source_sections
  union all
  select section_id, position + 1, substr(rest, instr(rest, char(10) || char(10)) + 2), substr(rest, 1, instr(rest, char(10) || char(10)) - 1)
  from split where rest <> ''
)
select section_id, position, paragraph from split where position >= 0 and paragraph <> ''`,
  `insert into passages_fts (passages_fts) values ('rebuild')`
]

/** Rebuilds both entity indexes from the content tables (the seed calls it). */
export function rebuildSearchSql(): string[] {
  return [
    'delete from search_index',
    'delete from search_trigram',
    ...KIND_LIST.flatMap((kind) => indexRows(kind, 'e', ` from ${getTableName(kind.table)} e`))
  ]
}

export function searchMigrationSql(): string[] {
  return [
    `create virtual table search_index using fts5(kind unindexed, entity_id unindexed, name, aliases, summary, quotes, tokenize = 'porter unicode61 remove_diacritics 2')`,
    `create virtual table search_trigram using fts5(kind unindexed, entity_id unindexed, name, aliases, tokenize = 'trigram')`,
    ...KIND_LIST.flatMap(kindTriggers),
    ...refreshTriggers,
    ...rebuildSearchSql().slice(2),
    ...passageStatements
  ]
}
