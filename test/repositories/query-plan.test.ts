/**
 * Every filter of every collection is answered through indexes: EXPLAIN QUERY PLAN of
 * the statements a list runs shows no full scan of a link table, of citations or of
 * aliases.
 */
import type Database from 'better-sqlite3'
import t from 'tap'
import { migrateStore, openStore } from '../../src/db/connection.js'
import { seedStore } from '../../src/dataset/seed.js'
import { KIND_LIST, KINDS } from '../../src/kinds/index.js'
import { filterableFields } from '../../src/kinds/fields.js'
import { createEntityRepository, type ListQuery } from '../../src/repositories/entities/index.js'

const store = openStore(':memory:')
migrateStore(store)
seedStore(store)
t.teardown(() => store.sqlite.close())

/** The repository over a connection that records each statement it runs, with its parameters. */
function recording() {
  const ran: Array<{ sql: string; params: unknown }> = []
  const proxy = {
    prepare(sql: string) {
      const statement = store.sqlite.prepare(sql)
      const wrap =
        (method: 'all' | 'get') =>
        (params: unknown = {}) => {
          ran.push({ sql, params })
          return statement[method](params as Record<string, unknown>)
        }
      return { all: wrap('all'), get: wrap('get') }
    }
  } as unknown as Database.Database
  return { repository: createEntityRepository(proxy), ran }
}

const LINK_TABLES = new Set(KIND_LIST.flatMap((kind) => kind.relations.map((relation) => relation.tableName)))
const fullScans = (sql: string, params: unknown): string[] =>
  (store.sqlite.prepare(`explain query plan ${sql}`).all(params as Record<string, unknown>) as Array<{ detail: string }>)
    .map((row) => row.detail)
    .filter((detail) => {
      const match = /^SCAN (\w+)/.exec(detail)
      if (!match || detail.includes('USING')) return false
      const table = match[1] as string
      return LINK_TABLES.has(table) || table === 'citations' || table === 'aliases' || table === 'c' || table === 'l' || table === 'a'
    })

const baseQuery = (): ListQuery => ({ limit: 20, sort: { key: 'name', descending: false }, fields: {}, related: {}, includeSubtypes: true })

t.test('every relation and enum filter of every collection uses indexes', async (t) => {
  let checked = 0
  for (const kind of KIND_LIST) {
    const filters: Array<[string, ListQuery]> = []
    for (const relation of kind.relations) {
      const some = store.sqlite.prepare(`select id from ${KINDS[relation.target].tableName} where status = 'published' limit 1`).get() as { id: string }
      filters.push([`${relation.filter}=${some.id}`, { ...baseQuery(), related: { [relation.name]: [some.id] } }])
    }
    for (const field of filterableFields(kind)) filters.push([`${field.name}=${field.values[0]}`, { ...baseQuery(), fields: { [field.name]: [field.values[0] as string] } }])
    if (kind.hierarchy) filters.push(['parent=idiopathic', { ...baseQuery(), parent: ['idiopathic'] }])
    filters.push(['q=calc', { ...baseQuery(), q: 'calc' }])
    filters.push(['sort=-updatedAt', { ...baseQuery(), sort: { key: 'updatedAt', descending: true } }])
    for (const [name, query] of filters) {
      const { repository, ran } = recording()
      repository.list(kind, query)
      for (const { sql, params } of ran) {
        t.same(fullScans(sql, params), [], `${kind.path}?${name}: ${sql.replace(/\s+/g, ' ').slice(0, 80)}`)
        checked++
      }
    }
  }
  t.ok(checked > 100, `${checked} statements explained`)
})

t.test('the check itself sees a full scan of a link table', async (t) => {
  t.same(fullScans("select * from type_causes where note = 'x'", {}), ['SCAN type_causes'])
})
