import { existsSync } from 'node:fs'
import Database from 'better-sqlite3'
import { loadDatabasePath } from '../config.js'

/** DATABASE_PATH opened read-only for the operations tools; exits 1 when there is no database there. */
export function openExistingDatabase(): { db: Database.Database; databasePath: string } {
  const databasePath = loadDatabasePath()
  if (!existsSync(databasePath)) {
    console.error(`no database at ${databasePath}`)
    process.exit(1)
  }
  const db = new Database(databasePath, { readonly: true, fileMustExist: true })
  db.pragma('busy_timeout = 5000')
  return { db, databasePath }
}
