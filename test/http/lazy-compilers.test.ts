/**
 * Route validators compiled ahead of time (the bundle's, src/http/lazy-compilers.ts) answer
 * as the ones ajv compiles on a route's first use: the same problems for bad input, the same
 * defaults and coercions for good input. Here the standalone code of every validator is
 * recorded from one app (as `npm run build` records it) and run by a second app, beside a
 * third that compiles with ajv as the server does unbundled.
 */
import { createRequire } from 'node:module'
import t from 'tap'
import { aheadOfTimeCompilers, compilersWith } from '../../src/http/lazy-compilers.js'
import { VALIDATOR_FORMATS } from '../../src/http/validator-formats.js'
import { createKeyRepository } from '../../src/repositories/keys.js'
import { build } from '../helper.js'

type Validator = (...args: unknown[]) => unknown

/** Every validator's standalone code, by key, from an app built with the build's compilers. */
async function recordValidators(t: Parameters<typeof build>[0]) {
  const code = new Map<string, string>()
  const app = await build(t, {}, { seedIfEmpty: false, compilers: aheadOfTimeCompilers((key, text) => code.set(key, text)) })
  await app.ready()
  return code
}

/** A validator made from its standalone code, a CommonJS module whose requires are ajv's runtime, given the formats as the bundle gives them. */
const requireHere = createRequire(import.meta.url)
function fromCode(code: string): Validator {
  const module = { exports: {} as Validator }
  new Function('module', 'require', 'formats', code)(module, requireHere, VALIDATOR_FORMATS)
  return module.exports
}

/** A body without what differs between two databases seeded apart: the instants of the seeding, and the dataset version that hashes them. */
const comparable = (body: string) => body.replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, 'INSTANT').replace(/"datasetVersion":"[^"]*"/g, '"datasetVersion":"V"')

const BAD = [
  '/v1/conditions?limit=0',
  '/v1/conditions?limit=abc',
  '/v1/conditions?limit=1e999',
  '/v1/conditions?unknown=1',
  '/v1/conditions?sort=bogus',
  '/v1/conditions?type=Not_A_Slug',
  '/v1/conditions?include=bogus',
  '/v1/conditions/calcinosis-cutis?fields=bogus',
  '/v1/conditions/NOT%20A%20SLUG',
  '/v1/search?q=',
  '/v1/admin/audit?since=2017-02-29T00:00:00Z',
  '/v1/admin/audit?since=2016-12-31T23:59:60Z'
]
const GOOD = ['/v1/conditions?limit=2&sort=-name', '/v1/treatments?modality=pharmacological&limit=3', '/v1/conditions/calcinosis-cutis?include=types', '/v1/search?q=calcium']

t.test('validators compiled ahead of time answer good and bad requests as ajv compiled on first use does', async (t) => {
  const recorded = await recordValidators(t)
  t.ok(recorded.size > 50, `every route's validators were recorded (${recorded.size} different ones)`)
  const made: string[] = []
  const precompiled = new Map([...recorded].map(([key, code]) => [key, () => (made.push(key), fromCode(code))] as const))
  const ahead = await build(t, {}, { compilers: compilersWith(precompiled) })
  const ajv = await build(t)
  const headers = (app: typeof ajv) => ({ authorization: `Bearer ${createKeyRepository(app.store.db).create('admin', 'admin').token}` })
  const [aheadHeaders, ajvHeaders] = [headers(ahead), headers(ajv)]
  for (const url of [...BAD, ...GOOD]) {
    const [mine, theirs] = await Promise.all([ahead.inject({ url, headers: aheadHeaders }), ajv.inject({ url, headers: ajvHeaders })])
    t.equal(mine.statusCode, theirs.statusCode, `${url}: the same status`)
    t.equal(mine.headers['content-type'], theirs.headers['content-type'], `${url}: the same type`)
    t.equal(comparable(mine.body), comparable(theirs.body), `${url}: the same body`)
  }
  t.ok(made.length > 0, 'the precompiled validators were the ones used')
  const tooLong = { 'if-none-match': 'x'.repeat(1001) }
  const [mine, theirs] = await Promise.all([ahead.inject({ url: '/v1/conditions', headers: tooLong }), ajv.inject({ url: '/v1/conditions', headers: tooLong })])
  t.equal(mine.statusCode, 400, 'a header too long is refused')
  t.same(mine.json(), theirs.json(), 'with the same problem')
})

t.test('a body is validated strictly ahead of time too: no coercion of a number into a name', async (t) => {
  const recorded = await recordValidators(t)
  const precompiled = new Map([...recorded].map(([key, code]) => [key, () => fromCode(code)] as const))
  for (const app of [await build(t, {}, { compilers: compilersWith(precompiled) }), await build(t)]) {
    const token = createKeyRepository(app.store.db).create('admin', 'admin').token
    const response = await app.inject({ method: 'POST', url: '/v1/admin/conditions', headers: { authorization: `Bearer ${token}` }, payload: { id: 'a-new-one', name: 12345, summary: 'A summary long enough to pass.' } })
    t.equal(response.statusCode, 400)
    t.match(response.json(), { invalidParams: [{ in: 'body', name: 'name' }] })
  }
})

t.test('a route whose schema was not compiled ahead of time compiles with ajv on first use', async (t) => {
  const app = await build(t, {}, { compilers: compilersWith(new Map()) })
  const response = await app.inject('/v1/conditions?limit=0')
  t.equal(response.statusCode, 400)
  t.match(response.json(), { invalidParams: [{ in: 'query', name: 'limit' }] })
})
