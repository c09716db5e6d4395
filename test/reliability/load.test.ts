/**
 * A short load test over a mix of reads, search, a conditional GET and admin writes:
 * zero errors, and every answer 2xx or 304. Correctness under concurrency, not speed
 * (speed lives in bench/). Loopback only, a few seconds.
 */
import autocannon from 'autocannon'
import t from 'tap'
import { createKeyRepository } from '../../src/repositories/keys.js'
import { build } from '../helper.js'

t.test('a mixed load answers only 2xx and 304, with no errors', async (t) => {
  const app = await build(t, { RATE_LIMIT_MAX: '0' })
  const token = createKeyRepository(app.store.db).create('load', 'admin').token
  const url = await app.listen({ port: 0, host: '127.0.0.1' })
  const etag = (await app.inject('/v1/types?limit=5')).headers.etag as string
  const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' }
  let created = 0

  const result = await autocannon({
    url,
    connections: 8,
    duration: 3,
    requests: [
      { method: 'GET', path: '/v1/treatments?modality=pharmacological' },
      { method: 'GET', path: '/v1/types/dystrophic?include=treatments' },
      { method: 'GET', path: '/v1/search?q=kidney' },
      { method: 'GET', path: '/v1/types?limit=5', headers: { 'if-none-match': etag } },
      { method: 'GET', path: '/v1/passages?q=calcium' },
      {
        method: 'POST',
        path: '/v1/admin/causes',
        headers: auth,
        setupRequest: (request) => ({ ...request, body: JSON.stringify({ id: `load-${++created}`, name: `Load ${created}`, summary: 'Written under load.', category: 'genetic' }) })
      },
      { method: 'PUT', path: '/v1/admin/types/dystrophic/bodySites/knees', headers: auth, body: JSON.stringify({ note: 'particularly' }) }
    ]
  })
  const statuses = Object.keys(result.statusCodeStats ?? {})
  // A load, not a speed: the machine may be busy with other work.
  t.ok(result.requests.total > 20, `${result.requests.total} requests, ${Math.round(result.requests.average)} req/s`)
  t.equal(result.errors, 0, 'no errors')
  t.equal(result.timeouts, 0, 'no timeouts')
  t.same(statuses.filter((status) => !(status.startsWith('2') || status === '304')), [], `statuses: ${statuses.join(', ')}`)
  t.ok(statuses.includes('304'), 'conditional GETs were answered 304')
  const count = (await app.inject({ url: '/v1/admin/causes?q=Load&limit=1', headers: { authorization: `Bearer ${token}` } })).json().page.total
  t.ok(count > 0, `${count} causes written under load`)
})
