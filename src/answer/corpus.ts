/**
 * The answer index: every published entity with the stems of its name and aliases,
 * summary, kind-specific fields and citation quotes, plus document frequencies. It is
 * small at seed size (a hundred entities, a few hundred quotes), so it lives in memory
 * and is rebuilt when the database changes.
 */
import type { KindKey } from '../kinds/index.js'
import { stem, words } from './text.js'

export interface CorpusCitation {
  id: number
  source: string
  section: string
  heading: string
  quote: string
  stems: Set<string>
}

/** Where a word was found in an entity, strongest first. */
export const FIELDS = ['name', 'summary', 'facets', 'quotes'] as const
export type Field = (typeof FIELDS)[number]

export const FIELD_WEIGHT: Record<Field, number> = { name: 3, summary: 1.5, facets: 1.2, quotes: 1 }

/** A posting: the entity's index and the field's, in one integer. */
const packPosting = (entity: number, field: Field) => entity * FIELDS.length + FIELDS.indexOf(field)
export const posting = (packed: number): { entity: number; field: Field } => ({ entity: Math.floor(packed / FIELDS.length), field: FIELDS[packed % FIELDS.length]! })

export interface CorpusEntity {
  kind: KindKey
  id: string
  name: string
  summary: string
  citations: CorpusCitation[]
  /** Stems of the name and of each alias: naming an entity in full ranks it first. */
  names: string[][]
  /** A clinical reviewer disputes it: answers and search say so. */
  disputed: boolean
  /** Its place among all entities by kind, then id: how equal scores are ordered. */
  order: number
}

export interface EntityInput {
  kind: KindKey
  id: string
  name: string
  summary: string
  aliases: string[]
  /** Values of kind-specific fields (modality, category, …), words of the vocabulary. */
  facets: string[]
  citations: Array<{ id: number; source: string; section: string; heading: string; quote: string }>
  disputed?: boolean
}

export interface Corpus {
  entities: CorpusEntity[]
  /** Raw word → stem, for every word of the entities (prefix and typo matching look here). */
  vocabulary: Map<string, string>
  /** Every stem of the entities. */
  stems: Set<string>
  /** Kind → its entities (indexes into `entities`). */
  byKind: Map<KindKey, number[]>
  /**
   * Stem → the entities holding it, each with the strongest field it is in, packed into one
   * small integer (`posting`): at 100x the seed there are about a million postings, and as
   * objects they were a large share of the heap every garbage collection walks.
   */
  postings: Map<string, number[]>
  /** Memo of how question words resolve against this corpus (see engine.ts). */
  resolved: Map<string, unknown>
  /** Stems used anywhere in the sources, entities or not. */
  sourceStems: Set<string>
  idf(stem: string): number
  /** The idf of a stem seen once: the weight of a word the corpus never uses. */
  maxIdf: number
}

/**
 * Builds a corpus entity by entity (`add`, in the order entities are to be listed), so that
 * it can be built a slice at a time between other work; `finish` completes it.
 */
export function createCorpusBuilder() {
  const vocabulary = new Map<string, string>()
  // Each distinct text is cut into words once: entities share quotes (a link's quote is
  // cited at both ends; 436 citations quote 119 texts in the seed), and cutting is the
  // costly part (Unicode normalization and several passes of regular expressions).
  const cut = new Map<string, { stems: string[]; stemSet?: Set<string> }>()
  const cutText = (text: string) => {
    let out = cut.get(text)
    if (!out) {
      const list = words(text)
      for (const word of list) if (!vocabulary.has(word)) vocabulary.set(word, stem(word))
      const stems = list.map((word) => vocabulary.get(word)!)
      out = { stems }
      cut.set(text, out)
    }
    return out
  }
  const df = new Map<string, number>()
  const postings = new Map<string, number[]>()
  const entities: CorpusEntity[] = []
  const add = (input: EntityInput) => {
    const index = entities.length
    // Each stem is posted once per entity, with the strongest field it is in: fields in
    // FIELDS order, and in this order of texts, for the vocabulary's order decides ties
    // between equally near spellings.
    const seen = new Set<string>()
    const post = (field: Field, text: string) => {
      const cutOf = cutText(text)
      for (const s of cutOf.stems) {
        if (seen.has(s)) continue
        seen.add(s)
        df.set(s, (df.get(s) ?? 0) + 1)
        const list = postings.get(s)
        if (list) list.push(packPosting(index, field))
        else postings.set(s, [packPosting(index, field)])
      }
      return cutOf
    }
    const names = [input.name, ...input.aliases].map((text) => post('name', text).stems)
    post('summary', input.summary)
    for (const text of input.facets) post('facets', text)
    const citations = input.citations.map(({ id, source, section, heading, quote }) => {
      const cutOf = post('quotes', quote)
      // Shared by every citation of the same quote.
      return { id, source, section, heading, quote, stems: (cutOf.stemSet ??= new Set(cutOf.stems)) }
    })
    entities.push({ kind: input.kind, id: input.id, name: input.name, summary: input.summary, citations, names, disputed: input.disputed ?? false, order: 0 })
  }

  function finish(sourceTexts: string[]): Corpus {
    // The one collation `localeCompare` uses, built once.
    const compare = new Intl.Collator().compare
    const byKindThenId = entities.map((_, index) => index).sort((a, b) => compare(entities[a]!.kind, entities[b]!.kind) || compare(entities[a]!.id, entities[b]!.id))
    byKindThenId.forEach((index, place) => (entities[index]!.order = place))
    const byKind = new Map<KindKey, number[]>()
    entities.forEach((entity, index) => {
      const list = byKind.get(entity.kind)
      if (list) list.push(index)
      else byKind.set(entity.kind, [index])
    })
    const n = Math.max(entities.length, 1)
    // BM25's idf: a word most entities share ("calcinosis") weighs next to nothing.
    const idf = (s: string) => {
      const d = df.get(s) ?? 1
      return Math.log(1 + (n - d + 0.5) / (d + 0.5))
    }
    const sourceStems = new Set<string>()
    for (const text of sourceTexts) for (const word of words(text)) sourceStems.add(stem(word))
    for (const s of df.keys()) sourceStems.add(s)
    return {
      entities,
      byKind,
      stems: new Set(df.keys()),
      postings,
      resolved: new Map(),
      vocabulary,
      sourceStems,
      idf,
      maxIdf: Math.log(1 + (n - 0.5) / 1.5)
    }
  }

  return { add, finish }
}
