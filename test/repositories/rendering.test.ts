/**
 * The read model (issue 15): after a write of every kind, the stored rendering of every
 * entity equals a fresh rendering by the serializer, no invisible entity is rendered, and
 * the public API serves the stored text.
 */
import t, { type Test } from 'tap'
import type { FastifyInstance } from 'fastify'
import { KIND_LIST, KINDS } from '../../src/kinds/index.js'
import { visibleSql } from '../../src/kinds/visibility.js'
import { createHierarchy } from '../../src/repositories/entities/hierarchy.js'
import { createRenderedReader } from '../../src/repositories/entities/rendering.js'
import { createSerializer, selectList, type Row } from '../../src/repositories/entities/serialize.js'
import { createStatements } from '../../src/repositories/entities/statements.js'
import { createKeyRepository } from '../../src/repositories/keys.js'
import { join } from 'node:path'
import { build, tempDir } from '../helper.js'

/** Every visible entity rendered afresh, and every stored rendering, as "kind/id" -> entity. */
function renderings(app: FastifyInstance) {
  const sqlite = app.store.sqlite
  const statements = createStatements(sqlite)
  const serialize = createSerializer(statements, createHierarchy(statements, 'public'), 'public')
  const fresh = new Map<string, unknown>()
  const freshBare = new Map<string, unknown>()
  for (const kind of KIND_LIST) {
    const rows = statements.all<Row>(`select ${selectList(kind)} from ${kind.tableName} e where ${visibleSql('e')}`)
    for (const entity of serialize(kind, rows)) fresh.set(`${kind.key}/${entity.id}`, entity)
    for (const entity of serialize(kind, rows, [], false)) freshBare.set(`${kind.key}/${entity.id}`, entity)
  }
  const stored = new Map<string, unknown>()
  const storedBare = new Map<string, unknown>()
  for (const row of sqlite.prepare('select kind, id, body, bare from rendered_entities').all() as Array<{ kind: string; id: string; body: string; bare: string }>) {
    stored.set(`${row.kind}/${row.id}`, JSON.parse(row.body))
    storedBare.set(`${row.kind}/${row.id}`, JSON.parse(row.bare))
  }
  return { fresh, freshBare, stored, storedBare }
}

function assertCurrent(t: Test, app: FastifyInstance, after: string) {
  const { fresh, freshBare, stored, storedBare } = renderings(app)
  t.same([...stored.keys()].sort(), [...fresh.keys()].sort(), `${after}: exactly the visible entities are rendered`)
  let differing = 0
  for (const [key, entity] of fresh) {
    if (JSON.stringify(stored.get(key)) !== JSON.stringify(entity) || JSON.stringify(storedBare.get(key)) !== JSON.stringify(freshBare.get(key))) {
      differing++
      t.same(stored.get(key), entity, `${after}: ${key}`)
    }
  }
  t.equal(differing, 0, `${after}: every stored rendering equals a fresh one (${fresh.size} entities)`)
  t.equal(app.store.sqlite.prepare('select count(*) from render_queue').pluck().get(), 0, `${after}: nothing left queued`)
}

const SOURCE = 'allfit-calcinosis-cutis'
const QUOTE = 'Sodium thiosulfate is gaining attention as a treatment, particularly for severe types like calciphylaxis.'

t.test('stored renderings equal fresh ones after every kind of write', async (t) => {
  const app = await build(t)
  const admin = createKeyRepository(app.store.db).create('boss', 'admin').token
  const call = async (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await app.inject({ method, url, headers: { authorization: `Bearer ${admin}`, ...headers }, ...(body === undefined ? {} : { payload: body as object }) })
    t.ok(response.statusCode < 300, `${method} ${url}: ${response.statusCode} ${response.statusCode >= 300 ? response.body : ''}`)
    return response
  }
  const etag = async (path: string) => (await call('GET', `/v1/admin/${path}`)).headers.etag as string
  assertCurrent(t, app, 'seed')

  await call('POST', '/v1/admin/treatments', { id: 'test-cure', name: 'Quokkamycin', summary: 'A test entry.', modality: 'pharmacological' })
  assertCurrent(t, app, 'create (a draft)')
  await call('POST', '/v1/admin/treatments/test-cure/citations', { source: SOURCE, quote: QUOTE })
  await call('POST', '/v1/admin/treatments/test-cure/publish')
  assertCurrent(t, app, 'cite and publish')
  await call('PUT', '/v1/admin/types/calciphylaxis/treatments/test-cure', { note: 'particularly for severe types' })
  assertCurrent(t, app, 'link')
  t.ok(
    (await app.inject('/v1/types/calciphylaxis')).json().data.treatments.some((ref: { id: string }) => ref.id === 'test-cure'),
    'the public API shows the link'
  )
  await call('PATCH', '/v1/admin/treatments/test-cure', { name: 'Renamed quokkamycin' }, { 'if-match': await etag('treatments/test-cure'), 'content-type': 'application/merge-patch+json' })
  assertCurrent(t, app, 'edit a name shown by linked entities')
  t.ok(
    (await app.inject('/v1/types/calciphylaxis')).json().data.treatments.some((ref: { name: string }) => ref.name === 'Renamed quokkamycin'),
    'the linked entity shows the new name'
  )
  await call('PATCH', '/v1/admin/types/scrotal-calcinosis', { parent: 'dystrophic' }, { 'if-match': await etag('types/scrotal-calcinosis'), 'content-type': 'application/merge-patch+json' })
  assertCurrent(t, app, 'move a variant to another parent')
  await call('DELETE', '/v1/admin/types/calciphylaxis/treatments/test-cure')
  assertCurrent(t, app, 'unlink')
  await call('DELETE', '/v1/admin/causes/trauma', undefined, { 'if-match': await etag('causes/trauma') })
  assertCurrent(t, app, 'delete an entity others link to')
  t.equal((await app.inject('/v1/causes/trauma')).statusCode, 410, 'gone from the public API')
  await call('POST', '/v1/admin/causes/trauma/restore')
  assertCurrent(t, app, 'restore')
  await call('POST', '/v1/admin/treatments/test-cure/unpublish')
  assertCurrent(t, app, 'unpublish')

  const bundle = (await app.inject('/v1/export')).json()
  bundle.entities.treatments.find((e: { id: string }) => e.id === 'diltiazem').summary = 'A summary changed by an import.'
  await call('POST', '/v1/admin/import', bundle)
  assertCurrent(t, app, 'import')
  t.equal((await app.inject('/v1/treatments/diltiazem')).json().data.summary, 'A summary changed by an import.')
})

t.test('a write by raw SQL is served fresh until the next write transaction renders it', async (t) => {
  const app = await build(t)
  app.store.sqlite.prepare("update causes set name = 'Renamed behind the write path' where id = 'trauma'").run()
  t.equal((await app.inject('/v1/causes/trauma')).json().data.name, 'Renamed behind the write path', 'the item')
  const linked = (await app.inject('/v1/types?cause=trauma')).json().data[0]
  t.ok(
    linked.causes.some((ref: { name: string }) => ref.name === 'Renamed behind the write path'),
    'and an entity showing it'
  )
  const admin = createKeyRepository(app.store.db).create('boss', 'admin').token
  await app.inject({ method: 'POST', url: '/v1/admin/treatments', headers: { authorization: `Bearer ${admin}` }, payload: { id: 'x-cure', name: 'X', summary: 'S.', modality: 'pharmacological' } })
  assertCurrent(t, app, 'the next write')
})

t.test('the public API serves the stored text, include and fields included', async (t) => {
  const app = await build(t)
  const stored = JSON.parse(app.store.sqlite.prepare("select body from rendered_entities where kind = 'types' and id = 'dystrophic'").pluck().get() as string)
  t.same((await app.inject('/v1/types/dystrophic')).json().data, stored)
  const included = (await app.inject('/v1/types/dystrophic?include=treatments')).json().data
  t.ok(included.treatments.length > 0)
  for (const ref of included.treatments) {
    const bare = JSON.parse(app.store.sqlite.prepare("select bare from rendered_entities where kind = 'treatments' and id = ?").pluck().get(ref.id) as string)
    t.same(ref.entity, bare, `${ref.id} embedded as stored`)
    t.notOk('types' in ref.entity, 'one level deep')
  }
  t.same((await app.inject('/v1/types/dystrophic?fields=name')).json().data, { id: 'dystrophic', name: stored.name })
  const list = (await app.inject('/v1/types?limit=3')).json()
  t.equal(list.data.length, 3)
  t.same(list.data[0], JSON.parse(app.store.sqlite.prepare("select body from rendered_entities where kind = 'types' and id = ?").pluck().get(list.data[0].id) as string))
})

t.test('renderings kept in memory: another server’s write shows on the next read, with a new ETag; equal bodies keep their ETag', async (t) => {
  const path = join(tempDir(t), 'kb.sqlite')
  const reader = await build(t, { DATABASE_PATH: path })
  const writer = await build(t, { DATABASE_PATH: path })
  const list = '/v1/treatments?modality=pharmacological'
  const before = await reader.inject(list)
  t.equal((await reader.inject(list)).headers.etag, before.headers.etag, 'the same page, the same ETag')
  const item = await reader.inject('/v1/treatments/colchicine')

  const admin = createKeyRepository(writer.store.db).create('boss', 'admin').token
  const current = await writer.inject({ url: '/v1/admin/treatments/colchicine', headers: { authorization: `Bearer ${admin}` } })
  const edited = await writer.inject({
    method: 'PATCH',
    url: '/v1/admin/treatments/colchicine',
    headers: { authorization: `Bearer ${admin}`, 'if-match': String(current.headers.etag), 'content-type': 'application/merge-patch+json' },
    payload: { summary: 'Changed on another server.' }
  })
  t.equal(edited.statusCode, 200)

  const after = await reader.inject(list)
  t.equal(after.json().data.find((entity: { id: string }) => entity.id === 'colchicine').summary, 'Changed on another server.', 'the list shows it')
  t.not(after.headers.etag, before.headers.etag, 'under a new ETag')
  t.equal((await reader.inject({ url: list, headers: { 'if-none-match': String(before.headers.etag) } })).statusCode, 200, 'the old ETag no longer matches')
  const itemAfter = await reader.inject('/v1/treatments/colchicine')
  t.equal(itemAfter.json().data.summary, 'Changed on another server.', 'the item shows it')
  t.not(itemAfter.headers.etag, item.headers.etag)
  t.equal((await reader.inject({ url: list, headers: { 'if-none-match': String(after.headers.etag) } })).statusCode, 304, 'the new ETag matches')
})

t.test('renderings kept in memory: a page larger than the memory budget comes whole and in order', async (t) => {
  const app = await build(t)
  const sqlite = app.store.sqlite
  // 40 kB: the 15 treatments' renderings (about 75 kB) do not fit, so reading them evicts some.
  const reader = createRenderedReader(sqlite, createStatements(sqlite), 40_000)
  if (!reader) throw new Error('the read model is missing')
  const stored = sqlite.prepare("select id, body from rendered_entities where kind = 'treatments' order by id desc").all() as Array<{ id: string; body: string }>
  t.ok(stored.reduce((bytes, row) => bytes + Buffer.byteLength(row.body), 0) > 40_000, 'more than the budget')
  const version = reader.contentVersion() as number
  for (const round of ['first', 'second']) {
    const page = reader.fragments(KINDS.treatments, stored.map((row) => row.id), version)
    t.same(
      page.map((fragment) => fragment.bytes.toString()),
      stored.map((row) => row.body),
      `${round} read: every rendering, in the order asked`
    )
  }
})
