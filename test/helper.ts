/**
 * A fresh app on a fresh database for each test file: `build(t)` closes it on teardown.
 * Tests talk to it through `app.inject`, as a client would, against real SQLite.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import type { Test } from 'tap'
import { buildApp, type BuildOptions } from '../src/app.js'
import { loadConfig, type Config } from '../src/config.js'

/**
 * Load shedding on event-loop delay is off unless a test asks for it: on a busy CI
 * machine a slow tick would turn functional tests into timing tests. The response cache
 * is off too, because many tests change rows with SQL behind the write path's back; its
 * own tests (test/plugins/caching.test.ts) switch it on.
 */
export const TEST_ENV = { DATABASE_PATH: ':memory:', LOG_LEVEL: 'silent', MAX_EVENT_LOOP_DELAY: '0', RESPONSE_CACHE_MAX_BYTES: '0' }

/** The configuration of a test app: the defaults above, then the test's own settings. */
export const testConfig = (env: Record<string, string> = {}): Config => loadConfig({ ...TEST_ENV, ...env })

export async function build(t: Test, env: Record<string, string> = {}, options: BuildOptions = {}): Promise<FastifyInstance> {
  const app = await buildApp(testConfig(env), options)
  t.teardown(() => app.close())
  return app
}

/** A temporary directory removed on teardown, for tests that need a database file. */
export function tempDir(t: Test): string {
  const dir = mkdtempSync(join(tmpdir(), 'kb-test-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

/** GET and parse JSON; fails the test on a non-JSON answer. */
export async function getJson(app: FastifyInstance, url: string, headers: Record<string, string> = {}) {
  const response = await app.inject({ method: 'GET', url, headers })
  return { response, body: response.body ? (JSON.parse(response.body) as any) : undefined }
}
