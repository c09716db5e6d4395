/**
 * Search stays in step with the kinds: every kind's table queues its writes for
 * re-indexing (the read model's triggers, drained by the write transaction), and an
 * editor's write to each kind, through the admin API, reaches `/v1/search`. A kind whose
 * writes are not queued fails here, not silently in production.
 */
import { getTableName } from 'drizzle-orm'
import type { FastifyInstance } from 'fastify'
import t from 'tap'
import { KIND_LIST, type Kind } from '../../src/kinds/index.js'
import { filterableFields } from '../../src/kinds/fields.js'
import { createKeyRepository } from '../../src/repositories/keys.js'
import { build, getJson } from '../helper.js'

const app = await build(t)
const admin = createKeyRepository(app.store.db).create('search-drift', 'admin').token
const QUOTE = 'Sodium thiosulfate is gaining attention as a treatment, particularly for severe types like calciphylaxis.'

t.test('every kind table queues its inserts, updates and deletes, and no row-by-row search trigger is left', async (t) => {
  const triggers = app.store.sqlite.prepare("select name, tbl_name as tableName from sqlite_master where type = 'trigger'").all() as Array<{
    name: string
    tableName: string
  }>
  for (const kind of KIND_LIST) {
    const table = getTableName(kind.table)
    const onTable = triggers.filter((trigger) => trigger.tableName === table).map((trigger) => trigger.name)
    for (const event of ['insert', 'update', 'delete']) t.ok(onTable.includes(`render_${table}_${event}`), `render_${table}_${event}`)
  }
  t.same(
    triggers.filter((trigger) => trigger.name.includes('_search_')).map((trigger) => trigger.name),
    [],
    'the index is kept once per transaction, not per statement'
  )
})

async function call(instance: FastifyInstance, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, body?: object, etag?: string) {
  const response = await instance.inject({
    method,
    url,
    headers: { authorization: `Bearer ${admin}`, ...(etag ? { 'if-match': etag } : {}) },
    ...(body ? { payload: body } : {})
  })
  return { status: response.statusCode, etag: response.headers.etag as string, body: response.body ? response.json() : undefined }
}

/** A create body any kind accepts: the first value of each required vocabulary. */
function createBody(kind: Kind, id: string, name: string): Record<string, unknown> {
  const body: Record<string, unknown> = { id, name, summary: `A test entry for the ${kind.key} search triggers.` }
  for (const field of filterableFields(kind)) if (!field.nullable) body[field.name] = field.values[0]
  return body
}

/**
 * Made-up words the seed cannot contain, one search token each, that share no trigram
 * with one another: the typo fallback must not find an old name through the new one.
 */
const WORDS = { draft: 'zorbleflax', renamed: 'quimvetrux', alias: 'dypsognath' }

const found = async (kind: Kind, q: string) =>
  ((await getJson(app, `/v1/search?q=${q}&kind=${kind.path}&limit=50`)).body.data as Array<{ kind: string; id: string }>).some(
    (hit) => hit.kind === kind.path && hit.id === `search-drift-${kind.path}`
  )

for (const kind of KIND_LIST) {
  t.test(`${kind.key}: publish, rename and delete through the admin API reach /v1/search`, async (t) => {
    const id = `search-drift-${kind.path}`
    const base = `/v1/admin/${kind.path}`
    const created = await call(app, 'POST', base, createBody(kind, id, `Entry ${WORDS.draft}`))
    t.equal(created.status, 201, 'created')
    t.notOk(await found(kind, WORDS.draft), 'a draft is not searchable')

    t.equal((await call(app, 'POST', `${base}/${id}/citations`, { source: 'allfit-calcinosis-cutis', quote: QUOTE })).status, 201, 'cited')
    const published = await call(app, 'POST', `${base}/${id}/publish`)
    t.equal(published.status, 200, 'published')
    t.ok(await found(kind, WORDS.draft), 'published: found by name')

    const renamed = await call(app, 'PATCH', `${base}/${id}`, { name: `Entry ${WORDS.renamed}` }, published.etag)
    t.equal(renamed.status, 200, 'renamed')
    t.ok(await found(kind, WORDS.renamed), 'found by the new name')
    t.notOk(await found(kind, WORDS.draft), 'not by the old one')

    const aliased = await call(app, 'PATCH', `${base}/${id}`, { aliases: [WORDS.alias] }, renamed.etag)
    t.equal(aliased.status, 200, 'aliased')
    t.ok(await found(kind, WORDS.alias), 'found by its alias')

    const deleted = await call(app, 'DELETE', `${base}/${id}`, undefined, aliased.etag)
    t.equal(deleted.status, 200, 'deleted')
    t.notOk(await found(kind, WORDS.renamed), 'a deleted entity leaves search')
  })
}
