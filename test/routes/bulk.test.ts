/** Export and import: a round trip keeps the content, a bad record rolls everything back. */
import t from 'tap'
import { createKeyRepository } from '../../src/repositories/keys.js'
import { build } from '../helper.js'

const source = await build(t)
const exported = (await source.inject('/v1/export')).json()

async function emptyApp() {
  const app = await build(t, {}, { seedIfEmpty: false })
  const token = createKeyRepository(app.store.db).create('importer', 'admin').token
  const importBundle = (bundle: unknown, query = '') =>
    app.inject({
      method: 'POST',
      url: `/v1/admin/import${query}`,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      payload: typeof bundle === 'string' ? bundle : JSON.stringify(bundle)
    })
  return { app, importBundle }
}

t.test('the export is the published knowledge base with a content version', async (t) => {
  t.equal(exported.format, 'medical-kb/1')
  t.match(exported.datasetVersion, /^[0-9a-f]{16}$/)
  t.equal(exported.sources[0].id, 'allfit-calcinosis-cutis')
  t.ok(exported.entities.types.length >= 8)
  t.match(exported.entities.treatments.find((e: { id: string }) => e.id === 'diltiazem'), { modality: 'pharmacological', citations: [{ source: 'allfit-calcinosis-cutis' }] })
  const again = (await source.inject('/v1/export')).json()
  t.same(again, exported, 'deterministic')
})

t.test('export -> import into an empty database -> export gives identical content', async (t) => {
  const { app, importBundle } = await emptyApp()
  const dry = await importBundle(exported, '?dryRun=true')
  t.equal(dry.statusCode, 200)
  t.equal(dry.json().data.dryRun, true)
  t.ok(dry.json().data.entities.created.length > 100, 'a dry run reports what would be created')
  t.equal((await app.inject('/v1/types')).json().page.total, 0, 'and changes nothing')

  const response = await importBundle(exported)
  t.equal(response.statusCode, 200)
  const report = response.json().data
  t.same(report.sources.created, ['allfit-calcinosis-cutis'])
  t.equal(report.entities.created.length, Object.values(exported.entities).flat().length)
  const reexported = (await app.inject('/v1/export')).json()
  t.same(reexported, exported, 'identical content, identical version')
  t.ok(exported.related.length >= 10, 'related groups are exported')
  t.match(exported.related.find((group: { between: string[] }) => group.between.includes('causes/infection')), {
    between: ['causes/infection', 'complications/infection'],
    note: String,
    citations: [{ source: 'allfit-calcinosis-cutis', section: String, quote: String }]
  })
  t.same(
    (await app.inject('/v1/complications/infection')).json().data.related,
    (await source.inject('/v1/complications/infection')).json().data.related,
    'and served after the import as before'
  )

  const second = (await importBundle(exported)).json().data
  t.same(second.entities, { created: [], updated: [], unchanged: report.entities.created.length }, 'a second import changes nothing')
  t.equal((await app.inject('/v1/search?q=kidney')).json().data[0].id, 'chronic-kidney-disease', 'search follows the import')
})

t.test('an import updates what changed, with a revision', async (t) => {
  const { app, importBundle } = await emptyApp()
  await importBundle(exported)
  const changed = structuredClone(exported)
  changed.entities.treatments.find((e: { id: string }) => e.id === 'diltiazem').summary = 'A changed summary.'
  const report = (await importBundle(changed)).json().data
  t.same(report.entities.updated, ['treatments/diltiazem'])
  t.equal((await app.inject('/v1/treatments/diltiazem')).json().data.summary, 'A changed summary.')
})

t.test('one bad record rolls the whole import back, listing every problem', async (t) => {
  const { app, importBundle } = await emptyApp()
  const bad = structuredClone(exported)
  bad.entities.treatments[0].citations[0].quote = 'Words the article never says.'
  bad.entities.causes[0].links = { types: [{ id: 'no-such-type', citations: [{ source: 'allfit-calcinosis-cutis', section: 'introduction', quote: 'calcinosis cutis' }] }] }
  const response = await importBundle(bad)
  t.equal(response.statusCode, 422)
  const problem = response.json()
  t.equal(problem.type, '/problems/unprocessable-content')
  t.ok(problem.problems.some((p: string) => /not verbatim/.test(p)))
  t.ok(problem.problems.some((p: string) => /unknown types\/no-such-type/.test(p)))
  t.equal((await app.inject('/v1/types')).json().page.total, 0, 'nothing was applied')
  t.equal((await app.inject('/v1/sources')).json().page.total, 0)
  const shape = await importBundle({ format: 'something-else' })
  t.equal(shape.statusCode, 422)
  t.ok(shape.json().problems.length > 0)
  const changedSource = structuredClone(exported)
  await importBundle(exported)
  changedSource.sources[0].sections[0].text = 'Rewritten.'
  const sourceProblem = await importBundle(changedSource)
  t.equal(sourceProblem.statusCode, 422)
  t.match(sourceProblem.json().problems, [/sources cannot be changed/])
  const retitled = structuredClone(exported)
  retitled.sources[0].title = 'Another title'
  t.match((await importBundle(retitled)).json().problems, [/sources cannot be changed/], 'metadata too')
})

t.test('a body that is not JSON, or that carries a prototype key, is a client error and imports nothing', async (t) => {
  const { app, importBundle } = await emptyApp()
  for (const body of ['{"format": "medical-kb/1", ', '', 'null']) {
    const response = await importBundle(body)
    t.ok(response.statusCode === 400 || response.statusCode === 422, `${JSON.stringify(body)}: ${response.statusCode}`)
    t.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8')
  }
  t.match((await importBundle('{"format": ')).json(), { status: 400, detail: /not valid JSON/ })
  const poisoned = `{"__proto__": {"isAdmin": true}, ${JSON.stringify(exported).slice(1)}`
  const response = await importBundle(poisoned)
  t.equal(response.statusCode, 422, 'the closed bundle schema refuses the key')
  t.equal(({} as Record<string, unknown>).isAdmin, undefined, 'no prototype was touched')
  t.equal((await app.inject('/v1/types')).json().page.total, 0, 'nothing was applied')
})

t.test('an import refuses a related group naming an entity that does not exist, or quoting what the source does not say', async (t) => {
  const { app, importBundle } = await emptyApp()
  const bad = structuredClone(exported)
  bad.related = [
    { between: ['causes/infection', 'complications/no-such-thing'], note: 'n', citations: exported.related[0].citations },
    { between: ['causes/infection', 'complications/infection'], note: 'n', citations: [{ source: 'allfit-calcinosis-cutis', section: 'underlying-medical-conditions', quote: 'Never said.' }] }
  ]
  const response = await importBundle(bad)
  t.equal(response.statusCode, 422)
  t.match(response.json().problems, [/related\[0\]: complications\/no-such-thing does not exist/, /related\[1\]: quote not verbatim/])
  t.equal((await app.inject('/v1/types')).json().page.total, 0, 'nothing was applied')
})

t.test('an import refuses duplicate sections, links declared twice and parent cycles', async (t) => {
  const { importBundle } = await emptyApp()
  const source = { id: 's', title: 'T', publisher: 'P', url: null, sections: [{ id: 'a', heading: 'A', text: 'Alpha para.' }, { id: 'a', heading: 'B', text: 'Beta para.' }] }
  const cite = [{ source: 's', section: 'a', quote: 'Alpha' }]
  const duplicate = await importBundle({ format: 'medical-kb/1', sources: [source], entities: {} })
  t.equal(duplicate.statusCode, 422)
  t.match(duplicate.json().problems, [/duplicate section id/])
  const good = { ...source, sections: [source.sections[0]] }
  const twice = await importBundle({
    format: 'medical-kb/1',
    sources: [good],
    entities: {
      types: [{ id: 'x1', name: 'X1', summary: 'S', citations: cite, links: { treatments: [{ id: 'r1', note: 'one', citations: cite }] } }],
      treatments: [{ id: 'r1', name: 'R1', summary: 'S', modality: 'surgical', citations: cite, links: { types: [{ id: 'x1', note: 'two', citations: cite }] } }]
    }
  })
  t.match(twice.json().problems, [/declared twice/])
  const cycle = await importBundle({
    format: 'medical-kb/1',
    sources: [good],
    entities: { types: [{ id: 'x1', name: 'X1', summary: 'S', parent: 'x2', citations: cite }, { id: 'x2', name: 'X2', summary: 'S', parent: 'x1', citations: cite }] }
  })
  t.match(cycle.json().problems, [/cycle/])
  t.equal((await importBundle({ format: 'medical-kb/1', sources: [{ ...good, sections: [{ id: 'a', heading: 'A', text: 'Alpha para.\n\n\nBeta para.\n' }] }], entities: {} })).statusCode, 200)
  t.equal((await importBundle({ format: 'medical-kb/1', sources: [{ ...good, sections: [{ id: 'a', heading: 'A', text: 'Alpha para.\n\n\nBeta para.\n' }] }], entities: {} })).statusCode, 200, 'the same source twice is no change')
})

t.test('re-importing an export keeps a parent that the export left out (a draft)', async (t) => {
  const app = await build(t)
  const token = createKeyRepository(app.store.db).create('boss', 'admin').token
  const headers = { authorization: `Bearer ${token}` }
  await app.inject({ method: 'POST', url: '/v1/admin/types', headers, payload: { id: 'new-group', name: 'New group', summary: 'S' } })
  const etag = (await app.inject({ url: '/v1/admin/types/dystrophic', headers })).headers.etag as string
  await app.inject({ method: 'PATCH', url: '/v1/admin/types/dystrophic', headers: { ...headers, 'if-match': etag }, payload: { parent: 'new-group' } })
  const bundle = (await app.inject('/v1/export')).json()
  const report = (await app.inject({ method: 'POST', url: '/v1/admin/import', headers, payload: bundle })).json().data
  t.same(report.entities.updated, [])
  t.equal((await app.inject({ url: '/v1/admin/types/dystrophic', headers })).json().data.parent.id, 'new-group')
})

t.test('a link the admin API accepts without evidence survives export -> import -> export', async (t) => {
  const app = await build(t)
  const token = createKeyRepository(app.store.db).create('linker', 'admin').token
  const auth = { authorization: `Bearer ${token}` }
  const linked = await app.inject({ method: 'PUT', url: '/v1/admin/treatments/diltiazem/symptoms/limited-mobility', headers: auth })
  t.equal(linked.statusCode, 200, linked.body)
  const bundle = (await app.inject('/v1/export')).json()
  const link = bundle.entities.treatments.find((e: { id: string }) => e.id === 'diltiazem').links.symptoms.find((l: { id: string }) => l.id === 'limited-mobility')
  t.same(link.citations, [], 'exported with no evidence')

  const same = await app.inject({ method: 'POST', url: '/v1/admin/import', headers: auth, payload: bundle })
  t.equal(same.statusCode, 200, `the unchanged export imports back: ${same.body}`)
  t.equal(same.json().data.entities.updated.length, 0)

  const { app: fresh, importBundle } = await emptyApp()
  t.equal((await importBundle(bundle)).statusCode, 200, 'and into an empty database')
  t.same((await fresh.inject('/v1/export')).json(), bundle, 'the same bundle comes back')
})

t.test("a bundle is held to the admin API's bounds, so that every answer's bounds hold for what it imports", async (t) => {
  const { importBundle } = await emptyApp()
  const withLongAlias = structuredClone(exported)
  withLongAlias.entities.treatments[0].aliases = ['x'.repeat(201)]
  const response = await importBundle(withLongAlias, '?dryRun=true')
  t.equal(response.statusCode, 422)
  t.match(response.json().problems, [/aliases\/0 .*200/])
  const manyCitations = structuredClone(exported)
  const treatment = manyCitations.entities.treatments[0]
  treatment.citations = Array.from({ length: 101 }, () => treatment.citations[0])
  const tooMany = await importBundle(manyCitations, '?dryRun=true')
  t.equal(tooMany.statusCode, 422)
  t.match(tooMany.json().problems, [/citations .*100/])
})

t.test('an entity linked from many imported ones gets one revision for the import, after its state before', async (t) => {
  const app = await build(t)
  const headers = { authorization: `Bearer ${createKeyRepository(app.store.db).create('hub', 'admin').token}` }
  const laser = exported.entities.treatments.find((e: { id: string }) => e.id === 'co2-laser')
  t.same(laser.links.symptoms.map((l: { id: string }) => l.id), ['pain-and-discomfort'])
  const copies = Array.from({ length: 20 }, (_, n) => ({ ...laser, id: `co2-laser-copy-${n}`, name: `CO2 laser copy ${n}` }))
  const bundle = { ...exported, entities: { treatments: copies } }
  const response = await app.inject({ method: 'POST', url: '/v1/admin/import', headers, payload: bundle })
  t.equal(response.statusCode, 200, response.body)
  t.equal(response.json().data.entities.created.length, 20)

  const revisions = (await app.inject({ url: '/v1/admin/symptoms/pain-and-discomfort/revisions', headers })).json().data
  t.same(
    revisions.map((r: { number: number; summary: string }) => [r.number, r.summary]),
    [
      [1, 'state before the first recorded change'],
      [2, 'import: links changed']
    ]
  )
  const before = (await app.inject({ url: '/v1/admin/symptoms/pain-and-discomfort/revisions/1', headers })).json().data.snapshot
  const after = (await app.inject({ url: '/v1/admin/symptoms/pain-and-discomfort/revisions/2', headers })).json().data.snapshot
  t.equal(after.treatments.length - before.treatments.length, 20, 'the one revision holds every new link')
})

t.test('validation stops at 100 problems: a bundle with more answers the first 100', async (t) => {
  const { importBundle } = await emptyApp()
  const laser = exported.entities.treatments.find((e: { id: string }) => e.id === 'co2-laser')
  const bad = Array.from({ length: 150 }, (_, n) => ({ ...laser, id: `bad-${n}`, links: undefined, citations: [{ ...laser.citations[0], quote: `not in the article ${n}` }] }))
  const response = await importBundle({ ...exported, entities: { treatments: bad } })
  t.equal(response.statusCode, 422)
  t.equal(response.json().problems.length, 100)
  t.match(response.json().detail, /at least 100 problem/)
  const shape = await importBundle({ ...exported, entities: { treatments: bad.map((entity) => ({ ...entity, name: 7 })) } })
  t.equal(shape.statusCode, 422)
  t.ok(shape.json().problems.length <= 100, `a shape problem in every entity: ${shape.json().problems.length} listed`)
})
