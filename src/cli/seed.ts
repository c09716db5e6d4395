/**
 * `npm run seed`: adds what the seed has and the database lacks, never overwriting an
 * existing row (idempotent). `npm run seed -- --reset --yes` deletes all content first
 * and rebuilds it from the seed; without `--yes` it refuses.
 */
import { parseArgs } from 'node:util'
import { loadDatabasePath } from '../config.js'
import { migrateStore, openStore } from '../db/connection.js'
import { readSeed } from '../dataset/seed.js'
import { resetContent, writeDatasets } from '../dataset/write.js'

const { values } = parseArgs({ options: { reset: { type: 'boolean', default: false }, yes: { type: 'boolean', default: false } } })
const databasePath = loadDatabasePath()

if (values.reset && !values.yes) {
  console.error(`--reset deletes every entity, link and citation in ${databasePath}, editors' work included.`)
  console.error('Run again with --reset --yes to confirm.')
  process.exit(2)
}

const datasets = readSeed() // validate before touching the database
const store = openStore(databasePath)
try {
  migrateStore(store)
  if (values.reset) {
    store.db.transaction(() => {
      resetContent(store)
      console.log(JSON.stringify(writeDatasets(store, datasets)))
    })
  } else {
    console.log(JSON.stringify(writeDatasets(store, datasets)))
  }
} finally {
  store.sqlite.close()
}
