/**
 * HTTP caching for the public read API:
 * - a strong ETag on every answer (If-None-Match answers 304);
 * - `Cache-Control: public, max-age=CACHE_MAX_AGE` on successful public GETs, `no-store`
 *   on everything else (errors, operations endpoints, admin routes);
 * - an in-process response cache: a public GET answered 200 is kept (payload, type,
 *   ETag) and served again without touching the database, until any write clears it
 *   (`app.responseCache.clear()`, called by the write path). It runs after the request
 *   id, security headers and rate limit, so a cached answer carries them all. Answers
 *   vary on Origin (CORS) and Accept-Encoding; the first is in the key, the second is
 *   applied to the cached payload on the way out.
 */
import etag from '@fastify/etag'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'

export interface CachingOptions {
  maxAge: number
  /** Bytes of answers kept; 0 turns the response cache off. */
  responseCacheMaxBytes: number
}

declare module 'fastify' {
  interface FastifyInstance {
    responseCache: { clear(): void }
  }
}

/** Decided on the matched route, not the raw URL: `/v1/%61dmin/…` must not pass for public. */
const isPublicRead = (route: string | undefined) =>
  route !== undefined && ((route.startsWith('/v1/') && !route.startsWith('/v1/admin')) || route.startsWith('/openapi.') || route === '/llms.txt')

const isCacheable = (request: FastifyRequest) => (request.method === 'GET' || request.method === 'HEAD') && isPublicRead(request.routeOptions.url)

interface Entry {
  payload: string
  etag: string
  contentType: string
}

/** Insertion-ordered map evicting the oldest entries past a byte budget. */
class ResponseCache {
  private readonly entries = new Map<string, Entry>()
  private bytes = 0
  constructor(private readonly maxBytes: number) {}

  get(key: string) {
    return this.entries.get(key)
  }

  set(key: string, entry: Entry) {
    const size = entry.payload.length + key.length
    if (size > this.maxBytes / 4) return // one huge answer must not flush the rest
    this.delete(key)
    this.entries.set(key, entry)
    this.bytes += size
    for (const [oldest] of this.entries) {
      if (this.bytes <= this.maxBytes) break
      this.delete(oldest)
    }
  }

  clear() {
    this.entries.clear()
    this.bytes = 0
  }

  private delete(key: string) {
    const entry = this.entries.get(key)
    if (!entry) return
    this.entries.delete(key)
    this.bytes -= entry.payload.length + key.length
  }
}

const HIT = Symbol('response-cache-hit')
// Accept is in the key: some routes answer JSON or Markdown by it.
const keyOf = (request: FastifyRequest) => `${request.method} ${request.url} ${request.headers.origin ?? ''} ${request.headers.accept ?? ''}`

async function cachingPlugin(app: FastifyInstance, { maxAge, responseCacheMaxBytes }: CachingOptions) {
  await app.register(etag, { algorithm: 'sha1' })
  const publicValue = `public, max-age=${maxAge}`
  app.addHook('onSend', async (request, reply) => {
    if (reply.hasHeader('cache-control')) return
    const cacheable = isCacheable(request) && (reply.statusCode === 200 || reply.statusCode === 304)
    reply.header('cache-control', cacheable ? publicValue : 'no-store')
  })

  const cache = new ResponseCache(responseCacheMaxBytes)
  app.decorate('responseCache', { clear: () => cache.clear() })
  if (responseCacheMaxBytes === 0) return

  app.addHook('onRequest', async (request, reply) => {
    if (!isCacheable(request)) return
    const entry = cache.get(keyOf(request))
    if (!entry) return
    ;(request as unknown as Record<symbol, boolean>)[HIT] = true
    return reply.header('etag', entry.etag).type(entry.contentType).send(entry.payload)
  })
  app.addHook('onSend', async (request, reply, payload) => {
    if (reply.statusCode !== 200 || typeof payload !== 'string' || (request as unknown as Record<symbol, boolean>)[HIT] || !isCacheable(request)) return
    const tag = reply.getHeader('etag')
    if (typeof tag === 'string') cache.set(keyOf(request), { payload, etag: tag, contentType: String(reply.getHeader('content-type')) })
  })
}

export default fp(cachingPlugin, { name: 'caching' })
