/** `GET /v1/answer`: a question in plain words → the entities that answer it, with evidence, and whether it is answered at all. */
import type { FastifyInstance } from 'fastify'
import Type from 'typebox'
import { ANSWERABLE_THRESHOLD } from '../answer/engine.js'
import { KIND_LIST, kindByPath, type KindKey } from '../kinds/index.js'
import { splitCommaLists } from '../http/query-lists.js'
import { Int32, List, MAX, Text } from '../lib/bounds.js'
import { StringEnum, conditionalGetHeaders, notModified, problemResponses } from '../schemas/common.js'

export default async function answerRoutes(app: FastifyInstance) {
  app.get(
    '/answer',
    {
      preValidation: splitCommaLists(['kind']),
      schema: {
        operationId: 'answer',
        tags: ['Search'],
        summary: 'Answer a question',
        description:
          "For chatbots: a question as people ask it (\"what causes calcinosis cutis in kids\") → the entities that answer it, best first, each with why it matched and its quotes, the source passages to quote, and `answerable`: whether the knowledge base holds an answer at all. Deterministic and local. Framing words are ignored; the intent (\"what causes\", \"how do you get rid of\", \"can you die from\", \"when should I see a doctor\") ranks the kind asked for first; lay words go through the lexicon (`/v1/admin/lexicon`); misspellings find their nearest spelling.",
        querystring: Type.Object(
          {
            q: Type.String({ minLength: 1, maxLength: MAX.query, description: 'The question, in plain words.', examples: ['can you die from calcinosis cutis'] }),
            kind: Type.Optional(Type.Array(StringEnum(KIND_LIST.map((kind) => kind.path)), { minItems: 1, maxItems: KIND_LIST.length, description: 'Only these collections (comma list).' })),
            limit: Type.Optional(Int32(1, 20, { default: 5, description: 'How many results.' })),
            passages: Type.Optional(Int32(0, 10, { default: 3, description: 'How many source passages (0 for none).' }))
          },
          { additionalProperties: false, style: 'form', explode: false }
        ),
        headers: conditionalGetHeaders,
        response: {
          200: Type.Object(
            {
              data: Type.Ref('Answer'),
              meta: Type.Object({
                understood: List(
                  Type.Object({
                    term: Text(MAX.query),
                    means: List(Text(MAX.query), MAX.query, { description: 'Stems it was matched through besides itself: lexicon expansions, spellings, completions.' }),
                    known: Type.Boolean({ description: 'Whether the knowledge base uses the word (or what it means) at all.' })
                  }),
                  MAX.query
                ),
                uncovered: List(Text(MAX.query), MAX.query, { description: "Content of the question the top results do not cover; a kind in parentheses when the kind asked for is missing." }),
                threshold: Type.Number({ description: 'The confidence from which a question counts as answerable.' })
              })
            },
            { description: 'The answer.' }
          ),
          ...notModified,
          ...problemResponses(400)
        }
      }
    },
    async (request) => {
      const { q, kind = [], limit = 5, passages = 3 } = request.query as { q: string; kind?: string[]; limit?: number; passages?: number }
      const kinds = kind.map((path) => kindByPath(path)?.key).filter((key): key is KindKey => key !== undefined)
      const { understood, uncovered, ...data } = app.answers.answer(q, { kinds, limit, passages })
      return { data, meta: { understood, uncovered, threshold: ANSWERABLE_THRESHOLD } }
    }
  )
}
