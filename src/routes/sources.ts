/** `GET /v1/sources` and `GET /v1/sources/{id}`: the documents every citation points into. */
import type { FastifyInstance } from 'fastify'
import Type from 'typebox'
import { notFound } from '../lib/problem.js'
import { conditionalGetHeaders, notModified, problemResponses, publicItemEnvelope, publicListEnvelope } from '../schemas/common.js'
import { idParams } from '../schemas/collections.js'

export default async function sourceRoutes(app: FastifyInstance) {
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
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20, description: 'Page size.' })),
            cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 1000, description: '`page.nextCursor` of the previous page.' }))
          },
          { additionalProperties: false }
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
        description: 'One source with its sections, the text every citation quotes from.',
        params: idParams('allfit-calcinosis-cutis'),
        querystring: Type.Object({}, { additionalProperties: false }),
        headers: conditionalGetHeaders,
        response: { 200: publicItemEnvelope(Type.Ref('Source'), 'The source with its sections.'), ...notModified, ...problemResponses(400, 404) }
      }
    },
    async (request) => {
      const { id } = request.params as { id: string }
      const source = app.repos.sources.get(id)
      if (!source) throw notFound(`No published source with id '${id}'`)
      return { data: source, meta: app.repos.meta.current() }
    }
  )
}
