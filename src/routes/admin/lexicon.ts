/**
 * `/v1/admin/lexicon`: editors maintain the lay lexicon that `/v1/answer` and `/v1/search`
 * read questions with ("kids" → children, infants). Every write is audited and takes
 * effect on the next question (the answer index rebuilds when the database changes).
 */
import type { FastifyInstance } from 'fastify'
import Type from 'typebox'
import { createLexiconRepository, normalizeTerm } from '../../answer/lexicon-repository.js'
import { notFound } from '../../lib/problem.js'
import { itemEnvelope, problemResponses } from '../../schemas/common.js'
import { writeContext } from '../../http/write-context.js'
import { BEARER } from '../../schemas/common.js'
import { List, MAX, Text, Timestamp } from '../../lib/bounds.js'

const Term = Type.String({ minLength: 1, maxLength: 100, pattern: '\\S', description: 'A lay word or phrase, matched case-insensitively.', examples: ['kids'] })

const LexiconEntry = Type.Object(
  {
    term: Text(MAX.name, { description: 'The lay word or phrase, lower case.' }),
    expansions: List(Text(MAX.name), MAX.lexiconExpansions, { description: "The knowledge base's words for it." }),
    updatedAt: Timestamp()
  },
  { title: 'Lexicon entry' }
)

const Params = Type.Object({ term: Term }, { additionalProperties: false })

const Body = Type.Object(
  {
    expansions: Type.Array(Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }), {
      minItems: 1,
      maxItems: MAX.lexiconExpansions,
      description: "Words or phrases of the knowledge base the term means, e.g. [\"children\", \"infants\"]. General language only: never the wording of one question."
    })
  },
  { additionalProperties: false }
)

export default async function adminLexiconRoutes(app: FastifyInstance) {
  const lexicon = createLexiconRepository(app.store.db)
  const editor = app.requireRole('editor')
  const documented = (operation: string) => ({ operationId: `admin${operation}LexiconEntry`, tags: ['Admin: lexicon'], security: BEARER })

  app.get(
    '/admin/lexicon',
    {
      onRequest: editor,
      schema: {
        ...documented('List'),
        operationId: 'adminListLexicon',
        summary: 'List the lay lexicon (editors)',
        description: 'Every entry, by term.',
        response: { 200: Type.Object({ data: List(LexiconEntry, MAX.collection) }, { description: 'The lexicon.' }), ...problemResponses(400, 401, 403) }
      }
    },
    async () => ({ data: lexicon.all() })
  )

  app.put(
    '/admin/lexicon/:term',
    {
      onRequest: editor,
      schema: {
        ...documented('Put'),
        summary: 'Add or replace a lexicon entry (editors)',
        description: 'Creates the entry (201) or replaces its expansions (200). The next question is read with it.',
        params: Params,
        body: Body,
        response: {
          200: itemEnvelope(LexiconEntry, 'The entry, replaced.'),
          201: itemEnvelope(LexiconEntry, 'The entry, created.'),
          ...problemResponses(400, 401, 403, 415)
        }
      }
    },
    async (request, reply) => {
      const term = normalizeTerm((request.params as { term: string }).term)
      const { expansions } = request.body as { expansions: string[] }
      const cleaned = [...new Set(expansions.map(normalizeTerm))]
      const created = app.editor.transaction(writeContext(request), 'put-lexicon-entry', { term, expansions: cleaned }, (tx) =>
        lexicon.put(tx, { term, expansions: cleaned }, new Date().toISOString())
      )
      return reply.code(created ? 201 : 200).send({ data: lexicon.get(term) })
    }
  )

  app.delete(
    '/admin/lexicon/:term',
    {
      onRequest: editor,
      schema: {
        ...documented('Delete'),
        summary: 'Remove a lexicon entry (editors)',
        description: 'The term is read as a plain word again from the next question on.',
        params: Params,
        response: { 204: { description: 'Removed.', type: 'null' }, ...problemResponses(400, 401, 403, 404) }
      }
    },
    async (request, reply) => {
      const term = normalizeTerm((request.params as { term: string }).term)
      // Thrown inside the transaction, so that a miss leaves no audit record.
      app.editor.transaction(writeContext(request), 'delete-lexicon-entry', { term }, (tx) => {
        if (!lexicon.delete(tx, term)) throw notFound(`No lexicon entry '${term}'`)
      })
      return reply.code(204).send()
    }
  )
}
