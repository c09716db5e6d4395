/**
 * Scale-out as it runs (README, *Running at scale*): a primary and three replicas as
 * separate processes of the build (dist/server.js), and in front of them nginx with the
 * committed deploy/nginx.conf when nginx is installed (CI installs it: .ci/run); without it
 * the load goes to the replicas directly. A static server in the test plays the part of a
 * CDN serving a copy of RELEASE_DIR, to break a download on purpose.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { createReadStream, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import autocannon from 'autocannon'
import t from 'tap'
import { freePort } from '../../bench/lib.js'
import { nginxConf } from '../../bench/replicas.js'
import { releaseFile, releasesFolder } from '../../src/releases/directory.js'
import { tempDir } from '../helper.js'
import { databaseWithKey, startServer, type ServerProcess } from '../reliability/server-process.js'

const POLL = '0.2'
const { databasePath, token } = databaseWithKey(t)
const primaryDir = tempDir(t)
const primary = await startServer(t, { DATABASE_PATH: databasePath, RELEASE_DIR: primaryDir })
const admin = { authorization: `Bearer ${token}` }

async function until(what: string, check: () => Promise<boolean>, ms = 30_000) {
  const deadline = Date.now() + ms
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}
const statusOf = async (url: string) => (await fetch(url)).status
const releaseOf = async (base: string) => ((await (await fetch(`${base}/v1/releases/latest`)).json()) as { version: string }).version

async function makeRelease(): Promise<{ version: string; datasetVersion: string; sha256: string; bytes: number }> {
  const response = await fetch(`${primary.url}/v1/admin/releases`, { method: 'POST', headers: admin })
  if (response.status !== 201) throw new Error(`release: ${response.status} ${await response.text()}`)
  return response.json() as never
}

const startReplica = (replicaOf: string, dir = tempDir(t)) => startServer(t, { REPLICA_OF: replicaOf, RELEASE_DIR: dir, RELEASE_POLL_SECONDS: POLL })

const first = await makeRelease()
const replicas: ServerProcess[] = await Promise.all([0, 1, 2].map(() => startReplica(primary.url)))
await until('every replica is ready', async () => (await Promise.all(replicas.map((r) => statusOf(`${r.url}/ready`)))).every((s) => s === 200))

/** nginx with the committed configuration, its addresses replaced by this test's; undefined without nginx. */
async function startNginx(): Promise<string | undefined> {
  if (spawnSync('nginx', ['-v']).error) return undefined
  const prefix = tempDir(t)
  const port = await freePort()
  const hostOf = (url: string) => new URL(url).host
  const conf = nginxConf(port, replicas.map((replica) => hostOf(replica.url)), hostOf(primary.url))
  writeFileSync(join(prefix, 'nginx.conf'), conf)
  const child: ChildProcess = spawn('nginx', ['-p', prefix, '-c', join(prefix, 'nginx.conf'), '-g', `daemon off; pid ${join(prefix, 'nginx.pid')}; error_log ${join(prefix, 'error.log')};`], { stdio: 'ignore' })
  t.teardown(() => {
    child.kill('SIGKILL')
  })
  const url = `http://127.0.0.1:${port}`
  await until('nginx answers', async () => (await statusOf(`${url}/ready`)) === 200, 15_000)
  return url
}
const front = await startNginx()
if (!front) t.comment('nginx is not installed: the load goes to the replicas directly (CI installs nginx-light)')
/** Where clients read: nginx, or each replica. */
const readUrls = front ? [front] : replicas.map((r) => r.url)

t.test('every replica serves the release: same ETag and datasetVersion everywhere', async (t) => {
  const answers = await Promise.all([primary.url, ...replicas.map((r) => r.url)].map((base) => fetch(`${base}/v1/conditions/calcinosis-cutis`)))
  const etags = new Set(answers.map((a) => a.headers.get('etag')))
  t.equal(etags.size, 1, 'one ETag for the same content on the primary and every replica')
  for (const replica of replicas) {
    const exported = (await (await fetch(`${replica.url}/v1/export`)).json()) as { datasetVersion: string }
    t.equal(exported.datasetVersion, first.datasetVersion)
  }
  if (front) {
    t.equal(await statusOf(`${front}/v1/search?q=calcium`), 200, 'reads through nginx')
    const write = await fetch(`${front}/v1/admin/treatments`, { headers: admin })
    t.equal(write.status, 200, 'nginx sends the admin API to the primary')
  }
  const refused = await fetch(`${replicas[0]?.url}/v1/admin/treatments`, { headers: admin })
  t.equal(refused.status, 403, 'a replica itself refuses admin requests')
})

t.test('a change published on the primary reaches every replica within 5 s of its release', async (t) => {
  const current = await fetch(`${primary.url}/v1/admin/treatments/sodium-thiosulfate`, { headers: admin })
  const unpublished = await fetch(`${primary.url}/v1/admin/treatments/sodium-thiosulfate/unpublish`, { method: 'POST', headers: { ...admin, 'if-match': String(current.headers.get('etag')) } })
  t.equal(unpublished.status, 200)
  const started = Date.now()
  await makeRelease()
  await until('every replica has the change', async () => (await Promise.all(replicas.map((r) => statusOf(`${r.url}/v1/treatments/sodium-thiosulfate`)))).every((s) => s === 404), 5_000)
  t.comment(`release made and served by all three replicas in ${Date.now() - started} ms`)
  if (front) t.equal(await statusOf(`${front}/v1/treatments/sodium-thiosulfate`), 404, 'and through nginx')
})

t.test('no request fails while the replicas switch releases under load', async (t) => {
  const before = await Promise.all(replicas.map((r) => releaseOf(r.url)))
  const runs = readUrls.map((url) => {
    let stop = () => {}
    const done = new Promise<autocannon.Result>((resolve, reject) => {
      const instance = autocannon(
        {
          url,
          connections: 4,
          duration: 120, // stopped below, once every replica has switched twice
          timeout: 30,
          requests: [
            { method: 'GET', path: '/v1/conditions/calcinosis-cutis' },
            { method: 'GET', path: '/v1/treatments?modality=pharmacological' },
            { method: 'GET', path: '/v1/search?q=kidney' },
            { method: 'GET', path: '/v1/answer?q=what%20causes%20it' }
          ]
        },
        (error, result) => (error ? reject(error) : resolve(result))
      )
      stop = () => instance.stop()
    })
    return { done, stop: () => stop() }
  })
  const second = await makeRelease()
  await until('every replica switched once', async () => (await Promise.all(replicas.map((r) => releaseOf(r.url)))).every((v) => v === second.version))
  const third = await makeRelease()
  await until('every replica switched twice', async () => (await Promise.all(replicas.map((r) => releaseOf(r.url)))).every((v) => v === third.version))
  await new Promise((resolve) => setTimeout(resolve, 300))
  for (const run of runs) run.stop()
  const results = await Promise.all(runs.map((run) => run.done))
  t.notSame(before, [third.version, third.version, third.version])
  for (const result of results) {
    const statuses = Object.keys(result.statusCodeStats ?? {})
    t.ok(result.requests.total > 0, `${result.requests.total} requests during the switches`)
    t.equal(result.errors, 0, 'no errors')
    t.same(statuses, ['200'], `every answer 200 (${statuses.join(', ')})`)
  }
})

t.test('the replicas keep answering while the primary is stopped', async (t) => {
  primary.child.kill('SIGTERM')
  t.equal(await primary.exited, 0)
  for (const base of [...readUrls, ...replicas.map((r) => r.url)]) {
    t.equal(await statusOf(`${base}/v1/conditions/calcinosis-cutis`), 200, `${base} answers`)
    t.equal(await statusOf(`${base}/ready`), 200, `${base} is ready`)
  }
})

/**
 * A copy of the primary's RELEASE_DIR served statically (as a CDN would), with two faults
 * on demand: a download that stops half-way, and a file that does not match its manifest.
 */
function staticReleases(dir: string) {
  const state = { stall: false, tamperedVersion: '', halfSent: () => {} }
  const server: Server = createServer((request, response) => {
    const path = join(releasesFolder(dir), decodeURIComponent((request.url ?? '').replace(/^\/v1\/releases\/?/, '')))
    if (!request.url?.startsWith('/v1/releases/')) return void response.writeHead(404).end()
    if (state.tamperedVersion && request.url.endsWith(state.tamperedVersion)) {
      const bytes = readFileSync(releaseFile(dir, state.tamperedVersion))
      bytes.writeUInt8(bytes.readUInt8(bytes.length - 100) ^ 0xff, bytes.length - 100)
      return void response.end(bytes)
    }
    let size: number
    try {
      size = statSync(path).size
    } catch {
      return void response.writeHead(404).end()
    }
    if (state.stall && !request.url.endsWith('/latest')) {
      // Half the file, then nothing: the replica is killed while it waits for the rest.
      response.writeHead(200, { 'content-length': size })
      const half = readFileSync(path).subarray(0, Math.floor(size / 2))
      return void response.write(half, () => state.halfSent())
    }
    response.writeHead(200, { 'content-length': size })
    createReadStream(path).pipe(response)
  })
  return { server, state }
}

t.test('a replica killed with kill -9 mid-download restarts clean; a tampered release is refused and the last good one kept', async (t) => {
  const { server, state } = staticReleases(primaryDir)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => server.closeAllConnections())
  t.teardown(() => server.close())
  const cdn = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const dir = tempDir(t)

  state.stall = true
  const halfSent = new Promise<void>((resolve) => (state.halfSent = resolve))
  const doomed = await startReplica(cdn, dir)
  await halfSent
  const folder = releasesFolder(dir)
  await until('half the file is on disk', async () => readdirSync(folder).some((name) => name.startsWith('.download-') && statSync(join(folder, name)).size > 0))
  doomed.child.kill('SIGKILL')
  await doomed.exited
  t.ok(readdirSync(folder).some((name) => name.startsWith('.download-')), 'killed mid-download: a partial file is left')

  state.stall = false
  const restarted = await startReplica(cdn, dir)
  await until('the restarted replica is ready', async () => (await statusOf(`${restarted.url}/ready`)) === 200)
  t.same(readdirSync(folder).filter((name) => name.startsWith('.')), [], 'the partial download is gone')
  const good = await releaseOf(restarted.url)
  t.equal(good, await releaseOf(cdn), 'it serves the release the static copy offers')

  // The static copy now announces a release whose file does not match the manifest.
  const manifest = JSON.parse(readFileSync(join(releasesFolder(primaryDir), 'latest'), 'utf8')) as { version: string; sha256: string }
  const tampered = { ...manifest, version: '20991231T235959999Z-0badf00d', datasetVersion: 'tampered' }
  writeFileSync(join(releasesFolder(primaryDir), `${tampered.version}.json`), JSON.stringify(tampered))
  writeFileSync(releaseFile(primaryDir, tampered.version), readFileSync(releaseFile(primaryDir, manifest.version)))
  state.tamperedVersion = tampered.version
  writeFileSync(join(releasesFolder(primaryDir), 'latest'), JSON.stringify(tampered))
  await restarted.logged(/does not match the manifest/)
  t.equal(await releaseOf(restarted.url), good, 'the last good release keeps serving')
  t.equal(await statusOf(`${restarted.url}/v1/conditions/calcinosis-cutis`), 200)
  t.equal(await statusOf(`${restarted.url}/ready`), 200)
})
