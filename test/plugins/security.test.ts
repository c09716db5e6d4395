/** Defences: headers, rate limits, body limits, proxy trust, error bodies and logs that leak nothing. */
import { Writable } from 'node:stream'
import t from 'tap'
import { createKeyRepository } from '../../src/repositories/keys.js'
import { build } from '../helper.js'

t.test('security headers suit a JSON API and the /docs page', async (t) => {
  const app = await build(t)
  const api = await app.inject('/v1/types')
  t.equal(api.headers['x-content-type-options'], 'nosniff')
  t.equal(api.headers['x-frame-options'], 'SAMEORIGIN')
  t.equal(api.headers['cross-origin-resource-policy'], 'cross-origin', 'readable by browser apps elsewhere')
  t.match(api.headers['content-security-policy'], /default-src 'self'/)
  t.notMatch(api.headers['content-security-policy'], /upgrade-insecure-requests/, 'TLS is the front end\'s business')
  t.notOk(api.headers['x-powered-by'])
  const docs = await app.inject('/docs')
  t.equal(docs.statusCode, 200)
  t.match(docs.headers['content-security-policy'], /script-src 'self'/, 'Swagger UI runs without inline scripts')
})

t.test('a client over the rate limit gets a 429 problem with Retry-After; probes are exempt', async (t) => {
  const app = await build(t, { RATE_LIMIT_MAX: '3', RATE_LIMIT_WINDOW: '60' })
  for (let i = 0; i < 3; i++) t.equal((await app.inject('/v1/types?limit=1')).statusCode, 200)
  const limited = await app.inject('/v1/types?limit=1')
  t.equal(limited.statusCode, 429)
  t.match(limited.headers['content-type'], /^application\/problem\+json/)
  t.ok(Number(limited.headers['retry-after']) > 0)
  t.equal(limited.json().type, '/problems/too-many-requests')
  t.equal((await app.inject('/health')).statusCode, 200, 'liveness is never limited')
  t.equal((await app.inject('/ready')).statusCode, 200, 'nor readiness')
})

t.test('with TRUST_PROXY the client is the forwarded address; without, it is the peer', async (t) => {
  const trusted = await build(t, { RATE_LIMIT_MAX: '1', TRUST_PROXY: 'true' })
  const from = (ip: string) => trusted.inject({ url: '/v1/types?limit=1', headers: { 'x-forwarded-for': ip } })
  t.equal((await from('203.0.113.1')).statusCode, 200)
  t.equal((await from('203.0.113.2')).statusCode, 200, 'another client has its own bucket')
  t.equal((await from('203.0.113.1')).statusCode, 429)
  const untrusted = await build(t, { RATE_LIMIT_MAX: '1' })
  const spoof = (ip: string) => untrusted.inject({ url: '/v1/types?limit=1', headers: { 'x-forwarded-for': ip } })
  t.equal((await spoof('203.0.113.1')).statusCode, 200)
  t.equal((await spoof('203.0.113.2')).statusCode, 429, 'a forged header does not buy a new bucket')
})

t.test('an oversized body is a 413 problem', async (t) => {
  const app = await build(t, { BODY_LIMIT: '2048' })
  const token = createKeyRepository(app.store.db).create('ed', 'editor').token
  const response = await app.inject({
    method: 'POST',
    url: '/v1/admin/causes',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    payload: JSON.stringify({ id: 'big', name: 'Big', summary: 'x'.repeat(4096), category: 'genetic' })
  })
  t.equal(response.statusCode, 413)
  t.equal(response.json().type, '/problems/payload-too-large')
})

t.test('a server fault answers a generic 500 problem: no stack, no SQL', async (t) => {
  const app = await build(t, { NODE_ENV: 'production' })
  app.store.sqlite.close()
  const response = await app.inject('/v1/types')
  t.equal(response.statusCode, 500)
  const body = response.json()
  t.match(body, { type: '/problems/internal-error', status: 500, detail: 'An unexpected error occurred; it has been logged.' })
  t.notMatch(response.body, /sqlite|select|database|at \w+ \(/i)
  const ready = await app.inject('/ready')
  t.equal(ready.statusCode, 503, 'and readiness says so')
  t.equal(ready.json().type, '/problems/service-unavailable')
})

t.test('keys never reach the logs', async (t) => {
  const lines: string[] = []
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk))
      done()
    }
  })
  const app = await build(t, { LOG_LEVEL: 'trace' }, { logStream: stream })
  const token = createKeyRepository(app.store.db).create('ed', 'editor').token
  await app.inject({ url: '/v1/admin/causes', headers: { authorization: `Bearer ${token}` } })
  await app.inject({ url: '/v1/admin/causes', headers: { authorization: 'Bearer kb_wrong' } })
  app.log.info({ headers: { authorization: `Bearer ${token}` } }, 'a careless log line')
  const log = lines.join('')
  t.ok(log.includes('a careless log line'), 'the log was captured')
  t.notOk(log.includes(token.slice(3)), 'the key is not in the log')
  t.ok(log.includes('[redacted]'), 'it is redacted')
})
