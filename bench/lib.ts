/** Bench plumbing: server processes, autocannon runs, start-up time and peak memory. */
import type { ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createServer } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import autocannon from 'autocannon'
import { spawnServer, stopChild } from './children.js'

export interface Server {
  url: string
  child: ChildProcess
  stop(): Promise<void>
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))))
    })
  })
}

// Generous: on a busy machine our server has taken 15 s to start.
const START_TIMEOUT_MS = 60_000

const outputs = new WeakMap<ChildProcess, string>()
const outputOf = (child: ChildProcess) => outputs.get(child) ?? ''

/** Resolves once GET `url` answers 2xx, polling every `pollMs`. */
async function firstAnswer(url: string, pollMs: number, signal: AbortSignal): Promise<void> {
  for (;;) {
    try {
      if ((await fetch(url, { signal })).ok) return
    } catch (error) {
      if (signal.aborted) throw error
      // not listening yet
    }
    await sleep(pollMs, undefined, { signal })
  }
}

async function exitBeforeReady(child: ChildProcess, script: string): Promise<never> {
  const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null]
  throw new Error(`${script} exited (${code ?? signal}) before it answered:\n${outputOf(child)}`)
}

async function startDeadline(script: string, child: ChildProcess, signal: AbortSignal): Promise<never> {
  await sleep(START_TIMEOUT_MS, undefined, { signal })
  throw new Error(`${script} did not answer within ${START_TIMEOUT_MS / 1000} s:\n${outputOf(child)}`)
}

/**
 * Waits until the child answers GET `url` with 2xx, and throws when it exits first or takes
 * longer than START_TIMEOUT_MS. Once this settles, the polling and the deadline are over:
 * a readiness poll that went on after its server started (and after it stopped) is what kept
 * the bench alive after its last scenario (issue 17).
 */
async function untilAnswers(child: ChildProcess, script: string, url: string, pollMs: number): Promise<void> {
  const waiting = new AbortController()
  try {
    await Promise.race([firstAnswer(url, pollMs, waiting.signal), exitBeforeReady(child, script), startDeadline(script, child, waiting.signal)])
  } finally {
    waiting.abort()
  }
}

/**
 * Starts `node script` on the server core with PORT set to a free port and waits until it
 * answers GET `readyPath` there; a server that does not is stopped.
 */
export async function startServer(script: string, env: Record<string, string>, readyPath: string): Promise<Server> {
  const port = await freePort()
  const child = spawnServer(script, { ...env, PORT: String(port) }, ['ignore', 'pipe', 'pipe'])
  // Read both pipes for the child's whole life, keeping a tail for error messages: a pipe
  // nobody reads fills up and blocks the server.
  const keep = (chunk: Buffer) => outputs.set(child, (outputOf(child) + chunk.toString()).slice(-4000))
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  const url = `http://127.0.0.1:${port}`
  try {
    await untilAnswers(child, script, `${url}${readyPath}`, 20)
  } catch (error) {
    await stopChild(child)
    throw error
  }
  return { url, child, stop: () => stopChild(child) }
}

export interface Measurement {
  requestsPerSecond: number
  p50: number
  p99: number
  /** Connection errors and timeouts plus answers other than 2xx and 304. */
  errors: number
  statuses: Record<string, number>
}

export interface LoadOptions {
  connections: number
  warmupSeconds: number
  seconds: number
  headers?: Record<string, string>
}

async function run(url: string, seconds: number, options: LoadOptions) {
  return autocannon({ url, connections: options.connections, duration: seconds, headers: options.headers })
}

/** A warm-up, then the measured run. */
export async function measure(url: string, options: LoadOptions): Promise<Measurement> {
  if (options.warmupSeconds > 0) await run(url, options.warmupSeconds, options)
  const result = await run(url, options.seconds, options)
  const statuses: Record<string, number> = {}
  for (const [status, { count }] of Object.entries(result.statusCodeStats ?? {})) statuses[status] = count ?? 0
  const unexpected = Object.entries(statuses)
    .filter(([status]) => !(status.startsWith('2') || status === '304'))
    .reduce((sum, [, count]) => sum + count, 0)
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + unexpected,
    statuses
  }
}

/** The node flags `npm start` gives the server (package.json's start script), as NODE_OPTIONS: the bench runs what users run. */
export function startNodeOptions(root: string): string {
  const start = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start
  return start
    .split(/\s+/)
    .filter((word) => word.startsWith('--'))
    .join(' ')
}

/** Peak resident memory of a process so far (VmHWM), in MB. */
export function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0)
  return Math.round(kb / 1024)
}

/** Milliseconds from spawning the server to its first successful answer to `path`. */
export async function timeToFirstAnswer(script: string, env: Record<string, string>, path: string): Promise<number> {
  const port = await freePort()
  const started = performance.now()
  const child = spawnServer(script, { ...env, PORT: String(port) }, 'ignore')
  try {
    await untilAnswers(child, script, `http://127.0.0.1:${port}${path}`, 5)
    return Math.round(performance.now() - started)
  } finally {
    await stopChild(child)
  }
}

export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number
