/**
 * What operators see: a request id on every response, Prometheus metrics at /metrics
 * (per-route request counts and latency histograms, process metrics; served only with
 * METRICS_TOKEN as a bearer token), and load shedding with 503 + Retry-After when the
 * event loop or memory is saturated (@fastify/under-pressure), liveness excepted.
 *
 * Request ids: the server's own id (a UUID) is always `request.id`, the `requestId` of
 * every log line and the `X-Request-Id` of the answer. An id the client or a load
 * balancer sent in `X-Request-Id` is kept beside it, never in its place (issue 14: a
 * client-chosen id landed in the audit trail as if it were the server's): it is
 * `request.clientRequestId`, logged as `clientRequestId` and echoed as `X-Client-Request-Id`.
 */
import { timingSafeEqual, createHash } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'
import underPressure from '@fastify/under-pressure'
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify'
import fp from 'fastify-plugin'
import metrics from 'fastify-metrics'
import { ProblemError } from '../lib/problem.js'
import { sendProblem } from './errors.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The `X-Request-Id` the client sent, when it is tame; the server's own id is `request.id`. */
    clientRequestId?: string
  }
}

export interface ObservabilityOptions {
  maxEventLoopDelay: number
  maxHeapUsedBytes: number
  maxRssBytes: number
  /** Bearer token /metrics requires; empty: /metrics is not served (metrics are still kept). */
  metricsToken: string
}

const RETRY_AFTER_SECONDS = 10
/** How often under-pressure samples the event loop (its default, stated). */
const SAMPLE_INTERVAL_MS = 1000

/** An incoming X-Request-Id is kept when it is this tame (it reaches logs and headers). */
const CLIENT_REQUEST_ID = /^[\w.:-]{1,128}$/

export function clientRequestIdOf(headers: IncomingHttpHeaders): string | undefined {
  const incoming = headers['x-request-id']
  return typeof incoming === 'string' && CLIENT_REQUEST_ID.test(incoming) ? incoming : undefined
}

/** Liveness answers whatever the load: a shed /health would get a busy process restarted. */
const NEVER_SHED = new Set(['/health'])

const digest = (value: string) => createHash('sha256').update(value).digest()

async function observabilityPlugin(app: FastifyInstance, options: ObservabilityOptions) {
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id)
    const clientId = clientRequestIdOf(request.headers)
    if (clientId) {
      request.clientRequestId = clientId
      reply.header('x-client-request-id', clientId)
    }
  })

  // Compared as digests in constant time: the answer's timing says nothing about the token.
  const expected = digest(options.metricsToken)
  const requireMetricsToken = async (request: FastifyRequest) => {
    const match = /^bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')
    if (!match || !timingSafeEqual(digest(match[1] as string), expected)) {
      throw new ProblemError('unauthorized', 'Metrics need the METRICS_TOKEN: Authorization: Bearer <token>.', { headers: { 'www-authenticate': 'Bearer realm="metrics"' } })
    }
  }
  await app.register(metrics.default, {
    endpoint: options.metricsToken ? ({ url: '/metrics', method: 'GET', schema: { hide: true }, onRequest: requireMetricsToken } as unknown as RouteOptions) : null,
    // Histograms only: prom-client summaries cost far more per request.
    routeMetrics: { enabled: { histogram: true, summary: false } },
    // Each app instance (tests build many) starts from a clean registry.
    clearRegisterOnInit: true
  })
  // The event loop's delay is sampled from registration on, so the first samples measure
  // the start (schema compilation blocks the loop for a second or more), not load: counted,
  // a freshly started server refused its first requests with 503s. It counts from the
  // second sample after ready, the first one wholly after the start.
  let delayCounts = false
  app.addHook('onReady', async () => {
    setTimeout(() => (delayCounts = true), 2 * SAMPLE_INTERVAL_MS).unref()
  })
  await app.register(underPressure, {
    sampleInterval: SAMPLE_INTERVAL_MS,
    maxEventLoopDelay: options.maxEventLoopDelay,
    maxHeapUsedBytes: options.maxHeapUsedBytes,
    maxRssBytes: options.maxRssBytes,
    // Returning without answering lets the request through; awaiting the sent reply stops it.
    pressureHandler: async (request, reply, type, value) => {
      if (NEVER_SHED.has(request.routeOptions.url ?? '')) return
      if (type === 'eventLoopDelay' && !delayCounts) return
      reply.header('retry-after', String(RETRY_AFTER_SECONDS))
      await sendProblem(request, reply, new ProblemError('service-unavailable', `The service is under pressure (${type}: ${Math.round(Number(value))}); retry in ${RETRY_AFTER_SECONDS} s.`))
    }
  })
}

export default fp(observabilityPlugin, { name: 'observability' })
