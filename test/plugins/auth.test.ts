/** The failed-authentication lockout: once a client is locked out, no key gets in, the right one neither. */
import t from 'tap'
import { createKeyRepository } from '../../src/repositories/keys.js'
import { build } from '../helper.js'

t.test('during a lockout the correct key is refused too (429), and a missing key is still only a 401', async (t) => {
  const app = await build(t, { AUTH_FAILURE_LIMIT: '3', AUTH_FAILURE_WINDOW: '60' })
  const token = createKeyRepository(app.store.db).create('ed', 'editor').token
  const get = (authorization?: string) => app.inject({ url: '/v1/admin/causes', headers: authorization ? { authorization } : {} })
  t.equal((await get(`Bearer ${token}`)).statusCode, 200, 'the key works')
  for (let i = 0; i < 3; i++) t.equal((await get(`Bearer kb_guess${i}`)).statusCode, 401)
  const locked = await get(`Bearer ${token}`)
  t.equal(locked.statusCode, 429, 'a guess that happens to be right is refused like the rest')
  t.ok(Number(locked.headers['retry-after']) > 0)
  t.equal(locked.json().type, '/problems/too-many-requests')
  t.equal((await get()).statusCode, 401, 'no key is no guess')
  const other = await app.inject({ url: '/v1/admin/causes', headers: { authorization: `Bearer ${token}` }, remoteAddress: '192.0.2.7' })
  t.equal(other.statusCode, 200, 'another client is not locked out')
})
