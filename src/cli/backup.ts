/**
 * `npm run backup -- FILE`: an online backup of DATABASE_PATH to FILE with SQLite's
 * backup API, safe while the server runs (it copies a consistent snapshot, page by page).
 */
import { existsSync } from 'node:fs'
import Database from 'better-sqlite3'
import { loadDatabasePath } from '../config.js'

const target = process.argv[2]
if (!target) {
  console.error('usage: npm run backup -- FILE')
  process.exit(2)
}
if (existsSync(target)) {
  console.error(`${target} exists; choose a new file`)
  process.exit(2)
}
const databasePath = loadDatabasePath()
if (!existsSync(databasePath)) {
  console.error(`no database at ${databasePath}`)
  process.exit(1)
}
const db = new Database(databasePath, { readonly: true, fileMustExist: true })
db.pragma('busy_timeout = 5000')
try {
  const { totalPages } = await db.backup(target)
  console.log(`backed up ${databasePath} to ${target} (${totalPages} pages)`)
} finally {
  db.close()
}
