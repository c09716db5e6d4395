/**
 * schema.org JSON-LD of one entity (`Accept: application/ld+json`). What it says comes
 * from the kind's descriptor (`linkedData`: the type, and each relation's property), so
 * a new kind declares its mapping in one place; this module only applies it:
 * - `@id`s are the entities' own API URLs, absolute from the configured public base URL,
 *   so they are the same whoever asks (never taken from a request's Host);
 * - the entity's citations are `CreativeWork` quotes (`subjectOf`), each part of its
 *   section, part of the source article;
 * - a linked entity is a node with its `@id`, `@type` and `name`; a property schema.org
 *   has only the other way round is written under `@reverse`.
 * Types come from schema-dts (types only, erased at build).
 */
import type { Article, CreativeWork, DrugClass, MedicalCode, Organization } from 'schema-dts'
import type { Kind, LinkedDataProperty, SchemaTypeName } from '../kinds/descriptor.js'
import { KINDS } from '../kinds/index.js'
import type { CitationOut, EntityOut, Ref } from '../repositories/entities/index.js'

export const SCHEMA_ORG_CONTEXT = 'https://schema.org'

/** What the builder needs besides the entity. */
export interface LinkedDataContext {
  /** Absolute, no trailing slash: `https://kb.example.org`. */
  baseUrl: string
  /** Titles of the sources the entity's citations quote, by source id. */
  sourceTitles: ReadonlyMap<string, string>
}

/** A linked entity: enough to name it and follow it. */
export interface NodeReference {
  '@id': string
  '@type': SchemaTypeName | SchemaTypeName[]
  name: string
}

export type JsonLdDocument = Record<string, unknown> & { '@context': typeof SCHEMA_ORG_CONTEXT; '@id': string; '@type': NodeReference['@type'] }

export const entityIri = (baseUrl: string, kind: Kind, id: string) => `${baseUrl}/v1/${kind.path}/${encodeURIComponent(id)}`
const sourceIri = (baseUrl: string, id: string) => `${baseUrl}/v1/sources/${encodeURIComponent(id)}`

/** The kind's type, plus those its `alsoTypes` give an entity with these field values. */
export function typesOf(kind: Kind, fields: Record<string, unknown> = {}): SchemaTypeName[] {
  const types: SchemaTypeName[] = [kind.linkedData.type]
  for (const extra of kind.linkedData.alsoTypes ?? []) {
    if (extra.values.includes(String(fields[extra.field]))) types.push(...extra.types.filter((type) => !types.includes(type)))
  }
  return types
}

const single = (types: SchemaTypeName[]) => (types.length === 1 ? (types[0] as SchemaTypeName) : types)

function nodeOf(baseUrl: string, kind: Kind, ref: { id: string; name: string; entity?: EntityOut }): NodeReference {
  return { '@id': entityIri(baseUrl, kind, ref.id), '@type': single(typesOf(kind, ref.entity)), name: ref.name }
}

function quoteOf({ baseUrl, sourceTitles }: LinkedDataContext, citation: CitationOut): CreativeWork {
  const article: Article = { '@type': 'Article', '@id': sourceIri(baseUrl, citation.source), name: sourceTitles.get(citation.source) ?? citation.source }
  const section: CreativeWork = { '@type': 'CreativeWork', '@id': `${sourceIri(baseUrl, citation.source)}#${citation.section}`, name: citation.heading, isPartOf: article }
  return { '@type': 'CreativeWork', text: citation.quote, isPartOf: section }
}

/** Standard codes, where an entity carries them (`codes: [{ system, code, display }]`): schema.org `code` of every MedicalEntity. */
function codesOf(entity: EntityOut): MedicalCode[] {
  const codes = Array.isArray(entity.codes) ? (entity.codes as Array<{ system?: unknown; code?: unknown; display?: unknown }>) : []
  return codes
    .filter((c) => typeof c.system === 'string' && typeof c.code === 'string')
    .map((c) => ({ '@type': 'MedicalCode', codingSystem: c.system as string, codeValue: c.code as string, ...(typeof c.display === 'string' ? { name: c.display } : {}) }))
}

const applies = (property: LinkedDataProperty, ref: Ref) =>
  !property.when || property.when.values.includes(String(ref.entity?.[property.when.field]))

/** Adds values under a property, keeping what other relations put there (several relations can map to one property). */
function append(target: Record<string, unknown[]>, property: string, values: unknown[]) {
  if (values.length > 0) target[property] = [...(target[property] ?? []), ...values]
}

/**
 * The JSON-LD document of an entity as the read API serializes it, with each relation's
 * linked entities embedded (`include`), so that their types can be told.
 */
export function entityJsonLd(kind: Kind, entity: EntityOut, context: LinkedDataContext): JsonLdDocument {
  const { baseUrl } = context
  const mapping = kind.linkedData
  const types = typesOf(kind, entity)
  const properties: Record<string, unknown[]> = {}
  const reverse: Record<string, unknown[]> = {}

  for (const field of mapping.fields ?? []) {
    const value = entity[field.field]
    if (types.includes(field.onType) && typeof value === 'string') {
      const node: DrugClass | Record<string, string> = { '@type': field.nodeType, name: value.replaceAll('-', ' ') }
      append(properties, field.property, [node])
    }
  }
  if (kind.hierarchy && mapping.parentProperty) {
    const parent = entity[kind.hierarchy.parentField] as Ref | null | undefined
    if (parent) append(properties, mapping.parentProperty, [nodeOf(baseUrl, kind, parent)])
    append(reverse, mapping.parentProperty, ((entity[kind.hierarchy.childrenField] as Ref[] | undefined) ?? []).map((child) => nodeOf(baseUrl, kind, child)))
  }
  for (const relation of kind.relations) {
    const refs = (entity[relation.name] as Ref[] | undefined) ?? []
    for (const property of mapping.links[relation.name] ?? []) {
      const chosen = refs.filter((ref) => applies(property, ref))
      if (property.as === 'text') append(properties, property.property, chosen.map((ref) => ref.name))
      else append(property.as === 'node' ? properties : reverse, property.property, chosen.map((ref) => nodeOf(baseUrl, KINDS[relation.target], ref)))
    }
  }

  const codes = codesOf(entity)
  if (codes.length > 0) append(properties, 'code', codes)
  const aliases = (entity.aliases as string[] | undefined) ?? []
  const citations = (entity.citations as CitationOut[] | undefined) ?? []
  return {
    '@context': SCHEMA_ORG_CONTEXT,
    '@id': entityIri(baseUrl, kind, entity.id),
    '@type': single(types),
    name: entity.name,
    description: entity.summary,
    ...(aliases.length > 0 ? { alternateName: aliases } : {}),
    ...properties,
    ...(citations.length > 0 ? { subjectOf: citations.map((citation) => quoteOf(context, citation)) } : {}),
    ...(Object.keys(reverse).length > 0 ? { '@reverse': reverse } : {})
  }
}

/** A source with its sections, as the read API gives it. */
export interface SourceForLinkedData {
  id: string
  title: string
  publisher: string
  url: string | null
  sections: Array<{ id: string; heading: string; text: string }>
}

/** A source as a schema.org Article: its sections are its parts, with their text (what citations quote). */
export function sourceJsonLd(source: SourceForLinkedData, baseUrl: string): JsonLdDocument {
  const iri = sourceIri(baseUrl, source.id)
  const publisher: Organization = { '@type': 'Organization', name: source.publisher }
  const parts: CreativeWork[] = source.sections.map((section) => ({ '@type': 'CreativeWork', '@id': `${iri}#${section.id}`, name: section.heading, text: section.text }))
  const article: Article = { '@type': 'Article', '@id': iri, name: source.title, publisher, hasPart: parts, ...(source.url ? { url: source.url } : {}) }
  return { '@context': SCHEMA_ORG_CONTEXT, ...article, '@id': iri, '@type': 'Article' }
}
