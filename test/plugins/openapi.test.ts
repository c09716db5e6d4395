/** The OpenAPI contract: generated, valid, complete, and in step with its committed snapshot. */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import SwaggerParser from '@apidevtools/swagger-parser'
import t from 'tap'
import { projectRoot } from '../../src/paths.js'
import { build } from '../helper.js'

const app = await build(t)
const served = (await app.inject('/openapi.json')).json()
/** A parameter or response, followed through its `$ref` into `components`. */
const resolve = (object: any): any => (object?.$ref ? resolve(object.$ref.split('/').slice(1).reduce((node: any, key: string) => node[key], served)) : object)

t.test('the served document equals the committed snapshot (run `npm run openapi` after a schema change)', async (t) => {
  const snapshot = JSON.parse(readFileSync(join(projectRoot, 'openapi', 'openapi.json'), 'utf8'))
  t.same(served, snapshot)
})

t.test('the document is valid OpenAPI 3.1', async (t) => {
  t.equal(served.openapi, '3.1.0')
  await t.resolves(SwaggerParser.validate(structuredClone(served)))
})

t.test('every operation is documented: id, summary, description, tag, parameters, errors', async (t) => {
  const operationIds = new Set<string>()
  for (const [path, item] of Object.entries<Record<string, any>>(served.paths)) {
    for (const [method, operation] of Object.entries<any>(item)) {
      const where = `${method.toUpperCase()} ${path}`
      t.ok(operation.operationId, `${where} operationId`)
      t.notOk(operationIds.has(operation.operationId), `${where} operationId unique`)
      operationIds.add(operation.operationId)
      t.ok(operation.summary && operation.description && operation.tags?.length, `${where} summary, description, tag`)
      for (const parameter of (operation.parameters ?? []).map(resolve)) t.ok(parameter.description, `${where} ${parameter.name} described`)
      if (path.startsWith('/v1/')) {
        t.ok(resolve(operation.responses['400'])?.content?.['application/problem+json'], `${where} documents 400 as problem+json`)
        if (path.endsWith('{id}')) t.ok(operation.responses['404'], `${where} documents 404`)
      }
    }
  }
  t.ok(operationIds.has('listTreatments') && operationIds.has('getType'))
})

t.test('filters are documented with their allowed values', async (t) => {
  const parameters = served.paths['/v1/treatments'].get.parameters.map(resolve) as Array<{ name: string; schema: any }>
  const modality = parameters.find((p) => p.name === 'modality')
  t.ok(modality?.schema.items.enum.includes('pharmacological'))
  for (const name of ['type', 'drugClass', 'q', 'limit', 'cursor', 'sort', 'include', 'fields']) t.ok(parameters.some((p) => p.name === name), name)
})

t.test('YAML and the interactive reference are served', async (t) => {
  const yaml = await app.inject('/openapi.yaml')
  t.equal(yaml.statusCode, 200)
  t.match(yaml.body, /^openapi: 3\.1\.0/m)
  const docs = await app.inject('/docs')
  t.equal(docs.statusCode, 200)
  t.match(docs.body, /swagger-ui/)
})

/**
 * Budgets of the issue-11 contract, measured on the served document. The byte budget was
 * 250 kB for issue 11's contract; issue 13's review, codes, meta, JSON-LD and related
 * entities and issue 14's bounds took it to 276 kB, so it is 280 kB now: a ceiling, not a goal.
 */
t.test('the document stays compact: operations, size and problem responses within budget', async (t) => {
  const operations = Object.values<Record<string, unknown>>(served.paths).flatMap((item) => Object.keys(item))
  t.ok(operations.length <= 80, `${operations.length} operations (at most 80)`)
  const minified = Buffer.byteLength(JSON.stringify(served))
  t.ok(minified <= 280_000, `${minified} bytes minified (at most 280 kB)`)
  const problemJson = JSON.stringify(served).split('application/problem+json').length - 1
  t.ok(problemJson <= 30, `application/problem+json spelled out ${problemJson} times (at most 30)`)
})

t.test('shared schemas, parameters and problem answers are components, referenced', async (t) => {
  for (const name of ['Id', 'Citation', 'Problem', 'Page', 'CitationInput', 'EditorialEntity']) t.ok(served.components.schemas[name], `schema ${name}`)
  for (const name of ['InvalidRequest', 'Unauthorized', 'Forbidden', 'NotFound', 'Conflict', 'PreconditionFailed', 'TooManyRequests']) {
    t.match(served.components.responses[name], { content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } }, `response ${name}`)
  }
  const publish = served.paths['/v1/admin/{collection}/{id}/{action}'].post
  t.same(publish.responses['404'], { $ref: '#/components/responses/NotFound' })
  t.ok(publish.parameters.some((p: { $ref?: string }) => p.$ref === '#/components/parameters/Collection'), 'the collection parameter is shared')
  t.same(served.components.schemas.Citation.properties.id.type, 'integer')
  t.same(served.components.schemas.TreatmentEditorial.properties.id, { $ref: '#/components/schemas/Id' }, 'Id referenced, not inlined')
})

t.test('the kind-independent admin operations are one route each, the collection an enumerated path parameter', async (t) => {
  const collection = served.components.parameters.Collection
  t.match(collection, { in: 'path', name: 'collection', required: true })
  t.ok(collection.schema.enum.includes('warning-signs') && collection.schema.enum.length === 11)
  for (const path of ['/v1/admin/{collection}/{id}', '/v1/admin/{collection}/{id}/{action}', '/v1/admin/{collection}/{id}/{relation}/{otherId}', '/v1/admin/{collection}/{id}/citations', '/v1/admin/{collection}/{id}/revisions/{number}/restore']) {
    t.ok(served.paths[path], path)
  }
  t.notOk(served.paths['/v1/admin/treatments/{id}/publish'], 'no per-collection copy')
  t.ok(served.paths['/v1/admin/treatments'].post && served.paths['/v1/admin/treatments/{id}'].patch, 'create and patch stay per collection')
})

t.test('linters find what they look for: servers, security on every operation, tags declared and described, grouped', async (t) => {
  t.ok(served.servers?.length, 'servers')
  const declared = new Map<string, string>(served.tags.map((tag: { name: string; description?: string }) => [tag.name, tag.description]))
  for (const [name, description] of declared) t.ok(description, `tag ${name} described`)
  const groups = served['x-tagGroups'] as Array<{ name: string; tags: string[] }>
  const groupOf = (tag: string) => groups.find((group) => group.tags.includes(tag))?.name
  for (const [path, item] of Object.entries<Record<string, any>>(served.paths)) {
    for (const [method, operation] of Object.entries<any>(item)) {
      const where = `${method.toUpperCase()} ${path}`
      t.ok(Array.isArray(operation.security), `${where} declares security`)
      const admin = operation.security.length > 0
      t.equal(admin, path.startsWith('/v1/admin/'), `${where}: a bearer key exactly on the admin API`)
      for (const tag of operation.tags) {
        t.ok(declared.has(tag), `${where} tag ${tag} declared`)
        t.equal(groupOf(tag), admin ? 'Admin API (bearer key)' : 'Public API', `${where} listed with the ${admin ? 'admin' : 'public'} operations`)
      }
    }
  }
})

t.test('"Try it out" on a public list, with every example value filled in, finds something', async (t) => {
  for (const [path, item] of Object.entries<Record<string, any>>(served.paths)) {
    const list = item.get
    if (!list || path.startsWith('/v1/admin/') || path.includes('{') || !list.responses['200']?.content?.['application/json']?.schema?.properties?.data?.type) continue
    const query = new URLSearchParams()
    for (const parameter of (list.parameters ?? []).map(resolve)) {
      if (parameter.in !== 'query' || parameter.example === undefined) continue
      query.set(parameter.name, Array.isArray(parameter.example) ? parameter.example.join(',') : String(parameter.example))
    }
    const response = await app.inject(`${path}?${query}`)
    t.equal(response.statusCode, 200, `${path}?${query}`)
    t.ok(response.json().data?.length > 0, `${path}?${query} is not empty`)
  }
})
