/** Decorates the instance with the repositories, built once over the one database handle. */
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { Db } from '../db/connection.js'
import { createContentRepository } from '../repositories/content.js'
import { createSearchRepository } from '../repositories/search.js'
import { createSourceRepository } from '../repositories/sources.js'

const createRepositories = (db: Db) => ({
  content: createContentRepository(db),
  sources: createSourceRepository(db),
  search: createSearchRepository(db)
})

export type Repositories = ReturnType<typeof createRepositories>

declare module 'fastify' {
  interface FastifyInstance {
    repos: Repositories
  }
}

async function repositoriesPlugin(app: FastifyInstance) {
  app.decorate('repos', createRepositories(app.store.db))
}

export default fp(repositoriesPlugin, { name: 'repositories', dependencies: ['db'] })
