/**
 * Provenance, meta and standard codes (issue 13): what a source says about itself, the
 * `meta` of every list and item answer (kept in step with the content, response cache on),
 * and codes — edited through the write path, filtered on, looked up, exported and imported.
 */
import { cpSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { readDatasetFolder } from '../../src/dataset/read.js'
import { DatasetError } from '../../src/dataset/errors.js'
import { seedFolder } from '../../src/paths.js'
import { createKeyRepository } from '../../src/repositories/keys.js'
import { build, tempDir } from '../helper.js'

// The response cache on: meta and ETags must follow a write all the same.
const app = await build(t, { RESPONSE_CACHE_MAX_BYTES: '10000000' })
const keys = createKeyRepository(app.store.db)
const editor = keys.create('ed', 'editor').token
const admin = keys.create('boss', 'admin').token

async function call(method: 'GET' | 'PATCH' | 'POST', url: string, key?: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await app.inject({ method, url, headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers }, ...(body === undefined ? {} : { payload: body as object }) })
  return { status: response.statusCode, headers: response.headers, body: response.body ? response.json() : undefined }
}
/** A test code: the shape of a verified one, not a claim about the real terminologies. */
const CODE = { system: 'ICD-10', code: 'X99.9', display: 'Test display', source: 'https://codes.example/X99.9', verifiedAt: '2026-11-30' }

t.test('a source states its provenance, and unknown as unknown', async (t) => {
  const { body } = await call('GET', '/v1/sources/allfit-calcinosis-cutis')
  t.match(body.data, { publisher: 'Allfit Well Health Team', url: null, retrievedAt: null, language: 'en', license: 'unknown' })
  const list = await call('GET', '/v1/sources')
  t.match(list.body.data[0], { language: 'en', license: 'unknown' })
})

t.test('every list and item answer carries the same meta, its dataset version the export\'s', async (t) => {
  const exported = await call('GET', '/v1/export')
  const answers = await Promise.all(['/v1/treatments', '/v1/treatments/diltiazem', '/v1/sources', '/v1/sources/allfit-calcinosis-cutis'].map((url) => call('GET', url)))
  for (const { body } of answers) {
    t.equal(body.meta.datasetVersion, exported.body.datasetVersion)
    t.match(body.meta.disclaimer, /not medical advice/)
    t.match(body.meta.attribution, /Allfit Well Health Team.*no address recorded.*licence: unknown/)
    t.match(body.meta.lastUpdated, /^\d{4}-\d{2}-\d{2}T/)
  }
})

t.test('a change of content changes meta, the answers that carry it and their ETags (response cache on)', async (t) => {
  const before = await call('GET', '/v1/treatments/diltiazem')
  const list = await call('GET', '/v1/causes?limit=1')
  t.equal((await app.inject({ url: '/v1/causes?limit=1', headers: { 'if-none-match': list.headers.etag as string } })).statusCode, 304)
  const etag = (await call('GET', '/v1/admin/treatments/diltiazem', editor)).headers.etag as string
  t.equal((await call('PATCH', '/v1/admin/treatments/diltiazem', editor, { codes: [CODE] }, { 'if-match': etag })).status, 200)
  const after = await call('GET', '/v1/treatments/diltiazem')
  t.not(after.body.meta.datasetVersion, before.body.meta.datasetVersion, 'codes are content: the dataset version moves')
  t.ok(after.body.meta.lastUpdated > before.body.meta.lastUpdated, 'lastUpdated is the time of the change')
  const listAfter = await call('GET', '/v1/causes?limit=1')
  t.not(listAfter.headers.etag, list.headers.etag, 'an answer whose data did not change still shows the new meta, under a new ETag')
  t.equal(listAfter.body.meta.datasetVersion, after.body.meta.datasetVersion)
  t.equal((await call('GET', '/v1/export')).body.datasetVersion, after.body.meta.datasetVersion)
})

t.test('codes: edited through the write path, shown, filtered on, looked up', async (t) => {
  const item = await call('GET', '/v1/treatments/diltiazem')
  t.same(item.body.data.codes, [CODE])
  const revisions = await call('GET', '/v1/admin/treatments/diltiazem/revisions', editor)
  t.match(revisions.body.data.at(-1), { actor: 'ed', summary: 'edited codes' })
  t.same((await call('GET', '/v1/treatments?code=ICD-10:X99.9')).body.data.map((e: any) => e.id), ['diltiazem'])
  t.same((await call('GET', '/v1/causes?code=ICD-10:X99.9')).body.data, [], 'every collection takes the filter')
  t.same((await call('GET', '/v1/treatments?code=HPO:HP:0000001')).body.data, [], 'a code may hold a colon')
  for (const bad of ['X99.9', 'NOPE:X99.9', 'ICD-10:', 'ICD-10:a b']) t.equal((await call('GET', `/v1/treatments?code=${encodeURIComponent(bad)}`)).status, 400, bad)

  const lookup = await call('GET', '/v1/codes/ICD-10/X99.9')
  t.equal(lookup.status, 200)
  t.match(lookup.body.data, { system: 'ICD-10', code: 'X99.9', display: 'Test display', entities: [{ collection: 'treatments', id: 'diltiazem', name: 'Diltiazem' }] })
  t.ok(lookup.body.meta.datasetVersion)
  const none = await call('GET', '/v1/codes/ICD-10/X00.0')
  t.equal(none.status, 404)
  t.equal(none.headers['content-type'], 'application/problem+json; charset=utf-8')
  t.equal((await call('GET', '/v1/codes/NOPE/X99.9')).status, 400)
})

t.test('a code must name its system, a listing and a date: else 400, nothing written', async (t) => {
  const etag = (await call('GET', '/v1/admin/treatments/diltiazem', editor)).headers.etag as string
  for (const bad of [{ ...CODE, system: 'ICD-9' }, { ...CODE, source: 'not a url' }, { ...CODE, verifiedAt: 'yesterday' }, { ...CODE, extra: 1 }, { system: 'ICD-10', code: 'X1' }]) {
    t.equal((await call('PATCH', '/v1/admin/treatments/diltiazem', editor, { codes: [bad] }, { 'if-match': etag })).status, 400, JSON.stringify(bad))
  }
  t.same((await call('GET', '/v1/treatments/diltiazem')).body.data.codes, [CODE])
})

t.test('codes travel in bundles: export -> import -> export is stable', async (t) => {
  const first = (await call('GET', '/v1/export')).body
  t.same(first.entities.treatments.find((e: any) => e.id === 'diltiazem').codes, [CODE])
  t.notOk('codes' in first.entities.treatments.find((e: any) => e.id === 'pamidronate'), 'no empty codes in a bundle')
  t.same(first.sources[0], { ...first.sources[0], retrievedAt: null, language: 'en', license: 'unknown' })

  const other = await build(t, {}, { seedIfEmpty: false })
  const otherAdmin = createKeyRepository(other.store.db).create('boss', 'admin').token
  const imported = await other.inject({ method: 'POST', url: '/v1/admin/import', headers: { authorization: `Bearer ${otherAdmin}` }, payload: first })
  t.equal(imported.statusCode, 200, imported.body.slice(0, 500))
  const second = (await other.inject('/v1/export')).json()
  t.same(second, first)
  t.equal((await other.inject('/v1/codes/ICD-10/X99.9')).statusCode, 200)
  const again = await app.inject({ method: 'POST', url: '/v1/admin/import', headers: { authorization: `Bearer ${admin}` }, payload: first })
  t.equal(again.json().data.entities.updated.length, 0, 'importing the same bundle changes nothing')
})

t.test('the seed loader reads codes.json beside a dataset, and refuses a code of an entity it lacks', async (t) => {
  const dir = tempDir(t)
  const folder = join(dir, 'calcinosis-cutis')
  cpSync(join(seedFolder, 'calcinosis-cutis'), folder, { recursive: true })
  writeFileSync(join(folder, 'codes.json'), JSON.stringify([{ kind: 'conditions', id: 'calcinosis-cutis', ...CODE }]))
  t.same(readDatasetFolder(folder).codes, [{ kind: 'conditions', id: 'calcinosis-cutis', ...CODE }])
  writeFileSync(join(folder, 'codes.json'), JSON.stringify([{ kind: 'conditions', id: 'nothing-here', ...CODE }]))
  t.throws(() => readDatasetFolder(folder), DatasetError)
  writeFileSync(join(folder, 'codes.json'), JSON.stringify([{ kind: 'conditions', id: 'calcinosis-cutis', ...CODE, source: undefined }]))
  t.throws(() => readDatasetFolder(folder), DatasetError, 'a code without its listing is refused')
})
