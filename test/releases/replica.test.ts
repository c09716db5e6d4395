/**
 * Replica mode in process: a primary listening on a port, a replica following it. What a
 * replica serves, what it refuses, and how it moves from one release to the next.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { readFileSync } from 'node:fs'
import { Writable } from 'node:stream'
import t from 'tap'
import { createKeyRepository } from '../../src/repositories/keys.js'
import { releaseFile } from '../../src/releases/directory.js'
import { build, getJson, tempDir } from '../helper.js'

const primaryDir = tempDir(t)
const primary = await build(t, { RELEASE_DIR: primaryDir })
const admin = createKeyRepository(primary.store.db).create('boss', 'admin').token
const primaryUrl = await primary.listen({ port: 0, host: '127.0.0.1' })

const replica = await build(t, { REPLICA_OF: primaryUrl, RELEASE_DIR: tempDir(t), RELEASE_POLL_SECONDS: '0.1', RESPONSE_CACHE_MAX_BYTES: '1000000' })

const release = async () => (await primary.inject({ method: 'POST', url: '/v1/admin/releases', headers: { authorization: `Bearer ${admin}` } })).json()

/** Waits for a condition the replica reaches by itself (its next poll), failing after `ms`. */
async function until(what: string, check: () => Promise<boolean>, ms = 10_000) {
  const deadline = Date.now() + ms
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}
const status = async (url: string) => (await replica.inject({ method: 'GET', url })).statusCode

t.test('before its first release a replica is alive but not ready, and serves nothing', async (t) => {
  t.equal(await status('/health'), 200)
  const ready = await getJson(replica, '/ready')
  t.equal(ready.response.statusCode, 503)
  t.match(ready.body.detail, primaryUrl, 'the problem names where releases come from')
  t.equal(ready.response.headers['retry-after'], '5')
  t.equal(await status('/v1/conditions'), 503)
})

let first: { version: string; datasetVersion: string }
t.test('once the primary makes a release, the replica serves it: same answers, same ETags, same datasetVersion', async (t) => {
  first = await release()
  await until('the replica is ready', async () => (await status('/ready')) === 200)
  for (const url of [
    '/v1/conditions/calcinosis-cutis',
    '/v1/treatments?modality=pharmacological',
    '/v1/search?q=calcium',
    '/v1/answer?q=what%20causes%20calcinosis%20cutis',
    '/v1/passages?q=calcium',
    '/v1/conditions/calcinosis-cutis/overview',
    '/v1/sources/allfit-calcinosis-cutis',
    '/llms.txt'
  ]) {
    const [fromPrimary, fromReplica] = await Promise.all([primary.inject({ method: 'GET', url }), replica.inject({ method: 'GET', url })])
    t.equal(fromReplica.statusCode, 200, `${url} answers`)
    t.equal(fromReplica.body, fromPrimary.body, `${url}: the same body`)
    t.equal(fromReplica.headers.etag, fromPrimary.headers.etag, `${url}: the same ETag`)
  }
  const exported = await getJson(replica, '/v1/export')
  t.equal(exported.body.datasetVersion, first.datasetVersion)
  t.equal((await getJson(replica, '/v1/releases/latest')).body.version, first.version, 'a replica serves the release it holds, in the same layout')
  const file = await replica.inject({ method: 'GET', url: `/v1/releases/${first.version}` })
  t.equal(file.headers.etag, `"${(await getJson(primary, '/v1/releases/latest')).body.sha256}"`)
})

t.test('MCP answers on a replica', async (t) => {
  const response = await replica.inject({
    method: 'POST',
    url: '/mcp',
    headers: { accept: 'application/json, text/event-stream', 'content-type': 'application/json' },
    payload: { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'search', arguments: { query: 'calcium deposits' } } }
  })
  t.equal(response.statusCode, 200)
  t.match(response.body, /calci/i)
})

t.test('the admin API on a replica is a 403 problem naming the primary, never a 404', async (t) => {
  for (const [method, url] of [
    ['GET', '/v1/admin/treatments'],
    ['POST', '/v1/admin/releases'],
    ['DELETE', '/v1/admin/treatments/sodium-thiosulfate'],
    ['POST', '/v1/admin/import'],
    ['GET', '/v1/admin']
  ] as const) {
    const response = await replica.inject({ method, url, headers: { authorization: `Bearer ${admin}` } })
    t.equal(response.statusCode, 403, `${method} ${url}`)
    t.match(response.headers['content-type'], /^application\/problem\+json/)
    t.match(response.json().detail, primaryUrl)
  }
})

t.test('a new release replaces the old one at the next poll, and nothing cached from the old one is served', async (t) => {
  t.equal(await status('/v1/treatments/sodium-thiosulfate'), 200)
  t.equal(await status('/v1/treatments/sodium-thiosulfate'), 200, 'now in the response cache')
  const current = await primary.inject({ method: 'GET', url: '/v1/admin/treatments/sodium-thiosulfate', headers: { authorization: `Bearer ${admin}` } })
  const unpublished = await primary.inject({
    method: 'POST',
    url: '/v1/admin/treatments/sodium-thiosulfate/unpublish',
    headers: { authorization: `Bearer ${admin}`, 'if-match': String(current.headers.etag) }
  })
  t.equal(unpublished.statusCode, 200, unpublished.body)
  const second = await release()
  await until('the replica serves the new release', async () => (await getJson(replica, '/v1/export')).body.datasetVersion === second.datasetVersion)
  t.equal(await status('/v1/treatments/sodium-thiosulfate'), 404, 'the unpublished entity is gone from the replica')
  t.notOk((await getJson(replica, '/v1/search?q=thiosulfate')).body.data.some((hit: { id: string }) => hit.id === 'sodium-thiosulfate'), 'and from its search')
})

t.test('a release whose file does not match its manifest is refused, never served', async (t) => {
  const good = (await getJson(primary, '/v1/releases/latest')).body
  const tamperedFile = readFileSync(releaseFile(primaryDir, good.version))
  tamperedFile.writeUInt8(tamperedFile.readUInt8(tamperedFile.length - 10) ^ 0xff, tamperedFile.length - 10)
  const tampered = { ...good, version: '20991231T235959999Z-0badf00d', datasetVersion: 'tampered' }
  // A static server in the primary's place, serving a manifest whose file does not match it.
  const server = createServer((request, response) => {
    if (request.url === '/v1/releases/latest') return response.end(JSON.stringify(tampered))
    if (request.url === `/v1/releases/${tampered.version}`) return response.end(tamperedFile)
    response.statusCode = 404
    response.end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => server.close())
  const follower = await build(t, { REPLICA_OF: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, RELEASE_DIR: tempDir(t), RELEASE_POLL_SECONDS: '0.1' })
  await follower.ready()
  await new Promise((resolve) => setTimeout(resolve, 500))
  t.equal((await follower.inject({ method: 'GET', url: '/ready' })).statusCode, 503, 'never ready on a release that fails its checksum')
  t.equal(replica.replica?.release()?.datasetVersion, (await getJson(primary, '/v1/export')).body.datasetVersion, 'the replica following the primary is unaffected')
})

t.test('the primary down does not take the replica down', async (t) => {
  await primary.server.close()
  await new Promise((resolve) => setTimeout(resolve, 300))
  t.equal(await status('/ready'), 200)
  t.equal(await status('/v1/conditions/calcinosis-cutis'), 200)
})

t.test('whatever is wrong with what the release server offers, the replica refuses it and says why', async (t) => {
  const good = (await getJson(primary, '/v1/releases/latest')).body
  const file = readFileSync(releaseFile(primaryDir, good.version))
  const offers: Record<string, { latest: () => [number, string]; file?: Buffer; reason: RegExp }> = {
    'a server error': { latest: () => [500, 'oops'], reason: /answered 500/ },
    'a manifest that is not one': { latest: () => [200, '{"version": 1}'], reason: /is not a release manifest/ },
    'another schema': { latest: () => [200, JSON.stringify({ ...good, schema: 1 })], reason: /has schema 1, this replica runs/ },
    'a file larger than announced': { latest: () => [200, JSON.stringify({ ...good, bytes: 1000 })], file, reason: /more than the 1000 bytes announced/ },
    'a file shorter than announced': { latest: () => [200, JSON.stringify({ ...good, bytes: file.length + 1 })], file, reason: /bytes, the manifest says/ },
    'a missing file': { latest: () => [200, JSON.stringify(good)], reason: /answered 404/ }
  }
  for (const [what, offer] of Object.entries(offers)) {
    const server = createServer((request, response) => {
      if (request.url === '/v1/releases/latest') {
        const [code, body] = offer.latest()
        response.statusCode = code
        return response.end(body)
      }
      if (offer.file && request.url === `/v1/releases/${good.version}`) return response.end(offer.file)
      response.statusCode = 404
      response.end()
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    let log = ''
    const logged = new Promise<void>((resolve) => {
      const stream = new Writable({
        write(chunk, _encoding, callback) {
          log += String(chunk)
          if (offer.reason.test(log)) resolve()
          callback()
        }
      })
      void build(t, { REPLICA_OF: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, RELEASE_DIR: tempDir(t), RELEASE_POLL_SECONDS: '0.1', LOG_LEVEL: 'warn' }, { logStream: stream }).then((follower) =>
        follower.ready()
      )
    })
    await logged
    t.pass(`${what}: refused (${offer.reason})`)
    server.closeAllConnections()
    server.close()
  }
})
