/** The one-call condition overview, complete against the seed. */
import t from 'tap'
import { KINDS } from '../../src/kinds/index.js'
import { build, getJson } from '../helper.js'

const app = await build(t)
const { response, body } = await getJson(app, '/v1/conditions/calcinosis-cutis/overview')
const overview = body.data
const seedIds = async (path: string) =>
  (await getJson(app, `/v1/${path}?condition=calcinosis-cutis&limit=100&fields=name`)).body.data.map((e: { id: string }) => e.id).sort()
const flat = (groups: Array<{ items: Array<{ id: string }> }>) => groups.flatMap((group) => group.items.map((item) => item.id)).sort()

t.test('answers JSON with the condition, a disclaimer and the sources', async (t) => {
  t.equal(response.statusCode, 200)
  t.match(overview.condition, { id: 'calcinosis-cutis', name: 'Calcinosis cutis', citations: Array })
  t.match(overview.disclaimer, /not medical advice/i)
  t.match(overview.sources, [{ id: 'allfit-calcinosis-cutis', publisher: 'Allfit Well Health Team' }])
})

t.test('every section is complete against the data, each item cited', async (t) => {
  t.same(flat(overview.causes), await seedIds('causes'), 'causes')
  t.same(flat(overview.treatments), await seedIds('treatments'), 'treatments')
  for (const key of ['symptoms', 'diagnostics', 'complications', 'prognosis', 'prevention', 'warningSigns'] as const) {
    t.same(overview[key].map((item: { id: string }) => item.id).sort(), await seedIds(KINDS[key].path), key)
  }
  const typeIds = overview.types.flatMap((type: { id: string; subtypes: Array<{ id: string }> }) => [type.id, ...type.subtypes.map((s) => s.id)]).sort()
  t.same(typeIds, await seedIds('types'), 'types and variants')
  const all = [...overview.types, ...overview.types.flatMap((type: { subtypes: unknown[] }) => type.subtypes), ...overview.symptoms, ...flat(overview.causes).map(() => ({ citations: [1] }))]
  t.ok(all.every((item: { citations: unknown[] }) => item.citations.length > 0), 'every item has citations')
})

t.test('types nest their variants; causes group by category; treatments by modality with notes', async (t) => {
  t.same(overview.types.map((type: { id: string }) => type.id).sort(), ['calciphylaxis', 'dystrophic', 'iatrogenic', 'idiopathic', 'metastatic', 'tumoral-calcinosis'])
  const idiopathic = overview.types.find((type: { id: string }) => type.id === 'idiopathic')
  t.same(idiopathic.subtypes.map((s: { id: string }) => s.id).sort(), ['milia-like-idiopathic-calcinosis', 'scrotal-calcinosis'])
  const metastatic = overview.types.find((type: { id: string }) => type.id === 'metastatic')
  t.same(metastatic.subtypes, [], 'calciphylaxis is not nested under metastatic')
  t.ok(metastatic.characteristics.some((c: string) => /70 mg²\/dl²/.test(c)))
  for (const group of overview.causes) t.ok(group.items.every((item: { category: string }) => item.category === group.key), `causes/${group.key}`)
  for (const group of overview.treatments) t.ok(group.items.every((item: { modality: string }) => item.modality === group.key), `treatments/${group.key}`)
  const diltiazem = overview.treatments.flatMap((g: { items: unknown[] }) => g.items).find((item: { id: string }) => item.id === 'diltiazem')
  t.ok(diltiazem.links.types.length > 0 || diltiazem.note, 'treatment notes and types are kept')
  const symptom = overview.symptoms.find((item: { id: string }) => item.id === 'firm-whitish-yellow-lesions')
  t.ok(symptom.links.bodySites.some((site: { id: string }) => site.id === 'fingertips'), 'signs carry their body sites')
})

t.test('format=markdown returns compact Markdown with the disclaimer and numbered references', async (t) => {
  const markdown = await app.inject('/v1/conditions/calcinosis-cutis/overview?format=markdown')
  t.equal(markdown.statusCode, 200)
  t.match(markdown.headers['content-type'], /^text\/markdown/)
  t.match(markdown.body, /^# Calcinosis cutis/)
  t.match(markdown.body, /not medical advice/i)
  t.match(markdown.body, /## Treatments\n### Surgical/)
  t.match(markdown.body, /\*\*Diltiazem\*\*/)
  t.match(markdown.body, /\n\[1\] § .+: ".+"/)
  t.ok(markdown.body.length < JSON.stringify(overview).length * 0.6, 'more compact than the JSON')
})

t.test('errors: unknown condition 404, unknown format 400', async (t) => {
  t.equal((await app.inject('/v1/conditions/nope/overview')).statusCode, 404)
  t.equal((await app.inject('/v1/conditions/calcinosis-cutis/overview?format=pdf')).statusCode, 400)
})

t.test('Accept chooses JSON or Markdown; format wins; anything else is a 406 problem', async (t) => {
  const url = '/v1/conditions/calcinosis-cutis/overview'
  const markdown = await app.inject({ url, headers: { accept: 'text/markdown' } })
  t.equal(markdown.statusCode, 200)
  t.match(markdown.headers['content-type'], /^text\/markdown/)
  t.match(markdown.body, /^# Calcinosis cutis/)
  t.match(markdown.headers.vary, /Accept/)
  const preferred = await app.inject({ url, headers: { accept: 'application/json;q=0.5, text/markdown' } })
  t.match(preferred.headers['content-type'], /^text\/markdown/, 'the higher q wins')
  const json = await app.inject({ url, headers: { accept: '*/*' } })
  t.match(json.headers['content-type'], /^application\/json/)
  const forced = await app.inject({ url: `${url}?format=json`, headers: { accept: 'text/markdown' } })
  t.match(forced.headers['content-type'], /^application\/json/)
  const xml = await app.inject({ url, headers: { accept: 'application/xml' } })
  t.equal(xml.statusCode, 406)
  t.match(xml.headers['content-type'], /application\/problem\+json/)
  t.match(xml.json(), { status: 406, detail: /application\/json or text\/markdown/ })
})

t.test('the response cache keeps JSON and Markdown apart', async (t) => {
  const cached = await build(t, { RESPONSE_CACHE_MAX_BYTES: '1000000' })
  const url = '/v1/conditions/calcinosis-cutis/overview'
  await cached.inject({ url })
  const markdown = await cached.inject({ url, headers: { accept: 'text/markdown' } })
  t.match(markdown.headers['content-type'], /^text\/markdown/)
})
