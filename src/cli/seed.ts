/**
 * `npm run seed`: adds what the seed has and the database lacks, never overwriting an
 * existing row (idempotent). `npm run seed -- --reset --yes` deletes all content first
 * and rebuilds it from the seed; without `--yes` it refuses.
 */
import { parseArgs } from 'node:util'
import { DatabaseFileError, migrateStore, openDatabase, writeTransaction, type Store } from '../db/connection.js'
import { readSeed } from '../dataset/seed.js'
import { resetContent, writeDatasets } from '../dataset/write.js'
import { databasePathOrExit, exitWith } from './existing-database.js'

const { values } = parseArgs({ options: { reset: { type: 'boolean', default: false }, yes: { type: 'boolean', default: false } } })
const databasePath = databasePathOrExit()

if (values.reset && !values.yes) {
  console.error(`--reset deletes every entity, link and citation in ${databasePath}, editors' work included.`)
  console.error('Run again with --reset --yes to confirm.')
  process.exit(2)
}

const datasets = readSeed() // validate before touching the database
let store: Store
try {
  // Seeding is the one explicit way to fill a database, a new one included; an empty or
  // foreign file is refused as the server refuses it.
  store = openDatabase(databasePath, { create: true }).store
} catch (error) {
  if (!(error instanceof DatabaseFileError)) throw error
  exitWith(error.message, 1)
}
try {
  migrateStore(store)
  if (values.reset) {
    // Immediate: a server writing at the same time makes this wait, not fail.
    writeTransaction(store.db, () => {
      resetContent(store)
      console.log(JSON.stringify(writeDatasets(store, datasets)))
    })
  } else {
    console.log(JSON.stringify(writeDatasets(store, datasets)))
  }
} finally {
  store.sqlite.close()
}
