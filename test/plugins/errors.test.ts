/**
 * Every value that passes validation is safe to bind, and database failures that are not
 * the client's fault answer 503 with Retry-After: never a 500 for either (issue 14).
 */
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { createKeyRepository } from '../../src/repositories/keys.js'
import { build, tempDir } from '../helper.js'
import { holdWriteLock } from '../db/lock-holder.js'

const problem = (t: Test, response: { statusCode: number; headers: Record<string, unknown>; json(): any }, status: number, label: string) => {
  t.equal(response.statusCode, status, label)
  t.match(String(response.headers['content-type']), /^application\/problem\+json/, `${label}: a problem document`)
}

t.test('numbers and instants no program can hold are 400 problems on every route', async (t) => {
  const app = await build(t)
  const token = createKeyRepository(app.store.db).create('admin', 'admin').token
  const headers = { authorization: `Bearer ${token}` }
  const urls = [
    '/v1/treatments?limit=1e999',
    '/v1/treatments?limit=-1e999',
    '/v1/treatments?limit=Infinity',
    '/v1/causes?limit=1e999&sort=name',
    '/v1/search?q=calcium&limit=1e999',
    '/v1/passages?q=calcium&limit=1e999',
    '/v1/admin/treatments?limit=1e999',
    '/v1/admin/audit?limit=1e999',
    '/v1/admin/audit?since=2016-12-31T23:59:60Z',
    '/v1/admin/audit?since=2017-02-29T00:00:00Z',
    '/v1/admin/audit?since=2016-12-31T24:00:00Z',
    '/v1/admin/audit?since=2016-12-31T12:00:00%2B24:00',
    '/v1/admin/treatments/sodium-thiosulfate/revisions/1e999',
    '/v1/admin/treatments/sodium-thiosulfate/revisions/99999999999999999999'
  ]
  for (const url of urls) {
    const response = await app.inject({ url, headers })
    problem(t, response, 400, url)
  }
  const leapDay = await app.inject({ url: '/v1/admin/audit?since=2016-02-29T00:00:00Z', headers })
  t.equal(leapDay.statusCode, 200, 'a real leap day is an instant')
  t.equal((await app.inject({ url: '/v1/treatments?limit=1e1' })).statusCode, 200, 'a finite number in another notation is fine')
})

t.test('a value SQLite refuses to bind is a 400, not a 500 (the backstop behind validation)', async (t) => {
  const app = await build(t)
  // A route standing for any handler that binds a value validation let through.
  app.get('/test/bind', async () => app.store.sqlite.prepare('select 1 limit ?').all(Number.POSITIVE_INFINITY))
  app.get('/test/date', async () => new Date(Number.NaN).toISOString())
  problem(t, await app.inject('/test/bind'), 400, 'datatype mismatch')
  problem(t, await app.inject('/test/date'), 400, 'a time value Date cannot hold')
})

t.test('a read-only database: writes answer 503 with Retry-After and /ready is not ready', async (t) => {
  const app = await build(t, { DATABASE_PATH: join(tempDir(t), 'kb.sqlite') })
  const token = createKeyRepository(app.store.db).create('ed', 'editor').token
  t.equal((await app.inject('/ready')).statusCode, 200, 'ready while writable')
  app.store.sqlite.pragma('query_only = 1') // as a read-only file system would
  const write = await app.inject({
    method: 'POST',
    url: '/v1/admin/causes',
    headers: { authorization: `Bearer ${token}` },
    payload: { id: 'read-only', name: 'R', summary: 'S', category: 'genetic' }
  })
  problem(t, write, 503, 'the write')
  t.ok(Number(write.headers['retry-after']) > 0, 'with Retry-After')
  t.notMatch(write.body, /readonly|sqlite/i, 'the cause stays in the log')
  const ready = await app.inject('/ready')
  problem(t, ready, 503, '/ready')
  t.equal((await app.inject('/health')).statusCode, 200, 'the process is alive all the same')
  app.store.sqlite.pragma('query_only = 0')
  t.equal((await app.inject('/ready')).statusCode, 200, 'ready again once writable')
})

t.test('a write while another process holds the lock is never a 500', async (t) => {
  const path = join(tempDir(t), 'kb.sqlite')
  const app = await build(t, { DATABASE_PATH: path })
  const token = createKeyRepository(app.store.db).create('ed', 'editor').token
  await holdWriteLock(t, path, 1500)
  const write = await app.inject({
    method: 'POST',
    url: '/v1/admin/causes',
    headers: { authorization: `Bearer ${token}` },
    payload: { id: 'contended', name: 'C', summary: 'S', category: 'genetic' }
  })
  // 201 once the write path begins IMMEDIATE (it waits for the lock); until then SQLite
  // answers SQLITE_BUSY at once, which must be a 503 the client may retry.
  t.not(write.statusCode, 500)
  if (write.statusCode === 503) t.equal(write.headers['retry-after'], '1')
  else t.equal(write.statusCode, 201)
  t.equal((await app.inject('/ready')).statusCode, 200, 'a lock held elsewhere does not make the instance unready')
})

t.test("a problem's free text stays within the contract's bounds, however long the request", async (t) => {
  const app = await build(t)
  const path = `/nothing/${'x'.repeat(6000)}`
  const response = await app.inject(path)
  problem(t, response, 404, 'a very long unknown path')
  const body = response.json()
  t.ok(body.instance.length <= 2000 && body.instance.startsWith('/nothing/xxx'), `instance: ${body.instance.length} characters`)
  t.ok(body.detail.length <= 4000 && body.detail.startsWith('No route for GET /nothing/'), `detail: ${body.detail.length} characters`)
  const served = (await app.inject('/openapi.json')).json()
  t.match(served.components.schemas.Problem.properties, { instance: { maxLength: 2000 }, detail: { maxLength: 4000 } })
})
