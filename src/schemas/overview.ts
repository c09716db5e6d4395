/** The overview's contract, derived from the kinds' overview placements. */
import Type, { type TSchema } from 'typebox'
import { OVERVIEW_SECTIONS } from '../kinds/index.js'
import { ownProperties } from '../kinds/schemas.js'

// Short descriptions: these repeat in every item and subtype of the document (Markdown marks the same [DISPUTED]).
const Disputed = Type.Boolean({ description: 'A clinical reviewer disputes it.' })
const Dispute = Type.Union([Type.Ref('Review'), Type.Null()])
const ShortRef = Type.Object({ id: Type.String(), name: Type.String(), note: Type.Union([Type.String(), Type.Null()]), disputed: Disputed })

const ownFields: Record<string, TSchema> = Object.assign({}, ...OVERVIEW_SECTIONS.map((kind) => ownProperties(kind, 'read')))
const shown = [...new Set(OVERVIEW_SECTIONS.flatMap((kind) => Object.keys(kind.overview?.shows ?? {})))]

const itemProperties = {
  id: Type.String(),
  name: Type.String(),
  summary: Type.String(),
  aliases: Type.Array(Type.String()),
  citations: Type.Array(Type.Ref('Citation')),
  note: Type.Union([Type.String(), Type.Null()], { description: "The source's qualifier of the item's link to the condition." }),
  disputed: Disputed,
  dispute: Dispute,
  ...ownFields,
  links: Type.Object(Object.fromEntries(shown.map((relation) => [relation, Type.Optional(Type.Array(ShortRef))])), {
    description: 'Related entities shown beside the item, with link notes.'
  })
}

const OverviewItem = Type.Object(
  { ...itemProperties, subtypes: Type.Optional(Type.Array(Type.Object(itemProperties), { description: 'Variants of a type.' })) },
  { $id: 'OverviewItem', title: 'Overview item' }
)

const sections = Object.fromEntries(
  OVERVIEW_SECTIONS.map((kind) => {
    const description = kind.overview?.description ?? kind.description
    const items = Type.Array(Type.Ref('OverviewItem'))
    return [kind.key, kind.overview?.groupBy ? Type.Array(Type.Object({ key: Type.String(), items }), { description }) : Type.Array(Type.Ref('OverviewItem'), { description })]
  })
)

const Overview = Type.Object(
  {
    condition: Type.Object({
      id: Type.String(),
      name: Type.String(),
      summary: Type.String(),
      aliases: Type.Array(Type.String()),
      citations: Type.Array(Type.Ref('Citation')),
      disputed: Disputed,
      dispute: Dispute
    }),
    ...sections,
    sources: Type.Array(Type.Object({ id: Type.String(), title: Type.String(), publisher: Type.String(), url: Type.Union([Type.String(), Type.Null()]) }), {
      description: 'Attribution: the sources quoted.'
    }),
    disclaimer: Type.String({ description: 'Not medical advice; consult a clinician.' })
  },
  { $id: 'Overview', title: 'Condition overview' }
)

export const OVERVIEW_SCHEMAS = [OverviewItem, Overview]
