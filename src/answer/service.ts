/**
 * The answer service: keeps the answer index (entities, lexicon) in memory, rebuilds it
 * when the database has changed since it was built, and turns an analysis into the
 * shapes `/v1/answer` and `/v1/search` send. Nothing here knows HTTP.
 */
import { KINDS, type KindKey } from '../kinds/index.js'
import { createCorpusBuilder, type Corpus, type EntityInput } from './corpus.js'
import { analyze, answerability, bestCitations, explain, type Analysis, type Ranked } from './engine.js'
import { compileLexicon, type Lexicon, type LexiconEntry } from './lexicon.js'
import { stemOfToken } from './text.js'

export interface CitationRef {
  id: number
  source: string
  section: string
  heading: string
  quote: string
}

export interface AnswerResult {
  kind: string
  id: string
  name: string
  summary: string
  score: number
  why: string
  citations: CitationRef[]
  disputed: boolean
}

export interface Understood {
  term: string
  /** The knowledge base's words it was matched through (itself, a spelling, a lexicon expansion). */
  means: string[]
  known: boolean
}

export interface Answer<P> {
  question: string
  answerable: boolean
  confidence: number
  intent: { kind: string | null; terms: string[] }
  results: AnswerResult[]
  passages: P[]
  understood: Understood[]
  uncovered: string[]
}

export interface SearchHit {
  kind: KindKey
  id: string
  name: string
  snippet: string
  score: number
  disputed: boolean
}

export interface AnswerSources<P> {
  /** Every published entity, with aliases, kind fields and citations, in batches (read as they are asked for). */
  entities(): Iterable<EntityInput[]>
  /** All published source text (words it uses are known, even if no entity states them). */
  sourceTexts(): string[]
  lexicon(): LexiconEntry[]
  /** A key that moves whenever the database changes, in any process: cheap, read on every question. */
  changes(): string
  /** A key that moves when the entities or the sources change; null when that cannot be told (then any change rebuilds). */
  contentKey(): string | null
  /** The source passages that hold the given quotes, in the quotes' order, each once, scored 1, 1/2, 1/3… by rank. */
  passagesFor(citations: CitationRef[], limit: number): P[]
}

const round = (value: number) => Math.round(value * 1000) / 1000

const HTML_SPECIAL = /[&<>"']/
/** Most parts have nothing to escape: testing first is cheaper than a replace (a search escapes hundreds of parts). */
const escapeHtml = (text: string) => (HTML_SPECIAL.test(text) ? text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`) : text)

/** The text with words whose stem was matched wrapped in `<mark>`, the rest HTML-escaped. */
function highlight(text: string, matched: Set<string>): string {
  return text
    .split(/([\p{L}\p{N}’']+)/u)
    .map((part, i) => {
      if (i % 2 === 0) return escapeHtml(part)
      const stemmed = stemOfToken(part)
      return stemmed && matched.has(stemmed) ? `<mark>${escapeHtml(part)}</mark>` : escapeHtml(part)
    })
    .join('')
}

/** Entities added to the corpus between two checks of the clock when it is built in the background. */
const SLICE_ENTITIES = 100
/** How long a background build may hold the event loop at a time. */
const SLICE_MS = 20

interface Index {
  /** `changes` when it was built: current while that has not moved. */
  changes: string
  content: string
  lexiconText: string
  corpus: Corpus
  lexicon: Lexicon
}

export function createAnswerService<P extends { score: number }>(sources: AnswerSources<P>) {
  let built: Index | undefined
  /** A build under way in the background, from the database as it was at `changes`. */
  let pending: { changes: string; steps: Generator<void, Index> } | undefined

  /**
   * Builds the index as of `changes`, a slice of entities per step. The corpus is rebuilt
   * only if the entities or sources changed since `previous`, and the lexicon only if it
   * did: other writes (keys, audit rows, import jobs) cost a key comparison. Rebuilding the
   * corpus is the costly part (about half a second of CPU at 100x the seed).
   */
  function* rebuild(changes: string, previous: Index | undefined): Generator<void, Index> {
    const content = sources.contentKey() ?? `any change: ${changes}`
    const entries = sources.lexicon()
    const lexiconText = JSON.stringify(entries)
    const lexicon = previous?.lexiconText === lexiconText ? previous.lexicon : compileLexicon(entries)
    if (previous?.content === content) return { changes, content, lexiconText, corpus: previous.corpus, lexicon }
    const builder = createCorpusBuilder()
    let added = 0
    for (const batch of sources.entities()) {
      for (const input of batch) {
        builder.add(input)
        if (++added % SLICE_ENTITIES === 0) yield
      }
    }
    return { changes, content, lexiconText, corpus: builder.finish(sources.sourceTexts()), lexicon }
  }

  /**
   * The index, current with the database (`changes` moves with every write, in any process).
   * A background build begun from the same state is finished here; one begun before a
   * write is dropped, for it may have read part of the older state.
   */
  function index(): Index {
    const changes = sources.changes()
    if (built?.changes === changes) return built
    const steps = pending?.changes === changes ? pending.steps : rebuild(changes, built)
    pending = undefined
    let step = steps.next()
    while (!step.done) step = steps.next()
    built = step.value
    return built
  }

  /**
   * Builds the index ahead of the first question, SLICE_MS at a time between other work,
   * while `open()` (the database is not closed). A write in between starts it over; a
   * question asked meanwhile finishes it (`index`). A failure leaves the build to the next
   * question, which reports it.
   */
  function warm(open: () => boolean): void {
    const slice = () => {
      try {
        const changes = open() ? sources.changes() : undefined
        if (changes === undefined || built?.changes === changes) {
          pending = undefined
          return
        }
        if (pending?.changes !== changes) pending = { changes, steps: rebuild(changes, built) }
        const until = performance.now() + SLICE_MS
        while (performance.now() < until) {
          const step = pending.steps.next()
          if (step.done) {
            built = step.value
            pending = undefined
            return
          }
        }
        setImmediate(slice)
      } catch {
        pending = undefined
      }
    }
    slice()
  }

  const toResult = (result: Ranked, analysis: Analysis, corpus: Corpus): AnswerResult => ({
    kind: KINDS[result.entity.kind].path,
    id: result.entity.id,
    name: result.entity.name,
    summary: result.entity.summary,
    score: round(result.score),
    why: explain(result, analysis.parsed.kind),
    citations: bestCitations(result, corpus).map(({ id, source, section, heading, quote }) => ({ id, source, section, heading, quote })),
    disputed: result.entity.disputed
  })

  return {
    answer(question: string, options: { kinds?: KindKey[]; limit: number; passages: number }): Answer<P> {
      const { corpus, lexicon } = index()
      const analysis = analyze(question, lexicon, corpus, options.kinds)
      const verdict = answerability(analysis, corpus)
      const results = analysis.ranked.slice(0, options.limit).map((result) => toResult(result, analysis, corpus))
      const quoted = analysis.ranked.slice(0, 3).flatMap((result) => bestCitations(result, corpus, 1))
      const content = analysis.units.filter((unit) => !unit.cue)
      return {
        question,
        answerable: verdict.answerable,
        confidence: verdict.confidence,
        intent: { kind: analysis.parsed.kind ? KINDS[analysis.parsed.kind].path : null, terms: content.map((unit) => unit.text) },
        results,
        // Looked up per answer: a few sections' passages, where holding every citation's (43,000
        // at 100x the seed) made the index cost 0.7 s more to build.
        passages: options.passages > 0 ? sources.passagesFor(quoted, options.passages) : [],
        understood: content.map((unit) => ({
          term: unit.text,
          means: [...new Set(unit.terms.filter((t) => t.via !== 'word').map((t) => t.stem))],
          known: unit.known
        })),
        uncovered: verdict.uncovered
      }
    },

    warm,

    /** Ranked entities for plain words, with the matched quote as snippet. */
    search(query: string, kinds: KindKey[], limit: number): { hits: SearchHit[]; match: 'exact' | 'fuzzy' | 'none' } {
      const { corpus, lexicon } = index()
      const analysis = analyze(query, lexicon, corpus, kinds)
      const hits = analysis.ranked.slice(0, limit).map((result) => {
        const matched = new Set(result.matches.map((m) => m.term.stem))
        const [best] = bestCitations(result, corpus, 1)
        const inQuote = best && [...matched].some((s) => best.stems.has(s))
        const text = inQuote ? best.quote : result.matches.some((m) => m.field === 'summary') ? result.entity.summary : result.entity.name
        return { kind: result.entity.kind, id: result.entity.id, name: result.entity.name, snippet: highlight(text, matched), score: round(result.score), disputed: result.entity.disputed }
      })
      const top = analysis.ranked[0]
      return { hits, match: !top ? 'none' : top.fuzzy ? 'fuzzy' : 'exact' }
    }
  }
}

export type AnswerService<P extends { score: number }> = ReturnType<typeof createAnswerService<P>>
