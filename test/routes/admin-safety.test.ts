/** Editors' work is never lost or silently overwritten: the cases a review found. */
import t, { type Test } from 'tap'
import type { FastifyInstance } from 'fastify'
import { createKeyRepository } from '../../src/repositories/keys.js'
import { build } from '../helper.js'

const SOURCE = 'allfit-calcinosis-cutis'
const QUOTE = 'Sodium thiosulfate is gaining attention as a treatment, particularly for severe types like calciphylaxis.'
const OTHER_QUOTE = 'Bisphosphonates, such as pamidronate, are used to prevent calcium deposits in dystrophic calcinosis.'

async function setup(t: Test, env: Record<string, string> = {}) {
  const app = await build(t, env)
  const keys = createKeyRepository(app.store.db)
  const editor = keys.create('ed', 'editor').token
  const admin = keys.create('boss', 'admin').token
  const call = async (key: string | undefined, method: string, url: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await app.inject({
      method: method as 'GET',
      url,
      headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers },
      ...(body === undefined ? {} : { payload: body as object })
    })
    return { status: response.statusCode, headers: response.headers, body: response.body ? response.json() : undefined }
  }
  const etag = async (url: string) => (await call(editor, 'GET', url)).headers.etag as string
  return { app: app as FastifyInstance, editor, admin, call, etag }
}

t.test('restoring a revision without citations onto a published entity is refused', async (t) => {
  const { call, editor, admin } = await setup(t)
  await call(editor, 'POST', '/v1/admin/treatments', { id: 'rx', name: 'Rx', summary: 'S', modality: 'pharmacological' })
  await call(editor, 'POST', '/v1/admin/treatments/rx/citations', { source: SOURCE, quote: QUOTE })
  t.equal((await call(admin, 'POST', '/v1/admin/treatments/rx/publish')).status, 200)
  const restored = await call(admin, 'POST', '/v1/admin/treatments/rx/revisions/1/restore')
  t.equal(restored.status, 409)
  t.equal((await call(undefined, 'GET', '/v1/treatments/rx')).body.data.citations.length, 1, 'still public with its citation')
})

t.test('a link is recorded in both histories; a restore that drops it says so on the other side', async (t) => {
  const { call, editor, admin } = await setup(t)
  await call(editor, 'POST', '/v1/admin/treatments', { id: 'ty', name: 'Ty', summary: 'S', modality: 'surgical' })
  await call(editor, 'PUT', '/v1/admin/types/calciphylaxis/treatments/ty', { note: 'editor X work' })
  const typeHistory = (await call(editor, 'GET', '/v1/admin/types/calciphylaxis/revisions')).body.data
  const treatmentHistory = (await call(editor, 'GET', '/v1/admin/treatments/ty/revisions')).body.data
  t.match(typeHistory.at(-1), { summary: 'linked treatments/ty' })
  t.match(treatmentHistory.at(-1), { summary: 'linked types/calciphylaxis' })
  t.equal((await call(admin, 'POST', '/v1/admin/treatments/ty/revisions/1/restore')).status, 200)
  const after = (await call(editor, 'GET', '/v1/admin/types/calciphylaxis/revisions')).body.data
  t.match(after.at(-1), { summary: /links changed by restoring treatments\/ty/ }, 'the other side records the change')
  const linked = after.find((revision: { summary: string }) => revision.summary === 'linked treatments/ty').number
  t.equal((await call(admin, 'POST', `/v1/admin/types/calciphylaxis/revisions/${linked}/restore`)).status, 200, 'and can restore it')
  t.match((await call(editor, 'GET', '/v1/admin/types/calciphylaxis')).body.data.treatments, [{ id: 'sodium-thiosulfate' }, { id: 'ty', note: 'editor X work' }])
})

t.test('the first edit of seeded content keeps the original as revision 1', async (t) => {
  const { call, editor, admin, etag } = await setup(t)
  const original = (await call(editor, 'GET', '/v1/admin/causes/trauma')).body.data.summary
  t.same((await call(editor, 'GET', '/v1/admin/causes/trauma/revisions')).body.data, [])
  await call(editor, 'PATCH', '/v1/admin/causes/trauma', { summary: 'Oops.' }, { 'if-match': await etag('/v1/admin/causes/trauma') })
  const history = (await call(editor, 'GET', '/v1/admin/causes/trauma/revisions')).body.data
  t.match(history, [{ number: 1, actor: 'system' }, { number: 2, actor: 'ed' }])
  t.equal((await call(editor, 'GET', '/v1/admin/causes/trauma/revisions/1')).body.data.snapshot.summary, original)
  t.equal((await call(admin, 'POST', '/v1/admin/causes/trauma/revisions/1/restore')).body.data.summary, original)
})

t.test('adding evidence to a link keeps its note, and a repeated PUT adds nothing twice', async (t) => {
  const { call, editor } = await setup(t)
  const url = '/v1/admin/types/dystrophic/treatments/diltiazem'
  await call(editor, 'PUT', url, { note: 'only in severe cases' })
  for (let i = 0; i < 3; i++) await call(editor, 'PUT', url, { citations: [{ source: SOURCE, quote: OTHER_QUOTE }] })
  const ref = (await call(editor, 'GET', '/v1/admin/types/dystrophic')).body.data.treatments.find((r: { id: string }) => r.id === 'diltiazem')
  t.equal(ref.note, 'only in severe cases')
  t.equal(ref.citations.filter((c: { quote: string }) => c.quote === OTHER_QUOTE).length, 1)
  await call(editor, 'PUT', url, { note: null })
  t.equal((await call(editor, 'GET', '/v1/admin/types/dystrophic')).body.data.treatments.find((r: { id: string }) => r.id === 'diltiazem').note, null, 'null clears it')
  t.equal((await call(editor, 'POST', '/v1/admin/treatments/diltiazem/citations', { source: SOURCE, quote: OTHER_QUOTE })).status, 201)
  t.equal((await call(editor, 'POST', '/v1/admin/treatments/diltiazem/citations', { source: SOURCE, quote: OTHER_QUOTE })).status, 409, 'the same citation twice')
})

t.test('links to deleted entities and parent cycles are refused', async (t) => {
  const { call, editor, admin, etag } = await setup(t)
  await call(admin, 'DELETE', '/v1/admin/body-sites/scalp', undefined, { 'if-match': await etag('/v1/admin/body-sites/scalp') })
  t.equal((await call(editor, 'PUT', '/v1/admin/types/dystrophic/bodySites/scalp')).status, 409)
  await call(editor, 'POST', '/v1/admin/types', { id: 'ta', name: 'A', summary: 'S' })
  await call(editor, 'POST', '/v1/admin/types', { id: 'tb', name: 'B', summary: 'S' })
  await call(editor, 'PATCH', '/v1/admin/types/ta', { parent: 'tb' }, { 'if-match': await etag('/v1/admin/types/ta') })
  const withParent = (await call(editor, 'GET', '/v1/admin/types/ta/revisions')).body.data.at(-1).number
  await call(editor, 'PATCH', '/v1/admin/types/ta', { parent: null }, { 'if-match': await etag('/v1/admin/types/ta') })
  t.equal((await call(editor, 'PATCH', '/v1/admin/types/tb', { parent: 'ta' }, { 'if-match': await etag('/v1/admin/types/tb') })).status, 200)
  t.equal((await call(admin, 'POST', `/v1/admin/types/ta/revisions/${withParent}/restore`)).status, 422, 'a restore would make a cycle')
  t.equal((await call(editor, 'PATCH', '/v1/admin/types/ta', { parent: 'ta' }, { 'if-match': await etag('/v1/admin/types/ta') })).status, 422)
})

t.test('request bodies are not coerced: a number is not a name', async (t) => {
  const { call, editor, etag } = await setup(t)
  const response = await call(editor, 'PATCH', '/v1/admin/causes/trauma', { name: 12345 }, { 'if-match': await etag('/v1/admin/causes/trauma') })
  t.equal(response.status, 400)
  t.equal((await call(editor, 'PATCH', '/v1/admin/causes/trauma', { aliases: 'one' }, { 'if-match': await etag('/v1/admin/causes/trauma') })).status, 400)
})

t.test('an ETag from a sparse read works as If-Match', async (t) => {
  const { call, editor } = await setup(t)
  const sparse = await call(editor, 'GET', '/v1/admin/causes/trauma?fields=name')
  t.same(Object.keys(sparse.body.data), ['id', 'name'])
  const patched = await call(editor, 'PATCH', '/v1/admin/causes/trauma', { name: 'Trauma (edited)' }, { 'if-match': sparse.headers.etag as string })
  t.equal(patched.status, 200)
})

t.test('admin answers are never publicly cacheable, however the path is spelled', async (t) => {
  const { call, editor } = await setup(t)
  const encoded = await call(editor, 'GET', '/v1/%61dmin/causes/trauma')
  t.equal(encoded.status, 200)
  t.equal(encoded.headers['cache-control'], 'no-store')
})

t.test('anonymous traffic does not lock editors out; a lower-case scheme is accepted', async (t) => {
  const { call, admin } = await setup(t, { AUTH_FAILURE_LIMIT: '3' })
  for (let i = 0; i < 10; i++) t.equal((await call(undefined, 'GET', '/v1/admin/causes')).status, 401)
  t.equal((await call(admin, 'GET', '/v1/admin/causes')).status, 200, 'no key sent is no failed guess')
  const lower = await call(undefined, 'GET', '/v1/admin/causes', undefined, { authorization: `bearer ${admin}` })
  t.equal(lower.status, 200, 'the scheme is case-insensitive')
  for (let i = 0; i < 3; i++) await call('kb_wrong', 'GET', '/v1/admin/causes')
  t.equal((await call('kb_wrong', 'GET', '/v1/admin/causes')).status, 429, 'wrong keys are limited')
  t.equal((await call(admin, 'GET', '/v1/admin/causes')).status, 429, 'during the lockout even a valid key is refused: guessing gains nothing')
})

t.test('audit since accepts any ISO 8601 offset', async (t) => {
  const { call, editor, admin, etag } = await setup(t)
  await call(editor, 'PATCH', '/v1/admin/causes/trauma', { summary: 'Changed.' }, { 'if-match': await etag('/v1/admin/causes/trauma') })
  const hourAgo = new Date(Date.now() - 3600_000)
  const offset = new Date(hourAgo.getTime() + 5 * 3600_000).toISOString().replace('Z', '+05:00')
  const utc = (await call(admin, 'GET', `/v1/admin/audit?since=${encodeURIComponent(hourAgo.toISOString())}`)).body.data.length
  t.ok(utc > 0)
  t.equal((await call(admin, 'GET', `/v1/admin/audit?since=${encodeURIComponent(offset)}`)).body.data.length, utc)
})

t.test('a source section must hold text', async (t) => {
  const { call, admin } = await setup(t)
  const response = await call(admin, 'POST', '/v1/admin/sources', { id: 'blank', title: 'T', publisher: 'P', sections: [{ id: 'a', heading: 'A', text: '   \n\n  ' }] })
  t.equal(response.status, 400)
})

t.test('an over-long path segment is a 414 problem', async (t) => {
  const { app } = await setup(t)
  const response = await app.inject(`/v1/types/${'a'.repeat(500)}`)
  t.equal(response.statusCode, 414)
  t.match(response.headers['content-type'], /^application\/problem\+json/)
})
