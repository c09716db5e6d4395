/** `GET /v1/answer`: a question in plain words → the entities that answer it, with evidence, and whether it is answered at all. */
import type { FastifyInstance } from 'fastify'
import Type from 'typebox'
import type { AppAnswerService } from '../answer/index.js'
import { ANSWERABLE_THRESHOLD } from '../answer/engine.js'
import { KIND_LIST, kindByPath, type KindKey } from '../kinds/index.js'
import { splitCommaLists } from '../lib/query-lists.js'
import { StringEnum, conditionalGetHeaders, notModified, problemResponses } from '../lib/schemas.js'

const Collection = StringEnum(KIND_LIST.map((kind) => kind.path), { description: 'The collection the entity belongs to.' })

const AnswerResult = Type.Object(
  {
    kind: Collection,
    id: Type.String(),
    name: Type.String(),
    summary: Type.String(),
    score: Type.Number({ description: 'Relevance, higher is better; comparable within one answer only.' }),
    why: Type.String({ description: 'Which words of the question matched, and where (name, summary, facets, quotes).' }),
    citations: Type.Array(Type.Ref('Citation'), { description: 'The quotes holding the matched words, best first (at most three).' })
  },
  { $id: 'AnswerResult', title: 'Answer result' }
)

const Answer = Type.Object(
  {
    question: Type.String(),
    answerable: Type.Boolean({
      description: `False when the knowledge base holds no answer: related entities may still be listed, and confidence says how related. True when confidence ≥ ${ANSWERABLE_THRESHOLD}.`
    }),
    confidence: Type.Number({
      minimum: 0,
      maximum: 1,
      description:
        "The idf-weighted share of the question's content words (and of the kind it asks for) that the top three results' evidence covers; a question asking for a number (a dose, a rate, how long) with no number in that evidence scores 0.4 of it."
    }),
    intent: Type.Object({
      kind: Type.Union([Collection, Type.Null()], { description: 'The collection the question asks for, when its wording says so ("what causes" → causes).' }),
      terms: Type.Array(Type.String(), { description: 'The content words of the question, framing words left out.' })
    }),
    results: Type.Array(Type.Ref('AnswerResult'), { description: 'Best first.' }),
    passages: Type.Array(Type.Ref('Passage'), { description: 'The source paragraphs holding the best citations of the top results, to quote.' })
  },
  { $id: 'Answer', title: 'Answer' }
)

export const ANSWER_SCHEMAS = [AnswerResult, Answer]

export default async function answerRoutes(app: FastifyInstance, { answers }: { answers: AppAnswerService }) {
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
            q: Type.String({ minLength: 1, maxLength: 500, description: 'The question, in plain words.', examples: ['can you die from calcinosis cutis'] }),
            kind: Type.Optional(Type.Array(StringEnum(KIND_LIST.map((kind) => kind.path)), { minItems: 1, description: 'Only these collections (comma list).' })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 20, default: 5, description: 'How many results.' })),
            passages: Type.Optional(Type.Integer({ minimum: 0, maximum: 10, default: 3, description: 'How many source passages (0 for none).' }))
          },
          { additionalProperties: false, style: 'form', explode: false }
        ),
        headers: conditionalGetHeaders,
        response: {
          200: Type.Object(
            {
              data: Type.Ref('Answer'),
              meta: Type.Object({
                understood: Type.Array(
                  Type.Object({
                    term: Type.String(),
                    means: Type.Array(Type.String(), { description: 'Stems it was matched through besides itself: lexicon expansions, spellings, completions.' }),
                    known: Type.Boolean({ description: 'Whether the knowledge base uses the word (or what it means) at all.' })
                  })
                ),
                uncovered: Type.Array(Type.String(), { description: "Content of the question the top results do not cover; a kind in parentheses when the kind asked for is missing." }),
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
      const { understood, uncovered, ...data } = answers.answer(q, { kinds, limit, passages })
      return { data, meta: { understood, uncovered, threshold: ANSWERABLE_THRESHOLD } }
    }
  )
}
