/** Liveness: the process answers. Readiness (the database answers) comes with operations. */
import type { FastifyInstance } from 'fastify'
import Type from 'typebox'

export default async function healthRoutes(app: FastifyInstance) {
  app.get(
    '/health',
    {
      schema: {
        operationId: 'getHealth',
        tags: ['Operations'],
        summary: 'Liveness',
        description: 'Answers 200 while the process is up.',
        response: { 200: Type.Object({ status: Type.Literal('ok') }) }
      }
    },
    async () => ({ status: 'ok' as const })
  )
}
