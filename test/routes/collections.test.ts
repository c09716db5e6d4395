/** The public read API over every content collection: filters, pagination, include, fields, errors. */
import t from 'tap'
import { KIND_LIST, KINDS } from '../../src/kinds/index.js'
import { filterableFields } from '../../src/kinds/fields.js'
import { build, getJson } from '../helper.js'

const app = await build(t)
const get = (url: string, headers?: Record<string, string>) => getJson(app, url, headers)
const ids = (body: { data: Array<{ id: string }> }) => body.data.map((entity) => entity.id)

/** Every page of a list, following nextCursor. */
async function walk(url: string, from: string | null = null): Promise<{ seen: string[]; total: number; pages: number }> {
  const seen: string[] = []
  let cursor = from
  let total = -1
  let pages = 0
  do {
    const separator = url.includes('?') ? '&' : '?'
    const { response, body } = await get(`${url}${separator}limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
    if (response.statusCode !== 200) throw new Error(`${url}: ${response.body}`)
    seen.push(...ids(body))
    total = body.page.total
    cursor = body.page.nextCursor
    pages++
  } while (cursor)
  return { seen, total, pages }
}

t.test('every collection lists in a data envelope with a page', async (t) => {
  for (const path of [...KIND_LIST.map((kind) => kind.path), 'sources']) {
    const { response, body } = await get(`/v1/${path}`)
    t.equal(response.statusCode, 200, path)
    t.ok(Array.isArray(body.data) && body.data.length > 0, `${path} has data`)
    t.match(body.page, { limit: 20, total: Number }, `${path} page`)
  }
})

t.test('a cursor walk over every collection sees every row exactly once', async (t) => {
  for (const kind of KIND_LIST) {
    for (const sort of ['name', '-name', 'updatedAt', '-createdAt']) {
      const { seen, total, pages } = await walk(`/v1/${kind.path}?sort=${sort}`)
      t.equal(seen.length, total, `${kind.path} ${sort}: ${total} rows`)
      t.equal(new Set(seen).size, seen.length, `${kind.path} ${sort}: no duplicates`)
      t.equal(pages, Math.max(1, Math.ceil(total / 3)), `${kind.path} ${sort}: pages`)
    }
  }
  const sources = await walk('/v1/sources')
  t.equal(sources.seen.length, sources.total)
})

t.test('a cursor stays valid when rows are inserted before and after it', async (t) => {
  const first = await get('/v1/body-sites?limit=5')
  const now = new Date().toISOString()
  const insert = app.store.sqlite.prepare(
    "insert into body_sites (id, name, summary, status, created_at, updated_at) values (?, ?, 's', 'published', ?, ?)"
  )
  insert.run('aaa-before', 'Aaa before', now, now)
  insert.run('zzz-after', 'Zzz after', now, now)
  t.teardown(() => {
    app.store.sqlite.prepare("delete from body_sites where id in ('aaa-before', 'zzz-after')").run()
  })
  const rest = await walk('/v1/body-sites?sort=name', first.body.page.nextCursor)
  const all = [...ids(first.body), ...rest.seen]
  t.notOk(all.includes('aaa-before'), 'a row inserted before the cursor is not seen')
  t.ok(all.includes('zzz-after'), 'a row inserted after the cursor is seen')
  t.equal(new Set(all).size, all.length, 'no row twice')
})

t.test('sort orders', async (t) => {
  const names = (body: { data: Array<{ name: string }> }) => body.data.map((entity) => entity.name.toLowerCase())
  const ascending = names((await get('/v1/treatments?limit=100')).body)
  t.same(ascending, [...ascending].sort(), 'name ascending, case-insensitive')
  const descending = names((await get('/v1/treatments?limit=100&sort=-name')).body)
  t.same(descending, [...ascending].reverse(), '-name is the reverse')
  const updated = (await get('/v1/causes?limit=100&sort=-updatedAt&fields=updatedAt')).body.data.map((e: { updatedAt: string }) => e.updatedAt)
  t.same(updated, [...updated].sort().reverse(), '-updatedAt newest first')
})

t.test('enum filters: each value alone, and a comma list ORs', async (t) => {
  for (const kind of KIND_LIST) {
    for (const field of filterableFields(kind)) {
      let matched = 0
      for (const value of field.values) {
        const { response, body } = await get(`/v1/${kind.path}?${field.name}=${value}&limit=100`)
        t.equal(response.statusCode, 200)
        t.ok(body.data.every((entity: Record<string, unknown>) => entity[field.name] === value), `${kind.path}?${field.name}=${value}`)
        matched += body.page.total
      }
      const all = (await get(`/v1/${kind.path}?${field.name}=${field.values.join(',')}`)).body.page.total
      t.equal(all, matched, `${kind.path}?${field.name}=<all values> is the union`)
    }
  }
  const pharmacological = await get('/v1/treatments?modality=pharmacological&limit=100')
  t.ok(ids(pharmacological.body).includes('diltiazem'), 'diltiazem is pharmacological')
  const repeated = await get('/v1/treatments?modality=surgical&modality=procedural')
  const comma = await get('/v1/treatments?modality=surgical,procedural')
  t.same(ids(repeated.body), ids(comma.body), 'repeated parameters equal a comma list')
})

t.test('relation filters: every filter of every kind returns only linked entities', async (t) => {
  for (const kind of KIND_LIST) {
    for (const relation of kind.relations) {
      const target = KINDS[relation.target]
      const targets = (await get(`/v1/${target.path}?limit=100&fields=name`)).body.data as Array<{ id: string }>
      for (const { id } of targets.slice(0, 4)) {
        const { response, body } = await get(`/v1/${kind.path}?${relation.filter}=${id}&includeSubtypes=false&limit=100`.replace(relation.target === 'types' ? '' : '&includeSubtypes=false', ''))
        t.equal(response.statusCode, 200, `${kind.path}?${relation.filter}=${id}`)
        for (const entity of body.data) {
          t.ok(entity[relation.name].some((ref: { id: string }) => ref.id === id), `${kind.path}/${entity.id} links ${relation.target}/${id}`)
        }
      }
    }
  }
})

t.test('health-app questions answer from the API alone, with citations', async (t) => {
  const metastaticCauses = ids((await get('/v1/causes?type=metastatic')).body)
  for (const id of ['chronic-kidney-disease', 'hyperparathyroidism', 'hypervitaminosis-d', 'milk-alkali-syndrome']) t.ok(metastaticCauses.includes(id), id)
  const variants = ids((await get('/v1/types?parent=idiopathic')).body)
  t.same(variants.sort(), ['milia-like-idiopathic-calcinosis', 'scrotal-calcinosis'], 'the variants the article calls idiopathic')
  const fingertips = (await get('/v1/symptoms?bodySite=fingertips')).body
  t.ok(fingertips.data.length > 0, 'signs on the fingertips')
  t.ok(fingertips.data.every((s: { citations: unknown[] }) => s.citations.length > 0), 'each with citations')
})

t.test('filters AND together, and a type filter covers its subtypes', async (t) => {
  const both = ids((await get('/v1/treatments?modality=pharmacological&type=dystrophic')).body)
  const pharmacological = ids((await get('/v1/treatments?modality=pharmacological&limit=100')).body)
  const dystrophic = ids((await get('/v1/treatments?type=dystrophic&limit=100')).body)
  t.same(both, pharmacological.filter((id) => dystrophic.includes(id)), 'the intersection')
  t.ok(both.includes('pamidronate'))

  t.same(ids((await get('/v1/treatments?type=metastatic')).body), [], 'calciphylaxis is not a subtype of metastatic: its treatment is not found there')
  const idiopathic = ids((await get('/v1/body-sites?type=idiopathic&limit=100')).body)
  t.ok(idiopathic.includes('scrotum'), 'scrotal calcinosis sites come with idiopathic')
  const idiopathicOnly = ids((await get('/v1/body-sites?type=idiopathic&includeSubtypes=false&limit=100')).body)
  t.notOk(idiopathicOnly.includes('scrotum'), 'not with includeSubtypes=false')
})

t.test('q matches names and aliases, case-insensitively and literally', async (t) => {
  t.same(ids((await get('/v1/causes?q=SCLERODERMA')).body), ['systemic-sclerosis'], 'by alias')
  t.ok(ids((await get('/v1/treatments?q=laser')).body).includes('co2-laser'), 'by name')
  t.same((await get('/v1/causes?q=%25')).body.data, [], '% is literal')
  t.same((await get('/v1/causes?q=_')).body.data, [], '_ is literal')
})

t.test('include embeds related entities in full, one level', async (t) => {
  const { body } = await get('/v1/types/dystrophic?include=treatments')
  const pamidronate = body.data.treatments.find((ref: { id: string }) => ref.id === 'pamidronate')
  t.match(pamidronate.entity, { id: 'pamidronate', modality: 'pharmacological', drugClass: 'bisphosphonate', citations: Array })
  t.notOk('types' in pamidronate.entity, 'no second level')
  t.notOk('entity' in body.data.causes[0], 'relations not named are not embedded')
  const list = await get('/v1/types?include=causes&limit=2')
  t.equal(list.response.statusCode, 200)
})

t.test('fields returns a sparse fieldset, always with id', async (t) => {
  const { body } = await get('/v1/treatments/diltiazem?fields=name,drugClass')
  t.same(body.data, { id: 'diltiazem', name: 'Diltiazem', drugClass: 'calcium-channel-blocker' })
  const list = await get('/v1/types?fields=parent&limit=100')
  t.ok(list.body.data.every((type: object) => Object.keys(type).join() === 'id,parent'))
})

t.test('an item carries kind fields, citations and relations with link notes', async (t) => {
  const { body } = await get('/v1/types/metastatic')
  const type = body.data
  t.match(type, { id: 'metastatic', name: String, summary: String, aliases: Array, parent: null, characteristics: Array })
  t.ok(type.causes.length > 0 && type.causes.every((c: { citations: unknown[] }) => c.citations.length > 0), 'links cite their evidence')
  const idiopathic = (await get('/v1/types/idiopathic')).body.data
  t.ok(idiopathic.subtypes.some((s: { id: string }) => s.id === 'scrotal-calcinosis'))
  const scrotal = (await get('/v1/types/scrotal-calcinosis')).body.data
  t.same(scrotal.parent, { id: 'idiopathic', name: idiopathic.name })
  const diltiazem = (await get('/v1/treatments/diltiazem')).body.data
  t.match(diltiazem.conditions, [{ id: 'calcinosis-cutis' }])
})

t.test('a source includes its sections', async (t) => {
  const { body } = await get('/v1/sources/allfit-calcinosis-cutis')
  t.equal(body.data.publisher, 'Allfit Well Health Team')
  t.ok(body.data.sections.length > 10)
  // The lede under the title is furniture (seed/calcinosis-cutis/furniture.json): the first section served is the body's.
  t.match(body.data.sections[0], { id: 'what-is-calcinosis-cutis', position: 0, heading: 'What Is Calcinosis Cutis?', text: String })
  t.equal((await get('/v1/sources/nope')).response.statusCode, 404)
})

t.test('client mistakes are 400 problems naming the parameter', async (t) => {
  const cases: Array<[string, string, string]> = [
    ['/v1/treatments?colour=red', 'colour', 'invalid-request'],
    ['/v1/treatments?modality=magic', 'modality', 'invalid-request'],
    ['/v1/treatments?limit=0', 'limit', 'invalid-request'],
    ['/v1/treatments?limit=101', 'limit', 'invalid-request'],
    ['/v1/treatments?limit=ten', 'limit', 'invalid-request'],
    ['/v1/treatments?sort=price', 'sort', 'invalid-request'],
    ['/v1/treatments?cursor=not-a-cursor', 'cursor', 'invalid-cursor'],
    ['/v1/treatments?include=causes', 'include', 'invalid-request'],
    ['/v1/treatments?fields=price', 'fields', 'invalid-request'],
    ['/v1/treatments?type=no-such-type', 'type', 'unknown-filter-value'],
    ['/v1/treatments?type=Bad%20Id', 'type', 'invalid-request'],
    ['/v1/types?parent=nothing', 'parent', 'unknown-filter-value'],
    ['/v1/causes?includeSubtypes=maybe', 'includeSubtypes', 'invalid-request'],
    ['/v1/types/dystrophic?limit=5', 'limit', 'invalid-request'],
    ['/v1/sources?sort=name', 'sort', 'invalid-request']
  ]
  for (const [url, parameter, code] of cases) {
    const { response, body } = await get(url)
    t.equal(response.statusCode, 400, url)
    t.match(response.headers['content-type'], /^application\/problem\+json/, url)
    t.match(body, { type: `/problems/${code}`, title: String, status: 400, detail: String, instance: url.split('?')[0] }, url)
    t.equal(body.invalidParams?.[0]?.name, parameter, `${url} names ${parameter}`)
  }
})

t.test('a cursor from another sort order is refused', async (t) => {
  const { body } = await get('/v1/causes?limit=2&sort=name')
  const { response, body: problem } = await get(`/v1/causes?limit=2&sort=-name&cursor=${body.page.nextCursor}`)
  t.equal(response.statusCode, 400)
  t.equal(problem.type, '/problems/invalid-cursor')
})

t.test('unknown ids are 404 problems in every collection', async (t) => {
  for (const kind of KIND_LIST) {
    const { response, body } = await get(`/v1/${kind.path}/no-such-id`)
    t.equal(response.statusCode, 404, kind.path)
    t.equal(body.type, '/problems/not-found')
  }
})

t.test('drafts and deleted rows never appear: not listed, not fetched, not linked, not filterable', async (t) => {
  const now = new Date().toISOString()
  const run = (sql: string, ...params: unknown[]) => app.store.sqlite.prepare(sql).run(...params)
  run("insert into treatments (id, name, summary, status, modality, created_at, updated_at) values ('draft-cure', 'Draft cure', 's', 'draft', 'surgical', ?, ?)", now, now)
  run("insert into type_treatments (type_id, treatment_id) values ('dystrophic', 'draft-cure')")
  run("update causes set deleted_at = ? where id = 'trauma'", now)
  t.teardown(() => {
    run("delete from type_treatments where treatment_id = 'draft-cure'")
    run("delete from treatments where id = 'draft-cure'")
    run("update causes set deleted_at = null where id = 'trauma'")
  })
  t.notOk(ids((await get('/v1/treatments?limit=100')).body).includes('draft-cure'), 'draft not listed')
  t.equal((await get('/v1/treatments/draft-cure')).response.statusCode, 404, 'draft not fetched')
  t.notOk((await get('/v1/types/dystrophic')).body.data.treatments.some((r: { id: string }) => r.id === 'draft-cure'), 'draft not linked')
  t.notOk(ids((await get('/v1/causes?limit=100')).body).includes('trauma'), 'deleted not listed')
  t.equal((await get('/v1/causes/trauma')).response.statusCode, 410, 'deleted not fetched: gone')
  t.notOk((await get('/v1/types/dystrophic')).body.data.causes.some((r: { id: string }) => r.id === 'trauma'), 'deleted not linked')
  t.equal((await get('/v1/types?cause=trauma')).response.statusCode, 400, 'deleted not a filter value')
  t.notOk(ids((await get('/v1/treatments?q=draft')).body).includes('draft-cure'), 'draft not found by q')
})
