/** Probes for the operator: liveness (the process answers) and readiness (the database answers). */
import type { FastifyInstance } from 'fastify'
import Type from 'typebox'
import { ProblemError } from '../lib/problem.js'
import { problemResponses } from '../schemas/common.js'

export default async function healthRoutes(app: FastifyInstance) {
  app.get(
    '/health',
    {
      schema: {
        // Probes are for load balancers, not API clients: out of the contract, like /metrics (README documents them).
        hide: true,
        operationId: 'getHealth',
        tags: ['Operations'],
        summary: 'Liveness',
        description: 'Answers 200 while the process is up.',
        response: { 200: Type.Object({ status: Type.Literal('ok') }, { description: 'Alive.' }) }
      }
    },
    async () => ({ status: 'ok' as const })
  )

  app.get(
    '/ready',
    {
      schema: {
        hide: true,
        operationId: 'getReady',
        tags: ['Operations'],
        summary: 'Readiness',
        description: 'Answers 200 when the database answers a query and can take a write, 503 otherwise: take the instance out of the load balancer.',
        response: { 200: Type.Object({ status: Type.Literal('ready') }, { description: 'Ready.' }), ...problemResponses(503) }
      }
    },
    async () => {
      let reason: string | undefined
      try {
        reason = app.repos.readiness.problem()
      } catch (error) {
        app.log.error({ err: error }, 'readiness check failed')
        throw new ProblemError('service-unavailable', 'The database does not answer.', { headers: { 'retry-after': '5' } })
      }
      if (reason) {
        app.log.error({ reason }, 'not ready: the database cannot be written')
        throw new ProblemError('service-unavailable', 'The database cannot be written.', { headers: { 'retry-after': '5' } })
      }
      return { status: 'ready' as const }
    }
  )
}
