/**
 * The overview, rendered once per change of content (issue 15): an overview reads dozens
 * of entities, so its JSON and Markdown are kept, per condition, until the stored
 * renderings change (their content version, bumped by every write that changed one, in
 * any process). While renderings are not current (a write behind the write path's back)
 * nothing is kept.
 */
import { fragmentOf, type Fragment } from '../lib/fragment.js'
import type { EntityRepository } from '../repositories/entities/index.js'
import type { SourceRepository } from '../repositories/sources.js'
import { buildOverview } from './build.js'
import { overviewMarkdown } from './markdown.js'

export type OverviewFormat = 'json' | 'markdown'

export function createOverviewDocuments(entities: EntityRepository, sources: SourceRepository) {
  let version: number | null = null
  const documents = new Map<string, Fragment>()

  const render = (id: string, format: OverviewFormat): Fragment | null => {
    const overview = buildOverview(entities, sources, id)
    if (!overview) return null
    return fragmentOf(format === 'markdown' ? overviewMarkdown(overview) : JSON.stringify({ data: overview }))
  }

  return {
    /** The overview of condition `id` as JSON (`{ data }`) or Markdown, encoded, with its digest; null when there is no such published condition. */
    get(id: string, format: OverviewFormat): Fragment | null {
      const current = entities.contentVersion()
      if (current === null) return render(id, format)
      if (current !== version) {
        documents.clear()
        version = current
      }
      const key = `${format} ${id}`
      const kept = documents.get(key)
      if (kept) return kept
      const document = render(id, format)
      // Unknown ids are not kept: a client asking for many would grow the map without bound.
      if (document !== null) documents.set(key, document)
      return document
    }
  }
}

export type OverviewDocuments = ReturnType<typeof createOverviewDocuments>
