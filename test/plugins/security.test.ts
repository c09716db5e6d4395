/** Defences: headers, rate limits, body limits, proxy trust, error bodies and logs that leak nothing. */
import { connect, type AddressInfo } from 'node:net'
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

t.test('TRUST_PROXY=true warns at start; a hop count ignores what the client forges in X-Forwarded-For', async (t) => {
  const lines: string[] = []
  const logStream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk))
      done()
    }
  })
  const trusting = await build(t, { TRUST_PROXY: 'true', LOG_LEVEL: 'warn' }, { logStream })
  await trusting.ready()
  t.match(lines.join(''), /"level":40.*TRUST_PROXY=true trusts every X-Forwarded-For hop/, 'a warning names the risk and the fix')

  const oneHop = await build(t, { TRUST_PROXY: '1', RATE_LIMIT_MAX: '1' })
  // The proxy appends the address it saw; everything to its left is the client's own writing.
  const via = (forged: string) => oneHop.inject({ url: '/v1/types?limit=1', headers: { 'x-forwarded-for': `${forged}, 198.51.100.1` } })
  t.equal((await via('203.0.113.1')).statusCode, 200)
  t.equal((await via('203.0.113.2')).statusCode, 429, 'a forged left-most address does not buy a new bucket')
})

t.test('a client trickling a request body is cut off after REQUEST_TIMEOUT (over a real socket)', async (t) => {
  const app = await build(t, { REQUEST_TIMEOUT: '500' })
  const token = createKeyRepository(app.store.db).create('ed', 'editor').token
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as AddressInfo
  const socket = connect(port, '127.0.0.1')
  let answer = ''
  socket.on('data', (chunk) => (answer += chunk.toString()))
  socket.write(`POST /v1/admin/causes HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${token}\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{`)
  // One byte a while, never finishing: without a request timeout this holds the connection forever.
  const trickle = setInterval(() => socket.write(' '), 100)
  t.teardown(() => {
    clearInterval(trickle)
    socket.destroy()
  })
  const closed = await Promise.race([
    new Promise<boolean>((resolve) => socket.on('close', () => resolve(true))),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 15_000))
  ])
  t.ok(closed, 'the server closed the connection')
  t.match(answer, /^HTTP\/1\.1 408/, 'with 408 Request Timeout')
  t.match(answer, /content-type: application\/problem\+json/, 'as a problem document')
  t.match(answer, /"type":"\/problems\/request-timeout"/)
  t.match(answer, /x-content-type-options: nosniff/, 'with the security headers')
})

t.test('bytes that are not HTTP get a 400 problem on the socket', async (t) => {
  const app = await build(t)
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as AddressInfo
  const socket = connect(port, '127.0.0.1')
  let answer = ''
  socket.on('data', (chunk) => (answer += chunk.toString()))
  socket.write('NOT HTTP AT ALL\r\n\r\n')
  await new Promise((resolve) => socket.on('close', resolve))
  t.match(answer, /^HTTP\/1\.1 400/)
  t.match(answer, /content-type: application\/problem\+json/)
})
