/** Citations of an entity, one route each for every collection (editors): cite a verbatim quote, remove a citation. */
import type { FastifyInstance } from 'fastify'
import Type from 'typebox'
import type { CitationInput } from '../../editor/index.js'
import { writeContext } from '../../http/write-context.js'
import { CitationParams, EntityParams } from '../../schemas/admin.js'
import { BEARER, itemEnvelope, problemResponses } from '../../schemas/common.js'
import { kindOf, entityWritten, sharedRoute, type AnswerSerializers } from '../../http/collection-param.js'

export default async function citationRoutes(app: FastifyInstance, { answers }: { answers: AnswerSerializers }) {
  app.post(
    '/admin/:collection/:id/citations',
    {
      ...sharedRoute(app, 'editor'),
      schema: {
        operationId: 'adminCiteEntity',
        tags: ['Admin: links and citations'],
        security: BEARER,
        summary: 'Cite a source for an entity',
        description: "Adds a citation. The quote must be verbatim in the source's text, within one paragraph of the named section (or of any section when none is named): 422 otherwise.",
        params: EntityParams,
        body: Type.Ref('CitationInput'),
        response: {
          201: itemEnvelope(Type.Ref('EditorialEntity'), 'The entity with the new citation; Location names the citation.'),
          ...problemResponses(400, 401, 403, 404, 409, 415, 422)
        }
      }
    },
    async (request, reply) => {
      const kind = kindOf(request)
      const { id } = request.params as { id: string }
      const { entity, citationId } = app.editor.cite(writeContext(request), kind, id, request.body as CitationInput)
      return answers.sendEntity(reply.header('location', `/v1/admin/${kind.path}/${id}/citations/${citationId}`), kind, entity, 201)
    }
  )

  app.delete(
    '/admin/:collection/:id/citations/:citationId',
    {
      ...sharedRoute(app, 'editor'),
      schema: {
        operationId: 'adminUnciteEntity',
        tags: ['Admin: links and citations'],
        security: BEARER,
        summary: 'Remove a citation of an entity',
        description: 'Removes one citation (the revision history keeps it). The last citation of a published entity cannot be removed (409).',
        params: CitationParams,
        response: entityWritten(409)
      }
    },
    async (request, reply) => {
      const kind = kindOf(request)
      const { id, citationId } = request.params as { id: string; citationId: number }
      return answers.sendEntity(reply, kind, app.editor.uncite(writeContext(request), kind, id, citationId))
    }
  )
}
