/**
 * Full-text search over entities (BM25 on `search_index`, names weighted above body
 * text, a trigram fallback for typos) and over passages (`passages_fts`).
 *
 * User text never reaches FTS5 as syntax: it is cut into letter/digit tokens, and each
 * token is quoted, so `"`, `NEAR(`, `*`, `OR` or parentheses are only ever words.
 */
import { and, eq, inArray, isNull, sql } from 'drizzle-orm'
import type { Db } from '../db/connection.js'
import * as s from '../db/schema.js'
import { KIND_LIST, KINDS, isKindKey, type KindKey } from '../kinds/index.js'

export interface SearchHit {
  kind: KindKey
  id: string
  name: string
  snippet: string
  score: number
}

export interface SearchResult {
  hits: SearchHit[]
  match: 'exact' | 'fuzzy' | 'none'
}

export interface EntityMention {
  kind: KindKey
  id: string
  name: string
}

export interface Passage {
  id: string
  source: { id: string; title: string; publisher: string; url: string | null }
  section: { id: string; heading: string }
  text: string
  score: number
  entities: EntityMention[]
}

/** Words that carry no meaning for ranking ("what can cause …"). */
const STOPWORDS = new Set(
  'a about after also an and are as at be been before but by can could do does during for from has have how i if in into is it its me my no not of on or our should so than that the them then there these they this those to us was we were what when where which who why will with you your'.split(
    ' '
  )
)
const MAX_TOKENS = 12

/** Lower-cased letter/digit tokens of the user's text, stopwords dropped. */
export function tokenize(text: string): string[] {
  const tokens = (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((token) => !STOPWORDS.has(token))
  return [...new Set(tokens)].slice(0, MAX_TOKENS)
}

/** An FTS5 query matching any token, each as a quoted prefix. */
const anyPrefix = (tokens: string[]) => tokens.map((token) => `"${token}"*`).join(' OR ')

// Column weights of bm25(search_index): kind, entity_id, name, aliases, summary, quotes.
const WEIGHTS = '0, 0, 10, 8, 2, 1'
const kindWeight = sql.raw(
  `case kind ${KIND_LIST.filter((kind) => kind.searchWeight !== 1).map((kind) => `when '${kind.key}' then ${kind.searchWeight}`).join(' ')} else 1 end`
)

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
/** FTS5 marks matches with control characters; they become <mark> after escaping. */
const highlight = (marked: string) => escapeHtml(marked).replaceAll('\u0001', '<mark>').replaceAll('\u0002', '</mark>')

const trigrams = (word: string): Set<string> => {
  const padded = word.toLowerCase()
  const grams = new Set<string>()
  for (let i = 0; i + 3 <= padded.length; i++) grams.add(padded.slice(i, i + 3))
  return grams
}

const similarity = (a: Set<string>, b: Set<string>) => {
  let shared = 0
  for (const gram of a) if (b.has(gram)) shared++
  return shared / (a.size + b.size - shared || 1)
}

/** Below this trigram similarity a word is not taken as a misspelling of another. */
const FUZZY_THRESHOLD = 0.35

const round = (score: number) => Math.round(score * 1000) / 1000

/** How many of the best BM25 candidates are re-ranked by name coverage. */
const RERANK_DEPTH = 3

/**
 * The share of a name's words (or, if better, an alias's) that the query's tokens
 * match as prefixes: 1 when the query names the entity. BM25 saturates on short names,
 * so "calciphylaxis" would otherwise rank entities that merely mention it above it.
 */
function nameCoverage(tokens: string[], name: string, aliases: string): number {
  const names = [name, ...aliases.split(' | ')]
  let best = 0
  for (const candidate of names) {
    const words = tokenize(candidate)
    if (words.length === 0) continue
    const covered = words.filter((word) => tokens.some((token) => word.startsWith(token) || token.startsWith(word))).length
    best = Math.max(best, covered / words.length)
  }
  return best
}

export function createSearchRepository(db: Db) {
  function exact(tokens: string[], kinds: KindKey[], limit: number): SearchHit[] {
    const rows = db.all<{ kind: string; id: string; name: string; aliases: string; snippet: string; rank: number }>(sql`
      select kind, entity_id as id, name, aliases,
             snippet(search_index, -1, char(1), char(2), '…', 16) as snippet,
             bm25(search_index, ${sql.raw(WEIGHTS)}) * ${kindWeight} as rank
      from search_index
      where search_index match ${anyPrefix(tokens)} ${kinds.length ? sql`and kind in ${kinds}` : sql``}
      order by rank, id
      limit ${Math.min(limit * RERANK_DEPTH, 200)}`)
    return rows
      .filter((row) => isKindKey(row.kind))
      .map((row) => ({
        kind: row.kind as KindKey,
        id: row.id,
        name: row.name,
        snippet: highlight(row.snippet),
        score: round(-row.rank * (1 + nameCoverage(tokens, row.name, row.aliases)))
      }))
      .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id))
      .slice(0, limit)
  }

  /** Typo tolerance: candidates sharing trigrams with a token, kept when a word is similar enough. */
  function fuzzy(tokens: string[], kinds: KindKey[], limit: number): SearchHit[] {
    const words = tokens.filter((token) => token.length >= 4)
    if (words.length === 0) return []
    const grams = [...new Set(words.flatMap((word) => [...trigrams(word)]))]
    const rows = db.all<{ kind: string; id: string; name: string; aliases: string }>(sql`
      select kind, entity_id as id, name, aliases from search_trigram
      where search_trigram match ${grams.map((gram) => `"${gram}"`).join(' OR ')} ${kinds.length ? sql`and kind in ${kinds}` : sql``}
      order by rank limit 200`)
    const hits: SearchHit[] = []
    for (const row of rows) {
      if (!isKindKey(row.kind)) continue
      let best = 0
      let bestWord = ''
      for (const candidate of `${row.name} ${row.aliases}`.split(/[^\p{L}\p{N}]+/u).filter(Boolean)) {
        const candidateGrams = trigrams(candidate)
        for (const word of words) {
          const score = similarity(trigrams(word), candidateGrams) * KINDS[row.kind].searchWeight
          if (score > best) [best, bestWord] = [score, candidate]
        }
      }
      if (best < FUZZY_THRESHOLD) continue
      const at = row.name.toLowerCase().indexOf(bestWord.toLowerCase())
      const snippet = at < 0 ? escapeHtml(row.name) : highlight(`${row.name.slice(0, at)}\u0001${row.name.slice(at, at + bestWord.length)}\u0002${row.name.slice(at + bestWord.length)}`)
      hits.push({ kind: row.kind, id: row.id, name: row.name, snippet, score: round(best) })
    }
    return hits.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id)).slice(0, limit)
  }

  /** Visible entities whose own or link citations quote inside the given passages. */
  function mentions(passageRows: Array<{ rowId: number; sectionId: number; text: string }>): Map<number, EntityMention[]> {
    const out = new Map<number, EntityMention[]>()
    if (passageRows.length === 0) return out
    const cited = db
      .select({
        sectionId: s.citations.sectionId,
        quote: s.citations.quote,
        entityKind: s.citations.entityKind,
        entityId: s.citations.entityId,
        relatedKind: s.citations.relatedKind,
        relatedId: s.citations.relatedId
      })
      .from(s.citations)
      .where(inArray(s.citations.sectionId, [...new Set(passageRows.map((row) => row.sectionId))]))
      .all()
    const wanted = new Map<KindKey, Set<string>>()
    const perPassage = new Map<number, Array<[KindKey, string]>>()
    for (const passage of passageRows) {
      const list: Array<[KindKey, string]> = []
      for (const citation of cited) {
        if (citation.sectionId !== passage.sectionId || !passage.text.includes(citation.quote)) continue
        for (const [kind, id] of [
          [citation.entityKind, citation.entityId],
          [citation.relatedKind, citation.relatedId]
        ]) {
          if (kind && id && isKindKey(kind)) {
            list.push([kind, id])
            wanted.set(kind, (wanted.get(kind) ?? new Set()).add(id))
          }
        }
      }
      perPassage.set(passage.rowId, list)
    }
    const names = new Map<string, string>()
    for (const [kind, ids] of wanted) {
      const table = KINDS[kind].table
      for (const row of db
        .select({ id: table.id, name: table.name })
        .from(table)
        .where(and(inArray(table.id, [...ids]), eq(table.status, 'published'), isNull(table.deletedAt)))
        .all()) {
        names.set(`${kind}/${row.id as string}`, row.name as string)
      }
    }
    for (const [rowId, list] of perPassage) {
      const seen = new Set<string>()
      const entities: EntityMention[] = []
      for (const [kind, id] of list) {
        const key = `${kind}/${id}`
        const name = names.get(key)
        if (name === undefined || seen.has(key)) continue
        seen.add(key)
        entities.push({ kind, id, name })
      }
      out.set(rowId, entities)
    }
    return out
  }

  return {
    entities(query: string, kinds: KindKey[], limit: number): SearchResult {
      const tokens = tokenize(query)
      if (tokens.length === 0) return { hits: [], match: 'none' }
      const hits = exact(tokens, kinds, limit)
      if (hits.length > 0) return { hits, match: 'exact' }
      const near = fuzzy(tokens, kinds, limit)
      return { hits: near, match: near.length > 0 ? 'fuzzy' : 'none' }
    },

    passages(query: string, limit: number): Passage[] {
      const tokens = tokenize(query)
      if (tokens.length === 0) return []
      const rows = db.all<{
        rowId: number
        sectionId: number
        position: number
        text: string
        sectionSlug: string
        heading: string
        sourceId: string
        title: string
        publisher: string
        url: string | null
        rank: number
      }>(sql`
        select p.id as rowId, p.section_id as sectionId, p.position, p.text, ss.slug as sectionSlug, ss.heading,
               src.id as sourceId, src.title, src.publisher, src.url, bm25(passages_fts) as rank
        from passages_fts
        join passages p on p.id = passages_fts.rowid
        join source_sections ss on ss.id = p.section_id
        join sources src on src.id = ss.source_id
        where passages_fts match ${anyPrefix(tokens)} and src.status = 'published' and src.deleted_at is null
        order by rank, p.id
        limit ${limit}`)
      const entities = mentions(rows)
      return rows.map((row) => ({
        id: `${row.sourceId}/${row.sectionSlug}/${row.position}`,
        source: { id: row.sourceId, title: row.title, publisher: row.publisher, url: row.url },
        section: { id: row.sectionSlug, heading: row.heading },
        text: row.text,
        score: round(-row.rank),
        entities: entities.get(row.rowId) ?? []
      }))
    }
  }
}

export type SearchRepository = ReturnType<typeof createSearchRepository>
