/** `GET /v1/sources` and `GET /v1/sources/{id}`: the documents every citation points into. */
import type { FastifyInstance } from 'fastify'
import Type from 'typebox'
import { notFound } from '../lib/problem.js'
import { CursorParam, conditionalGetHeaders, notModified, problemResponses, publicItemEnvelope, publicListEnvelope } from '../schemas/common.js'
import { idParams } from '../schemas/collections.js'
import { Int32, MAX } from '../lib/bounds.js'
import { negotiate } from '../http/negotiate.js'
import { JSON_LD_TYPE, sourceLinkedDataOf } from '../linked-data/index.js'

export interface SourceRouteOptions {
  /** Absolute base of JSON-LD `@id`s (PUBLIC_BASE_URL). */
  publicBaseUrl: string
}

export default async function sourceRoutes(app: FastifyInstance, { publicBaseUrl }: SourceRouteOptions) {
  app.get(
    '/sources',
    {
      schema: {
        operationId: 'listSources',
        tags: ['Sources'],
        summary: 'List sources',
        description: 'The published source documents, by title.',
        querystring: Type.Object(
          {
            limit: Type.Optional(Int32(1, MAX.page, { default: 20, description: 'Page size.' })),
            cursor: Type.Optional(CursorParam)
          },
          // As the collections' query: the shared Limit and Cursor parameters are one component each.
          { additionalProperties: false, style: 'form', explode: false }
        ),
        headers: conditionalGetHeaders,
        response: { 200: publicListEnvelope(Type.Ref('SourceSummary'), 'A page of sources.'), ...notModified, ...problemResponses(400) }
      }
    },
    async (request) => {
      const { limit = 20, cursor } = request.query as { limit?: number; cursor?: string }
      const result = app.repos.sources.list(limit, cursor)
      return { data: result.items, page: { limit, nextCursor: result.nextCursor, total: result.total }, meta: app.repos.meta.current() }
    }
  )

  app.get(
    '/sources/:id',
    {
      schema: {
        operationId: 'getSource',
        tags: ['Sources'],
        summary: 'Get a source',
        description:
          'One source with its sections, the text every citation quotes from. `Accept: application/ld+json` returns it as a schema.org Article whose parts are its sections; an `Accept` that allows neither is a 406.',
        params: idParams('allfit-calcinosis-cutis'),
        querystring: Type.Object({}, { additionalProperties: false }),
        headers: conditionalGetHeaders,
        response: {
          200: {
            description: 'The source with its sections.',
            content: { 'application/json': { schema: publicItemEnvelope(Type.Ref('Source'), 'The source with its sections.') }, [JSON_LD_TYPE]: { schema: Type.Ref('JsonLd') } }
          },
          ...notModified,
          ...problemResponses(400, 404, 406)
        }
      }
    },
    async (request, reply) => {
      const { id } = request.params as { id: string }
      if (negotiate(request, ['application/json', JSON_LD_TYPE], reply) === JSON_LD_TYPE) {
        const document = sourceLinkedDataOf(app.repos.sources, id, publicBaseUrl)
        if (!document) throw notFound(`No published source with id '${id}'`)
        return reply.type(`${JSON_LD_TYPE}; charset=utf-8`).send(JSON.stringify(document))
      }
      const source = app.repos.sources.get(id)
      if (!source) throw notFound(`No published source with id '${id}'`)
      return { data: source, meta: app.repos.meta.current() }
    }
  )
}
