/**
 * The `meta` of every public list and item answer: a disclaimer, the dataset version,
 * when the content last changed, and attribution. Defined once, here.
 *
 * Cheap per request: it is computed when the content has changed and kept until the next
 * change. A change is seen through SQLite itself — `total_changes()` moves with every
 * write on this connection (the server's own writes), `PRAGMA data_version` with every
 * commit by another connection (a second server, `npm run seed`) — so the meta, the
 * answers that carry it and their ETags never show an old state. Both are read only
 * when an answer is computed, never for an answer served from the response cache.
 */
import { getTableName } from 'drizzle-orm'
import { changeKeyOf } from '../db/change-key.js'
import type { Store } from '../db/connection.js'
import * as s from '../db/schema.js'
import { KIND_LIST } from '../kinds/index.js'
import { visibleSql } from '../kinds/visibility.js'
import { exportBundle } from './export.js'

export const DISCLAIMER =
  'This content restates its sources for information only. It is not medical advice and does not replace a clinician: consult a qualified healthcare professional about any symptom, diagnosis or treatment.'

export interface Meta {
  disclaimer: string
  datasetVersion: string
  lastUpdated: string | null
  attribution: string
}

interface SourceAttribution {
  title: string
  publisher: string
  url: string | null
  license: string
}

/** One line per source: title, publisher, address (or that none is recorded) and licence. */
export const attributionOf = (sources: SourceAttribution[]): string =>
  sources
    .map((source) => `"${source.title}", ${source.publisher}${source.url ? `, ${source.url}` : ' (no address recorded)'}; licence: ${source.license}`)
    .join(' | ')

export function createMetaSource(store: Store) {
  const { sqlite } = store
  const changeKey = changeKeyOf(sqlite)
  // The newest change of any entity (a review, a link, a deletion included: each bumps `updated_at`) or source.
  const tables = [...KIND_LIST.map((kind) => kind.tableName), getTableName(s.sources)]
  const newest = sqlite.prepare(`select max(at) from (${tables.map((table) => `select max(updated_at) as at from ${table}`).join(' union all ')})`).pluck()
  const sourcesTable = getTableName(s.sources)
  const attributed = sqlite.prepare(`select title, publisher, url, license from ${sourcesTable} where ${visibleSql(sourcesTable)} order by id`)

  function build(): Meta {
    return {
      disclaimer: DISCLAIMER,
      // The export's own definition: a hash of the published content as exported.
      datasetVersion: exportBundle(store).datasetVersion as string,
      lastUpdated: (newest.get() as string | null) ?? null,
      attribution: attributionOf(attributed.all() as SourceAttribution[])
    }
  }

  let cached: { key: string; meta: Meta; json?: string } | undefined
  const fresh = () => {
    const key = changeKey()
    if (cached?.key !== key) cached = { key, meta: build() }
    return cached
  }
  return {
    current(): Meta {
      return fresh().meta
    },
    /** The same as JSON text, serialized once per change: answers written as stored text splice it in. */
    currentJson(): string {
      const entry = fresh()
      return (entry.json ??= JSON.stringify(entry.meta))
    }
  }
}

export type MetaSource = ReturnType<typeof createMetaSource>
