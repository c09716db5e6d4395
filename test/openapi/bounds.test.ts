/**
 * What the OWASP API Security ruleset (`openapi/.spectral.yaml`, run by hand: README,
 * "Linting the contract") checks, asserted offline over the served document: every
 * string, array and integer is bounded, integers say their format, every answer but the
 * probes' names the rate limit's and CORS's headers, and servers say their audience.
 */
import t from 'tap'
import { build } from '../helper.js'

const app = await build(t)
const served = (await app.inject('/openapi.json')).json()

/** Every schema object in the document, with where it is. */
function* schemas(node: unknown, where: string): Generator<[string, Record<string, unknown>]> {
  if (Array.isArray(node)) {
    for (const [i, item] of node.entries()) yield* schemas(item, `${where}/${i}`)
    return
  }
  if (node === null || typeof node !== 'object') return
  const object = node as Record<string, unknown>
  if (typeof object.type === 'string' && !where.endsWith('/properties')) yield [where, object]
  for (const [key, value] of Object.entries(object)) yield* schemas(value, `${where}/${key}`)
}

const all = [...schemas(served, '#')]
const ofType = (type: string) => all.filter(([, schema]) => schema.type === type)

t.test('every string has a maxLength (or is an enum or a constant)', async (t) => {
  const strings = ofType('string')
  t.ok(strings.length > 100, `${strings.length} strings`)
  const unbounded = strings.filter(([, schema]) => schema.maxLength === undefined && schema.enum === undefined && schema.const === undefined).map(([where]) => where)
  t.same(unbounded, [])
})

t.test('every array has a maxItems', async (t) => {
  const unbounded = ofType('array').filter(([, schema]) => schema.maxItems === undefined).map(([where]) => where)
  t.same(unbounded, [])
})

t.test('every integer has a format (int32 or int64), a minimum and a maximum', async (t) => {
  const integers = ofType('integer')
  t.ok(integers.length > 10, `${integers.length} integers`)
  for (const [where, schema] of integers) {
    t.match(schema, { format: /^int(32|64)$/, minimum: Number, maximum: Number }, where)
    if (schema.format === 'int32') t.ok((schema.maximum as number) <= 2 ** 31 - 1, `${where} fits int32`)
  }
  const limits = Object.values<{ name: string; schema: unknown }>(served.components.parameters).filter((parameter) => parameter.name === 'limit')
  t.ok(limits.length > 0, 'the page size is a shared parameter')
  for (const limit of limits) t.match(limit.schema, { type: 'integer', format: 'int32', minimum: 1, maximum: 100 })
})

t.test('If-None-Match and If-Match are bounded', async (t) => {
  t.match(served.components.parameters.IfNoneMatch.schema, { maxLength: Number })
  t.match(served.components.parameters.IfMatch.schema, { maxLength: Number })
})

t.test('numeric ids in paths are the documented exceptions only', async (t) => {
  const numeric: string[] = []
  for (const [path, item] of Object.entries<Record<string, { parameters?: Array<Record<string, any>> }>>(served.paths)) {
    for (const operation of Object.values(item)) {
      for (const reference of operation.parameters ?? []) {
        const parameter = reference.$ref ? served.components.parameters[reference.$ref.split('/').at(-1)] : reference
        if (parameter.in === 'path' && parameter.schema?.type === 'integer') numeric.push(`${path} ${parameter.name}`)
      }
    }
  }
  // A revision number counts revisions; a citation id names a quote below an entity the editor's key opens (openapi/.spectral.yaml).
  t.same([...new Set(numeric)].sort(), [
    '/v1/admin/{collection}/{id}/citations/{citationId} citationId',
    '/v1/admin/{collection}/{id}/revisions/{number} number',
    '/v1/admin/{collection}/{id}/revisions/{number}/restore number'
  ])
})

t.test('every 2xx and 4xx answer but the probes declares the rate-limit and CORS headers', async (t) => {
  const responses = (item: Record<string, { responses: Record<string, any> }>) => Object.values(item).flatMap((operation) => Object.entries(operation.responses))
  for (const [path, item] of Object.entries<Record<string, { responses: Record<string, any> }>>(served.paths)) {
    for (const [status, reference] of responses(item)) {
      if (!/^[24]/.test(status)) continue
      const response = reference.$ref ? served.components.responses[reference.$ref.split('/').at(-1)] : reference
      const probe = path === '/health' || path === '/ready'
      t.equal(response.headers?.['X-RateLimit-Limit'] !== undefined, !probe, `${path} ${status} rate limit`)
      if (!probe) t.ok(response.headers['Access-Control-Allow-Origin'], `${path} ${status} CORS`)
    }
  }
  t.ok(served.components.headers.RateLimit && served.components.headers.CORS)
})

t.test('servers say their audience and environment', async (t) => {
  for (const server of served.servers) {
    t.equal(server['x-internal'], false)
    t.match(server.description, /production/)
  }
})

t.test('the rate limit really sends the headers the document declares', async (t) => {
  for (const url of ['/v1/treatments', '/v1/treatments?nope=1', '/v1/treatments/nope']) {
    const response = await app.inject({ url, headers: { origin: 'https://app.example' } })
    t.ok(response.headers['x-ratelimit-limit'], `${url} ${response.statusCode}: X-RateLimit-Limit`)
    t.equal(response.headers['access-control-allow-origin'], '*', `${url}: Access-Control-Allow-Origin`)
  }
})
