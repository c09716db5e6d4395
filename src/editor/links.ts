/** Links between two entities, with the source's note and the citations that evidence them. */
import { and, eq, type SQL } from 'drizzle-orm'
import type { Db } from '../db/connection.js'
import * as s from '../db/schema.js'
import type { Relation } from '../kinds/descriptor.js'
import { KINDS, relationOf, type Kind } from '../kinds/index.js'
import { notFound } from '../lib/problem.js'
import type { EntityOut } from '../repositories/entities/index.js'
import type { Citations } from './citations.js'
import type { WriteContext } from './context.js'
import { conflict, type Core } from './core.js'
import { MAX } from '../lib/bounds.js'
import type { CitationInput } from './inputs.js'

/** The owner/target orientation of a link between `kind`'s `id` and the relation's `otherId`. */
const linkKey = (kind: Kind, relation: Relation, id: string, otherId: string) =>
  relation.owned
    ? { ownerKind: kind.key, ownerId: id, targetKind: relation.target, targetId: otherId }
    : { ownerKind: relation.target, ownerId: otherId, targetKind: kind.key, targetId: id }

/** Citations of a link are stored on its owner side, naming the target as `related`. */
function linkCitationsWhere(key: ReturnType<typeof linkKey>): SQL {
  return and(
    eq(s.citations.entityKind, key.ownerKind),
    eq(s.citations.entityId, key.ownerId),
    eq(s.citations.relatedKind, key.targetKind),
    eq(s.citations.relatedId, key.targetId)
  ) as SQL
}

/** The link row between `id` and `otherId` in the relation's table. */
export const linkRow = (relation: Relation, id: string, otherId: string) =>
  and(eq(relation.table[relation.selfProperty], id), eq(relation.table[relation.otherProperty], otherId))

export function requireRelation(kind: Kind, name: string): Relation {
  const relation = relationOf(kind, name)
  if (!relation) throw notFound(`${kind.label} has no relation '${name}'`)
  return relation
}

export function createLinks(core: Core, citations: Citations) {
  /**
   * Creates or updates a link. An undefined note keeps the present one; a citation already
   * there is not added twice. Returns whether anything changed (a repeated PUT records nothing).
   */
  function put(tx: Db, kind: Kind, relation: Relation, id: string, otherId: string, note: string | null | undefined, evidence: CitationInput[]): boolean {
    const key = linkKey(kind, relation, id, otherId)
    const existing = tx.select({ note: relation.table.note }).from(relation.table).where(linkRow(relation, id, otherId)).get()
    let changed = !existing || (note !== undefined && note !== existing.note)
    tx.insert(relation.table)
      .values({ ownerId: key.ownerId, targetId: key.targetId, note: note ?? null })
      .onConflictDoUpdate({ target: [relation.table.ownerId, relation.table.targetId], set: note === undefined ? { ownerId: key.ownerId } : { note } })
      .run()
    const present = tx.select({ sectionId: s.citations.sectionId, quote: s.citations.quote }).from(s.citations).where(linkCitationsWhere(key)).all()
    for (const citation of evidence) {
      const sectionId = citations.locateQuote(tx, citation)
      if (present.some((p) => p.sectionId === sectionId && p.quote === citation.quote)) continue
      present.push({ sectionId, quote: citation.quote })
      citations.insert(tx, key.ownerKind, key.ownerId, citation, { kind: key.targetKind, id: key.targetId }, sectionId)
      changed = true
    }
    if (present.length > MAX.citations) throw conflict(`the link to ${relation.name}/${otherId} would have more than ${MAX.citations} citations, the most a link can have`)
    return changed
  }

  function drop(tx: Db, kind: Kind, relation: Relation, id: string, otherId: string): boolean {
    tx.delete(s.citations).where(linkCitationsWhere(linkKey(kind, relation, id, otherId))).run()
    return tx.delete(relation.table).where(linkRow(relation, id, otherId)).run().changes > 0
  }

  return {
    put,
    drop,

    link(ctx: WriteContext, kind: Kind, id: string, relationName: string, otherId: string, note: string | null | undefined, evidence: CitationInput[], ifMatch?: string): EntityOut {
      return core.write((tx) => {
        const relation = requireRelation(kind, relationName)
        core.begin(tx, kind, id)
        const target = KINDS[relation.target]
        if (!core.rowOf(tx, target, otherId)) throw notFound(`No ${target.label.toLowerCase()} with id '${otherId}' to link`)
        core.begin(tx, target, otherId)
        core.checkIfMatch(kind, id, ifMatch, false)
        if (!put(tx, kind, relation, id, otherId, note, evidence)) return core.view(kind, id) as EntityOut
        core.record(tx, ctx, target, otherId, 'link', `linked ${kind.key}/${id}`, { relation: kind.key, otherId: id, note })
        return core.record(tx, ctx, kind, id, 'link', `linked ${relation.name}/${otherId}`, { relation: relation.name, otherId, note })
      })
    },

    unlink(ctx: WriteContext, kind: Kind, id: string, relationName: string, otherId: string, ifMatch?: string): EntityOut {
      return core.write((tx) => {
        const relation = requireRelation(kind, relationName)
        core.begin(tx, kind, id)
        core.checkIfMatch(kind, id, ifMatch, false)
        const target = KINDS[relation.target]
        if (core.rowOf(tx, target, otherId)) core.baseline(tx, target, otherId)
        if (!drop(tx, kind, relation, id, otherId)) throw notFound(`${kind.label} '${id}' is not linked to ${relation.name}/${otherId}`)
        core.record(tx, ctx, target, otherId, 'unlink', `unlinked ${kind.key}/${id}`, { relation: kind.key, otherId: id })
        return core.record(tx, ctx, kind, id, 'unlink', `unlinked ${relation.name}/${otherId}`, { relation: relation.name, otherId })
      })
    }
  }
}

export type Links = ReturnType<typeof createLinks>
