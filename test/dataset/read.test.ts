/** The dataset reader refuses anything that would put an unsupported claim in the database. */
import t from 'tap'
import { DatasetError, normalizeDataset } from '../../src/dataset/read.js'

const article = ['A Title', '', 'Intro line about things.', '', 'Second Heading', '', 'Calcium deposits appear.', 'See also  Something else', 'Footer'].join('\n')

const doc = (overrides: Record<string, unknown> = {}) => ({
  source: {
    id: 'src',
    title: 'A Title',
    publisher: 'P',
    file: 'article.txt',
    ignoreLinePrefixes: ['See also'],
    endBefore: 'Footer',
    sections: [
      { id: 'intro', heading: 'A Title' },
      { id: 'second', heading: 'Second Heading' }
    ]
  },
  entities: {
    conditions: [{ id: 'c', name: 'C', summary: 'S', citations: [{ section: 'intro', quote: 'Intro line' }] }],
    symptoms: [
      {
        id: 'deposits',
        name: 'Deposits',
        summary: 'S',
        citations: [{ section: 'second', quote: 'Calcium deposits appear.' }],
        links: { conditions: [{ id: 'c', note: null, citations: [{ section: 'second', quote: 'deposits' }] }] }
      }
    ]
  },
  ...overrides
})

const problemsOf = (document: unknown): string[] => {
  try {
    normalizeDataset(document, article, 'test')
    return []
  } catch (error) {
    if (error instanceof DatasetError) return error.problems
    throw error
  }
}

t.test('a valid dataset normalizes into sections, entities and links', async (t) => {
  const dataset = normalizeDataset(doc(), article, 'test')
  t.same(dataset.source.sections.map((s) => s.text), ['Intro line about things.', 'Calcium deposits appear.'], 'clutter and footer left out')
  t.equal(dataset.entities.length, 2)
  t.match(dataset.links, [{ ownerKind: 'conditions', ownerId: 'c', targetKind: 'symptoms', targetId: 'deposits' }])
})

t.test('a quote that is not verbatim in its section is refused', async (t) => {
  const d = doc()
  d.entities.conditions[0]!.citations = [{ section: 'second', quote: 'Intro line' }]
  t.match(problemsOf(d), [/not verbatim in section second/])
})

t.test('a quote from a clutter line is refused', async (t) => {
  const d = doc()
  d.entities.conditions[0]!.citations = [{ section: 'second', quote: 'Something else' }]
  t.match(problemsOf(d), [/not verbatim/])
})

t.test('unknown sections, link targets, aliases and duplicate ids are refused', async (t) => {
  const d = doc()
  const symptom = d.entities.symptoms[0]!
  symptom.citations = [{ section: 'nowhere', quote: 'x y z' }]
  symptom.links.conditions[0]!.id = 'missing'
  ;(symptom as Record<string, unknown>).aliases = ['never said']
  d.entities.conditions.push({ ...d.entities.conditions[0]! })
  const problems = problemsOf(d).join('\n')
  t.match(problems, /unknown section nowhere/)
  t.match(problems, /unknown conditions id/)
  t.match(problems, /alias not used by the article/)
  t.match(problems, /duplicate id/)
})

t.test('a link declared from both sides is refused', async (t) => {
  const d = doc()
  ;(d.entities.conditions[0] as Record<string, unknown>).links = {
    symptoms: [{ id: 'deposits', citations: [{ section: 'second', quote: 'deposits' }] }]
  }
  t.match(problemsOf(d), [/declared twice/])
})

t.test('shape errors are reported with their path', async (t) => {
  const d = doc()
  ;(d.entities.conditions[0] as Record<string, unknown>).colour = 'red'
  t.ok(problemsOf(d).length > 0)
  t.match(problemsOf({ ...doc(), entities: { treatments: [{ id: 't', name: 'T', summary: 'S', modality: 'magic', citations: [] }] } }), [/treatments/])
})

t.test('a heading missing from the article is refused', async (t) => {
  const d = doc()
  d.source.sections.push({ id: 'third', heading: 'Not There' })
  t.match(problemsOf(d), [/heading not found/])
})

t.test('the content ends at the first byline after the last heading, not the last one', async (t) => {
  const withByline = [article.replace('\nFooter', ''), 'The Team', 'The Team', 'The Team is a group of writers.'].join('\n')
  const d = doc()
  d.source.endBefore = 'The Team'
  const sections = normalizeDataset(d, withByline, 'test').source.sections
  t.notMatch(sections.at(-1)?.text, /Team/, 'neither byline nor blurb is served')
  d.source.endBefore = 'Not in the article'
  t.throws(() => normalizeDataset(d, withByline, 'test'), /endBefore/)
})

/** An article with the furniture the loader knows: a lede, a list lead-in, a filler sentence. */
const furnished = [
  'A Title',
  '',
  'A teaser about deposits that the body restates.',
  '',
  'Second Heading',
  '',
  'Calcium deposits appear. Knowing this helps you on your path.',
  '',
  'Here are some causes:',
  '',
  '  • Kidney disease raises calcium.',
  '',
  'Footer'
].join('\n')
const furniture = { fillerSentences: ['Knowing this helps you on your path.'] }
const furnishedDoc = (quote: string, section = 'second') => {
  const d = doc()
  d.entities.conditions[0]!.citations = [{ section, quote }]
  d.entities.symptoms[0]!.links.conditions[0]!.citations = [{ section: 'second', quote: 'Calcium deposits appear.' }]
  return d
}
const furnitureProblems = (document: unknown): string[] => {
  try {
    normalizeDataset(document, furnished, 'test', { furniture })
    return []
  } catch (error) {
    if (error instanceof DatasetError) return error.problems
    throw error
  }
}

t.test('furniture is never served: the lede, list lead-ins and filler sentences are left out of the sections', async (t) => {
  const dataset = normalizeDataset(furnishedDoc('Kidney disease raises calcium.'), furnished, 'test', { furniture })
  t.same(
    dataset.source.sections.map((section) => [section.slug, section.position, section.text]),
    [['second', 0, 'Calcium deposits appear.\n\n• Kidney disease raises calcium.']],
    'a section that is all lede is dropped; the filler sentence and the lead-in are cut'
  )
})

t.test('a citation whose quote overlaps furniture is refused, whichever the furniture', async (t) => {
  t.same(furnitureProblems(furnishedDoc('Kidney disease raises calcium.')), [])
  t.match(furnitureProblems(furnishedDoc('A teaser about deposits', 'intro')), [/overlaps furniture \(the lede\)/])
  t.match(furnitureProblems(furnishedDoc('Here are some causes')), [/overlaps furniture \(a list lead-in\)/])
  t.match(furnitureProblems(furnishedDoc('appear. Knowing this')), [/overlaps furniture \(the filler sentence/], 'touching a filler sentence is enough')
  t.match(furnitureProblems(furnishedDoc('helps you on your path')), [/overlaps furniture/])
})

t.test('a filler sentence the article does not have is refused, as is a malformed furniture file', async (t) => {
  t.throws(() => normalizeDataset(furnishedDoc('Kidney disease raises calcium.'), furnished, 'test', { furniture: { fillerSentences: ['Never written here.'] } }), /filler sentence not in the article/)
  t.throws(() => normalizeDataset(furnishedDoc('Kidney disease raises calcium.'), furnished, 'test', { furniture: { filler: [] } }), DatasetError)
})

t.test('related groups name existing entities and quote the article verbatim', async (t) => {
  const group = (between: string[], quote = 'Calcium deposits appear.') => ({ related: [{ between, note: 'How they differ.', citations: [{ section: 'second', quote }] }] })
  const ok = normalizeDataset(doc(), article, 'test', group(['conditions/c', 'symptoms/deposits']))
  t.same(ok.related, [{ between: [{ kind: 'conditions', id: 'c' }, { kind: 'symptoms', id: 'deposits' }], note: 'How they differ.', citations: [{ source: 'src', section: 'second', quote: 'Calcium deposits appear.' }] }])
  const problems = (extras: object) => {
    try {
      normalizeDataset(doc(), article, 'test', extras)
      return []
    } catch (error) {
      return (error as DatasetError).problems
    }
  }
  t.match(problems(group(['conditions/c', 'symptoms/missing'])), [/symptoms\/missing does not exist/])
  t.match(problems(group(['conditions/c', 'planets/mars'])), [/unknown kind/])
  t.match(problems(group(['conditions/c', 'symptoms/deposits'], 'Not in the article at all'))[0], /not verbatim/)
  t.ok(problems(group(['conditions/c'])).length > 0, 'a group of one is refused')
})
