/**
 * The editorial write path: every change an editor makes, each in one transaction with
 * its revision (a full snapshot of the entity afterwards) and its audit entry. The
 * search index follows through triggers inside the same transaction. Optimistic
 * concurrency: a write naming an ETag (`If-Match`) fails with 412 when the entity changed.
 */
import { createHash } from 'node:crypto'
import { and, asc, count, desc, eq, inArray, isNull, lt, max, sql, type SQL } from 'drizzle-orm'
import type { Db, Store } from '../db/connection.js'
import type { BundleSource } from '../dataset/format.js'
import { splitParagraphs } from '../dataset/read.js'
import { insertSource } from '../dataset/write.js'
import * as s from '../db/schema.js'
import { KINDS, type Kind, type KindKey, type Relation } from '../kinds/index.js'
import { ProblemError, notFound } from '../lib/problem.js'
import { createContentRepository, type CitationOut, type EntityOut, type Ref } from '../repositories/content.js'
import type { Actor } from '../plugins/auth.js'

export interface WriteContext {
  actor: Actor
  requestId?: string
}

/** The fields an editor sets: shared ones, the kind's own, and for types parent and characteristics. */
export interface EntityInput {
  id?: string
  name?: string
  summary?: string
  aliases?: string[]
  parent?: string | null
  characteristics?: string[]
  [field: string]: unknown
}

export interface CitationInput {
  source: string
  section?: string
  quote: string
}

export interface Revision {
  number: number
  actor: string
  summary: string
  createdAt: string
}

/** Strong ETag of an editor's view of an entity: a hash of its whole representation. */
export const etagOf = (entity: EntityOut) => `"${createHash('sha1').update(JSON.stringify(entity)).digest('base64url')}"`

const conflict = (detail: string) => new ProblemError('conflict', detail)
const unprocessable = (detail: string) => new ProblemError('unprocessable-content', detail)

type Row = { id: string; status: string; deletedAt: string | null; version: number }

export function createEditor({ db, sqlite }: Store, onWrite: () => void = () => {}) {
  const now = () => new Date().toISOString()

  /** Runs a write in one transaction, then tells the caches. */
  function write<T>(work: (tx: Db) => T): T {
    const result = db.transaction((tx) => work(tx as unknown as Db))
    onWrite()
    return result
  }

  // Raw statements on the same connection: inside a transaction they see its writes.
  const editorial = createContentRepository(sqlite, 'editor')
  const view = (kind: Kind, id: string) => editorial.get(kind, id)

  function rowOf(tx: Db, kind: Kind, id: string): Row | undefined {
    const t = kind.table
    return tx.select({ id: t.id, status: t.status, deletedAt: t.deletedAt, version: t.version }).from(t).where(eq(t.id, id)).get() as Row | undefined
  }

  /** The entity, not deleted; 404 when absent, 409 when deleted (restore it first). */
  function live(tx: Db, kind: Kind, id: string): Row {
    const row = rowOf(tx, kind, id)
    if (!row) throw notFound(`No ${kind.label.toLowerCase()} with id '${id}'`)
    if (row.deletedAt) throw conflict(`${kind.label} '${id}' is deleted; restore it first`)
    return row
  }

  const lastRevision = (tx: Db, kind: Kind, id: string): number =>
    tx
      .select({ n: max(s.revisions.number) })
      .from(s.revisions)
      .where(and(eq(s.revisions.entityKind, kind.key), eq(s.revisions.entityId, id)))
      .get()?.n ?? 0

  /**
   * Before the first recorded change of an entity that has no history (seeded, or written
   * before revisions existed), its current state becomes revision 1: nothing is lost.
   */
  function baseline(tx: Db, kind: Kind, id: string) {
    if (lastRevision(tx, kind, id) > 0) return
    const entity = view(kind, id)
    if (!entity) return
    tx.insert(s.revisions)
      .values({ entityKind: kind.key, entityId: id, number: 1, snapshot: entity, actor: 'system', summary: 'state before the first recorded change', createdAt: now() })
      .run()
  }

  /** The start of every change to an existing entity: it must be live, and its history starts. */
  function begin(tx: Db, kind: Kind, id: string): Row {
    const row = live(tx, kind, id)
    baseline(tx, kind, id)
    return row
  }

  function checkIfMatch(tx: Db, kind: Kind, id: string, ifMatch: string | undefined, required: boolean) {
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

  /** Bumps the version, snapshots the entity as a new revision and writes the audit entry. */
  function record(tx: Db, ctx: WriteContext, kind: Kind, id: string, action: string, summary: string, detail?: Record<string, unknown>): EntityOut {
    const at = now()
    tx.update(kind.table)
      .set({ version: sql`${kind.table.version} + 1`, updatedAt: at } as never)
      .where(eq(kind.table.id, id))
      .run()
    const entity = view(kind, id) as EntityOut
    tx.insert(s.revisions)
      .values({ entityKind: kind.key, entityId: id, number: lastRevision(tx, kind, id) + 1, snapshot: entity, actor: ctx.actor.name, summary, createdAt: at })
      .run()
    audit(tx, ctx, action, kind.key, id, { summary, ...detail }, at)
    return entity
  }

  function audit(tx: Db, ctx: WriteContext, action: string, entityKind: string | null, entityId: string | null, detail: Record<string, unknown>, at = now()) {
    tx.insert(s.auditLog)
      .values({ at, actor: ctx.actor.name, role: ctx.actor.role, action, entityKind, entityId, detail, requestId: ctx.requestId ?? null })
      .run()
  }

  function ownFields(kind: Kind, input: EntityInput): Record<string, unknown> {
    const fields: Record<string, unknown> = {}
    for (const key of ['name', 'summary'] as const) if (input[key] !== undefined) fields[key] = input[key]
    for (const field of kind.enums) if (input[field.name] !== undefined) fields[field.name] = input[field.name]
    if (kind.hierarchical) {
      if (input.parent !== undefined) fields.parentId = input.parent
      if (input.characteristics !== undefined) fields.characteristics = input.characteristics
    }
    return fields
  }

  /** A parent must exist and must not be the type itself or one of its descendants. */
  function checkParent(tx: Db, id: string, parent: string | null | undefined) {
    if (!parent) return
    if (!rowOf(tx, KINDS.types, parent)) throw unprocessable(`parent: no type with id '${parent}'`)
    const ancestors = tx.all<{ id: string }>(sql`
      with recursive up(id) as (select ${parent} union select t.parent_id from types t join up on t.id = up.id where t.parent_id is not null)
      select id from up`)
    if (ancestors.some((row) => row.id === id)) throw unprocessable(`parent: '${parent}' would make type '${id}' its own ancestor`)
  }

  function setAliases(tx: Db, kind: Kind, id: string, aliases: string[]) {
    tx.delete(s.aliases).where(and(eq(s.aliases.entityKind, kind.key), eq(s.aliases.entityId, id))).run()
    for (const alias of new Set(aliases)) tx.insert(s.aliases).values({ entityKind: kind.key, entityId: id, alias }).run()
  }

  /** The section a quote is verbatim in (within one paragraph), or a 422 saying why not. */
  function locateQuote(tx: Db, citation: CitationInput): number {
    const source = tx.select({ id: s.sources.id }).from(s.sources).where(and(eq(s.sources.id, citation.source), isNull(s.sources.deletedAt))).get()
    if (!source) throw unprocessable(`source: no source with id '${citation.source}'`)
    const inSection = citation.section ? sql`and ${s.sourceSections.slug} = ${citation.section}` : sql``
    if (citation.section) {
      const section = tx
        .select({ id: s.sourceSections.id })
        .from(s.sourceSections)
        .where(and(eq(s.sourceSections.sourceId, citation.source), eq(s.sourceSections.slug, citation.section)))
        .get()
      if (!section) throw unprocessable(`section: source '${citation.source}' has no section '${citation.section}'`)
    }
    const found = tx.get<{ sectionId: number } | undefined>(sql`
      select p.section_id as sectionId from ${s.passages} p join ${s.sourceSections} on ${s.sourceSections.id} = p.section_id
      where ${s.sourceSections.sourceId} = ${citation.source} ${inSection} and instr(p.text, ${citation.quote}) > 0
      order by ${s.sourceSections.position}, p.position limit 1`)
    if (!found) {
      throw unprocessable(`quote: not found verbatim in ${citation.section ? `section '${citation.section}' of ` : ''}source '${citation.source}' (quotes are exact and within one paragraph)`)
    }
    return found.sectionId
  }

  function insertCitation(tx: Db, kind: KindKey, id: string, citation: CitationInput, related?: { kind: KindKey; id: string }, sectionId = locateQuote(tx, citation)): number {
    return tx
      .insert(s.citations)
      .values({ entityKind: kind, entityId: id, relatedKind: related?.kind, relatedId: related?.id, sectionId, quote: citation.quote, createdAt: now() })
      .returning({ id: s.citations.id })
      .get().id
  }

  /** The owner/target orientation of a link between `kind`'s `id` and the relation's `otherId`. */
  const linkKey = (kind: Kind, relation: Relation, id: string, otherId: string) =>
    relation.owned
      ? { ownerKind: kind.key, ownerId: id, targetKind: relation.target, targetId: otherId }
      : { ownerKind: relation.target, ownerId: otherId, targetKind: kind.key, targetId: id }

  function linkCitationsWhere(key: ReturnType<typeof linkKey>): SQL {
    return and(
      eq(s.citations.entityKind, key.ownerKind),
      eq(s.citations.entityId, key.ownerId),
      eq(s.citations.relatedKind, key.targetKind),
      eq(s.citations.relatedId, key.targetId)
    ) as SQL
  }

  function relationOf(kind: Kind, name: string): Relation {
    const relation = kind.relations.find((r) => r.name === name)
    if (!relation) throw notFound(`${kind.label} has no relation '${name}'`)
    return relation
  }

  /** Creates or updates a link. An undefined note keeps the present one; a citation already there is not added twice. */
  /** Returns whether anything changed (a repeated PUT changes nothing and records nothing). */
  function putLink(tx: Db, kind: Kind, relation: Relation, id: string, otherId: string, note: string | null | undefined, citations: CitationInput[]): boolean {
    const key = linkKey(kind, relation, id, otherId)
    const existing = tx.select({ note: relation.table.note }).from(relation.table).where(and(eq(relation.selfColumn, id), eq(relation.otherColumn, otherId))).get()
    let changed = !existing || (note !== undefined && note !== existing.note)
    tx.insert(relation.table)
      .values({ ownerId: key.ownerId, targetId: key.targetId, note: note ?? null })
      .onConflictDoUpdate({ target: [relation.table.ownerId, relation.table.targetId], set: note === undefined ? { ownerId: key.ownerId } : { note } })
      .run()
    const present = tx.select({ sectionId: s.citations.sectionId, quote: s.citations.quote }).from(s.citations).where(linkCitationsWhere(key)).all()
    for (const citation of citations) {
      const sectionId = locateQuote(tx, citation)
      if (present.some((p) => p.sectionId === sectionId && p.quote === citation.quote)) continue
      present.push({ sectionId, quote: citation.quote })
      insertCitation(tx, key.ownerKind, key.ownerId, citation, { kind: key.targetKind, id: key.targetId }, sectionId)
      changed = true
    }
    return changed
  }

  function dropLink(tx: Db, kind: Kind, relation: Relation, id: string, otherId: string): boolean {
    const key = linkKey(kind, relation, id, otherId)
    tx.delete(s.citations).where(linkCitationsWhere(key)).run()
    return tx.delete(relation.table).where(and(eq(relation.selfColumn, id), eq(relation.otherColumn, otherId))).run().changes > 0
  }

  function readRevision(tx: Db, kind: Kind, id: string, number: number): (Revision & { snapshot: EntityOut }) | null {
    const row = tx
      .select({ number: s.revisions.number, actor: s.revisions.actor, summary: s.revisions.summary, createdAt: s.revisions.createdAt, snapshot: s.revisions.snapshot })
      .from(s.revisions)
      .where(and(eq(s.revisions.entityKind, kind.key), eq(s.revisions.entityId, id), eq(s.revisions.number, number)))
      .get()
    return row ? { ...row, snapshot: row.snapshot as EntityOut } : null
  }

  const asCitationInput = (c: CitationOut): CitationInput => ({ source: c.source, section: c.section, quote: c.quote })

  const ownCitationCount = (tx: Db, kind: Kind, id: string): number =>
    tx
      .select({ n: count() })
      .from(s.citations)
      .where(and(eq(s.citations.entityKind, kind.key), eq(s.citations.entityId, id), isNull(s.citations.relatedKind)))
      .get()?.n ?? 0

  const parentOf = (entity: EntityOut) => (entity.parent as { id: string } | null | undefined)?.id ?? null

  /**
   * Puts the entity back as a snapshot shows it: fields, aliases, citations and links.
   * Returns the other entities whose links changed, so that their history records it too.
   */
  function applySnapshot(tx: Db, kind: Kind, id: string, snapshot: EntityOut): Array<[Kind, string]> {
    const fields = ownFields(kind, { ...(snapshot as EntityInput), parent: kind.hierarchical ? parentOf(snapshot) : undefined })
    if (kind.hierarchical) checkParent(tx, id, fields.parentId as string | null)
    tx.update(kind.table).set(fields as never).where(eq(kind.table.id, id)).run()
    setAliases(tx, kind, id, (snapshot.aliases as string[]) ?? [])
    tx.delete(s.citations).where(and(eq(s.citations.entityKind, kind.key), eq(s.citations.entityId, id), isNull(s.citations.relatedKind))).run()
    for (const citation of (snapshot.citations as CitationOut[]) ?? []) insertCitation(tx, kind.key, id, asCitationInput(citation))
    const touched: Array<[Kind, string]> = []
    const linkState = (relation: Relation, otherId: string) => {
      const key = linkKey(kind, relation, id, otherId)
      const link = tx.select({ note: relation.table.note }).from(relation.table).where(and(eq(relation.selfColumn, id), eq(relation.otherColumn, otherId))).get()
      const cites = tx.select({ quote: s.citations.quote, sectionId: s.citations.sectionId }).from(s.citations).where(linkCitationsWhere(key)).all()
      return link ? JSON.stringify([link.note, cites.map((c) => `${c.sectionId}|${c.quote}`).sort()]) : null
    }
    for (const relation of kind.relations) {
      const target = KINDS[relation.target]
      const wanted = new Map(((snapshot[relation.name] as Ref[] | undefined) ?? []).map((ref) => [ref.id, ref]))
      const present = (tx.select({ otherId: relation.otherColumn }).from(relation.table).where(eq(relation.selfColumn, id)).all() as Array<{ otherId: string }>).map((r) => r.otherId)
      const before = new Map(present.map((otherId) => [otherId, linkState(relation, otherId)]))
      for (const otherId of present) dropLink(tx, kind, relation, id, otherId)
      for (const ref of wanted.values()) {
        if (!rowOf(tx, target, ref.id)) continue // never hard-deleted, but be safe
        putLink(tx, kind, relation, id, ref.id, ref.note ?? null, (ref.citations ?? []).map(asCitationInput))
      }
      for (const otherId of new Set([...present, ...wanted.keys()])) {
        if (before.get(otherId) !== (rowOf(tx, target, otherId) ? linkState(relation, otherId) : null)) touched.push([target, otherId])
      }
    }
    return touched
  }

  /** Records, on each other entity whose links a change touched, a revision saying so. */
  function recordOthers(tx: Db, ctx: WriteContext, others: Array<[Kind, string]>, action: string, summary: string) {
    for (const [otherKind, otherId] of others) record(tx, ctx, otherKind, otherId, action, summary)
  }

  /** Comparable form of an entity's content: what a snapshot restores. */
  function contentOf(kind: Kind, entity: EntityOut): string {
    const cites = (list: CitationOut[] | undefined) => (list ?? []).map((c) => `${c.source}|${c.section}|${c.quote}`).sort()
    const fields = ownFields(kind, { ...(entity as EntityInput), parent: kind.hierarchical ? ((entity.parent as { id: string } | null)?.id ?? null) : undefined })
    const links = kind.relations.map((relation) =>
      ((entity[relation.name] as Ref[] | undefined) ?? []).map((ref) => JSON.stringify([ref.id, ref.note ?? null, cites(ref.citations)])).sort()
    )
    return JSON.stringify([fields, [...((entity.aliases as string[]) ?? [])].sort(), cites(entity.citations as CitationOut[]), links])
  }

  return {
    /**
     * Within a transaction: makes the entity hold exactly the desired content (creating it,
     * published, when absent), with a revision when anything changed. For imports.
     */
    putEntity(tx: Db, ctx: WriteContext, kind: Kind, desired: EntityOut, action: string, isNew: boolean): 'updated' | 'unchanged' {
      const current = view(kind, desired.id)
      if (current && contentOf(kind, current) === contentOf(kind, desired)) return 'unchanged'
      if (!isNew) baseline(tx, kind, desired.id)
      const others = applySnapshot(tx, kind, desired.id, desired)
      recordOthers(tx, ctx, others, action, `links changed by ${action} of ${kind.key}/${desired.id}`)
      record(tx, ctx, kind, desired.id, action, `${action}: content set`)
      return 'updated'
    },

    /** Within a transaction: inserts a bare, published row unless the id exists; true when inserted. */
    ensureRow(tx: Db, kind: Kind, input: EntityInput & { id: string }): boolean {
      if (rowOf(tx, kind, input.id)) return false
      const at = now()
      tx.insert(kind.table)
        .values({ id: input.id, ...ownFields(kind, { ...input, parent: null }), status: 'published', version: 0, createdAt: at, updatedAt: at } as never)
        .run()
      return true
    },

    /** Within a transaction: a new source; sections are paragraphs separated by blank lines. */
    insertSource(tx: Db, source: BundleSource) {
      const sections = source.sections.map((section, position) => ({
        slug: section.id,
        position,
        heading: section.heading,
        text: splitParagraphs(section.text).join('\n\n')
      }))
      const text = sections.map((section) => `${section.heading}\n\n${section.text}`).join('\n\n')
      insertSource(tx, { id: source.id, title: source.title, publisher: source.publisher, url: source.url, text, sections }, now())
    },

    create(ctx: WriteContext, kind: Kind, input: EntityInput & { id: string }): EntityOut {
      return write((tx) => {
        if (rowOf(tx, kind, input.id)) throw conflict(`A ${kind.label.toLowerCase()} with id '${input.id}' exists (ids are never reused, deleted or not)`)
        if (kind.hierarchical) checkParent(tx, input.id, input.parent)
        const at = now()
        tx.insert(kind.table)
          .values({ id: input.id, ...ownFields(kind, input), status: 'draft', version: 0, createdAt: at, updatedAt: at } as never)
          .run()
        setAliases(tx, kind, input.id, input.aliases ?? [])
        return record(tx, ctx, kind, input.id, 'create', 'created as a draft')
      })
    },

    update(ctx: WriteContext, kind: Kind, id: string, patch: EntityInput, ifMatch: string | undefined): EntityOut {
      return write((tx) => {
        begin(tx, kind, id)
        checkIfMatch(tx, kind, id, ifMatch, true)
        if (kind.hierarchical) checkParent(tx, id, patch.parent)
        const fields = ownFields(kind, patch)
        if (Object.keys(fields).length > 0) tx.update(kind.table).set(fields as never).where(eq(kind.table.id, id)).run()
        if (patch.aliases !== undefined) setAliases(tx, kind, id, patch.aliases)
        return record(tx, ctx, kind, id, 'update', `edited ${Object.keys(patch).sort().join(', ')}`, { fields: Object.keys(patch).sort() })
      })
    },

    remove(ctx: WriteContext, kind: Kind, id: string, ifMatch: string | undefined): EntityOut {
      return write((tx) => {
        begin(tx, kind, id)
        checkIfMatch(tx, kind, id, ifMatch, true)
        tx.update(kind.table).set({ deletedAt: now() } as never).where(eq(kind.table.id, id)).run()
        return record(tx, ctx, kind, id, 'delete', 'deleted')
      })
    },

    restore(ctx: WriteContext, kind: Kind, id: string): EntityOut {
      return write((tx) => {
        const row = rowOf(tx, kind, id)
        if (!row) throw notFound(`No ${kind.label.toLowerCase()} with id '${id}'`)
        if (!row.deletedAt) throw conflict(`${kind.label} '${id}' is not deleted`)
        baseline(tx, kind, id)
        tx.update(kind.table).set({ deletedAt: null } as never).where(eq(kind.table.id, id)).run()
        return record(tx, ctx, kind, id, 'restore', 'restored from deletion')
      })
    },

    setStatus(ctx: WriteContext, kind: Kind, id: string, status: 'draft' | 'published', ifMatch?: string): EntityOut {
      return write((tx) => {
        begin(tx, kind, id)
        checkIfMatch(tx, kind, id, ifMatch, false)
        if (status === 'published' && ownCitationCount(tx, kind, id) === 0) throw unprocessable(`${kind.label} '${id}' has no citation; cite a source before publishing`)
        tx.update(kind.table).set({ status } as never).where(eq(kind.table.id, id)).run()
        return record(tx, ctx, kind, id, status === 'published' ? 'publish' : 'unpublish', status === 'published' ? 'published' : 'unpublished (back to draft)')
      })
    },

    link(ctx: WriteContext, kind: Kind, id: string, relationName: string, otherId: string, note: string | null | undefined, citations: CitationInput[], ifMatch?: string): EntityOut {
      return write((tx) => {
        const relation = relationOf(kind, relationName)
        begin(tx, kind, id)
        const target = KINDS[relation.target]
        if (!rowOf(tx, target, otherId)) throw notFound(`No ${target.label.toLowerCase()} with id '${otherId}' to link`)
        begin(tx, target, otherId)
        checkIfMatch(tx, kind, id, ifMatch, false)
        if (!putLink(tx, kind, relation, id, otherId, note, citations)) return view(kind, id) as EntityOut
        record(tx, ctx, target, otherId, 'link', `linked ${kind.key}/${id}`, { relation: kind.key, otherId: id, note })
        return record(tx, ctx, kind, id, 'link', `linked ${relation.name}/${otherId}`, { relation: relation.name, otherId, note })
      })
    },

    unlink(ctx: WriteContext, kind: Kind, id: string, relationName: string, otherId: string, ifMatch?: string): EntityOut {
      return write((tx) => {
        const relation = relationOf(kind, relationName)
        begin(tx, kind, id)
        checkIfMatch(tx, kind, id, ifMatch, false)
        const target = KINDS[relation.target]
        if (rowOf(tx, target, otherId)) baseline(tx, target, otherId)
        if (!dropLink(tx, kind, relation, id, otherId)) throw notFound(`${kind.label} '${id}' is not linked to ${relation.name}/${otherId}`)
        record(tx, ctx, target, otherId, 'unlink', `unlinked ${kind.key}/${id}`, { relation: kind.key, otherId: id })
        return record(tx, ctx, kind, id, 'unlink', `unlinked ${relation.name}/${otherId}`, { relation: relation.name, otherId })
      })
    },

    cite(ctx: WriteContext, kind: Kind, id: string, citation: CitationInput): { entity: EntityOut; citationId: number } {
      return write((tx) => {
        begin(tx, kind, id)
        const sectionId = locateQuote(tx, citation)
        const own = and(eq(s.citations.entityKind, kind.key), eq(s.citations.entityId, id), isNull(s.citations.relatedKind))
        if (tx.select({ id: s.citations.id }).from(s.citations).where(and(own, eq(s.citations.sectionId, sectionId), eq(s.citations.quote, citation.quote))).get()) {
          throw conflict(`${kind.label} '${id}' already cites this quote`)
        }
        const citationId = insertCitation(tx, kind.key, id, citation, undefined, sectionId)
        const entity = record(tx, ctx, kind, id, 'cite', `cited ${citation.source}`, { citationId, ...citation })
        return { entity, citationId }
      })
    },

    uncite(ctx: WriteContext, kind: Kind, id: string, citationId: number): EntityOut {
      return write((tx) => {
        const row = begin(tx, kind, id)
        const own = and(eq(s.citations.entityKind, kind.key), eq(s.citations.entityId, id), isNull(s.citations.relatedKind))
        const citation = tx.select().from(s.citations).where(and(own, eq(s.citations.id, citationId))).get()
        if (!citation) throw notFound(`${kind.label} '${id}' has no citation ${citationId}`)
        if (row.status === 'published' && ownCitationCount(tx, kind, id) === 1) throw conflict(`The last citation of a published ${kind.label.toLowerCase()} cannot be removed; unpublish it first`)
        tx.delete(s.citations).where(eq(s.citations.id, citationId)).run()
        return record(tx, ctx, kind, id, 'uncite', `removed citation ${citationId}`, { citationId, quote: citation.quote })
      })
    },

    revisions(kind: Kind, id: string): Revision[] | null {
      if (!rowOf(db, kind, id)) return null
      return db
        .select({ number: s.revisions.number, actor: s.revisions.actor, summary: s.revisions.summary, createdAt: s.revisions.createdAt })
        .from(s.revisions)
        .where(and(eq(s.revisions.entityKind, kind.key), eq(s.revisions.entityId, id)))
        .orderBy(asc(s.revisions.number))
        .all()
    },

    revision: (kind: Kind, id: string, number: number) => readRevision(db, kind, id, number),

    restoreRevision(ctx: WriteContext, kind: Kind, id: string, number: number, ifMatch?: string): EntityOut {
      return write((tx) => {
        const row = begin(tx, kind, id)
        checkIfMatch(tx, kind, id, ifMatch, false)
        const revision = readRevision(tx, kind, id, number)
        if (!revision) throw notFound(`${kind.label} '${id}' has no revision ${number}`)
        const others = applySnapshot(tx, kind, id, revision.snapshot)
        if (row.status === 'published' && ownCitationCount(tx, kind, id) === 0) {
          throw conflict(`Revision ${number} has no citation and ${kind.label.toLowerCase()} '${id}' is published; unpublish it first`)
        }
        recordOthers(tx, ctx, others, 'restore-revision', `links changed by restoring ${kind.key}/${id} to revision ${number}`)
        return record(tx, ctx, kind, id, 'restore-revision', `restored revision ${number}`, { revision: number })
      })
    },

    /** Audit entries, newest first, keyset-paginated by id. */
    audit(filter: { actor?: string; kind?: string; entity?: string; since?: string; before?: number; limit: number }) {
      const where = and(
        filter.actor ? eq(s.auditLog.actor, filter.actor) : undefined,
        filter.kind ? eq(s.auditLog.entityKind, filter.kind) : undefined,
        filter.entity ? eq(s.auditLog.entityId, filter.entity) : undefined,
        // Stored times are UTC ISO strings: compare with the same form of the given instant.
        filter.since ? sql`${s.auditLog.at} >= ${new Date(filter.since).toISOString()}` : undefined,
        filter.before ? lt(s.auditLog.id, filter.before) : undefined
      )
      return db.select().from(s.auditLog).where(where).orderBy(desc(s.auditLog.id)).limit(filter.limit + 1).all()
    },

    /** For writes that are not about one entity (a new source, an import). */
    transaction<T>(ctx: WriteContext, action: string, detail: Record<string, unknown>, work: (tx: Db) => T): T {
      return write((tx) => {
        const result = work(tx)
        audit(tx, ctx, action, null, null, detail)
        return result
      })
    },

    /** Ids of `kind` among `ids` that exist (any status). */
    existing(tx: Db, kind: Kind, ids: string[]): Set<string> {
      if (ids.length === 0) return new Set()
      return new Set(tx.select({ id: kind.table.id }).from(kind.table).where(inArray(kind.table.id, ids)).all().map((row) => row.id as string))
    }
  }
}

export type Editor = ReturnType<typeof createEditor>
