/**
 * TypeBox schemas of a kind's own fields and hierarchy, for each use: what a reader
 * gets, what an editor may write, what a bundle (seed, export, import) holds. Route,
 * admin and dataset schemas spread these; none of them spells out a kind's fields.
 */
import Type, { type TSchema } from 'typebox'
import { Id, IdRef, StringEnum } from '../schemas/common.js'
import { List, MAX, Text } from '../lib/bounds.js'
import { Slug } from '../lib/slug.js'
import type { Field, Kind } from './descriptor.js'

export type Use = 'read' | 'write' | 'bundle'

const Named = Type.Object({ id: Id, name: Text(MAX.name) })

function fieldSchema(field: Field, use: Use): TSchema {
  if (field.type === 'text-list') {
    if (use === 'read') return List(Text(MAX.textItem), MAX.textItems, { description: field.description })
    // Written by editors and by bundles alike: the read bound holds for all stored lists.
    return List(Text(MAX.textItem, { minLength: 1 }), MAX.textItems)
  }
  if (use === 'bundle') {
    const closed = Type.Enum([...field.values])
    return field.nullable ? Type.Union([closed, Type.Null()]) : closed
  }
  return field.nullable
    ? Type.Union([StringEnum(field.values), Type.Null()], { description: field.description })
    : StringEnum(field.values, { description: field.description })
}

/**
 * The kind's own properties for a use. Reads make every property optional (`fields` can
 * leave any out); a create or a bundle must give every non-nullable enum.
 */
export function ownProperties(kind: Kind, use: Use, options: { create?: boolean } = {}): Record<string, TSchema> {
  const properties: Record<string, TSchema> = {}
  const required = (field: Field) => field.type === 'enum' && !field.nullable && (use === 'bundle' || (use === 'write' && options.create === true))
  for (const field of kind.fields) {
    const schema = fieldSchema(field, use)
    properties[field.name] = required(field) ? schema : Type.Optional(schema)
  }
  return properties
}

/** The hierarchy's properties for a use: an id to write, a named ref and the variants to read. */
export function hierarchyProperties(kind: Kind, use: Use): Record<string, TSchema> {
  const hierarchy = kind.hierarchy
  if (!hierarchy) return {}
  const noun = kind.label.toLowerCase()
  if (use === 'write') return { [hierarchy.parentField]: Type.Optional(Type.Union([IdRef, Type.Null()], { description: `Id of the parent ${noun}, or null.` })) }
  if (use === 'bundle') return { [hierarchy.parentField]: Type.Optional(Type.Union([Slug, Type.Null()])) }
  return {
    [hierarchy.parentField]: Type.Optional(Type.Union([Named, Type.Null()], { description: `The parent ${noun} of a variant.` })),
    [hierarchy.childrenField]: Type.Optional(List(Named, MAX.collection, { description: `Variants of this ${noun}.` }))
  }
}
