/** The seed is a complete, cited, consistent model of the article. */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { migrateStore, openStore, type Store } from '../../src/db/connection.js'
import { readSeed } from '../../src/dataset/seed.js'
import { writeDatasets } from '../../src/dataset/write.js'
import { KIND_LIST } from '../../src/kinds/index.js'
import { seedFolder } from '../../src/paths.js'

const article = readFileSync(join(seedFolder, 'calcinosis-cutis', 'article.txt'), 'utf8')

function seeded(): Store {
  const store = openStore(':memory:')
  migrateStore(store)
  writeDatasets(store, readSeed())
  t.teardown(() => store.sqlite.close())
  return store
}

/** Every content row of every table (search indexes and the read model are derived), timestamps left out, in a stable order. */
function dump({ sqlite }: Store): Record<string, unknown[]> {
  const tables = sqlite
    .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%' and name not like 'search_%' and name not like 'passages_fts%' and name not like 'render%' order by name")
    .all() as Array<{ name: string }>
  const out: Record<string, unknown[]> = {}
  for (const { name } of tables) {
    out[name] = (sqlite.prepare(`select * from "${name}"`).all() as Array<Record<string, unknown>>)
      .map(({ created_at: _c, updated_at: _u, retired_at: _r, id, ...rest }) => (typeof id === 'number' ? rest : { id, ...rest }))
      .map((row) => JSON.stringify(row))
      .sort()
  }
  return out
}

const store = seeded()
const { sqlite } = store
const all = <T>(query: string, ...params: unknown[]) => sqlite.prepare(query).all(...params) as T[]

t.test('seeding twice gives identical content', async (t) => {
  const before = dump(store)
  const summary = writeDatasets(store, readSeed())
  t.same(summary, { sources: 0, entities: 0, links: 0, citations: 0, related: 0 }, 'the second run writes nothing')
  t.same(dump(store), before)
})

t.test('two fresh databases seed to the same content', async (t) => {
  t.same(dump(seeded()), dump(store))
})

t.test('every citation quote is verbatim in its section and in the article', async (t) => {
  const rows = all<{ quote: string; text: string }>(
    'select c.quote, s.text from citations c join source_sections s on s.id = c.section_id'
  )
  t.ok(rows.length > 100, `${rows.length} citations`)
  const bad = rows.filter((row) => !row.text.includes(row.quote) || !article.includes(row.quote))
  t.same(bad, [])
})

t.test('no citation quotes navigation clutter or the author blurb', async (t) => {
  const clutter = all<{ quote: string }>("select quote from citations where quote like '%See also%' or quote like '%Allfit%'")
  t.same(clutter, [])
})

t.test('every entity has at least one citation of its own', async (t) => {
  for (const kind of KIND_LIST) {
    const uncited = all<{ id: string }>(
      `select id from ${kind.tableName} e
       where not exists (select 1 from citations c where c.entity_kind = ? and c.entity_id = e.id and c.related_kind is null)`,
      kind.key
    )
    t.same(uncited, [], `${kind.key} all cited`)
  }
})

t.test('every link has at least one citation', async (t) => {
  for (const kind of KIND_LIST) {
    for (const relation of kind.relations.filter((r) => r.owned)) {
      const table = relation.tableName
      const [ownerColumn, targetColumn] = [relation.selfColumn, relation.otherColumn]
      const uncited = all(
        `select * from ${table} l where not exists (select 1 from citations c where c.entity_kind = ? and c.entity_id = l.${ownerColumn}
           and c.related_kind = ? and c.related_id = l.${targetColumn})`,
        kind.key,
        relation.target
      )
      t.same(uncited, [], `${table} all cited`)
    }
  }
})

t.test('no orphans: foreign keys hold and every citation and alias names an existing entity', async (t) => {
  t.same(sqlite.pragma('foreign_key_check'), [])
  for (const kind of KIND_LIST) {
    const table = kind.tableName
    for (const polymorphic of ['citations', 'aliases']) {
      const orphans = all(`select * from ${polymorphic} x where entity_kind = ? and not exists (select 1 from ${table} e where e.id = x.entity_id)`, kind.key)
      t.same(orphans, [], `${polymorphic} of ${kind.key}`)
    }
    const linkOrphans = all(
      `select * from citations x where related_kind = ? and not exists (select 1 from ${table} e where e.id = x.related_id)`,
      kind.key
    )
    t.same(linkOrphans, [], `link citations naming ${kind.key}`)
  }
})

/** Entities of `table` cited from a section: the article's list there, item by item. */
const citedFrom = (table: string, kind: string, section: string) =>
  all<{ id: string }>(
    `select distinct e.id from ${table} e join citations c on c.entity_kind = ? and c.entity_id = e.id and c.related_kind is null
     join source_sections s on s.id = c.section_id where s.slug = ?`,
    kind,
    section
  ).map((row) => row.id)

t.test("counts match the article's lists", async (t) => {
  t.equal(citedFrom('causes', 'causes', 'causes-of-iatrogenic-calcinosis').length, 5, 'five causes of iatrogenic calcinosis')
  const iatrogenic = all<{ id: string }>('select cause_id as id from type_causes where type_id = ?', 'iatrogenic').map((r) => r.id)
  for (const cause of citedFrom('causes', 'causes', 'causes-of-iatrogenic-calcinosis')) t.ok(iatrogenic.includes(cause), `${cause} causes iatrogenic`)
  t.equal(citedFrom('causes', 'causes', 'iatrogenic-causes-and-factors').length, 5, 'five iatrogenic factors')
  t.equal(citedFrom('warning_signs', 'warningSigns', 'when-to-seek-medical-attention-for-calcinosis-cutis').length, 5, 'five warning signs')
  t.ok(citedFrom('diagnostics', 'diagnostics', 'diagnosis-of-calcinosis-cutis').length >= 5, 'the five diagnostic steps')
  t.ok(citedFrom('prognosis', 'prognosis', 'prognosis-for-patients-with-calcinosis-cutis').length >= 5, 'the five prognosis points')
  const mainTypes = all<{ id: string }>('select id from types where parent_id is null order by id').map((r) => r.id)
  // Calciphylaxis and tumoral calcinosis stand alone: the article mentions them in the metastatic and the
  // idiopathic sections but never calls them a kind of either (issue 13).
  t.same(mainTypes, ['calciphylaxis', 'dystrophic', 'iatrogenic', 'idiopathic', 'metastatic', 'tumoral-calcinosis'])
  const idiopathicVariants = all<{ id: string }>("select id from types where parent_id = 'idiopathic' order by id").map((r) => r.id)
  t.same(idiopathicVariants, ['milia-like-idiopathic-calcinosis', 'scrotal-calcinosis'])
  t.same(all("select id from types where parent_id = 'metastatic'"), [])
})

t.test('the article names what the model says about key facts', async (t) => {
  const metastatic = all<{ characteristics: string }>("select characteristics from types where id = 'metastatic'")[0]
  t.match(metastatic?.characteristics, /70 mg²\/dl²/, 'Ca × P product threshold')
  const aliases = all<{ alias: string }>("select alias from aliases where entity_id = 'systemic-sclerosis'").map((r) => r.alias)
  t.ok(aliases.includes('scleroderma'), 'scleroderma is an alias of systemic sclerosis')
  t.same(all("select count(*) as n from external_codes"), [{ n: 0 }], 'no unverified codes')
})
