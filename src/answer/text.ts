/**
 * How question text and knowledge-base text are cut into comparable words: lower case,
 * accents and possessives dropped, then Porter-stemmed, so that "ulcerated" meets
 * "ulceration" and "kids" stays "kid" (never "kidney").
 */
import { stemmer } from 'stemmer'

/** Lower-cased letter/digit words of a text, diacritics and possessive 's removed. */
export function words(text: string): string[] {
  const plain = text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[’‘`]/g, "'")
    .replace(/(\p{L})'s\b/gu, '$1')
    // Contractions: "can't" keeps its "not"; "I'm", "you're", "we'll" lose the verb.
    .replace(/n't\b/g, ' not')
    .replace(/(\p{L})'(m|re|ve|ll|d)\b/gu, '$1')
  return plain.match(/[\p{L}\p{N}]+/gu) ?? []
}

const stems = new Map<string, string>()
/** The Porter stem of a lower-cased word (memoized: the vocabulary is small and reused). */
export function stem(word: string): string {
  let out = stems.get(word)
  if (out === undefined) {
    out = word.length <= 3 || /\d/.test(word) ? word : stemmer(word)
    if (stems.size < 50_000) stems.set(word, out)
  }
  return out
}

export const stemAll = (text: string): string[] => words(text).map(stem)

const tokenStems = new Map<string, string>()
/** The stem of a token's first word, '' when it has none (memoized: snippets highlight the same words over and over). */
export function stemOfToken(token: string): string {
  let out = tokenStems.get(token)
  if (out === undefined) {
    const [word] = words(token)
    out = word === undefined ? '' : stem(word)
    if (tokenStems.size < 50_000) tokenStems.set(token, out)
  }
  return out
}

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions); above `cap` it returns cap + 1. */
export function editDistance(a: string, b: string, cap: number): number {
  if (Math.abs(a.length - b.length) > cap) return cap + 1
  let before = new Array<number>(b.length + 1).fill(0)
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  let current = new Array<number>(b.length + 1).fill(0)
  for (let i = 1; i <= a.length; i++) {
    current[0] = i
    let best = i
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, before[j - 2]! + 1)
      current[j] = value
      if (value < best) best = value
    }
    if (best > cap) return cap + 1
    ;[before, previous, current] = [previous, current, before]
  }
  return Math.min(previous[b.length]!, cap + 1)
}

/** Whether a text states a number ("30%", "70 mg"); digits inside a name ("CO2") do not count. */
export const hasDigit = (text: string) => /(^|[^\p{L}\p{N}])\d/u.test(text)
