/** What editors send, as the write path takes it. */

/** The fields an editor sets: shared ones, the kind's own fields, and for a hierarchical kind its parent. */
export interface EntityInput {
  id?: string
  name?: string
  summary?: string
  aliases?: string[]
  /** Replaces all the entity's standard codes. */
  codes?: CodeInput[]
  [field: string]: unknown
}

export interface CodeInput {
  system: string
  code: string
  display: string
  source: string
  verifiedAt: string
}

/** A clinical review of an entity, or with `link` of its link to another entity. */
export interface ReviewInput {
  status: 'unreviewed' | 'reviewed' | 'disputed'
  note?: string | null
  nextReviewDue?: string | null
  link?: { relation: string; id: string }
}

export interface CitationInput {
  source: string
  section?: string
  quote: string
}

export interface Revision {
  number: number
  actor: string
  summary: string
  createdAt: string
}
