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
    app.inject({ method: 'POST', url: `/v1/admin/import${query}`, headers: { authorization: `Bearer ${token}` }, payload: bundle as object })
  return { app, importBundle }
}

t.test('the export is the published knowledge base with a content version', async (t) => {
  t.equal(exported.format, 'medical-kb/1')
  t.match(exported.datasetVersion, /^[0-9a-f]{16}$/)
  t.equal(exported.sources[0].id, 'allfit-calcinosis-cutis')
  t.ok(exported.entities.types.length >= 9)
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
})
