/**
 * The answer service: keeps the answer index (entities, lexicon) in memory, rebuilds it
 * when the database has changed since it was built, and turns an analysis into the
 * shapes `/v1/answer` and `/v1/search` send. Nothing here knows HTTP.
 */
import { KINDS, type KindKey } from '../kinds/index.js'
import { buildCorpus, type Corpus, type EntityInput } from './corpus.js'
import { analyze, answerability, bestCitations, explain, type Analysis, type Ranked } from './engine.js'
import { compileLexicon, type Lexicon, type LexiconEntry } from './lexicon.js'
import { stem, words } from './text.js'

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
  /** Every published entity, with aliases, kind fields and citations. */
  entities(): EntityInput[]
  /** All published source text (words it uses are known, even if no entity states them). */
  sourceTexts(): string[]
  lexicon(): LexiconEntry[]
  /** A number that moves whenever the database changes. */
  version(): number
  /** The source passages that contain the given quotes, in order. */
  passagesFor(citations: CitationRef[], limit: number): P[]
  /** Whether a passage holds a citation's quote. */
  holds(passage: P, citation: CitationRef): boolean
}

const round = (value: number) => Math.round(value * 1000) / 1000

const HTML_SPECIAL = /[&<>"']/
/** Most parts have nothing to escape: testing first is cheaper than a replace (a search escapes hundreds of parts). */
const escapeHtml = (text: string) => (HTML_SPECIAL.test(text) ? text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`) : text)

const tokenStems = new Map<string, string | null>()
/** The stem of a snippet's token as written (memoized: `words` normalizes, and every search highlights hundreds of tokens). */
function stemOfToken(token: string): string | null {
  let out = tokenStems.get(token)
  if (out === undefined) {
    const [word] = words(token)
    out = word ? stem(word) : null
    if (tokenStems.size < 50_000) tokenStems.set(token, out)
  }
  return out
}

/** The text with words whose stem was matched wrapped in `<mark>`, the rest HTML-escaped. */
function highlight(text: string, matched: Set<string>): string {
  return text
    .split(/([\p{L}\p{N}’']+)/u)
    .map((part, i) => {
      if (i % 2 === 0) return escapeHtml(part)
      const token = stemOfToken(part)
      return token !== null && matched.has(token) ? `<mark>${escapeHtml(part)}</mark>` : escapeHtml(part)
    })
    .join('')
}

export function createAnswerService<P extends { score: number }>(sources: AnswerSources<P>) {
  let built: { version: number; corpus: Corpus; lexicon: Lexicon; passages: P[] } | undefined

  /** Rebuilt when the database has changed: entities, lexicon, and the passages behind every citation. */
  function index() {
    const version = sources.version()
    if (!built || built.version !== version) {
      const corpus = buildCorpus(sources.entities(), sources.sourceTexts())
      const citations = corpus.entities.flatMap((entity) => entity.citations)
      built = { version, corpus, lexicon: compileLexicon(sources.lexicon()), passages: sources.passagesFor(citations, Number.MAX_SAFE_INTEGER) }
    }
    return built
  }

  /** The passages holding the quotes, in order, each once; scored 1, 1/2, 1/3… by rank. */
  function passagesFor(citations: CitationRef[], limit: number, all: P[]): P[] {
    const out: P[] = []
    for (const citation of citations) {
      if (out.length === limit) break
      const passage = all.find((p) => sources.holds(p, citation))
      if (passage && !out.includes(passage)) out.push(passage)
    }
    return out.map((passage, i) => ({ ...passage, score: round(1 / (i + 1)) }))
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
      const { corpus, lexicon, passages } = index()
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
        passages: options.passages > 0 ? passagesFor(quoted, options.passages, passages) : [],
        understood: content.map((unit) => ({
          term: unit.text,
          means: [...new Set(unit.terms.filter((t) => t.via !== 'word').map((t) => t.stem))],
          known: unit.known
        })),
        uncovered: verdict.uncovered
      }
    },

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
