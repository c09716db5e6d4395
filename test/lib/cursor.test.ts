/**
 * Keyset cursors: what one page hands the next. Decoded here directly for the corner
 * cases, and through a list route for what a client sees when it sends a bad one.
 */
import t, { type Test } from 'tap'
import { decodeCursor, encodeCursor } from '../../src/lib/cursor.js'
import { ProblemError } from '../../src/lib/problem.js'
import { build, getJson } from '../helper.js'

const raw = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')

/** Asserts that decoding throws the 400 invalid-cursor problem naming the query parameter. */
function refused(t: Test, cursor: string, sort: string, reason: RegExp, message: string) {
  try {
    decodeCursor(cursor, sort)
    t.fail(`${message}: decoded`)
  } catch (error) {
    t.ok(error instanceof ProblemError, `${message}: a problem`)
    t.match(error, { code: 'invalid-cursor', status: 400, invalidParams: [{ in: 'query', name: 'cursor', reason }] }, message)
  }
}

t.test('a cursor decodes to the position it was made from', async (t) => {
  const positions = [
    { sort: 'name', value: 'Chronic kidney disease', id: 'chronic-kidney-disease' },
    { sort: '-updatedAt', value: '2026-01-01T00:00:00.000Z', id: 'x' },
    { sort: 'title', value: '', id: '' },
    { sort: 'name', value: 'quotes " and \\ backslashes, ünïcödé, 🦴', id: 'a/b?c=d&e' }
  ]
  for (const position of positions) {
    const cursor = encodeCursor(position)
    t.match(cursor, /^[A-Za-z0-9_-]+$/, 'URL-safe without escaping')
    t.same(decodeCursor(cursor, position.sort), position, JSON.stringify(position))
  }
})

t.test('a cursor is opaque: it does not show its contents in plain text', async (t) => {
  t.notMatch(encodeCursor({ sort: 'name', value: 'Diltiazem', id: 'diltiazem' }), /diltiazem/i)
})

t.test('a cursor from another sort order is refused, naming both orders', async (t) => {
  const cursor = encodeCursor({ sort: 'name', value: 'a', id: 'a' })
  refused(t, cursor, '-name', /issued for sort 'name', not '-name'/, 'descending vs ascending')
  refused(t, cursor, 'updatedAt', /issued for sort 'name'/, 'another key')
})

t.test('malformed base64 or JSON is refused, not a 500', async (t) => {
  refused(t, '', 'name', /not a cursor this API issued/, 'empty')
  refused(t, 'not-a-cursor', 'name', /not a cursor/, 'base64 of garbage')
  refused(t, '%%%', 'name', /not a cursor/, 'not base64 at all')
  refused(t, Buffer.from('{"sort":').toString('base64url'), 'name', /not a cursor/, 'truncated JSON')
  refused(t, Buffer.from([0xff, 0xfe, 0x00]).toString('base64url'), 'name', /not a cursor/, 'binary')
})

t.test('well-formed JSON of the wrong shape is refused', async (t) => {
  refused(t, raw({ sort: 'name', value: 'a', id: 'a' }), 'name', /not a cursor/, 'an object')
  refused(t, raw(['name', 'a']), 'name', /not a cursor/, 'too short')
  refused(t, raw(['name', 'a', 'b', 'c']), 'name', /not a cursor/, 'too long')
  refused(t, raw(['name', 1, 'a']), 'name', /not a cursor/, 'a number value')
  refused(t, raw(['name', 'a', null]), 'name', /not a cursor/, 'a null id')
  refused(t, raw(null), 'name', /not a cursor/, 'null')
  refused(t, raw('name'), 'name', /not a cursor/, 'a string')
})

t.test('a tampered cursor: through a list route, a 400 problem or a page, never a 500', async (t) => {
  const app = await build(t)
  const first = await getJson(app, '/v1/causes?limit=2')
  const cursor: string = first.body.page.nextCursor
  t.type(cursor, 'string')

  // One character changed in the middle: no longer base64 of the JSON it was.
  const flipped = `${cursor.slice(0, 5)}${cursor[5] === 'A' ? 'B' : 'A'}${cursor.slice(6)}`
  for (const bad of [flipped, cursor.slice(0, -3), `${cursor}x`, raw(['-name', 'a', 'a'])]) {
    const { response, body } = await getJson(app, `/v1/causes?limit=2&cursor=${encodeURIComponent(bad)}`)
    t.ok(response.statusCode === 400 || response.statusCode === 200, `${bad}: ${response.statusCode}`)
    if (response.statusCode === 400) {
      t.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8')
      t.equal(body.type, '/problems/invalid-cursor')
      t.match(body.invalidParams, [{ in: 'query', name: 'cursor' }])
    }
  }

  // A forged position is only a place to start from: its value is a bound parameter, not SQL.
  const forged = await getJson(app, `/v1/causes?limit=2&cursor=${raw(['name', "' or 1=1 --", 'x'])}`)
  t.equal(forged.response.statusCode, 200)
  t.ok(Array.isArray(forged.body.data))
  const past = await getJson(app, `/v1/causes?cursor=${raw(['name', '\uffff', '\uffff'])}`)
  t.same(past.body.data, [], 'a position after the last row is an empty page')
  t.equal(past.body.page.nextCursor, null)
})

t.test('a wrong-sort cursor through a list route is a 400 problem', async (t) => {
  const app = await build(t)
  const { body } = await getJson(app, '/v1/treatments?limit=1&sort=-name')
  const { response, body: problem } = await getJson(app, `/v1/treatments?limit=1&cursor=${body.page.nextCursor}`)
  t.equal(response.statusCode, 400)
  t.equal(problem.type, '/problems/invalid-cursor')
  t.match(problem.detail, /issued for sort '-name', not 'name'/)
})
