/** The byte-budgeted map behind the response cache and the renderings kept in memory. */
import t from 'tap'
import { ByteBudgetMap } from '../../src/lib/byte-budget-map.js'

const sized = (budget: number) => new ByteBudgetMap<string>(budget, (value) => value.length)

t.test('past its budget it drops the least recently used entries', async (t) => {
  const map = sized(40) // each entry below: a 1-character key and 9 characters, 10 bytes
  for (const key of ['a', 'b', 'c', 'd']) map.set(key, key.repeat(9))
  t.equal(map.get('a'), 'aaaaaaaaa', 'read: now the most recently used')
  map.set('e', 'eeeeeeeee')
  t.equal(map.get('b'), undefined, 'the coldest went')
  t.equal(map.get('a'), 'aaaaaaaaa', 'the one read stayed')
  for (const key of ['c', 'd', 'e']) t.equal(map.get(key), key.repeat(9))
})

t.test('an entry over a quarter of the budget is not kept, and flushes nothing', async (t) => {
  const map = sized(40)
  map.set('a', 'aaaaaaaaa')
  map.set('big', 'x'.repeat(8))
  t.equal(map.get('big'), undefined)
  t.equal(map.get('a'), 'aaaaaaaaa')
})

t.test('replacing an entry counts its new size only; clear empties it', async (t) => {
  const map = sized(40)
  for (let i = 0; i < 10; i++) map.set('a', 'aaaaaaaaa')
  for (const key of ['b', 'c', 'd']) map.set(key, key.repeat(9))
  t.equal(map.get('a'), 'aaaaaaaaa', 'ten writes of one key take its size once')
  map.clear()
  for (const key of ['a', 'b', 'c', 'd']) t.equal(map.get(key), undefined)
})
