/** What operators see: request ids, readiness, metrics and load shedding. */
import t from 'tap'
import { build } from '../helper.js'

t.test('every response carries a request id; a valid incoming one is honoured', async (t) => {
  const app = await build(t)
  const generated = await app.inject('/v1/types')
  t.match(generated.headers['x-request-id'], /^[0-9a-f-]{36}$/)
  t.equal((await app.inject({ url: '/v1/types', headers: { 'x-request-id': 'lb-1234.abc' } })).headers['x-request-id'], 'lb-1234.abc')
  const hostile = await app.inject({ url: '/v1/nope', headers: { 'x-request-id': 'a b\u0001<script>' } })
  t.match(hostile.headers['x-request-id'], /^[0-9a-f-]{36}$/, 'an unsafe one is replaced')
  t.equal(hostile.statusCode, 404, 'also on errors')
})

t.test('/ready answers when the database does', async (t) => {
  const app = await build(t)
  const response = await app.inject('/ready')
  t.equal(response.statusCode, 200)
  t.same(response.json(), { status: 'ready' })
})

t.test('/metrics exposes per-route counts and latency histograms in Prometheus format', async (t) => {
  const app = await build(t)
  await app.inject('/v1/types')
  await app.inject('/v1/types/dystrophic')
  await app.inject('/v1/types/nope')
  const response = await app.inject('/metrics')
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
  await new Promise((resolve) => setTimeout(resolve, 1200)) // one sampling interval
  const response = await app.inject('/v1/types')
  t.equal(response.statusCode, 503)
  t.equal(response.headers['retry-after'], '10')
  t.equal(response.json().type, '/problems/service-unavailable')
})
