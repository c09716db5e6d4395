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

export interface CorpusEntity {
  kind: KindKey
  id: string
  name: string
  summary: string
  citations: CorpusCitation[]
  fields: Record<Field, Set<string>>
  /** Stems of the name and of each alias: naming an entity in full ranks it first. */
  names: string[][]
  /** A clinical reviewer disputes it: answers and search say so. */
  disputed: boolean
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
  /** Stem → the entities holding it, each with the strongest field it is in. */
  postings: Map<string, Array<{ entity: number; field: Field }>>
  /** Memo of how question words resolve against this corpus (see engine.ts). */
  resolved: Map<string, unknown>
  /** Stems used anywhere in the sources, entities or not. */
  sourceStems: Set<string>
  idf(stem: string): number
  /** The idf of a stem seen once: the weight of a word the corpus never uses. */
  maxIdf: number
}

const stemSet = (texts: string[]) => new Set(texts.flatMap((text) => words(text).map(stem)))

export function buildCorpus(inputs: EntityInput[], sourceTexts: string[]): Corpus {
  const vocabulary = new Map<string, string>()
  const remember = (text: string) => {
    for (const word of words(text)) if (!vocabulary.has(word)) vocabulary.set(word, stem(word))
  }
  const entities = inputs.map((input): CorpusEntity => {
    for (const text of [input.name, ...input.aliases, input.summary, ...input.facets, ...input.citations.map((c) => c.quote)]) remember(text)
    const citations = input.citations.map((c) => ({ ...c, stems: stemSet([c.quote]) }))
    return {
      kind: input.kind,
      id: input.id,
      name: input.name,
      summary: input.summary,
      citations,
      fields: {
        name: stemSet([input.name, ...input.aliases]),
        summary: stemSet([input.summary]),
        facets: stemSet(input.facets),
        quotes: new Set(citations.flatMap((c) => [...c.stems]))
      },
      names: [input.name, ...input.aliases].map((text) => words(text).map(stem)),
      disputed: input.disputed ?? false
    }
  })
  const df = new Map<string, number>()
  const postings = new Map<string, Array<{ entity: number; field: Field }>>()
  entities.forEach((entity, index) => {
    const seen = new Set<string>()
    for (const field of FIELDS) {
      for (const s of entity.fields[field]) {
        if (seen.has(s)) continue
        seen.add(s)
        df.set(s, (df.get(s) ?? 0) + 1)
        const list = postings.get(s) ?? []
        list.push({ entity: index, field })
        postings.set(s, list)
      }
    }
  })
  const n = Math.max(entities.length, 1)
  // BM25's idf: a word most entities share ("calcinosis") weighs next to nothing.
  const idf = (s: string) => {
    const d = df.get(s) ?? 1
    return Math.log(1 + (n - d + 0.5) / (d + 0.5))
  }
  const sourceStems = stemSet(sourceTexts)
  for (const s of df.keys()) sourceStems.add(s)
  return {
    entities,
    stems: new Set(df.keys()),
    postings,
    resolved: new Map(),
    vocabulary,
    sourceStems,
    idf,
    maxIdf: Math.log(1 + (n - 0.5) / 1.5)
  }
}
