/**
 * `npm run backup -- FILE`: an online backup of DATABASE_PATH to FILE with SQLite's
 * backup API, safe while the server runs (it copies a consistent snapshot, page by page).
 */
import { existsSync } from 'node:fs'
import { openExistingDatabase } from './existing-database.js'

const target = process.argv[2]
if (!target) {
  console.error('usage: npm run backup -- FILE')
  process.exit(2)
}
if (existsSync(target)) {
  console.error(`${target} exists; choose a new file`)
  process.exit(2)
}
const { db, databasePath } = openExistingDatabase()
try {
  const { totalPages } = await db.backup(target)
  console.log(`backed up ${databasePath} to ${target} (${totalPages} pages)`)
} finally {
  db.close()
}
