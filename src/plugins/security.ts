/**
 * Defences: security headers (helmet's, with a CSP the /docs page works under), a
 * per-client rate limit (429 problem with Retry-After; probes are exempt).
 * Body size limits and proxy trust are fastify options set in app.ts.
 */
import type { ServerResponse } from 'node:http'
import rateLimit from '@fastify/rate-limit'
import helmet, { type HelmetOptions } from 'helmet'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { PROBE_PATHS } from '../lib/probes.js'
import { ProblemError } from '../lib/problem.js'
import { isInternalCall } from '../lib/internal-call.js'

export interface SecurityOptions {
  rateLimitMax: number
  rateLimitWindowSeconds: number
}


const HELMET: HelmetOptions = {
  // A public API read by browser apps on other origins (CORS decides who may read).
  crossOriginResourcePolicy: { policy: 'cross-origin' },
  // HSTS and upgrading requests belong to whoever terminates TLS; set here they would
  // break plain-HTTP setups (a local /docs page would load its scripts over https).
  strictTransportSecurity: false,
  contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } }
}

/**
 * Helmet's headers, computed once. @fastify/helmet rebuilds helmet's middleware on every
 * request, which halved the throughput of a cached answer (measured; see the stack
 * notes); the headers never change, so they are set from this object instead.
 */
function helmetHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {}
  const response = {
    setHeader: (name: string, value: string) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()]
  } as unknown as ServerResponse
  helmet(options)({} as never, response, () => {})
  return headers
}

async function securityPlugin(app: FastifyInstance, { rateLimitMax, rateLimitWindowSeconds }: SecurityOptions) {
  const headers = helmetHeaders(HELMET)
  app.addHook('onRequest', async (_request, reply) => {
    reply.headers(headers)
  })
  if (rateLimitMax > 0) {
    await app.register(rateLimit, {
      max: rateLimitMax,
      timeWindow: rateLimitWindowSeconds * 1000,
      allowList: (request) => PROBE_PATHS.has(request.url) || isInternalCall(request.headers),
      errorResponseBuilder: (_request, context) =>
        new ProblemError('too-many-requests', `Rate limit of ${context.max} requests per ${context.after} exceeded; retry after ${Math.ceil(context.ttl / 1000)} s.`)
    })
  }
}

export default fp(securityPlugin, { name: 'security' })
