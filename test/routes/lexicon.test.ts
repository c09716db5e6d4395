/** The lay lexicon is data: seeded, and maintained by editors at /v1/admin/lexicon; answers follow it at once. */
import t from 'tap'
import { createKeyRepository } from '../../src/repositories/keys.js'
import { readSeedLexicon } from '../../src/answer/lexicon-seed.js'
import { build, getJson } from '../helper.js'

const app = await build(t)
const keys = createKeyRepository(app.store.db)
const editor = keys.create('ed', 'editor').token
const auth = { authorization: `Bearer ${editor}` }
const put = (term: string, payload: unknown, headers: Record<string, string> = auth) =>
  app.inject({ method: 'PUT', url: `/v1/admin/lexicon/${encodeURIComponent(term)}`, headers, payload: payload as object })
const remove = (term: string) => app.inject({ method: 'DELETE', url: `/v1/admin/lexicon/${encodeURIComponent(term)}`, headers: auth })
const firstAnswer = async (q: string) => (await getJson(app, `/v1/answer?q=${encodeURIComponent(q)}`)).body.data.results[0]

t.test('a fresh database holds the seed lexicon', async (t) => {
  const { response, body } = await getJson(app, '/v1/admin/lexicon', auth)
  t.equal(response.statusCode, 200)
  t.equal(body.data.length, readSeedLexicon().length)
  t.match(body.data.find((entry: { term: string }) => entry.term === 'kids'), { expansions: ['children', 'adolescents', 'infants'], updatedAt: String })
})

t.test('an editor adds a term, and the next question is read with it', async (t) => {
  t.not((await firstAnswer('zorgle'))?.id, 'probenecid', 'unknown before')
  const created = await put('Zorgle', { expansions: ['Probenecid'] })
  t.equal(created.statusCode, 201)
  t.match(created.json().data, { term: 'zorgle', expansions: ['probenecid'] })
  t.equal((await firstAnswer('does zorgle help')).id, 'probenecid')
  const replaced = await put('zorgle', { expansions: ['colchicine'] })
  t.equal(replaced.statusCode, 200)
  t.equal((await firstAnswer('does zorgle help')).id, 'colchicine')
  const audit = app.store.sqlite.prepare("select action, actor from audit_log where action like '%lexicon%' order by id").all()
  t.match(audit, [{ action: 'put-lexicon-entry', actor: 'ed' }, { action: 'put-lexicon-entry', actor: 'ed' }], 'writes are audited')
})

t.test('removing a term makes it a plain word again; removing it twice is a 404', async (t) => {
  await put('zorgle', { expansions: ['colchicine'] })
  t.equal((await remove('zorgle')).statusCode, 204)
  t.same((await getJson(app, '/v1/answer?q=zorgle')).body.data.results, [])
  const again = await remove('zorgle')
  t.equal(again.statusCode, 404)
  t.match(again.headers['content-type'], /application\/problem\+json/)
})

t.test('bad entries are 400 problems; no key is a 401', async (t) => {
  for (const payload of [{}, { expansions: [] }, { expansions: [''] }, { expansions: ['x'], extra: 1 }, { expansions: 'children' }]) {
    const response = await put('kids', payload)
    t.equal(response.statusCode, 400, JSON.stringify(payload))
    t.match(response.headers['content-type'], /application\/problem\+json/)
  }
  t.equal((await put('kids', { expansions: ['children'] }, {})).statusCode, 401)
  t.equal((await getJson(app, '/v1/admin/lexicon')).response.statusCode, 401)
})
