/** Migrations and first-start seeding, on a real database file. */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import Database from 'better-sqlite3'
import t from 'tap'
import { build, getJson, tempDir } from '../helper.js'
import { KIND_LIST } from '../../src/kinds/index.js'
import { migrateStore, openStore } from '../../src/db/connection.js'
import { projectRoot } from '../../src/paths.js'

t.test('migrations apply to an empty database and create every table', async (t) => {
  const path = join(tempDir(t), 'kb.sqlite')
  const app = await build(t, { DATABASE_PATH: path }, { seedIfEmpty: false })
  const tables = (app.store.sqlite.prepare("select name from sqlite_master where type = 'table'").all() as Array<{ name: string }>).map((r) => r.name)
  for (const name of ['sources', 'source_sections', 'citations', 'aliases', 'external_codes', 'conditions', 'types', 'warning_signs', 'body_sites', 'type_causes']) {
    t.ok(tables.includes(name), name)
  }
  t.equal(app.store.sqlite.pragma('journal_mode', { simple: true }), 'wal')
  t.equal(app.store.sqlite.pragma('foreign_keys', { simple: true }), 1)
  const { body } = await getJson(app, '/v1/conditions')
  t.equal(body.page.total, 0, 'nothing seeded when seeding is off')
})

t.test('first start seeds; a later start never re-seeds over edited content', async (t) => {
  const path = join(tempDir(t), 'kb.sqlite')
  const first = await build(t, { DATABASE_PATH: path })
  const { body: seeded } = await getJson(first, '/v1/conditions/calcinosis-cutis')
  t.equal(seeded.data.name, 'Calcinosis cutis')
  await first.close()

  const db = new Database(path)
  db.prepare("update conditions set name = 'Edited by an editor' where id = 'calcinosis-cutis'").run()
  db.prepare("delete from condition_types where type_id = 'tumoral-calcinosis'").run()
  db.close()

  const second = await build(t, { DATABASE_PATH: path })
  const { body } = await getJson(second, '/v1/conditions/calcinosis-cutis')
  t.equal(body.data.name, 'Edited by an editor', 'the edit survives a restart')
  t.notOk(body.data.types.some((type: { id: string }) => type.id === 'tumoral-calcinosis'), 'a removed link is not restored')
})

t.test('every kind is seeded', async (t) => {
  const app = await build(t)
  for (const kind of KIND_LIST) {
    const { body } = await getJson(app, `/v1/${kind.path}?limit=1`)
    t.ok(body.page.total > 0, `${kind.path}: ${body.page.total}`)
  }
})

t.test('an existing empty file refuses the start, naming the path; nothing is seeded into it', async (t) => {
  const path = join(tempDir(t), 'kb.sqlite')
  writeFileSync(path, '')
  await t.rejects(build(t, { DATABASE_PATH: path }), { name: 'DatabaseFileError', message: new RegExp(`${path}.*empty`) })
  t.equal(statSync(path).size, 0, 'the file is left as it was')
})

t.test('a file that is not an SQLite database, or not a file, refuses the start', async (t) => {
  const dir = tempDir(t)
  const garbage = join(dir, 'garbage.sqlite')
  writeFileSync(garbage, 'this is not a database, but a truncated or foreign file')
  await t.rejects(build(t, { DATABASE_PATH: garbage }), { name: 'DatabaseFileError', message: new RegExp(`${garbage}.*not an SQLite database`) })
  const folder = join(dir, 'folder.sqlite')
  mkdirSync(folder)
  await t.rejects(build(t, { DATABASE_PATH: folder }), { name: 'DatabaseFileError', message: new RegExp(`${folder} is not a file`) })
  const dangling = join(dir, 'dangling.sqlite')
  symlinkSync(join(dir, 'nowhere', 'kb.sqlite'), dangling)
  await t.rejects(build(t, { DATABASE_PATH: dangling }), { name: 'DatabaseFileError', message: /symbolic link to nothing/ })
})

t.test('an existing database without content is not seeded on start', async (t) => {
  const path = join(tempDir(t), 'kb.sqlite')
  const store = openStore(path)
  migrateStore(store)
  store.sqlite.close()
  const app = await build(t, { DATABASE_PATH: path })
  const { body } = await getJson(app, '/v1/conditions')
  t.equal(body.page.total, 0, 'only a database this start created is seeded')
})

t.test('DATABASE_CREATE=false: a missing database stops the start instead of creating one', async (t) => {
  const path = join(tempDir(t), 'mistyped', 'kb.sqlite')
  await t.rejects(build(t, { DATABASE_PATH: path, DATABASE_CREATE: 'false' }), { name: 'DatabaseFileError', message: new RegExp(`no database at ${path}`) })
  t.notOk(existsSync(path), 'nothing was created')
  t.notOk(existsSync(dirname(path)), 'not even the directory')
})

t.test('the server process refuses an empty database file with a message and exit code, no stack', async (t) => {
  const path = join(tempDir(t), 'kb.sqlite')
  writeFileSync(path, '')
  const result = spawnSync(process.execPath, [join(projectRoot, 'dist', 'server.js')], {
    env: { ...process.env, DATABASE_PATH: path, PORT: '0', LOG_LEVEL: 'silent' },
    encoding: 'utf8',
    timeout: 20_000
  })
  t.equal(result.status, 66)
  t.match(result.stderr, `Database error: ${path} exists but is empty`)
  t.notMatch(result.stderr, /\n\s+at /, 'no stack trace')
})
