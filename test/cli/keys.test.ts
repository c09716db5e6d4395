/** `npm run keys`: create prints the secret alone on the last line; list; revoke. Runs the built CLI. */
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { buildApp } from '../../src/app.js'
import { projectRoot } from '../../src/paths.js'
import { tempDir, testConfig } from '../helper.js'

const cli = join(projectRoot, 'dist', 'cli', 'keys.js')

t.test('the CLI never creates a database: a mistyped DATABASE_PATH is an error naming it', async (t) => {
  const databasePath = join(tempDir(t), 'kb-typo.sqlite')
  const result = spawnSync(process.execPath, [cli, 'create', '--name', 'alice', '--role', 'editor'], { env: { ...process.env, DATABASE_PATH: databasePath }, encoding: 'utf8' })
  t.equal(result.status, 1)
  t.match(result.stderr, `no database at ${databasePath}`)
  t.notMatch(result.stderr, /\n\s+at /, 'no stack trace')
  t.notOk(existsSync(databasePath), 'nothing was created')
})

t.test('create, use, list and revoke a key through the CLI', async (t) => {
  const databasePath = join(tempDir(t), 'kb.sqlite')
  await (await buildApp(testConfig({ DATABASE_PATH: databasePath }))).close() // the first start creates it
  const env = { ...process.env, DATABASE_PATH: databasePath }
  const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { env, encoding: 'utf8' })

  const created = run('create', '--name', 'alice', '--role', 'editor')
  t.equal(created.status, 0, created.stderr)
  const lines = created.stdout.trimEnd().split('\n')
  const secret = lines.at(-1) as string
  t.match(secret, /^kb_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/, 'the secret alone on the last line')

  const app = await buildApp(testConfig({ DATABASE_PATH: databasePath }))
  const ok = await app.inject({ url: '/v1/admin/causes', headers: { authorization: `Bearer ${secret}` } })
  t.equal(ok.statusCode, 200, 'the key works')
  const stored = app.store.sqlite.prepare('select * from api_keys').all() as Array<Record<string, string>>
  // The secret is everything after the prefix: base64url, which may itself hold `_`.
  t.notOk(JSON.stringify(stored).includes(secret.split('_').slice(2).join('_')), 'the secret is not stored')
  await app.close()

  t.equal(run('create', '--name', 'alice', '--role', 'admin').status, 2, 'names are unique')
  t.equal(run('create', '--name', 'bob', '--role', 'root').status, 2, 'roles are checked')
  t.equal(run('create').status, 2)

  const list = execFileSync(process.execPath, [cli, 'list'], { env, encoding: 'utf8' })
  t.match(list, /alice\teditor\tkb_[0-9a-f]{12}_…/)
  t.notOk(list.includes(secret))

  t.equal(run('revoke', 'alice').status, 0)
  t.equal(run('revoke', 'alice').status, 2, 'already revoked')
  const after = await buildApp(testConfig({ DATABASE_PATH: databasePath }))
  t.equal((await after.inject({ url: '/v1/admin/causes', headers: { authorization: `Bearer ${secret}` } })).statusCode, 401, 'a revoked key is refused')
  await after.close()
  t.equal(run('bogus').status, 2)
  t.equal(run('create', '--bogus').status, 2, 'an unknown option is a usage error')
  const unrelated = spawnSync(process.execPath, [cli, 'list'], { env: { ...env, PORT: 'not-a-port' }, encoding: 'utf8' })
  t.equal(unrelated.status, 0, 'only DATABASE_PATH matters to the CLI')
})
