/** Migrations and first-start seeding, on a real database file. */
import { join } from 'node:path'
import Database from 'better-sqlite3'
import t from 'tap'
import { build, getJson, tempDir } from '../helper.js'
import { KIND_LIST } from '../../src/kinds/index.js'

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
