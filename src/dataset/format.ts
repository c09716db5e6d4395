/**
 * The dataset format: one JSON document per source article (`seed/<name>/knowledge.json`),
 * the article's content as cited, linked entities. The seed and the export use it alike.
 * Its bounds are the admin API's (lib/bounds.ts): what a seed or an import stores,
 * the API's answers promise to hold.
 */
import Type, { type Static, type TSchema } from 'typebox'
import { KIND_KEYS, KINDS, type Kind, type KindKey } from '../kinds/index.js'
import { hierarchyProperties, ownProperties } from '../kinds/schemas.js'
import { Slug } from '../lib/slug.js'
import { MAX } from '../lib/bounds.js'
import { CODE_SYSTEMS } from '../kinds/vocabulary.js'


const Closed = { additionalProperties: false } as const

export const DatasetCitation = Type.Object(
  {
    /** The source; in a seed document, its own source when left out. */
    source: Type.Optional(Slug),
    section: Slug,
    quote: Type.String({ minLength: 3, maxLength: MAX.quote })
  },
  Closed
)

/**
 * A link to another entity. A seed cites every link; a bundle (export, import) holds links
 * as the admin API allows them, also without evidence, so that every export imports back.
 */
const linkSchema = (minCitations: number) =>
  Type.Object(
    {
      id: Slug,
      note: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: MAX.note }), Type.Null()])),
      citations: Type.Array(DatasetCitation, { minItems: minCitations, maxItems: MAX.citations })
    },
    Closed
  )
export const DatasetLink = linkSchema(1)
const BundleLink = linkSchema(0)

/**
 * Where a source comes from, beyond title, publisher and url (issue 13). Every field may be
 * left out; what is not known is stated as such (`null`, 'und', 'unknown'), never guessed.
 */
export const PROVENANCE_PROPERTIES = {
  retrievedAt: Type.Optional(Type.Union([Type.String({ format: 'date-time', maxLength: MAX.timestamp }), Type.Null()])),
  language: Type.Optional(Type.String({ pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$', maxLength: 35 })),
  license: Type.Optional(Type.String({ minLength: 1, maxLength: MAX.name }))
}

export interface Provenance {
  retrievedAt: string | null
  language: string
  license: string
}

/** A source's provenance with what it leaves out stated as unknown. */
export const provenanceOf = (source: Partial<Provenance>): Provenance => ({
  retrievedAt: source.retrievedAt ?? null,
  language: source.language ?? 'und',
  license: source.license ?? 'unknown'
})

export const DatasetSection = Type.Object({ id: Slug, heading: Type.String({ minLength: 1, maxLength: MAX.heading }) }, Closed)

export const DatasetSource = Type.Object(
  {
    id: Slug,
    title: Type.String({ minLength: 1, maxLength: MAX.title }),
    publisher: Type.String({ minLength: 1, maxLength: MAX.title }),
    url: Type.Optional(Type.Union([Type.String({ maxLength: MAX.url }), Type.Null()])),
    ...PROVENANCE_PROPERTIES,
    /** The article's text file, beside the dataset. */
    file: Type.String({ minLength: 1 }),
    /** Lines starting with one of these are navigation clutter, not content. */
    ignoreLinePrefixes: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
    /** The content ends before this line (an author blurb, a footer). */
    endBefore: Type.Optional(Type.String({ minLength: 1 })),
    sections: Type.Array(DatasetSection, { minItems: 1, maxItems: MAX.sections })
  },
  Closed
)

/** A standard code, as the seed's `codes.json` and a bundle hold it (see schemas/trust.ts for the API's). */
export const DatasetCode = Type.Object(
  {
    system: Type.Enum([...CODE_SYSTEMS]),
    code: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9.:_-]{0,63}$' }),
    display: Type.String({ minLength: 1, maxLength: 300 }),
    /** The authoritative listing the code was verified in. */
    source: Type.String({ pattern: '^https?://\\S+$', maxLength: 2000 }),
    verifiedAt: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })
  },
  Closed
)
export type DatasetCode = Static<typeof DatasetCode>

/** The entity schema of one kind: the shared fields plus its own; a bundle also holds its codes. */
function entitySchema(kind: Kind, link: TSchema, withCodes: boolean) {
  const links: Record<string, TSchema> = {}
  for (const relation of kind.relations) links[relation.name] = Type.Optional(Type.Array(link, { maxItems: MAX.collection }))
  return Type.Object(
    {
      id: Slug,
      name: Type.String({ minLength: 1, maxLength: MAX.name }),
      summary: Type.String({ minLength: 1, maxLength: MAX.summary }),
      aliases: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: MAX.alias }), { maxItems: MAX.aliases })),
      ...ownProperties(kind, 'bundle'),
      ...hierarchyProperties(kind, 'bundle'),
      citations: Type.Array(DatasetCitation, { minItems: 1, maxItems: MAX.citations }),
      links: Type.Optional(Type.Object(links, Closed)),
      ...(withCodes ? { codes: Type.Optional(Type.Array(DatasetCode, { maxItems: MAX.codes })) } : {})
    },
    Closed
  )
}

const entitiesSchema = (link: TSchema, withCodes: boolean) =>
  Type.Object(Object.fromEntries(KIND_KEYS.map((key) => [key, Type.Optional(Type.Array(entitySchema(KINDS[key], link, withCodes), { maxItems: MAX.collection }))])), Closed)
// A seed keeps its codes apart (`codes.json`): they come from code listings, not from the article.
const Entities = entitiesSchema(DatasetLink, false)

export const Dataset = Type.Object(
  {
    source: DatasetSource,
    entities: Entities
  },
  Closed
)

/** An entity as `kind/id`, the kind as its key: `bodySites/fingertips`. */
export const EntityPath = Type.String({ pattern: '^[A-Za-z]+/[a-z0-9]+(?:-[a-z0-9]+)*$' })

/** Related entities (`related.json`, a bundle's `related`): see `related.ts`. */
export const RelatedGroup = Type.Object(
  {
    between: Type.Array(EntityPath, { minItems: 2, maxItems: 50 }),
    note: Type.String({ minLength: 1, maxLength: 2000 }),
    citations: Type.Array(DatasetCitation, { minItems: 1, maxItems: 50 })
  },
  Closed
)
export type RelatedGroupDocument = Static<typeof RelatedGroup>

export const BUNDLE_FORMAT = 'medical-kb/1'

/**
 * The export and import format: the seed's entities, with each citation naming its
 * source, and the sources inline with the text of their sections.
 */
export const Bundle = Type.Object(
  {
    format: Type.Literal(BUNDLE_FORMAT),
    datasetVersion: Type.Optional(Type.String({ maxLength: MAX.line, description: 'A hash of the content: equal versions, equal content.' })),
    sources: Type.Array(
      Type.Object(
        {
          id: Slug,
          title: Type.String({ minLength: 1, maxLength: MAX.title }),
          publisher: Type.String({ minLength: 1, maxLength: MAX.title }),
          url: Type.Union([Type.String({ maxLength: MAX.url }), Type.Null()]),
          ...PROVENANCE_PROPERTIES,
          sections: Type.Array(
            Type.Object({ id: Slug, heading: Type.String({ minLength: 1, maxLength: MAX.heading }), text: Type.String({ maxLength: MAX.sectionText }) }, Closed),
            { minItems: 1, maxItems: MAX.sections }
          )
        },
        Closed
      ),
      { maxItems: MAX.collection }
    ),
    entities: entitiesSchema(BundleLink, true),
    related: Type.Optional(Type.Array(RelatedGroup, { description: 'Groups of related entities (near-duplicates, look-alikes), each with a note and its quotes.' }))
  },
  { ...Closed, $id: 'Bundle', title: 'Knowledge-base bundle' }
)

export type DatasetCitation = Static<typeof DatasetCitation>
export type DatasetLink = Static<typeof DatasetLink>
export type DatasetSource = Static<typeof DatasetSource>

/** An entity as the format holds it, seen generically (kind-specific fields in the index signature). */
export interface DatasetEntity {
  id: string
  name: string
  summary: string
  aliases?: string[]
  citations: DatasetCitation[]
  links?: Partial<Record<KindKey, DatasetLink[]>>
  codes?: DatasetCode[]
  [field: string]: unknown
}

export interface DatasetDocument {
  source: DatasetSource
  entities: Partial<Record<KindKey, DatasetEntity[]>>
}

export interface BundleSection {
  id: string
  heading: string
  text: string
}

export interface BundleSource extends Partial<Provenance> {
  id: string
  title: string
  publisher: string
  url: string | null
  sections: BundleSection[]
}

export interface BundleDocument {
  format: typeof BUNDLE_FORMAT
  datasetVersion?: string
  sources: BundleSource[]
  entities: Partial<Record<KindKey, DatasetEntity[]>>
  related?: RelatedGroupDocument[]
}
