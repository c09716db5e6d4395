/**
 * Question answering over the answer index, deterministic and local.
 *
 * 1. The question is parsed (framing words, intent, quantity; `question.ts`) and its
 *    content words become units: the word itself when the corpus uses it (same stem),
 *    else the corpus words it begins (a cut-off word, never another word: "kids" does
 *    not reach "kidney", whose stem differs and which "kids" does not begin), else a
 *    near spelling; lexicon phrases become units of their expansions.
 * 2. Every entity is scored: for each unit, its best term's idf times the weight of the
 *    field it was found in (name > summary > kind fields > quotes), summed; naming an
 *    entity in full adds its name's weight; the intended kind is boosted. All entities
 *    are scored and sorted before any limit is applied, so `limit` never changes order.
 * 3. Answerability: the share of the question's content (idf-weighted; a word the
 *    knowledge base never uses weighs most) that the top results' evidence covers, with
 *    the intent as one more unit, and a question asking for a number needing a number
 *    in that evidence. That share is the confidence; `answerable` is confidence ≥ 0.6.
 */
import { KINDS, type KindKey } from '../kinds/index.js'
import { FIELD_WEIGHT, posting, type Corpus, type CorpusCitation, type CorpusEntity, type Field } from './corpus.js'
import type { Lexicon } from './lexicon.js'
import { parseQuestion, type ParsedQuestion } from './question.js'
import { editDistance, hasDigit } from './text.js'

type Via = 'word' | 'prefix' | 'spelling' | 'lexicon'

interface Term {
  stem: string
  /** A word of the knowledge base with that stem, to show. */
  word: string
  weight: number
  via: Via
}

export interface Unit {
  text: string
  terms: Term[]
  /** The corpus knows at least one of its terms. */
  known: boolean
  /** Used by the sources only in passing (no entity states anything with it): no weight either way. */
  neutral: boolean
  /** An intent cue: helps ranking a little, is not content to cover. */
  cue: boolean
  /** Specificity, for answerability. */
  weight: number
}

export interface Match {
  unit: Unit
  term: Term
  field: Field
  score: number
}

export interface Ranked {
  entity: CorpusEntity
  score: number
  matches: Match[]
  /** True when every match came through a near spelling. */
  fuzzy: boolean
}

export interface Analysis {
  parsed: ParsedQuestion
  units: Unit[]
  ranked: Ranked[]
}

export interface Answerability {
  answerable: boolean
  confidence: number
  covered: string[]
  uncovered: string[]
}

const VIA_WEIGHT: Record<Via, number> = { word: 1, prefix: 0.85, lexicon: 0.8, spelling: 0.75 }
/**
 * The entities of the kind the question asks for: their score is multiplied, and they get
 * a bonus worth about one mid-frequency word, both growing with how clearly the wording
 * asks for that kind (`intentStrength`), so that a question naming only the kind
 * ("what medications treat calcinosis cutis") lists that kind, even entities that share
 * no word with it.
 */
const INTENT_BOOST = 0.15
const INTENT_BONUS = 1
/** Cue words ("treatment") rank a little: the intent boost does the rest; a cue the lexicon explains ("die" → mortality) ranks more. */
const CUE_WEIGHT = 0.35
const LEXICON_CUE_WEIGHT = 0.7
/** How many of the best results are the evidence for answerability. */
const EVIDENCE_DEPTH = 3
export const ANSWERABLE_THRESHOLD = 0.6
/** A question that asks for a number and gets no number is mostly not answered. */
const NO_NUMBER_FACTOR = 0.4
const QUANTITY_BOOST = 1.5

/** Dice similarity of letter pairs from which a long word counts as a misspelling of another. */
const SOUND_ALIKE = 0.65

const bigrams = (word: string) => Array.from({ length: word.length - 1 }, (_, i) => word.slice(i, i + 2))

function dice(a: string[], b: string[]): number {
  const rest = [...b]
  let shared = 0
  for (const gram of a) {
    const at = rest.indexOf(gram)
    if (at >= 0) {
      shared++
      rest.splice(at, 1)
    }
  }
  return (2 * shared) / (a.length + b.length)
}

const shortestFirst = (a: string, b: string) => a.length - b.length || a.localeCompare(b)

/** Corpus stems a question word stands for, best first; none when the corpus lacks it. Memoized per corpus. */
function resolveWord(word: string, stemmed: string, corpus: Corpus): Term[] {
  const memo = corpus.resolved.get(word) as Term[] | undefined
  if (memo) return memo
  const terms = resolveUncached(word, stemmed, corpus)
  if (corpus.resolved.size < 10_000) corpus.resolved.set(word, terms)
  return terms
}

function resolveUncached(word: string, stemmed: string, corpus: Corpus): Term[] {
  if (corpus.stems.has(stemmed)) return [{ stem: stemmed, word, weight: VIA_WEIGHT.word, via: 'word' }]
  const terms: Term[] = []
  if (word.length >= 4) {
    const completions = [...corpus.vocabulary.keys()].filter((candidate) => candidate.length > word.length && candidate.startsWith(word)).sort(shortestFirst)
    for (const candidate of completions.slice(0, 5)) terms.push({ stem: corpus.vocabulary.get(candidate)!, word: candidate, weight: VIA_WEIGHT.prefix, via: 'prefix' })
    if (terms.length > 0) return dedupe(terms)
  }
  if (word.length >= 5 && !/\d/.test(word)) {
    const cap = word.length >= 8 ? 2 : 1
    let best = cap + 1
    let found: Array<[string, string]> = []
    for (const [candidate, candidateStem] of corpus.vocabulary) {
      // A misspelling seldom changes the first letter; checking it keeps this loop cheap.
      if (candidate.length < 4 || candidate[0] !== word[0]) continue
      const distance = editDistance(word, candidate, cap)
      if (distance < best) [best, found] = [distance, [[candidate, candidateStem]]]
      else if (distance === best && distance <= cap) found.push([candidate, candidateStem])
    }
    if (best <= cap) for (const [candidate, s] of found) terms.push({ stem: s, word: candidate, weight: VIA_WEIGHT.spelling, via: 'spelling' })
  }
  if (terms.length === 0 && word.length >= 8) {
    // Long words misspelled by sound ("calcifilaxis"): most letter pairs still agree.
    const mine = bigrams(word)
    let best = SOUND_ALIKE
    let found: [string, string] | undefined
    for (const [candidate, candidateStem] of corpus.vocabulary) {
      if (candidate.length < 6 || candidate[0] !== word[0]) continue
      const similarity = dice(mine, bigrams(candidate))
      if (similarity > best || (similarity === best && !found)) [best, found] = [similarity, [candidate, candidateStem]]
    }
    if (found) terms.push({ stem: found[1], word: found[0], weight: VIA_WEIGHT.spelling, via: 'spelling' })
  }
  return dedupe(terms)
}

function dedupe(terms: Term[]): Term[] {
  const seen = new Map<string, Term>()
  for (const term of terms) {
    const existing = seen.get(term.stem)
    if (!existing || existing.weight < term.weight) seen.set(term.stem, term)
  }
  return [...seen.values()]
}

/**
 * A word the knowledge base never uses weighs more than its rarest word: a question about
 * something it never mentions (a drug, a test, a topic) is not answered by what it holds.
 */
const unknownWeight = (corpus: Corpus) => 1.25 * corpus.maxIdf

/** The question's content units and cue units. */
export function questionUnits(parsed: ParsedQuestion, lexicon: Lexicon, corpus: Corpus): Unit[] {
  const stems = parsed.words.map((w) => w.stem)
  const units: Unit[] = []
  const taken = new Set<number>()
  const specificity = (terms: Term[]) => Math.max(0, ...terms.filter((t) => corpus.stems.has(t.stem)).map((t) => corpus.idf(t.stem)))

  for (const match of lexicon.match(stems)) {
    const span = Array.from({ length: match.length }, (_, i) => match.start + i)
    const cue = span.every((i) => parsed.cueWords.has(i))
    span.forEach((i) => taken.add(i))
    const own = match.length === 1 ? resolveWord(parsed.words[match.start]!.word, stems[match.start]!, corpus).filter((t) => t.via === 'word') : []
    const expansions = match.expansions.flatMap((phrase) => phrase.map(([s, word]) => ({ stem: s, word, weight: VIA_WEIGHT.lexicon, via: 'lexicon' as const })))
    const terms = dedupe([...own, ...expansions]).filter((t) => corpus.stems.has(t.stem))
    units.push({ text: match.term, terms, known: terms.length > 0, neutral: false, cue, weight: terms.length > 0 ? specificity(terms) : unknownWeight(corpus) })
  }
  parsed.words.forEach((w, i) => {
    if (taken.has(i)) return
    const cue = parsed.cueWords.has(i)
    if (parsed.framing.has(i) && !cue) return
    const terms = resolveWord(w.word, w.stem, corpus)
    const known = terms.length > 0
    const neutral = !known && corpus.sourceStems.has(w.stem)
    units.push({ text: w.word, terms, known, neutral, cue, weight: known ? specificity(terms) : unknownWeight(corpus) })
  })
  return units
}

/**
 * A field's weight grows with the word's rarity: a rare word in a name says the entity is
 * about it; a word in every name ("calcinosis") says nothing more there than elsewhere.
 */
const fieldWeight = (field: Field, idf: number, corpus: Corpus) => 1 + (FIELD_WEIGHT[field] - 1) * Math.min(1, idf / corpus.maxIdf)

/** Each entity's best match per unit, through the postings of the units' terms. */
function collectMatches(units: Unit[], corpus: Corpus): Map<number, Match[]> {
  const byEntity = new Map<number, Match[]>()
  for (const unit of units) {
    const best = new Map<number, Match>()
    for (const term of unit.terms) {
      const idf = corpus.idf(term.stem)
      for (const packed of corpus.postings.get(term.stem) ?? []) {
        const { entity, field } = posting(packed)
        const value = term.weight * idf * fieldWeight(field, idf, corpus) * (unit.cue ? (term.via === 'lexicon' ? LEXICON_CUE_WEIGHT : CUE_WEIGHT) : 1)
        const current = best.get(entity)
        if (!current || value > current.score) best.set(entity, { unit, term, field, score: value })
      }
    }
    for (const [entity, match] of best) {
      const list = byEntity.get(entity)
      if (list) list.push(match)
      else byEntity.set(entity, [match])
    }
  }
  return byEntity
}

function scoreEntity(entity: CorpusEntity, matches: Match[], corpus: Corpus, parsed: ParsedQuestion): Ranked | null {
  const kind = parsed.kind
  const intended = kind !== null && entity.kind === kind
  // Cue words alone ("treat") select nothing outside the kind asked for, unless the lexicon gave them a meaning ("die" → mortality).
  if (!intended && matches.every((m) => m.unit.cue && m.term.via !== 'lexicon')) return null
  let score = matches.reduce((sum, m) => sum + m.score, 0)
  // A handful of matches at most: looked through, not put in a set (this runs for every candidate).
  const matched = (s: string) => matches.some((m) => m.term.stem === s)
  let nameBonus = 0
  for (const name of entity.names) {
    if (name.length === 0 || !name.every(matched)) continue
    nameBonus = Math.max(nameBonus, 0.5 * name.reduce((sum, s) => sum + corpus.idf(s), 0))
  }
  score += nameBonus
  score *= KINDS[entity.kind].searchWeight === 1 ? 1 : Math.sqrt(KINDS[entity.kind].searchWeight)
  if (intended) score = score * (1 + INTENT_BOOST * parsed.intentStrength) + 1 + INTENT_BONUS * parsed.intentStrength
  const ranked = { entity, score, matches, fuzzy: matches.length > 0 && matches.every((m) => m.term.via === 'spelling' || m.unit.cue) }
  // A question asking for a number prefers evidence that states one.
  if (parsed.asksQuantity && evidenceHasNumber(ranked, corpus)) ranked.score *= QUANTITY_BOOST
  return ranked
}

/** Every entity matching the question, best first (ties by kind order, then id): independent of any limit. */
export function analyze(question: string, lexicon: Lexicon, corpus: Corpus, kinds: readonly KindKey[] = []): Analysis {
  const parsed = parseQuestion(question)
  const units = questionUnits(parsed, lexicon, corpus)
  const ranked: Ranked[] = []
  const byEntity = collectMatches(units, corpus)
  // Only entities that matched a word, and those of the kind asked for, can rank: at 100x
  // the seed, visiting all 10,500 for a word a few hundred hold cost more than the scoring.
  const consider = (index: number, matches: Match[]) => {
    const entity = corpus.entities[index]!
    if (kinds.length > 0 && !kinds.includes(entity.kind)) return
    const scored = scoreEntity(entity, matches, corpus, parsed)
    if (scored) ranked.push(scored)
  }
  for (const [index, matches] of byEntity) consider(index, matches)
  if (parsed.kind) for (const index of corpus.byKind.get(parsed.kind) ?? []) if (!byEntity.has(index)) consider(index, [])
  // Ties by kind, then id (`order`, computed with the corpus): comparing strings here dominated a search at scale.
  ranked.sort((a, b) => b.score - a.score || a.entity.order - b.entity.order)
  return { parsed, units, ranked }
}

/** Whether the best results hold an answer: idf-weighted coverage of the question's content. */
export function answerability(analysis: Analysis, corpus: Corpus): Answerability {
  const top = analysis.ranked.slice(0, EVIDENCE_DEPTH)
  const content = analysis.units.filter((unit) => !unit.cue && !unit.neutral)
  const covered: string[] = []
  const uncovered: string[] = []
  let total = 0
  let got = 0
  for (const unit of content) {
    total += unit.weight
    if (top.some((result) => result.matches.some((m) => m.unit === unit))) {
      got += unit.weight
      covered.push(unit.text)
    } else uncovered.push(unit.text)
  }
  const kind = analysis.parsed.kind
  if (kind) {
    // The kind asked for is one more thing to cover, weighted like an average word.
    const weight = 1.5
    total += weight
    if (top.some((result) => result.entity.kind === kind)) got += weight
    else uncovered.push(`(${KINDS[kind].path})`)
  }
  let confidence = total > 0 ? got / total : 0
  if (analysis.parsed.asksQuantity && !top.some((result) => evidenceHasNumber(result, corpus))) confidence *= NO_NUMBER_FACTOR
  // "what is it", "where": a weak cue alone names nothing to answer about.
  if (top.length === 0 || (content.length === 0 && analysis.parsed.weakIntent)) confidence = 0
  confidence = Math.round(confidence * 100) / 100
  return { answerable: confidence >= ANSWERABLE_THRESHOLD, confidence, covered, uncovered }
}

/** Whether the text that matched the question (the summary, or the best quotes) states a number. */
function evidenceHasNumber(result: Ranked, corpus: Corpus): boolean {
  if (result.matches.some((m) => m.field === 'summary' && !m.unit.cue) && hasDigit(result.entity.summary)) return true
  return bestCitations(result, corpus).some((citation) => hasDigit(citation.quote) && result.matches.some((m) => !m.unit.cue && citation.stems.has(m.term.stem)))
}

/** The entity's citations that carry the matched words, best first (all, when none does). */
export function bestCitations(result: Ranked, corpus: Corpus, max = 3): CorpusCitation[] {
  const scored = result.entity.citations
    .map((citation, index) => ({
      citation,
      index,
      score: result.matches.filter((m) => !m.unit.cue).reduce((sum, m) => sum + (citation.stems.has(m.term.stem) ? corpus.idf(m.term.stem) : 0), 0)
    }))
    .sort((a, b) => b.score - a.score || a.index - b.index)
  const hits = scored.filter((entry) => entry.score > 0)
  return (hits.length > 0 ? hits : scored).slice(0, max).map((entry) => entry.citation)
}

/** A short account of why a result matched: the words found and where. */
export function explain(result: Ranked, intent: KindKey | null): string {
  const parts = result.matches
    .filter((m) => !m.unit.cue || m.term.via === 'lexicon')
    .sort((a, b) => b.score - a.score)
    .map((m) => {
      const how = m.term.via === 'word' ? '' : m.term.via === 'lexicon' ? ` (as "${m.term.word}")` : m.term.via === 'spelling' ? ` (as "${m.term.word}")` : ` (as "${m.term.word}")`
      return `"${m.unit.text}"${how} in ${m.field}`
    })
  if (intent && result.entity.kind === intent) parts.push(`asked for ${KINDS[intent].path}`)
  return `matched ${parts.join(', ') || 'the question'}`
}
