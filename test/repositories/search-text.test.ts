/**
 * The search text functions: how a user's words become search tokens (`tokenize`, tested
 * directly), and how those tokens become a query (not exported; tested through
 * `/v1/search`, as a client sees it).
 */
import t from 'tap'
import { tokenize } from '../../src/repositories/search.js'
import { build, getJson } from '../helper.js'

t.test('tokens are the lower-cased runs of letters and digits', async (t) => {
  t.same(tokenize('Chronic Kidney-Disease'), ['chronic', 'kidney', 'disease'])
  t.same(tokenize('CO2 laser, 10 mg/kg'), ['co2', 'laser', '10', 'mg', 'kg'])
  t.same(tokenize('  \t\n '), [])
  t.same(tokenize(''), [])
})

t.test('letters of every script count, accents kept for the index to fold', async (t) => {
  t.same(tokenize('Kalzinose der Haut, Größe'), ['kalzinose', 'der', 'haut', 'größe'])
  t.same(tokenize('kídney ÉTÉ'), ['kídney', 'été'])
  t.same(tokenize('石灰沈着症'), ['石灰沈着症'])
})

t.test('query syntax never survives: quotes, operators and punctuation split words', async (t) => {
  t.same(tokenize('"kidney" NEAR(calcium, 5)'), ['kidney', 'near', 'calcium', '5'])
  t.same(tokenize('kidney* ^name:"x" {a b}: -c +d'), ['kidney', 'name', 'x', 'b', 'c', 'd'], '`a` is a stopword')
  t.same(tokenize("'; drop table types; --"), ['drop', 'table', 'types'])
  t.same(tokenize('<script>alert(1)</script>'), ['script', 'alert', '1'])
  for (const token of tokenize('"*()^:{}[]-+\'`~!@#$%&=|\\/?.,;<>')) t.fail(`punctuation became a token: ${token}`)
})

t.test('boolean operators are plain stopwords, dropped like other filler words', async (t) => {
  t.same(tokenize('kidney OR calcium AND NOT bone'), ['kidney', 'calcium', 'bone'])
  t.same(tokenize('What can cause it?'), ['cause'])
  t.same(tokenize('what is the'), [], 'stopwords only: no tokens')
})

t.test('repeated words count once, and at most twelve tokens are kept, in order', async (t) => {
  t.same(tokenize('Kidney kidney KIDNEY disease'), ['kidney', 'disease'])
  const words = Array.from({ length: 20 }, (_, i) => `w${i}`)
  t.same(tokenize(words.join(' ')), words.slice(0, 12))
})

t.test('through /v1/search', async (t) => {
  const app = await build(t)
  const search = async (q: string, more = '') => (await getJson(app, `/v1/search?q=${encodeURIComponent(q)}${more}`)).body
  const ids = (body: { data: Array<{ id: string }> }) => body.data.map((hit) => hit.id)

  t.test('any token may match: one unknown word does not hide the known one', async (t) => {
    const body = await search('xyzzyplugh kidney')
    t.equal(body.meta.match, 'exact')
    t.equal(body.data[0].id, 'chronic-kidney-disease')
  })

  t.test('every token matches as a prefix', async (t) => {
    t.equal((await search('kidn')).data[0].id, 'chronic-kidney-disease')
  })

  t.test('case and accents do not matter', async (t) => {
    t.same(ids(await search('KIDNEY')), ids(await search('kidney')))
    // The same hits, and the best first; the rest may rank differently, because the re-ranking
    // by name coverage compares the accented token with unaccented names.
    const accented = ids(await search('kídnéy'))
    const plain = ids(await search('kidney'))
    t.same([...accented].sort(), [...plain].sort(), 'diacritics folded by the index')
    t.equal(accented[0], plain[0])
  })

  t.test('a query of stopwords only finds nothing, as a 200', async (t) => {
    const response = await getJson(app, '/v1/search?q=of%20the%20and')
    t.equal(response.response.statusCode, 200)
    t.same(response.body, { data: [], meta: { query: 'of the and', match: 'none' } })
    t.same((await getJson(app, '/v1/passages?q=of%20the%20and')).body, { data: [] })
  })

  t.test('operators are words: "kidney OR" is the same query as "kidney"', async (t) => {
    t.same(ids(await search('kidney OR')), ids(await search('kidney')))
    t.same(ids(await search('"kidney"')), ids(await search('kidney')))
    t.same(ids(await search('kidney*')), ids(await search('kidney')))
  })

  t.test('words the article never uses do not drown the one it does, however many', async (t) => {
    const filler = Array.from({ length: 11 }, (_, i) => `qqx${i}`).join(' ')
    t.equal((await search(`${filler} kidney`, '&kind=causes')).data[0]?.id, 'chronic-kidney-disease')
  })

  t.test('a misspelt name with no exact match falls back to near spellings', async (t) => {
    const typo = await search('calcifylaxis')
    t.equal(typo.meta.match, 'fuzzy')
    t.equal(typo.data[0].id, 'calciphylaxis')
  })
})
