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

t.test('typos fall back to trigram matching', async (t) => {
  const body = await search('q=calcifylaxis')
  t.equal(body.meta.match, 'fuzzy')
  t.equal(body.data[0].id, 'calciphylaxis')
  t.match(body.data[0].snippet, /<mark>Calciphylaxis<\/mark>/)
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
