/**
 * The lay lexicon: words and phrases people use ("kids", "lump", "die") mapped to the
 * words the knowledge base uses ("children", "nodule", "mortality"). It is data (the
 * `lexicon` table, seeded from `seed/lexicon.json`, edited through the admin API);
 * this module only matches it against a question.
 */
import { stem, stemAll, words } from './text.js'

export interface LexiconEntry {
  /** A lay word or phrase, lower case. */
  term: string
  /** What it means in the knowledge base's words: words or phrases. */
  expansions: string[]
}

export interface LexiconMatch {
  /** Index of the first question word the term covers, and how many it covers. */
  start: number
  length: number
  term: string
  /** Every expansion as [stem, word] pairs, each expansion kept whole. */
  expansions: Array<Array<[string, string]>>
}

export interface Lexicon {
  /** Longest lexicon terms found in a question's stems, left to right, not overlapping. */
  match(stems: string[]): LexiconMatch[]
  size: number
}

export function compileLexicon(entries: readonly LexiconEntry[]): Lexicon {
  const compiled = entries
    .map((entry) => ({
      term: entry.term,
      stems: stemAll(entry.term),
      expansions: entry.expansions.map((phrase) => words(phrase).map((word): [string, string] => [stem(word), word])).filter((e) => e.length > 0)
    }))
    .filter((entry) => entry.stems.length > 0)
  // Several terms can share stems ("kid", "kids"): merge their expansions.
  const byKey = new Map<string, (typeof compiled)[number]>()
  for (const entry of compiled) {
    const key = entry.stems.join(' ')
    const existing = byKey.get(key)
    if (existing) existing.expansions.push(...entry.expansions)
    else byKey.set(key, { ...entry, expansions: [...entry.expansions] })
  }
  const byFirst = new Map<string, Array<(typeof compiled)[number]>>()
  for (const entry of byKey.values()) {
    const list = byFirst.get(entry.stems[0]!) ?? []
    list.push(entry)
    byFirst.set(entry.stems[0]!, list)
  }
  for (const list of byFirst.values()) list.sort((a, b) => b.stems.length - a.stems.length)

  return {
    size: entries.length,
    match(stems) {
      const out: LexiconMatch[] = []
      for (let i = 0; i < stems.length; i++) {
        const found = byFirst.get(stems[i]!)?.find((entry) => entry.stems.every((part, j) => stems[i + j] === part))
        if (!found) continue
        out.push({ start: i, length: found.stems.length, term: found.term, expansions: found.expansions })
        i += found.stems.length - 1
      }
      return out
    }
  }
}
