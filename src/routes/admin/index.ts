/** The admin API under /v1/admin: every route needs a bearer key (see plugins/auth.ts). */
import type { FastifyInstance } from 'fastify'
import adminEntityRoutes from './entities.js'
import auditRoutes from './audit.js'
import adminSourceRoutes from './sources.js'
import adminLexiconRoutes from './lexicon.js'

export default async function adminRoutes(app: FastifyInstance) {
  // RFC 7396 merge patches arrive as application/merge-patch+json.
  app.addContentTypeParser('application/merge-patch+json', { parseAs: 'string' }, app.getDefaultJsonParser('error', 'error'))
  await app.register(adminEntityRoutes)
  await app.register(auditRoutes)
  await app.register(adminSourceRoutes)
  await app.register(adminLexiconRoutes)
}
