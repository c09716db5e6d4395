/** Runs the real server (dist/server.js, or `npm start`'s bundle of it) as a child process, for tests that need a process: crashes, signals. */
import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import type { Test } from 'tap'
import { migrateStore, openStore } from '../../src/db/connection.js'
import { seedStore } from '../../src/dataset/seed.js'
import { projectRoot } from '../../src/paths.js'
import { createKeyRepository } from '../../src/repositories/keys.js'
import { tempDir } from '../helper.js'

/** A new database file, migrated and seeded (a server never seeds an existing file), with an admin key. */
export function databaseWithKey(t: Test): { databasePath: string; token: string } {
  const databasePath = join(tempDir(t), 'kb.sqlite')
  const store = openStore(databasePath)
  migrateStore(store)
  seedStore(store)
  const token = createKeyRepository(store.db).create('admin', 'admin').token
  store.sqlite.close()
  return { databasePath, token }
}

export interface ServerProcess {
  url: string
  child: ChildProcess
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>
  output: () => string
  /** Resolves once the output (logs included) matches: waits for an event, not for a guessed time. */
  logged: (pattern: RegExp) => Promise<void>
}

/**
 * `script` is the file in dist/ to run: tsc's dist/server.js by default, whose coverage is
 * mapped back to src/ (the bundle's is not).
 * The child inherits this process's environment: under `npm test` that carries tap's
 * coverage hooks, so the server's own code counts in the coverage report. Rate limiting
 * and load shedding are off, as in `build(t)`: a busy machine must not turn these into
 * timing tests.
 */
export function startServer(t: Test, env: Record<string, string>, script = 'server.js'): Promise<ServerProcess> {
  const child = spawn(process.execPath, [join(projectRoot, 'dist', script)], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', RATE_LIMIT_MAX: '0', MAX_EVENT_LOOP_DELAY: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let output = ''
  const logged = (pattern: RegExp) =>
    new Promise<void>((resolve) => {
      const check = () => {
        if (!pattern.test(output)) return
        child.stdout?.off('data', check)
        resolve()
      }
      child.stdout?.on('data', check)
      check()
    })
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  t.teardown(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  })
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000)
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output)
      if (match) {
        clearTimeout(timer)
        resolve({ url: match[1] as string, child, exited, output: () => output, logged })
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
    void exited.then((code) => reject(new Error(`server exited (${code}) before listening:\n${output}`)))
  })
}
