/** The `lexicon` table: small named queries, as the other repositories. */
import { asc, count, eq } from 'drizzle-orm'
import type { Db } from '../db/connection.js'
import * as s from '../db/schema.js'
import type { LexiconEntry } from './lexicon.js'

export interface StoredLexiconEntry extends LexiconEntry {
  updatedAt: string
}

/** Terms are matched in lower case with single spaces: stored that way. */
export const normalizeTerm = (term: string) => term.trim().toLowerCase().replace(/\s+/g, ' ')

export function createLexiconRepository(db: Db) {
  return {
    all(): StoredLexiconEntry[] {
      return db.select().from(s.lexicon).orderBy(asc(s.lexicon.term)).all()
    },

    get(term: string): StoredLexiconEntry | null {
      return db.select().from(s.lexicon).where(eq(s.lexicon.term, normalizeTerm(term))).get() ?? null
    },

    count(): number {
      return db.select({ n: count() }).from(s.lexicon).get()?.n ?? 0
    },

    /** Creates or replaces an entry; true when it was new. Takes the writer's transaction. */
    put(tx: Db, entry: LexiconEntry, at: string): boolean {
      const term = normalizeTerm(entry.term)
      const existed = tx.select({ term: s.lexicon.term }).from(s.lexicon).where(eq(s.lexicon.term, term)).get() !== undefined
      tx.insert(s.lexicon)
        .values({ term, expansions: entry.expansions, updatedAt: at })
        .onConflictDoUpdate({ target: s.lexicon.term, set: { expansions: entry.expansions, updatedAt: at } })
        .run()
      return !existed
    },

    /** True when there was such an entry. */
    delete(tx: Db, term: string): boolean {
      return tx.delete(s.lexicon).where(eq(s.lexicon.term, normalizeTerm(term))).run().changes > 0
    }
  }
}

export type LexiconRepository = ReturnType<typeof createLexiconRepository>
