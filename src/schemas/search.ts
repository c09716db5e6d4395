/** The contract of search, passages and answers. */
import Type from 'typebox'
import { ANSWERABLE_THRESHOLD } from '../answer/engine.js'
import { KIND_LIST } from '../kinds/index.js'
import { Id, StringEnum } from './common.js'
import { List, MAX, Text } from '../lib/bounds.js'

export const Query = Type.String({
  minLength: 1,
  maxLength: MAX.query,
  description: 'What to look for, in plain words. Any punctuation or search syntax is taken as plain text.',
  examples: ['kidney']
})

const Collection = StringEnum(KIND_LIST.map((kind) => kind.path), { description: 'The collection the entity belongs to.' })

const SearchHit = Type.Object(
  {
    kind: Collection,
    id: Id,
    name: Text(MAX.name),
    snippet: Text(MAX.snippet, {
      description: 'The citation quote (else the summary or name) holding the matched words, which are in `<mark>…</mark>`; the rest is HTML-escaped.'
    }),
    score: Type.Number({ description: 'Relevance, higher is better: the idf of each matched word times the weight of the field it was found in.' }),
    disputed: Type.Boolean({ description: 'True when a clinical reviewer disputes the entity (see its `review`).' })
  },
  { $id: 'SearchHit', title: 'Search hit' }
)

const Passage = Type.Object(
  {
    id: Text(MAX.line, { description: 'Stable passage id: source/section/paragraph.' }),
    source: Type.Ref('SourceRef'),
    section: Type.Object({ id: Id, heading: Text(MAX.heading) }),
    text: Text(MAX.sectionText, { description: 'A verbatim paragraph of the source.' }),
    score: Type.Number({ description: 'Relevance, higher is better (BM25 in search; 1, 1/2, 1/3… by rank in answers).' }),
    entities: List(
      Type.Object({ kind: Collection, id: Id, name: Text(MAX.name) }),
      MAX.collection,
      { description: 'Entities whose citations quote this passage.' }
    )
  },
  {
    $id: 'Passage',
    title: 'Passage',
    description:
      'A citation passage for retrieval-augmented generation. It maps one-to-one onto an LLM search-result block: source = `{source.id}#{section.id}`, title = `{source.title} — {section.heading}`, content = `text`.'
  }
)


const AnswerResult = Type.Object(
  {
    kind: Collection,
    id: Id,
    name: Text(MAX.name),
    summary: Text(MAX.summary),
    score: Type.Number({ description: 'Relevance, higher is better; comparable within one answer only.' }),
    why: Text(MAX.line, { description: 'Which words of the question matched, and where (name, summary, facets, quotes).' }),
    citations: List(Type.Ref('Citation'), 3, { description: 'The quotes holding the matched words, best first (at most three).' }),
    disputed: Type.Boolean({ description: 'True when a clinical reviewer disputes the entity: say so when using it.' })
  },
  { $id: 'AnswerResult', title: 'Answer result' }
)

const Answer = Type.Object(
  {
    question: Text(MAX.query),
    answerable: Type.Boolean({
      description: `False when the knowledge base holds no answer: related entities may still be listed, and confidence says how related. True when confidence ≥ ${ANSWERABLE_THRESHOLD}.`
    }),
    confidence: Type.Number({
      minimum: 0,
      maximum: 1,
      description:
        "The idf-weighted share of the question's content words (and of the kind it asks for) that the top three results' evidence covers; a question asking for a number (a dose, a rate, how long) with no number in that evidence scores 0.4 of it."
    }),
    intent: Type.Object({
      kind: Type.Union([Collection, Type.Null()], { description: 'The collection the question asks for, when its wording says so ("what causes" → causes).' }),
      terms: List(Text(MAX.query), MAX.query, { description: 'The content words of the question, framing words left out.' })
    }),
    results: List(Type.Ref('AnswerResult'), MAX.results, { description: 'Best first.' }),
    passages: List(Type.Ref('Passage'), MAX.results, { description: 'The source paragraphs holding the best citations of the top results, to quote.' })
  },
  { $id: 'Answer', title: 'Answer' }
)

export const ANSWER_SCHEMAS = [AnswerResult, Answer]

export const SEARCH_SCHEMAS = [SearchHit, Passage, ...ANSWER_SCHEMAS]
