/**
 * Putting an entity into a given state — a revision snapshot (restore) or a bundle's
 * content (import): fields, parent, aliases, citations and links, recording history on
 * every other entity whose links the change touched.
 */
import type { Db } from '../db/connection.js'
import { KINDS, type Kind } from '../kinds/index.js'
import type { CitationOut, EntityOut, Ref } from '../repositories/entities/index.js'
import type { Citations } from './citations.js'
import type { WriteContext } from './context.js'
import type { Core } from './core.js'
import { columnsOf, type FieldWriter } from './fields.js'
import type { CitationInput, EntityInput } from './inputs.js'
import type { Links } from './links.js'

const asCitationInput = (c: CitationOut): CitationInput => ({ source: c.source, section: c.section, quote: c.quote })

/** A snapshot's parent as an id (snapshots hold the read form `{ id, name }`). */
const snapshotInput = (kind: Kind, snapshot: EntityOut): EntityInput => {
  if (!kind.hierarchy) return snapshot
  const parent = snapshot[kind.hierarchy.parentField] as { id: string } | null | undefined
  return { ...snapshot, [kind.hierarchy.parentField]: parent?.id ?? null }
}

/** Comparable form of an entity's content: what a snapshot restores. */
function contentOf(kind: Kind, entity: EntityOut): string {
  const cites = (list: CitationOut[] | undefined) => (list ?? []).map((c) => `${c.source}|${c.section}|${c.quote}`).sort()
  const input = snapshotInput(kind, entity)
  const parent = kind.hierarchy ? (input[kind.hierarchy.parentField] ?? null) : undefined
  const links = kind.relations.map((relation) =>
    ((entity[relation.name] as Ref[] | undefined) ?? []).map((ref) => JSON.stringify([ref.id, ref.note ?? null, cites(ref.citations)])).sort()
  )
  return JSON.stringify([columnsOf(kind, input), parent, [...((entity.aliases as string[]) ?? [])].sort(), cites(entity.citations as CitationOut[]), links])
}

export function createSnapshots(core: Core, fields: FieldWriter, citations: Citations, links: Links) {
  /** Puts the entity back as a snapshot shows it; returns the other entities whose links changed. */
  function apply(tx: Db, kind: Kind, id: string, snapshot: EntityOut): Array<[Kind, string]> {
    fields.apply(tx, kind, id, snapshotInput(kind, snapshot))
    fields.setAliases(tx, kind, id, (snapshot.aliases as string[]) ?? [])
    citations.replaceOwn(tx, kind, id, ((snapshot.citations as CitationOut[]) ?? []).map(asCitationInput))
    const touched: Array<[Kind, string]> = []
    for (const relation of kind.relations) {
      const target = KINDS[relation.target]
      const wanted = new Map(((snapshot[relation.name] as Ref[] | undefined) ?? []).map((ref) => [ref.id, ref]))
      const present = links.linkedIds(tx, relation, id)
      const before = new Map(present.map((otherId) => [otherId, links.state(tx, kind, relation, id, otherId)]))
      for (const otherId of present) links.drop(tx, kind, relation, id, otherId)
      for (const ref of wanted.values()) {
        if (!core.rowOf(tx, target, ref.id)) continue // never hard-deleted, but be safe
        links.put(tx, kind, relation, id, ref.id, ref.note ?? null, (ref.citations ?? []).map(asCitationInput))
      }
      for (const otherId of new Set([...present, ...wanted.keys()])) {
        const after = core.rowOf(tx, target, otherId) ? links.state(tx, kind, relation, id, otherId) : null
        if ((before.get(otherId) ?? null) !== after) touched.push([target, otherId])
      }
    }
    return touched
  }

  /** Records, on each other entity whose links a change touched, a revision saying so. */
  function recordOthers(tx: Db, ctx: WriteContext, others: Array<[Kind, string]>, action: string, summary: string) {
    for (const [otherKind, otherId] of others) core.record(tx, ctx, otherKind, otherId, action, summary)
  }

  return {
    apply,
    recordOthers,

    /**
     * Within a transaction: makes the entity hold exactly the desired content, with a
     * revision when anything changed. For imports.
     */
    put(tx: Db, ctx: WriteContext, kind: Kind, desired: EntityOut, action: string, isNew: boolean): 'updated' | 'unchanged' {
      const current = core.view(kind, desired.id)
      if (current && contentOf(kind, current) === contentOf(kind, desired)) return 'unchanged'
      if (!isNew) core.baseline(tx, kind, desired.id)
      recordOthers(tx, ctx, apply(tx, kind, desired.id, desired), action, `links changed by ${action} of ${kind.key}/${desired.id}`)
      core.record(tx, ctx, kind, desired.id, action, `${action}: content set`)
      return 'updated'
    },

    /** Within a transaction: inserts a bare, published row unless the id exists; true when inserted. */
    ensureRow(tx: Db, kind: Kind, input: EntityInput & { id: string }): boolean {
      if (core.rowOf(tx, kind, input.id)) return false
      const at = core.now()
      tx.insert(kind.table)
        .values({ id: input.id, ...columnsOf(kind, input), status: 'published', version: 0, createdAt: at, updatedAt: at } as never)
        .run()
      return true
    }
  }
}

export type Snapshots = ReturnType<typeof createSnapshots>

