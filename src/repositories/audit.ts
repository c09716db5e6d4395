/** Reading the audit trail: newest first, keyset-paginated by id. */
import { and, desc, eq, lt, sql } from 'drizzle-orm'
import type { Db } from '../db/connection.js'
import * as s from '../db/schema.js'

export interface AuditFilter {
  actor?: string
  kind?: string
  entity?: string
  since?: string
  before?: number
  limit: number
}

export function createAuditRepository(db: Db) {
  return {
    /** Up to `limit + 1` entries (the extra one says whether a next page exists). */
    list(filter: AuditFilter) {
      const where = and(
        filter.actor ? eq(s.auditLog.actor, filter.actor) : undefined,
        filter.kind ? eq(s.auditLog.entityKind, filter.kind) : undefined,
        filter.entity ? eq(s.auditLog.entityId, filter.entity) : undefined,
        // Stored times are UTC ISO strings: compare with the same form of the given instant.
        filter.since ? sql`${s.auditLog.at} >= ${new Date(filter.since).toISOString()}` : undefined,
        filter.before ? lt(s.auditLog.id, filter.before) : undefined
      )
      return db.select().from(s.auditLog).where(where).orderBy(desc(s.auditLog.id)).limit(filter.limit + 1).all()
    }
  }
}
