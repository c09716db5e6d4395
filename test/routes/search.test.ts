/** Full-text search and grounding passages. */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { seedFolder } from '../../src/paths.js'
import { build, getJson } from '../helper.js'

const app = await build(t)
const search = async (query: string) => (await getJson(app, `/v1/search?${query}`)).body
const first = async (query: string) => (await search(query)).data[0]

t.test('names rank first: "kidney" puts chronic kidney disease first', async (t) => {
  t.match(await first('q=kidney'), { kind: 'causes', id: 'chronic-kidney-disease', name: 'Chronic kidney disease' })
  t.match(await first('q=calciphylaxis'), { kind: 'types', id: 'calciphylaxis' })
  t.match(await first('q=diltiazem'), { kind: 'treatments', id: 'diltiazem' })
})

t.test('results carry kind, id, name, a highlighted snippet and a descending score', async (t) => {
  const body = await search('q=kidney&limit=5')
  t.equal(body.meta.match, 'exact')
  t.ok(body.data.length > 1)
  for (const hit of body.data) {
    t.match(hit, { kind: String, id: String, name: String, snippet: /<mark>[^<]+<\/mark>/, score: Number })
  }
  const scores = body.data.map((hit: { score: number }) => hit.score)
  t.same(scores, [...scores].sort((a, b) => b - a))
})

t.test('synonyms: an alias finds the entity the article files under another name', async (t) => {
  t.match(await first('q=scleroderma'), { id: 'systemic-sclerosis' })
  const kidneyFailure = await search('q=kidney%20failure&kind=causes')
  t.equal(kidneyFailure.data[0].id, 'chronic-kidney-disease')
})

t.test('prefixes match', async (t) => {
  t.match(await first('q=calciphyl'), { id: 'calciphylaxis' })
  t.ok((await search('q=lase&kind=treatments')).data.some((hit: { id: string }) => hit.id === 'co2-laser'))
})

t.test('typos find the nearest spelling', async (t) => {
  const body = await search('q=calcifylaxis')
  t.equal(body.meta.match, 'fuzzy')
  t.equal(body.data[0].id, 'calciphylaxis')
  t.match(body.data[0].snippet, /<mark>calciphylaxis<\/mark>/i)
  t.match(await first('q=calcifilaxis'), { id: 'calciphylaxis' }, 'misspelled by sound')
  t.match(await first('q=diltiazm'), { id: 'diltiazem' })
  t.same((await search('q=xqzvw')).data, [], 'nothing near is nothing')
})

t.test('kind filters to the given collections', async (t) => {
  const body = await search('q=calcium&kind=treatments,warning-signs&limit=50')
  t.ok(body.data.length > 0)
  t.ok(body.data.every((hit: { kind: string }) => ['treatments', 'warning-signs'].includes(hit.kind)))
  const bad = await getJson(app, '/v1/search?q=calcium&kind=drugs')
  t.equal(bad.response.statusCode, 400)
  t.equal(bad.body.invalidParams[0].name, 'kind')
})

t.test('a word never becomes another word: "kids" finds children, not the kidneys', async (t) => {
  const body = await search('q=what%20causes%20calcinosis%20cutis%20in%20kids&limit=5')
  t.notOk(body.data.some((hit: { id: string }) => hit.id.includes('kidney')), body.data.map((hit: { id: string }) => hit.id).join())
  t.ok(body.data.slice(0, 3).some((hit: { id: string }) => ['idiopathic', 'childhood-facial-extremity-papules', 'heel-sticks-in-neonates'].includes(hit.id)))
})

t.test('lay words reach the words of the article through the lexicon', async (t) => {
  const die = await search('q=can%20you%20die%20from%20calcinosis%20cutis&limit=3')
  t.ok(die.data.some((hit: { kind: string; snippet: string }) => hit.kind === 'prognosis' && /<mark>mortality<\/mark>/.test(hit.snippet)), 'die → mortality')
  const lump = await search('q=lump&kind=symptoms&limit=3')
  t.equal(lump.data[0].id, 'firm-whitish-yellow-lesions', 'lump → nodules, lesions')
})

t.test('words asking for a kind rank that kind first', async (t) => {
  const treat = await search('q=how%20do%20you%20get%20rid%20of%20calcium%20deposits%20in%20the%20skin&limit=3')
  t.ok(treat.data.every((hit: { kind: string }) => hit.kind === 'treatments'), treat.data.map((hit: { kind: string }) => hit.kind).join())
  const medications = await search('q=what%20medications%20treat%20calcinosis%20cutis&limit=5')
  t.ok(medications.data.every((hit: { kind: string }) => hit.kind === 'treatments'), 'medications are treatments, not causes')
  const doctor = await search('q=when%20should%20I%20see%20a%20doctor&limit=3')
  t.ok(doctor.data.every((hit: { kind: string }) => hit.kind === 'warning-signs'), doctor.data.map((hit: { id: string }) => hit.id).join())
  const recurrence = await search('q=will%20the%20deposits%20come%20back%20after%20surgery&limit=3')
  t.equal(recurrence.data[0].id, 'recurrence-after-excision')
  const vitaminD = await search('q=vitamin%20D&limit=1')
  t.equal(vitaminD.data[0].id, 'hypervitaminosis-d')
})

t.test('the order does not depend on limit', async (t) => {
  for (const q of ['calcium%20deposits', 'what%20causes%20calcinosis%20cutis', 'kidney']) {
    const all = (await search(`q=${q}&limit=50`)).data
    for (const limit of [1, 3, 7]) t.same((await search(`q=${q}&limit=${limit}`)).data, all.slice(0, limit), `${q} limit ${limit}`)
  }
})

t.test('the snippet is the quote that matched, not filler', async (t) => {
  const body = await search('q=dialysis&limit=3')
  for (const hit of body.data) t.match(hit.snippet, /<mark>dialysis<\/mark>/i)
})

t.test('limit bounds the hits', async (t) => {
  t.equal((await search('q=calcium&limit=3')).data.length, 3)
  t.equal((await getJson(app, '/v1/search?q=calcium&limit=51')).response.statusCode, 400)
})

t.test('hostile query strings are plain words: never a 500', async (t) => {
  const hostile = ['"', '""', 'NEAR(kidney calcium', 'kidney*', '*', 'OR', 'kidney OR', 'AND NOT', '(kidney', ')', '^kidney', 'name:kidney', '{name}: x', "'; drop table types; --", 'kidney" OR "a', '\u0000', '<script>alert(1)</script>', 'a'.repeat(500), '🦴 kidney']
  for (const q of hostile) {
    const { response, body } = await getJson(app, `/v1/search?q=${encodeURIComponent(q)}`)
    t.equal(response.statusCode, 200, JSON.stringify(q).slice(0, 40))
    t.ok(Array.isArray(body.data))
    const passages = await getJson(app, `/v1/passages?q=${encodeURIComponent(q)}`)
    t.equal(passages.response.statusCode, 200, `passages ${JSON.stringify(q).slice(0, 40)}`)
  }
  const tooLong = await getJson(app, `/v1/search?q=${'a'.repeat(501)}`)
  t.equal(tooLong.response.statusCode, 400)
  t.equal((await getJson(app, '/v1/search')).response.statusCode, 400, 'q is required')
  const script = await search(`q=${encodeURIComponent('<script>kidney')}`)
  t.ok(script.data.length > 0)
  t.notMatch(script.data.map((hit: { snippet: string }) => hit.snippet).join(), /<script>/, 'snippets are escaped')
})

t.test('the index follows every write, in the same transaction', async (t) => {
  const run = (sql: string, ...params: unknown[]) => app.store.sqlite.prepare(sql).run(...params)
  const ids = async (q: string) => (await search(`q=${q}&limit=50`)).data.map((hit: { id: string }) => hit.id)
  run("update treatments set name = 'Zebrafish remedy' where id = 'probenecid'")
  t.ok((await ids('zebrafish')).includes('probenecid'), 'a renamed entity is found by its new name')
  run("insert into aliases (entity_kind, entity_id, alias) values ('treatments', 'probenecid', 'quuxoline')")
  t.ok((await ids('quuxoline')).includes('probenecid'), 'a new alias is searchable')
  run("delete from aliases where alias = 'quuxoline'")
  t.notOk((await ids('quuxoline')).includes('probenecid'), 'a removed alias is not')
  run("update treatments set status = 'draft' where id = 'probenecid'")
  t.notOk((await ids('zebrafish')).includes('probenecid'), 'an unpublished entity leaves the index')
  run("update treatments set status = 'published', deleted_at = '2026-01-01T00:00:00Z' where id = 'probenecid'")
  t.notOk((await ids('zebrafish')).includes('probenecid'), 'a deleted entity leaves the index')
  run("update treatments set deleted_at = null, name = 'Probenecid' where id = 'probenecid'")
  t.ok((await ids('probenecid')).includes('probenecid'), 'restored')
  run("insert into citations (entity_kind, entity_id, section_id, quote, created_at) values ('treatments', 'probenecid', 1, 'xylophonic', '2026-01-01')")
  t.ok((await ids('xylophonic')).includes('probenecid'), 'a new citation quote is searchable')
  run("delete from citations where quote = 'xylophonic'")
  t.notOk((await ids('xylophonic')).includes('probenecid'))
})

t.test('passages are verbatim paragraphs of the article, with source, section and entities', async (t) => {
  const article = readFileSync(join(seedFolder, 'calcinosis-cutis', 'article.txt'), 'utf8')
  const { response, body } = await getJson(app, '/v1/passages?q=what%20can%20cause%20calcium%20deposits%20after%20a%20hospital%20stay&limit=5')
  t.equal(response.statusCode, 200)
  t.ok(body.data.length > 0)
  for (const passage of body.data) {
    t.ok(article.includes(passage.text), `verbatim: ${passage.text.slice(0, 50)}`)
    t.match(passage, { id: String, source: { id: 'allfit-calcinosis-cutis', title: String, publisher: String }, section: { id: String, heading: String }, score: Number })
    t.notMatch(passage.text, /See also|Allfit/)
  }
  t.ok(body.data.some((p: { entities: unknown[] }) => p.entities.length > 0), 'passages name the entities they support')
  const iatrogenic = body.data.flatMap((p: { entities: Array<{ kind: string; id: string }> }) => p.entities).find((e: { id: string }) => e.id === 'iatrogenic')
  t.match(iatrogenic, { kind: 'types', id: 'iatrogenic' }, 'a hospital stay leads to iatrogenic calcinosis')
  const hypercalcemia = await getJson(app, '/v1/passages?q=extreme%20thirst&limit=1')
  t.match(hypercalcemia.body.data[0], { section: { id: 'when-to-seek-medical-attention-for-calcinosis-cutis' }, text: /extreme thirst/ })
})
