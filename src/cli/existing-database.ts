/** What the operations tools share: DATABASE_PATH, an existing database only, and a clean exit on a known failure. */
import Database from 'better-sqlite3'
import { loadDatabasePath } from '../config.js'
import { BUSY_TIMEOUT_MS, DatabaseFileError, inspectDatabaseFile } from '../db/connection.js'

/** Prints the message (no stack: the operator needs the reason, not our call graph) and exits. */
export function exitWith(message: string, code: number): never {
  console.error(message)
  process.exit(code)
}

/** DATABASE_PATH, or exit 2 naming the bad value. */
export function databasePathOrExit(): string {
  try {
    return loadDatabasePath()
  } catch (error) {
    return exitWith((error as Error).message, 2)
  }
}

/**
 * DATABASE_PATH opened read-only for the operations tools. Exits 1 when there is no
 * database there, or something that is not one (an empty or foreign file): these tools
 * never create a database.
 */
export function openExistingDatabase(): { db: Database.Database; databasePath: string } {
  const databasePath = databasePathOrExit()
  try {
    if (inspectDatabaseFile(databasePath) === 'missing') exitWith(`no database at ${databasePath}`, 1)
  } catch (error) {
    if (error instanceof DatabaseFileError) exitWith(error.message, 1)
    throw error
  }
  const db = new Database(databasePath, { readonly: true, fileMustExist: true })
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`)
  return { db, databasePath }
}
