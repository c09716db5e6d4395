/** Which rows an audience sees, as SQL: the one place the repository applies visibility. */
import { visibleSql } from '../../kinds/visibility.js'
import { inList, type Params } from './statements.js'
import type { Audience, ListQuery } from './types.js'

/**
 * What a related entity, a filter value or an embedded entity must be to be seen.
 * Editors see every link, to drafts and deleted entities too: a revision snapshot
 * must hold all of them, or restoring it would drop some.
 */
export const seenBy = (audience: Audience, alias: string): string => (audience === 'public' ? visibleSql(alias) : '1 = 1')

/** Which rows a list or get shows: for editors, the statuses and deletion state asked for. */
export function rowScope(audience: Audience, query: Pick<ListQuery, 'status' | 'deleted'>, params: Params): string[] {
  if (audience === 'public') return [visibleSql('e')]
  const clauses: string[] = []
  if (query.status?.length) {
    params.status = JSON.stringify(query.status)
    clauses.push(`e.status in ${inList('status')}`)
  }
  const deleted = query.deleted ?? 'exclude'
  if (deleted === 'exclude') clauses.push('e.deleted_at is null')
  if (deleted === 'only') clauses.push('e.deleted_at is not null')
  return clauses
}

export const where = (clauses: string[]) => (clauses.length ? `where ${clauses.join(' and ')}` : '')
