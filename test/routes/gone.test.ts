/** Ids are a public contract: one that went away answers 410 Gone, naming its replacement; never a silent 404. */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { KINDS } from '../../src/kinds/index.js'
import { seedFolder } from '../../src/paths.js'
import { createKeyRepository } from '../../src/repositories/keys.js'
import { build } from '../helper.js'

const app = await build(t)
const retired = JSON.parse(readFileSync(join(seedFolder, 'calcinosis-cutis', 'retired.json'), 'utf8')) as Array<{ kind: keyof typeof KINDS; id: string; replacedBy: string | null }>

t.test('every id the seed retired answers 410 with the path of its replacement', async (t) => {
  t.ok(retired.length > 0)
  for (const { kind, id, replacedBy } of retired) {
    const response = await app.inject(`/v1/${KINDS[kind].path}/${id}`)
    t.equal(response.statusCode, 410, `${kind}/${id}`)
    t.match(response.headers['content-type'], /^application\/problem\+json/)
    const problem = response.json()
    t.equal(problem.type, '/problems/gone')
    if (replacedBy) {
      const [replacementKind, replacementId] = replacedBy.split('/') as [keyof typeof KINDS, string]
      t.equal(problem.replacedBy, `/v1/${KINDS[replacementKind].path}/${replacementId}`)
      t.equal((await app.inject(problem.replacedBy)).statusCode, 200, 'the replacement is served')
    }
  }
})

t.test('an entity an editor deletes answers 410, without a replacement; restored, it is back', async (t) => {
  const token = createKeyRepository(app.store.db).create('deleter', 'admin').token
  const auth = { authorization: `Bearer ${token}` }
  const current = await app.inject({ url: '/v1/admin/prevention/avoid-skin-trauma', headers: auth })
  t.equal(current.statusCode, 200)
  const deleted = await app.inject({ method: 'DELETE', url: '/v1/admin/prevention/avoid-skin-trauma', headers: { ...auth, 'if-match': current.headers.etag as string } })
  t.equal(deleted.statusCode, 200, deleted.body)
  const gone = await app.inject('/v1/prevention/avoid-skin-trauma')
  t.equal(gone.statusCode, 410)
  t.equal(gone.json().replacedBy, undefined)
  t.equal((await app.inject({ method: 'POST', url: '/v1/admin/prevention/avoid-skin-trauma/restore', headers: auth })).statusCode, 200)
  t.equal((await app.inject('/v1/prevention/avoid-skin-trauma')).statusCode, 200)
})

t.test('an id that never existed is still a 404', async (t) => {
  const response = await app.inject('/v1/symptoms/no-such-sign')
  t.equal(response.statusCode, 404)
  t.equal(response.json().type, '/problems/not-found')
})
