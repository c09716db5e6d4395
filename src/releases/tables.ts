/**
 * Which tables a release may carry. A release is a copy of the database with everything
 * private removed; the decision is an explicit list both ways, so that a table someone adds
 * later is neither leaked nor silently dropped: building a release refuses a database with
 * a table in neither list, and a test fails until the new table is classified here.
 */
import type Database from 'better-sqlite3'
import { getTableName } from 'drizzle-orm'
import { LINKS } from '../db/schema.js'
import { KIND_LIST } from '../kinds/index.js'

/** Editorial and operational data: emptied in a release (the tables stay, so the schema is the primary's). */
export const PRIVATE_TABLES: ReadonlySet<string> = new Set([
  'api_keys',
  'revisions',
  'audit_log',
  // What is left to render: removing hidden rows queues their neighbours, whose stored
  // renderings already leave hidden content out (they are the public view); emptied, so a
  // replica serves the stored renderings instead of rendering afresh.
  'render_queue'
])

/**
 * What public reads are served from. Rows of these tables are filtered, not dropped whole:
 * entities and sources that are not visible, and rows that point at them, go (see build.ts).
 */
export const PUBLIC_TABLES: ReadonlySet<string> = new Set([
  // entities (one table per kind) and their links: what the descriptors and schema declare
  ...KIND_LIST.map((kind) => kind.tableName),
  ...LINKS.map((link) => getTableName(link.table)),
  // what entities carry
  'citations',
  'aliases',
  'external_codes',
  // near-duplicates related to each other (a member that is not visible goes with its entity)
  'related_groups',
  'related_members',
  // sources, the text citations quote
  'sources',
  'source_sections',
  'passages',
  // search and answers
  'search_keys',
  'search_index',
  'search_trigram',
  'passages_fts',
  'lexicon',
  // the read model: public renderings of published entities, and its version
  'rendered_entities',
  'render_state',
  // ids that went away answer 410
  'retired_ids',
  // which migrations built the schema: a replica checks it runs the same
  '__drizzle_migrations'
])

/** Tables SQLite keeps for itself (sqlite_sequence, sqlite_stat1): never classified. */
const isInternal = (name: string) => name.startsWith('sqlite_')

/** The shadow tables FTS5 keeps for a virtual table (`search_index_data`, …) follow their table. */
const FTS_SHADOW = /^(.+)_(data|idx|content|docsize|config)$/

export interface TableClasses {
  private: string[]
  public: string[]
  /** In neither list: a release must not be built until they are classified. */
  unclassified: string[]
  /** The tables that hold rows of their own: neither an FTS5 virtual table nor one of its shadow tables. */
  ordinary: Set<string>
}

/** Classifies every table of the database. */
export function classifyTables(sqlite: Database.Database): TableClasses {
  const names = (sqlite.prepare(`select name from sqlite_master where type = 'table' order by name`).pluck().all() as string[]).filter((name) => !isInternal(name))
  const virtual = new Set(sqlite.prepare(`select name from sqlite_master where type = 'table' and sql like 'CREATE VIRTUAL TABLE%'`).pluck().all() as string[])
  const classes: TableClasses = { private: [], public: [], unclassified: [], ordinary: new Set() }
  for (const name of names) {
    const shadowOf = FTS_SHADOW.exec(name)?.[1]
    const owner = shadowOf !== undefined && virtual.has(shadowOf) ? shadowOf : name
    if (owner === name && !virtual.has(name)) classes.ordinary.add(name)
    if (PRIVATE_TABLES.has(owner)) classes.private.push(name)
    else if (PUBLIC_TABLES.has(owner)) classes.public.push(name)
    else classes.unclassified.push(name)
  }
  return classes
}
