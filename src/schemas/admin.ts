/**
 * The admin API's schemas: request bodies (closed: an unknown or read-only field is a
 * 400), path parameters, and the components its answers reference. Create and patch
 * bodies are derived from the kind descriptor; every other operation is one route for
 * all collections, with the collection as an enumerated path parameter.
 */
import Type, { type TSchema } from 'typebox'
import { KIND_LIST, type Kind } from '../kinds/index.js'
import { editorialRef, fieldNames, itemQuerySchema } from './collections.js'
import { hierarchyProperties, ownProperties } from '../kinds/schemas.js'
import { CursorParam, Id, IdRef, StringEnum, itemEnvelope } from './common.js'
import { Int32, List, MAX, Text, Timestamp } from '../lib/bounds.js'
import { memoize } from '../lib/memo.js'
import { PROVENANCE_PROPERTIES } from '../dataset/format.js'
import { ReviewStatus } from './trust.js'

const Name = Text(MAX.name, { minLength: 1 })
const Summary = Text(MAX.summary, { minLength: 1 })
const Aliases = List(Text(MAX.alias, { minLength: 1 }), MAX.aliases, { description: 'Replaces all aliases.' })
const Codes = List(Type.Ref('CodeInput'), MAX.codes, {
  description: 'Replaces all standard codes. Give only codes verified in an authoritative public listing, named as `source`.'
})

function kindFields(kind: Kind, forCreate: boolean): Record<string, TSchema> {
  return { ...ownProperties(kind, 'write', { create: forCreate }), ...hierarchyProperties(kind, 'write') }
}

export const createBody = (kind: Kind) =>
  Type.Object(
    { id: IdRef, name: Name, summary: Summary, aliases: Type.Optional(Aliases), codes: Type.Optional(Codes), ...kindFields(kind, true) },
    { additionalProperties: false, description: `A new ${kind.label.toLowerCase()}; it starts as a draft.` }
  )

export const patchBody = (kind: Kind) =>
  Type.Object(
    { name: Type.Optional(Name), summary: Type.Optional(Summary), aliases: Type.Optional(Aliases), codes: Type.Optional(Codes), ...kindFields(kind, false) },
    {
      additionalProperties: false,
      minProperties: 1,
      description: 'A JSON merge patch (RFC 7396) of the editable fields. Read-only fields (id, status, version, timestamps) are refused.'
    }
  )

const CitationInput = Type.Object(
  {
    source: { ...Id, description: 'Id of the source.' },
    section: Type.Optional({ ...Id, description: 'Id of the section; found from the quote when left out.' }),
    quote: Text(MAX.quote, { minLength: 3, description: 'Verbatim text of the source, within one paragraph.' })
  },
  { additionalProperties: false, $id: 'CitationInput', title: 'Citation input' }
)

export const LinkBody = Type.Object(
  {
    note: Type.Optional(Type.Union([Text(MAX.note, { minLength: 1 }), Type.Null()], { description: "The source's qualifier of the link." })),
    citations: Type.Optional(Type.Array(Type.Ref('CitationInput'), { maxItems: 10, description: 'Evidence for the link.' }))
  },
  { additionalProperties: false }
)

export const SourceBody = Type.Object(
  {
    id: IdRef,
    title: Text(MAX.title, { minLength: 1 }),
    publisher: Text(MAX.title, { minLength: 1 }),
    url: Type.Optional(Type.Union([Text(MAX.url, { format: 'uri' }), Type.Null()])),
    ...PROVENANCE_PROPERTIES,
    sections: Type.Array(
      Type.Object(
        {
          id: IdRef,
          heading: Text(MAX.heading, { minLength: 1 }),
          text: Text(MAX.sectionText, { minLength: 1, pattern: '\\S', description: 'Paragraphs separated by blank lines.' })
        },
        { additionalProperties: false }
      ),
      { minItems: 1, maxItems: MAX.sections }
    )
  },
  { additionalProperties: false }
)

export const IfMatch = Type.Object({ 'if-match': Type.Optional(Text(MAX.line, { description: 'The ETag of the entity as you last read it.' })) })

/** The `{collection}` path segment: one of the content collections. */
export const Collection = StringEnum(
  KIND_LIST.map((kind) => kind.path),
  { description: 'The collection the entity belongs to.', examples: ['types'] }
)
const EntityId = { ...Id, description: 'The entity id.' }

/** The path of a per-collection route: the collection is in the URL. */
export const IdParams = Type.Object({ id: EntityId }, { additionalProperties: false })

export const EntityParams = Type.Object({ collection: Collection, id: EntityId }, { additionalProperties: false })

export const LIFECYCLE_ACTIONS = ['publish', 'unpublish', 'restore', 'review'] as const
export const LifecycleParams = Type.Object(
  {
    collection: Collection,
    id: EntityId,
    action: StringEnum(LIFECYCLE_ACTIONS, { description: '`publish`, `unpublish`, `restore` a deleted entity, or `review` it (or one of its links).' })
  },
  { additionalProperties: false }
)

/**
 * The body of `review` (the other actions take none). Every property is optional in the
 * schema because the route is shared with the bodiless actions; `review` requires `status`.
 */
export const ReviewBody = Type.Object(
  {
    status: Type.Optional(ReviewStatus),
    note: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 2000 }), Type.Null()], { description: "The reviewer's note: for a dispute, what is objected to." })),
    nextReviewDue: Type.Optional(Type.Union([Type.String({ format: 'date', maxLength: 10 }), Type.Null()], { description: 'The date (YYYY-MM-DD) after which the review is overdue.' })),
    link: Type.Optional(
      Type.Object(
        {
          relation: StringEnum(relationNamesOfAll(), { description: "The relation: the other entity's collection key." }),
          id: { ...Id, description: 'Id of the entity on the other side.' }
        },
        { additionalProperties: false, description: 'Review the link to this entity instead of the entity itself.' }
      )
    )
  },
  { additionalProperties: false, description: 'For `review`: the review to set (`status` required). The other actions take no body.' }
)

function relationNamesOfAll(): string[] {
  return [...new Set(KIND_LIST.flatMap((kind) => kind.relations.map((relation) => relation.name)))]
}
const relationNames = relationNamesOfAll()
const linkParams = (names: readonly string[]) =>
  Type.Object(
    {
      collection: Collection,
      id: EntityId,
      relation: StringEnum(names, { description: "The relation: the other entity's collection key (which ones depend on the collection)." }),
      otherId: { ...Id, description: 'Id of the entity on the other side.' }
    },
    { additionalProperties: false }
  )
/** Every relation of any collection; each collection accepts its own (`linkParamsOf`). */
export const LinkParams = linkParams(relationNames)

export const CitationParams = Type.Object(
  { collection: Collection, id: EntityId, citationId: Int32(1, MAX.int32, { description: 'The citation id, from `citations[].id`.' }) },
  { additionalProperties: false }
)

export const RevisionParams = Type.Object(
  { collection: Collection, id: EntityId, number: Int32(1, MAX.int32, { description: 'The revision number, from 1.' }) },
  { additionalProperties: false }
)

/** `include` and `fields` of any collection; each collection accepts its own (`itemQueryOf`). */
export const ItemQuery = Type.Object(
  {
    include: Type.Optional(
      Type.Array(StringEnum(relationNames), { minItems: 1, maxItems: 50, description: 'Relations whose entities to embed in full (one level); the relations of the collection.' })
    ),
    fields: Type.Optional(
      Type.Array(StringEnum([...new Set(KIND_LIST.flatMap(fieldNames))]), { minItems: 1, maxItems: 50, description: 'Sparse fieldset: only these fields (and `id`) of the collection.' })
    )
  },
  { additionalProperties: false, style: 'form', explode: false }
)

/** Per-kind schemas, built once per kind: the narrower checks and the serializers of the shared routes. */
export const linkParamsOf = memoize((kind: Kind) => linkParams(kind.relations.map((relation) => relation.name)))
export const itemQueryOf = memoize(itemQuerySchema)
export const entityAnswerOf = memoize((kind: Kind) => itemEnvelope(editorialRef(kind), ''))
export const revisionAnswerOf = memoize((kind: Kind) => Type.Object({ data: Type.Object({ ...revisionProperties(), snapshot: editorialRef(kind) }) }))

function revisionProperties() {
  return { number: Int32(1), actor: Text(MAX.actor, { description: 'Name of the API key.' }), summary: Text(MAX.line), createdAt: Timestamp() }
}

const RevisionSummary = Type.Object(revisionProperties(), { $id: 'RevisionSummary', title: 'Revision' })

/** Any collection's entity as editors see it; which one is named by the `{collection}` of the request. */
const EditorialEntity = Type.Union(
  KIND_LIST.map((kind) => editorialRef(kind)),
  { $id: 'EditorialEntity', title: "Entity (editor's view)", description: 'The entity of the collection named in the path.' }
)

export const Revision = Type.Object(
  { ...revisionProperties(), snapshot: Type.Ref('EditorialEntity') },
  { $id: 'Revision', title: 'Revision with snapshot', description: 'One revision with the full snapshot of the entity after that change.' }
)

export const AuditEntry = Type.Object(
  {
    id: Type.Integer({ format: 'int64', minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
    at: Timestamp(),
    actor: Text(MAX.actor, { description: 'Name of the API key.' }),
    role: Text(MAX.actor),
    action: Text(MAX.actor, { description: 'create, update, delete, restore, publish, unpublish, review, link, unlink, cite, uncite, restore-revision, create-source, import.' }),
    entityKind: Type.Union([Text(MAX.actor), Type.Null()]),
    entityId: Type.Union([Text(MAX.name), Type.Null()]),
    detail: Type.Union([Type.Object({}, { additionalProperties: true }), Type.Null()]),
    requestId: Type.Union([Text(MAX.line), Type.Null()])
  },
  { $id: 'AuditEntry', title: 'Audit entry' }
)

export const AuditQuery = Type.Object(
  {
    actor: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Key name.' })),
    entity: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: '`kind/id` or an id.', examples: ['types/dystrophic'] })),
    since: Type.Optional(Timestamp({ description: 'Only entries at or after this time.' })),
    limit: Type.Optional(Int32(1, MAX.page, { default: 50, description: 'Page size.' })),
    cursor: Type.Optional(CursorParam)
  },
  { additionalProperties: false }
)

/** Components of the admin API, registered once with `addSchema`. */
export const ADMIN_SCHEMAS = [CitationInput, RevisionSummary, EditorialEntity, Revision, AuditEntry]
