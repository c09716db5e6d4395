/**
 * `npm run bench`: our service measured in one run beside a ceiling (bare fastify), the
 * stack's limit (fastify + better-sqlite3, one prepared statement, the same body) and a
 * peer (json-server over an export of the same data). Servers run on one core, the load
 * generator (autocannon, programmatically, in this process) on the other. Prints Markdown
 * tables and writes latest.json.
 *
 * `npm run bench:scale`: the same list and search scenarios on the seed and on a
 * synthetic knowledge base 100 times larger; latencies must stay within 2x.
 *
 * Settings (bench/settings.ts): BENCH_SECONDS (default 5), BENCH_WARMUP (2),
 * BENCH_CONNECTIONS (50), BENCH_ONLY (comma-separated scenario names, see SCENARIOS),
 * BENCH_RESULTS_DIR (bench/results).
 *
 * Exit status: 0 when every selected scenario ran (a missed target is a "no" in the table,
 * not an error), 1 when one failed, 2 for a bad setting, 128 + the signal's number when
 * interrupted. No server process outlives the bench (bench/children.ts).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { constants, cpus, tmpdir, totalmem } from 'node:os'
import { dirname, extname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { isDeepStrictEqual } from 'node:util'
import { projectRoot } from '../src/paths.js'
import { canPin, killAllNow, pinSelfToLoadCore, runningCount, stopAll } from './children.js'
import { measure, median, peakRssMb, startNodeOptions, startServer, timeToFirstAnswer, type LoadOptions, type Measurement, type Server } from './lib.js'
import { readSettings, SettingsError, type Settings } from './settings.js'

const LIST = '/v1/treatments?modality=pharmacological'
/** Our service with the response cache off: one server for all of them; the overview (an 80 kB answer) last. */
const OURS_CACHE_OFF = {
  list: LIST,
  item: '/v1/types/dystrophic?include=treatments',
  search: '/v1/search?q=kidney',
  conditional: '/v1/types/dystrophic',
  overview: '/v1/conditions/calcinosis-cutis/overview'
} as const
type OursName = keyof typeof OURS_CACHE_OFF
/** The names BENCH_ONLY takes, in the order they run. */
const SCENARIOS = ['ceiling', 'stack-limit', ...(Object.keys(OURS_CACHE_OFF) as OursName[]), 'same-body', 'same-body-overview', 'cached', 'peer', 'start', 'replicas'] as const

const here = dirname(fileURLToPath(import.meta.url))
// The bench runs from its build (dist-bench/bench/run.js) or, in its test, from the sources under a TypeScript loader.
const benchServer = (name: string) => join(here, 'servers', `${name}${extname(fileURLToPath(import.meta.url))}`)
// What `npm start` runs: the bundled server (scripts/bundle-server.js).
const serverScript = join(projectRoot, 'dist', 'server.bundle.js')

let settings: Settings
try {
  settings = readSettings(process.env, process.argv, projectRoot, SCENARIOS)
} catch (error) {
  if (!(error instanceof SettingsError)) throw error
  console.error(`bench: ${error.message}`)
  process.exit(2) // nothing has started yet
}
const load: LoadOptions = { connections: settings.connections, warmupSeconds: settings.warmupSeconds, seconds: settings.seconds }
const wanted = (name: string) => settings.only === null || settings.only.has(name)

pinSelfToLoadCore()
const work = mkdtempSync(join(tmpdir(), 'kb-bench-'))
process.on('exit', () => {
  killAllNow()
  rmSync(work, { recursive: true, force: true })
})

// Interrupted (Ctrl-C, kill): stop the servers, write nothing, exit 128 + signal. A second
// signal kills them at once.
let interrupted = false
const onSignal = (signal: NodeJS.Signals) => {
  const status = 128 + (constants.signals[signal] ?? 0)
  if (interrupted) {
    killAllNow()
    process.exit(status)
  }
  interrupted = true
  console.error(`\n${signal}: stopping ${runningCount()} server process(es); no results written`)
  void stopAll(3_000).finally(() => process.exit(status))
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onSignal)

/** Every production plugin on; the rate limit so high that it counts but never refuses. */
const ourEnv = (databasePath: string, cache: boolean) => ({
  NODE_OPTIONS: startNodeOptions(projectRoot),
  DATABASE_PATH: databasePath,
  // Request logs at info would measure pino and the pipe as much as the service.
  LOG_LEVEL: 'warn',
  NODE_ENV: 'production',
  RATE_LIMIT_MAX: '1000000000',
  RESPONSE_CACHE_MAX_BYTES: cache ? '33554432' : '0'
})

const databases = () => import('./databases.js')
let seed: Promise<string> | undefined
const seeded = () => (seed ??= databases().then(({ seededDatabase }) => seededDatabase(work, 'seed')))
const exportForPeer = async (url: string) => (await databases()).exportForPeer(url, work)

async function withServer<T>(script: string, env: Record<string, string>, readyPath: string, use: (server: Server) => Promise<T>): Promise<T> {
  const server = await startServer(script, env, readyPath)
  try {
    return await use(server)
  } finally {
    await server.stop()
  }
}
const withOurs = async <T>(cache: boolean, use: (server: Server) => Promise<T>) =>
  withServer(serverScript, ourEnv(await seeded(), cache), '/health', use)

interface Row {
  name: string
  scenario: string
  measurement: Measurement
}
const rows: Row[] = []
const measured = new Map<string, Measurement>()
const failed: Array<{ scenario: string; error: string }> = []

async function measureScenario(name: string, label: string, url: string, headers?: Record<string, string>): Promise<Measurement> {
  console.error(`${name}: measuring ${load.warmupSeconds} s + ${load.seconds} s`)
  const measurement = await measure(url, { ...load, headers })
  rows.push({ name, scenario: label, measurement })
  measured.set(name, measurement)
  return measurement
}

/** Runs one scenario (or a group sharing a server); a failure is reported and recorded, and the run goes on. */
async function attempt(names: readonly string[], task: () => Promise<void>): Promise<void> {
  try {
    await task()
  } catch (error) {
    if (interrupted) return
    const message = error instanceof Error ? error.message : String(error)
    // A group's failure (its server did not start) counts for those of its scenarios not measured yet.
    for (const scenario of names) if (!measured.has(scenario) && !failed.some((f) => f.scenario === scenario)) failed.push({ scenario, error: message })
    console.error(`${names.join(', ')}: FAILED: ${message}`)
  }
}

const table = (list: Row[]) =>
  [
    '| scenario | req/s | p50 ms | p99 ms | errors |',
    '|---|---:|---:|---:|---:|',
    ...list.map(({ scenario, measurement: m }) => `| ${scenario} | ${m.requestsPerSecond} | ${m.p50} | ${m.p99} | ${m.errors} |`)
  ].join('\n')

const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100
/** a / b when both were measured. */
const ratioOf = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? null : ratio(a, b))
const rps = (name: string) => measured.get(name)?.requestsPerSecond

async function benchScale(results: Record<string, unknown>) {
  const scenarios = [LIST, '/v1/causes?type=metastatic', '/v1/search?q=kidney']
  const latency: Record<string, Record<string, Measurement>> = {}
  for (const size of ['seed', '100x'] as const) {
    await attempt([size], async () => {
      const path = size === 'seed' ? await seeded() : (await databases()).seededDatabase(work, 'scale', 100)
      await withServer(serverScript, ourEnv(path, false), '/health', async (server) => {
        for (const url of scenarios) (latency[url] ??= {})[size] = await measureScenario(`${size}: GET ${url}`, `${size}: GET ${url}`, `${server.url}${url}`)
      })
    })
  }
  console.log(table(rows))
  console.log('\n| scenario | p50 100x/seed | p99 100x/seed | within 2x |\n|---|---:|---:|---|')
  for (const url of scenarios) {
    const seedRun = latency[url]?.seed
    const big = latency[url]?.['100x']
    if (!seedRun || !big) {
      console.log(`| GET ${url} | not run | not run | not run |`)
      continue
    }
    // A scenario that answered nothing has no latency to compare (autocannon reports 0 ms): a "no", not a 0.
    const answered = (m: Measurement) => Object.entries(m.statuses).some(([status, count]) => status.startsWith('2') && count > 0)
    if (!answered(seedRun) || !answered(big)) {
      console.log(`| GET ${url} | no answer | no answer | no |`)
      continue
    }
    const p50 = ratio(big.p50 || 1, seedRun.p50 || 1)
    const p99 = ratio(big.p99 || 1, seedRun.p99 || 1)
    console.log(`| GET ${url} | ${p50} | ${p99} | ${p50 <= 2 && p99 <= 2 ? 'yes' : 'no'} |`)
  }
  return { name: 'scale', results: { ...results, rows, latency } }
}

async function bench(results: Record<string, unknown>) {
  if (wanted('ceiling')) {
    await attempt(['ceiling'], () =>
      withServer(benchServer('ceiling'), {}, '/', async (s) => void (await measureScenario('ceiling', 'ceiling: bare fastify, small JSON', `${s.url}/`)))
    )
  }

  let stackBody: unknown
  if (wanted('stack-limit')) {
    await attempt(['stack-limit'], async () =>
      withServer(benchServer('stack-limit'), { DATABASE_PATH: await seeded() }, '/treatments?modality=pharmacological', async (s) => {
        stackBody = await (await fetch(`${s.url}/treatments?modality=pharmacological`)).json()
        await measureScenario('stack-limit', 'stack limit: fastify + better-sqlite3, one statement, same body', `${s.url}/treatments?modality=pharmacological`)
      })
    )
  }

  // The same-body ceilings serve the bytes ours answers: fetched while ours runs, or from a short start of ours.
  const bodies = new Map<string, string>()
  const fetchBodies = async (server: Server) => {
    for (const url of [LIST, OURS_CACHE_OFF.overview]) bodies.set(url, await (await fetch(`${server.url}${url}`)).text())
  }
  const sameBody = async (name: string, url: string) => {
    if (!bodies.has(url)) await withOurs(false, fetchBodies)
    const file = join(work, `${name}.json`)
    writeFileSync(file, bodies.get(url) as string)
    await withServer(benchServer('same-body'), { BODY_FILE: file }, '/', async (s) => {
      await measureScenario(name, `same-body ceiling: bare fastify serving ours's body of GET ${url} from memory`, `${s.url}/`)
    })
  }

  let rss: number | null = null
  let rssBeforeOverview: number | null = null
  const ours = (Object.keys(OURS_CACHE_OFF) as OursName[]).filter(wanted)
  if (ours.length > 0) {
    await attempt(ours, () =>
      withOurs(false, async (server) => {
        if (stackBody !== undefined) results.sameBodyAsStackLimit = isDeepStrictEqual(await (await fetch(`${server.url}${LIST}`)).json(), stackBody)
        await fetchBodies(server)
        const etag = (await fetch(`${server.url}${OURS_CACHE_OFF.conditional}`)).headers.get('etag') ?? ''
        for (const name of ours) {
          const headers = name === 'conditional' ? { 'if-none-match': etag } : undefined
          // The peak memory before the overview's 80 kB answers is reported apart.
          if (name === 'overview') rssBeforeOverview = peakRssMb(server.child.pid as number)
          const url = OURS_CACHE_OFF[name]
          await attempt([name], async () => void (await measureScenario(name, `ours, cache off: GET ${url}${headers ? ' (If-None-Match)' : ''}`, `${server.url}${url}`, headers)))
        }
        rss = peakRssMb(server.child.pid as number)
      })
    )
  }

  if (wanted('same-body')) await attempt(['same-body'], () => sameBody('same-body', LIST))
  if (wanted('same-body-overview')) await attempt(['same-body-overview'], () => sameBody('same-body-overview', OURS_CACHE_OFF.overview))

  if (wanted('cached')) {
    await attempt(['cached'], () =>
      withOurs(true, async (server) => {
        await measureScenario('cached', `ours, cache on: GET ${LIST} (repeated)`, `${server.url}${LIST}`)
        rss = Math.max(rss ?? 0, peakRssMb(server.child.pid as number))
      })
    )
  }

  if (wanted('peer')) {
    await attempt(['peer'], async () => {
      const peerDb = await withOurs(false, (server) => exportForPeer(server.url))
      await withServer(benchServer('peer'), { DB_JSON: peerDb }, '/treatments', async (s) => void (await measureScenario('peer', 'peer: json-server 0.17, same filter', `${s.url}/treatments?modality=pharmacological`)))
    })
  }

  const starts: number[] = []
  if (wanted('start')) {
    await attempt(['start'], async () => {
      console.error('start: time to first answer, 3 starts')
      for (let i = 0; i < 3; i++) starts.push(await timeToFirstAnswer(serverScript, { ...ourEnv(await seeded(), true), LOG_LEVEL: 'silent' }, '/v1/conditions'))
    })
  }

  if (wanted('replicas')) {
    await attempt(['replicas'], async () => {
      const { benchReplicas } = await import('./replicas.js')
      results.replicas = await benchReplicas({
        work,
        seeded,
        env: ourEnv,
        serverScript,
        startServer,
        load,
        record: (name, label, measurement) => {
          rows.push({ name, scenario: label, measurement })
          measured.set(name, measurement)
        }
      })
      measured.set('replicas', measured.get('replicas-2') as Measurement)
    })
  }

  const p99s = (['list', 'item', 'search', 'conditional', 'cached'] as const).map((name) => measured.get(name)?.p99).filter((p99) => p99 !== undefined)
  const targets: Array<[string, number | null, string]> = [
    ['filtered list, cache on (the default) / same-body ceiling', ratioOf(rps('cached'), rps('same-body')), '>= 0.8'],
    ['filtered list, cache off / same-body ceiling', ratioOf(rps('list'), rps('same-body')), '>= 0.5'],
    ['filtered list, cache off / json-server', ratioOf(rps('list'), rps('peer')), '>= 3'],
    ['overview, cache off / same-body ceiling of the overview', ratioOf(rps('overview'), rps('same-body-overview')), '>= 0.3'],
    ['worst p99 of list, item, search, conditional, cached, ms', p99s.length > 0 ? Math.max(...p99s) : null, '< 20'],
    ['filtered list (cache off) / stack limit', ratioOf(rps('list'), rps('stack-limit')), '>= 0.8'],
    ['search / stack limit', ratioOf(rps('search'), rps('stack-limit')), '>= 0.5'],
    ['start to first answer, ms (median of 3)', starts.length === 3 ? median(starts) : null, '< 500'],
    ['peak RSS under load, MB', rss, '< 150'],
    ['peak RSS under load before the overview scenario, MB', rssBeforeOverview, '< 150']
  ]
  const met = (value: number | null, target: string) => {
    if (value === null) return null
    const [op, bound] = target.split(' ') as [string, string]
    return op === '>=' ? value >= Number(bound) : value < Number(bound)
  }
  console.log(table(rows))
  const same = results.sameBodyAsStackLimit
  console.log(`\nSame body as the stack-limit handler: ${same === undefined ? 'not checked (needs stack-limit and an ours scenario)' : same ? 'yes' : 'NO'}\n`)
  console.log('| target | measured | goal | met |\n|---|---:|---|---|')
  for (const [name, value, goal] of targets) {
    const verdict = met(value, goal)
    console.log(`| ${name} | ${value ?? 'not run'} | ${goal} | ${verdict === null ? 'not run' : verdict ? 'yes' : 'no'} |`)
  }
  return { name: 'latest', results: { ...results, rows, targets: targets.map(([name, value, goal]) => ({ name, value, goal, met: met(value, goal) })), starts } }
}

function writeResults(name: string, results: Record<string, unknown>) {
  mkdirSync(settings.resultsDir, { recursive: true })
  const path = join(settings.resultsDir, `${name}.json`)
  writeFileSync(path, `${JSON.stringify(results, null, 2)}\n`)
  console.error(`\nwrote ${relative(process.cwd(), path) || path}`)
}

async function main() {
  const machine = { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version, pinned: canPin }
  console.error(`bench on ${machine.cpus} × ${machine.model}, ${machine.memoryGb} GB, Node ${machine.node}; ${canPin ? 'server on core 0, load on core 1' : 'not pinned (one core or no taskset)'}`)
  const results: Record<string, unknown> = { date: new Date().toISOString(), machine, load, only: settings.only ? [...settings.only] : null }
  const outcome = settings.scale ? await benchScale(results) : await bench(results)
  if (interrupted) return
  if (failed.length > 0) console.error(`\n${failed.length} scenario(s) did not run: ${failed.map((f) => f.scenario).join(', ')}`)
  writeResults(outcome.name, { ...outcome.results, failed })
  process.exitCode = failed.length > 0 ? 1 : 0
}

try {
  await main()
} catch (error) {
  console.error(error)
  process.exitCode = 1
} finally {
  // Normally nothing is left running here; this is for a failure between a start and its stop.
  await stopAll()
}
