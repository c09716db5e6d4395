/**
 * The kind descriptors are the one place a kind is declared; everything else derives from
 * them. These checks catch a descriptor that disagrees with itself, with the migrated
 * database, or with the seed, before a route or a document shows it.
 */
import { getTableName } from 'drizzle-orm'
import t from 'tap'
import { KIND_KEYS, KIND_LIST, KINDS, kindByPath } from '../../src/kinds/index.js'
import { filterableFields, filterNames } from '../../src/kinds/fields.js'
import { build, getJson } from '../helper.js'

const kindTables = new Map(KIND_LIST.map((kind) => [getTableName(kind.table), kind.key]))

/** Query parameters every list route has, which no kind's filter may shadow (see routes/list-query.ts). */
const LIST_PARAMETERS = ['q', 'limit', 'cursor', 'sort', 'include', 'fields', 'includeSubtypes', 'status', 'deleted']

t.test('every kind key has one descriptor, under its own key', async (t) => {
  t.same(KIND_LIST.map((kind) => kind.key), [...KIND_KEYS])
  for (const key of KIND_KEYS) t.equal(KINDS[key].key, key)
})

t.test('every relation is symmetric: the other kind holds the mirror relation over the same table', async (t) => {
  for (const kind of KIND_LIST) {
    for (const relation of kind.relations) {
      const mirrors = KINDS[relation.target].relations.filter((other) => other.target === kind.key)
      t.equal(mirrors.length, 1, `${kind.key} -> ${relation.target}: one mirror`)
      const mirror = mirrors[0]
      if (!mirror) continue
      t.equal(mirror.table, relation.table, `${kind.key} <-> ${relation.target}: same link table`)
      t.equal(mirror.owned, !relation.owned, `${kind.key} <-> ${relation.target}: exactly one side owns it`)
      t.equal(mirror.selfColumn, relation.otherColumn, `${kind.key} <-> ${relation.target}: columns swapped`)
      t.equal(mirror.otherColumn, relation.selfColumn)
    }
  }
})

t.test("a relation's columns point at the right kinds' tables", async (t) => {
  const app = await build(t)
  for (const kind of KIND_LIST) {
    for (const relation of kind.relations) {
      const linkTable = getTableName(relation.table)
      const foreignKeys = app.store.sqlite.pragma(`foreign_key_list(${linkTable})`) as Array<{ from: string; table: string }>
      const target = (column: string) => foreignKeys.find((key) => key.from === column)?.table
      t.equal(relation.tableName, linkTable, `${kind.key}.${relation.name}: the link table's name`)
      t.equal(relation.table[relation.selfProperty].name, relation.selfColumn, `${kind.key}.${relation.name}: self column and property agree`)
      t.equal(target(relation.selfColumn), getTableName(kind.table), `${kind.key}.${relation.name}: self column references ${kind.key}`)
      t.equal(target(relation.otherColumn), getTableName(KINDS[relation.target].table), `${kind.key}.${relation.name}: other column references ${relation.target}`)
      t.equal(relation.name, relation.target, 'a relation is named after the kind it reaches')
      t.equal(relation.filter, KINDS[relation.target].singular, 'and filters by its singular')
    }
  }
})

t.test('every link table in the migrated database is a relation of both kinds it links', async (t) => {
  const app = await build(t)
  const tables = app.store.sqlite.prepare("select name from sqlite_master where type = 'table'").pluck().all() as string[]
  let links = 0
  for (const table of tables) {
    if (kindTables.has(table)) continue
    const foreignKeys = app.store.sqlite.pragma(`foreign_key_list(${table})`) as Array<{ table: string }>
    const linked = foreignKeys.map((key) => kindTables.get(key.table)).filter((key) => key !== undefined)
    if (linked.length < 2) continue
    links++
    t.equal(linked.length, 2, `${table} links two kinds`)
    const [owner, target] = linked as [string, string]
    for (const [self, other] of [
      [owner, target],
      [target, owner]
    ] as const) {
      const relation = KIND_LIST.find((kind) => kind.key === self)?.relations.find((r) => getTableName(r.table) === table)
      t.ok(relation, `${table} is a relation of ${self}`)
      t.equal(relation?.target, other, `${table} on ${self} reaches ${other}`)
    }
  }
  const declared = new Set(KIND_LIST.flatMap((kind) => kind.relations.map((relation) => getTableName(relation.table))))
  t.equal(links, declared.size, 'no declared relation without its table, no table without its relation')
  t.ok(links > 0)
})

t.test('at most one link between a pair of kinds, and none from a kind to itself', async (t) => {
  for (const kind of KIND_LIST) {
    const targets = kind.relations.map((relation) => relation.target)
    t.equal(new Set(targets).size, targets.length, `${kind.key}: one relation per other kind`)
    t.notOk(targets.includes(kind.key), `${kind.key}: no self link`)
  }
})

t.test("filter names are unique per kind and never shadow a list route's own parameters", async (t) => {
  const app = await build(t)
  for (const kind of KIND_LIST) {
    const filters = filterNames(kind)
    t.equal(new Set(filters).size, filters.length, `${kind.key}: ${filters.join(', ')}`)
    for (const filter of filters) t.notOk(LIST_PARAMETERS.includes(filter), `${kind.key}.${filter} is not a list parameter`)
    for (const field of filterableFields(kind)) {
      t.ok(field.values.length > 0, `${kind.key}.${field.name} has values`)
      t.equal(new Set(field.values).size, field.values.length, `${kind.key}.${field.name}: values unique`)
      t.ok((app.store.sqlite.pragma(`table_info(${kind.tableName})`) as Array<{ name: string }>).some((column) => column.name === field.column), `${kind.key}.${field.name}: a column of its own table`)
    }
  }
})

t.test('every path, table, singular and label is unique, and a path finds its kind', async (t) => {
  for (const property of ['path', 'singular', 'label'] as const) {
    const values = KIND_LIST.map((kind) => kind[property])
    t.equal(new Set(values).size, values.length, `${property}s unique`)
  }
  t.equal(kindTables.size, KIND_LIST.length, 'tables unique')
  for (const kind of KIND_LIST) {
    t.match(kind.path, /^[a-z]+(-[a-z]+)*$/, `${kind.path}: a kebab-case URL segment`)
    t.equal(kindByPath(kind.path), kind)
  }
  t.equal(kindByPath('warningSigns'), undefined, 'a key is not a path')
})

t.test('every example id is a published entity of the seed', async (t) => {
  const app = await build(t)
  for (const kind of KIND_LIST) {
    const { response, body } = await getJson(app, `/v1/${kind.path}/${kind.example}`)
    t.equal(response.statusCode, 200, `/v1/${kind.path}/${kind.example}`)
    t.equal(body?.data?.id, kind.example)
  }
})

t.test('only hierarchical kinds have a parent column; search weights are positive', async (t) => {
  const app = await build(t)
  for (const kind of KIND_LIST) {
    const columns = (app.store.sqlite.pragma(`table_info(${getTableName(kind.table)})`) as Array<{ name: string }>).map((column) => column.name)
    t.equal(columns.includes('parent_id'), kind.hierarchy !== undefined, `${kind.key}: parent_id iff hierarchical`)
    if (kind.hierarchy) t.ok(columns.includes(kind.hierarchy.parentColumn), `${kind.key}: its parent column exists`)
    t.ok(kind.searchWeight > 0, `${kind.key}: search weight ${kind.searchWeight}`)
  }
})
