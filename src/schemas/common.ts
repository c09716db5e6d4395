/**
 * Shared TypeBox building blocks: each validates, serializes, types and documents.
 * The named ones are registered once with `addSchema` (see `SHARED_SCHEMAS`) and appear
 * in the OpenAPI document as `components`, referenced wherever they are used.
 */
import Type, { type TSchema } from 'typebox'
import { SLUG_PATTERN } from '../lib/slug.js'
import { PROBLEM_CONTENT_TYPE, PROBLEMS } from '../lib/problem.js'
import { Int32, List, MAX, Text } from '../lib/bounds.js'

const ID_OPTIONS = {
  pattern: SLUG_PATTERN,
  minLength: 1,
  maxLength: 100,
  description: 'Stable, human-readable identifier (kebab-case slug).',
  examples: ['dystrophic']
}

/**
 * An id, inline. Use `IdRef` where the id is used as is; this inline form is for
 * variants (another description or example). The OpenAPI document references the `Id`
 * component for every inline copy that equals it (plugins/openapi-components.ts).
 */
export const Id = Type.String(ID_OPTIONS)
/** The `Id` component. An `$id` cannot sit on the inline form: ajv refuses one `$id` nested in several schemas. */
const IdComponent = Type.String({ ...ID_OPTIONS, $id: 'Id', title: 'Id' })
export const IdRef = Type.Ref('Id')

/** A closed vocabulary as a string enum (typed `string` for client generators). */
export const StringEnum = (values: readonly string[], options: Record<string, unknown> = {}) =>
  Type.Enum([...values], { type: 'string', ...options })

export const Problem = Type.Object(
  {
    type: Text(MAX.line, { format: 'uri-reference', description: 'URI reference identifying the problem type.', examples: ['/problems/not-found'] }),
    title: Text(MAX.line, { description: 'Short, human-readable summary of the problem type.' }),
    status: Int32(400, 599, { description: 'The HTTP status code.' }),
    detail: Text(MAX.message, { description: 'Explanation specific to this occurrence.' }),
    instance: Text(MAX.url, { description: 'The request path this occurrence concerns.' }),
    invalidParams: Type.Optional(
      List(
        Type.Object({
          in: StringEnum(['query', 'path', 'body', 'header'], { description: 'Where the parameter is.' }),
          name: Text(MAX.line, { description: 'The offending parameter or field.' }),
          reason: Text(MAX.message)
        }),
        MAX.page,
        { description: 'The offending parameters, for validation problems.' }
      )
    ),
    problems: Type.Optional(List(Text(MAX.message), MAX.page, { description: 'Every problem found (the first 100), for an import that was refused.' })),
    replacedBy: Type.Optional(Text(MAX.url, { format: 'uri-reference', description: 'For 410 Gone: the path of the entity that took the place of the one asked for.' }))
  },
  { $id: 'Problem', title: 'Problem', description: 'An RFC 9457 problem document (application/problem+json).' }
)

export const Citation = Type.Object(
  {
    id: Int32(1, MAX.int32, { description: 'Citation id (editors remove a citation by it).' }),
    source: { ...Id, description: 'Id of the source document.', examples: ['allfit-calcinosis-cutis'] },
    section: { ...Id, description: 'Id of the section within the source.', examples: ['metastatic-calcification-causes'] },
    heading: Text(MAX.heading, { description: 'The section heading as printed.' }),
    quote: Text(MAX.quote, { description: 'Verbatim quote from that section.' })
  },
  { $id: 'Citation', title: 'Citation', description: 'Where a fact comes from: a verbatim quote of a source section.' }
)

/** The page size of a paged answer. */
export const PageSize = Int32(1, MAX.page, { description: 'The page size used.' })
/** An opaque cursor (base64url): what `page.nextCursor` gives and `cursor` takes. */
export const Cursor = Text(MAX.cursor, { pattern: '^[A-Za-z0-9_-]+$' })
/** The `cursor` query parameter; a malformed one is the route's own 400 (`invalid-cursor`), not a pattern's. */
export const CursorParam = Text(MAX.cursor, { minLength: 1, description: '`page.nextCursor` of the previous page.' })

export const Page = Type.Object(
  {
    limit: PageSize,
    nextCursor: Type.Union([Cursor, Type.Null()], { description: 'Pass as `cursor` for the next page; null on the last page.' }),
    total: Int32(0, MAX.int32, { description: 'Number of items matching the filters, over all pages.' })
  },
  { $id: 'Page', title: 'Page' }
)

/** An entity a group relates to another: near-duplicates and look-alikes, with how they differ. */
export const RelatedEntity = Type.Object(
  {
    kind: Text(MAX.id, { description: 'Its collection.', examples: ['complications'] }),
    id: Text(MAX.id),
    name: Text(MAX.name),
    note: Text(MAX.note, { description: 'How the related entities differ, or why they are related, as the source allows saying.' }),
    citations: List(
      Type.Object({ source: Text(MAX.id), section: Text(MAX.id), heading: Text(MAX.heading), quote: Text(MAX.quote) }),
      MAX.citations,
      { description: 'The quotes the note rests on.' }
    )
  },
  { $id: 'RelatedEntity', title: 'RelatedEntity', description: 'An entity of any kind related to this one (a near-duplicate or a look-alike): not the same thing; `note` says how they differ.' }
)

/** schema.org JSON-LD of an entity (`Accept: application/ld+json`): open-ended, as schema.org is. */
export const JsonLd = Type.Object(
  {
    '@context': Type.Literal('https://schema.org'),
    '@id': Text(MAX.url, { description: "The entity's absolute URL (from PUBLIC_BASE_URL): the same for every client." }),
    '@type': Type.Union([Text(MAX.name), List(Text(MAX.name), 10)], {
      description: 'schema.org type: MedicalCondition (conditions, types, complications), MedicalCause (also MedicalRiskFactor for underlying diseases), MedicalSignOrSymptom, MedicalTest, MedicalTherapy (also Drug for medicines), AnatomicalStructure, MedicalEntity (prognosis); a source is an Article.'
    }),
    name: Text(MAX.title),
    description: Type.Optional(Text(MAX.summary)),
    subjectOf: Type.Optional(List(Type.Object({}, { additionalProperties: true }), MAX.collection, { description: 'Citations: CreativeWork quotes (`text`), `isPartOf` their section, `isPartOf` the source Article.' }))
  },
  {
    $id: 'JsonLd',
    title: 'JsonLd',
    additionalProperties: true,
    description:
      "An entity in schema.org terms. Links are properties of the entity's type (`cause`, `signOrSymptom`, `possibleTreatment`, `typicalTest`, `associatedAnatomy`, `riskFactor`, `primaryPrevention`, …; complications and prognosis as Text in `possibleComplication` and `expectedPrognosis`), or `@reverse` ones where schema.org only has the other direction; a type's variants name it by `additionalType`."
  }
)

export const listEnvelope = (item: TSchema, description: string) =>
  Type.Object({ data: List(item, MAX.page), page: Type.Ref('Page') }, { description })
export const itemEnvelope = (item: TSchema, description: string) => Type.Object({ data: item }, { description })

/**
 * Response headers, declared once as `components.headers`. Every answer but the probes'
 * carries the rate limit's headers (when RATE_LIMIT_MAX is not 0 and the limiter counted
 * the request) and CORS's (when the request's Origin is allowed).
 */
export const RESPONSE_HEADERS = {
  RateLimit: {
    description: 'Requests a client may make per window (`RATE_LIMIT_MAX`); `X-RateLimit-Remaining` and `X-RateLimit-Reset` (seconds) come with it.',
    schema: Int32(0)
  },
  CORS: { description: 'The origin allowed to read the answer (`CORS_ORIGINS`): `*` or the request\'s own Origin.', schema: Text(MAX.url) },
  RetryAfter: { description: 'Seconds to wait before retrying.', schema: Int32(0) },
  WWWAuthenticate: { description: 'The scheme to authenticate with: `Bearer`.', schema: Text(MAX.line) }
} as const
/** Header name → component, for the headers every answer (but the probes') may carry. */
export const COMMON_HEADERS = { 'X-RateLimit-Limit': 'RateLimit', 'Access-Control-Allow-Origin': 'CORS' } as const
const headerRefs = (headers: Record<string, string>) =>
  Object.fromEntries(Object.entries(headers).map(([name, component]) => [name, { $ref: `#/components/headers/${component}` }]))

/** The public list and item answers: the same envelopes with the knowledge base's `meta` (schemas/trust.ts). */
export const publicListEnvelope = (item: TSchema, description: string) =>
  Type.Object({ data: List(item, MAX.page), page: Type.Ref('Page'), meta: Type.Ref('Meta') }, { description })
export const publicItemEnvelope = (item: TSchema, description: string) => Type.Object({ data: item, meta: Type.Ref('Meta') }, { description })

/** The problem answers routes declare, one per status; each is one `components.responses` entry. */
const PROBLEM_RESPONSES: Record<number, { description: string; headers?: Record<string, keyof typeof RESPONSE_HEADERS> }> = {
  400: { description: 'Invalid request: an unknown or malformed parameter (see `invalidParams`).' },
  401: { description: 'Missing or invalid credentials.', headers: { 'WWW-Authenticate': 'WWWAuthenticate' } },
  403: { description: 'The credentials do not allow this.' },
  404: { description: 'No such resource.' },
  409: { description: 'Conflict with the current state.' },
  410: { description: 'Gone: the id was retired or deleted; `replacedBy` names its replacement, if any.' },
  412: { description: 'The resource changed since the given ETag (`If-Match`).' },
  413: { description: 'Request body too large.' },
  415: { description: 'Unsupported media type.' },
  422: { description: 'Well-formed but unprocessable content.' },
  428: { description: '`If-Match` is required.' },
  429: { description: 'Too many requests; retry after `Retry-After` seconds.', headers: { 'Retry-After': 'RetryAfter' } },
  503: { description: 'Temporarily unavailable.', headers: { 'Retry-After': 'RetryAfter' } }
}

/** `components.responses` name of a problem status: `NotFound`, `PreconditionFailed`. */
export function problemResponseName(status: number): string {
  const title = Object.values(PROBLEMS).find((problem) => problem.status === status)?.title ?? `Status ${status}`
  return title.replace(/(^|\s)(\w)/g, (_, __, c: string) => c.toUpperCase())
}

/** The headers every answer but the probes' may carry, as references to `components.headers`. */
export const commonHeaderRefs = () => headerRefs(COMMON_HEADERS)

/** Problem responses for the given statuses, as `application/problem+json`. */
export function problemResponses(...statuses: number[]): Record<number, unknown> {
  const out: Record<number, unknown> = {}
  for (const status of statuses) {
    const description = PROBLEM_RESPONSES[status]?.description ?? 'Problem'
    out[status] = { description, content: { [PROBLEM_CONTENT_TYPE]: { schema: Type.Ref('Problem') } } }
  }
  return out
}

/** Every problem response, as OpenAPI `components.responses`, with the headers it may carry. */
export function problemResponseComponents(): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [status, { description, headers }] of Object.entries(PROBLEM_RESPONSES)) {
    out[problemResponseName(Number(status))] = {
      description,
      headers: headerRefs({ ...headers, ...COMMON_HEADERS }),
      content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } } }
    }
  }
  return out
}

/** `If-None-Match` and the 304 it can produce, for every cacheable GET. */
export const conditionalGetHeaders = Type.Object({
  'if-none-match': Type.Optional(Type.String({ maxLength: MAX.line, description: 'An ETag from an earlier answer: 304 when unchanged.' }))
})
export const notModified = { 304: { description: 'Not modified: the ETag in `If-None-Match` is current.', type: 'null' } }

/**
 * Set (to true) in a route schema whose body may be left out (the route fills in `{}`), so
 * that the document does not mark it required and generated clients do not have to send
 * one (publish, a bare link). The OpenAPI pass removes the marker.
 */
export const OPTIONAL_BODY = 'x-optional-body'

/** The security requirement of every admin operation; public operations declare none (`security: []`). */
export const BEARER = [{ bearerAuth: [] }]

/** Schemas registered once with `addSchema` and referenced by `$ref` everywhere. */
export const SHARED_SCHEMAS = [IdComponent, Problem, Citation, Page, JsonLd, RelatedEntity]
