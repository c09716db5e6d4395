/**
 * An entity's lifecycle, one route each for every collection (admins): soft delete, and
 * publish, unpublish or restore. Each answers the entity as it now is, with its ETag.
 */
import type { FastifyInstance } from 'fastify'
import { writeContext } from '../../http/write-context.js'
import { EntityParams, IfMatch, LifecycleParams, type LIFECYCLE_ACTIONS } from '../../schemas/admin.js'
import { BEARER } from '../../schemas/common.js'
import { entityWritten, kindOf, sharedRoute, type AnswerSerializers } from '../../http/collection-param.js'

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

  app.post(
    '/admin/:collection/:id/:action',
    {
      ...sharedRoute(app, 'admin'),
      schema: {
        operationId: 'adminChangeEntityStatus',
        tags: ['Admin: entities'],
        security: BEARER,
        summary: 'Publish, unpublish or restore an entity (admins)',
        description:
          '`publish` makes the entity public; it needs at least one citation (422 otherwise). `unpublish` takes it back to draft: it leaves the public API, search and MCP. `restore` brings a soft-deleted entity back, in the status it had. `If-Match` is optional.',
        params: LifecycleParams,
        headers: IfMatch,
        response: entityWritten(409, 412, 422)
      }
    },
    async (request, reply) => {
      const kind = kindOf(request)
      const { id, action } = request.params as { id: string; action: (typeof LIFECYCLE_ACTIONS)[number] }
      const ctx = writeContext(request)
      const ifMatch = request.headers['if-match']
      const entity =
        action === 'restore' ? app.editor.restore(ctx, kind, id) : app.editor.setStatus(ctx, kind, id, action === 'publish' ? 'published' : 'draft', ifMatch)
      return answers.sendEntity(reply, kind, entity)
    }
  )
}
