/** Links between two entities, one route each for every collection (editors): link (or update the link) and unlink. */
import type { FastifyInstance } from 'fastify'
import type { CitationInput } from '../../editor/index.js'
import { writeContext } from '../../http/write-context.js'
import { IfMatch, LinkBody, LinkParams, linkParamsOf } from '../../schemas/admin.js'
import { BEARER, OPTIONAL_BODY } from '../../schemas/common.js'
import { checkCollection, narrowTo, kindOf, entityWritten, sharedRoute, type AnswerSerializers } from '../../http/collection-param.js'

type Params = { id: string; relation: string; otherId: string }

export default async function linkRoutes(app: FastifyInstance, { answers }: { answers: AnswerSerializers }) {
  app.put(
    '/admin/:collection/:id/:relation/:otherId',
    {
      ...sharedRoute(app, 'editor'),
      preValidation: [
        checkCollection,
        // The body is optional: a bare PUT links without a note.
        async (request) => {
          request.body ??= {}
        }
      ],
      preHandler: narrowTo('params', linkParamsOf),
      schema: {
        operationId: 'adminLinkEntity',
        tags: ['Admin: links and citations'],
        security: BEARER,
        summary: 'Link an entity to another',
        description:
          "Creates the link or updates it: a given `note` replaces the link's note (null clears it, leaving it out keeps it); given citations are added as evidence, each once. `relation` is one of the collection's relations (see `include` on its list): 400 otherwise.",
        params: LinkParams,
        headers: IfMatch,
        body: LinkBody,
        [OPTIONAL_BODY]: true,
        response: entityWritten(409, 412, 415, 422)
      }
    },
    async (request, reply) => {
      const kind = kindOf(request)
      const { id, relation, otherId } = request.params as Params
      const body = (request.body ?? {}) as { note?: string | null; citations?: CitationInput[] }
      return answers.sendEntity(reply, kind, app.editor.link(writeContext(request), kind, id, relation, otherId, body.note, body.citations ?? [], request.headers['if-match']))
    }
  )

  app.delete(
    '/admin/:collection/:id/:relation/:otherId',
    {
      ...sharedRoute(app, 'editor'),
      preHandler: narrowTo('params', linkParamsOf),
      schema: {
        operationId: 'adminUnlinkEntity',
        tags: ['Admin: links and citations'],
        security: BEARER,
        summary: 'Unlink an entity from another',
        description: 'Removes the link and its citations (the revision history keeps them).',
        params: LinkParams,
        headers: IfMatch,
        response: entityWritten(409, 412)
      }
    },
    async (request, reply) => {
      const kind = kindOf(request)
      const { id, relation, otherId } = request.params as Params
      return answers.sendEntity(reply, kind, app.editor.unlink(writeContext(request), kind, id, relation, otherId, request.headers['if-match']))
    }
  )
}
