/**
 * The transaction core every write goes through: one immediate transaction per change
 * (so a concurrent writer waits on `busy_timeout` instead of failing), the entity's
 * history started before its first recorded change, optimistic concurrency (`If-Match`),
 * and after the change its revision (`history.ts`) and its audit entry. The search
 * index follows through triggers inside the same transaction.
 */
import { createHash } from 'node:crypto'
import { eq, sql } from 'drizzle-orm'
import { writeTransaction, type Db, type Store } from '../db/connection.js'
import * as s from '../db/schema.js'
import type { Kind } from '../kinds/index.js'
import { memoize } from '../lib/memo.js'
import { ProblemError, notFound } from '../lib/problem.js'
import { createEntityRepository, type EntityOut } from '../repositories/entities/index.js'
import { groupBy } from '../lib/group-by.js'
import type { WriteContext } from './context.js'
import { createHistory } from './history.js'

/** Strong ETag of an editor's view of an entity: a hash of its whole representation. */
export const etagOf = (entity: EntityOut) => `"${createHash('sha1').update(JSON.stringify(entity)).digest('base64url')}"`

export const conflict = (detail: string) => new ProblemError('conflict', detail)
export const unprocessable = (detail: string) => new ProblemError('unprocessable-content', detail)

export type Row = { id: string; status: string; deletedAt: string | null; version: number }

export function createCore({ db, sqlite }: Store, onWrite: () => void) {
  const now = () => new Date().toISOString()

  // Raw statements on the same connection: inside a transaction they see its writes.
  const editorial = createEntityRepository(sqlite, 'editor')
  const view = (kind: Kind, id: string) => editorial.get(kind, id)
  const history = createHistory(db)

  /** Runs a write in one immediate transaction, then tells the caches. */
  function write<T>(work: (tx: Db) => T): T {
    const result = writeTransaction(db, work)
    onWrite()
    return result
  }

  // The statements every change runs, prepared once per kind (an import runs them per entity).
  const statementsOf = memoize((kind: Kind) => {
    const t = kind.table
    const id = sql.placeholder('id')
    return {
      row: db.select({ id: t.id, status: t.status, deletedAt: t.deletedAt, version: t.version }).from(t).where(eq(t.id, id)).prepare(),
      bump: db
        .update(t)
        .set({ version: sql`${t.version} + 1`, updatedAt: sql.placeholder('at') } as never)
        .where(eq(t.id, id))
        .prepare()
    }
  })
  const insertAudit = db
    .insert(s.auditLog)
    .values({
      at: sql.placeholder('at'),
      actor: sql.placeholder('actor'),
      role: sql.placeholder('role'),
      action: sql.placeholder('action'),
      entityKind: sql.placeholder('entityKind'),
      entityId: sql.placeholder('entityId'),
      detail: sql.placeholder('detail'),
      requestId: sql.placeholder('requestId')
    })
    .prepare()

  function rowOf(_tx: Db, kind: Kind, id: string): Row | undefined {
    return statementsOf(kind).row.get({ id }) as Row | undefined
  }

  /** The entity, not deleted; 404 when absent, 409 when deleted (restore it first). */
  function live(tx: Db, kind: Kind, id: string): Row {
    const row = rowOf(tx, kind, id)
    if (!row) throw notFound(`No ${kind.label.toLowerCase()} with id '${id}'`)
    if (row.deletedAt) throw conflict(`${kind.label} '${id}' is deleted; restore it first`)
    return row
  }

  /**
   * Before the first recorded change of an entity that has no history (seeded, or written
   * before revisions existed), its current state becomes revision 1: nothing is lost.
   */
  function baseline(_tx: Db, kind: Kind, id: string) {
    if (history.last(kind, id) > 0) return
    const entity = view(kind, id)
    if (!entity) return
    history.append(kind, id, entity, { actor: 'system', summary: 'state before the first recorded change', createdAt: now() })
  }

  /** The start of every change to an existing entity: it must be live, and its history starts. */
  function begin(tx: Db, kind: Kind, id: string): Row {
    const row = live(tx, kind, id)
    baseline(tx, kind, id)
    return row
  }

  function checkIfMatch(kind: Kind, id: string, ifMatch: string | undefined, required: boolean) {
    if (ifMatch === undefined) {
      if (required) throw new ProblemError('precondition-required', 'This change needs If-Match with the ETag of the entity as you last read it.')
      return
    }
    const entity = view(kind, id)
    const current = entity ? etagOf(entity) : undefined
    const accepted = ifMatch.split(',').map((tag) => tag.trim())
    if (!current || !(accepted.includes(current) || accepted.includes('*'))) {
      throw new ProblemError('precondition-failed', `${kind.label} '${id}' changed since you read it (current ETag ${current}); read it again and reapply your change.`)
    }
  }

  function audit(tx: Db, ctx: WriteContext, action: string, entityKind: string | null, entityId: string | null, detail: Record<string, unknown>, at = now()) {
    const requestIds = ctx.clientRequestId ? { clientRequestId: ctx.clientRequestId } : {}
    insertAudit.run({ at, actor: ctx.actor.name, role: ctx.actor.role, action, entityKind, entityId, detail: { ...detail, ...requestIds }, requestId: ctx.requestId ?? null })
  }

  /** Bumps the version, snapshots the entity as a new revision and writes the audit entry. */
  function record(tx: Db, ctx: WriteContext, kind: Kind, id: string, action: string, summary: string, detail?: Record<string, unknown>): EntityOut {
    const at = now()
    statementsOf(kind).bump.run({ id, at })
    const entity = view(kind, id) as EntityOut
    history.append(kind, id, entity, { actor: ctx.actor.name, summary, createdAt: at })
    audit(tx, ctx, action, kind.key, id, { summary, ...detail }, at)
    return entity
  }

  /**
   * `record` for many entities at once (an import): the same version bumps, revisions and
   * audit entries, with the entities' states read in one pass per kind, not one per entity.
   */
  function recordMany(tx: Db, ctx: WriteContext, action: string, changes: Array<{ kind: Kind; id: string; summary: string }>) {
    const at = now()
    for (const { kind, id } of changes) statementsOf(kind).bump.run({ id, at })
    for (const group of groupBy(changes, (change) => change.kind.key).values()) {
      const kind = group[0]!.kind
      const states = new Map(editorial.getMany(kind, group.map((change) => change.id)).map((entity) => [entity.id, entity]))
      for (const { id, summary } of group) {
        history.append(kind, id, states.get(id) as EntityOut, { actor: ctx.actor.name, summary, createdAt: at })
        audit(tx, ctx, action, kind.key, id, { summary }, at)
      }
    }
  }

  /** A write that is not about one entity (the lexicon, a source): the work, then its audit entry, in one transaction. */
  function transaction<T>(ctx: WriteContext, action: string, detail: Record<string, unknown>, work: (tx: Db) => T): T {
    return write((tx) => {
      const result = work(tx)
      audit(tx, ctx, action, null, null, detail)
      return result
    })
  }

  return { db, now, view, history, write, transaction, rowOf, live, baseline, begin, checkIfMatch, audit, record, recordMany }
}

export type Core = ReturnType<typeof createCore>
