/**
 * `npm run backup -- FILE`: an online backup of DATABASE_PATH to FILE with SQLite's
 * backup API, safe while the server runs (it copies a consistent snapshot, page by page).
 *
 * FILE must not exist in any form (a dangling symbolic link included: writing through it
 * would put the backup wherever it points), is created by this process alone (O_EXCL) and
 * readable by its owner only (0600): a backup holds every key hash and the audit trail.
 */
import { closeSync, lstatSync, openSync, rmSync } from 'node:fs'
import { dirname } from 'node:path'
import { exitWith, openExistingDatabase } from './existing-database.js'

const target = process.argv[2]
if (!target) exitWith('usage: npm run backup -- FILE', 2)

let exists = true
try {
  lstatSync(target)
} catch {
  exists = false
}
if (exists) exitWith(`${target} exists (as a file, directory or link); choose a new file`, 2)

const { db, databasePath } = openExistingDatabase()
try {
  closeSync(openSync(target, 'wx', 0o600))
} catch (error) {
  db.close()
  const code = (error as NodeJS.ErrnoException).code
  if (code === 'ENOENT') exitWith(`the directory ${dirname(target)} does not exist; create it first`, 2)
  exitWith(`cannot create ${target}: ${code ?? (error as Error).message}`, 1)
}
try {
  const { totalPages } = await db.backup(target)
  console.log(`backed up ${databasePath} to ${target} (${totalPages} pages)`)
} catch (error) {
  rmSync(target, { force: true })
  exitWith(`backup of ${databasePath} to ${target} failed: ${(error as Error).message}`, 1)
} finally {
  db.close()
}
