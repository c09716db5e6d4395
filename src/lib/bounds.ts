/**
 * The bounds of the contract: every string, array and integer the API accepts or returns
 * has one (OWASP API Security 2023, API4 "unrestricted resource consumption"; the
 * committed `openapi/.spectral.yaml` lints the document for it).
 *
 * Request bounds are enforced by validation. A response bound is a promise about stored
 * content, so it must follow from what every write path enforces: content only gets in
 * through the admin API, an import or the seed, and all three validate against the same
 * bounds below (`schemas/admin.ts`, `dataset/format.ts`, the editor's counts). Choose a response bound with
 * headroom over what any write can store: the serializer tests union branches against
 * their schemas, and a value outside every branch would fail the answer.
 */
import Type, { type TSchema } from 'typebox'

export const MAX = {
  id: 100,
  name: 200,
  summary: 2000,
  alias: 200,
  aliases: 50,
  /** An item of a kind's text list (`characteristics`) and how many a list holds. */
  textItem: 500,
  textItems: 50,
  quote: 2000,
  /** Standard codes (ICD-10, HPO, …) one entity carries. */
  codes: 50,
  note: 500,
  /** Citations of one entity, or of one link (enforced by the editor and by imports). */
  citations: 100,
  heading: 500,
  title: 500,
  url: 2000,
  sectionText: 200_000,
  sections: 500,
  /** A search query or question, and so the count of its words. */
  query: 500,
  /** Hits, passages or results of one search or answer (the largest `limit`). */
  results: 50,
  /** A quote or summary HTML-escaped with its matched words in `<mark>`: a 2,000-character text grows at most 15-fold. */
  snippet: 30_000,
  /** Words a lexicon term expands to. */
  lexiconExpansions: 20,
  /** Page size of every paged list. */
  page: 100,
  /**
   * base64url of the JSON of the sort and the last row's sort value and id: a 500-character
   * source title takes at most 3,000 bytes JSON-escaped (6 per character), 4,200 characters encoded.
   */
  cursor: 5000,
  /** A date-time in RFC 3339, with room for a fraction and an offset. */
  timestamp: 40,
  /** API key names (`npm run keys`). */
  actor: 64,
  /** A machine-written line: a revision summary, an audit action, a `why`. */
  line: 1000,
  /** Free text the server writes about a request (a problem's detail, an import problem). */
  message: 4000,
  /**
   * Lists whose length is the size of the knowledge base (an entity's links, a type's
   * variants, an overview section, the lexicon, an entity's revisions): a ceiling far
   * above any knowledge base of articles, not a limit a write checks.
   */
  collection: 10_000,
  /** A whole document rendered as text (Markdown overview, llms.txt). */
  document: 50_000_000,
  int32: 2_147_483_647
} as const

/** A bounded string. */
export const Text = (maxLength: number, options: Record<string, unknown> = {}) => Type.String({ maxLength, ...options })

/** A bounded array. */
export const List = <T extends TSchema>(items: T, maxItems: number, options: Record<string, unknown> = {}) => Type.Array(items, { maxItems, ...options })

/** A bounded 32-bit integer, `minimum` to `maximum` (the largest int32 by default). */
export const Int32 = (minimum: number, maximum: number = MAX.int32, options: Record<string, unknown> = {}) =>
  Type.Integer({ format: 'int32', minimum, maximum, ...options })

/** A date-time, as every timestamp of the API is written. */
export const Timestamp = (options: Record<string, unknown> = {}) => Type.String({ format: 'date-time', maxLength: MAX.timestamp, ...options })
