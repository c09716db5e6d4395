/**
 * HTTP caching for the public read API: a strong ETag on every answer (If-None-Match
 * answers 304) and `Cache-Control: public, max-age=CACHE_MAX_AGE` on successful public
 * GETs. Everything else is `no-store`: errors, operations endpoints, admin routes.
 */
import etag from '@fastify/etag'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

export interface CachingOptions {
  maxAge: number
}

/** Decided on the matched route, not the raw URL: `/v1/%61dmin/…` must not pass for public. */
const isPublicRead = (route: string | undefined) =>
  route !== undefined && ((route.startsWith('/v1/') && !route.startsWith('/v1/admin')) || route.startsWith('/openapi.') || route === '/llms.txt')

async function cachingPlugin(app: FastifyInstance, { maxAge }: CachingOptions) {
  await app.register(etag, { algorithm: 'sha1' })
  const publicValue = `public, max-age=${maxAge}`
  app.addHook('onSend', async (request, reply) => {
    if (reply.hasHeader('cache-control')) return
    const cacheable = (request.method === 'GET' || request.method === 'HEAD') && (reply.statusCode === 200 || reply.statusCode === 304)
    reply.header('cache-control', cacheable && isPublicRead(request.routeOptions.url) ? publicValue : 'no-store')
  })
}

export default fp(cachingPlugin, { name: 'caching' })
