/** `POST /v1/admin/sources`: an admin adds a source document, split into sections. */
import type { FastifyInstance } from 'fastify'
import { eq } from 'drizzle-orm'
import * as s from '../../db/schema.js'
import type { BundleSource } from '../../dataset/format.js'
import { ProblemError } from '../../lib/problem.js'
import { writeContext } from '../../lib/write-context.js'
import { SourceBody } from '../../schemas/admin.js'
import { BEARER, itemEnvelope, problemResponses } from '../../schemas/common.js'
import Type from 'typebox'

export default async function adminSourceRoutes(app: FastifyInstance) {
  app.post(
    '/admin/sources',
    {
      onRequest: app.requireRole('admin'),
      schema: {
        operationId: 'adminCreateSource',
        tags: ['Admin: sources'],
        security: BEARER,
        summary: 'Add a source (admins)',
        description: 'A new source document, published at once so that editors can cite it. Each section holds paragraphs separated by blank lines; quotes must lie within one paragraph.',
        body: SourceBody,
        response: { 201: itemEnvelope(Type.Ref('Source'), 'The new source; Location header.'), ...problemResponses(400, 401, 403, 409, 415, 422) }
      }
    },
    async (request, reply) => {
      const body = request.body as Omit<BundleSource, 'url'> & { url?: string | null }
      if (new Set(body.sections.map((section) => section.id)).size !== body.sections.length) {
        throw new ProblemError('unprocessable-content', 'Section ids must be unique within a source')
      }
      app.editor.transaction(writeContext(request), 'create-source', { source: body.id }, (tx) => {
        if (tx.select({ id: s.sources.id }).from(s.sources).where(eq(s.sources.id, body.id)).get()) {
          throw new ProblemError('conflict', `A source with id '${body.id}' exists`)
        }
        app.editor.insertSource(tx, { ...body, url: body.url ?? null })
      })
      return reply.code(201).header('location', `/v1/sources/${body.id}`).send({ data: app.repos.sources.get(body.id) })
    }
  )
}
