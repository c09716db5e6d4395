/** Migrations upgrade a database that already holds content, without losing any of it. */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { migrateStore, openStore } from '../../src/db/connection.js'
import { migrationsFolder } from '../../src/paths.js'
import { tempDir } from '../helper.js'

/** A copy of the migrations folder holding only the first `count` migrations. */
function firstMigrations(dir: string, count: number): string {
  const folder = join(dir, 'migrations')
  mkdirSync(join(folder, 'meta'), { recursive: true })
  const journal = JSON.parse(readFileSync(join(migrationsFolder, 'meta', '_journal.json'), 'utf8'))
  journal.entries = journal.entries.slice(0, count)
  for (const entry of journal.entries) cpSync(join(migrationsFolder, `${entry.tag}.sql`), join(folder, `${entry.tag}.sql`))
  writeFileSync(join(folder, 'meta', '_journal.json'), JSON.stringify(journal))
  return folder
}

t.test('upgrading from the first migration keeps links and citations, and backfills passages and search', async (t) => {
  const dir = tempDir(t)
  const store = openStore(join(dir, 'kb.sqlite'))
  t.teardown(() => store.sqlite.close())
  migrateStore(store, firstMigrations(dir, 1))

  const now = '2026-01-01T00:00:00.000Z'
  const run = (sql: string, ...params: unknown[]) => store.sqlite.prepare(sql).run(...params)
  run("insert into sources (id, title, publisher, text, status, created_at, updated_at) values ('s', 'T', 'P', 'x', 'published', ?, ?)", now, now)
  run("insert into source_sections (source_id, slug, position, heading, text) values ('s', 'one', 0, 'One', 'First paragraph.\n\nSecond paragraph about zymurgy.')")
  run("insert into types (id, name, summary, status, created_at, updated_at) values ('zymotic', 'Zymotic type', 's', 'published', ?, ?)", now, now)
  run("insert into causes (id, name, summary, category, status, created_at, updated_at) values ('c', 'C', 's', 'genetic', 'published', ?, ?)", now, now)
  run("insert into type_causes (type_id, cause_id, note) values ('zymotic', 'c', 'a note')")
  run("insert into citations (entity_kind, entity_id, section_id, quote, created_at) values ('types', 'zymotic', 1, 'zymurgy', ?)", now)

  migrateStore(store)
  const all = (sql: string) => store.sqlite.prepare(sql).all()
  t.same(all('select type_id, cause_id, note from type_causes'), [{ type_id: 'zymotic', cause_id: 'c', note: 'a note' }], 'links intact')
  t.same(all('select count(*) as n from citations'), [{ n: 1 }], 'citations intact')
  t.same(all('select position, text from passages order by position'), [
    { position: 0, text: 'First paragraph.' },
    { position: 1, text: 'Second paragraph about zymurgy.' }
  ], 'passages backfilled from sections')
  t.same(all("select entity_id from search_index where search_index match 'zymurgy'"), [{ entity_id: 'zymotic' }], 'existing entities indexed with their quotes')
  t.same(all("select rowid from passages_fts where passages_fts match 'zymurgy'"), [{ rowid: 2 }], 'passages indexed')
  t.same(store.sqlite.pragma('foreign_key_check'), [])
  t.equal(store.sqlite.pragma('foreign_keys', { simple: true }), 1, 'foreign keys back on')
})

t.test('migrating twice is a no-op', async (t) => {
  const store = openStore(join(tempDir(t), 'kb.sqlite'))
  t.teardown(() => store.sqlite.close())
  migrateStore(store)
  const tables = () => store.sqlite.prepare("select name from sqlite_master order by name").all()
  const before = tables()
  migrateStore(store)
  t.same(tables(), before)
})
