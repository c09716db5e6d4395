/** `GET /v1/conditions/{id}/overview`: a whole condition in one call, as JSON or Markdown. */
import type { FastifyInstance } from 'fastify'
import Type from 'typebox'
import { notFound } from '../lib/problem.js'
import { Id, StringEnum, conditionalGetHeaders, notModified, problemResponses } from '../schemas/common.js'
import { MAX, Text } from '../lib/bounds.js'
import { JSON_TYPE, negotiate } from '../http/negotiate.js'
import { sendStoredDocument } from '../http/stored-answer.js'

export default async function overviewRoutes(app: FastifyInstance) {
  app.get(
    '/conditions/:id/overview',
    {
      schema: {
        operationId: 'getConditionOverview',
        tags: ['Conditions'],
        summary: 'Get a condition overview',
        description:
          'Everything about a condition in one response, each item with its citations, plus the sources and a disclaimer. `format=markdown`, or `Accept: text/markdown`, returns the same as compact Markdown for an LLM context window; `format` wins over `Accept`. An `Accept` that allows neither JSON nor Markdown is a 406.',
        params: Type.Object({ id: { ...Id, examples: ['calcinosis-cutis'] } }, { additionalProperties: false }),
        querystring: Type.Object(
          { format: Type.Optional(StringEnum(['json', 'markdown'], { description: 'Response format; without it, the Accept header chooses (JSON by default).' })) },
          { additionalProperties: false }
        ),
        headers: conditionalGetHeaders,
        response: {
          200: {
            description: 'The overview.',
            content: {
              'application/json': { schema: Type.Object({ data: Type.Ref('Overview') }) },
              'text/markdown': { schema: Text(MAX.document) }
            }
          },
          ...notModified,
          ...problemResponses(400, 404, 406)
        }
      }
    },
    async (request, reply) => {
      const { id } = request.params as { id: string }
      const query = request.query as { format?: 'json' | 'markdown' }
      const format = query.format ?? (negotiate(request, ['application/json', 'text/markdown'], reply) === 'text/markdown' ? 'markdown' : 'json')
      const document = app.repos.overviews.get(id, format)
      if (document === null) throw notFound(`No published condition with id '${id}'`)
      return sendStoredDocument(reply, format === 'markdown' ? 'text/markdown; charset=utf-8' : JSON_TYPE, document)
    }
  )
}
