/**
 * A kind's own fields, declared with the drizzle column they live in, and everything the
 * layers derive from a field: its SQL column, the filter names of a kind, and how a stored
 * value becomes an API value.
 */
import { getTableColumns } from 'drizzle-orm'
import { toSnakeCase } from 'drizzle-orm/casing'
import type { AnySQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core'
import type { EnumField, Field, Kind, TextListField } from './descriptor.js'

/** The SQL name of a drizzle column (the connection maps camelCase keys to snake_case). */
export const columnName = (column: AnySQLiteColumn): string => (column.keyAsName ? toSnakeCase(column.name) : column.name)

/** The property name of a column in its table: what drizzle's builder and the API call it. */
function propertyOf(table: SQLiteTable, column: AnySQLiteColumn): string {
  const entry = Object.entries(getTableColumns(table)).find(([, candidate]) => candidate === column)
  if (!entry) throw new Error(`column ${column.name} is not in its table`)
  return entry[0]
}

export function enumField(
  table: SQLiteTable,
  column: AnySQLiteColumn,
  values: readonly string[],
  description: string
): EnumField {
  return { type: 'enum', name: propertyOf(table, column), column: columnName(column), values, nullable: !column.notNull, description }
}

export function textListField(table: SQLiteTable, column: AnySQLiteColumn, description: string): TextListField {
  return { type: 'text-list', name: propertyOf(table, column), column: columnName(column), description }
}

/** Fields that are list filters of the same name (a comma list matches any value). */
export const filterableFields = (kind: Kind): EnumField[] => kind.fields.filter((field): field is EnumField => field.type === 'enum')

/**
 * Filters every collection takes, whatever its kind: the clinical review status of the
 * entity (`reviewStatus=disputed`) and a standard code it carries (`code=ICD-10:L94.2`).
 * They live in the columns and tables every entity has, so no kind declares them.
 */
export const SHARED_FILTERS = ['reviewStatus', 'code'] as const

/** Every filter name of a kind, besides the list parameters (`q`, `limit`, …): fields, relations, parent, shared filters. */
export const filterNames = (kind: Kind): string[] => [
  ...filterableFields(kind).map((field) => field.name),
  ...kind.relations.map((relation) => relation.filter),
  ...(kind.hierarchy ? [kind.hierarchy.parentField] : []),
  ...SHARED_FILTERS
]

/** A stored value (raw SQL) as the API shows it. */
export function decodeField(field: Field, raw: unknown): unknown {
  if (field.type === 'text-list') return JSON.parse((raw as string | null) ?? '[]')
  return raw ?? null
}

/** A bundle or write value, with a left-out value as the field's empty one (no list, no enum value). */
export const valueOrEmpty = (field: Field, value: unknown): unknown => value ?? (field.type === 'text-list' ? [] : null)
