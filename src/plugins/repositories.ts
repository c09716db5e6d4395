/** Decorates the instance with the repositories and the write path, built once over the one database handle. */
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { createAppAnswerService, type AppAnswerService } from '../answer/index.js'
import type { Store } from '../db/connection.js'
import { createEditor, type Editor } from '../editor/index.js'
import { createOverviewDocuments } from '../overview/documents.js'
import { createAuditRepository } from '../repositories/audit.js'
import { createEntityRepository } from '../repositories/entities/index.js'
import { exportBundle } from '../repositories/export.js'
import { createReadinessRepository } from '../repositories/readiness.js'
import { createSearchRepository } from '../repositories/search.js'
import { createSourceRepository } from '../repositories/sources.js'

function createRepositories(store: Store) {
  const entities = createEntityRepository(store.sqlite)
  const sources = createSourceRepository(store.db)
  return {
    entities,
    /** The same entities as editors see them: drafts, versions, deleted ones on request. */
    editorial: createEntityRepository(store.sqlite, 'editor'),
    sources,
    /** Condition overviews, rendered once per change of content. */
    overviews: createOverviewDocuments(entities, sources),
    search: createSearchRepository(store.db),
    audit: createAuditRepository(store.db),
    readiness: createReadinessRepository(store),
    exportBundle: () => exportBundle(store)
  }
}

export type Repositories = ReturnType<typeof createRepositories>

declare module 'fastify' {
  interface FastifyInstance {
    repos: Repositories
    /** Question answering and ranked search (`/v1/answer`, `/v1/search`, MCP). */
    answers: AppAnswerService
    /** The write path (admin routes only). */
    editor: Editor
  }
}

async function repositoriesPlugin(app: FastifyInstance) {
  const repos = createRepositories(app.store)
  app.decorate('repos', repos)
  app.decorate('answers', createAppAnswerService(app.store, repos))
  // Every write clears the response cache: nothing cached can show old content.
  app.decorate('editor', createEditor(app.store, () => app.responseCache.clear()))
}

export default fp(repositoriesPlugin, { name: 'repositories', dependencies: ['db', 'caching'] })
