/**
 * Replica mode (REPLICA_OF): in the database plugin's place, the current release, opened
 * read-only, with the read services built over it. It decorates `store`, `repos` and
 * `answers` as getters of the current release, so every route serves a replica unchanged.
 *
 * Switching releases is one assignment. Every public handler reads through `app.repos` /
 * `app.answers` synchronously, within one turn of the event loop, and the switch happens in
 * a turn of its own: an answer is computed from one release, never from two. The old
 * connection stays open until the requests that were in flight when it was replaced have
 * finished (a request that never reports back cannot hold it past RETIRE_AFTER_MS), and the
 * response cache is cleared in the same turn as the switch, so nothing cached from the old
 * release is served after it (an answer computed before the clear is not kept: caching.ts).
 *
 * Until a release is loaded every route but `/health` and `/metrics` answers 503 (`/ready`
 * included). A release is loaded from RELEASE_DIR at start when a good one is there (the
 * primary need not be up for a replica to restart), then followed by polling.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { openReadOnlyStore, type Store } from '../db/connection.js'
import { ProblemError } from '../lib/problem.js'
import { migrationsFolder } from '../paths.js'
import { releaseFile } from '../releases/directory.js'
import { ReleaseFollower } from '../releases/follower.js'
import type { ReleaseManifest } from '../releases/manifest.js'
import { createReadModel, type ReadModel } from './repositories.js'

export interface ReplicaOptions {
  baseUrl: string
  dir: string
  keep: number
  pollSeconds: number
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Set in replica mode only: where releases come from and which one is served. */
    replica?: { primary: string; release(): ReleaseManifest | undefined }
  }
}

/** Longest an old release stays open for requests that started on it. */
const RETIRE_AFTER_MS = 60_000

/** Paths that answer before any release is loaded. */
const ALWAYS = new Set(['/health', '/metrics'])

interface Loaded extends ReadModel {
  manifest: ReleaseManifest
  inFlight: number
  retired: boolean
}

const STARTED_ON = Symbol('replica-release')
type Marked = FastifyRequest & { [STARTED_ON]?: Loaded }

/** The schema this code was built for: the newest migration in its journal. */
export function ownSchema(folder = migrationsFolder): number {
  const journal = JSON.parse(readFileSync(join(folder, 'meta', '_journal.json'), 'utf8')) as { entries: Array<{ when: number }> }
  return Math.max(...journal.entries.map((entry) => entry.when))
}

function open(dir: string, manifest: ReleaseManifest): Loaded {
  const store: Store = openReadOnlyStore(releaseFile(dir, manifest.version))
  try {
    const check = store.sqlite.pragma('quick_check', { simple: true })
    if (check !== 'ok') throw new Error(`release ${manifest.version} fails SQLite's quick_check: ${String(check)}`)
    return { ...createReadModel(store), manifest, inFlight: 0, retired: false }
  } catch (error) {
    store.sqlite.close()
    throw error
  }
}

const close = (release: Loaded) => {
  if (release.store.sqlite.open) release.store.sqlite.close()
}

async function replicaPlugin(app: FastifyInstance, { baseUrl, dir, keep, pollSeconds }: ReplicaOptions) {
  let current: Loaded | undefined
  const follower = new ReleaseFollower({ baseUrl, dir, keep, schema: ownSchema(), log: app.log })
  const whenIdle = (release: Loaded) => {
    if (release.retired && release.inFlight === 0) close(release)
  }

  /** Makes `manifest` (already in RELEASE_DIR) the served release; false when it cannot be opened. */
  const switchTo = (manifest: ReleaseManifest): boolean => {
    let next: Loaded
    try {
      next = open(dir, manifest)
    } catch (error) {
      app.log.error({ err: error, release: manifest.version }, 'release refused: it cannot be opened; serving the last good release')
      return false
    }
    const previous = current
    current = next
    app.responseCache.clear()
    if (previous) {
      previous.retired = true
      whenIdle(previous)
      setTimeout(() => close(previous), RETIRE_AFTER_MS).unref()
    }
    app.log.info({ release: manifest.version, datasetVersion: manifest.datasetVersion, previous: previous?.manifest.version }, 'serving release')
    return true
  }

  const served = (): Loaded => {
    if (!current) throw new ProblemError('service-unavailable', 'No release loaded yet.', { headers: { 'retry-after': '5' } })
    return current
  }
  app.decorate('store', { getter: () => served().store })
  app.decorate('repos', { getter: () => served().repos })
  app.decorate('answers', { getter: () => served().answers })
  app.decorate('replica', { primary: baseUrl, release: () => current?.manifest })

  app.addHook('onRequest', async (request) => {
    if (!current) {
      if (ALWAYS.has(request.url)) return
      throw new ProblemError('service-unavailable', `This replica has not loaded a release from ${baseUrl} yet.`, { headers: { 'retry-after': '5' } })
    }
    current.inFlight++
    ;(request as Marked)[STARTED_ON] = current
  })
  app.addHook('onResponse', async (request) => {
    const release = (request as Marked)[STARTED_ON]
    if (!release) return
    ;(request as Marked)[STARTED_ON] = undefined
    release.inFlight--
    whenIdle(release)
  })

  let timer: NodeJS.Timeout | undefined
  let stopped = false
  const poll = async () => {
    const result = await follower.poll(current?.manifest.version)
    if (stopped) return
    if (result.outcome === 'new') switchTo(result.manifest)
    if (!stopped) timer = setTimeout(() => void poll(), pollSeconds * 1000)
  }

  app.addHook('onReady', async () => {
    const local = follower.localRelease()
    if (local) switchTo(local)
    // The first poll runs in the background: a replica with a release serves it while the primary is asked.
    void poll()
  })
  app.addHook('onClose', async () => {
    stopped = true
    clearTimeout(timer)
    follower.stop()
    if (current) close(current)
  })
}

export default fp(replicaPlugin, { name: 'db' })
