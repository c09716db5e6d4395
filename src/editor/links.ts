/** Links between two entities, with the source's note and the citations that evidence them. */
import { and, eq, sql, type Placeholder } from 'drizzle-orm'
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
import { memoize } from '../lib/memo.js'
import type { CitationInput } from './inputs.js'

/** The owner/target orientation of a link between `kind`'s `id` and the relation's `otherId`. */
const linkKey = (kind: Kind, relation: Relation, id: string, otherId: string) =>
  relation.owned
    ? { ownerKind: kind.key, ownerId: id, targetKind: relation.target, targetId: otherId }
    : { ownerKind: relation.target, ownerId: otherId, targetKind: kind.key, targetId: id }

/** The link row between `id` and `otherId` in the relation's table (values or placeholders). */
export const linkRow = (relation: Relation, id: string | Placeholder, otherId: string | Placeholder) =>
  and(eq(relation.table[relation.selfProperty], id), eq(relation.table[relation.otherProperty], otherId))

export function requireRelation(kind: Kind, name: string): Relation {
  const relation = relationOf(kind, name)
  if (!relation) throw notFound(`${kind.label} has no relation '${name}'`)
  return relation
}

/**
 * The statements a link write runs, prepared once (an import runs them for every link).
 * Citations of a link are stored on its owner side, naming the target as `related`.
 */
function prepareLinkStatements(db: Db) {
  const p = (name: string) => sql.placeholder(name)
  const ofLink = and(eq(s.citations.entityKind, p('ownerKind')), eq(s.citations.entityId, p('ownerId')), eq(s.citations.relatedKind, p('targetKind')), eq(s.citations.relatedId, p('targetId')))
  const citationsOf = db.select({ sectionId: s.citations.sectionId, quote: s.citations.quote }).from(s.citations).where(ofLink).prepare()
  const dropCitations = db.delete(s.citations).where(ofLink).prepare()
  const perRelation = memoize((relation: Relation) => {
    const row = linkRow(relation, p('id'), p('otherId'))
    return {
      note: db.select({ note: relation.table.note }).from(relation.table).where(row).prepare(),
      insert: db.insert(relation.table).values({ ownerId: p('ownerId'), targetId: p('targetId'), note: p('note') }).prepare(),
      setNote: db.update(relation.table).set({ note: p('note') } as never).where(row).prepare(),
      drop: db.delete(relation.table).where(row).prepare()
    }
  })
  return { citationsOf, dropCitations, perRelation }
}

export function createLinks(core: Core, citations: Citations) {
  const statements = prepareLinkStatements(core.db)

  /**
   * Creates or updates a link. An undefined note keeps the present one; a citation already
   * there is not added twice. Returns whether anything changed (a repeated PUT records nothing).
   */
  function put(tx: Db, kind: Kind, relation: Relation, id: string, otherId: string, note: string | null | undefined, evidence: CitationInput[]): boolean {
    const key = linkKey(kind, relation, id, otherId)
    const own = statements.perRelation(relation)
    const existing = own.note.get({ id, otherId })
    let changed = !existing || (note !== undefined && note !== existing.note)
    // A link already as asked is not written again (an import puts each link from both sides).
    if (!existing) own.insert.run({ ownerId: key.ownerId, targetId: key.targetId, note: note ?? null })
    else if (changed) own.setNote.run({ id, otherId, note })
    const present = statements.citationsOf.all(key)
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

  function drop(_tx: Db, kind: Kind, relation: Relation, id: string, otherId: string): boolean {
    statements.dropCitations.run(linkKey(kind, relation, id, otherId))
    return statements.perRelation(relation).drop.run({ id, otherId }).changes > 0
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
