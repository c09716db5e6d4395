/**
 * The public contract of a content collection, derived from its kind descriptor:
 * the entity schema (registered as a named component) and the list query parameters.
 */
import Type, { type TSchema } from 'typebox'
import { KIND_LIST, KINDS, type Kind } from '../kinds/index.js'
import type { Relation } from '../kinds/descriptor.js'
import { filterableFields, filterNames } from '../kinds/fields.js'
import { hierarchyProperties, ownProperties } from '../kinds/schemas.js'
import { CursorParam, Id, StringEnum } from './common.js'
import { Int32, List, MAX, Text, Timestamp } from '../lib/bounds.js'
import { CODE_PATTERN, CODE_SYSTEM_PATTERN } from './trust.js'
import { REVIEW_STATUSES } from '../kinds/vocabulary.js'
import { SORT_KEYS } from '../repositories/entities/index.js'

const pascal = (text: string) => text.replace(/(^|[-\s])(\w)/g, (_, __, c: string) => c.toUpperCase()).replace(/\s/g, '')

/** Component names: `Treatment`, `WarningSign`; `TreatmentEmbedded` has no relations. */
export const schemaId = (kind: Kind) => pascal(kind.singular)
const embeddedId = (kind: Kind) => `${schemaId(kind)}Embedded`
const relatedId = (kind: Kind) => `Related${schemaId(kind)}`
const editorialId = (kind: Kind) => `${schemaId(kind)}Editorial`

/** What editors see beyond the public view. */
const editorialProperties = {
  status: Type.Optional(StringEnum(['draft', 'published'], { description: 'Only published entities are public.' })),
  version: Type.Optional(Int32(1, MAX.int32, { description: 'Incremented by every change.' })),
  deletedAt: Type.Optional(Type.Union([Timestamp(), Type.Null()], { description: 'Set when soft-deleted.' }))
}
/**
 * Every property but `id` is optional because `fields` can leave any out; without
 * `fields`, all are present.
 */
function entityProperties(kind: Kind): Record<string, TSchema> {
  return {
    id: Id,
    name: Type.Optional(Text(MAX.name)),
    summary: Type.Optional(Text(MAX.summary)),
    aliases: Type.Optional(List(Text(MAX.alias), MAX.aliases, { description: 'Other names the source uses.' })),
    ...ownProperties(kind, 'read'),
    citations: Type.Optional(List(Type.Ref('Citation'), MAX.citations)),
    // Described once, on the components: this property is repeated in every entity schema.
    codes: Type.Optional(List(Type.Ref('Code'), MAX.codes)),
    review: Type.Optional(Type.Ref('Review')),
    createdAt: Type.Optional(Timestamp()),
    updatedAt: Type.Optional(Timestamp())
  }
}

/** All entity components, to register once with `addSchema`. */
function buildEntitySchemas(): TSchema[] {
  const schemas: TSchema[] = []
  for (const kind of KIND_LIST) {
    schemas.push(Type.Object(entityProperties(kind), { $id: embeddedId(kind), title: `${kind.label} (embedded)` }))
    schemas.push(
      Type.Object(
        {
          id: Id,
          name: Text(MAX.name),
          note: Type.Union([Text(MAX.note), Type.Null()], { description: "The source's qualifier of this link, if any." }),
          citations: List(Type.Ref('Citation'), MAX.citations, { description: 'Evidence for the link itself.' }),
          review: Type.Ref('Review'),
          entity: Type.Optional(Type.Ref(embeddedId(kind)))
        },
        { $id: relatedId(kind), title: `Related ${kind.label.toLowerCase()}`, description: 'A linked entity; `entity` is present when named in `include`.' }
      )
    )
  }
  for (const kind of KIND_LIST) {
    const relations: Record<string, TSchema> = {}
    for (const relation of kind.relations) relations[relation.name] = Type.Optional(List(Type.Ref(relatedId(KINDS[relation.target])), MAX.collection))
    Object.assign(relations, hierarchyProperties(kind, 'read'))
    relations.related = Type.Optional(List(Type.Ref('RelatedEntity'), MAX.collection))
    schemas.push(
      Type.Object({ ...entityProperties(kind), ...relations }, { $id: schemaId(kind), title: kind.label, description: kind.description })
    )
    schemas.push(
      Type.Object(
        { ...entityProperties(kind), ...relations, ...editorialProperties },
        { $id: editorialId(kind), title: `${kind.label} (editor's view)`, description: `${kind.description} As editors see it: any status, with its version.` }
      )
    )
  }
  return schemas
}

export const ENTITY_SCHEMAS: readonly TSchema[] = buildEntitySchemas()

export const entityRef = (kind: Kind) => Type.Ref(schemaId(kind))
export const editorialRef = (kind: Kind) => Type.Ref(editorialId(kind))

/** Whether a filter by this relation also matches the descendants of the named entities. */
const matchesDescendants = (relation: Relation) => KINDS[relation.target].hierarchy?.filtersMatchDescendants === true

/** Query parameters whose values are OR lists (comma-separated or repeated). */
export function listParameters(kind: Kind): string[] {
  return [
    'include',
    'fields',
    ...filterNames(kind),
    'status'
  ]
}

/**
 * Only the options that shape an answer carry an example: "Try it out" in /docs fills in
 * every example at once, and filters that all apply together would find nothing.
 */
const list = (items: TSchema, description: string, example?: string) =>
  Type.Optional(Type.Array(items, { minItems: 1, maxItems: 50, description, ...(example === undefined ? {} : { examples: [[example]] }) }))

export function fieldNames(kind: Kind): string[] {
  const schema = ENTITY_SCHEMAS.find((candidate) => (candidate as { $id?: string }).$id === schemaId(kind)) as { properties: Record<string, unknown> }
  return Object.keys(schema.properties).filter((name) => name !== 'id')
}

/** The filters of every collection (`SHARED_FILTERS`): review status and standard code. */
const sharedFilters: Record<string, TSchema> = {
  reviewStatus: list(StringEnum(REVIEW_STATUSES), 'Only entities whose clinical review has one of these statuses (comma list).'),
  code: list(
    Type.String({ pattern: `^(${CODE_SYSTEM_PATTERN}):${CODE_PATTERN.slice(1)}`, maxLength: 80 }),
    'Only entities carrying one of these standard codes, each `SYSTEM:CODE` (`ICD-10:L94.2`, `HPO:HP:0003125`; comma list).'
  )
}

/** Editors also filter by status and deletion. */
const editorialFilters = {
  status: Type.Optional(
    Type.Array(StringEnum(['draft', 'published']), { minItems: 1, maxItems: 2, description: 'Only these statuses (comma list).', examples: [['draft']] })
  ),
  deleted: Type.Optional(
    StringEnum(['exclude', 'include', 'only'], { default: 'exclude', description: 'Whether deleted entities are left out, included, or listed alone.' })
  )
}

export function listQuerySchema(kind: Kind, editorial = false) {
  const filters: Record<string, TSchema> = {}
  for (const field of filterableFields(kind)) {
    filters[field.name] = list(StringEnum(field.values), `${field.description} Comma list; matches any.`)
  }
  for (const relation of kind.relations) {
    filters[relation.filter] = list(
      Id,
      `Only ${kind.key} linked to one of these ${relation.target} ids (e.g. \`${KINDS[relation.target].example}\`).${matchesDescendants(relation) ? ' Matches subtypes too unless includeSubtypes=false.' : ''}`
    )
  }
  if (kind.hierarchy) filters[kind.hierarchy.parentField] = list(Id, `Only direct variants of these ${kind.singular} ids (e.g. \`${kind.example}\`).`)
  Object.assign(filters, sharedFilters)
  return Type.Object(
    {
      q: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Case-insensitive match on name and aliases, e.g. `calc`.' })),
      limit: Type.Optional(Int32(1, MAX.page, { default: 20, description: 'Page size.' })),
      cursor: Type.Optional(CursorParam),
      sort: Type.Optional(
        StringEnum(
          SORT_KEYS.flatMap((key) => [key, `-${key}`]),
          { default: 'name', description: 'Sort order; a leading `-` sorts descending.', examples: ['-updatedAt'] }
        )
      ),
      include: list(
        StringEnum(kind.relations.map((relation) => relation.name)),
        'Relations whose entities to embed in full (one level), as `entity` on each link.',
        kind.relations[0]?.name ?? ''
      ),
      fields: list(StringEnum(fieldNames(kind)), 'Sparse fieldset: only these fields (and `id`).', 'name'),
      ...filters,
      ...(kind.relations.some(matchesDescendants)
        ? { includeSubtypes: Type.Optional(Type.Boolean({ default: true, description: 'Whether a `type` filter also matches subtypes.' })) }
        : {}),
      ...(editorial ? editorialFilters : {})
    },
    { additionalProperties: false, style: 'form', explode: false }
  )
}

export const itemQuerySchema = (kind: Kind) => {
  const full = listQuerySchema(kind)
  return Type.Object({ include: full.properties.include, fields: full.properties.fields }, { additionalProperties: false, style: 'form', explode: false })
}

export const idParams = (example: string) => Type.Object({ id: { ...Id, examples: [example] } }, { additionalProperties: false })
