/**
 * Related entities (issue 13): near-duplicates and look-alikes the seed relates
 * (`seed/<article>/related.json`) are served on every member as `related`, each with the
 * note saying how they differ and the quotes it rests on; only published members show.
 */
import t from 'tap'
import { createKeyRepository } from '../../src/repositories/keys.js'
import { build, getJson } from '../helper.js'

const app = await build(t)
const get = (url: string) => getJson(app, url)
const admin = createKeyRepository(app.store.db).create('related-admin', 'admin').token

t.test('an entity lists the entities related to it, of any kind, with the note and its quotes', async (t) => {
  const { response, body } = await get('/v1/causes/infection')
  t.equal(response.statusCode, 200)
  t.match(body.data.related, [
    {
      kind: 'complications',
      id: 'infection',
      name: String,
      note: /Same word, two different claims/,
      citations: [{ source: 'allfit-calcinosis-cutis', section: 'underlying-medical-conditions', heading: 'Underlying Medical Conditions', quote: /trauma, infections, or inflammation/ }, {}]
    }
  ])
  const other = (await get('/v1/complications/infection')).body.data
  t.same(other.related.map((r: { kind: string; id: string }) => `${r.kind}/${r.id}`), ['causes/infection'], 'and the other way round')
})

t.test('every other member of a group is listed, and an entity in no group has none', async (t) => {
  const ulceration = (await get('/v1/symptoms/ulceration-with-chalky-discharge')).body.data
  t.same(ulceration.related.map((r: { kind: string; id: string }) => `${r.kind}/${r.id}`).sort(), [
    'complications/ulcerated-lesions-and-skin-breakdown',
    'prognosis/ulceration-in-up-to-30-percent'
  ])
  t.same((await get('/v1/body-sites/fingers')).body.data.related.map((r: { id: string }) => r.id), ['fingertips'], 'collections named by their path')
  t.same((await get('/v1/diagnostics/biopsy')).body.data.related, [])
})

t.test('related is a field like the others: in lists, and in a sparse fieldset', async (t) => {
  const list = (await get('/v1/treatments?fields=related&limit=100')).body.data
  t.ok(list.find((item: { id: string }) => item.id === 'co2-laser').related.some((r: { id: string }) => r.id === 'laser-therapy'))
  t.same(Object.keys(list[0]).sort(), ['id', 'related'])
})

t.test('an unpublished member is not shown to the public', async (t) => {
  const unpublish = await app.inject({ method: 'POST', url: '/v1/admin/complications/infection/unpublish', headers: { authorization: `Bearer ${admin}` } })
  t.equal(unpublish.statusCode, 200)
  t.same((await get('/v1/causes/infection')).body.data.related, [])
  const editorial = await app.inject({ url: '/v1/admin/causes/infection', headers: { authorization: `Bearer ${admin}` } })
  t.same(editorial.json().data.related.map((r: { id: string }) => r.id), ['infection'], 'editors still see it')
})
