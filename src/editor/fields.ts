/** Writing an entity's own columns, its parent and its aliases, as the kind descriptor declares them. */
import { and, eq, sql } from 'drizzle-orm'
import type { Db } from '../db/connection.js'
import * as s from '../db/schema.js'
import { setParent } from '../dataset/write.js'
import type { Kind } from '../kinds/index.js'
import { unprocessable, type Core } from './core.js'
import type { CodeInput, EntityInput } from './inputs.js'

/** The columns an input sets: name, summary and the kind's own fields (absent ones are left as they are). */
export function columnsOf(kind: Kind, input: EntityInput): Record<string, unknown> {
  const columns: Record<string, unknown> = {}
  for (const key of ['name', 'summary'] as const) if (input[key] !== undefined) columns[key] = input[key]
  for (const field of kind.fields) if (input[field.name] !== undefined) columns[field.name] = input[field.name]
  return columns
}

/** The parent an input sets on a hierarchical kind: an id, null to clear it, undefined to leave it. */
export function parentOf(kind: Kind, input: EntityInput): string | null | undefined {
  return kind.hierarchy ? (input[kind.hierarchy.parentField] as string | null | undefined) : undefined
}

export function createFieldWriter(core: Core) {
  /** A parent must exist and must not be the entity itself or one of its descendants. */
  function checkParent(tx: Db, kind: Kind, id: string, parent: string | null | undefined) {
    if (!parent || !kind.hierarchy) return
    if (!core.rowOf(tx, kind, parent)) throw unprocessable(`${kind.hierarchy.parentField}: no ${kind.label.toLowerCase()} with id '${parent}'`)
    const column = sql.identifier(kind.hierarchy.parentColumn)
    const table = sql.identifier(kind.tableName)
    const ancestors = tx.all<{ id: string }>(sql`
      with recursive up(id) as (select ${parent} union select t.${column} from ${table} t join up on t.id = up.id where t.${column} is not null)
      select id from up`)
    if (ancestors.some((row) => row.id === id)) throw unprocessable(`${kind.hierarchy.parentField}: '${parent}' would make ${kind.singular} '${id}' its own ancestor`)
  }

  /** Sets the parent an input names, if it names one (checked first). */
  function applyParent(tx: Db, kind: Kind, id: string, input: EntityInput) {
    const parent = parentOf(kind, input)
    if (parent === undefined) return
    checkParent(tx, kind, id, parent)
    setParent(tx, kind, id, parent)
  }

  return {
    checkParent,
    applyParent,

    /** Sets the input's columns and parent on an existing row. */
    apply(tx: Db, kind: Kind, id: string, input: EntityInput) {
      const columns = columnsOf(kind, input)
      if (Object.keys(columns).length > 0) tx.update(kind.table).set(columns as never).where(eq(kind.table.id, id)).run()
      applyParent(tx, kind, id, input)
    },

    /** Replaces the entity's standard codes (a code listed twice is kept once). */
    setCodes(tx: Db, kind: Kind, id: string, codes: CodeInput[]) {
      tx.delete(s.externalCodes).where(and(eq(s.externalCodes.entityKind, kind.key), eq(s.externalCodes.entityId, id))).run()
      for (const { system, code, display, source, verifiedAt } of codes) {
        tx.insert(s.externalCodes).values({ entityKind: kind.key, entityId: id, system, code, display, source, verifiedAt }).onConflictDoNothing().run()
      }
    },

    setAliases(tx: Db, kind: Kind, id: string, aliases: string[]) {
      tx.delete(s.aliases).where(and(eq(s.aliases.entityKind, kind.key), eq(s.aliases.entityId, id))).run()
      for (const alias of new Set(aliases)) tx.insert(s.aliases).values({ entityKind: kind.key, entityId: id, alias }).run()
    }
  }
}

export type FieldWriter = ReturnType<typeof createFieldWriter>
