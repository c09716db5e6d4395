/** What the entity repository takes and returns. */
import type { KindKey } from '../../kinds/index.js'

export const SORT_KEYS = ['name', 'createdAt', 'updatedAt'] as const
export type SortKey = (typeof SORT_KEYS)[number]

/** Who reads: the public sees visible entities only; editors see drafts and, when they ask, deleted ones. */
export type Audience = 'public' | 'editor'

export interface ListQuery {
  q?: string
  limit: number
  cursor?: string
  sort: { key: SortKey; descending: boolean }
  /** Enum field filters by field name, each an OR list. */
  fields: Record<string, string[]>
  /** Relation filters by relation name, each an OR list of ids. */
  related: Partial<Record<KindKey, string[]>>
  /** Hierarchical kinds: direct children of these. */
  parent?: string[]
  /** Whether a filter naming entities of a hierarchical kind also matches their descendants. */
  includeSubtypes: boolean
  /** Editors only: statuses to list (default all) and whether deleted rows are left out, included or alone. */
  status?: string[]
  deleted?: 'exclude' | 'include' | 'only'
  /** Clinical review statuses, an OR list. */
  reviewStatus?: string[]
  /** Standard codes, an OR list. */
  codes?: Array<{ system: string; code: string }>
}

export interface CitationOut {
  id: number
  source: string
  section: string
  heading: string
  quote: string
}

/** An entity of any kind that a group relates to this one (near-duplicates, look-alikes), with how they differ. */
export interface RelatedOut {
  /** Its collection: `causes`. */
  kind: string
  id: string
  name: string
  note: string
  citations: Array<Omit<CitationOut, 'id'>>
}

export type EntityOut = Record<string, unknown> & { id: string; name: string }

/** The clinical review of an entity or a link, as the API shows it. */
export interface ReviewOut {
  status: string
  reviewedAt: string | null
  reviewer: string | null
  note: string | null
  nextReviewDue: string | null
}

export interface CodeOut {
  system: string
  code: string
  display: string
  source: string
  verifiedAt: string
}

/** A linked entity as an entity shows it. */
export interface Ref {
  id: string
  name: string
  note?: string | null
  citations?: CitationOut[]
  review?: ReviewOut
  entity?: EntityOut
}

export interface ListResult {
  items: EntityOut[]
  total: number
  nextCursor: string | null
}
