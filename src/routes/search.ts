/**
 * `GET /v1/search` (entities, ranked by the answer service) and `GET /v1/passages`
 * (verbatim grounding passages); registers `GET /v1/answer` with the same service.
 */
import type { FastifyInstance } from 'fastify'
import Type from 'typebox'
import { createAppAnswerService } from '../answer/index.js'
import { KIND_LIST, KINDS, kindByPath, type KindKey } from '../kinds/index.js'
import { splitCommaLists } from '../lib/query-lists.js'
import { StringEnum, conditionalGetHeaders, notModified, problemResponses } from '../lib/schemas.js'
import answerRoutes, { ANSWER_SCHEMAS } from './answer.js'

const Query = Type.String({
  minLength: 1,
  maxLength: 500,
  description: 'What to look for, in plain words. Any punctuation or search syntax is taken as plain text.',
  examples: ['kidney']
})

const SearchHit = Type.Object(
  {
    kind: StringEnum(KIND_LIST.map((kind) => kind.path), { description: 'The collection the entity belongs to.' }),
    id: Type.String(),
    name: Type.String(),
    snippet: Type.String({
      description: 'The citation quote (else the summary or name) holding the matched words, which are in `<mark>…</mark>`; the rest is HTML-escaped.'
    }),
    score: Type.Number({ description: 'Relevance, higher is better: the idf of each matched word times the weight of the field it was found in.' })
  },
  { $id: 'SearchHit', title: 'Search hit' }
)

const Passage = Type.Object(
  {
    id: Type.String({ description: 'Stable passage id: source/section/paragraph.' }),
    source: Type.Object({ id: Type.String(), title: Type.String(), publisher: Type.String(), url: Type.Union([Type.String(), Type.Null()]) }),
    section: Type.Object({ id: Type.String(), heading: Type.String() }),
    text: Type.String({ description: 'A verbatim paragraph of the source.' }),
    score: Type.Number({ description: 'Relevance, higher is better (BM25 in search; 1, 1/2, 1/3… by rank in answers).' }),
    entities: Type.Array(
      Type.Object({ kind: Type.String({ description: 'Collection.' }), id: Type.String(), name: Type.String() }),
      { description: 'Entities whose citations quote this passage.' }
    )
  },
  {
    $id: 'Passage',
    title: 'Passage',
    description:
      'A citation passage for retrieval-augmented generation. It maps one-to-one onto an LLM search-result block: source = `{source.id}#{section.id}`, title = `{source.title} — {section.heading}`, content = `text`.'
  }
)

/** Added to the app by the OpenAPI plugin; the answer route's schemas travel with them. */
export const SEARCH_SCHEMAS = [SearchHit, Passage, ...ANSWER_SCHEMAS]

export default async function searchRoutes(app: FastifyInstance) {
  const answers = createAppAnswerService(app.store, app.repos)
  await app.register(answerRoutes, { answers })

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
                description: 'Only these collections (comma list).',
                examples: [['causes', 'types']]
              })
            ),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 10, description: 'How many hits.' }))
          },
          { additionalProperties: false, style: 'form', explode: false }
        ),
        headers: conditionalGetHeaders,
        response: {
          200: Type.Object(
            {
              data: Type.Array(Type.Ref('SearchHit')),
              meta: Type.Object({
                query: Type.String(),
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
      const result = answers.search(q, kinds, limit)
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
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 20, default: 5, description: 'How many passages.' }))
          },
          { additionalProperties: false }
        ),
        headers: conditionalGetHeaders,
        response: {
          200: Type.Object({ data: Type.Array(Type.Ref('Passage')) }, { description: 'Passages, best first.' }),
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
