/**
 * Everything about a condition in one document, for chatbots: one section per kind
 * with an overview placement (see the kind descriptors), items grouped or nested as the
 * placement says, each with its citations, plus the sources and a disclaimer.
 */
import { OVERVIEW_ROOT, OVERVIEW_SECTIONS, type Kind, type KindKey } from '../kinds/index.js'
import type { EnumField } from '../kinds/descriptor.js'
import type { CitationOut, EntityOut, EntityRepository, Ref, ReviewOut } from '../repositories/entities/index.js'
import { isDisputed } from '../kinds/review.js'
import type { SourceRepository } from '../repositories/sources.js'
import { DISCLAIMER } from '../repositories/meta.js'

export { DISCLAIMER } from '../repositories/meta.js'

export interface ShortRef {
  id: string
  name: string
  note: string | null
  /** The link's review is disputed. */
  disputed: boolean
}

export interface OverviewItem {
  id: string
  name: string
  summary: string
  aliases: string[]
  citations: CitationOut[]
  /** The article's qualifier of the item's link to the condition, if any. */
  note: string | null
  /** A reviewer disputes the item, or its link to the condition. */
  disputed: boolean
  /** The disputed review (the item's own, else its link's), for the reviewer's note; null when not disputed. */
  dispute: ReviewOut | null
  /** The kind's own fields (`category`, `drugClass`, `characteristics`, …). */
  [field: string]: unknown
  links: Record<string, ShortRef[]>
  subtypes?: OverviewItem[]
}

export interface OverviewGroup {
  key: string
  items: OverviewItem[]
}

export type OverviewSection = OverviewItem[] | OverviewGroup[]

export interface OverviewHead {
  condition: { id: string; name: string; summary: string; aliases: string[]; citations: CitationOut[]; disputed: boolean; dispute: ReviewOut | null }
}

export interface OverviewTail {
  sources: Array<{ id: string; title: string; publisher: string; url: string | null }>
  disclaimer: string
}

/** The head, one section per placed kind (by its key), then the tail. */
export type Overview = OverviewHead & Partial<Record<KindKey, OverviewSection>> & OverviewTail

const refs = (value: unknown): ShortRef[] =>
  ((value as Ref[] | undefined) ?? []).map(({ id, name, note, review }) => ({ id, name, note: note ?? null, disputed: isDisputed(review) }))

/** The first disputed review among the given ones, or null. */
const disputeOf = (...reviews: Array<ReviewOut | undefined>): ReviewOut | null => reviews.find((review) => isDisputed(review)) ?? null

function toItem(kind: Kind, entity: EntityOut, rootId: string): OverviewItem {
  const toRoot = ((entity[OVERVIEW_ROOT.key] as Ref[] | undefined) ?? []).find((ref) => ref.id === rootId)
  const dispute = disputeOf(entity.review as ReviewOut, toRoot?.review)
  const item: OverviewItem = {
    id: entity.id,
    name: entity.name,
    summary: entity.summary as string,
    aliases: entity.aliases as string[],
    citations: entity.citations as CitationOut[],
    note: toRoot?.note ?? null,
    disputed: dispute !== null,
    dispute,
    links: {}
  }
  for (const field of kind.fields) item[field.name] = entity[field.name]
  for (const relation of Object.keys(kind.overview?.shows ?? {})) item.links[relation] = refs(entity[relation])
  return item
}

/** Variants nest under their parent when the parent is in the same section. */
function nest(kind: Kind, entities: EntityOut[], items: OverviewItem[]): OverviewItem[] {
  const hierarchy = kind.hierarchy
  if (!hierarchy) return items
  const ids = new Set(items.map((item) => item.id))
  const parentOf = (entity: EntityOut) => (entity[hierarchy.parentField] as { id: string } | null)?.id ?? ''
  const parents = new Map(entities.map((entity) => [entity.id, parentOf(entity)]))
  return items
    .filter((item) => !ids.has(parents.get(item.id) ?? ''))
    .map((item) => ({ ...item, subtypes: items.filter((sub) => parents.get(sub.id) === item.id) }))
}

function group(kind: Kind, items: OverviewItem[]): OverviewSection {
  const field = kind.fields.find((candidate): candidate is EnumField => candidate.type === 'enum' && candidate.name === kind.overview?.groupBy)
  if (!field) return items
  return field.values.map((key) => ({ key, items: items.filter((item) => item[field.name] === key) })).filter((g) => g.items.length > 0)
}

export function buildOverview(entities: EntityRepository, sources: SourceRepository, rootId: string): Overview | null {
  const root = entities.get(OVERVIEW_ROOT, rootId)
  if (!root) return null
  const cited = new Set((root.citations as CitationOut[]).map((citation) => citation.source))
  const sections: Partial<Record<KindKey, OverviewSection>> = {}
  for (const kind of OVERVIEW_SECTIONS) {
    const linked = entities.linkedTo(kind, { [OVERVIEW_ROOT.key]: [rootId] })
    const items = linked.map((entity) => toItem(kind, entity, rootId))
    for (const item of items) for (const citation of item.citations) cited.add(citation.source)
    sections[kind.key] = group(kind, nest(kind, linked, items))
  }
  return {
    condition: {
      id: root.id,
      name: root.name,
      summary: root.summary as string,
      aliases: root.aliases as string[],
      citations: root.citations as CitationOut[],
      disputed: isDisputed(root.review as ReviewOut),
      dispute: disputeOf(root.review as ReviewOut)
    },
    ...sections,
    sources: sources.summaries([...cited]).map(({ id, title, publisher, url }) => ({ id, title, publisher, url })),
    disclaimer: DISCLAIMER
  }
}
