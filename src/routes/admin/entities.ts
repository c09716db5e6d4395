/**
 * The admin routes whose shape depends on the kind: list (its filters), create and
 * patch (their bodies), one set per collection; and reading one entity, one route for
 * every collection. Every write answers the entity as it now is, with its ETag.
 */
import type { FastifyInstance, FastifyReply } from 'fastify'
import Type from 'typebox'
import { etagOf, type EntityInput } from '../../editor/index.js'
import { KIND_LIST, type Kind } from '../../kinds/index.js'
import { notFound } from '../../lib/problem.js'
import { splitCommaLists } from '../../http/query-lists.js'
import { writeContext } from '../../http/write-context.js'
import type { EntityOut } from '../../repositories/entities/index.js'
import { EntityParams, IdParams, IfMatch, ItemQuery, createBody, entityAnswerOf, itemQueryOf, patchBody } from '../../schemas/admin.js'
import { BEARER, itemEnvelope, listEnvelope, problemResponses } from '../../schemas/common.js'
import { editorialRef, listParameters, listQuerySchema, schemaId } from '../../schemas/collections.js'
import { pickFields, toListQuery, type Query } from '../../schemas/list-query.js'
import { checkCollection, kindOf, narrowTo, serializeAsIs, type AnswerSerializers } from '../../http/collection-param.js'

const sendEntity = (reply: FastifyReply, entity: EntityOut, status = 200) => reply.code(status).header('etag', etagOf(entity)).send({ data: entity })

function entityRoutes(app: FastifyInstance, kind: Kind) {
  const base = `/admin/${kind.path}`
  const noun = kind.label.toLowerCase()
  const plural = kind.path.replace('-', ' ')
  const editor = app.requireRole('editor')
  // Reviewers read what editors read: the entity they review, and its ETag for If-Match.
  const reader = app.requireRole('editor', 'reviewer')
  const entity = editorialRef(kind)
  const documented = (operation: string) => ({ operationId: `admin${operation}${schemaId(kind)}`, tags: [`Admin: ${plural}`], security: BEARER })

  app.get(
    base,
    {
      onRequest: reader,
      preValidation: splitCommaLists(listParameters(kind)),
      schema: {
        ...documented('List'),
        summary: `List ${plural} (editors)`,
        description: `Every ${noun}, drafts included; filter by \`status\` and \`deleted\` besides the public filters.`,
        querystring: listQuerySchema(kind, true),
        response: { 200: listEnvelope(entity, `A page of ${plural}.`), ...problemResponses(400, 401, 403) }
      }
    },
    async (request) => {
      const query = request.query as Query
      const result = app.repos.editorial.list(kind, toListQuery(kind, query), query.include)
      return { data: result.items.map((e) => pickFields(e, query.fields)), page: { limit: query.limit ?? 20, nextCursor: result.nextCursor, total: result.total } }
    }
  )

  app.post(
    base,
    {
      onRequest: editor,
      schema: {
        ...documented('Create'),
        summary: `Create a ${noun}`,
        description: `Creates a draft with the id you choose. 409 when the id is taken (ids are never reused). Publishing needs a citation.`,
        body: createBody(kind),
        response: { 201: itemEnvelope(entity, `The new draft; Location and ETag headers.`), ...problemResponses(400, 401, 403, 409, 415, 422) }
      }
    },
    async (request, reply) => {
      const created = app.editor.create(writeContext(request), kind, request.body as EntityInput & { id: string })
      return sendEntity(reply.header('location', `/v1${base}/${created.id}`), created, 201)
    }
  )

  app.patch(
    `${base}/:id`,
    {
      onRequest: editor,
      schema: {
        ...documented('Update'),
        summary: `Edit a ${noun}`,
        description: 'A JSON merge patch of the editable fields. `If-Match` is required: 428 without it, 412 when the entity changed since.',
        params: IdParams,
        headers: IfMatch,
        body: patchBody(kind),
        response: { 200: itemEnvelope(entity, `The ${noun} as it now is; ETag header.`), ...problemResponses(400, 401, 403, 404, 409, 412, 415, 422, 428) }
      }
    },
    async (request, reply) => {
      const { id } = request.params as { id: string }
      return sendEntity(reply, app.editor.update(writeContext(request), kind, id, request.body as EntityInput, request.headers['if-match']))
    }
  )
}

export default async function adminEntityRoutes(app: FastifyInstance, { answers }: { answers: AnswerSerializers }) {
  for (const kind of KIND_LIST) entityRoutes(app, kind)

  app.get(
    '/admin/:collection/:id',
    {
      onRequest: app.requireRole('editor', 'reviewer'),
      preValidation: [checkCollection, splitCommaLists(['include', 'fields'])],
      preHandler: narrowTo('querystring', itemQueryOf),
      serializerCompiler: serializeAsIs,
      schema: {
        operationId: 'adminGetEntity',
        tags: ['Admin: entities'],
        security: BEARER,
        summary: 'Get an entity (editors)',
        description: 'The entity in any status, deleted or not. Its strong ETag is what `If-Match` takes.',
        params: EntityParams,
        querystring: ItemQuery,
        response: { 200: itemEnvelope(Type.Ref('EditorialEntity'), 'The entity; ETag header.'), ...problemResponses(400, 401, 403, 404) }
      }
    },
    async (request, reply) => {
      const kind = kindOf(request)
      const { id } = request.params as { id: string }
      const query = request.query as Query
      const found = app.repos.editorial.get(kind, id, query.include)
      if (!found) throw notFound(`No ${kind.label.toLowerCase()} with id '${id}'`)
      if (!query.include && !query.fields) return answers.sendEntity(reply, kind, found)
      // Any view of the entity carries the entity's ETag, so that it can be sent back as If-Match.
      const whole = app.repos.editorial.get(kind, id) as EntityOut
      return answers.send(reply.header('etag', etagOf(whole)), entityAnswerOf(kind), { data: pickFields(found, query.fields) })
    }
  )
}
