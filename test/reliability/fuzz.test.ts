/**
 * Property-based fuzzing of every route in the OpenAPI document, public and admin, with
 * random and hostile input: never a 5xx, and every error is an RFC 9457 problem.
 */
import fc from 'fast-check'
import t from 'tap'
import { createKeyRepository } from '../../src/repositories/keys.js'
import { build } from '../helper.js'

const app = await build(t, { AUTH_FAILURE_LIMIT: '1000000' })
const token = createKeyRepository(app.store.db).create('fuzzer', 'admin').token
const spec = (await app.inject('/openapi.json')).json()
const operations: Array<{ method: string; path: string; parameters: Array<{ name: string; in: string }> }> = []
/** Shared parameters are `$ref`s into `components.parameters`. */
const resolve = (parameter: any) => (parameter.$ref ? spec.components.parameters[parameter.$ref.split('/').pop()] : parameter)
for (const [path, item] of Object.entries<Record<string, any>>(spec.paths)) {
  for (const [method, operation] of Object.entries<any>(item)) operations.push({ method: method.toUpperCase(), path, parameters: (operation.parameters ?? []).map(resolve) })
}

const hostileText = fc.oneof(
  fc.constantFrom(
    '', ' ', '"', "'", '\\', '%', '_', '*', 'NEAR(', 'OR', 'AND NOT', '(', ')', '{', '}', '[', ']', '^', ':', ',', ',,', '../', '..%2f', '%00',
    '\u0000', '\u0001\u0002', '\uFFFF', '\uD800', '🦴', 'ا', '<script>', "'; drop table types; --", '__proto__', 'constructor', 'prototype',
    'NaN', 'Infinity', '-0', '1e309', '99999999999999999999999', '-1', '0', 'null', 'true', 'a'.repeat(5000), 'dystrophic', 'calcinosis-cutis', 'types', 'treatments', 'publish', 'revisions'
  ),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 })
)

const knownNames = [...new Set(operations.flatMap((op) => op.parameters.map((p) => p.name)))]
const queryEntry = fc.tuple(fc.oneof(fc.constantFrom(...knownNames), fc.constantFrom('__proto__', 'constructor', 'x', 'a[b]', 'q[]'), fc.string({ maxLength: 10 })), hostileText)

const jsonValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    hostileText,
    fc.integer(),
    fc.double(),
    fc.constantFrom(Number.MAX_SAFE_INTEGER, 1e308, -1e308, 0),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.constantFrom('__proto__', 'constructor', 'id', 'name', 'summary', 'status', 'note', 'quote', 'source', 'section', 'format', 'entities', 'sources'), fc.string({ maxLength: 8 })), tie('value'), { maxKeys: 5 })
  )
})).value

const body = fc.oneof(
  fc.constant(undefined),
  jsonValue.map((value) => JSON.stringify(value)),
  fc.constantFrom('{"__proto__": {"isAdmin": true}}', '{"constructor": {"prototype": {"x": 1}}}', '{', 'null', '[]', '"str"', '{"a":' + '['.repeat(500) + ']'.repeat(500) + '}'),
  fc.string({ maxLength: 100 })
)

const headers = fc.record(
  {
    'if-match': hostileText,
    'if-none-match': hostileText,
    'content-type': fc.constantFrom('application/json', 'application/merge-patch+json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data', '', 'application/json; charset=utf-16'),
    accept: fc.constantFrom('application/json', 'text/event-stream', '*/*', 'text/html', ''),
    'x-request-id': hostileText,
    authorization: fc.constantFrom(`Bearer ${token}`, 'Bearer ', 'Basic abc', `Bearer ${token}x`)
  },
  { requiredKeys: [] }
)

const request = fc.record({
  operation: fc.constantFrom(...operations),
  pathValues: fc.array(hostileText, { minLength: 4, maxLength: 4 }),
  query: fc.array(queryEntry, { maxLength: 5 }),
  headers,
  body
})

const safeHeaderValue = (value: string) => value.replace(/[^\t\x20-\x7e]/g, '')

t.test('no input makes any route answer 5xx; errors are problem documents', async (t) => {
  let runs = 0
  await fc.assert(
    fc.asyncProperty(request, async ({ operation, pathValues, query, headers: rawHeaders, body: payload }) => {
      runs++
      let index = 0
      // Lone surrogates cannot be percent-encoded at all; a client could not send them either.
      const encode = (text: string) => encodeURIComponent(text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'))
      const path = operation.path.replace(/\{[^}]+\}/g, () => encode(pathValues[index++] ?? 'x'))
      const search = query.map(([key, value]) => `${encode(key)}=${encode(value)}`).join('&')
      const requestHeaders: Record<string, string> = {}
      for (const [name, value] of Object.entries(rawHeaders)) requestHeaders[name] = safeHeaderValue(String(value))
      if (path === '/mcp') return
      const response = await app.inject({
        method: operation.method as 'GET',
        url: `${path}${search ? `?${search}` : ''}`,
        headers: requestHeaders,
        ...(payload === undefined || operation.method === 'GET' ? {} : { payload })
      })
      if (response.statusCode >= 500) throw new Error(`${operation.method} ${path}?${search} -> ${response.statusCode}: ${response.body.slice(0, 300)}`)
      if (response.statusCode >= 400 && !/^application\/problem\+json/.test(String(response.headers['content-type']))) {
        throw new Error(`${operation.method} ${path} -> ${response.statusCode} without problem+json: ${response.headers['content-type']}`)
      }
    }),
    { numRuns: 1500, seed: Number(process.env.FUZZ_SEED ?? 20261125) }
  )
  t.equal(runs, 1500, `${runs} random requests over ${operations.length} operations`)
})

t.test('prototype pollution through bodies and query strings does not stick', async (t) => {
  await app.inject({ method: 'POST', url: '/v1/admin/causes', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, payload: '{"__proto__": {"polluted": true}, "id": "p", "name": "P", "summary": "S", "category": "genetic"}' })
  await app.inject('/v1/types?__proto__[polluted]=true&constructor[prototype][polluted]=true')
  t.equal(({} as Record<string, unknown>).polluted, undefined)
})
