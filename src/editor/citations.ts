/** Citations: every quote is checked verbatim against its source before it is stored. */
import { and, count, eq, isNull, sql } from 'drizzle-orm'
import type { Db } from '../db/connection.js'
import * as s from '../db/schema.js'
import type { Kind, KindKey } from '../kinds/index.js'
import { notFound } from '../lib/problem.js'
import type { EntityOut } from '../repositories/entities/index.js'
import type { WriteContext } from './context.js'
import { conflict, unprocessable, type Core } from './core.js'
import type { CitationInput } from './inputs.js'
import { MAX } from '../lib/bounds.js'

/** An entity's own citations (not those of its links). */
const ownCitations = (kind: Kind, id: string) => and(eq(s.citations.entityKind, kind.key), eq(s.citations.entityId, id), isNull(s.citations.relatedKind))

export function createCitations(core: Core) {
  // Prepared once: an import runs these for every citation it writes.
  const section = sql.placeholder('section')
  const firstPassageWith = core.db
    .select({ sectionId: s.passages.sectionId })
    .from(s.passages)
    .innerJoin(s.sourceSections, eq(s.sourceSections.id, s.passages.sectionId))
    .innerJoin(s.sources, eq(s.sources.id, s.sourceSections.sourceId))
    .where(
      and(
        eq(s.sourceSections.sourceId, sql.placeholder('source')),
        isNull(s.sources.deletedAt),
        sql`(${section} is null or ${s.sourceSections.slug} = ${section})`,
        sql`instr(${s.passages.text}, ${sql.placeholder('quote')}) > 0`
      )
    )
    .orderBy(s.sourceSections.position, s.passages.position)
    .limit(1)
    .prepare()
  const insertCitation = core.db
    .insert(s.citations)
    .values({
      entityKind: sql.placeholder('entityKind'),
      entityId: sql.placeholder('entityId'),
      relatedKind: sql.placeholder('relatedKind'),
      relatedId: sql.placeholder('relatedId'),
      sectionId: sql.placeholder('sectionId'),
      quote: sql.placeholder('quote'),
      createdAt: sql.placeholder('createdAt')
    })
    .prepare()

  const dropOwn = core.db
    .delete(s.citations)
    .where(and(eq(s.citations.entityKind, sql.placeholder('kind')), eq(s.citations.entityId, sql.placeholder('id')), isNull(s.citations.relatedKind)))
    .prepare()

  // Quotes found, per transaction: an import cites the same quote from many links. Within
  // one transaction a found quote stays found (sources are only added there).
  const locatedIn = new WeakMap<Db, Map<string, number>>()

  /** The section a quote is verbatim in (within one paragraph), or a 422 saying why not. */
  function locateQuote(tx: Db, citation: CitationInput): number {
    const located = locatedIn.get(tx) ?? locatedIn.set(tx, new Map()).get(tx)!
    const key = JSON.stringify([citation.source, citation.section ?? null, citation.quote])
    const known = located.get(key)
    if (known !== undefined) return known
    const found = firstPassageWith.get({ source: citation.source, section: citation.section ?? null, quote: citation.quote })
    if (found) {
      located.set(key, found.sectionId)
      return found.sectionId
    }
    // Not found: find out why, for the message.
    const source = tx.select({ id: s.sources.id }).from(s.sources).where(and(eq(s.sources.id, citation.source), isNull(s.sources.deletedAt))).get()
    if (!source) throw unprocessable(`source: no source with id '${citation.source}'`)
    if (citation.section) {
      const section = tx
        .select({ id: s.sourceSections.id })
        .from(s.sourceSections)
        .where(and(eq(s.sourceSections.sourceId, citation.source), eq(s.sourceSections.slug, citation.section)))
        .get()
      if (!section) throw unprocessable(`section: source '${citation.source}' has no section '${citation.section}'`)
    }
    throw unprocessable(
      `quote: not found verbatim in ${citation.section ? `section '${citation.section}' of ` : ''}source '${citation.source}' (quotes are exact and within one paragraph)`
    )
  }

  /** Stores a citation of an entity, or of its link to `related`; `sectionId` when already located. */
  function insert(tx: Db, kind: KindKey, id: string, citation: CitationInput, related?: { kind: KindKey; id: string }, sectionId = locateQuote(tx, citation)): number {
    const values = { entityKind: kind, entityId: id, relatedKind: related?.kind ?? null, relatedId: related?.id ?? null, sectionId, quote: citation.quote, createdAt: core.now() }
    // The rowid, not RETURNING: a statement with RETURNING costs more, and an import runs this per citation.
    return Number(insertCitation.run(values).lastInsertRowid)
  }

  const ownCount = (tx: Db, kind: Kind, id: string): number => tx.select({ n: count() }).from(s.citations).where(ownCitations(kind, id)).get()?.n ?? 0

  /** Replaces an entity's own citations (a restore). */
  function replaceOwn(tx: Db, kind: Kind, id: string, citations: CitationInput[]) {
    dropOwn.run({ kind: kind.key, id })
    for (const citation of citations) insert(tx, kind.key, id, citation)
  }

  return {
    locateQuote,
    insert,
    ownCount,
    replaceOwn,

    cite(ctx: WriteContext, kind: Kind, id: string, citation: CitationInput): { entity: EntityOut; citationId: number } {
      return core.write((tx) => {
        core.begin(tx, kind, id)
        const sectionId = locateQuote(tx, citation)
        if (tx.select({ id: s.citations.id }).from(s.citations).where(and(ownCitations(kind, id), eq(s.citations.sectionId, sectionId), eq(s.citations.quote, citation.quote))).get()) {
          throw conflict(`${kind.label} '${id}' already cites this quote`)
        }
        if (ownCount(tx, kind, id) >= MAX.citations) throw conflict(`${kind.label} '${id}' already has ${MAX.citations} citations, the most an entity can have`)
        const citationId = insert(tx, kind.key, id, citation, undefined, sectionId)
        const entity = core.record(tx, ctx, kind, id, 'cite', `cited ${citation.source}`, { citationId, ...citation })
        return { entity, citationId }
      })
    },

    uncite(ctx: WriteContext, kind: Kind, id: string, citationId: number): EntityOut {
      return core.write((tx) => {
        const row = core.begin(tx, kind, id)
        const citation = tx.select().from(s.citations).where(and(ownCitations(kind, id), eq(s.citations.id, citationId))).get()
        if (!citation) throw notFound(`${kind.label} '${id}' has no citation ${citationId}`)
        if (row.status === 'published' && ownCount(tx, kind, id) === 1) throw conflict(`The last citation of a published ${kind.label.toLowerCase()} cannot be removed; unpublish it first`)
        tx.delete(s.citations).where(eq(s.citations.id, citationId)).run()
        return core.record(tx, ctx, kind, id, 'uncite', `removed citation ${citationId}`, { citationId, quote: citation.quote })
      })
    }
  }
}

export type Citations = ReturnType<typeof createCitations>
