/**
 * `npm run keys -- create --name NAME --role editor|reviewer|admin`: creates an API key and prints
 * its secret once, alone on the last line. `npm run keys -- list`, `npm run keys -- revoke NAME`.
 * The database is DATABASE_PATH, as for the server; it must exist (the tool never creates one).
 */
import { parseArgs } from 'node:util'
import { DatabaseFileError, migrateStore, openDatabase, type Store } from '../db/connection.js'
import { ROLES } from '../db/schema.js'
import { createKeyRepository, type Role } from '../repositories/keys.js'
import { databasePathOrExit, exitWith } from './existing-database.js'

const USAGE = 'usage: keys create --name NAME --role editor|reviewer|admin | keys list | keys revoke NAME'

/** A usage mistake: exit code 2, with the reason. */
class UsageError extends Error {}
function fail(message: string): never {
  throw new UsageError(message)
}

function parse() {
  try {
    return parseArgs({ allowPositionals: true, options: { name: { type: 'string' }, role: { type: 'string' } } })
  } catch (error) {
    return fail(`${(error as Error).message}\n${USAGE}`)
  }
}

function run(store: Store, databasePath: string) {
  const { positionals, values } = parse()
  const [command, argument] = positionals
  const keys = createKeyRepository(store.db)
  if (command === 'create') {
    const { name, role } = values
    if (!name || !/^[\w.@-]{1,64}$/.test(name)) fail(`--name is required: 1-64 letters, digits, . _ @ -\n${USAGE}`)
    if (!role || !(ROLES as readonly string[]).includes(role)) fail(`--role must be one of: ${ROLES.join(', ')}\n${USAGE}`)
    if (keys.list().some((key) => key.name === name)) fail(`a key named '${name}' exists (names are never reused, revoked or not)`)
    const { key, token } = keys.create(name, role as Role)
    console.log(`created ${key.role} key '${key.name}' (prefix ${key.prefix}) in ${databasePath}`)
    console.log('Store this secret now: it is not kept and cannot be shown again.')
    console.log(token)
  } else if (command === 'list') {
    const list = keys.list()
    if (list.length === 0) console.log('no keys')
    for (const key of list) console.log(`${key.name}\t${key.role}\tkb_${key.prefix}_…\tcreated ${key.createdAt}\t${key.revokedAt ? `revoked ${key.revokedAt}` : 'active'}`)
  } else if (command === 'revoke') {
    if (!argument) fail(USAGE)
    if (!keys.revoke(argument)) fail(`no active key named '${argument}'`)
    console.log(`revoked '${argument}'`)
  } else {
    fail(USAGE)
  }
}

const databasePath = databasePathOrExit()
let store: Store
try {
  // Never a new database: a key in a file no server reads (a mistyped DATABASE_PATH) is a trap.
  store = openDatabase(databasePath, { create: false, hint: 'this tool never creates one; check DATABASE_PATH, or start the server once to create it' }).store
} catch (error) {
  if (!(error instanceof DatabaseFileError)) throw error
  exitWith(error.message, 1)
}
try {
  migrateStore(store)
  run(store, databasePath)
} catch (error) {
  if (!(error instanceof UsageError)) throw error
  console.error(error.message)
  process.exitCode = 2
} finally {
  store.sqlite.close()
}
