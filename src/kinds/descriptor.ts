/**
 * The shape of a kind descriptor. A kind is declared once (`kinds/index.ts`); every layer
 * derives what it needs from it: read, write and bundle schemas, filters, SQL, the
 * serializer, the editor, the dataset loader, search triggers, the overview and OpenAPI.
 *
 * Words: a *kind* is the descriptor (`treatments`), its *collection* is the URL segment
 * (`/v1/treatments`), and an *entity* is one stored record of a kind.
 */
import type { AnySQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core'
import type { Thing } from 'schema-dts'
import type { LinkTable } from '../db/schema.js'

export const KIND_KEYS = [
  'conditions',
  'types',
  'causes',
  'symptoms',
  'diagnostics',
  'treatments',
  'complications',
  'prognosis',
  'prevention',
  'warningSigns',
  'bodySites'
] as const
export type KindKey = (typeof KIND_KEYS)[number]

/** The columns every entity table has (see `entityColumns` in the schema). */
export type EntityTable = SQLiteTable & {
  id: AnySQLiteColumn
  name: AnySQLiteColumn
  summary: AnySQLiteColumn
  status: AnySQLiteColumn
  version: AnySQLiteColumn
  createdAt: AnySQLiteColumn
  updatedAt: AnySQLiteColumn
  deletedAt: AnySQLiteColumn
}

interface FieldBase {
  /** Property name in the API, the bundle and the drizzle table. */
  name: string
  /** SQL column name. */
  column: string
  description: string
}

/** A closed vocabulary: filterable by the same name, a CHECK constraint in the table. */
export interface EnumField extends FieldBase {
  type: 'enum'
  values: readonly string[]
  nullable: boolean
}

/** Short statements stored as a JSON array of strings. */
export interface TextListField extends FieldBase {
  type: 'text-list'
}

/** A kind's own field beyond the shared ones (id, name, summary, aliases, citations). */
export type Field = EnumField | TextListField

/** A kind whose entities nest: a parent and its variants (subtypes). */
export interface Hierarchy {
  /** SQL column holding the parent id. */
  parentColumn: string
  /** Read: `{ id, name } | null`; write and bundle: an id or null; list filter by direct parent. */
  parentField: 'parent'
  /** Read only: the direct variants. */
  childrenField: 'subtypes'
  /** Whether filters naming an entity of this kind also match its descendants (unless `includeSubtypes=false`). */
  filtersMatchDescendants: boolean
}

export interface Relation {
  /** Field name in responses, in `include` and in the bundle's `links`: the other kind's key. */
  name: KindKey
  /** Query parameter that filters by it: the other kind in the singular. */
  filter: string
  target: KindKey
  table: LinkTable
  /** SQL name of the link table. */
  tableName: string
  /** True when this kind is the owner side of the link table (links are written and exported from there). */
  owned: boolean
  /** SQL columns of the link table holding this kind's id and the other side's. */
  selfColumn: string
  otherColumn: string
  /** The same columns as drizzle properties of `table`. */
  selfProperty: 'ownerId' | 'targetId'
  otherProperty: 'ownerId' | 'targetId'
}

/** Where a kind's entities appear in a condition's overview (sections follow `KIND_KEYS` order). */
export interface OverviewPlacement {
  /** Section heading in the Markdown rendering. */
  heading: string
  /** Section description (OpenAPI). */
  description: string
  /** Group the section's items by this enum field, in vocabulary order. */
  groupBy?: string
  /** Relations shown beside each item, with their label in Markdown (the link to the condition is implicit). */
  shows: Partial<Record<KindKey, string>>
}

/**
 * How a link appears in a kind's schema.org JSON-LD (`src/linked-data/`), seen from that kind:
 * - `node`: a schema.org property of this kind's type whose value is the linked entity (`cause`);
 * - `reverse`: a property of the *linked* entity's type pointing here, written under `@reverse`
 *   (a treatment is the `possibleTreatment` of the conditions it treats);
 * - `text`: a property whose schema.org range is Text (`possibleComplication`): the linked entity's name.
 * `when` limits it to linked entities some field of which has one of the values.
 */
/** schema.org type and property names (schema-dts, types only): a misspelt name does not compile. */
type SchemaLeaf = Extract<Thing, { '@type': string }>
type KeysOf<T> = T extends unknown ? keyof T : never
export type SchemaTypeName = SchemaLeaf['@type']
export type SchemaPropertyName = Exclude<KeysOf<SchemaLeaf>, '@type' | '@id'> & string

export interface LinkedDataProperty {
  property: SchemaPropertyName
  as: 'node' | 'reverse' | 'text'
  when?: { field: string; values: readonly string[] }
}

/** A kind's schema.org mapping: its type(s), refined by a field's value, and its links as properties. */
export interface LinkedDataMapping {
  /** The schema.org type of every entity of the kind (`MedicalCondition`). */
  type: SchemaTypeName
  /** More types for entities whose `field` has one of `values` (a pharmacological treatment is also a `Drug`). */
  alsoTypes?: Array<{ field: string; values: readonly string[]; types: readonly SchemaTypeName[] }>
  /** Own fields as properties, on entities of type `onType`: the value as a node of `nodeType` named by it. */
  fields?: Array<{ field: string; property: SchemaPropertyName; nodeType: SchemaTypeName; onType: SchemaTypeName }>
  /** Relations by name; a relation left out has no schema.org property and is not emitted. */
  links: Partial<Record<KindKey, readonly LinkedDataProperty[]>>
  /** Hierarchical kinds: the property a variant names its parent by (`additionalType`), emitted as `@reverse` on the parent. */
  parentProperty?: SchemaPropertyName
}

export interface Kind {
  key: KindKey
  /** URL segment of the collection: `warning-signs`. */
  path: string
  singular: string
  /** Display label, singular. */
  label: string
  /** An id for documentation examples: a published entity with links, so examples never answer empty. */
  example: string
  description: string
  table: EntityTable
  /** SQL name of the table. */
  tableName: string
  fields: Field[]
  hierarchy?: Hierarchy
  /**
   * Multiplies the search score: body sites rank below the entities that occur at them
   * ("kidney" should find chronic kidney disease before the kidneys).
   */
  searchWeight: number
  /** The root kind of an overview has none; every other kind appears in it once. */
  overview?: OverviewPlacement
  /** Relations to other kinds through link tables, derived from the schema's link tables. */
  relations: Relation[]
  /** schema.org JSON-LD: the type and the property of each relation (`Accept: application/ld+json`). */
  linkedData: LinkedDataMapping
}
