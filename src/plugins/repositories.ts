/** Decorates the instance with the repositories and the write path, built once over the one database handle. */
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { Store } from '../db/connection.js'
import { createEditor, type Editor } from '../editor/writer.js'
import { createContentRepository } from '../repositories/content.js'
import { createSearchRepository } from '../repositories/search.js'
import { createSourceRepository } from '../repositories/sources.js'

const createRepositories = ({ db, sqlite }: Store) => ({
  content: createContentRepository(sqlite),
  editorial: createContentRepository(sqlite, 'editor'),
  sources: createSourceRepository(db),
  search: createSearchRepository(db)
})

export type Repositories = ReturnType<typeof createRepositories>

declare module 'fastify' {
  interface FastifyInstance {
    repos: Repositories
    /** The editorial write path. */
    editor: Editor
  }
}

async function repositoriesPlugin(app: FastifyInstance) {
  app.decorate('repos', createRepositories(app.store))
  // Every write clears the response cache: nothing cached can show old content.
  app.decorate('editor', createEditor(app.store, () => app.responseCache.clear()))
}

export default fp(repositoriesPlugin, { name: 'repositories', dependencies: ['db', 'caching'] })
