/**
 * Putting an entity into a given state — a revision snapshot (restore) or a bundle's
 * content (import): fields, parent, aliases, citations and links, recording history on
 * every other entity whose links the change touched.
 */
import { sql } from 'drizzle-orm'
import type { Db } from '../db/connection.js'
import { valueOrEmpty } from '../kinds/fields.js'
import { memoize } from '../lib/memo.js'
import type { Relation } from '../kinds/descriptor.js'
import { KINDS, type Kind } from '../kinds/index.js'
import type { CitationOut, CodeOut, EntityOut, Ref } from '../repositories/entities/index.js'
import type { Citations } from './citations.js'
import type { WriteContext } from './context.js'
import type { Core } from './core.js'
import { columnsOf, parentOf, type FieldWriter } from './fields.js'
import type { CitationInput, EntityInput } from './inputs.js'
import type { Links } from './links.js'

const asCitationInput = (c: CitationOut): CitationInput => ({ source: c.source, section: c.section, quote: c.quote })

/** A snapshot's parent as an id (snapshots hold the read form `{ id, name }`). */
const snapshotInput = (kind: Kind, snapshot: EntityOut): EntityInput => {
  if (!kind.hierarchy) return snapshot
  const parent = snapshot[kind.hierarchy.parentField] as { id: string } | null | undefined
  return { ...snapshot, [kind.hierarchy.parentField]: parent?.id ?? null }
}

const codesOf = (entity: EntityOut | null) =>
  ((entity?.codes as CodeOut[] | undefined) ?? []).map((c) => `${c.system}|${c.code}|${c.display}|${c.source}|${c.verifiedAt}`).sort()
const cites = (list: CitationOut[] | undefined) => (list ?? []).map((c) => `${c.source}|${c.section}|${c.quote}`).sort()
const sorted = (list: unknown) => JSON.stringify([...((list as string[] | undefined) ?? [])].sort())
/** Comparable form of one link: its note and its evidence. */
const linkContent = (ref: Ref) => JSON.stringify([ref.note ?? null, cites(ref.citations)])
const refsOf = (entity: EntityOut | null, relation: Relation) => new Map(((entity?.[relation.name] as Ref[] | undefined) ?? []).map((ref) => [ref.id, ref]))

/**
 * What a row `ensureRow` just created holds, known without reading it back: the columns it
 * was created with and nothing else. Links that other entities of the import settled to it
 * since are not in it; `links.put` finds those and writes nothing twice.
 */
function freshState(kind: Kind, desired: EntityOut): EntityOut {
  const state: EntityOut = { ...desired, aliases: [], codes: [], citations: [] }
  if (kind.hierarchy) state[kind.hierarchy.parentField] = null
  for (const relation of kind.relations) state[relation.name] = []
  return state
}

/** Comparable form of an entity's content: what a snapshot restores. */
function contentOf(kind: Kind, entity: EntityOut): string {
  const input = snapshotInput(kind, entity)
  const parent = kind.hierarchy ? (input[kind.hierarchy.parentField] ?? null) : undefined
  const links = kind.relations.map((relation) => [...refsOf(entity, relation).values()].map((ref) => `${ref.id}|${linkContent(ref)}`).sort())
  return JSON.stringify([columnsOf(kind, input), parent, sorted(entity.aliases), codesOf(entity), cites(entity.citations as CitationOut[]), links])
}

export function createSnapshots(core: Core, fields: FieldWriter, citations: Citations, links: Links) {
  // A bare published row with the input's columns, unless the id exists (prepared once per kind).
  const insertRow = memoize((kind: Kind) => {
    const p = (name: string) => sql.placeholder(name)
    const fieldColumns = Object.fromEntries(kind.fields.map((field) => [field.name, p(field.name)]))
    const values = { id: p('id'), name: p('name'), summary: p('summary'), ...fieldColumns, status: 'published', version: 0, createdAt: p('at'), updatedAt: p('at') }
    return core.db.insert(kind.table).values(values as never).onConflictDoNothing().prepare()
  })

  /**
   * Puts the entity back as a snapshot shows it, writing only what differs from its current
   * state (an import touches each link once, not once from each side); returns the other
   * entities whose links changed. Each of those starts its history before its first change
   * (`core.baseline`), except rows that `isNew` says were just created (they had no state before).
   */
  function apply(
    tx: Db,
    kind: Kind,
    id: string,
    snapshot: EntityOut,
    isNew: (kind: Kind, id: string) => boolean = () => false,
    current = core.view(kind, id)
  ): Array<[Kind, string]> {
    const input = snapshotInput(kind, snapshot)
    const before = current ? snapshotInput(kind, current) : {}
    const columns = columnsOf(kind, input)
    if (JSON.stringify(columns) !== JSON.stringify(columnsOf(kind, before))) fields.setColumns(kind, id, columns)
    if (parentOf(kind, input) !== undefined && parentOf(kind, input) !== (parentOf(kind, before) ?? null)) fields.applyParent(tx, kind, id, input)
    if (sorted(current?.aliases) !== sorted(snapshot.aliases)) fields.setAliases(tx, kind, id, (snapshot.aliases as string[]) ?? [])
    if (JSON.stringify(codesOf(current)) !== JSON.stringify(codesOf(snapshot))) fields.setCodes(tx, kind, id, (snapshot.codes as CodeOut[] | undefined) ?? [])
    if (JSON.stringify(cites(current?.citations as CitationOut[])) !== JSON.stringify(cites(snapshot.citations as CitationOut[]))) {
      citations.replaceOwn(tx, kind, id, ((snapshot.citations as CitationOut[]) ?? []).map(asCitationInput))
    }
    const touched: Array<[Kind, string]> = []
    const touch = (target: Kind, otherId: string) => {
      if (!isNew(target, otherId)) core.baseline(tx, target, otherId)
      touched.push([target, otherId])
    }
    for (const relation of kind.relations) {
      const target = KINDS[relation.target]
      const present = refsOf(current, relation)
      const wanted = refsOf(snapshot, relation)
      for (const otherId of present.keys()) {
        if (wanted.has(otherId)) continue
        touch(target, otherId)
        links.drop(tx, kind, relation, id, otherId)
      }
      for (const ref of wanted.values()) {
        const had = present.get(ref.id)
        if (had && linkContent(had) === linkContent(ref)) continue
        if (!isNew(target, ref.id) && !core.rowOf(tx, target, ref.id)) continue // never hard-deleted, but be safe
        touch(target, ref.id)
        if (had) links.drop(tx, kind, relation, id, ref.id)
        links.put(tx, kind, relation, id, ref.id, ref.note ?? null, (ref.citations ?? []).map(asCitationInput))
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
     * Within a transaction: makes the entity hold exactly the desired content, recording
     * nothing: null when it already does, else the other entities whose links changed. The
     * import records one revision per changed entity once everything is settled, so that an
     * entity linked from many others gets one revision, not one per link (issue 14: the
     * cost of an import grew with the square of a hub's links).
     */
    settle(tx: Db, kind: Kind, desired: EntityOut, isNew: (kind: Kind, id: string) => boolean): Array<[Kind, string]> | null {
      const fresh = isNew(kind, desired.id)
      const current = fresh ? freshState(kind, desired) : core.view(kind, desired.id)
      if (current && contentOf(kind, current) === contentOf(kind, desired)) return null
      if (!fresh) core.baseline(tx, kind, desired.id)
      return apply(tx, kind, desired.id, desired, isNew, current)
    },

    /** Within a transaction: inserts a bare, published row unless the id exists; true when inserted. */
    ensureRow(_tx: Db, kind: Kind, input: EntityInput & { id: string }): boolean {
      const at = core.now()
      const fieldValues = Object.fromEntries(kind.fields.map((field) => [field.name, valueOrEmpty(field, input[field.name])]))
      return insertRow(kind).run({ id: input.id, name: input.name, summary: input.summary, ...fieldValues, at }).changes > 0
    }
  }
}

export type Snapshots = ReturnType<typeof createSnapshots>

