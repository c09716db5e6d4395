/**
 * Writes normalized datasets into the database in one transaction. Writing never
 * overwrites: a source, entity or link that already exists (possibly edited since) is
 * left as it is, with its aliases and citations, so seeding is idempotent and safe to
 * run on a live database. `resetContent` is the explicit, destructive way back.
 */
import { and, eq, sql } from 'drizzle-orm'
import type { SQLiteTable } from 'drizzle-orm/sqlite-core'
import { writeTransaction, type Db, type Store } from '../db/connection.js'
import * as s from '../db/schema.js'
import { KIND_LIST, KINDS, type Kind } from '../kinds/index.js'
import { paragraphsOf, type CitationRecord, type NormalizedDataset, type SourceRecord } from './read.js'
import { groupKey, type RelatedRecord } from './related.js'

export interface WriteSummary {
  sources: number
  entities: number
  links: number
  citations: number
  related: number
}

/** Inserts a row unless its primary key exists; true when it was inserted. */
function insertNew(db: Db, table: SQLiteTable, row: Record<string, unknown>): boolean {
  return db.insert(table).values(row as never).onConflictDoNothing().run().changes > 0
}

function linkTableFor(ownerKind: keyof typeof KINDS, targetKind: keyof typeof KINDS): s.LinkTable {
  const relation = KINDS[ownerKind].relations.find((r) => r.owned && r.target === targetKind)
  if (!relation) throw new Error(`no link table between ${ownerKind} and ${targetKind}`)
  return relation.table
}

/** Sets the parent of an entity of a hierarchical kind. */
export function setParent(tx: Db, kind: Kind, id: string, parent: string | null): void {
  if (!kind.hierarchy) throw new Error(`${kind.key} is not hierarchical`)
  tx.run(sql`update ${sql.identifier(kind.tableName)} set ${sql.identifier(kind.hierarchy.parentColumn)} = ${parent} where id = ${id}`)
}

/** Inserts a new source with its sections and their paragraphs (passages). */
export function insertSource(tx: Db, source: SourceRecord, now: string): void {
  const { sections, ...sourceRow } = source
  tx.insert(s.sources).values({ ...sourceRow, status: 'published', createdAt: now, updatedAt: now }).run()
  for (const section of sections) {
    const { id: sectionId } = tx.insert(s.sourceSections).values({ sourceId: source.id, ...section }).returning({ id: s.sourceSections.id }).get()
    paragraphsOf(section).forEach((text, position) => tx.insert(s.passages).values({ sectionId, position, text }).run())
  }
}

/**
 * Writes groups of related entities, with statements prepared once per connection (an
 * import writes hundreds). A group is known by its members: one that exists is left as it
 * is, unless `replace` (an import) asks for the given note and citations.
 */
export function createRelatedWriter(db: Db) {
  const p = (name: string) => sql.placeholder(name)
  const m = s.relatedMembers
  const groupsOf = db.select({ groupId: m.groupId }).from(m).where(and(eq(m.entityKind, p('kind')), eq(m.entityId, p('id')))).prepare()
  const membersOf = db.select({ kind: m.entityKind, id: m.entityId }).from(m).where(eq(m.groupId, p('groupId'))).prepare()
  const storedOf = db.select({ note: s.relatedGroups.note, citations: s.relatedGroups.citations }).from(s.relatedGroups).where(eq(s.relatedGroups.id, p('groupId'))).prepare()
  const update = db.update(s.relatedGroups).set({ note: p('note'), citations: p('citations') } as never).where(eq(s.relatedGroups.id, p('groupId'))).prepare()
  const insertGroup = db.insert(s.relatedGroups).values({ note: p('note'), citations: p('citations'), createdAt: p('createdAt') }).returning({ id: s.relatedGroups.id }).prepare()
  const insertMember = db.insert(m).values({ groupId: p('groupId'), entityKind: p('kind'), entityId: p('id') }).prepare()

  return function writeRelatedGroup(group: RelatedRecord, now: string, { replace = false } = {}): 'created' | 'updated' | 'unchanged' {
    const [first] = group.between
    if (!first) throw new Error('a related group needs members')
    const content = { note: group.note, citations: group.citations }
    for (const { groupId } of groupsOf.all(first)) {
      if (groupKey(membersOf.all({ groupId }) as RelatedRecord['between']) !== groupKey(group.between)) continue
      if (!replace || JSON.stringify(storedOf.get({ groupId })) === JSON.stringify(content)) return 'unchanged'
      update.run({ ...content, groupId })
      return 'updated'
    }
    const { id: groupId } = insertGroup.get({ ...content, createdAt: now })!
    for (const member of group.between) insertMember.run({ groupId, ...member })
    return 'created'
  }
}

export function writeDatasets({ db }: Store, datasets: NormalizedDataset[], now = new Date().toISOString()): WriteSummary {
  const summary: WriteSummary = { sources: 0, entities: 0, links: 0, citations: 0, related: 0 }
  const writeRelatedGroup = createRelatedWriter(db)
  writeTransaction(db, (tx) => {
    for (const { source, entities, links, retired, related, codes } of datasets) {
      for (const { kind, id, replacedBy, reason } of retired) insertNew(tx, s.retiredIds, { kind, id, replacedBy, reason, retiredAt: now })
      if (!tx.select({ id: s.sources.id }).from(s.sources).where(eq(s.sources.id, source.id)).get()) {
        insertSource(tx, source, now)
        summary.sources++
      }
      const sectionIds = new Map(
        tx
          .select({ id: s.sourceSections.id, slug: s.sourceSections.slug })
          .from(s.sourceSections)
          .where(eq(s.sourceSections.sourceId, source.id))
          .all()
          .map((row) => [row.slug, row.id])
      )
      const cite = (citations: CitationRecord[], entityKind: string, entityId: string, related?: { kind: string; id: string }) => {
        for (const citation of citations) {
          const sectionId = sectionIds.get(citation.section)
          if (sectionId === undefined) throw new Error(`section ${citation.section} is not in source ${source.id}`)
          tx.insert(s.citations)
            .values({ entityKind, entityId, relatedKind: related?.kind, relatedId: related?.id, sectionId, quote: citation.quote, createdAt: now })
            .run()
          summary.citations++
        }
      }

      // An entity may name a parent listed after it: insert all, then set parents.
      const parents: Array<{ kind: Kind; id: string; parent: string }> = []
      for (const entity of entities) {
        const kind = KINDS[entity.kind]
        const row = { id: entity.id, name: entity.name, summary: entity.summary, ...entity.fields, status: 'published', createdAt: now, updatedAt: now }
        if (!insertNew(tx, kind.table, row)) continue
        summary.entities++
        if (entity.parent) parents.push({ kind, id: entity.id, parent: entity.parent })
        for (const alias of entity.aliases) tx.insert(s.aliases).values({ entityKind: entity.kind, entityId: entity.id, alias }).onConflictDoNothing().run()
        cite(entity.citations, entity.kind, entity.id)
      }
      for (const { kind, id, parent } of parents) setParent(tx, kind, id, parent)

      for (const { kind, id, ...code } of codes) insertNew(tx, s.externalCodes, { entityKind: kind, entityId: id, ...code })

      for (const link of links) {
        const table = linkTableFor(link.ownerKind, link.targetKind)
        if (!insertNew(tx, table, { ownerId: link.ownerId, targetId: link.targetId, note: link.note })) continue
        summary.links++
        cite(link.citations, link.ownerKind, link.ownerId, { kind: link.targetKind, id: link.targetId })
      }
      for (const group of related) if (writeRelatedGroup(group, now) === 'created') summary.related++
    }
  })
  return summary
}

/** Deletes all content (not migrations). Only `seed --reset --yes` calls it. */
export function resetContent({ db }: Store): void {
  writeTransaction(db, (tx) => {
    const linkTables = new Set(KIND_LIST.flatMap((kind) => kind.relations.map((r) => r.table)))
    const wipe = (table: SQLiteTable) => tx.delete(table).run()
    wipe(s.retiredIds)
    wipe(s.relatedMembers)
    wipe(s.relatedGroups)
    wipe(s.citations)
    wipe(s.aliases)
    wipe(s.externalCodes)
    for (const table of linkTables) wipe(table)
    for (const kind of KIND_LIST) if (kind.hierarchy) tx.run(sql.raw(`update ${kind.tableName} set ${kind.hierarchy.parentColumn} = null`))
    for (const kind of KIND_LIST) wipe(kind.table)
    wipe(s.passages)
    wipe(s.sourceSections)
    wipe(s.sources)
  })
}

/** True when no source has ever been written: the first start seeds. */
export function isEmpty({ db }: Store): boolean {
  return db.select({ id: s.sources.id }).from(s.sources).limit(1).all().length === 0
}
