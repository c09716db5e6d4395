/** An entity's history: its revisions, one of them in full, and restoring one. */
import { and, asc, eq } from 'drizzle-orm'
import type { Db } from '../db/connection.js'
import * as s from '../db/schema.js'
import type { Kind } from '../kinds/index.js'
import { notFound } from '../lib/problem.js'
import type { EntityOut } from '../repositories/entities/index.js'
import type { Citations } from './citations.js'
import type { WriteContext } from './context.js'
import { conflict, type Core } from './core.js'
import type { Revision } from './inputs.js'
import type { Snapshots } from './snapshots.js'

const ofEntity = (kind: Kind, id: string) => and(eq(s.revisions.entityKind, kind.key), eq(s.revisions.entityId, id))

export function createRevisions(core: Core, citations: Citations, snapshots: Snapshots) {
  function read(tx: Db, kind: Kind, id: string, number: number): (Revision & { snapshot: EntityOut }) | null {
    const row = tx
      .select({ number: s.revisions.number, actor: s.revisions.actor, summary: s.revisions.summary, createdAt: s.revisions.createdAt })
      .from(s.revisions)
      .where(and(ofEntity(kind, id), eq(s.revisions.number, number)))
      .get()
    const snapshot = row ? core.history.stateAt(kind, id, number) : null
    return row && snapshot ? { ...row, snapshot } : null
  }

  return {
    /** The entity's revisions, oldest first; null when there is no such entity. */
    revisions(kind: Kind, id: string): Revision[] | null {
      if (!core.rowOf(core.db, kind, id)) return null
      return core.db
        .select({ number: s.revisions.number, actor: s.revisions.actor, summary: s.revisions.summary, createdAt: s.revisions.createdAt })
        .from(s.revisions)
        .where(ofEntity(kind, id))
        .orderBy(asc(s.revisions.number))
        .all()
    },

    revision: (kind: Kind, id: string, number: number) => read(core.db, kind, id, number),

    restoreRevision(ctx: WriteContext, kind: Kind, id: string, number: number, ifMatch?: string): EntityOut {
      return core.write((tx) => {
        const row = core.begin(tx, kind, id)
        core.checkIfMatch(kind, id, ifMatch, false)
        const revision = read(tx, kind, id, number)
        if (!revision) throw notFound(`${kind.label} '${id}' has no revision ${number}`)
        const others = snapshots.apply(tx, kind, id, revision.snapshot)
        if (row.status === 'published' && citations.ownCount(tx, kind, id) === 0) {
          throw conflict(`Revision ${number} has no citation and ${kind.label.toLowerCase()} '${id}' is published; unpublish it first`)
        }
        snapshots.recordOthers(tx, ctx, others, 'restore-revision', `links changed by restoring ${kind.key}/${id} to revision ${number}`)
        return core.record(tx, ctx, kind, id, 'restore-revision', `restored revision ${number}`, { revision: number })
      })
    }
  }
}
