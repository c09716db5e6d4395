/**
 * What operators see: a request id on every response (X-Request-Id, an incoming valid
 * one honoured), Prometheus metrics at /metrics (per-route request counts and latency
 * histograms, process metrics), and load shedding with 503 + Retry-After when the event
 * loop or memory is saturated (@fastify/under-pressure).
 */
import underPressure from '@fastify/under-pressure'
import type { FastifyInstance, RouteOptions } from 'fastify'
import fp from 'fastify-plugin'
import metrics from 'fastify-metrics'
import { ProblemError } from '../lib/problem.js'
import { sendProblem } from './errors.js'

export interface ObservabilityOptions {
  maxEventLoopDelay: number
  maxHeapUsedBytes: number
  maxRssBytes: number
}

const RETRY_AFTER_SECONDS = 10

async function observabilityPlugin(app: FastifyInstance, options: ObservabilityOptions) {
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id)
  })
  await app.register(metrics.default, {
    endpoint: { url: '/metrics', method: 'GET', schema: { hide: true } } as RouteOptions,
    // Histograms only: prom-client summaries cost far more per request.
    routeMetrics: { enabled: { histogram: true, summary: false } },
    // Each app instance (tests build many) starts from a clean registry.
    clearRegisterOnInit: true
  })
  await app.register(underPressure, {
    maxEventLoopDelay: options.maxEventLoopDelay,
    maxHeapUsedBytes: options.maxHeapUsedBytes,
    maxRssBytes: options.maxRssBytes,
    pressureHandler: (request, reply, type, value) => {
      reply.header('retry-after', String(RETRY_AFTER_SECONDS))
      void sendProblem(request, reply, new ProblemError('service-unavailable', `The service is under pressure (${type}: ${Math.round(Number(value))}); retry in ${RETRY_AFTER_SECONDS} s.`))
    }
  })
}

export default fp(observabilityPlugin, { name: 'observability' })
