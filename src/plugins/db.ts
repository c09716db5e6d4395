/**
 * The database plugin: opens the one connection, applies pending migrations, seeds a
 * database this start created (never an existing file), decorates the instance with the
 * store and closes it when the app closes. Nothing else opens the file.
 */
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { migrateStore, openDatabase, type Store } from '../db/connection.js'
import { seedStore } from '../dataset/seed.js'
import { isEmpty } from '../dataset/write.js'

declare module 'fastify' {
  interface FastifyInstance {
    store: Store
  }
}

export interface DbPluginOptions {
  path: string
  /** Create the database when there is none at `path` (DATABASE_CREATE); when false, a missing file stops the start. */
  create?: boolean
  /** Seed from `seed/` a database this start created (the first start). Never an existing file. */
  seedIfEmpty?: boolean
}

async function dbPlugin(app: FastifyInstance, { path, create = true, seedIfEmpty = true }: DbPluginOptions) {
  // Refuses an empty, unreadable or foreign file, and a missing one unless it may create it.
  const { store, created } = openDatabase(path, { create, hint: 'DATABASE_CREATE=false forbids creating one; check DATABASE_PATH and the volume it is on' })
  try {
    migrateStore(store)
    if (created && seedIfEmpty) {
      const summary = seedStore(store)
      app.log.info({ ...summary, path }, 'created a new database and seeded it')
    } else if (created) {
      app.log.info({ path }, 'created a new database')
    } else if (isEmpty(store)) {
      // An existing file is never seeded on start: that decision is the operator's.
      app.log.warn({ path }, 'the database holds no content; `npm run seed` adds the seed')
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
