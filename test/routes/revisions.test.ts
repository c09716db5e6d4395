/**
 * Revisions are stored compactly (changes from the revision before, a full state every
 * 32) and every one still reads and restores as the entity was after that change.
 */
import t from 'tap'
import { createKeyRepository } from '../../src/repositories/keys.js'
import { build } from '../helper.js'

const app = await build(t)
const headers = { authorization: `Bearer ${createKeyRepository(app.store.db).create('toggler', 'admin').token}` }
const call = async (method: 'GET' | 'PUT' | 'DELETE' | 'POST', url: string) => {
  const response = await app.inject({ method, url, headers, ...(method === 'PUT' ? { payload: {} } : {}) })
  return { status: response.statusCode, body: response.json() }
}
const revisionBytes = () => (app.store.sqlite.prepare('select coalesce(sum(length(snapshot)), 0) as n from revisions').get() as { n: number }).n

t.test('70 link toggles: every revision reads as the entity was, and the history is far smaller than full states', async (t) => {
  const hub = '/v1/admin/conditions/calcinosis-cutis'
  const states: unknown[] = []
  const before = revisionBytes()
  let full = 0
  for (let n = 0; n < 70; n++) {
    const response = await call(n % 2 === 0 ? 'DELETE' : 'PUT', `${hub}/symptoms/limited-mobility`)
    t.equal(response.status, 200)
    const state = (await call('GET', hub)).body.data
    states.push(state)
    full += JSON.stringify(state).length
  }
  const list = (await call('GET', `${hub}/revisions`)).body.data as Array<{ number: number }>
  t.equal(list.length, 71, 'the state before the first change, then one per toggle')
  for (const [index, state] of states.entries()) {
    const revision = (await call('GET', `${hub}/revisions/${index + 2}`)).body.data
    t.same(revision.snapshot, state, `revision ${index + 2} is the state after toggle ${index + 1}`)
  }
  const stored = revisionBytes() - before
  t.ok(stored * 5 < full, `history of the hub and the symptom: ${stored} bytes stored for ${full} bytes of the hub's states alone`)

  const restored = await call('POST', `${hub}/revisions/40/restore`)
  t.equal(restored.status, 200)
  t.same({ ...restored.body.data, version: 0, updatedAt: '' }, { ...(states[38] as object), version: 0, updatedAt: '' }, 'a revision built from changes restores like a full one')
})

t.test('rows stored as full states before deltas existed still read and restore', async (t) => {
  const entity = '/v1/admin/symptoms/pain-and-discomfort'
  await call('PUT', `${entity}/bodySites/skin`)
  const state = (await call('GET', entity)).body.data
  // A history written by the previous version: every row a full state, no base.
  app.store.sqlite.prepare(`update revisions set base = null, snapshot = ? where entity_kind = 'symptoms' and entity_id = 'pain-and-discomfort' and number = 2`).run(JSON.stringify(state))
  await call('DELETE', `${entity}/bodySites/skin`)
  t.same((await call('GET', `${entity}/revisions/2`)).body.data.snapshot, state)
  t.equal((await call('POST', `${entity}/revisions/2/restore`)).status, 200)
  t.ok((await call('GET', entity)).body.data.bodySites.some((site: { id: string }) => site.id === 'skin'))
})
