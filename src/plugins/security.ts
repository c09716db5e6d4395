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
  /** TRUST_PROXY, only to warn about `true` (fastify applies it). */
  trustProxy?: boolean | number | string[]
}

/** Probes the rate limit never refuses: an orchestrator polls them. /metrics is not one: it needs a token. */
const UNLIMITED = new Set([...PROBE_PATHS].filter((path) => path !== '/metrics'))


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

/** The security headers every answer carries (also set on router errors, which skip hooks). */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = helmetHeaders(HELMET)

async function securityPlugin(app: FastifyInstance, { rateLimitMax, rateLimitWindowSeconds, trustProxy }: SecurityOptions) {
  if (trustProxy === true) {
    // `true` takes the left-most X-Forwarded-For address, which the client writes itself:
    // rotating it buys a fresh rate-limit bucket and a fresh auth lockout on every request.
    app.log.warn(
      'TRUST_PROXY=true trusts every X-Forwarded-For hop, including the ones a client forges; set the number of proxies in front (TRUST_PROXY=1) or their addresses instead'
    )
  }
  app.addHook('onRequest', async (_request, reply) => {
    reply.headers(SECURITY_HEADERS)
  })
  if (rateLimitMax > 0) {
    await app.register(rateLimit, {
      max: rateLimitMax,
      timeWindow: rateLimitWindowSeconds * 1000,
      allowList: (request) => UNLIMITED.has(request.url) || isInternalCall(request.headers),
      errorResponseBuilder: (_request, context) =>
        new ProblemError('too-many-requests', `Rate limit of ${context.max} requests per ${context.after} exceeded; retry after ${Math.ceil(context.ttl / 1000)} s.`)
    })
  }
}

export default fp(securityPlugin, { name: 'security' })
