/** Read queries over source documents and their sections. */
import { and, asc, count, eq, inArray, isNull, sql } from 'drizzle-orm'
import type { Db } from '../db/connection.js'
import * as s from '../db/schema.js'
import { decodeCursor, encodeCursor } from '../lib/cursor.js'

const visible = and(eq(s.sources.status, 'published'), isNull(s.sources.deletedAt))

const summaryColumns = {
  id: s.sources.id,
  title: s.sources.title,
  publisher: s.sources.publisher,
  url: s.sources.url,
  retrievedAt: s.sources.retrievedAt,
  language: s.sources.language,
  license: s.sources.license,
  createdAt: s.sources.createdAt,
  updatedAt: s.sources.updatedAt
}

export function createSourceRepository(db: Db) {
  return {
    /** Sources by title, keyset-paginated. */
    list(limit: number, cursor?: string) {
      const after = cursor ? decodeCursor(cursor, 'title') : undefined
      const total = db.select({ n: count() }).from(s.sources).where(visible).get()?.n ?? 0
      const rows = db
        .select(summaryColumns)
        .from(s.sources)
        .where(and(visible, after ? sql`(${s.sources.title}, ${s.sources.id}) > (${after.value}, ${after.id})` : undefined))
        .orderBy(asc(s.sources.title), asc(s.sources.id))
        .limit(limit + 1)
        .all()
      const page = rows.slice(0, limit)
      const last = page.at(-1)
      const nextCursor = rows.length > limit && last ? encodeCursor({ sort: 'title', value: last.title, id: last.id }) : null
      return { items: page, total, nextCursor }
    },

    /** Published sources by id, without their sections. */
    summaries(ids: string[]) {
      if (ids.length === 0) return []
      return db.select(summaryColumns).from(s.sources).where(and(inArray(s.sources.id, ids), visible)).orderBy(asc(s.sources.title)).all()
    },

    get(id: string) {
      const source = db.select(summaryColumns).from(s.sources).where(and(eq(s.sources.id, id), visible)).get()
      if (!source) return null
      const sections = db
        .select({ id: s.sourceSections.slug, position: s.sourceSections.position, heading: s.sourceSections.heading, text: s.sourceSections.text })
        .from(s.sourceSections)
        .where(eq(s.sourceSections.sourceId, id))
        .orderBy(asc(s.sourceSections.position))
        .all()
      return { ...source, sections }
    }
  }
}

export type SourceRepository = ReturnType<typeof createSourceRepository>
