/** `GET /v1/codes/{system}/{code}`: the published entities carrying a standard code. */
import type { FastifyInstance } from 'fastify'
import Type from 'typebox'
import { notFound } from '../lib/problem.js'
import { conditionalGetHeaders, notModified, problemResponses, publicItemEnvelope } from '../schemas/common.js'
import { CodeSystem, CodeValue } from '../schemas/trust.js'

export default async function codeRoutes(app: FastifyInstance) {
  app.get(
    '/codes/:system/:code',
    {
      schema: {
        operationId: 'getCodedEntities',
        tags: ['Codes'],
        summary: 'Find entities by standard code',
        description:
          'The published entities carrying a standard code (ICD-10, HPO, Orphanet, …), with their review. 404 when none does. The same filter on a collection: `?code=SYSTEM:CODE`.',
        params: Type.Object({ system: { ...CodeSystem, examples: ['ICD-10'] }, code: { ...CodeValue, examples: ['L94.2'] } }, { additionalProperties: false }),
        querystring: Type.Object({}, { additionalProperties: false }),
        headers: conditionalGetHeaders,
        response: { 200: publicItemEnvelope(Type.Ref('CodedEntities'), 'The code and the entities carrying it.'), ...notModified, ...problemResponses(400, 404) }
      }
    },
    async (request) => {
      const { system, code } = request.params as { system: string; code: string }
      const found = app.repos.codes.carrying(system, code)
      if (!found) throw notFound(`No published entity carries ${system} code '${code}'`)
      return { data: found, meta: app.repos.meta.current() }
    }
  )
}
