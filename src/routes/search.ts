/**
 * `GET /v1/search` (entities, ranked by the answer service) and `GET /v1/passages`
 * (verbatim grounding passages); registers `GET /v1/answer` with the same service.
 */
import type { FastifyInstance } from 'fastify'
import Type from 'typebox'
import { KIND_LIST, KINDS, kindByPath, type KindKey } from '../kinds/index.js'
import { splitCommaLists } from '../http/query-lists.js'
import { StringEnum, conditionalGetHeaders, notModified, problemResponses } from '../schemas/common.js'
import { Query } from '../schemas/search.js'
import { Int32, List, MAX, Text } from '../lib/bounds.js'

export default async function searchRoutes(app: FastifyInstance) {
  app.get(
    '/search',
    {
      preValidation: splitCommaLists(['kind']),
      schema: {
        operationId: 'search',
        tags: ['Search'],
        summary: 'Search entities',
        description:
          'Search over every kind of entity: names, aliases (synonyms), summaries, kind fields and citation quotes, names weighted highest. Words match by stem, lay words through the lexicon (kids → children), a word cut short as a prefix of a longer one, and a misspelling its nearest spelling (`meta.match` is `fuzzy` when the best hit was found only that way). Question words (what, how, my…) are ignored and words asking for a kind (treat, cause, die…) rank that kind first. The order does not depend on `limit`. Limit-only paging.',
        querystring: Type.Object(
          {
            q: Query,
            kind: Type.Optional(
              Type.Array(StringEnum(KIND_LIST.map((kind) => kind.path)), {
                minItems: 1,
                maxItems: KIND_LIST.length,
                description: 'Only these collections (comma list).',
                examples: [['causes', 'types']]
              })
            ),
            limit: Type.Optional(Int32(1, MAX.results, { default: 10, description: 'How many hits.' }))
          },
          { additionalProperties: false, style: 'form', explode: false }
        ),
        headers: conditionalGetHeaders,
        response: {
          200: Type.Object(
            {
              data: List(Type.Ref('SearchHit'), MAX.results),
              meta: Type.Object({
                query: Text(MAX.query),
                match: StringEnum(['exact', 'fuzzy', 'none'], { description: 'How the hits were found.' })
              })
            },
            { description: 'Hits, best first.' }
          ),
          ...notModified,
          ...problemResponses(400)
        }
      }
    },
    async (request) => {
      const { q, kind = [], limit = 10 } = request.query as { q: string; kind?: string[]; limit?: number }
      const kinds = kind.map((path) => kindByPath(path)?.key).filter((key): key is KindKey => key !== undefined)
      const result = app.answers.search(q, kinds, limit)
      return {
        data: result.hits.map((hit) => ({ ...hit, kind: KINDS[hit.kind].path })),
        meta: { query: q, match: result.match }
      }
    }
  )

  app.get(
    '/passages',
    {
      schema: {
        operationId: 'searchPassages',
        tags: ['Search'],
        summary: 'Find grounding passages',
        description:
          'Verbatim paragraphs of the sources that match the query, best first, each with its source, section and the entities that cite it: ready to quote in a grounded answer.',
        querystring: Type.Object(
          {
            q: Query,
            limit: Type.Optional(Int32(1, 20, { default: 5, description: 'How many passages.' }))
          },
          { additionalProperties: false }
        ),
        headers: conditionalGetHeaders,
        response: {
          200: Type.Object({ data: List(Type.Ref('Passage'), 20) }, { description: 'Passages, best first.' }),
          ...notModified,
          ...problemResponses(400)
        }
      }
    },
    async (request) => {
      const { q, limit = 5 } = request.query as { q: string; limit?: number }
      const passages = app.repos.search.passages(q, limit)
      return { data: passages.map((passage) => ({ ...passage, entities: passage.entities.map((e) => ({ ...e, kind: KINDS[e.kind].path })) })) }
    }
  )
}
