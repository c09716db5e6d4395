/** Decorates the instance with the repositories, built over the one database handle. */
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { createContentRepository, type ContentRepository } from '../repositories/content.js'
import { createSourceRepository, type SourceRepository } from '../repositories/sources.js'

declare module 'fastify' {
  interface FastifyInstance {
    content: ContentRepository
    sources: SourceRepository
  }
}

async function repositoriesPlugin(app: FastifyInstance) {
  app.decorate('content', createContentRepository(app.store.db))
  app.decorate('sources', createSourceRepository(app.store.db))
}

export default fp(repositoriesPlugin, { name: 'repositories', dependencies: ['db'] })
