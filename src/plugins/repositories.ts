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
import { createCodeRepository } from '../repositories/codes.js'
import { createMetaSource } from '../repositories/meta.js'
import { createReviewQueue } from '../repositories/review-queue.js'
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
    exportBundle: () => exportBundle(store),
    /** The `meta` of public list and item answers, recomputed when the content changes. */
    meta: createMetaSource(store),
    reviewQueue: createReviewQueue(store.sqlite),
    codes: createCodeRepository(store.sqlite)
  }
}

export type Repositories = ReturnType<typeof createRepositories>

/** The read services over one database: what a replica builds anew for each release. */
export const createReadModel = (store: Store) => {
  const repos = createRepositories(store)
  return { store, repos, answers: createAppAnswerService(store, repos) }
}

export type ReadModel = ReturnType<typeof createReadModel>

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
  const { repos, answers } = createReadModel(app.store)
  app.decorate('repos', repos)
  app.decorate('answers', answers)
  // Every write clears the response cache: nothing cached can show old content.
  app.decorate('editor', createEditor(app.store, () => app.responseCache.clear()))
  // Closing waits for a running import to finish: its worker writes to the same file.
  app.addHook('onClose', () => app.editor.importsSettled())
}

export default fp(repositoriesPlugin, { name: 'repositories', dependencies: ['db', 'caching'] })
