/** `npm run migrate`: applies pending migrations to DATABASE_PATH, nothing else. */
import { loadDatabasePath } from '../config.js'
import { migrateStore, openStore } from '../db/connection.js'

const databasePath = loadDatabasePath()
const store = openStore(databasePath)
try {
  migrateStore(store)
  console.log(`migrated ${databasePath}`)
} finally {
  store.sqlite.close()
}
