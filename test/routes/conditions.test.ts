import t from 'tap'
import { build, getJson } from '../helper.js'

t.test('GET /health answers ok', async (t) => {
  const app = await build(t)
  const { response, body } = await getJson(app, '/health')
  t.equal(response.statusCode, 200)
  t.same(body, { status: 'ok' })
})

t.test('GET /v1/conditions lists the condition in a data envelope', async (t) => {
  const app = await build(t)
  const { response, body } = await getJson(app, '/v1/conditions')
  t.equal(response.statusCode, 200)
  t.match(response.headers['content-type'], /^application\/json/)
  t.same(body.data.map((c: { id: string }) => c.id), ['calcinosis-cutis'])
  t.same(body.page, { limit: 20, nextCursor: null, total: 1 })
})

t.test('GET /v1/conditions/{id} carries citations and related entities', async (t) => {
  const app = await build(t)
  const { response, body } = await getJson(app, '/v1/conditions/calcinosis-cutis')
  t.equal(response.statusCode, 200)
  const condition = body.data
  t.equal(condition.id, 'calcinosis-cutis')
  t.ok(condition.citations.length > 0)
  t.match(condition.citations[0], { source: 'allfit-calcinosis-cutis', section: String, heading: String, quote: String })
  const typeIds = condition.types.map((type: { id: string }) => type.id)
  for (const id of ['dystrophic', 'metastatic', 'idiopathic', 'iatrogenic', 'calciphylaxis']) t.ok(typeIds.includes(id), id)
})

t.test('an unknown condition is a 404 problem', async (t) => {
  const app = await build(t)
  const { response, body } = await getJson(app, '/v1/conditions/no-such-thing')
  t.equal(response.statusCode, 404)
  t.match(response.headers['content-type'], /^application\/problem\+json/)
  t.match(body, { type: '/problems/not-found', title: 'Not found', status: 404, detail: /no-such-thing/, instance: '/v1/conditions/no-such-thing' })
})

t.test('an id that is not a slug is a 400 problem naming the parameter', async (t) => {
  const app = await build(t)
  const { response, body } = await getJson(app, '/v1/conditions/Not%20A%20Slug')
  t.equal(response.statusCode, 400)
  t.match(body.invalidParams, [{ in: 'path', name: 'id' }])
})

t.test('an unknown route is a 404 problem', async (t) => {
  const app = await build(t)
  const { response, body } = await getJson(app, '/v2/nothing')
  t.equal(response.statusCode, 404)
  t.equal(body.type, '/problems/not-found')
})
