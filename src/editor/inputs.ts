/** What editors send, as the write path takes it. */

/** The fields an editor sets: shared ones, the kind's own fields, and for a hierarchical kind its parent. */
export interface EntityInput {
  id?: string
  name?: string
  summary?: string
  aliases?: string[]
  [field: string]: unknown
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
