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
