/** GET /v1/answer: questions as people ask them → entities with evidence, and whether the knowledge base answers at all. */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { seedFolder } from '../../src/paths.js'
import { build, getJson } from '../helper.js'

const app = await build(t)
const ask = async (question: string, extra = '') => {
  const { response, body } = await getJson(app, `/v1/answer?q=${encodeURIComponent(question)}${extra}`)
  t.equal(response.statusCode, 200, question)
  return body
}
const ids = (body: { data: { results: Array<{ kind: string; id: string }> } }) => body.data.results.map((r) => `${r.kind}/${r.id}`)

t.test('an answer carries the question, the verdict, the intent, results with evidence, and passages', async (t) => {
  const body = await ask('can you die from calcinosis cutis')
  t.match(body.data, {
    question: 'can you die from calcinosis cutis',
    answerable: true,
    confidence: Number,
    intent: { kind: 'prognosis', terms: ['calcinosis', 'cutis'] }
  })
  t.ok(body.data.confidence >= body.meta.threshold && body.data.confidence <= 1)
  const [best] = body.data.results
  t.match(best, { kind: 'prognosis', id: 'calciphylaxis-mortality', name: String, summary: String, score: Number, why: /mortality/ })
  t.match(best.citations[0], { id: Number, source: 'allfit-calcinosis-cutis', section: String, heading: String, quote: /mortality/ })
  const article = readFileSync(join(seedFolder, 'calcinosis-cutis', 'article.txt'), 'utf8')
  t.ok(body.data.passages.length > 0)
  for (const passage of body.data.passages) t.ok(article.includes(passage.text), 'passages are verbatim')
  t.ok(body.data.passages.some((p: { text: string }) => p.text.includes(best.citations[0].quote)), 'the best quote is in a passage')
  t.match(body.meta, { understood: Array, uncovered: Array, threshold: Number })
})

t.test('a question the knowledge base does not answer is flagged, with what is missing', async (t) => {
  const contagious = await ask('is calcinosis cutis contagious')
  t.equal(contagious.data.answerable, false)
  t.ok(contagious.data.confidence < contagious.meta.threshold)
  t.ok(contagious.meta.uncovered.includes('contagious'))
  t.match(contagious.meta.understood, [{ term: 'calcinosis', known: true }, { term: 'cutis', known: true }, { term: 'contagious', known: false }])
  t.equal((await ask('does calcinosis cause cancer')).data.answerable, false)
})

t.test('a question asking for a number needs a number in the evidence', async (t) => {
  const many = await ask('how many people get calciphylaxis')
  t.equal(many.data.answerable, false, 'no frequency of calciphylaxis in the article')
  t.equal(many.data.results[0].id, 'calciphylaxis', 'the related entity is still listed')
  const ulcerate = await ask('what percentage of lesions ulcerate')
  t.equal(ulcerate.data.answerable, true, 'up to 30% of cases could ulcerate')
  t.ok(ids(ulcerate).includes('prognosis/ulceration-in-up-to-30-percent'))
})

t.test('the intent picks the kind: causes, treatments, warning signs', async (t) => {
  const kids = await ask('what causes calcinosis cutis in kids')
  t.equal(kids.data.intent.kind, 'causes')
  t.notOk(ids(kids).some((id) => id.includes('kidney')), '"kids" is not "kidney"')
  const treat = await ask('what medications treat calcinosis cutis')
  t.ok(treat.data.results.every((r: { kind: string }) => r.kind === 'treatments'))
  const doctor = await ask('when should I see a doctor about these bumps')
  t.equal(doctor.data.intent.kind, 'warning-signs')
  t.equal(doctor.data.results[0].kind, 'warning-signs')
})

t.test('lay words and misspellings find the article\'s words', async (t) => {
  const toddler = (await ask('my toddler has white bumps on his face')).data.results.slice(0, 3).map((r: { id: string }) => r.id)
  t.ok(toddler.includes('idiopathic') || toddler.includes('firm-whitish-yellow-lesions'), `the childhood papules of idiopathic calcinosis: ${toddler.join(', ')}`)
  const typo = await ask('calcyphylaxis')
  t.equal(typo.data.results[0].id, 'calciphylaxis')
  t.match(typo.meta.understood[0], { term: 'calcyphylaxis', means: ['calciphylaxi'] })
})

t.test('kind and limit select, never reorder', async (t) => {
  const all = await ask('calcium deposits in the skin', '&limit=20')
  const three = await ask('calcium deposits in the skin', '&limit=3')
  t.same(three.data.results, all.data.results.slice(0, 3))
  const only = await ask('calcium deposits in the skin', '&kind=treatments,prevention&limit=20')
  t.ok(only.data.results.length > 0)
  t.ok(only.data.results.every((r: { kind: string }) => ['treatments', 'prevention'].includes(r.kind)))
  t.same((await ask('calcium deposits', '&passages=0')).data.passages, [])
})

t.test('bad input is a 400 problem', async (t) => {
  for (const query of ['', 'q=', `q=${'a'.repeat(501)}`, 'q=x&limit=0', 'q=x&limit=21', 'q=x&passages=11', 'q=x&kind=drugs', 'q=x&foo=1']) {
    const { response, body } = await getJson(app, `/v1/answer?${query}`)
    t.equal(response.statusCode, 400, query)
    t.match(response.headers['content-type'], /application\/problem\+json/)
    t.match(body, { status: 400, title: String })
  }
})

t.test('a question of framing words only, or of nothing known, is not answerable and not an error', async (t) => {
  for (const question of ['what is it', 'xqzvw', '???']) {
    const body = await ask(question)
    t.equal(body.data.answerable, false, question)
  }
})

t.test('answers follow every write', async (t) => {
  app.store.sqlite.prepare("insert into aliases (entity_kind, entity_id, alias) values ('treatments', 'probenecid', 'quuxoline')").run()
  t.equal((await ask('quuxoline')).data.results[0].id, 'probenecid')
  app.store.sqlite.prepare("delete from aliases where alias = 'quuxoline'").run()
  t.same((await ask('quuxoline')).data.results, [])
})
