/** The editors' API: authentication, the draft → cite → publish lifecycle, concurrency, revisions, audit. */
import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { createKeyRepository } from '../../src/repositories/keys.js'
import { build } from '../helper.js'

const app = await build(t, { AUTH_FAILURE_LIMIT: '1000000' }) // the 401 matrix fails on purpose, many times
const keys = createKeyRepository(app.store.db)
const editor = keys.create('ed', 'editor').token
const editor2 = keys.create('ed2', 'editor').token
const admin = keys.create('boss', 'admin').token

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
async function call(appInstance: FastifyInstance, method: Method, url: string, key?: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await appInstance.inject({
    method,
    url,
    headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers },
    ...(body === undefined ? {} : { payload: body as object })
  })
  return { status: response.statusCode, headers: response.headers, body: response.body ? response.json() : undefined }
}
const as = (key: string | undefined) => ({
  get: (url: string, headers?: Record<string, string>) => call(app, 'GET', url, key, undefined, headers),
  post: (url: string, body?: unknown, headers?: Record<string, string>) => call(app, 'POST', url, key, body, headers),
  put: (url: string, body?: unknown, headers?: Record<string, string>) => call(app, 'PUT', url, key, body, headers),
  patch: (url: string, body: unknown, headers?: Record<string, string>) => call(app, 'PATCH', url, key, body, headers),
  delete: (url: string, headers?: Record<string, string>) => call(app, 'DELETE', url, key, undefined, headers)
})
const ed = as(editor)
const boss = as(admin)
const QUOTE = 'Sodium thiosulfate is gaining attention as a treatment, particularly for severe types like calciphylaxis.'
const SOURCE = 'allfit-calcinosis-cutis'

t.test('every admin route: 401 without a key or with a wrong one, 403 for an editor on admin-only routes', async (t) => {
  const spec = (await app.inject('/openapi.json')).json()
  let checked = 0
  for (const [path, item] of Object.entries<Record<string, any>>(spec.paths)) {
    for (const [method, operation] of Object.entries<any>(item)) {
      if (!operation.security?.length) continue
      const url = `/v1${path.replace('/v1', '')}`
        .replace('{collection}', 'types')
        .replace('{action}', 'publish')
        .replace('{id}', 'dystrophic')
        .replace('{relation}', operation.parameters?.find((p: any) => p.name === 'relation')?.schema?.anyOf?.[0]?.const ?? 'causes')
        .replace('{otherId}', 'trauma')
        .replace('{number}', '1')
        .replace('{citationId}', '1')
      const m = method.toUpperCase() as Method
      const none = await call(app, m, url)
      t.equal(none.status, 401, `${m} ${url} without a key`)
      t.equal(none.body.type, '/problems/unauthorized')
      t.match(none.headers['www-authenticate'], /^Bearer/)
      const wrong = await call(app, m, url, 'kb_000000000000_' + 'x'.repeat(43))
      t.equal(wrong.status, 401, `${m} ${url} with a wrong key`)
      if (operation.summary.includes('(admins)')) {
        const forbidden = await call(app, m, url, editor, m === 'POST' && path.endsWith('/import') ? { format: 'medical-kb/1' } : undefined)
        t.equal(forbidden.status, 403, `${m} ${url} as an editor`)
        t.equal(forbidden.body.type, '/problems/forbidden')
      }
      checked++
    }
  }
  t.ok(checked > 40, `${checked} secured operations`)
})

t.test('draft -> cite -> publish -> public, in search, and in MCP-backed routes', async (t) => {
  const created = await ed.post('/v1/admin/treatments', { id: 'test-draft-cure', name: 'Quokkamycin', summary: 'A test entry.', modality: 'pharmacological' })
  t.equal(created.status, 201)
  t.equal(created.headers.location, '/v1/admin/treatments/test-draft-cure')
  t.match(created.headers.etag, /^"[^"]+"$/)
  t.match(created.body.data, { id: 'test-draft-cure', status: 'draft', version: 1, citations: [] })
  t.equal((await as(undefined).get('/v1/treatments/test-draft-cure')).status, 404, 'a draft is not public')
  t.same((await as(undefined).get('/v1/search?q=quokkamycin')).body.data, [], 'nor searchable')

  const early = await boss.post('/v1/admin/treatments/test-draft-cure/publish')
  t.equal(early.status, 422, 'no publishing without a citation')
  t.match(early.body.detail, /citation/)

  const cited = await ed.post('/v1/admin/treatments/test-draft-cure/citations', { source: SOURCE, quote: QUOTE })
  t.equal(cited.status, 201)
  t.match(cited.body.data.citations, [{ source: SOURCE, section: 'treatment-options-for-calcinosis-cutis', quote: QUOTE }], 'section found from the quote')
  t.match(cited.headers.location, /\/citations\/\d+$/)

  t.equal((await ed.post('/v1/admin/treatments/test-draft-cure/publish')).status, 403, 'editors do not publish')
  const published = await boss.post('/v1/admin/treatments/test-draft-cure/publish')
  t.equal(published.status, 200)
  t.equal(published.body.data.status, 'published')
  const pub = await as(undefined).get('/v1/treatments/test-draft-cure')
  t.equal(pub.status, 200, 'public once published')
  t.notOk('status' in pub.body.data, 'editorial fields stay private')
  t.ok((await as(undefined).get('/v1/search?q=quokkamycin')).body.data.some((h: { id: string }) => h.id === 'test-draft-cure'), 'searchable')

  const unpublished = await boss.post('/v1/admin/treatments/test-draft-cure/unpublish')
  t.equal(unpublished.body.data.status, 'draft')
  t.equal((await as(undefined).get('/v1/treatments/test-draft-cure')).status, 404, 'gone again')
})

t.test('two editors race on one record: one gets 412, nothing is lost', async (t) => {
  const first = await ed.get('/v1/admin/causes/trauma')
  const etag = first.headers.etag as string
  const a = await ed.patch('/v1/admin/causes/trauma', { summary: 'Edited by A.' }, { 'if-match': etag })
  t.equal(a.status, 200)
  t.not(a.headers.etag, etag)
  const b = await as(editor2).patch('/v1/admin/causes/trauma', { summary: 'Edited by B.' }, { 'if-match': etag })
  t.equal(b.status, 412)
  t.equal(b.body.type, '/problems/precondition-failed')
  t.equal((await ed.get('/v1/admin/causes/trauma')).body.data.summary, 'Edited by A.', "A's change stands")
  const retry = await as(editor2).patch('/v1/admin/causes/trauma', { summary: 'Edited by B.' }, { 'if-match': a.headers.etag as string })
  t.equal(retry.status, 200, 'B succeeds after reading again')
  const revisions = (await ed.get('/v1/admin/causes/trauma/revisions')).body.data
  t.match(revisions.slice(-2), [{ actor: 'ed' }, { actor: 'ed2' }], 'both changes are in the history')
})

t.test('PATCH needs If-Match (428) and refuses read-only and unknown fields (400)', async (t) => {
  const noMatch = await ed.patch('/v1/admin/causes/trauma', { name: 'X' })
  t.equal(noMatch.status, 428)
  const etag = (await ed.get('/v1/admin/causes/trauma')).headers.etag as string
  for (const field of ['status', 'version', 'createdAt', 'updatedAt', 'deletedAt', 'id', '__proto__', 'isAdmin']) {
    const response = await ed.patch('/v1/admin/causes/trauma', JSON.parse(`{"${field}": "x"}`), { 'if-match': etag })
    t.equal(response.status, 400, `${field} cannot be set`)
    // A __proto__ key is refused by the JSON parser itself, before validation names it.
    if (field !== '__proto__') t.equal(response.body.invalidParams?.[0]?.name, field)
  }
  t.equal((await ed.patch('/v1/admin/causes/trauma', {}, { 'if-match': etag })).status, 400, 'an empty patch')
  t.equal((await ed.patch('/v1/admin/causes/trauma', { category: 'made-up' }, { 'if-match': etag })).status, 400, 'a value outside the vocabulary')
  t.equal((await ed.post('/v1/admin/causes', { id: 'x-cause', name: 'X', summary: 'S', category: 'genetic', status: 'published' })).status, 400, 'no publishing through create')
  const merge = await app.inject({
    method: 'PATCH',
    url: '/v1/admin/causes/trauma',
    headers: { authorization: `Bearer ${editor}`, 'if-match': etag, 'content-type': 'application/merge-patch+json' },
    payload: JSON.stringify({ aliases: ['injury'] })
  })
  t.equal(merge.statusCode, 200, 'application/merge-patch+json is accepted')
  t.same(merge.json().data.aliases, ['injury'])
})

t.test('create: the client chooses the id; a taken or malformed id is refused', async (t) => {
  t.equal((await ed.post('/v1/admin/causes', { id: 'trauma', name: 'T', summary: 'S', category: 'genetic' })).status, 409)
  t.equal((await ed.post('/v1/admin/causes', { id: 'Not A Slug', name: 'T', summary: 'S', category: 'genetic' })).status, 400)
  t.equal((await ed.post('/v1/admin/causes', { id: 'no-category', name: 'T', summary: 'S' })).status, 400)
  t.equal((await ed.post('/v1/admin/types', { id: 'loop', name: 'L', summary: 'S', parent: 'no-such-type' })).status, 422)
})

t.test('citations must be verbatim', async (t) => {
  const url = '/v1/admin/causes/trauma/citations'
  const cases: Array<[string, object]> = [
    ['paraphrase', { source: SOURCE, quote: 'Sodium thiosulfate is a great treatment.' }],
    ['wrong section', { source: SOURCE, section: 'introduction', quote: QUOTE }],
    ['unknown section', { source: SOURCE, section: 'nowhere', quote: QUOTE }],
    ['unknown source', { source: 'no-such-source', quote: QUOTE }],
    ['across paragraphs', { source: SOURCE, quote: 'relief and improved skin health.\n\nRisks' }]
  ]
  for (const [name, body] of cases) {
    const response = await ed.post(url, body)
    t.equal(response.status, 422, name)
    t.equal(response.body.type, '/problems/unprocessable-content')
  }
  t.equal((await ed.post(url, { source: SOURCE, quote: QUOTE, extra: 1 })).status, 400, 'unknown field')
})

t.test('links: put with a note and evidence, shown on both sides, then removed', async (t) => {
  const put = await ed.put('/v1/admin/types/dystrophic/treatments/sodium-thiosulfate', { note: 'test note', citations: [{ source: SOURCE, quote: QUOTE }] })
  t.equal(put.status, 200)
  const ref = put.body.data.treatments.find((r: { id: string }) => r.id === 'sodium-thiosulfate')
  t.match(ref, { note: 'test note', citations: [{ quote: QUOTE }] })
  const other = (await as(undefined).get('/v1/treatments/sodium-thiosulfate')).body.data
  t.ok(other.types.some((r: { id: string; note: string }) => r.id === 'dystrophic' && r.note === 'test note'), 'seen from the other side')
  t.equal((await ed.put('/v1/admin/types/dystrophic/treatments/no-such-treatment')).status, 404, 'unknown other id')
  t.equal((await ed.put('/v1/admin/types/no-such-type/treatments/diltiazem')).status, 404, 'unknown id')
  t.equal((await ed.put('/v1/admin/types/dystrophic/spells/diltiazem')).status, 400, 'unknown relation')
  const removed = await ed.delete('/v1/admin/types/dystrophic/treatments/sodium-thiosulfate')
  t.equal(removed.status, 200)
  t.notOk(removed.body.data.treatments.some((r: { id: string }) => r.id === 'sodium-thiosulfate'))
  t.equal((await ed.delete('/v1/admin/types/dystrophic/treatments/sodium-thiosulfate')).status, 404, 'not linked any more')
})

t.test('one route for every collection: the path names it, its own relations and fields apply', async (t) => {
  const type = await ed.get('/v1/admin/types/dystrophic')
  t.equal(type.status, 200)
  t.ok(Array.isArray(type.body.data.subtypes) && Array.isArray(type.body.data.treatments), "a type answers with a type's fields")
  const treatment = await ed.get('/v1/admin/treatments/diltiazem')
  t.ok(Array.isArray(treatment.body.data.symptoms) && 'drugClass' in treatment.body.data, "a treatment with a treatment's")
  const narrow = await ed.get('/v1/admin/treatments/diltiazem?fields=name')
  t.same(Object.keys(narrow.body.data).sort(), ['id', 'name'])
  t.equal(narrow.headers.etag, treatment.headers.etag, 'a sparse view carries the entity ETag')

  const notMine = await ed.put('/v1/admin/treatments/diltiazem/bodySites/fingertips')
  t.equal(notMine.status, 400, "a relation of another collection (types have body sites, treatments don't)")
  t.equal(notMine.body.invalidParams[0].name, 'relation')
  const include = await ed.get('/v1/admin/treatments/diltiazem?include=bodySites')
  t.equal(include.status, 400, "an include of another collection's relation")
  t.equal(include.body.invalidParams[0].name, 'include')

  for (const [method, url] of [
    ['GET', '/v1/admin/spells/x'],
    ['DELETE', '/v1/admin/spells/x'],
    ['POST', '/v1/admin/spells/x/publish'],
    ['GET', '/v1/admin/spells/x/revisions'],
    ['PUT', '/v1/admin/spells/x/types/dystrophic']
  ] as const) {
    const response = await call(app, method, url, admin, method === 'PUT' ? {} : undefined)
    t.equal(response.status, 404, `${method} ${url}: an unknown collection names nothing`)
    t.equal(response.body.type, '/problems/not-found')
  }
  t.equal((await boss.post('/v1/admin/types/dystrophic/promote')).status, 400, 'an unknown lifecycle action')
})

t.test('the last citation of a published entity cannot be removed', async (t) => {
  const entity = (await ed.get('/v1/admin/symptoms/limited-mobility')).body.data
  t.equal(entity.status, 'published')
  t.equal(entity.citations.length, 1)
  const response = await ed.delete(`/v1/admin/symptoms/limited-mobility/citations/${entity.citations[0].id}`)
  t.equal(response.status, 409)
  t.equal((await ed.delete('/v1/admin/symptoms/limited-mobility/citations/999999')).status, 404)
})

t.test('revision restore brings back fields, aliases, citations and links', async (t) => {
  const created = await ed.post('/v1/admin/complications', { id: 'test-complication', name: 'Original', summary: 'First.', aliases: ['first alias'] })
  t.equal(created.status, 201)
  await ed.post('/v1/admin/complications/test-complication/citations', { source: SOURCE, quote: QUOTE })
  await ed.put('/v1/admin/complications/test-complication/types/calciphylaxis', { note: 'kept' })
  const good = (await ed.get('/v1/admin/complications/test-complication')).body.data
  const goodNumber = (await ed.get('/v1/admin/complications/test-complication/revisions')).body.data.at(-1).number
  await ed.patch('/v1/admin/complications/test-complication', { name: 'Mangled', aliases: [] }, { 'if-match': (await ed.get('/v1/admin/complications/test-complication')).headers.etag as string })
  await ed.delete('/v1/admin/complications/test-complication/types/calciphylaxis')
  await ed.delete(`/v1/admin/complications/test-complication/citations/${good.citations[0].id}`)

  const snapshot = (await ed.get(`/v1/admin/complications/test-complication/revisions/${goodNumber}`)).body.data
  t.match(snapshot, { number: goodNumber, actor: 'ed', snapshot: { name: 'Original' } })
  t.equal((await ed.post(`/v1/admin/complications/test-complication/revisions/${goodNumber}/restore`)).status, 403, 'admins restore')
  const restored = (await boss.post(`/v1/admin/complications/test-complication/revisions/${goodNumber}/restore`)).body.data
  t.equal(restored.name, 'Original')
  t.same(restored.aliases, ['first alias'])
  t.match(restored.citations, [{ quote: QUOTE }])
  t.match(restored.types, [{ id: 'calciphylaxis', note: 'kept' }])
  const history = (await ed.get('/v1/admin/complications/test-complication/revisions')).body.data
  t.match(history.at(-1), { actor: 'boss', summary: `restored revision ${goodNumber}` })
  t.equal((await ed.get('/v1/admin/complications/test-complication/revisions/999')).status, 404)
})

t.test('delete is soft, needs If-Match and an admin; restore brings the entity back', async (t) => {
  const etag = (await ed.get('/v1/admin/body-sites/scalp')).headers.etag as string
  t.equal((await ed.delete('/v1/admin/body-sites/scalp', { 'if-match': etag })).status, 403)
  t.equal((await boss.delete('/v1/admin/body-sites/scalp')).status, 428)
  t.equal((await boss.delete('/v1/admin/body-sites/scalp', { 'if-match': '"stale"' })).status, 412)
  const deleted = await boss.delete('/v1/admin/body-sites/scalp', { 'if-match': etag })
  t.equal(deleted.status, 200)
  t.ok(deleted.body.data.deletedAt)
  t.equal((await as(undefined).get('/v1/body-sites/scalp')).status, 410, 'not public: gone')
  t.ok((await ed.get('/v1/admin/body-sites?deleted=only')).body.data.some((e: { id: string }) => e.id === 'scalp'), 'listed for editors')
  t.equal((await ed.patch('/v1/admin/body-sites/scalp', { name: 'x' }, { 'if-match': deleted.headers.etag as string })).status, 409, 'no edits while deleted')
  const restored = await boss.post('/v1/admin/body-sites/scalp/restore')
  t.equal(restored.status, 200)
  t.equal(restored.body.data.deletedAt, null)
  t.equal((await as(undefined).get('/v1/body-sites/scalp')).status, 200)
  t.equal((await boss.post('/v1/admin/body-sites/scalp/restore')).status, 409, 'not deleted')
})

t.test('admin lists show drafts, filter by status', async (t) => {
  await ed.post('/v1/admin/prevention', { id: 'test-draft-prevention', name: 'Draft prevention', summary: 'S' })
  const drafts = (await ed.get('/v1/admin/prevention?status=draft')).body.data
  t.ok(drafts.some((e: { id: string }) => e.id === 'test-draft-prevention'))
  t.ok(drafts.every((e: { status: string }) => e.status === 'draft'))
  t.equal((await ed.get('/v1/admin/prevention?status=secret')).status, 400)
})

t.test('the audit trail records who did what, filterable', async (t) => {
  t.equal((await ed.get('/v1/admin/audit')).status, 403, 'admins only')
  const all = (await boss.get('/v1/admin/audit?limit=100')).body
  t.ok(all.data.length > 5)
  t.match(all.data[0], { id: Number, at: String, actor: String, role: String, action: String })
  const trauma = (await boss.get('/v1/admin/audit?entity=causes/trauma')).body.data
  t.ok(trauma.length >= 2 && trauma.every((e: { entityId: string }) => e.entityId === 'trauma'))
  const byEd2 = (await boss.get('/v1/admin/audit?actor=ed2')).body.data
  t.ok(byEd2.length > 0 && byEd2.every((e: { actor: string }) => e.actor === 'ed2'))
  const page = (await boss.get('/v1/admin/audit?limit=2')).body
  const next = (await boss.get(`/v1/admin/audit?limit=2&cursor=${page.page.nextCursor}`)).body
  t.ok(next.data[0].id < page.data[1].id, 'older entries on the next page')
  t.equal((await boss.get('/v1/admin/audit?since=yesterday')).status, 400)
  t.equal((await boss.get('/v1/admin/audit?entity=spells/x')).status, 400)
  t.same((await boss.get('/v1/admin/audit?since=2999-01-01T00:00:00Z')).body.data, [])
})

t.test('admins add sources that editors can then cite', async (t) => {
  const body = { id: 'test-source', title: 'A test source', publisher: 'Test', sections: [{ id: 'one', heading: 'One', text: 'A zanthoxylum paragraph.\n\nAnother paragraph.' }] }
  t.equal((await ed.post('/v1/admin/sources', body)).status, 403)
  const created = await boss.post('/v1/admin/sources', body)
  t.equal(created.status, 201)
  t.equal(created.headers.location, '/v1/sources/test-source')
  t.equal((await boss.post('/v1/admin/sources', body)).status, 409)
  const cite = await ed.post('/v1/admin/causes/trauma/citations', { source: 'test-source', quote: 'A zanthoxylum paragraph.' })
  t.equal(cite.status, 201)
  const passages = (await as(undefined).get('/v1/passages?q=zanthoxylum')).body.data
  t.match(passages, [{ source: { id: 'test-source' }, section: { id: 'one' }, text: 'A zanthoxylum paragraph.' }])
})

t.test('repeated failed authentication from one client is rate-limited', async (t) => {
  const limited = await build(t, { AUTH_FAILURE_LIMIT: '3', AUTH_FAILURE_WINDOW: '60' })
  for (let i = 0; i < 3; i++) t.equal((await call(limited, 'GET', '/v1/admin/causes', 'kb_bad')).status, 401)
  const blocked = await call(limited, 'GET', '/v1/admin/causes', 'kb_bad')
  t.equal(blocked.status, 429)
  t.ok(Number(blocked.headers['retry-after']) > 0)
  t.equal(blocked.body.type, '/problems/too-many-requests')
})

t.test('an entity holds at most 100 citations, the bound its answers promise (a 409 beyond)', async (t) => {
  const words = Array.from({ length: 101 }, (_, i) => `quotable${String(i).padStart(3, '0')}`)
  t.equal((await boss.post('/v1/admin/sources', { id: 'many-quotes', title: 'Many quotes', publisher: 'Test', sections: [{ id: 'all', heading: 'All', text: words.join(' ') }] })).status, 201)
  t.equal((await ed.post('/v1/admin/prevention', { id: 'much-cited', name: 'Much cited', summary: 'Cited a hundred times.' })).status, 201)
  for (const word of words.slice(0, 100)) {
    const response = await ed.post('/v1/admin/prevention/much-cited/citations', { source: 'many-quotes', quote: word })
    if (response.status !== 201) t.fail(`${word}: ${response.status}`)
  }
  const refused = await ed.post('/v1/admin/prevention/much-cited/citations', { source: 'many-quotes', quote: words[100] })
  t.equal(refused.status, 409)
  t.match(refused.body.detail, /100 citations/)
  t.equal((await ed.get('/v1/admin/prevention/much-cited')).body.data.citations.length, 100)

  const link = '/v1/admin/prevention/much-cited/conditions/calcinosis-cutis'
  for (let batch = 0; batch < 10; batch++) {
    const citations = words.slice(batch * 10, batch * 10 + 10).map((quote) => ({ source: 'many-quotes', quote }))
    const response = await ed.put(link, { citations })
    if (response.status !== 200) t.fail(`batch ${batch}: ${response.status}`)
  }
  const linkRefused = await ed.put(link, { citations: [{ source: 'many-quotes', quote: words[100] }] })
  t.equal(linkRefused.status, 409, 'a link holds at most 100 citations too')
  t.match(linkRefused.body.detail, /more than 100 citations/)
})
