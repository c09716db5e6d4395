import { closeSync, lstatSync, mkdirSync, openSync, readSync, statfsSync, statSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import { migrationsFolder } from '../paths.js'
// The one import upward from db/: every write must render what it changed before it commits (issue 15).
import { prepareReadModel, renderQueued } from '../repositories/entities/rendering.js'
import { syncRenderTriggers } from './render-triggers.js'
import * as schema from './schema.js'
import { reindexQueued, syncSearchTriggers } from './search-sql.js'

export type Db = BetterSQLite3Database<typeof schema>

/** The one handle on a database file: the raw driver (pragmas, backup) and drizzle over it. */
export interface Store {
  sqlite: Database.Database
  db: Db
}

export const IN_MEMORY = ':memory:'

/** Busy timeout in ms: how long a write waits for another connection's write lock. */
export const BUSY_TIMEOUT_MS = 5000

/** A database file that must not be opened: the message names the path and what to do. */
export class DatabaseFileError extends Error {
  override name = 'DatabaseFileError'
}

const SQLITE_HEADER = 'SQLite format 3\0'

/**
 * What is at `path`: nothing yet (`'missing'`) or an SQLite database (`'database'`).
 * Anything else is refused, never opened: better-sqlite3 would take an empty file for a new
 * database, and the first start would seed over what was lost (issue 14: a truncated
 * production file came back as a fresh seed). A dangling symbolic link is refused too:
 * opening it would create a file wherever it points.
 */
export function inspectDatabaseFile(path: string): 'missing' | 'database' {
  if (path === IN_MEMORY) return 'missing'
  try {
    lstatSync(path)
  } catch {
    return 'missing'
  }
  let size: number
  try {
    const stat = statSync(path)
    if (!stat.isFile()) throw new DatabaseFileError(`${path} is not a file; DATABASE_PATH must name an SQLite database file.`)
    size = stat.size
  } catch (error) {
    if (error instanceof DatabaseFileError) throw error
    throw new DatabaseFileError(`${path} is a symbolic link to nothing (${(error as Error).message}); refusing to create a database through it.`)
  }
  if (size === 0) {
    throw new DatabaseFileError(`${path} exists but is empty (0 bytes): refusing to start on it, it would be taken for a new database. Restore it from a backup, or remove it to start with a new one.`)
  }
  const header = Buffer.alloc(16)
  try {
    const fd = openSync(path, 'r')
    try {
      readSync(fd, header, 0, 16, 0)
    } finally {
      closeSync(fd)
    }
  } catch (error) {
    throw new DatabaseFileError(`${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`)
  }
  if (header.toString('latin1') !== SQLITE_HEADER) {
    throw new DatabaseFileError(`${path} is not an SQLite database (its first bytes are not the SQLite header); refusing to start on it.`)
  }
  return 'database'
}

/**
 * Opens the database at `path` for the server and the tools: an existing database file, or,
 * when there is none and `create` allows it, a new one (`created: true`, the only case in
 * which anything may be seeded into it). Refuses everything `inspectDatabaseFile` refuses;
 * `hint` says what to do when a missing database may not be created.
 */
export function openDatabase(path: string, { create, hint = '' }: { create: boolean; hint?: string }): { store: Store; created: boolean } {
  const found = inspectDatabaseFile(path)
  if (found === 'missing' && !create) throw new DatabaseFileError(`no database at ${path}${hint ? `: ${hint}` : ''}`)
  return { store: openStore(path), created: found === 'missing' }
}

/**
 * Opens (creating if needed) the database and applies the connection pragmas:
 * - WAL: readers never block the writer and a crash never corrupts committed data;
 * - synchronous=NORMAL: with WAL, a commit is durable once the WAL is synced at checkpoint;
 *   an OS crash or power loss may lose the last transactions, never consistency. FULL would
 *   fsync every commit; NORMAL is the documented WAL recommendation.
 * - foreign_keys=ON, busy_timeout so a concurrent writer (a CLI) waits instead of failing.
 */
export function openStore(path: string): Store {
  if (path !== IN_MEMORY) mkdirSync(dirname(path), { recursive: true })
  const sqlite = new Database(path)
  if (path !== IN_MEMORY) sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('synchronous = NORMAL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`)
  return storeOf(sqlite)
}

/** The store over a connection opened elsewhere (a release being built, a replica's release). */
export const storeOf = (sqlite: Database.Database): Store => ({ sqlite, db: drizzle(sqlite, { schema, casing: 'snake_case' }) })

/**
 * Opens a release file read-only (replica mode): nothing can write it, not even by mistake,
 * and a release is in rollback-journal mode, so no -wal or -shm file is ever created beside it.
 */
export function openReadOnlyStore(path: string): Store {
  return storeOf(new Database(path, { readonly: true, fileMustExist: true }))
}

/**
 * Runs `work` in a write transaction that takes the write lock at its start
 * (`BEGIN IMMEDIATE`), so that `busy_timeout` applies: a second process writing at the
 * same time makes this one wait, not fail. A deferred transaction (drizzle's and
 * better-sqlite3's default) reads first under a snapshot and asks for the lock on its
 * first write; SQLite cannot wait there (the snapshot may be stale once the lock is
 * free) and answers SQLITE_BUSY at once (issue 14: "database is locked" as a 500).
 * Every transaction that writes should go through this. Nested calls become savepoints.
 *
 * Before the outermost one commits, it re-indexes for search (`search-sql.ts`) and renders
 * the public JSON of (`repositories/entities/rendering.ts`) every entity its writes touched
 * (triggers queue them), once each: whatever a write changes, the read model and the
 * search index change with it, in the same transaction.
 */
export function writeTransaction<T>(db: Db, work: (tx: Db) => T): T {
  // A drizzle transaction handle has no $client: a nested call, rendered by the outermost.
  const sqlite = (db as { $client?: Database.Database }).$client
  const outermost = sqlite !== undefined && !sqlite.inTransaction
  return db.transaction(
    (tx) => {
      const result = work(tx as unknown as Db)
      if (outermost) {
        reindexQueued(sqlite)
        renderQueued(sqlite) // and empties the queue
      }
      return result
    },
    { behavior: 'immediate' }
  )
}

/** Free bytes below which the database's file system counts as full for readiness. */
const MIN_FREE_BYTES = 16 * 1024 * 1024

/**
 * Why the database cannot take a write now, or undefined when it can: read-only (file,
 * file system, or connection) or a full disk. Cheap enough for a readiness probe: a
 * write transaction that changes nothing and is rolled back (so no other connection sees
 * a commit) and one statfs. A write lock held by another connection is not a failure.
 */
export function cannotWrite({ sqlite }: Store): string | undefined {
  sqlite.pragma('busy_timeout = 0')
  try {
    sqlite.exec('BEGIN IMMEDIATE')
    // Any write statement; the rollback below undoes it.
    sqlite.pragma(`user_version = ${Number(sqlite.pragma('user_version', { simple: true }))}`)
  } catch (error) {
    const code = (error as { code?: string }).code ?? ''
    if (!code.startsWith('SQLITE_BUSY') && !code.startsWith('SQLITE_LOCKED')) return `the database cannot be written (${code || (error as Error).message})`
  } finally {
    if (sqlite.inTransaction) sqlite.exec('ROLLBACK')
    sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`)
  }
  if (sqlite.memory) return undefined
  try {
    const { bavail, bsize } = statfsSync(dirname(sqlite.name))
    if (bavail * bsize < MIN_FREE_BYTES) return `the disk holding the database is full (${bavail * bsize} bytes free)`
  } catch {
    // statfs is unavailable on some platforms: the write check above is what remains.
  }
  return undefined
}

/**
 * Applies pending migrations, then brings the search triggers generated from the kind
 * descriptors up to date (a new kind needs no hand-written trigger SQL). Foreign keys are
 * switched off around the migrator because
 * drizzle-kit rebuilds a table (drop + copy) for some changes, and with foreign keys on
 * that drop would fail or cascade; integrity is checked explicitly afterwards.
 */
export function migrateStore({ sqlite, db }: Store, folder = migrationsFolder): void {
  sqlite.pragma('foreign_keys = OFF')
  try {
    migrate(db, { migrationsFolder: folder })
    syncSearchTriggers(sqlite)
    prepareReadModel(sqlite, { triggersChanged: syncRenderTriggers(sqlite).changed })
    const violations = sqlite.pragma('foreign_key_check') as unknown[]
    if (violations.length > 0) {
      throw new Error(`migration left ${violations.length} foreign key violations: ${JSON.stringify(violations.slice(0, 5))}`)
    }
  } finally {
    sqlite.pragma('foreign_keys = ON')
  }
}
