/**
 * The `replicas` scenario: one replica against two behind the load balancer (nginx with the
 * committed deploy/nginx.conf; without nginx, one autocannon per replica at once, summed),
 * and how long a release takes to reach every replica. Every server process (primary,
 * replicas, nginx) runs on the server core, the load on the other: on a two-core machine the
 * ceiling is that one core, so a second replica shares it rather than adding one (the
 * README, Running at scale, says what more cores would give).
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { projectRoot } from '../src/paths.js'
import { spawnPinned, stopChild } from './children.js'
import { freePort, measure, type LoadOptions, type Measurement, type Server } from './lib.js'

export const hasNginx = () => !spawnSync('nginx', ['-v']).error

/**
 * deploy/nginx.conf with this run's addresses: `listen` on `port`, the replicas upstream
 * holding `replicas` (host:port), the primary upstream `primary`.
 */
export function nginxConf(port: number, replicas: string[], primary: string): string {
  const conf = readFileSync(join(projectRoot, 'deploy', 'nginx.conf'), 'utf8')
  return conf
    .replace(/listen 8080;/, `listen 127.0.0.1:${port};`)
    .replace(/(upstream replicas \{\n)((?:\s*server replica-\d+:3000[^\n]*\n)+)/, (_all, head: string, servers: string) => {
      const options = /server replica-\d+:3000([^\n]*)/.exec(servers)?.[1] ?? ';'
      return `${head}${replicas.map((address) => `    server ${address}${options}\n`).join('')}`
    })
    .replace('server primary:3000', `server ${primary}`)
}

/** nginx in front of `replicas`, on the server core, stopped with the other servers. */
export async function startNginx(work: string, replicas: string[], primary: string): Promise<Server> {
  const prefix = join(work, `nginx-${replicas.length}`)
  mkdirSync(prefix, { recursive: true })
  const port = await freePort()
  writeFileSync(join(prefix, 'nginx.conf'), nginxConf(port, replicas, primary))
  const child = spawnPinned('nginx', ['-p', prefix, '-c', join(prefix, 'nginx.conf'), '-g', `daemon off; pid ${join(prefix, 'nginx.pid')}; error_log ${join(prefix, 'error.log')};`], 'ignore')
  const url = `http://127.0.0.1:${port}`
  for (let attempt = 0; ; attempt++) {
    try {
      if ((await fetch(`${url}/ready`)).ok) break
    } catch {
      // not listening yet
    }
    if (attempt > 500) throw new Error('nginx did not answer within 10 s')
    await sleep(20)
  }
  return { url, child, stop: () => stopChild(child) }
}

/** Several autocannon runs at once (one per replica, when there is no load balancer), summed. */
export async function measureSpread(urls: string[], options: LoadOptions): Promise<Measurement> {
  if (urls.length === 1) return measure(urls[0] as string, options)
  const each = { ...options, connections: Math.max(1, Math.round(options.connections / urls.length)) }
  const results = await Promise.all(urls.map((url) => measure(url, each)))
  const statuses: Record<string, number> = {}
  for (const result of results) for (const [status, count] of Object.entries(result.statuses)) statuses[status] = (statuses[status] ?? 0) + count
  return {
    requestsPerSecond: results.reduce((sum, r) => sum + r.requestsPerSecond, 0),
    p50: Math.max(...results.map((r) => r.p50)),
    p99: Math.max(...results.map((r) => r.p99)),
    errors: results.reduce((sum, r) => sum + r.errors, 0),
    statuses
  }
}

const latestVersion = async (base: string) => {
  try {
    const response = await fetch(`${base}/v1/releases/latest`)
    return response.ok ? ((await response.json()) as { version: string }).version : undefined
  } catch {
    return undefined
  }
}

/** Makes a release on the primary and times it: the build (the POST), then until every replica serves it. */
export async function timeRelease(primary: string, token: string, replicas: string[]): Promise<{ buildMs: number; propagationMs: number }> {
  let started = performance.now()
  let response = await fetch(`${primary}/v1/admin/releases`, { method: 'POST', headers: { authorization: `Bearer ${token}` } })
  // Just after its start, on a busy machine, the primary may shed load (503 + Retry-After): set-up, not a measurement.
  for (let attempt = 1; response.status === 503 && attempt < 5; attempt++) {
    await sleep(Math.min(Number(response.headers.get('retry-after')) || 1, 10) * 1000)
    started = performance.now()
    response = await fetch(`${primary}/v1/admin/releases`, { method: 'POST', headers: { authorization: `Bearer ${token}` } })
  }
  if (response.status !== 201) throw new Error(`release: ${response.status} ${await response.text()}`)
  const { version } = (await response.json()) as { version: string }
  const built = performance.now()
  for (;;) {
    const versions = await Promise.all(replicas.map(latestVersion))
    if (versions.every((v) => v === version)) break
    if (performance.now() - built > 60_000) throw new Error('a release did not reach every replica within 60 s')
    await sleep(5)
  }
  return { buildMs: Math.round(built - started), propagationMs: Math.round(performance.now() - built) }
}

export interface ReplicaScenarioContext {
  work: string
  /** A seeded database file, and the service's environment for it (cache on or off). */
  seeded: () => Promise<string>
  env: (databasePath: string, cache: boolean) => Record<string, string>
  serverScript: string
  startServer: (script: string, env: Record<string, string>, readyPath: string) => Promise<Server>
  load: LoadOptions
  /** Records a measured row in the bench's table. */
  record: (name: string, label: string, measurement: Measurement) => void
}

const PATH = '/v1/treatments?modality=pharmacological'

/** The scenario: returns the figures for the results file. */
export async function benchReplicas(context: ReplicaScenarioContext): Promise<Record<string, unknown>> {
  const { work, serverScript, load, record } = context
  const database = await context.seeded()
  const { createKeyRepository } = await import('../src/repositories/keys.js')
  const { openStore } = await import('../src/db/connection.js')
  const store = openStore(database)
  const token = createKeyRepository(store.db).create(`bench-${Date.now()}`, 'admin').token
  store.sqlite.close()
  const started: Server[] = []
  const start = async (env: Record<string, string>, readyPath: string) => {
    const server = await context.startServer(serverScript, env, readyPath)
    started.push(server)
    return server
  }
  try {
    // The primary is not measured: no load shedding on it (a slow first second would refuse the first release).
    const primary = await start({ ...context.env(database, false), MAX_EVENT_LOOP_DELAY: '0', RELEASE_DIR: join(work, 'releases-primary') }, '/health')
    await timeRelease(primary.url, token, [])
    // Replicas with the response cache off, as the `list` scenario: the work of an answer, not a cache hit.
    const replicaEnv = (n: number) => ({ ...context.env(database, false), REPLICA_OF: primary.url, RELEASE_DIR: join(work, `releases-${n}`), RELEASE_POLL_SECONDS: '0.5' })
    const replicas = [await start(replicaEnv(1), '/ready'), await start(replicaEnv(2), '/ready')]
    const nginx = hasNginx()
    const url = (server: Server) => `${server.url}${PATH}`
    console.error(`replicas: measuring one replica and two${nginx ? ' behind nginx' : ' (no nginx: one load generator per replica)'}`)

    const direct = await measure(url(replicas[0] as Server), load)
    record('replicas-1-direct', `1 replica, direct: GET ${PATH}`, direct)
    let one: Measurement
    let two: Measurement
    if (nginx) {
      const front1 = await startNginx(work, [new URL((replicas[0] as Server).url).host], new URL(primary.url).host)
      started.push(front1)
      one = await measure(url(front1), load)
      await front1.stop()
      const front2 = await startNginx(work, replicas.map((r) => new URL(r.url).host), new URL(primary.url).host)
      started.push(front2)
      two = await measure(url(front2), load)
    } else {
      one = direct
      two = await measureSpread(replicas.map(url), load)
    }
    record('replicas-1', `1 replica${nginx ? ' behind nginx' : ''}: GET ${PATH}`, one)
    record('replicas-2', `2 replicas${nginx ? ' behind nginx' : ', round robin'}: GET ${PATH}`, two)

    const releases = []
    for (let i = 0; i < 3; i++) releases.push(await timeRelease(primary.url, token, replicas.map((r) => r.url)))
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[1] as number
    const propagation = { buildMs: median(releases.map((r) => r.buildMs)), propagationMs: median(releases.map((r) => r.propagationMs)), pollSeconds: 0.5, runs: releases }
    console.log(`\nRelease (median of 3): built in ${propagation.buildMs} ms; served by both replicas ${propagation.propagationMs} ms later (poll interval 0.5 s).`)
    console.log(`Two replicas / one: ${Math.round((two.requestsPerSecond / one.requestsPerSecond) * 100) / 100} (every server process on one core: the ceiling is the core count).`)
    return { loadBalancer: nginx ? 'nginx' : 'none (one load generator per replica)', oneReplica: one, twoReplicas: two, direct, propagation }
  } finally {
    for (const server of started.reverse()) await server.stop()
  }
}
