/** `npm run migrate`: applies pending migrations to DATABASE_PATH (creating it when missing), nothing else. */
import { DatabaseFileError, migrateStore, openDatabase } from '../db/connection.js'
import { databasePathOrExit, exitWith } from './existing-database.js'

const databasePath = databasePathOrExit()
let opened: ReturnType<typeof openDatabase>
try {
  opened = openDatabase(databasePath, { create: true })
} catch (error) {
  if (!(error instanceof DatabaseFileError)) throw error
  exitWith(error.message, 1)
}
try {
  migrateStore(opened.store)
  console.log(`${opened.created ? 'created and migrated' : 'migrated'} ${databasePath}`)
} finally {
  opened.store.sqlite.close()
}
