/** An entity's history, one route each for every collection: list revisions, read one, restore one (admins). */
import type { FastifyInstance } from 'fastify'
import Type from 'typebox'
import { notFound } from '../../lib/problem.js'
import { writeContext } from '../../http/write-context.js'
import { EntityParams, IfMatch, RevisionParams, revisionAnswerOf } from '../../schemas/admin.js'
import { BEARER, problemResponses } from '../../schemas/common.js'
import { List, MAX } from '../../lib/bounds.js'
import { kindOf, entityWritten, sharedRoute, type AnswerSerializers } from '../../http/collection-param.js'

export default async function revisionRoutes(app: FastifyInstance, { answers }: { answers: AnswerSerializers }) {
  app.get(
    '/admin/:collection/:id/revisions',
    {
      ...sharedRoute(app, ['editor', 'reviewer'], false),
      schema: {
        operationId: 'adminListRevisions',
        tags: ['Admin: revisions'],
        security: BEARER,
        summary: 'List revisions of an entity',
        description: 'Every change, oldest first: number, actor (key name), summary and time.',
        params: EntityParams,
        response: { 200: Type.Object({ data: List(Type.Ref('RevisionSummary'), MAX.collection) }, { description: 'The revisions.' }), ...problemResponses(400, 401, 403, 404) }
      }
    },
    async (request) => {
      const kind = kindOf(request)
      const { id } = request.params as { id: string }
      const list = app.editor.revisions(kind, id)
      if (!list) throw notFound(`No ${kind.label.toLowerCase()} with id '${id}'`)
      return { data: list }
    }
  )

  app.get(
    '/admin/:collection/:id/revisions/:number',
    {
      ...sharedRoute(app, ['editor', 'reviewer']),
      schema: {
        operationId: 'adminGetRevision',
        tags: ['Admin: revisions'],
        security: BEARER,
        summary: 'Get a revision of an entity',
        description: 'One revision with the full snapshot of the entity after that change.',
        params: RevisionParams,
        response: { 200: Type.Object({ data: Type.Ref('Revision') }, { description: 'The revision.' }), ...problemResponses(400, 401, 403, 404) }
      }
    },
    async (request, reply) => {
      const kind = kindOf(request)
      const { id, number } = request.params as { id: string; number: number }
      const revision = app.editor.revision(kind, id, number)
      if (!revision) throw notFound(`${kind.label} '${id}' has no revision ${number}`)
      return answers.send(reply, revisionAnswerOf(kind), { data: revision })
    }
  )

  app.post(
    '/admin/:collection/:id/revisions/:number/restore',
    {
      ...sharedRoute(app, 'admin'),
      schema: {
        operationId: 'adminRestoreRevision',
        tags: ['Admin: revisions'],
        security: BEARER,
        summary: 'Restore a revision of an entity (admins)',
        description: 'Puts back the fields, aliases, citations and links the revision shows; status and deletion stay as they are. It is itself a new revision.',
        params: RevisionParams,
        headers: IfMatch,
        response: entityWritten(409, 412, 422)
      }
    },
    async (request, reply) => {
      const kind = kindOf(request)
      const { id, number } = request.params as { id: string; number: number }
      return answers.sendEntity(reply, kind, app.editor.restoreRevision(writeContext(request), kind, id, number, request.headers['if-match']))
    }
  )
}
