/**
 * `npm run bench`: our service measured in one run beside a ceiling (bare fastify), the
 * stack's limit (fastify + better-sqlite3, one prepared statement, the same body) and a
 * peer (json-server over an export of the same data). Servers run on one core, the load
 * generator (autocannon, programmatically) on the other. Prints a Markdown table and
 * writes bench/results/latest.json.
 *
 * `npm run bench:scale`: the same list and search scenarios on the seed and on a
 * synthetic knowledge base 100 times larger; latencies must stay within 2x.
 *
 * Settings: BENCH_SECONDS (default 5), BENCH_WARMUP (2), BENCH_CONNECTIONS (50).
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir, totalmem } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { isDeepStrictEqual } from 'node:util'
import { migrateStore, openStore } from '../src/db/connection.js'
import { seedStore } from '../src/dataset/seed.js'
import { KIND_LIST } from '../src/kinds/index.js'
import { canPin, freePort, LOAD_CORE, measure, median, peakRssMb, startServer, timeToFirstAnswer, type LoadOptions, type Measurement, type Server } from './lib.js'
import { seedSynthetic } from './synthetic.js'

const here = dirname(fileURLToPath(import.meta.url))
const root = join(here, '..', '..')
const serverScript = join(root, 'dist', 'server.js')
const benchServer = (name: string) => join(here, 'servers', `${name}.js`)

// The load generator gets its own core: re-run this process pinned when we can.
if (canPin && !process.env.BENCH_PINNED) {
  const result = spawnSync('taskset', ['-c', LOAD_CORE, process.execPath, ...process.argv.slice(1)], { stdio: 'inherit', env: { ...process.env, BENCH_PINNED: '1' } })
  process.exit(result.status ?? 1)
}

const scale = process.argv.includes('--scale')
const load: LoadOptions = {
  connections: Number(process.env.BENCH_CONNECTIONS ?? 50),
  warmupSeconds: Number(process.env.BENCH_WARMUP ?? 2),
  seconds: Number(process.env.BENCH_SECONDS ?? 5)
}
const LIST = '/v1/treatments?modality=pharmacological'
const work = mkdtempSync(join(tmpdir(), 'kb-bench-'))
process.on('exit', () => rmSync(work, { recursive: true, force: true }))

/** Every production plugin on; the rate limit so high that it counts but never refuses. */
const ourEnv = (databasePath: string, cache: boolean, port: number) => ({
  DATABASE_PATH: databasePath,
  // Request logs at info would measure pino and the pipe as much as the service.
  LOG_LEVEL: 'warn',
  NODE_ENV: 'production',
  PORT: String(port),
  RATE_LIMIT_MAX: '1000000000',
  RESPONSE_CACHE_MAX_BYTES: cache ? '33554432' : '0'
})

function seededDatabase(name: string, factor = 1): string {
  const path = join(work, `${name}.sqlite`)
  const store = openStore(path)
  migrateStore(store)
  if (factor === 1) seedStore(store)
  else console.error(`synthetic knowledge base: ${seedSynthetic(store, factor)} entities`)
  store.sqlite.pragma('wal_checkpoint(TRUNCATE)')
  store.sqlite.close()
  return path
}

async function withServer<T>(script: string, env: Record<string, string>, use: (server: Server) => Promise<T>): Promise<T> {
  const server = await startServer(script, env)
  try {
    return await use(server)
  } finally {
    await server.stop()
  }
}

interface Row {
  scenario: string
  measurement: Measurement
}

const table = (rows: Row[]) =>
  [
    '| scenario | req/s | p50 ms | p99 ms | errors |',
    '|---|---:|---:|---:|---:|',
    ...rows.map(({ scenario, measurement: m }) => `| ${scenario} | ${m.requestsPerSecond} | ${m.p50} | ${m.p99} | ${m.errors} |`)
  ].join('\n')

const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100

async function exportForPeer(url: string): Promise<string> {
  const db: Record<string, unknown[]> = {}
  for (const kind of KIND_LIST) {
    const items: unknown[] = []
    let cursor: string | null = null
    do {
      const page = (await (await fetch(`${url}/v1/${kind.path}?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)).json()) as {
        data: unknown[]
        page: { nextCursor: string | null }
      }
      items.push(...page.data)
      cursor = page.page.nextCursor
    } while (cursor)
    db[kind.path] = items
  }
  const path = join(work, 'db.json')
  writeFileSync(path, JSON.stringify(db))
  return path
}

async function main() {
  const machine = { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version, pinned: canPin }
  console.error(`bench on ${machine.cpus} × ${machine.model}, ${machine.memoryGb} GB, Node ${machine.node}; ${canPin ? 'server on core 0, load on core 1' : 'not pinned (one core or no taskset)'}`)
  const seeded = seededDatabase('seed')
  const rows: Row[] = []
  const results: Record<string, unknown> = { date: new Date().toISOString(), machine, load }

  if (scale) {
    const big = seededDatabase('scale', 100)
    const scenarios = [LIST, '/v1/causes?type=metastatic', '/v1/search?q=kidney']
    const latency: Record<string, Record<string, Measurement>> = {}
    for (const [name, path] of [['seed', seeded], ['100x', big]] as const) {
      await withServer(serverScript, ourEnv(path, false, await freePort()), async (server) => {
        for (const url of scenarios) {
          const measurement = await measure(`${server.url}${url}`, load)
          ;(latency[url] ??= {})[name] = measurement
          rows.push({ scenario: `${name}: GET ${url}`, measurement })
        }
      })
    }
    console.log(table(rows))
    console.log('\n| scenario | p50 100x/seed | p99 100x/seed | within 2x |\n|---|---:|---:|---|')
    for (const url of scenarios) {
      const seed = latency[url]?.seed as Measurement
      const big100 = latency[url]?.['100x'] as Measurement
      const p50 = ratio(big100.p50 || 1, seed.p50 || 1)
      const p99 = ratio(big100.p99 || 1, seed.p99 || 1)
      console.log(`| GET ${url} | ${p50} | ${p99} | ${p50 <= 2 && p99 <= 2 ? 'yes' : 'no'} |`)
    }
    writeResults('scale', { ...results, rows, latency })
    return
  }

  // 1. Ceiling
  rows.push({ scenario: 'ceiling: bare fastify, small JSON', measurement: await withServer(benchServer('ceiling'), { PORT: '0' }, (s) => measure(`${s.url}/`, load)) })
  // 2. Stack limit
  const stack = await withServer(benchServer('stack-limit'), { PORT: '0', DATABASE_PATH: seeded }, async (s) => {
    const body = await (await fetch(`${s.url}/treatments?modality=pharmacological`)).json()
    return { body, measurement: await measure(`${s.url}/treatments?modality=pharmacological`, load) }
  })
  rows.push({ scenario: 'stack limit: fastify + better-sqlite3, one statement, same body', measurement: stack.measurement })

  // 4. Ours, response cache off
  let peerDb = ''
  let rss = 0
  let rssBeforeOverview = 0
  const ours: Record<string, Measurement> = {}
  await withServer(serverScript, ourEnv(seeded, false, await freePort()), async (server) => {
    const ourBody = await (await fetch(`${server.url}${LIST}`)).json()
    results.sameBodyAsStackLimit = isDeepStrictEqual(ourBody, stack.body)
    peerDb = await exportForPeer(server.url)
    const etag = (await fetch(`${server.url}/v1/types/dystrophic`)).headers.get('etag') ?? ''
    const scenarios: Array<[string, string, Record<string, string>?]> = [
      ['list', LIST],
      ['item with include', '/v1/types/dystrophic?include=treatments'],
      ['search', '/v1/search?q=kidney'],
      ['conditional GET (304)', '/v1/types/dystrophic', { 'if-none-match': etag }],
      ['overview', '/v1/conditions/calcinosis-cutis/overview']
    ]
    for (const [name, url, headers] of scenarios) {
      // The overview (an 80 kB answer) comes last: the peak memory before it is reported apart.
      if (name === 'overview') rssBeforeOverview = peakRssMb(server.child.pid as number)
      ours[name] = await measure(`${server.url}${url}`, { ...load, headers })
      rows.push({ scenario: `ours, cache off: GET ${url}${headers ? ' (If-None-Match)' : ''}`, measurement: ours[name] as Measurement })
    }
    rss = peakRssMb(server.child.pid as number)
  })
  // 4b. Ours, response cache on: a repeated GET
  await withServer(serverScript, ourEnv(seeded, true, await freePort()), async (server) => {
    ours.cached = await measure(`${server.url}${LIST}`, load)
    rows.push({ scenario: `ours, cache on: GET ${LIST} (repeated)`, measurement: ours.cached })
    rss = Math.max(rss, peakRssMb(server.child.pid as number))
  })
  // 3. Peer
  const port = await freePort()
  const peer = await withServer(benchServer('peer'), { PORT: String(port), DB_JSON: peerDb }, (s) => measure(`${s.url}/treatments?modality=pharmacological`, load))
  rows.push({ scenario: 'peer: json-server 0.17, same filter', measurement: peer })

  const starts: number[] = []
  for (let i = 0; i < 3; i++) starts.push(await timeToFirstAnswer(serverScript, { ...ourEnv(seeded, true, 0), LOG_LEVEL: 'silent' }, '/v1/conditions'))

  const ceiling = rows[0]?.measurement.requestsPerSecond as number
  const limit = stack.measurement.requestsPerSecond
  const list = ours.list?.requestsPerSecond as number
  const targets = [
    ['filtered list (cache off) / stack limit', ratio(list, limit), '>= 0.8'],
    ['repeated GET (cache on) / ceiling', ratio(ours.cached?.requestsPerSecond as number, ceiling), '>= 0.8'],
    ['filtered list (cache off) / json-server', ratio(list, peer.requestsPerSecond), '>= 5'],
    ['filtered list (cache on, the default) / json-server', ratio(ours.cached?.requestsPerSecond as number, peer.requestsPerSecond), '>= 5'],
    ['search / stack limit', ratio(ours.search?.requestsPerSecond as number, limit), '>= 0.5'],
    ['start to first answer, ms (median of 3)', median(starts), '< 1000'],
    ['peak RSS under load, MB', rss, '< 150'],
    ['peak RSS under load before the overview scenario, MB', rssBeforeOverview, '< 150']
  ] as const
  const met = (value: number, target: string) => {
    const [op, bound] = target.split(' ') as [string, string]
    return op === '>=' ? value >= Number(bound) : value < Number(bound)
  }
  console.log(table(rows))
  console.log(`\nSame body as the stack-limit handler: ${results.sameBodyAsStackLimit ? 'yes' : 'NO'}\n`)
  console.log('| target | measured | goal | met |\n|---|---:|---|---|')
  for (const [name, value, goal] of targets) console.log(`| ${name} | ${value} | ${goal} | ${met(value, goal) ? 'yes' : 'no'} |`)
  writeResults('latest', { ...results, rows, targets: targets.map(([name, value, goal]) => ({ name, value, goal, met: met(value, goal) })), starts })
}

function writeResults(name: string, results: Record<string, unknown>) {
  const folder = join(root, 'bench', 'results')
  mkdirSync(folder, { recursive: true })
  writeFileSync(join(folder, `${name}.json`), `${JSON.stringify(results, null, 2)}\n`)
  console.error(`\nwrote bench/results/${name}.json`)
}

await main()
