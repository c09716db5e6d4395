/**
 * Everything about a condition in one document, for chatbots: types with their
 * variants, causes by category, signs with body sites, diagnostics, treatments by
 * modality with the article's notes, complications, prognosis, prevention and warning
 * signs, each item with its citations, plus the sources and a disclaimer.
 */
import { KINDS, type KindKey } from '../kinds/index.js'
import type { CitationOut, ContentRepository, EntityOut, Ref } from '../repositories/content.js'
import type { SourceRepository } from '../repositories/sources.js'

export const DISCLAIMER =
  'This overview restates its sources for information only. It is not medical advice and does not replace a clinician: consult a qualified healthcare professional about any symptom, diagnosis or treatment.'

export interface ShortRef {
  id: string
  name: string
  note: string | null
}

export interface OverviewItem {
  id: string
  name: string
  summary: string
  aliases: string[]
  citations: CitationOut[]
  /** The article's qualifier of the item's link to the condition, if any. */
  note: string | null
  /** The kind's own fields, present for the kinds that have them. */
  category?: string
  method?: string
  modality?: string
  drugClass?: string | null
  severity?: string | null
  characteristics?: string[]
  links: Record<string, ShortRef[]>
  subtypes?: OverviewItem[]
}

export interface OverviewGroup {
  key: string
  items: OverviewItem[]
}

export interface Overview {
  condition: { id: string; name: string; summary: string; aliases: string[]; citations: CitationOut[] }
  types: OverviewItem[]
  causes: OverviewGroup[]
  symptoms: OverviewItem[]
  diagnostics: OverviewItem[]
  treatments: OverviewGroup[]
  complications: OverviewItem[]
  prognosis: OverviewItem[]
  prevention: OverviewItem[]
  warningSigns: OverviewItem[]
  sources: Array<{ id: string; title: string; publisher: string; url: string | null }>
  disclaimer: string
}

/** The relations each section shows beside its items (the condition link is implicit). */
const SHOWN: Partial<Record<KindKey, KindKey[]>> = {
  types: ['bodySites'],
  causes: ['types'],
  symptoms: ['bodySites'],
  treatments: ['types', 'symptoms'],
  complications: ['types', 'causes'],
  prognosis: ['types', 'causes'],
  prevention: ['types', 'causes'],
  warningSigns: ['symptoms', 'complications']
}

const refs = (value: unknown): ShortRef[] => ((value as Ref[] | undefined) ?? []).map(({ id, name, note }) => ({ id, name, note: note ?? null }))

function toItem(kind: KindKey, entity: EntityOut, conditionId: string): OverviewItem {
  const fields: Record<string, unknown> = {}
  for (const field of KINDS[kind].enums) fields[field.name] = entity[field.name]
  if (KINDS[kind].hierarchical) fields.characteristics = entity.characteristics
  const links: Record<string, ShortRef[]> = {}
  for (const relation of SHOWN[kind] ?? []) links[relation] = refs(entity[relation])
  return {
    id: entity.id,
    name: entity.name,
    summary: entity.summary as string,
    aliases: entity.aliases as string[],
    citations: entity.citations as CitationOut[],
    note: refs(entity.conditions).find((ref) => ref.id === conditionId)?.note ?? null,
    ...fields,
    links
  }
}

function groupBy(items: OverviewItem[], field: 'category' | 'modality', order: readonly string[]): OverviewGroup[] {
  return order
    .map((key) => ({ key, items: items.filter((item) => item[field] === key) }))
    .filter((group) => group.items.length > 0)
}

export function buildOverview(content: ContentRepository, sources: SourceRepository, conditionId: string): Overview | null {
  const condition = content.get(KINDS.conditions, conditionId)
  if (!condition) return null
  const section = (kind: KindKey) =>
    content.linkedTo(KINDS[kind], { conditions: [conditionId] }).map((entity) => ({ entity, item: toItem(kind, entity, conditionId) }))

  // Variants nest under their parent when the parent is part of this condition too.
  const types = section('types')
  const typeIds = new Set(types.map(({ item }) => item.id))
  const parentOf = (entity: EntityOut) => (entity.parent as { id: string } | null)?.id
  const topTypes = types
    .filter(({ entity }) => !typeIds.has(parentOf(entity) ?? ''))
    .map(({ item }) => ({ ...item, subtypes: types.filter(({ entity }) => parentOf(entity) === item.id).map(({ item: sub }) => sub) }))

  const items = (kind: KindKey) => section(kind).map(({ item }) => item)
  const everything = [condition, ...types.map(({ entity }) => entity)]
  const cited = new Set(everything.flatMap((entity) => (entity.citations as CitationOut[]).map((c) => c.source)))
  const treatments = items('treatments')
  const causes = items('causes')
  const result: Omit<Overview, 'sources'> = {
    condition: {
      id: condition.id,
      name: condition.name,
      summary: condition.summary as string,
      aliases: condition.aliases as string[],
      citations: condition.citations as CitationOut[]
    },
    types: topTypes,
    causes: groupBy(causes, 'category', KINDS.causes.enums[0]?.values ?? []),
    symptoms: items('symptoms'),
    diagnostics: items('diagnostics'),
    treatments: groupBy(treatments, 'modality', KINDS.treatments.enums[0]?.values ?? []),
    complications: items('complications'),
    prognosis: items('prognosis'),
    prevention: items('prevention'),
    warningSigns: items('warningSigns'),
    disclaimer: DISCLAIMER
  }
  for (const list of [causes, treatments, result.symptoms, result.diagnostics, result.complications, result.prognosis, result.prevention, result.warningSigns]) {
    for (const item of list) for (const citation of item.citations) cited.add(citation.source)
  }
  const sourceList = sources.summaries([...cited]).map(({ id, title, publisher, url }) => ({ id, title, publisher, url }))
  return { ...result, sources: sourceList }
}
