/**
 * `npm start` runs dist/server.bundle.js, the server packed into one file and compiled with
 * V8's code cache by scripts/bundle-server.js (issue 15: start time). What a bundle could
 * break, through HTTP: the first start on a new database (migrations and seed found from the
 * bundle's place), the docs UI's files (read from its package's folder), the MCP endpoint
 * (modules evaluated on first use), a release (built in a worker thread whose file is found
 * from the module's address) and an import (another worker), the validators compiled into
 * it ahead of time (the same answers as ajv's on first use, formats included). And the code
 * cache itself: one V8 refuses would cost nothing visible but the time it saves.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import t from 'tap'
import { projectRoot } from '../../src/paths.js'
import { createKeyRepository } from '../../src/repositories/keys.js'
import { build, tempDir } from '../helper.js'
import { databaseWithKey, startServer } from '../reliability/server-process.js'

const BUNDLE = 'server.bundle.js'
t.ok(existsSync(join(projectRoot, 'dist', BUNDLE)), 'npm run build wrote the bundle')

const startScript = (JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start
// With npm start's node flags: V8 refuses a code cache made under other flags.
const startFlags = startScript.split(' ').filter((word) => word.startsWith('--'))
const cacheCheck = spawnSync(process.execPath, [...startFlags, join(projectRoot, 'dist', BUNDLE), '--check-code-cache'], { encoding: 'utf8' })
t.equal(cacheCheck.stdout.trim(), 'accepted', `the build wrote a code cache of the bundled server that this Node accepts, run as npm start runs it ${cacheCheck.stderr}`)

const folder = tempDir(t)
const server = await startServer(t, { DATABASE_PATH: join(folder, 'kb.sqlite') }, BUNDLE)
t.teardown(() => void server.child.kill('SIGTERM'))

t.test('the first start creates, migrates and seeds the database, and lists answer', async (t) => {
  const response = await fetch(`${server.url}/v1/treatments?modality=pharmacological`)
  t.equal(response.status, 200)
  t.match(response.headers.get('content-type'), /^application\/json/)
  const body = (await response.json()) as { data: Array<{ id: string }>; page: { total: number } }
  t.ok(body.page.total > 0, 'seeded')
  t.ok(body.data.some((treatment) => treatment.id === 'diltiazem'))
})

t.test('the docs page and its assets are served', async (t) => {
  const page = await fetch(`${server.url}/docs/static/index.html`)
  t.equal(page.status, 200)
  t.match(await page.text(), /swagger-ui/i)
  const css = await fetch(`${server.url}/docs/static/swagger-ui.css`)
  t.equal(css.status, 200)
  t.match(css.headers.get('content-type'), /^text\/css/)
  t.equal((await fetch(`${server.url}/openapi.yaml`)).status, 200)
})

t.test('MCP tools load on first use and answer', async (t) => {
  const client = new Client({ name: 'bundle-test', version: '1.0.0' })
  await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`)))
  t.teardown(() => client.close())
  const { tools } = await client.listTools()
  t.ok(tools.some((tool) => tool.name === 'search'))
})

t.test('a release and an import run in their worker threads, each a bundle of its own', async (t) => {
  for (const worker of ['editor/import/worker', 'releases/worker']) t.ok(existsSync(join(projectRoot, 'dist', `${worker}.bundle.js`)), `${worker}.bundle.js`)
  const { databasePath, token } = databaseWithKey(t)
  const admin = await startServer(t, { DATABASE_PATH: databasePath, RELEASE_DIR: join(tempDir(t), 'releases') }, BUNDLE)
  t.teardown(() => void admin.child.kill('SIGTERM'))
  const headers = { authorization: `Bearer ${token}` }
  const release = await fetch(`${admin.url}/v1/admin/releases`, { method: 'POST', headers })
  t.equal(release.status, 201, await release.clone().text())
  t.match(await release.json(), { version: String, sha256: String })
  const bundle = await (await fetch(`${admin.url}/v1/export`)).text()
  const imported = await fetch(`${admin.url}/v1/admin/import?dryRun=true`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: bundle })
  t.equal(imported.status, 200, await imported.clone().text())
  t.match(await imported.json(), { data: { dryRun: true, entities: { unchanged: Number } } })
})

t.test('the validators compiled into the bundle answer as ajv compiles them on first use', async (t) => {
  const { databasePath, token } = databaseWithKey(t)
  const bundled = await startServer(t, { DATABASE_PATH: databasePath }, BUNDLE)
  t.teardown(() => void bundled.child.kill('SIGTERM'))
  const app = await build(t)
  const appToken = createKeyRepository(app.store.db).create('admin', 'admin').token
  const urls = [
    '/v1/conditions?limit=0',
    '/v1/conditions?unknown=1',
    '/v1/treatments?modality=bogus',
    '/v1/conditions?type=Not_A_Slug',
    '/v1/conditions/calcinosis-cutis?include=bogus',
    // The app's date-time (no leap second), not ajv-formats' (which has one).
    '/v1/admin/audit?since=2016-12-31T23:59:60Z',
    '/v1/admin/audit?limit=1e999'
  ]
  for (const url of urls) {
    const expected = await app.inject({ url, headers: { authorization: `Bearer ${appToken}` } })
    const answer = await fetch(`${bundled.url}${url}`, { headers: { authorization: `Bearer ${token}` } })
    t.equal(answer.status, expected.statusCode, `${url}: ${expected.statusCode}`)
    t.same(await answer.json(), expected.json(), `${url}: the same problem`)
  }
})

t.test('the Docker image runs the server as npm start does, node flags included', async (t) => {
  const start = startScript
  const cmd = /^CMD (\[.*\])$/m.exec(readFileSync(join(projectRoot, 'Dockerfile'), 'utf8'))?.[1]
  t.ok(cmd, 'the Dockerfile has an exec-form CMD')
  t.same(JSON.parse(cmd ?? '[]'), start.split(' '))
  t.match(start, /^node .*dist\/server\.bundle\.js$/)
})
