/**
 * Builds a release file: a compact SQLite copy of the database holding only what the public
 * may read. Generic on purpose: it copies the whole database (`VACUUM INTO`, a consistent
 * snapshot that never blocks the writer), then removes what is private by rule, not by
 * knowing each table:
 * - the rows of every private table (tables.ts);
 * - rows of any table with `status` and `deleted_at` that are not visible (entities,
 *   sources, and whatever later table keeps that convention);
 * - rows of any table that point by `<x>_kind`/`<x>_id` at an entity no longer there
 *   (citations, aliases, codes of drafts);
 * - rows whose foreign key now points at nothing (links to drafts, sections of a draft source);
 * then rebuilds the search indexes from what is left and `VACUUM`s, so that no freed page
 * keeps a deleted row. A table in neither list stops the build (UnclassifiedTablesError).
 *
 * Synchronous: it runs in a worker thread for a database file (worker.ts), and on the
 * calling thread only for an in-memory database (tests).
 */
import { createHash } from 'node:crypto'
import { closeSync, openSync, readSync, rmSync, statSync } from 'node:fs'
import Database from 'better-sqlite3'
import { storeOf } from '../db/connection.js'
import { rebuildSearchSql } from '../db/search-sql.js'
import { KIND_LIST } from '../kinds/index.js'
import { visibleSql } from '../kinds/visibility.js'
import { exportBundle } from '../repositories/export.js'
import { classifyTables } from './tables.js'

export class UnclassifiedTablesError extends Error {
  override name = 'UnclassifiedTablesError'
  constructor(readonly tables: string[]) {
    super(`refusing to build a release: table(s) ${tables.join(', ')} are neither public nor private; classify them in src/releases/tables.ts`)
  }
}

/** What the manifest says about a built file's content. */
export interface ReleaseContent {
  datasetVersion: string
  /** The newest migration the schema was built by (its journal timestamp): replicas run the same. */
  schema: number
  counts: Record<string, number>
}

export interface BuiltRelease extends ReleaseContent {
  sha256: string
  bytes: number
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`
const literal = (value: string) => `'${value.replaceAll("'", "''")}'`

const columnsOf = (db: Database.Database, table: string) => (db.pragma(`table_info(${quote(table)})`) as Array<{ name: string }>).map((c) => c.name)

/** Removes every row the public must not see; `tables` are the public, non-virtual ones. */
function removePrivateRows(db: Database.Database, privateTables: string[], publicTables: string[]): void {
  for (const table of privateTables) db.exec(`delete from ${quote(table)}`)
  for (const table of publicTables) {
    const columns = columnsOf(db, table)
    if (columns.includes('status') && columns.includes('deleted_at')) db.exec(`delete from ${quote(table)} as t where not (${visibleSql('t')})`)
  }
  const kindTables = new Map(KIND_LIST.map((kind) => [kind.key, kind.tableName]))
  for (const table of publicTables) {
    const columns = new Set(columnsOf(db, table))
    for (const column of columns) {
      const prefix = /^(.+)_kind$/.exec(column)?.[1]
      if (prefix === undefined || !columns.has(`${prefix}_id`)) continue
      // A kind nobody knows is no entity: its rows go too.
      const known = [...kindTables].map(([key, entityTable]) => `(${column} = ${literal(key)} and ${prefix}_id in (select id from ${quote(entityTable)}))`).join(' or ')
      db.exec(`delete from ${quote(table)} where ${column} is not null and not (${known})`)
    }
  }
  // Rows left pointing at a removed row (a link to a draft, a section of a draft source, its
  // passages): delete, and again, until nothing dangles.
  for (;;) {
    const dangling = db.pragma('foreign_key_check') as Array<{ table: string; rowid: number | null }>
    if (dangling.length === 0) break
    const remove = db.transaction(() => {
      for (const row of dangling) {
        if (row.rowid === null) throw new Error(`cannot remove a dangling row of ${row.table}: it has no rowid`)
        db.prepare(`delete from ${quote(row.table)} where rowid = ?`).run(row.rowid)
      }
    })
    remove()
  }
}

/** Rebuilds every full-text index from the rows left, and merges each into one segment. */
function rebuildSearch(db: Database.Database): void {
  db.exec('delete from search_keys')
  for (const statement of rebuildSearchSql()) db.exec(statement)
  const fts = db.prepare(`select name, sql from sqlite_master where type = 'table' and sql like 'CREATE VIRTUAL TABLE%fts5%'`).all() as Array<{ name: string; sql: string }>
  for (const { name, sql } of fts) {
    // An external-content index (passages_fts) is rebuilt from its content table.
    if (/content\s*=\s*'[^']+'/i.test(sql)) db.exec(`insert into ${quote(name)} (${quote(name)}) values ('rebuild')`)
    db.exec(`insert into ${quote(name)} (${quote(name)}) values ('optimize')`)
  }
}

function countsOf(db: Database.Database): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const kind of KIND_LIST) counts[kind.key] = db.prepare(`select count(*) from ${quote(kind.tableName)}`).pluck().get() as number
  for (const table of ['sources', 'passages', 'citations']) counts[table] = db.prepare(`select count(*) from ${quote(table)}`).pluck().get() as number
  return counts
}

/** SHA-256 of a file, read in chunks (a release is a few MB; never the whole file in one buffer). */
export function sha256OfFile(path: string): string {
  const hash = createHash('sha256')
  const buffer = Buffer.alloc(1 << 20)
  const fd = openSync(path, 'r')
  try {
    for (let read; (read = readSync(fd, buffer, 0, buffer.length, null)) > 0; ) hash.update(buffer.subarray(0, read))
  } finally {
    closeSync(fd)
  }
  return hash.digest('hex')
}

/**
 * Writes the release of `source` (an open connection, or the path of a database file) to
 * `target`, which must not exist. On any failure nothing is left at `target`.
 */
export function buildReleaseFile(source: Database.Database | string, target: string): BuiltRelease {
  const from = typeof source === 'string' ? new Database(source, { readonly: true, fileMustExist: true }) : source
  try {
    from.exec(`vacuum into ${literal(target)}`)
  } finally {
    if (typeof source === 'string') from.close()
  }
  const db = new Database(target)
  try {
    // A replica opens the file read-only: no WAL (it would need -shm beside it).
    db.pragma('journal_mode = DELETE')
    db.pragma('foreign_keys = OFF')
    db.pragma('secure_delete = ON')
    const classes = classifyTables(db)
    if (classes.unclassified.length > 0) throw new UnclassifiedTablesError(classes.unclassified)
    const own = (tables: string[]) => tables.filter((name) => classes.ordinary.has(name))
    db.transaction(() => {
      removePrivateRows(db, own(classes.private), own(classes.public))
      rebuildSearch(db)
    })()
    const problems = db.pragma('foreign_key_check') as unknown[]
    if (problems.length > 0) throw new Error(`the release has ${problems.length} dangling rows`)
    db.exec('vacuum')
    // The same hash `GET /v1/export` answers with: equal on the primary and every replica of this release.
    const datasetVersion = exportBundle(storeOf(db)).datasetVersion ?? ''
    const schema = Number(db.prepare('select max(created_at) from __drizzle_migrations').pluck().get() ?? 0)
    const content: ReleaseContent = { datasetVersion, schema, counts: countsOf(db) }
    db.close()
    return { ...content, sha256: sha256OfFile(target), bytes: statSync(target).size }
  } catch (error) {
    if (db.open) db.close()
    rmSync(target, { force: true })
    throw error
  }
}
