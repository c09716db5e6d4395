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

export const DatasetSection = Type.Object({ id: Slug, heading: Type.String({ minLength: 1, maxLength: MAX.heading }) }, Closed)

export const DatasetSource = Type.Object(
  {
    id: Slug,
    title: Type.String({ minLength: 1, maxLength: MAX.title }),
    publisher: Type.String({ minLength: 1, maxLength: MAX.title }),
    url: Type.Optional(Type.Union([Type.String({ maxLength: MAX.url }), Type.Null()])),
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

/** The entity schema of one kind: the shared fields plus its own. */
function entitySchema(kind: Kind, link: TSchema) {
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
      links: Type.Optional(Type.Object(links, Closed))
    },
    Closed
  )
}

const entitiesSchema = (link: TSchema) =>
  Type.Object(Object.fromEntries(KIND_KEYS.map((key) => [key, Type.Optional(Type.Array(entitySchema(KINDS[key], link), { maxItems: MAX.collection }))])), Closed)
const Entities = entitiesSchema(DatasetLink)

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
          sections: Type.Array(
            Type.Object({ id: Slug, heading: Type.String({ minLength: 1, maxLength: MAX.heading }), text: Type.String({ maxLength: MAX.sectionText }) }, Closed),
            { minItems: 1, maxItems: MAX.sections }
          )
        },
        Closed
      ),
      { maxItems: MAX.collection }
    ),
    entities: entitiesSchema(BundleLink),
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

export interface BundleSource {
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
