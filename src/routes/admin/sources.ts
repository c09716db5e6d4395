/** `POST /v1/admin/sources`: an admin adds a source document, split into sections. */
import type { FastifyInstance } from 'fastify'
import type { BundleSource } from '../../dataset/format.js'
import { writeContext } from '../../http/write-context.js'
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
      app.editor.createSource(writeContext(request), { ...body, url: body.url ?? null })
      return reply.code(201).header('location', `/v1/sources/${body.id}`).send({ data: app.repos.sources.get(body.id) })
    }
  )
}
