/**
 * Making a release on the primary: build the file, hash it, name it, add it to RELEASE_DIR.
 * Used by `POST /v1/admin/releases` and `npm run release`.
 *
 * A database file is copied and compacted in a worker thread with its own read-only
 * connection: `VACUUM INTO` and `VACUUM` are single synchronous SQLite calls, and on the
 * main thread they would hold the event loop for their whole duration (measured in the
 * README, *Running at scale*). WAL lets that connection read a consistent snapshot while
 * the server keeps writing. An in-memory database (tests) has no file another connection
 * could open: it is built on the calling thread.
 */
import { existsSync } from 'node:fs'
import { Worker } from 'node:worker_threads'
import { workerModule } from '../lib/worker-module.js'
import type Database from 'better-sqlite3'
import { buildReleaseFile, type BuiltRelease } from './build.js'
import { addRelease, prepareReleaseDir, workPath } from './directory.js'
import { versionOf, type ReleaseManifest } from './manifest.js'

export interface ReleaseTarget {
  dir: string
  keep: number
}

/** The worker's module: built JavaScript only (under the tests' TypeScript loader a release is built on the calling thread). */
const workerFile = workerModule(import.meta.url, 'worker')
const hasWorker = workerFile.pathname.endsWith('.js') && existsSync(workerFile)

function buildInWorker(source: string, target: string): Promise<BuiltRelease> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerFile, { workerData: { source, target } })
    worker.once('message', (result: { ok: true; built: BuiltRelease } | { ok: false; message: string; name: string }) => {
      if (result.ok) resolve(result.built)
      else reject(Object.assign(new Error(result.message), { name: result.name }))
    })
    worker.once('error', reject)
    worker.once('exit', (code) => reject(new Error(`the release worker exited (${code}) without an answer`)))
  })
}

/** Builds a release of `sqlite`'s database and adds it to the directory; resolves with its manifest. */
export async function publishRelease(sqlite: Database.Database, { dir, keep }: ReleaseTarget, now = new Date()): Promise<ReleaseManifest> {
  prepareReleaseDir(dir)
  const target = workPath(dir, 'building')
  const built =
    sqlite.memory || !hasWorker
      ? buildReleaseFile(sqlite, target)
      : await buildInWorker(sqlite.name, target)
  const { sha256, bytes, datasetVersion, schema, counts } = built
  const manifest: ReleaseManifest = { version: versionOf(now, sha256), datasetVersion, sha256, bytes, createdAt: now.toISOString(), schema, counts }
  addRelease(dir, target, manifest, keep)
  return manifest
}
