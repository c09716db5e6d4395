/** `GET /v1/export` (public) and `POST /v1/admin/import` (admins): the whole knowledge base as one bundle. */
import type { FastifyInstance } from 'fastify'
import Type from 'typebox'
import { writeContext } from '../http/write-context.js'
import { BEARER, problemResponses, conditionalGetHeaders, notModified } from '../schemas/common.js'
import { JSON_TYPE } from '../http/negotiate.js'

/** `admin: false` (a replica): the export only; the import belongs to the primary. */
export default async function bulkRoutes(app: FastifyInstance, { admin = true }: { admin?: boolean } = {}) {
  app.get(
    '/export',
    {
      schema: {
        operationId: 'exportBundle',
        tags: ['Bulk'],
        summary: 'Export the knowledge base',
        description: 'The whole published knowledge base as one bundle (the seed format, with each citation naming its source and the sources inline), with a `datasetVersion` that changes exactly when the content does.',
        querystring: Type.Object({}, { additionalProperties: false }),
        headers: conditionalGetHeaders,
        response: {
          ...problemResponses(400),
          200: { description: 'The bundle.', content: { 'application/json': { schema: Type.Object({}, { additionalProperties: true, description: 'See the Bundle schema in `dataset/format.ts`: { format, datasetVersion, sources, entities }.' }) } } },
          ...notModified
        }
      }
    },
    async (_request, reply) => reply.type(JSON_TYPE).send(JSON.stringify(app.repos.exportBundle()))
  )

  if (!admin) return
  await app.register(importRoute)
}

/** An import's body, kept as the text it came as (see below). */
interface BundleText {
  json: string
}

async function importRoute(app: FastifyInstance) {
  // In this route's scope only, a JSON body stays text: the import's worker parses it, so
  // the server's thread never parses (nor copies to the worker) a body of up to 50 MB.
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, json, done) => done(null, { json: String(json) } satisfies BundleText))
  app.post(
    '/admin/import',
    {
      onRequest: app.requireRole('admin'),
      bodyLimit: 50 * 1024 * 1024,
      schema: {
        operationId: 'adminImportBundle',
        tags: ['Admin: import'],
        security: BEARER,
        summary: 'Import a bundle (admins)',
        description:
          'Validates the whole bundle first (shape, sources, every quote verbatim, every link target), then applies it all-or-nothing in one transaction: new entities are created published, changed ones updated, each with a revision. `dryRun=true` reports what would change and changes nothing. A problem anywhere is a 422 listing the problems (validation stops at the first 100); nothing is applied. The import runs beside the server, which keeps answering; imports run one at a time, and other admin writes wait for a running one.',
        querystring: Type.Object({ dryRun: Type.Optional(Type.Boolean({ default: false, description: 'Report only.' })) }, { additionalProperties: false }),
        body: Type.Object({}, { additionalProperties: true, description: 'A bundle as `GET /v1/export` returns it.' }),
        response: { 200: Type.Object({ data: Type.Ref('ImportReport') }, { description: 'What changed (or would).' }), ...problemResponses(400, 401, 403, 413, 415, 422) }
      }
    },
    async (request) => {
      const { dryRun = false } = request.query as { dryRun?: boolean }
      return { data: await app.editor.importBundle(writeContext(request), (request.body as BundleText).json, dryRun) }
    }
  )
}
