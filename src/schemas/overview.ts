/** The overview's contract, derived from the kinds' overview placements. */
import Type, { type TSchema } from 'typebox'
import { OVERVIEW_SECTIONS } from '../kinds/index.js'
import { ownProperties } from '../kinds/schemas.js'
import { Id } from './common.js'
import { List, MAX, Text } from '../lib/bounds.js'

const Name = Text(MAX.name)
const Note = Type.Union([Text(MAX.note), Type.Null()])
const Aliases = List(Text(MAX.alias), MAX.aliases)
const Citations = List(Type.Ref('Citation'), MAX.citations)
// Short descriptions: these repeat in every item and subtype of the document (Markdown marks the same [DISPUTED]).
const Disputed = Type.Boolean({ description: 'A clinical reviewer disputes it.' })
const Dispute = Type.Union([Type.Ref('Review'), Type.Null()])
const ShortRef = Type.Object({ id: Id, name: Name, note: Note, disputed: Disputed })

const ownFields: Record<string, TSchema> = Object.assign({}, ...OVERVIEW_SECTIONS.map((kind) => ownProperties(kind, 'read')))
const shown = [...new Set(OVERVIEW_SECTIONS.flatMap((kind) => Object.keys(kind.overview?.shows ?? {})))]

const itemProperties = {
  id: Id,
  name: Name,
  summary: Text(MAX.summary),
  aliases: Aliases,
  citations: Citations,
  note: Type.Union([Text(MAX.note), Type.Null()], { description: "The source's qualifier of the item's link to the condition." }),
  disputed: Disputed,
  dispute: Dispute,
  ...ownFields,
  links: Type.Object(Object.fromEntries(shown.map((relation) => [relation, Type.Optional(List(ShortRef, MAX.collection))])), {
    description: 'Related entities shown beside the item, with link notes.'
  })
}

const OverviewItem = Type.Object(
  { ...itemProperties, subtypes: Type.Optional(List(Type.Object(itemProperties), MAX.collection, { description: 'Variants of a type.' })) },
  { $id: 'OverviewItem', title: 'Overview item' }
)

const sections = Object.fromEntries(
  OVERVIEW_SECTIONS.map((kind) => {
    const description = kind.overview?.description ?? kind.description
    const items = List(Type.Ref('OverviewItem'), MAX.collection)
    // Grouped by an enum field: one group per value of its vocabulary.
    return [kind.key, kind.overview?.groupBy ? List(Type.Object({ key: Text(MAX.name), items }), MAX.page, { description }) : List(Type.Ref('OverviewItem'), MAX.collection, { description })]
  })
)

const Overview = Type.Object(
  {
    condition: Type.Object({
      id: Id,
      name: Name,
      summary: Text(MAX.summary),
      aliases: Aliases,
      citations: Citations,
      disputed: Disputed,
      dispute: Dispute
    }),
    ...sections,
    sources: List(Type.Ref('SourceRef'), MAX.collection, { description: 'Attribution: the sources quoted.' }),
    disclaimer: Text(MAX.line, { description: 'Not medical advice; consult a clinician.' })
  },
  { $id: 'Overview', title: 'Condition overview' }
)

export const OVERVIEW_SCHEMAS = [OverviewItem, Overview]
