/** HTTP caching, CORS and compression of the public read API. */
import t from 'tap'
import { VERSION_CHECK_MS } from '../../src/plugins/caching.js'
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

t.test('response cache: a repeated public GET is served from memory until a write', async (t) => {
  const { createKeyRepository } = await import('../../src/repositories/keys.js')
  const app = await build(t, { RESPONSE_CACHE_MAX_BYTES: '1000000', CORS_ORIGINS: 'https://a.example,https://b.example' })
  const first = await app.inject('/v1/causes/trauma')
  // A change behind the write path's back is not seen: the answer comes from the cache.
  app.store.sqlite.prepare("update causes set summary = 'Changed behind the cache.' where id = 'trauma'").run()
  const second = await app.inject('/v1/causes/trauma')
  t.equal(second.body, first.body, 'served from the cache')
  t.equal(second.headers.etag, first.headers.etag)
  t.not(second.headers['x-request-id'], first.headers['x-request-id'], 'with its own request id')
  t.equal(second.headers['x-content-type-options'], 'nosniff', 'and the security headers')
  t.equal(second.headers['cache-control'], 'public, max-age=60')
  t.match(second.headers['content-type'], /^application\/json/)
  t.equal((await app.inject({ url: '/v1/causes/trauma', headers: { 'if-none-match': String(first.headers.etag) } })).statusCode, 304)
  const gzip = await app.inject({ url: '/v1/causes?limit=50', headers: { 'accept-encoding': 'gzip' } })
  t.equal((await app.inject({ url: '/v1/causes?limit=50', headers: { 'accept-encoding': 'gzip' } })).headers['content-encoding'], 'gzip', 'compressed on the way out')
  t.equal(gzip.statusCode, 200)
  const a = await app.inject({ url: '/v1/causes/trauma', headers: { origin: 'https://a.example' } })
  const b = await app.inject({ url: '/v1/causes/trauma', headers: { origin: 'https://b.example' } })
  t.equal(a.headers['access-control-allow-origin'], 'https://a.example')
  t.equal(b.headers['access-control-allow-origin'], 'https://b.example', 'CORS headers are per request')
  t.equal(b.body, first.body, 'one cached answer serves every origin')
  t.notOk((await app.inject({ url: '/v1/causes/trauma', headers: { origin: 'https://evil.example' } })).headers['access-control-allow-origin'])

  const token = createKeyRepository(app.store.db).create('ed', 'editor').token
  await app.inject({ method: 'POST', url: '/v1/admin/causes', headers: { authorization: `Bearer ${token}` }, payload: { id: 'new-cause', name: 'New', summary: 'S', category: 'genetic' } })
  const after = await app.inject('/v1/causes/trauma')
  t.match(after.json().data.summary, 'Changed behind the cache.', 'any write clears the cache')
  t.not(after.headers.etag, first.headers.etag)
})

t.test('response cache: a list answered from the stored renderings is kept too', async (t) => {
  const app = await build(t, { RESPONSE_CACHE_MAX_BYTES: '1000000' })
  const first = await app.inject('/v1/treatments?modality=pharmacological')
  t.equal(first.statusCode, 200)
  app.store.sqlite.prepare("update treatments set summary = 'Changed behind the cache.' where id = 'diltiazem'").run()
  const second = await app.inject('/v1/treatments?modality=pharmacological')
  t.equal(second.body, first.body, 'served from the cache')
  t.equal(second.headers.etag, first.headers.etag)
  t.match(second.headers['content-type'], /^application\/json/)
})

t.test('response cache: errors and admin answers are never cached', async (t) => {
  const { createKeyRepository } = await import('../../src/repositories/keys.js')
  const app = await build(t, { RESPONSE_CACHE_MAX_BYTES: '1000000' })
  t.equal((await app.inject('/v1/causes/nope')).statusCode, 404)
  app.store.sqlite
    .prepare("insert into causes (id, name, summary, category, status, created_at, updated_at) values ('nope', 'N', 'S', 'genetic', 'published', '2026-01-01', '2026-01-01')")
    .run()
  t.equal((await app.inject('/v1/causes/nope')).statusCode, 200, 'a 404 was not kept')
  const token = createKeyRepository(app.store.db).create('ed', 'editor').token
  const headers = { authorization: `Bearer ${token}` }
  const before = (await app.inject({ url: '/v1/admin/causes/trauma', headers })).json().data.summary
  app.store.sqlite.prepare("update causes set summary = 'Edited by SQL.' where id = 'trauma'").run()
  t.not((await app.inject({ url: '/v1/admin/causes/trauma', headers })).json().data.summary, before, 'admin reads are always fresh')
})

t.test('response cache: random Origin headers do not defeat it', async (t) => {
  const app = await build(t, { RESPONSE_CACHE_MAX_BYTES: '1000000' })
  const first = await app.inject({ url: '/v1/causes/trauma', headers: { origin: 'https://one.example' } })
  app.store.sqlite.prepare("update causes set summary = 'Changed behind the cache.' where id = 'trauma'").run()
  const other = await app.inject({ url: '/v1/causes/trauma', headers: { origin: 'https://two.example' } })
  t.equal(other.body, first.body, 'another origin is served the cached answer')
  t.equal(other.headers['access-control-allow-origin'], '*')
})

t.test('response cache: cached answers count against the rate limit', async (t) => {
  const app = await build(t, { RESPONSE_CACHE_MAX_BYTES: '1000000', RATE_LIMIT_MAX: '3' })
  for (let i = 0; i < 3; i++) t.equal((await app.inject('/v1/causes/trauma')).statusCode, 200)
  const limited = await app.inject('/v1/causes/trauma')
  t.equal(limited.statusCode, 429, 'the fourth request is refused although its answer is cached')
  t.equal(limited.json().type, '/problems/too-many-requests')
  t.equal(limited.headers['cache-control'], 'no-store')
})

t.test('response cache: a commit by another connection (another process) is seen on the next read', async (t) => {
  const { join } = await import('node:path')
  const Database = (await import('better-sqlite3')).default
  const { tempDir } = await import('../helper.js')
  const path = join(tempDir(t), 'kb.sqlite')
  const app = await build(t, { DATABASE_PATH: path, RESPONSE_CACHE_MAX_BYTES: '1000000' })
  const before = await app.inject('/v1/causes/trauma')
  t.equal((await app.inject('/v1/causes/trauma')).body, before.body, 'cached')

  // Another connection on the same file stands for a second server or `npm run seed`.
  const other = new Database(path)
  t.teardown(() => other.close())
  other.prepare("update causes set summary = 'Changed by another process.' where id = 'trauma'").run()
  const settle = () => new Promise((resolve) => setTimeout(resolve, VERSION_CHECK_MS + 50)) // past the longest a check may wait
  await settle()
  const after = await app.inject('/v1/causes/trauma')
  t.equal(after.json().data.summary, 'Changed by another process.', 'the cache was dropped')
  t.not(after.headers.etag, before.headers.etag)

  other.prepare("update causes set deleted_at = '2026-01-01' where id = 'trauma'").run()
  await settle()
  t.equal((await app.inject('/v1/causes/trauma')).statusCode, 410, 'a delete elsewhere is seen too (gone)')
})

t.test('MCP answers and preflights carry Cache-Control, the request id and the security headers', async (t) => {
  const app = await build(t)
  const mcp = await app.inject({
    method: 'POST',
    url: '/mcp',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    payload: { jsonrpc: '2.0', id: 1, method: 'tools/list' }
  })
  t.equal(mcp.statusCode, 200)
  t.equal(mcp.headers['cache-control'], 'no-store')
  t.ok(mcp.headers['x-request-id'])
  const preflight = await app.inject({ method: 'OPTIONS', url: '/v1/causes', headers: { origin: 'https://app.example', 'access-control-request-method': 'GET' } })
  t.equal(preflight.statusCode, 204)
  t.ok(preflight.headers['x-request-id'], 'preflight: request id')
  t.equal(preflight.headers['x-content-type-options'], 'nosniff', 'preflight: security headers')
  t.equal(preflight.headers['cache-control'], 'no-store')
  const bare = await app.inject({ method: 'OPTIONS', url: '/v1/causes' })
  t.not(bare.statusCode, 500)
  t.notMatch(String(bare.headers['content-type'] ?? ''), /text\/plain/, 'OPTIONS without Origin is not a text/plain 400')
  t.ok(bare.headers['x-request-id'], 'OPTIONS without Origin: request id')
  t.equal(bare.headers['x-content-type-options'], 'nosniff')
})

t.test('router errors carry the request id and the security headers', async (t) => {
  const app = await build(t)
  const response = await app.inject('/v1/treatments/%ZZ')
  t.equal(response.statusCode, 400)
  t.match(response.headers['content-type'], /^application\/problem\+json/)
  t.ok(response.headers['x-request-id'], 'request id')
  t.equal(response.headers['x-content-type-options'], 'nosniff', 'security headers')
  t.equal(response.headers['cache-control'], 'no-store')
})

t.test('HEAD answers as GET does, without the body, from the renderings and from the response cache', async (t) => {
  for (const cache of ['0', '1000000']) {
    const app = await build(t, { RESPONSE_CACHE_MAX_BYTES: cache })
    for (const url of ['/v1/treatments?modality=pharmacological', '/v1/types/dystrophic', '/v1/conditions/calcinosis-cutis/overview']) {
      const get = await app.inject(url)
      for (const round of ['first', 'repeated']) {
        const head = await app.inject({ method: 'HEAD', url })
        t.equal(head.statusCode, 200, `${url} (cache ${cache}, ${round}): 200`)
        t.equal(head.body, '', 'no body')
        t.equal(head.headers['content-length'], String(Buffer.byteLength(get.body)), "the GET body's length")
        t.equal(head.headers.etag, get.headers.etag, "the GET's ETag")
        t.equal(head.headers['content-type'], get.headers['content-type'])
      }
    }
  }
})

t.test('response cache: /llms.txt is not kept, its links follow the Host each request came in by', async (t) => {
  const app = await build(t, { RESPONSE_CACHE_MAX_BYTES: '1000000' })
  const first = await app.inject({ url: '/llms.txt', headers: { host: 'evil.example' } })
  t.match(first.body, 'http://evil.example/')
  const second = await app.inject({ url: '/llms.txt', headers: { host: 'kb.example.org' } })
  t.match(second.body, 'http://kb.example.org/')
  t.notMatch(second.body, 'evil.example', "another client's Host is not served")
  t.equal(second.headers['cache-control'], 'public, max-age=60', 'still cacheable by a shared cache, which keys by host')
})
