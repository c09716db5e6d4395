/**
 * Defences: security headers (helmet, with a CSP the /docs page works under), a
 * per-client rate limit (429 problem with Retry-After; probes are exempt).
 * Body size limits and proxy trust are fastify options set in app.ts.
 */
import helmet from '@fastify/helmet'
import rateLimit from '@fastify/rate-limit'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { PROBE_PATHS } from '../lib/probes.js'
import { ProblemError } from '../lib/problem.js'

export interface SecurityOptions {
  rateLimitMax: number
  rateLimitWindowSeconds: number
}


async function securityPlugin(app: FastifyInstance, { rateLimitMax, rateLimitWindowSeconds }: SecurityOptions) {
  await app.register(helmet, {
    // A public API read by browser apps on other origins (CORS decides who may read).
    crossOriginResourcePolicy: { policy: 'cross-origin' },
    // HSTS and upgrading requests belong to whoever terminates TLS; set here they would
    // break plain-HTTP setups (a local /docs page would load its scripts over https).
    strictTransportSecurity: false,
    contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } }
  })
  if (rateLimitMax > 0) {
    await app.register(rateLimit, {
      max: rateLimitMax,
      timeWindow: rateLimitWindowSeconds * 1000,
      allowList: (request) => PROBE_PATHS.has(request.url),
      errorResponseBuilder: (_request, context) =>
        new ProblemError('too-many-requests', `Rate limit of ${context.max} requests per ${context.after} exceeded; retry after ${Math.ceil(context.ttl / 1000)} s.`)
    })
  }
}

export default fp(securityPlugin, { name: 'security' })
