/** Releases on the primary: what a release holds and leaves out, the routes that serve it, and who may make one. */
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import t from 'tap'
import { migrateStore, openStore } from '../../src/db/connection.js'
import { buildReleaseFile, UnclassifiedTablesError } from '../../src/releases/build.js'
import { releasesFolder } from '../../src/releases/directory.js'
import { classifyTables, PRIVATE_TABLES, PUBLIC_TABLES } from '../../src/releases/tables.js'
import { createKeyRepository } from '../../src/repositories/keys.js'
import { build, getJson, tempDir } from '../helper.js'

const dir = tempDir(t)
const app = await build(t, { RELEASE_DIR: dir, RELEASE_KEEP: '2' })
const keys = createKeyRepository(app.store.db)
const admin = keys.create('boss', 'admin').token
const editor = keys.create('ed', 'editor').token
const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

const release = async () => {
  const response = await app.inject({ method: 'POST', url: '/v1/admin/releases', headers: bearer(admin) })
  t.equal(response.statusCode, 201, 'a release is made')
  return response.json()
}

// Private content on the primary: a draft, a deleted entity, and the keys, revisions and audit entries these writes made.
const draft = await app.inject({
  method: 'POST',
  url: '/v1/admin/treatments',
  headers: bearer(editor),
  payload: { id: 'secret-draft-remedy', name: 'Secret draft remedy', summary: 'Not published.', modality: 'pharmacological' }
})
t.equal(draft.statusCode, 201, draft.body)
const toDelete = await app.inject({ method: 'GET', url: '/v1/admin/treatments/sodium-thiosulfate', headers: bearer(admin) })
const deleted = await app.inject({ method: 'DELETE', url: '/v1/admin/treatments/sodium-thiosulfate', headers: { ...bearer(admin), 'if-match': String(toDelete.headers.etag) } })
t.equal(deleted.statusCode, 200, deleted.body)

t.test('every table is classified public or private, so a new one can neither leak nor vanish from releases', async (t) => {
  const store = openStore(':memory:')
  migrateStore(store)
  const classes = classifyTables(store.sqlite)
  t.same(classes.unclassified, [], 'add a new table to PUBLIC_TABLES or PRIVATE_TABLES in src/releases/tables.ts')
  for (const name of [...PRIVATE_TABLES, ...PUBLIC_TABLES]) t.ok([...classes.private, ...classes.public].includes(name), `${name} exists`)
  t.ok(classes.public.includes('search_index_data'), 'FTS shadow tables follow their table')
  store.sqlite.close()
})

t.test('a release holds the published content only: no drafts, deleted rows, keys, revisions or audit', async (t) => {
  const manifest = await release()
  const file = join(releasesFolder(dir), manifest.version)
  const db = new Database(file, { readonly: true })
  t.teardown(() => db.close())
  const count = (sql: string) => db.prepare(sql).pluck().get()
  t.equal(count('select count(*) from api_keys'), 0, 'no keys')
  t.equal(count('select count(*) from revisions'), 0, 'no revisions')
  t.equal(count('select count(*) from audit_log'), 0, 'no audit')
  t.equal(count(`select count(*) from treatments where id in ('secret-draft-remedy', 'sodium-thiosulfate')`), 0, 'no draft, no deleted entity')
  t.equal(count(`select count(*) from citations where entity_id = 'sodium-thiosulfate' or related_id = 'sodium-thiosulfate'`), 0, 'nor their citations')
  t.equal(count(`select count(*) from search_index where entity_id = 'sodium-thiosulfate'`), 0, 'nor their search rows')
  t.equal(count(`select count(*) from search_index where search_index match 'thiosulfate'`), 0)
  t.ok(Number(count('select count(*) from search_index')) > 100, 'the search index is rebuilt from what is left')
  t.ok(Number(count(`select count(*) from passages_fts where passages_fts match 'calcium'`)) > 0, 'passages are searchable')
  t.equal(db.pragma('journal_mode', { simple: true }), 'delete', 'rollback journal: a replica opens it read-only')
  t.same(db.pragma('foreign_key_check'), [], 'nothing dangles')
  t.notOk(db.prepare('select 1 from treatment_symptoms where treatment_id = ?').get('sodium-thiosulfate'), 'links of a removed entity go')
  const { body } = await getJson(app, '/v1/export')
  t.equal(manifest.datasetVersion, body.datasetVersion, 'the datasetVersion is the export hash of the published content')
  t.equal(manifest.counts.treatments, 14, 'counts are of the published content')
  t.equal(readdirSync(releasesFolder(dir)).filter((name) => name.startsWith('.')).length, 0, 'no work file is left behind')
})

t.test('the release routes: list, latest manifest, the file with its SHA-256 as strong ETag', async (t) => {
  const manifest = await release()
  const list = await getJson(app, '/v1/releases')
  t.equal(list.response.statusCode, 200)
  t.equal(list.body.data[0].version, manifest.version, 'newest first')
  const latest = await getJson(app, '/v1/releases/latest')
  t.same(latest.body, manifest, 'latest is the bare manifest, as a static copy serves it')
  t.equal(latest.response.headers['cache-control'], 'no-cache', 'revalidated every time')
  const again = await app.inject({ method: 'GET', url: '/v1/releases/latest', headers: { 'if-none-match': String(latest.response.headers.etag) } })
  t.equal(again.statusCode, 304, 'a replica polling with If-None-Match gets a 304 while nothing changed')

  const file = await app.inject({ method: 'GET', url: `/v1/releases/${manifest.version}`, headers: { 'accept-encoding': 'gzip' } })
  t.equal(file.statusCode, 200)
  t.equal(file.headers.etag, `"${manifest.sha256}"`)
  t.equal(file.headers['content-type'], 'application/vnd.sqlite3')
  t.match(file.headers['cache-control'], /immutable/)
  t.notOk(file.headers['content-encoding'], 'sent as stored')
  t.equal(file.rawPayload.length, manifest.bytes)
  t.equal(file.rawPayload.subarray(0, 15).toString(), 'SQLite format 3')
  const cached = await app.inject({ method: 'GET', url: `/v1/releases/${manifest.version}`, headers: { 'if-none-match': `"${manifest.sha256}"` } })
  t.equal(cached.statusCode, 304)
})

t.test('a new release is seen at once: latest and the list are never served from the response cache', async (t) => {
  const cachedApp = await build(t, { RELEASE_DIR: tempDir(t), RESPONSE_CACHE_MAX_BYTES: '1000000' })
  const token = createKeyRepository(cachedApp.store.db).create('root', 'admin').token
  const make = async () => (await cachedApp.inject({ method: 'POST', url: '/v1/admin/releases', headers: bearer(token) })).json()
  const first = await make()
  t.equal((await getJson(cachedApp, '/v1/releases/latest')).body.version, first.version)
  const second = await make()
  t.not(second.version, first.version)
  t.equal((await getJson(cachedApp, '/v1/releases/latest')).body.version, second.version)
})

t.test('old releases beyond RELEASE_KEEP are removed, file and manifest', async (t) => {
  const kept = readdirSync(releasesFolder(dir)).filter((name) => name !== 'latest')
  t.equal(kept.length, 4, 'two releases, two files each')
  const { body } = await getJson(app, '/v1/releases')
  t.equal(body.data.length, 2)
})

t.test('unknown and malformed versions are problems', async (t) => {
  const missing = await app.inject({ method: 'GET', url: '/v1/releases/20200101T000000000Z-00000000' })
  t.equal(missing.statusCode, 404)
  t.match(missing.headers['content-type'], /^application\/problem\+json/)
  const malformed = await app.inject({ method: 'GET', url: '/v1/releases/..%2F..%2Fkb.sqlite' })
  t.equal(malformed.statusCode, 400)
})

t.test('latest before any release is a 404 problem that says how to make one', async (t) => {
  const fresh = await build(t, { RELEASE_DIR: tempDir(t) })
  const { response, body } = await getJson(fresh, '/v1/releases/latest')
  t.equal(response.statusCode, 404)
  t.match(body.detail, /POST \/v1\/admin\/releases/)
})

t.test('only admins make releases', async (t) => {
  t.equal((await app.inject({ method: 'POST', url: '/v1/admin/releases' })).statusCode, 401)
  t.equal((await app.inject({ method: 'POST', url: '/v1/admin/releases', headers: bearer(editor) })).statusCode, 403)
})

t.test('a table in neither list stops the build and leaves no file', async (t) => {
  const store = openStore(':memory:')
  migrateStore(store)
  store.sqlite.exec('create table editor_notes (id integer primary key, text text)')
  const target = join(tempDir(t), 'release.sqlite')
  t.throws(() => buildReleaseFile(store.sqlite, target), UnclassifiedTablesError)
  t.notOk(existsSync(target))
  store.sqlite.close()
})
