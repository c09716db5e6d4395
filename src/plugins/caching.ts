/**
 * HTTP caching for the public read API:
 * - a strong ETag on every answer (If-None-Match answers 304);
 * - `Cache-Control: public, max-age=CACHE_MAX_AGE` on successful public GETs, `no-store`
 *   on everything else (errors, operations endpoints, admin routes);
 * - an in-process response cache: a public GET answered 200 is kept (payload, type,
 *   ETag) and served again without touching the database, until a write clears it:
 *   this process's writes call `app.responseCache.clear()`; another process's commits
 *   (a second server, `npm run seed`, the keys CLI) change SQLite's `PRAGMA data_version`
 *   on this connection, read before a cached answer at most every 100 ms (issue 14).
 *   The lookup runs in `preParsing`, after every `onRequest` hook (request id, security
 *   headers, CORS, load shedding and the route-level rate limit), so a cached answer is
 *   counted by the rate limit and carries every header. The cached body does not vary
 *   by Origin (CORS headers are set per request before it) and compression is applied
 *   on the way out, so the key is method and URL only.
 */
import etag from '@fastify/etag'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { Store } from '../db/connection.js'
import { ByteBudgetMap } from '../lib/byte-budget-map.js'
import { ownedBytes } from '../lib/fragment.js'

export interface CachingOptions {
  maxAge: number
  /** Bytes of answers kept; 0 turns the response cache off. */
  responseCacheMaxBytes: number
}

declare module 'fastify' {
  interface FastifyInstance {
    responseCache: { clear(): void }
  }
  interface FastifyContextConfig {
    /**
     * False for a route whose answer depends on more than the method, URL and Accept (the
     * response cache's key): /llms.txt writes the request's own origin into its links.
     */
    responseCache?: boolean
  }
}

/** Decided on the matched route, not the raw URL: `/v1/%61dmin/…` must not pass for public. */
const isPublicRead = (route: string | undefined) =>
  route !== undefined && ((route.startsWith('/v1/') && !route.startsWith('/v1/admin')) || route.startsWith('/openapi.') || route === '/llms.txt')

const isCacheable = (request: FastifyRequest) => (request.method === 'GET' || request.method === 'HEAD') && isPublicRead(request.routeOptions.url)
const isKept = (request: FastifyRequest) => isCacheable(request) && request.routeOptions.config.responseCache !== false

interface Entry {
  /** The answer's bytes, encoded once when kept: a hit then costs no UTF-8 length scan or encoding. */
  payload: Buffer
  etag: string
  contentType: string
}

/** The kept answers, by request key; `generation` counts the clears. */
class ResponseCache extends ByteBudgetMap<Entry> {
  /** Bumped by every clear: an answer computed before a clear must not be kept after it. */
  generation = 0
  constructor(maxBytes: number) {
    super(maxBytes, (entry) => entry.payload.byteLength)
  }

  override clear() {
    super.clear()
    this.generation++
  }
}

/** How stale a cached answer may be after another process's commit, at most, in ms. */
export const VERSION_CHECK_MS = 100

const HIT = Symbol('response-cache-hit')
/** The cache generation a request started in. */
const GENERATION = Symbol('response-cache-generation')
type Marked = Record<symbol, number | boolean | undefined>
// Accept is in the key: some routes answer JSON or Markdown by it. Origin is not: CORS headers are set per request.
const keyOf = (request: FastifyRequest) => `${request.method} ${request.url} ${request.headers.accept ?? ''}`

async function cachingPlugin(app: FastifyInstance, { maxAge, responseCacheMaxBytes }: CachingOptions) {
  await app.register(etag, { algorithm: 'sha1' })
  const publicValue = `public, max-age=${maxAge}`
  // Set before the handler so that replies the handler writes itself (MCP hijacks its
  // reply and copies the headers set so far) carry it too.
  app.addHook('onRequest', async (request, reply) => {
    if (!isCacheable(request)) reply.header('cache-control', 'no-store')
  })
  app.addHook('onSend', async (request, reply) => {
    if (reply.hasHeader('cache-control')) return
    const cacheable = isCacheable(request) && (reply.statusCode === 200 || reply.statusCode === 304)
    reply.header('cache-control', cacheable ? publicValue : 'no-store')
  })

  const cache = new ResponseCache(responseCacheMaxBytes)
  app.decorate('responseCache', { clear: () => cache.clear() })
  if (responseCacheMaxBytes === 0) return

  // Changes when any other connection commits. Reading it costs about 8 µs (measured on a
  // loaded 2-core machine; `select 1` took 0.3-0.5 µs there): too much for every cached
  // answer, so it is read at most every VERSION_CHECK_MS: another process's write is seen
  // within that time (issue 14 asks for a second).
  // Prepared on the connection `app.store` holds now: a replica replaces it with each
  // release (and clears the cache itself then), so the statement follows the connection.
  let versionStatement: { sqlite: Store['sqlite']; get(): unknown } | undefined
  const dataVersion = () => {
    const { sqlite } = app.store
    if (versionStatement?.sqlite !== sqlite) {
      const statement = sqlite.prepare('PRAGMA data_version').pluck()
      versionStatement = { sqlite, get: () => statement.get() }
    }
    return versionStatement.get()
  }
  // Read on the first lookup, not here: a replica has no connection before its first release.
  let seenVersion: unknown
  let checkedAt = -Infinity
  const clearIfChangedElsewhere = () => {
    const now = performance.now()
    if (now - checkedAt < VERSION_CHECK_MS) return
    checkedAt = now
    const version = dataVersion()
    if (version !== seenVersion) {
      cache.clear()
      seenVersion = version
    }
  }

  app.addHook('preParsing', async (request, reply) => {
    if (!isKept(request)) return
    clearIfChangedElsewhere()
    const entry = cache.get(keyOf(request))
    if (!entry) {
      ;(request as unknown as Marked)[GENERATION] = cache.generation
      return
    }
    ;(request as unknown as Marked)[HIT] = true
    return reply.header('etag', entry.etag).type(entry.contentType).send(entry.payload)
  })
  app.addHook('onSend', async (request, reply, payload) => {
    const marks = request as unknown as Marked
    if (reply.statusCode !== 200 || !(typeof payload === 'string' || Buffer.isBuffer(payload)) || marks[HIT] || !isKept(request)) return
    // A route that chose its own Cache-Control (a release manifest: revalidate every time) is not kept.
    if (reply.getHeader('cache-control') !== publicValue) return
    // A write here or elsewhere since the lookup may have changed what this answer shows.
    clearIfChangedElsewhere()
    if (marks[GENERATION] !== cache.generation) return
    const tag = reply.getHeader('etag')
    if (typeof tag === 'string') cache.set(keyOf(request), { payload: ownedBytes(payload), etag: tag, contentType: String(reply.getHeader('content-type')) })
  })
}

export default fp(cachingPlugin, { name: 'caching', dependencies: ['db'] })
