/** `npm run migrate`: applies pending migrations to DATABASE_PATH, nothing else. */
import { loadConfig } from '../config.js'
import { migrateStore, openStore } from '../db/connection.js'

const config = loadConfig()
const store = openStore(config.databasePath)
try {
  migrateStore(store)
  console.log(`migrated ${config.databasePath}`)
} finally {
  store.sqlite.close()
}
