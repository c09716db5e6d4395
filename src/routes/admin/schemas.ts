/** Request bodies of the admin API, derived from the kind descriptors. Closed: an unknown or read-only field is a 400. */
import Type, { type TSchema } from 'typebox'
import type { Kind } from '../../kinds/index.js'
import { hierarchyProperties, ownProperties } from '../../kinds/schemas.js'
import { Id } from '../../lib/schemas.js'

const Name = Type.String({ minLength: 1, maxLength: 200 })
const Summary = Type.String({ minLength: 1, maxLength: 2000 })
const Aliases = Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 50, description: 'Replaces all aliases.' })

function kindFields(kind: Kind, forCreate: boolean): Record<string, TSchema> {
  return { ...ownProperties(kind, 'write', { create: forCreate }), ...hierarchyProperties(kind, 'write') }
}

export const createBody = (kind: Kind) =>
  Type.Object(
    { id: Id, name: Name, summary: Summary, aliases: Type.Optional(Aliases), ...kindFields(kind, true) },
    { additionalProperties: false, description: `A new ${kind.label.toLowerCase()}; it starts as a draft.` }
  )

export const patchBody = (kind: Kind) =>
  Type.Object(
    { name: Type.Optional(Name), summary: Type.Optional(Summary), aliases: Type.Optional(Aliases), ...kindFields(kind, false) },
    {
      additionalProperties: false,
      minProperties: 1,
      description: 'A JSON merge patch (RFC 7396) of the editable fields. Read-only fields (id, status, version, timestamps) are refused.'
    }
  )

export const CitationBody = Type.Object(
  {
    source: { ...Id, description: 'Id of the source.' },
    section: Type.Optional({ ...Id, description: 'Id of the section; found from the quote when left out.' }),
    quote: Type.String({ minLength: 3, maxLength: 2000, description: 'Verbatim text of the source, within one paragraph.' })
  },
  { additionalProperties: false, $id: 'CitationInput', title: 'Citation input' }
)

export const LinkBody = Type.Object(
  {
    note: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 500 }), Type.Null()], { description: "The source's qualifier of the link." })),
    citations: Type.Optional(Type.Array(Type.Ref('CitationInput'), { maxItems: 10, description: 'Evidence for the link.' }))
  },
  { additionalProperties: false }
)

export const SourceBody = Type.Object(
  {
    id: Id,
    title: Type.String({ minLength: 1, maxLength: 500 }),
    publisher: Type.String({ minLength: 1, maxLength: 500 }),
    url: Type.Optional(Type.Union([Type.String({ format: 'uri', maxLength: 2000 }), Type.Null()])),
    sections: Type.Array(
      Type.Object(
        {
          id: Id,
          heading: Type.String({ minLength: 1, maxLength: 500 }),
          text: Type.String({ minLength: 1, maxLength: 200_000, pattern: '\\S', description: 'Paragraphs separated by blank lines.' })
        },
        { additionalProperties: false }
      ),
      { minItems: 1, maxItems: 500 }
    )
  },
  { additionalProperties: false }
)
