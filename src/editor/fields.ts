/** Writing an entity's own columns, its parent and its aliases, as the kind descriptor declares them. */
import { and, eq, sql } from 'drizzle-orm'
import type { Db } from '../db/connection.js'
import * as s from '../db/schema.js'
import { setParent } from '../dataset/write.js'
import { KINDS, type Kind, type KindKey } from '../kinds/index.js'
import { memoize } from '../lib/memo.js'
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

/** The statements a field write runs, prepared once (an import runs them for every entity). */
function prepareFieldStatements(db: Db) {
  const p = (name: string) => sql.placeholder(name)
  const ofEntity = (table: typeof s.aliases | typeof s.externalCodes) => and(eq(table.entityKind, p('kind')), eq(table.entityId, p('id')))
  return {
    dropAliases: db.delete(s.aliases).where(ofEntity(s.aliases)).prepare(),
    insertAlias: db.insert(s.aliases).values({ entityKind: p('kind'), entityId: p('id'), alias: p('alias') }).prepare(),
    dropCodes: db.delete(s.externalCodes).where(ofEntity(s.externalCodes)).prepare(),
    insertCode: db
      .insert(s.externalCodes)
      .values({ entityKind: p('kind'), entityId: p('id'), system: p('system'), code: p('code'), display: p('display'), source: p('source'), verifiedAt: p('verifiedAt') })
      .onConflictDoNothing()
      .prepare(),
    // One update per kind and set of columns: an input sets only the columns it names.
    update: memoize((key: string) => {
      const [kindKey, ...columns] = key.split(' ')
      const kind = KINDS[kindKey as KindKey]
      return db
        .update(kind.table)
        .set(Object.fromEntries(columns.map((column) => [column, p(column)])) as never)
        .where(eq(kind.table.id, p('id')))
        .prepare()
    })
  }
}

export function createFieldWriter(core: Core) {
  const statements = prepareFieldStatements(core.db)

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

  /** Sets the given columns (as `columnsOf` returns them) on an existing row. */
  function setColumns(kind: Kind, id: string, columns: Record<string, unknown>) {
    const names = Object.keys(columns)
    if (names.length > 0) statements.update([kind.key, ...names].join(' ')).run({ ...columns, id })
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
      setColumns(kind, id, columnsOf(kind, input))
      applyParent(tx, kind, id, input)
    },

    setColumns,

    /** Replaces the entity's standard codes (a code listed twice is kept once). */
    setCodes(_tx: Db, kind: Kind, id: string, codes: CodeInput[]) {
      statements.dropCodes.run({ kind: kind.key, id })
      for (const code of codes) statements.insertCode.run({ kind: kind.key, id, ...code })
    },

    setAliases(_tx: Db, kind: Kind, id: string, aliases: string[]) {
      statements.dropAliases.run({ kind: kind.key, id })
      for (const alias of new Set(aliases)) statements.insertAlias.run({ kind: kind.key, id, alias })
    }
  }
}

export type FieldWriter = ReturnType<typeof createFieldWriter>
