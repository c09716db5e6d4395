/**
 * Dirty-marking for the read model (issue 15): triggers, generated from the kind
 * descriptors and from the database's own tables, put every entity whose public rendering
 * a write may change into `render_queue`, inside the writer's transaction. The write
 * transaction renders the queue before it commits (`writeTransaction`), so a write of any
 * kind re-renders what it touched without knowing about the read model.
 *
 * What a rendering reads, and so what marks it:
 * - its own row; when its name or visibility changes, every entity linked to it (their
 *   refs show its name and only visible entities) and, for a hierarchy, its parent and
 *   direct variants (they show it as `subtypes` / `parent`), before and after the change;
 * - its aliases, its citations and those of its links (both ends), the sections they cite;
 * - every link table (both ends);
 * - any other table with `entity_kind` and `entity_id` columns (codes, reviews, whatever a
 *   later change adds), except the history tables listed below: a table added by a
 *   migration is picked up on the next start (`migrateStore`), no code needed.
 */
import type Database from 'better-sqlite3'
import { KIND_LIST, type Kind } from '../kinds/index.js'
import { syncTriggers } from './trigger-sync.js'

/** Tables that carry entity_kind/entity_id but never change what the public sees. */
const NOT_RENDERED = new Set(['revisions', 'audit_log', 'render_queue', 'rendered_entities'])
/** Tables keyed by entity_kind/entity_id that have triggers of their own below. */
const OWN_TRIGGERS = new Set(['citations', 'aliases', 'related_members'])

// An upsert, not `insert or ignore`: a trigger's OR clause gives way to the firing
// statement's (an upsert on a link table made it fail on a repeated mark).
const mark = (kind: string, id: string) => `insert into render_queue (kind, id) values (${kind}, ${id}) on conflict do nothing`
/** `select` must end in a WHERE clause (an upsert after a bare FROM would parse as a join). */
const markSelect = (kind: string, select: string) => `insert into render_queue (kind, id) select ${kind}, ${select} on conflict do nothing`
const body = (statements: string[]) => statements.map((statement) => `  ${statement};`).join('\n')
const trigger = (name: string, head: string, statements: string[]) => `create trigger ${name} ${head} begin\n${body(statements)}\nend`

/** The members of the related groups `member` belongs to (itself included); `kind` and `id` are SQL expressions. */
const groupMembers = (kind: string, id: string) =>
  markSelect('other.entity_kind', `other.entity_id from related_members as self join related_members as other on other.group_id = self.group_id where self.entity_kind = ${kind} and self.entity_id = ${id}`)

/** Everything that shows entity `id` (an SQL expression) of `kind` by name: linked entities, related ones, parent, variants. */
function neighbours(kind: Kind, row: 'old' | 'new'): string[] {
  const statements = kind.relations.map((relation) => markSelect(`'${relation.target}'`, `${relation.otherColumn} from ${relation.tableName} where ${relation.selfColumn} = ${row}.id`))
  statements.push(groupMembers(`'${kind.key}'`, `${row}.id`))
  if (kind.hierarchy) {
    const parent = kind.hierarchy.parentColumn
    statements.push(markSelect(`'${kind.key}'`, `${row}.${parent} where ${row}.${parent} is not null`))
    statements.push(markSelect(`'${kind.key}'`, `id from ${kind.tableName} where ${parent} = ${row}.id`))
  }
  return statements
}

function kindTriggers(kind: Kind): string[] {
  const table = kind.tableName
  const self = (row: 'old' | 'new') => mark(`'${kind.key}'`, `${row}.id`)
  const shown = ['name', 'status', 'deleted_at', ...(kind.hierarchy ? [kind.hierarchy.parentColumn] : [])]
  const changed = shown.map((column) => `old.${column} is not new.${column}`).join(' or ')
  return [
    trigger(`render_${table}_insert`, `after insert on ${table}`, [self('new'), ...neighbours(kind, 'new')]),
    trigger(`render_${table}_update`, `after update on ${table}`, [self('new')]),
    trigger(`render_${table}_shown`, `after update of ${shown.join(', ')} on ${table} when ${changed}`, [...neighbours(kind, 'old'), ...neighbours(kind, 'new')]),
    trigger(`render_${table}_delete`, `after delete on ${table}`, [self('old'), ...neighbours(kind, 'old')])
  ]
}

/** Insert, update and delete triggers on `table` running `statements(row)` for the rows involved. */
function rowTriggers(table: string, statements: (row: 'old' | 'new') => string[]): string[] {
  return [
    trigger(`render_${table}_insert`, `after insert on ${table}`, statements('new')),
    trigger(`render_${table}_update`, `after update on ${table}`, [...statements('old'), ...statements('new')]),
    trigger(`render_${table}_delete`, `after delete on ${table}`, statements('old'))
  ]
}

function linkTriggers(): string[] {
  return KIND_LIST.flatMap((kind) =>
    kind.relations
      .filter((relation) => relation.owned)
      .flatMap((relation) =>
        rowTriggers(relation.tableName, (row) => [mark(`'${kind.key}'`, `${row}.${relation.selfColumn}`), mark(`'${relation.target}'`, `${row}.${relation.otherColumn}`)])
      )
  )
}

const citationTriggers = () =>
  rowTriggers('citations', (row) => [mark(`${row}.entity_kind`, `${row}.entity_id`), markSelect(`${row}.related_kind`, `${row}.related_id where ${row}.related_kind is not null`)])

/** A group's note and quotes show on every member, and every member shows the others. */
const relatedTriggers = () => [
  ...rowTriggers('related_groups', (row) => [markSelect('entity_kind', `entity_id from related_members where group_id = ${row}.id`)]),
  ...rowTriggers('related_members', (row) => [mark(`${row}.entity_kind`, `${row}.entity_id`), markSelect('entity_kind', `entity_id from related_members where group_id = ${row}.group_id`)])
]

const sectionTriggers = () => [
  trigger('render_source_sections_update', 'after update on source_sections', [
    markSelect('entity_kind', 'entity_id from citations where section_id = new.id'),
    markSelect('related_kind', 'related_id from citations where section_id = new.id and related_kind is not null')
  ])
]

/** Tables keyed by (entity_kind, entity_id) that no rule above covers. */
function entityKeyedTables(sqlite: Database.Database): string[] {
  const tables = sqlite.prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite\\_%' escape '\\'`).pluck().all() as string[]
  return tables.filter((table) => {
    if (NOT_RENDERED.has(table) || OWN_TRIGGERS.has(table)) return false
    const columns = new Set((sqlite.prepare(`select name from pragma_table_info(?)`).pluck().all(table) as string[]))
    return columns.has('entity_kind') && columns.has('entity_id')
  })
}

/** Every trigger that marks renderings out of date, by name. */
export function renderTriggers(sqlite: Database.Database): Map<string, string> {
  const statements = [
    ...KIND_LIST.flatMap(kindTriggers),
    ...linkTriggers(),
    ...rowTriggers('aliases', (row) => [mark(`${row}.entity_kind`, `${row}.entity_id`)]),
    ...citationTriggers(),
    ...sectionTriggers(),
    ...relatedTriggers(),
    ...entityKeyedTables(sqlite).flatMap((table) => rowTriggers(table, (row) => [mark(`${row}.entity_kind`, `${row}.entity_id`)]))
  ]
  return new Map(statements.map((statement) => [/^create trigger (\S+)/.exec(statement)?.[1] as string, statement]))
}

/**
 * Makes the database's render triggers exactly those wanted: missing or changed ones are
 * (re)created, stale ones dropped. Returns whether anything changed (the caller then
 * renders everything again: writes made without a trigger may have been missed).
 */
export function syncRenderTriggers(sqlite: Database.Database): { changed: boolean } {
  if (!sqlite.prepare(`select 1 from sqlite_master where type = 'table' and name = 'render_queue'`).get()) return { changed: false }
  return { changed: syncTriggers(sqlite, renderTriggers(sqlite), 'render\\_%') }
}
