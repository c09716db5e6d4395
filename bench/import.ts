/**
 * `npm run bench:import`: imports and revisions, measured against the built server
 * (dist/server.bundle.js, what `npm start` runs, its own process, pinned to the server core) on a database file.
 *
 * - A bundle of about 3,000 new entities (the seed copied 29 times, linked as the seed is)
 *   is imported, dry run then real, while `/health` is asked every 20 ms: the import's time
 *   and the slowest `/health` answer meanwhile (targets: under 5 s and under 200 ms).
 * - A structurally invalid 50 MB bundle: its status, time and the server's peak RSS.
 * - 200 link toggles on one entity: bytes the revisions table grew by, beside what full
 *   snapshots of the same revisions take (the storage before issue 14).
 *
 * Prints a Markdown table; exits 0 when every step ran (a missed target is a "no"), 1 on an error.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { migrateStore, openStore } from '../src/db/connection.js'
import { projectRoot } from '../src/paths.js'
import { exportBundle } from '../src/repositories/export.js'
import { createKeyRepository } from '../src/repositories/keys.js'
import { killAllNow, pinSelfToLoadCore } from './children.js'
import { peakRssMb, startNodeOptions, startServer } from './lib.js'
import { seedSynthetic } from './synthetic.js'

const SEED_COPIES = 29

pinSelfToLoadCore()
const work = mkdtempSync(join(tmpdir(), 'kb-bench-import-'))
process.on('exit', () => {
  killAllNow()
  rmSync(work, { recursive: true, force: true })
})

/** The bundle to import: built in memory, never touching the server's database. */
function syntheticBundle() {
  const store = openStore(':memory:')
  migrateStore(store)
  const entities = seedSynthetic(store, SEED_COPIES)
  const bundle = exportBundle(store)
  store.sqlite.close()
  return { entities, bundle }
}

/** An empty, migrated database file with an admin key; the server opens it as it is. */
function emptyDatabase(path: string): string {
  const store = openStore(path)
  migrateStore(store)
  const token = createKeyRepository(store.db).create('bench', 'admin').token
  store.sqlite.close()
  return token
}

/** Asks `url` every `everyMs` until stopped; the slowest answer's time. */
function pollSlowest(url: string, everyMs: number) {
  let slowest = 0
  let failures = 0
  let running = true
  const done = (async () => {
    while (running) {
      const started = performance.now()
      const response = await fetch(url).catch(() => null)
      if (!response?.ok) failures++
      await response?.arrayBuffer()
      slowest = Math.max(slowest, performance.now() - started)
      await sleep(everyMs)
    }
  })()
  return {
    async stop() {
      running = false
      await done
      return { slowest: Math.round(slowest), failures }
    }
  }
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now()
  const value = await work()
  return { value, ms: Math.round(performance.now() - started) }
}

// Each row as soon as it is measured: a later failure keeps the earlier figures.
console.log('| measurement | result | target | met |\n|---|---|---|---|')
const rows = { push: (row: [string, string, string, string]) => console.log(`| ${row.join(' | ')} |`) }
try {
  const path = join(work, 'kb.sqlite')
  const token = emptyDatabase(path)
  const { entities, bundle } = syntheticBundle()
  const body = JSON.stringify(bundle)
  const server = await startServer(join(projectRoot, 'dist', 'server.bundle.js'), { NODE_OPTIONS: startNodeOptions(projectRoot), DATABASE_PATH: path, LOG_LEVEL: 'warn', RATE_LIMIT_MAX: '0' }, '/health')
  const headers = { authorization: `Bearer ${token}` }
  const json = { ...headers, 'content-type': 'application/json' }
  const post = (url: string, payload: string) => fetch(`${server.url}${url}`, { method: 'POST', headers: json, body: payload })

  for (const dryRun of [true, false]) {
    const health = pollSlowest(`${server.url}/health`, 20)
    const { value: response, ms } = await timed(async () => {
      const answer = await post(`/v1/admin/import${dryRun ? '?dryRun=true' : ''}`, body)
      return { status: answer.status, created: ((await answer.json()) as { data?: { entities: { created: string[] } } }).data?.entities.created.length }
    })
    const { slowest, failures } = await health.stop()
    const label = `import ${entities} new entities (${(body.length / 1e6).toFixed(1)} MB)${dryRun ? ', dry run' : ''}`
    rows.push([label, `${response.status}, ${response.created} created, ${ms} ms`, '< 5000 ms', ms < 5000 && response.status === 200 ? 'yes' : 'no'])
    rows.push([`slowest /health during it (${failures} failed)`, `${slowest} ms`, '< 200 ms', slowest < 200 && failures === 0 ? 'yes' : 'no'])
  }

  // Structurally invalid: 50 MB of entities whose names are numbers.
  const invalid = { ...bundle, entities: { treatments: [] as unknown[] } }
  const one = { id: 'x', name: 7, summary: 'A summary long enough to take some room in the document, '.repeat(4), citations: [] }
  const copies = Math.floor((50 * 1024 * 1024 - 200_000) / JSON.stringify(one).length)
  invalid.entities.treatments = Array.from({ length: copies }, (_, n) => ({ ...one, id: `invalid-${n}` }))
  const invalidBody = JSON.stringify(invalid)
  const rssBefore = peakRssMb(server.child.pid as number)
  const { value: status, ms: invalidMs } = await timed(async () => (await post('/v1/admin/import', invalidBody)).status)
  const rss = peakRssMb(server.child.pid as number)
  rows.push([`structurally invalid bundle (${(invalidBody.length / 1024 / 1024).toFixed(1)} MB)`, `${status} in ${invalidMs} ms`, '4xx', status >= 400 && status < 500 ? 'yes' : 'no'])
  rows.push(['server peak RSS before / after it', `${rssBefore} / ${rss} MB`, '', ''])

  // 200 link toggles between two imported entities: revision bytes, stored and as full snapshots.
  const bytes = () => {
    const store = openStore(path)
    try {
      return (store.sqlite.prepare('select coalesce(sum(length(snapshot)), 0) as n from revisions').get() as { n: number }).n
    } finally {
      store.sqlite.close()
    }
  }
  const before = bytes()
  const toggled = ['conditions/calcinosis-cutis', 'symptoms/limited-mobility']
  const revisionsOf = async (entity: string) =>
    ((await (await fetch(`${server.url}/v1/admin/${entity}/revisions`, { headers })).json()) as { data: Array<{ number: number }> }).data.map((r) => r.number)
  const earlier = new Map(await Promise.all(toggled.map(async (entity) => [entity, (await revisionsOf(entity)).length] as const)))
  const link = `${server.url}/v1/admin/conditions/calcinosis-cutis/symptoms/limited-mobility`
  for (let n = 0; n < 200; n++) {
    const answer = await fetch(link, n % 2 === 0 ? { method: 'DELETE', headers } : { method: 'PUT', headers: json, body: '{}' })
    if (!answer.ok) throw new Error(`toggle ${n}: ${answer.status} ${await answer.text()}`)
  }
  const stored = bytes() - before
  let full = 0
  for (const entity of toggled) {
    for (const number of (await revisionsOf(entity)).slice(earlier.get(entity))) {
      const revision = (await (await fetch(`${server.url}/v1/admin/${entity}/revisions/${number}`, { headers })).json()) as { data: { snapshot: unknown } }
      full += JSON.stringify(revision.data.snapshot).length
    }
  }
  rows.push(['200 link toggles: revision bytes stored', `${(stored / 1e6).toFixed(2)} MB`, '', ''])
  rows.push(['the same revisions as full snapshots (the old storage)', `${(full / 1e6).toFixed(2)} MB`, '', ''])
  await server.stop()
} catch (error) {
  console.error(error)
  process.exit(1) // stops the /health poller too; the exit handler stops the server
}
