/** HTTP caching, CORS and compression of the public read API. */
import t from 'tap'
import { build } from '../helper.js'

t.test('every GET has a strong ETag and If-None-Match answers 304', async (t) => {
  const app = await build(t)
  for (const url of ['/v1/types', '/v1/types/dystrophic', '/v1/sources/allfit-calcinosis-cutis', '/openapi.json']) {
    const first = await app.inject(url)
    const etag = first.headers.etag as string
    t.match(etag, /^"[^"]+"$/, `${url}: strong ETag`)
    const again = await app.inject({ url, headers: { 'if-none-match': etag } })
    t.equal(again.statusCode, 304, `${url}: 304`)
    t.equal(again.body, '')
    const stale = await app.inject({ url, headers: { 'if-none-match': '"stale"' } })
    t.equal(stale.statusCode, 200, `${url}: 200 on a stale tag`)
  }
})

t.test('the ETag changes when the content does', async (t) => {
  const app = await build(t)
  const before = (await app.inject('/v1/types/dystrophic')).headers.etag
  app.store.sqlite.prepare("update types set summary = 'Changed.' where id = 'dystrophic'").run()
  const after = await app.inject({ url: '/v1/types/dystrophic', headers: { 'if-none-match': String(before) } })
  t.equal(after.statusCode, 200)
  t.not(after.headers.etag, before)
})

t.test('Cache-Control is public with the configured max-age on reads, no-store on errors', async (t) => {
  const app = await build(t, { CACHE_MAX_AGE: '120' })
  t.equal((await app.inject('/v1/causes')).headers['cache-control'], 'public, max-age=120')
  t.equal((await app.inject('/v1/causes/nope')).headers['cache-control'], 'no-store')
  t.equal((await app.inject('/v1/causes?limit=0')).headers['cache-control'], 'no-store')
  t.equal((await app.inject('/health')).headers['cache-control'], 'no-store')
})

t.test('CORS: any origin by default, only configured origins otherwise', async (t) => {
  const open = await build(t)
  t.equal((await open.inject({ url: '/v1/causes', headers: { origin: 'https://app.example' } })).headers['access-control-allow-origin'], '*')
  const closed = await build(t, { CORS_ORIGINS: 'https://app.example' })
  t.equal((await closed.inject({ url: '/v1/causes', headers: { origin: 'https://app.example' } })).headers['access-control-allow-origin'], 'https://app.example')
  t.notOk((await closed.inject({ url: '/v1/causes', headers: { origin: 'https://evil.example' } })).headers['access-control-allow-origin'])
  const preflight = await closed.inject({
    method: 'OPTIONS',
    url: '/v1/causes',
    headers: { origin: 'https://app.example', 'access-control-request-method': 'GET' }
  })
  t.equal(preflight.statusCode, 204)
})

t.test('large answers are compressed when the client accepts it', async (t) => {
  const app = await build(t)
  const response = await app.inject({ url: '/v1/types?limit=100', headers: { 'accept-encoding': 'gzip' } })
  t.equal(response.headers['content-encoding'], 'gzip')
  t.equal(response.statusCode, 200)
})
