/**
 * Every process the bench starts goes through here, so that none outlives it: each child is
 * tracked until it exits, stopped with SIGTERM (SIGKILL after a grace period), and killed on
 * the way out whatever the way out is (normal end, error, SIGINT, SIGTERM, SIGHUP).
 */
import { spawn, spawnSync, type ChildProcess, type StdioOptions } from 'node:child_process'
import { once } from 'node:events'
import { cpus } from 'node:os'

export const SERVER_CORE = '0'
export const LOAD_CORE = '1'

/** taskset is used when there are two cores or more and the command exists. */
export const canPin = cpus().length >= 2 && spawnSync('taskset', ['-c', '0', 'true']).status === 0

/**
 * Pins this process, every thread it already has included (-a), to the load core. Pinning in
 * place rather than re-running the bench under taskset keeps the bench one process: a signal
 * sent to it reaches the code that stops the servers (issue 17).
 */
export function pinSelfToLoadCore(): void {
  if (canPin) spawnSync('taskset', ['-a', '-p', '-c', LOAD_CORE, String(process.pid)], { stdio: 'ignore' })
}

const running = new Set<ChildProcess>()
/** Set by stopAll: once the bench is stopping, a scenario still under way cannot start another server. */
let stopping = false

const hasExited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null

/**
 * `node script` on the server core. A TypeScript script (the bench run from its sources)
 * gets the loader this process runs with; a built one runs on plain node.
 */
export function spawnServer(script: string, env: Record<string, string>, stdio: StdioOptions): ChildProcess {
  if (stopping) throw new Error('the bench is stopping')
  const node = [...(script.endsWith('.ts') ? process.execArgv : []), script]
  const [command, args] = canPin ? ['taskset', ['-c', SERVER_CORE, process.execPath, ...node]] : [process.execPath, node]
  const child = spawn(command as string, args as string[], { env: { ...process.env, ...env }, stdio })
  running.add(child)
  child.once('exit', () => running.delete(child))
  // A failed spawn emits 'error', maybe with no 'exit': the child is gone; those waiting with
  // once(child, 'exit') get the error as a rejection.
  child.once('error', () => running.delete(child))
  return child
}

/** Another program (nginx) on the server core, tracked like the servers. */
export function spawnPinned(command: string, args: string[], stdio: StdioOptions): ChildProcess {
  if (stopping) throw new Error('the bench is stopping')
  const [program, all] = canPin ? ['taskset', ['-c', SERVER_CORE, command, ...args]] : [command, args]
  const child = spawn(program as string, all as string[], { stdio })
  running.add(child)
  child.once('exit', () => running.delete(child))
  child.once('error', () => running.delete(child))
  return child
}

/** SIGTERM, SIGKILL after `graceMs`; resolves once the child has exited (at once if it already has). */
export async function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (hasExited(child) || !running.has(child)) return
  const exited = once(child, 'exit')
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
  try {
    await exited
  } finally {
    clearTimeout(timer)
  }
}

export const runningCount = () => running.size

export async function stopAll(graceMs?: number): Promise<void> {
  stopping = true
  await Promise.all([...running].map((child) => stopChild(child, graceMs)))
}

/** Synchronous, for the 'exit' event and a second interrupt: no waiting, nothing left. */
export function killAllNow(): void {
  for (const child of running) child.kill('SIGKILL')
}
