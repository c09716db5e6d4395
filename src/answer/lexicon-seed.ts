/**
 * The seed lexicon (`seed/lexicon.json`): groups of lay terms sharing one meaning,
 * flattened into one entry per term. It fills the `lexicon` table when the table is
 * empty, so a fresh database answers lay questions at once; after that the table is the
 * editors' (an emptied table is seeded again on the next start).
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Db } from '../db/connection.js'
import * as schema from '../db/schema.js'
import { seedFolder } from '../paths.js'
import type { LexiconEntry } from './lexicon.js'
import { normalizeTerm, type LexiconRepository } from './lexicon-repository.js'

interface SeedFile {
  groups: Array<{ terms: string[]; means: string[] }>
}

export const LEXICON_SEED_FILE = join(seedFolder, 'lexicon.json')

export function readSeedLexicon(file = LEXICON_SEED_FILE): LexiconEntry[] {
  const data = JSON.parse(readFileSync(file, 'utf8')) as SeedFile
  const entries = new Map<string, LexiconEntry>()
  for (const group of data.groups) {
    for (const raw of group.terms) {
      const term = normalizeTerm(raw)
      const existing = entries.get(term)
      entries.set(term, { term, expansions: [...new Set([...(existing?.expansions ?? []), ...group.means])] })
    }
  }
  return [...entries.values()]
}

/** Fills an empty lexicon table from the seed file; returns how many entries it wrote. */
export function seedLexiconIfEmpty(db: Db, repository: LexiconRepository): number {
  if (repository.count() > 0) return 0
  const entries = readSeedLexicon()
  const updatedAt = new Date().toISOString()
  // One statement: this runs on the start-up path, where a few hundred built queries cost real time.
  db.insert(schema.lexicon)
    .values(entries.map((entry) => ({ term: entry.term, expansions: entry.expansions, updatedAt })))
    .onConflictDoNothing()
    .run()
  return entries.length
}
