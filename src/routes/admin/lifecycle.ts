/**
 * An entity's lifecycle, one route each for every collection: soft delete (admins), and
 * publish, unpublish or restore (admins) or review (reviewers and admins). Each answers
 * the entity as it now is, with its ETag.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ReviewInput } from '../../editor/index.js'
import { writeContext } from '../../http/write-context.js'
import { invalidParam } from '../../lib/problem.js'
import { EntityParams, IfMatch, LifecycleParams, ReviewBody, type LIFECYCLE_ACTIONS } from '../../schemas/admin.js'
import { BEARER, OPTIONAL_BODY } from '../../schemas/common.js'
import { checkCollection, entityWritten, kindOf, serializeAsIs, sharedRoute, type AnswerSerializers } from '../../http/collection-param.js'

type Action = (typeof LIFECYCLE_ACTIONS)[number]
const actionOf = (request: FastifyRequest) => (request.params as { action: Action }).action

export default async function lifecycleRoutes(app: FastifyInstance, { answers }: { answers: AnswerSerializers }) {
  app.delete(
    '/admin/:collection/:id',
    {
      ...sharedRoute(app, 'admin'),
      schema: {
        operationId: 'adminDeleteEntity',
        tags: ['Admin: entities'],
        security: BEARER,
        summary: 'Delete an entity (admins)',
        description: 'Soft delete: the entity leaves the public API, search and MCP, and can be restored. `If-Match` is required.',
        params: EntityParams,
        headers: IfMatch,
        response: entityWritten(409, 412, 428)
      }
    },
    async (request, reply) => {
      const kind = kindOf(request)
      const { id } = request.params as { id: string }
      return answers.sendEntity(reply, kind, app.editor.remove(writeContext(request), kind, id, request.headers['if-match']))
    }
  )

  // Reviewing is the reviewers' right (and admins'); the other actions are admins' alone.
  const reviewer = app.requireRole('reviewer')
  const admin = app.requireRole('admin')
  app.post(
    '/admin/:collection/:id/:action',
    {
      onRequest: async (request) => (actionOf(request) === 'review' ? reviewer : admin)(request),
      preValidation: [
        checkCollection,
        // Only `review` has a body: the others arrive without one.
        async (request) => {
          request.body ??= {}
        }
      ],
      serializerCompiler: serializeAsIs,
      schema: {
        operationId: 'adminChangeEntityStatus',
        tags: ['Admin: entities'],
        security: BEARER,
        summary: 'Publish, unpublish, restore or review an entity',
        description:
          '`publish` makes the entity public; it needs at least one citation (422 otherwise). `unpublish` takes it back to draft: it leaves the public API, search and MCP. `restore` brings a soft-deleted entity back, in the status it had. These three are for admins; `If-Match` is optional. ' +
          '`review` (reviewers and admins) sets the clinical review of the entity, or with `link` of its link to that entity: `status` (`unreviewed`, `reviewed`, `disputed`), an optional `note` and `nextReviewDue`; the reviewer and time are recorded. It needs `If-Match` (428 without it) and makes a revision of each entity whose view changed and an audit entry. The public API shows the review, and marks disputed content in lists, search, answers, the overview and MCP.',
        params: LifecycleParams,
        headers: IfMatch,
        body: ReviewBody,
        [OPTIONAL_BODY]: true,
        response: entityWritten(409, 412, 422, 428)
      }
    },
    async (request, reply) => {
      const kind = kindOf(request)
      const { id, action } = request.params as { id: string; action: Action }
      const body = request.body as Partial<ReviewInput>
      const ctx = writeContext(request)
      const ifMatch = request.headers['if-match']
      if (action === 'review') {
        if (!body.status) throw invalidParam('body', 'status', 'is required to review')
        return answers.sendEntity(reply, kind, app.editor.review(ctx, kind, id, body as ReviewInput, ifMatch))
      }
      if (Object.keys(body).length > 0) throw invalidParam('body', Object.keys(body)[0] as string, `is not taken by ${action}: only review has a body`)
      const entity =
        action === 'restore' ? app.editor.restore(ctx, kind, id) : app.editor.setStatus(ctx, kind, id, action === 'publish' ? 'published' : 'draft', ifMatch)
      return answers.sendEntity(reply, kind, entity)
    }
  )
}
