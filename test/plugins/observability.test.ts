/** What operators see: request ids, readiness, metrics and load shedding. */
import { Writable } from 'node:stream'
import t from 'tap'
import { build } from '../helper.js'

t.test('every response carries the server\'s own request id; a client\'s is kept beside it, never in its place', async (t) => {
  const lines: string[] = []
  const logStream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk))
      done()
    }
  })
  const app = await build(t, { LOG_LEVEL: 'info' }, { logStream })
  const generated = await app.inject('/v1/types')
  t.match(generated.headers['x-request-id'], /^[0-9a-f-]{36}$/)
  t.notOk(generated.headers['x-client-request-id'])
  const fromClient = await app.inject({ url: '/v1/types', headers: { 'x-request-id': 'lb-1234.abc' } })
  t.match(fromClient.headers['x-request-id'], /^[0-9a-f-]{36}$/, 'the server\'s id, not the client\'s')
  t.equal(fromClient.headers['x-client-request-id'], 'lb-1234.abc', 'the client\'s is echoed separately')
  const logged = lines.map((line) => JSON.parse(line)).filter((line) => line.clientRequestId === 'lb-1234.abc')
  t.ok(logged.length >= 2, 'both log lines of that request name the client\'s id')
  t.ok(logged.every((line) => line.requestId === fromClient.headers['x-request-id']), '… beside the server\'s')
  const hostile = await app.inject({ url: '/v1/nope', headers: { 'x-request-id': 'a b\u0001<script>' } })
  t.match(hostile.headers['x-request-id'], /^[0-9a-f-]{36}$/)
  t.notOk(hostile.headers['x-client-request-id'], 'an unsafe one is dropped')
  t.equal(hostile.statusCode, 404, 'also on errors')
})

t.test('/ready answers when the database does', async (t) => {
  const app = await build(t)
  const response = await app.inject('/ready')
  t.equal(response.statusCode, 200)
  t.same(response.json(), { status: 'ready' })
})

const METRICS_TOKEN = 'scrape-0123456789abcdef'

t.test('/metrics is not served without METRICS_TOKEN, and needs the token when it is set', async (t) => {
  const off = await build(t)
  t.equal((await off.inject('/metrics')).statusCode, 404, 'off unless configured')
  const on = await build(t, { METRICS_TOKEN })
  const anonymous = await on.inject('/metrics')
  t.equal(anonymous.statusCode, 401)
  t.match(anonymous.headers['content-type'], /^application\/problem\+json/)
  t.match(anonymous.headers['www-authenticate'], /^Bearer realm="metrics"/)
  t.equal((await on.inject({ url: '/metrics', headers: { authorization: 'Bearer scrape-0123456789abcdeX' } })).statusCode, 401, 'a wrong token')
  t.equal((await on.inject({ url: '/metrics', headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).statusCode, 200)
})

t.test('/metrics exposes per-route counts and latency histograms in Prometheus format', async (t) => {
  const app = await build(t, { METRICS_TOKEN })
  await app.inject('/v1/types')
  await app.inject('/v1/types/dystrophic')
  await app.inject('/v1/types/nope')
  const response = await app.inject({ url: '/metrics', headers: { authorization: `Bearer ${METRICS_TOKEN}` } })
  t.equal(response.statusCode, 200)
  t.match(response.headers['content-type'], /^text\/plain/)
  t.match(response.body, /# TYPE http_request_duration_seconds histogram/)
  t.match(response.body, /http_request_duration_seconds_count\{method="GET",route="\/v1\/types",status_code="200"\} 1/)
  t.match(response.body, /http_request_duration_seconds_count\{method="GET",route="\/v1\/types\/:id",status_code="404"\} 1/)
  t.match(response.body, /process_resident_memory_bytes/)
  t.notMatch(response.body, /http_request_summary_seconds\{/, 'no summary observations: they cost too much per request')
})

t.test('under pressure the service sheds load with a 503 problem and Retry-After', async (t) => {
  const app = await build(t, { MAX_HEAP_USED_BYTES: '1' })
  // Shed from the first sample on (once a second, later on a busy machine): wait for it, not for a fixed time.
  let response = await app.inject('/v1/types')
  for (let waited = 0; response.statusCode !== 503 && waited < 30_000; waited += 100) {
    await new Promise((resolve) => setTimeout(resolve, 100))
    response = await app.inject('/v1/types')
  }
  t.equal(response.statusCode, 503)
  t.equal(response.headers['retry-after'], '10')
  t.equal(response.json().type, '/problems/service-unavailable')
  const health = await app.inject('/health')
  t.equal(health.statusCode, 200, 'liveness is never shed: a shed /health gets a busy process restarted')
  t.same(health.json(), { status: 'ok' })
})
