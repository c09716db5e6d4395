/** The revision delta: applying the diff of two JSON values to the first gives the second. */
import fc from 'fast-check'
import t from 'tap'
import { diff, patch, type Json } from '../../src/lib/json-delta.js'

const json = fc.jsonValue() as fc.Arbitrary<Json>

t.test('patch(a, diff(a, b)) is b for any JSON values, and a is left as it was', async (t) => {
  fc.assert(
    fc.property(json, json, (a, b) => {
      const before = JSON.stringify(a)
      t.same(patch(a, diff(a, b)), b)
      return JSON.stringify(a) === before
    }),
    { numRuns: 300 }
  )
})

t.test('one link added to a long list is stored as that link', async (t) => {
  const refs = Array.from({ length: 50 }, (_, n) => ({ id: `target-${String(n).padStart(2, '0')}`, note: null, citations: [{ quote: `quote ${n}` }] }))
  const before = { id: 'hub', version: 7, links: refs }
  const after = { id: 'hub', version: 8, links: [...refs.slice(0, 20), { id: 'new', note: null, citations: [] }, ...refs.slice(20)] }
  const edits = diff(before, after)
  t.same(edits, [
    { path: ['version'], set: 8 },
    { path: ['links'], at: 20, remove: 0, insert: [{ id: 'new', note: null, citations: [] }] }
  ])
  t.same(patch(before, edits), after)
  const changed = structuredClone(after)
  changed.links[30]!.citations.push({ quote: 'another' })
  t.same(diff(after, changed), [{ path: ['links', 30, 'citations'], at: 1, remove: 0, insert: [{ quote: 'another' }] }], 'a citation added to one link is that citation')
})
