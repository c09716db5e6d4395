import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import { migrationsFolder } from '../paths.js'
import * as schema from './schema.js'
import { syncSearchTriggers } from './search-sql.js'

export type Db = BetterSQLite3Database<typeof schema>

/** The one handle on a database file: the raw driver (pragmas, backup) and drizzle over it. */
export interface Store {
  sqlite: Database.Database
  db: Db
}

export const IN_MEMORY = ':memory:'

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
  sqlite.pragma('busy_timeout = 5000')
  return { sqlite, db: drizzle(sqlite, { schema, casing: 'snake_case' }) }
}

/**
 * Applies pending migrations, then brings the search triggers generated from the kind
 * descriptors up to date (a new kind needs no hand-written trigger SQL). Foreign keys are switched off around the migrator because
 * drizzle-kit rebuilds a table (drop + copy) for some changes, and with foreign keys on
 * that drop would fail or cascade; integrity is checked explicitly afterwards.
 */
export function migrateStore({ sqlite, db }: Store, folder = migrationsFolder): void {
  sqlite.pragma('foreign_keys = OFF')
  try {
    migrate(db, { migrationsFolder: folder })
    syncSearchTriggers(sqlite)
    const violations = sqlite.pragma('foreign_key_check') as unknown[]
    if (violations.length > 0) {
      throw new Error(`migration left ${violations.length} foreign key violations: ${JSON.stringify(violations.slice(0, 5))}`)
    }
  } finally {
    sqlite.pragma('foreign_keys = ON')
  }
}
