/**
 * The stack limit: fastify + better-sqlite3 with one prepared statement producing the
 * same body as our filtered list (its meta included), sent as SQLite wrote it.
 */
import Database from 'better-sqlite3'
import Fastify from 'fastify'
import { storeOf } from '../../src/db/connection.js'
import { KINDS } from '../../src/kinds/index.js'
import { createMetaSource } from '../../src/repositories/meta.js'
import { listBodySql } from '../body-sql.js'

const db = new Database(process.env.DATABASE_PATH as string, { readonly: true })
// The content does not change while the bench runs: the meta is computed once.
const meta = JSON.stringify(createMetaSource(storeOf(db)).current())
const statement = db.prepare(listBodySql(KINDS.treatments, 'e.modality in (select value from json_each(@modality))', 20)).pluck()
const app = Fastify({ logger: false })
app.get(
  '/treatments',
  {
    schema: {
      querystring: { type: 'object', properties: { modality: { type: 'string' } }, required: ['modality'] },
      response: { 200: { type: 'string', description: 'The list body, as JSON text from SQLite.' } }
    }
  },
  async (request, reply) => {
    const { modality } = request.query as { modality: string }
    return reply.type('application/json; charset=utf-8').send(statement.get({ modality: JSON.stringify(modality.split(',')), meta }) as string)
  }
)
const address = await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' })
console.log(`listening ${address}`)
