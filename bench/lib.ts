/** Bench plumbing: pinned server processes, autocannon runs, start-up time and peak memory. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { cpus } from 'node:os'
import autocannon from 'autocannon'

export const SERVER_CORE = '0'
export const LOAD_CORE = '1'

/** taskset is used when there are two cores or more and the command exists. */
export const canPin = cpus().length >= 2 && spawnSync('taskset', ['-c', '0', 'true']).status === 0

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

/**
 * Starts `node script` on the server core and waits until it answers: it prints the
 * address it listens on, or, when `env.PORT` is set, answers GET /health there.
 */
export function startServer(script: string, env: Record<string, string>): Promise<Server> {
  const command = canPin ? 'taskset' : process.execPath
  const args = canPin ? ['-c', SERVER_CORE, process.execPath, script] : [script]
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start:\n${output}`)), 30_000)
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = /(?:listening|Server listening at) (http:\/\/127\.0\.0\.1:\d+)/.exec(output)
      if (!match) return
      clearTimeout(timer)
      child.stdout?.off('data', onData)
      resolve({
        url: match[1] as string,
        child,
        stop: () =>
          new Promise((done) => {
            child.once('exit', () => done())
            child.kill('SIGTERM')
          })
      })
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.once('exit', (code) => reject(new Error(`${script} exited (${code}):\n${output}`)))
    if (env.PORT && env.PORT !== '0') {
      const poll = async () => {
        try {
          if ((await fetch(`http://127.0.0.1:${env.PORT}/health`)).ok) return onData(Buffer.from(` listening http://127.0.0.1:${env.PORT}`))
        } catch {
          // not yet
        }
        setTimeout(() => void poll(), 20)
      }
      void poll()
    }
  })
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
  const command = canPin ? 'taskset' : process.execPath
  const args = canPin ? ['-c', SERVER_CORE, process.execPath, script] : [script]
  const child = spawn(command, args, { env: { ...process.env, ...env, PORT: String(port) }, stdio: 'ignore' })
  try {
    for (;;) {
      try {
        const response = await fetch(`http://127.0.0.1:${port}${path}`)
        if (response.ok) return Math.round(performance.now() - started)
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 5))
      if (performance.now() - started > 30_000) throw new Error('the server did not answer within 30 s')
    }
  } finally {
    child.kill('SIGKILL')
  }
}

export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number
