/** `GET /v1/admin/review-queue` (reviewers): what needs a clinician — disputed, overdue, never reviewed. */
import type { FastifyInstance } from 'fastify'
import Type from 'typebox'
import { BEARER, listEnvelope, problemResponses } from '../../schemas/common.js'

export default async function reviewQueueRoutes(app: FastifyInstance) {
  app.get(
    '/admin/review-queue',
    {
      onRequest: app.requireRole('reviewer'),
      schema: {
        operationId: 'adminReviewQueue',
        tags: ['Admin: entities'],
        security: BEARER,
        summary: 'The review queue (reviewers)',
        description:
          'Every entity and link that needs review, drafts included and deleted ones left out: disputed first, then overdue (`nextReviewDue` before today, UTC), then never reviewed; within each, by collection and id. Review an item with `POST /v1/admin/{collection}/{id}/review` (with `link` for a link).',
        querystring: Type.Object(
          {
            limit: Type.Optional(Type.Integer({ format: 'int32', minimum: 1, maximum: 100, default: 50, description: 'Page size.' })),
            cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 1000, description: '`page.nextCursor` of the previous page.' }))
          },
          { additionalProperties: false }
        ),
        response: { 200: listEnvelope(Type.Ref('ReviewQueueItem'), 'A page of the queue.'), ...problemResponses(400, 401, 403) }
      }
    },
    async (request) => {
      const { limit = 50, cursor } = request.query as { limit?: number; cursor?: string }
      const today = new Date().toISOString().slice(0, 10)
      const result = app.repos.reviewQueue.list(limit, cursor, today)
      return { data: result.items, page: { limit, nextCursor: result.nextCursor, total: result.total } }
    }
  )
}
