/**
 * How revisions are stored: compactly, every one still readable in full. Revision 1, 33,
 * 65, … (every KEYFRAME_EVERY-th) holds the entity's full state, and so does any revision
 * whose changes would not be smaller than the state itself; every other revision holds
 * only its changes from the revision before (`lib/json-delta.ts`), with `base` naming that
 * revision. Reading one applies at most KEYFRAME_EVERY - 1 small deltas to a full state.
 * Rows written before deltas existed have no `base`: they are full states and read as before.
 * (Issue 14: 200 link toggles stored 13 MB of full snapshots.)
 *
 * The statements are prepared once on the one connection; inside a write they run in its
 * transaction like everything else on that connection.
 */
import { and, desc, eq, lte, max, sql } from 'drizzle-orm'
import type { Db } from '../db/connection.js'
import * as s from '../db/schema.js'
import type { Kind } from '../kinds/index.js'
import { diff, patch, type Edit, type Json } from '../lib/json-delta.js'
import type { EntityOut } from '../repositories/entities/index.js'

export const KEYFRAME_EVERY = 32

export interface RevisionMeta {
  actor: string
  summary: string
  createdAt: string
}

export function createHistory(db: Db) {
  const ofEntity = and(eq(s.revisions.entityKind, sql.placeholder('kind')), eq(s.revisions.entityId, sql.placeholder('id')))
  const lastNumber = db.select({ n: max(s.revisions.number) }).from(s.revisions).where(ofEntity).prepare()
  // A revision and the ones before it, newest first: enough to reach the full state it builds on.
  const chain = db
    .select({ number: s.revisions.number, base: s.revisions.base, snapshot: s.revisions.snapshot })
    .from(s.revisions)
    .where(and(ofEntity, lte(s.revisions.number, sql.placeholder('number'))))
    .orderBy(desc(s.revisions.number))
    .limit(KEYFRAME_EVERY)
    .prepare()
  const insert = db
    .insert(s.revisions)
    .values({
      entityKind: sql.placeholder('kind'),
      entityId: sql.placeholder('id'),
      number: sql.placeholder('number'),
      snapshot: sql.placeholder('snapshot'),
      base: sql.placeholder('base'),
      actor: sql.placeholder('actor'),
      summary: sql.placeholder('summary'),
      createdAt: sql.placeholder('createdAt')
    })
    .prepare()

  const last = (kind: Kind, id: string): number => lastNumber.get({ kind: kind.key, id })?.n ?? 0

  /** The entity as revision `number` left it, or null when there is no such revision. */
  function stateAt(kind: Kind, id: string, number: number): EntityOut | null {
    const rows = chain.all({ kind: kind.key, id, number })
    if (rows[0]?.number !== number) return null
    const deltas: Edit[][] = []
    for (const row of rows) {
      if (row.base === null) return deltas.reduceRight((state, edits) => patch(state, edits), row.snapshot as Json) as EntityOut
      deltas.push(row.snapshot as Edit[])
    }
    throw new Error(`revision ${number} of ${kind.key}/${id} does not lead back to a full state`)
  }

  /** Appends the entity's state as its next revision; returns the revision's number. */
  function append(kind: Kind, id: string, entity: EntityOut, meta: RevisionMeta): number {
    const number = last(kind, id) + 1
    let snapshot: unknown = entity
    let base: number | null = null
    if ((number - 1) % KEYFRAME_EVERY !== 0) {
      const before = stateAt(kind, id, number - 1)
      const edits = before ? diff(before as Json, entity as Json) : null
      if (edits && JSON.stringify(edits).length < JSON.stringify(entity).length) {
        snapshot = edits
        base = number - 1
      }
    }
    insert.run({ kind: kind.key, id, number, snapshot, base, ...meta })
    return number
  }

  return { last, stateAt, append }
}

export type History = ReturnType<typeof createHistory>
