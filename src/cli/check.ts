/**
 * `npm run check`: integrity_check and foreign_key_check of DATABASE_PATH; exits 1 on any
 * problem, a file too damaged to check included, always with a report, never a stack.
 */
import { openExistingDatabase } from './existing-database.js'

const { db, databasePath } = openExistingDatabase()
try {
  const integrity = db.pragma('integrity_check') as Array<{ integrity_check: string }>
  const foreignKeys = db.pragma('foreign_key_check') as unknown[]
  const ok = integrity.length === 1 && integrity[0]?.integrity_check === 'ok' && foreignKeys.length === 0
  console.log(`integrity_check: ${integrity.map((row) => row.integrity_check).join('; ')}`)
  console.log(`foreign_key_check: ${foreignKeys.length === 0 ? 'ok' : JSON.stringify(foreignKeys.slice(0, 20))}`)
  process.exitCode = ok ? 0 : 1
} catch (error) {
  // SQLITE_CORRUPT, SQLITE_NOTADB…: the damage is the finding.
  console.log(`integrity_check: failed: ${(error as Error).message} (${(error as { code?: string }).code ?? 'error'})`)
  console.log(`${databasePath} is damaged; restore it from a backup`)
  process.exitCode = 1
} finally {
  db.close()
}
