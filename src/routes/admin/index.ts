/**
 * The admin API under /v1/admin: every route needs a bearer key (see plugins/auth.ts).
 * List, create and patch are per collection (their filters and bodies differ); every
 * other operation is one route for all collections, with `{collection}` in the path.
 */
import type { FastifyInstance } from 'fastify'
import adminEntityRoutes from './entities.js'
import auditRoutes from './audit.js'
import citationRoutes from './citations.js'
import { answerSerializers } from '../../http/collection-param.js'
import lifecycleRoutes from './lifecycle.js'
import linkRoutes from './links.js'
import revisionRoutes from './revisions.js'
import adminSourceRoutes from './sources.js'
import adminLexiconRoutes from './lexicon.js'
import reviewQueueRoutes from './review-queue.js'

export default async function adminRoutes(app: FastifyInstance) {
  // RFC 7396 merge patches arrive as application/merge-patch+json.
  app.addContentTypeParser('application/merge-patch+json', { parseAs: 'string' }, app.getDefaultJsonParser('error', 'error'))
  // A write waits (without blocking) for a running import: it holds SQLite's one write lock,
  // and waiting for that lock would block this thread (editor/import/runner.ts).
  app.addHook('preHandler', async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') await app.editor.importsSettled()
  })
  const answers = answerSerializers()
  for (const routes of [adminEntityRoutes, lifecycleRoutes, linkRoutes, citationRoutes, revisionRoutes]) await app.register(routes, { answers })
  await app.register(auditRoutes)
  await app.register(adminSourceRoutes)
  await app.register(adminLexiconRoutes)
  await app.register(reviewQueueRoutes)
}
