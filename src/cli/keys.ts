/**
 * `npm run keys -- create --name NAME --role editor|admin`: creates an API key and prints
 * its secret once, alone on the last line. `npm run keys -- list`, `npm run keys -- revoke NAME`.
 * The database is DATABASE_PATH, as for the server.
 */
import { parseArgs } from 'node:util'
import { loadConfig } from '../config.js'
import { migrateStore, openStore } from '../db/connection.js'
import { ROLES } from '../db/schema.js'
import { createKeyRepository, type Role } from '../repositories/keys.js'

const USAGE = 'usage: keys create --name NAME --role editor|admin | keys list | keys revoke NAME'

function fail(message: string): never {
  console.error(message)
  process.exit(2)
}

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { name: { type: 'string' }, role: { type: 'string' } }
})
const [command, argument] = positionals
const config = loadConfig()
const store = openStore(config.databasePath)
try {
  migrateStore(store)
  const keys = createKeyRepository(store.db)
  if (command === 'create') {
    const { name, role } = values
    if (!name || !/^[\w.@-]{1,64}$/.test(name)) fail(`--name is required: 1-64 letters, digits, . _ @ -\n${USAGE}`)
    if (!role || !(ROLES as readonly string[]).includes(role)) fail(`--role must be one of: ${ROLES.join(', ')}\n${USAGE}`)
    if (keys.list().some((key) => key.name === name)) fail(`a key named '${name}' exists (names are never reused, revoked or not)`)
    const { key, token } = keys.create(name, role as Role)
    console.log(`created ${key.role} key '${key.name}' (prefix ${key.prefix}) in ${config.databasePath}`)
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
} finally {
  store.sqlite.close()
}
