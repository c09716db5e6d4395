/**
 * Full-text search over source passages (`passages_fts`), the passages behind given
 * quotes, and what the answer index needs from the database. Entity search is the answer
 * service's (`src/answer`), which ranks entities in memory.
 *
 * User text never reaches FTS5 as syntax: it is cut into letter/digit tokens, and each
 * token is quoted, so `"`, `NEAR(`, `*`, `OR` or parentheses are only ever words.
 */
import type Database from 'better-sqlite3'
import { and, eq, inArray, isNull, sql } from 'drizzle-orm'
import { changeKeyOf } from '../db/change-key.js'
import { groupBy } from '../lib/group-by.js'
import type { Db } from '../db/connection.js'
import * as s from '../db/schema.js'
import { KINDS, isKindKey, type KindKey } from '../kinds/index.js'

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

/**
 * An FTS5 query matching any token. Tokens are quoted whole, not as prefixes: with porter
 * stemming a prefix of a stem turns one word into another ("kids" → kid* → kidney).
 */
const anyWord = (tokens: string[]) => tokens.map((token) => `"${token}"`).join(' OR ')

const round = (score: number) => Math.round(score * 1000) / 1000

interface PassageRow {
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
}

const PASSAGE_COLUMNS = sql.raw(`p.id as rowId, p.section_id as sectionId, p.position, p.text, ss.slug as sectionSlug, ss.heading,
               src.id as sourceId, src.title, src.publisher, src.url`)

/** The statements the answer index runs, prepared once per connection. */
function prepareStatements(sqlite: Database.Database) {
  return {
    changes: changeKeyOf(sqlite),
    sourcesKey: sqlite
      .prepare(
        `select (select group_concat(key, ' ') from (select id || ':' || status || ':' || coalesce(deleted_at, '') || ':' || updated_at as key from sources order by id))
           || ' ' || (select count(*) || ':' || coalesce(max(id), 0) from passages)`
      )
      .pluck()
  }
}

export function createSearchRepository(db: Db) {
  let prepared: ReturnType<typeof prepareStatements> | undefined
  // Prepared on first use: a database migrated only part of the way has no renderings table.
  // drizzle's `get` prepares its statement on every call; these run on every question.
  const statements = () => (prepared ??= prepareStatements((db as unknown as { $client: Database.Database }).$client))

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

  const toPassages = (rows: PassageRow[]): Passage[] => {
    const entities = mentions(rows)
    return rows.map((row) => ({
      id: `${row.sourceId}/${row.sectionSlug}/${row.position}`,
      source: { id: row.sourceId, title: row.title, publisher: row.publisher, url: row.url },
      section: { id: row.sectionSlug, heading: row.heading },
      text: row.text,
      score: round(row.rank),
      entities: entities.get(row.rowId) ?? []
    }))
  }

  return {
    passages(query: string, limit: number): Passage[] {
      const tokens = tokenize(query)
      if (tokens.length === 0) return []
      const rows = db.all<PassageRow>(sql`
        select ${PASSAGE_COLUMNS}, -bm25(passages_fts) as rank
        from passages_fts
        join passages p on p.id = passages_fts.rowid
        join source_sections ss on ss.id = p.section_id
        join sources src on src.id = ss.source_id
        where passages_fts match ${anyWord(tokens)} and src.status = 'published' and src.deleted_at is null
        order by rank desc, p.id
        limit ${limit}`)
      return toPassages(rows)
    },

    /**
     * The published passages holding the given quotes, in the quotes' order, each once;
     * `score` is 1 for the first and falls with the rank.
     */
    passagesQuoting(quotes: Array<{ source: string; section: string; quote: string }>, limit: number): Passage[] {
      if (quotes.length === 0) return []
      const sections = [...new Set(quotes.map((q) => `${q.source}/${q.section}`))]
      const rows = db.all<PassageRow>(sql`
        select ${PASSAGE_COLUMNS}, 0 as rank
        from passages p
        join source_sections ss on ss.id = p.section_id
        join sources src on src.id = ss.source_id
        where src.id || '/' || ss.slug in ${sections} and src.status = 'published' and src.deleted_at is null
        order by p.id`)
      // Each quote is looked for in its own section's passages only, and each passage is taken
      // once: the answer index asks for every citation's passage at once (43,000 quotes at
      // 100x the seed), so scanning every passage per quote was quadratic (issue 15: the first
      // search on the 100x database did not answer within the bench's 7 s).
      const bySection = groupBy(rows, (row) => `${row.sourceId}/${row.sectionSlug}`)
      const picked = new Set<PassageRow>()
      for (const q of quotes) {
        const row = bySection.get(`${q.source}/${q.section}`)?.find((r) => r.text.includes(q.quote))
        if (row) picked.add(row)
        if (picked.size === limit) break
      }
      return toPassages([...picked].map((row, i) => ({ ...row, rank: 1 / (i + 1) })))
    },

    /** The text of every published passage: the vocabulary of the sources. */
    sourceTexts(): string[] {
      return db
        .all<{ text: string }>(sql`select p.text from passages p join source_sections ss on ss.id = p.section_id join sources src on src.id = ss.source_id
          where src.status = 'published' and src.deleted_at is null`)
        .map((row) => row.text)
    },

    /** Moves with every write, in any process (`src/db/change-key.ts`). */
    changes(): string {
      return statements().changes()
    },

    /** The published sources and their passages, as a key that moves when any of them changes. */
    sourcesKey(): string {
      return String(statements().sourcesKey.get())
    }
  }
}

export type SearchRepository = ReturnType<typeof createSearchRepository>
