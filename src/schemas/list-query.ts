/** From validated list query parameters to the repository's list query, for public and editor lists alike. */
import type { Kind, KindKey } from '../kinds/index.js'
import { filterableFields } from '../kinds/fields.js'
import type { EntityOut, ListQuery, SortKey } from '../repositories/entities/index.js'

export type Query = Record<string, unknown> & {
  q?: string
  limit?: number
  cursor?: string
  sort?: string
  include?: string[]
  fields?: string[]
  includeSubtypes?: boolean
  status?: string[]
  deleted?: 'exclude' | 'include' | 'only'
}

/** `SYSTEM:CODE` -> its parts; the system never holds a colon, the code may (`HPO:HP:0003125`). */
export function splitCode(value: string): { system: string; code: string } {
  const at = value.indexOf(':')
  return { system: value.slice(0, at), code: value.slice(at + 1) }
}

/** Maps validated query parameters onto the repository's list query. */
export function toListQuery(kind: Kind, query: Query): ListQuery {
  const sort = query.sort ?? 'name'
  const fields: Record<string, string[]> = {}
  for (const field of filterableFields(kind)) fields[field.name] = query[field.name] as string[]
  const related: Partial<Record<KindKey, string[]>> = {}
  for (const relation of kind.relations) related[relation.name] = query[relation.filter] as string[]
  return {
    q: query.q,
    limit: query.limit ?? 20,
    cursor: query.cursor,
    sort: { key: sort.replace(/^-/, '') as SortKey, descending: sort.startsWith('-') },
    fields,
    related,
    parent: kind.hierarchy ? (query[kind.hierarchy.parentField] as string[] | undefined) : undefined,
    includeSubtypes: query.includeSubtypes ?? true,
    status: query.status,
    deleted: query.deleted,
    reviewStatus: query.reviewStatus as string[] | undefined,
    codes: (query.code as string[] | undefined)?.map(splitCode)
  }
}

/** Sparse fieldsets: `id` and the named fields only. */
export function pickFields(entity: EntityOut, fields: string[] | undefined): EntityOut {
  if (!fields) return entity
  const picked: EntityOut = { id: entity.id } as EntityOut
  for (const field of fields) if (field in entity) picked[field] = entity[field]
  return picked
}

