/**
 * The database plugin: opens the one connection, applies pending migrations, seeds an
 * empty database from `seed/`, decorates the instance with the store and closes it
 * when the app closes. Nothing else opens the file.
 */
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { migrateStore, openStore, type Store } from '../db/connection.js'
import { seedStore } from '../dataset/seed.js'
import { isEmpty } from '../dataset/write.js'

declare module 'fastify' {
  interface FastifyInstance {
    store: Store
  }
}

export interface DbPluginOptions {
  path: string
  /** Seed from `seed/` when the database holds no source yet (first start). */
  seedIfEmpty?: boolean
}

async function dbPlugin(app: FastifyInstance, { path, seedIfEmpty = true }: DbPluginOptions) {
  const store = openStore(path)
  try {
    migrateStore(store)
    if (seedIfEmpty && isEmpty(store)) {
      const summary = seedStore(store)
      app.log.info(summary, 'seeded an empty database')
    }
  } catch (error) {
    store.sqlite.close()
    throw error
  }
  app.decorate('store', store)
  app.addHook('onClose', async () => {
    store.sqlite.close()
  })
}

export default fp(dbPlugin, { name: 'db' })
