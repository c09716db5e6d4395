/**
 * The review queue: every entity and link that needs a clinician's attention — disputed,
 * overdue (`nextReviewDue` in the past) or never reviewed — in that order, then by kind
 * and id. Deleted entities and links touching them are left out; drafts are in (they can
 * be reviewed before they are published). Keyset-paginated like every list.
 */
import type Database from 'better-sqlite3'
import { KIND_LIST, KINDS } from '../kinds/index.js'
import { decodeCursor, encodeCursor } from '../lib/cursor.js'
import { reviewColumnsSql, reviewOf } from './entities/serialize.js'
import { createStatements } from './entities/statements.js'
import type { ReviewOut } from './entities/types.js'

export const QUEUE_REASONS = ['disputed', 'overdue', 'unreviewed'] as const
export type QueueReason = (typeof QUEUE_REASONS)[number]

export interface QueueItem {
  /** The collection of the entity (for a link: of its owner side). */
  collection: string
  id: string
  name: string
  /** Null for the entity itself; the other side for a link. */
  link: { relation: string; id: string; name: string } | null
  reason: QueueReason
  review: ReviewOut
}

interface QueueRow {
  position: string
  reason: QueueReason
  collection: string
  id: string
  name: string
  relation: string | null
  otherId: string | null
  otherName: string | null
  reviewStatus: string
  reviewedAt: string | null
  reviewer: string | null
  reviewNote: string | null
  nextReviewDue: string | null
}

/** Why a row (alias `r`) is in the queue, and its rank; null when it is not. */
const reasonSql = (r: string) =>
  `case when ${r}.review_status = 'disputed' then 'disputed' when ${r}.next_review_due < @today then 'overdue' when ${r}.review_status = 'unreviewed' then 'unreviewed' end`
const rankSql = (r: string) => `case ${reasonSql(r)} when 'disputed' then 0 when 'overdue' then 1 else 2 end`
const needsReview = (r: string) => `(${r}.review_status <> 'reviewed' or ${r}.next_review_due < @today)`

function queueSql(): string {
  const parts = KIND_LIST.flatMap((kind, kindIndex) => {
    const entity = `select printf('%d|%02d|%s||', ${rankSql('e')}, ${kindIndex}, e.id) as position, ${reasonSql('e')} as reason,
        '${kind.path}' as collection, e.id, e.name, null as relation, null as otherId, null as otherName, ${reviewColumnsSql('e')}
      from ${kind.tableName} e where e.deleted_at is null and ${needsReview('e')}`
    const links = kind.relations
      .filter((relation) => relation.owned)
      .map((relation) => {
        const target = KINDS[relation.target]
        return `select printf('%d|%02d|%s|%s|%s', ${rankSql('l')}, ${kindIndex}, e.id, '${relation.name}', t.id) as position, ${reasonSql('l')} as reason,
            '${kind.path}' as collection, e.id, e.name, '${relation.name}' as relation, t.id as otherId, t.name as otherName, ${reviewColumnsSql('l')}
          from ${relation.tableName} l join ${kind.tableName} e on e.id = l.${relation.selfColumn} join ${target.tableName} t on t.id = l.${relation.otherColumn}
          where e.deleted_at is null and t.deleted_at is null and ${needsReview('l')}`
      })
    return [entity, ...links]
  })
  return parts.join(' union all ')
}

const QUEUE_SORT = 'review-queue'

export function createReviewQueue(sqlite: Database.Database) {
  const { all, get } = createStatements(sqlite)
  const queue = queueSql()
  return {
    /** A page of the queue; `today` (YYYY-MM-DD) decides what is overdue. */
    list(limit: number, cursor: string | undefined, today: string): { items: QueueItem[]; total: number; nextCursor: string | null } {
      const after = cursor ? decodeCursor(cursor, QUEUE_SORT).value : ''
      const total = get<{ n: number }>(`select count(*) as n from (${queue})`, { today })?.n ?? 0
      const rows = all<QueueRow>(`select * from (${queue}) where position > @after order by position limit @limit`, { today, after, limit: limit + 1 })
      const page = rows.slice(0, limit)
      const last = page.at(-1)
      return {
        items: page.map((row) => ({
          collection: row.collection,
          id: row.id,
          name: row.name,
          link: row.relation && row.otherId ? { relation: row.relation, id: row.otherId, name: row.otherName ?? '' } : null,
          reason: row.reason,
          review: reviewOf(row)
        })),
        total,
        nextCursor: rows.length > limit && last ? encodeCursor({ sort: QUEUE_SORT, value: last.position, id: last.id }) : null
      }
    }
  }
}

export type ReviewQueue = ReturnType<typeof createReviewQueue>
