/**
 * Shared TypeBox building blocks: each validates, serializes, types and documents.
 * The named ones are registered once with `addSchema` (see `SHARED_SCHEMAS`) and appear
 * in the OpenAPI document as `components`, referenced wherever they are used.
 */
import Type, { type TSchema } from 'typebox'
import { SLUG_PATTERN } from '../lib/slug.js'
import { PROBLEM_CONTENT_TYPE, PROBLEMS } from '../lib/problem.js'

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

export const Problem = Type.Object(
  {
    type: Type.String({ description: 'URI reference identifying the problem type.', examples: ['/problems/not-found'] }),
    title: Type.String({ description: 'Short, human-readable summary of the problem type.' }),
    status: Type.Integer({ description: 'The HTTP status code.' }),
    detail: Type.String({ description: 'Explanation specific to this occurrence.' }),
    instance: Type.String({ description: 'The request path this occurrence concerns.' }),
    invalidParams: Type.Optional(
      Type.Array(
        Type.Object({
          in: Type.String({ description: 'Where the parameter is: query, path, body or header.' }),
          name: Type.String({ description: 'The offending parameter or field.' }),
          reason: Type.String()
        }),
        { description: 'The offending parameters, for validation problems.' }
      )
    ),
    problems: Type.Optional(Type.Array(Type.String(), { description: 'Every problem found, for an import that was refused.' })),
    replacedBy: Type.Optional(Type.String({ description: 'For 410 Gone: the path of the entity that took the place of the one asked for.' }))
  },
  { $id: 'Problem', title: 'Problem', description: 'An RFC 9457 problem document (application/problem+json).' }
)

/** A closed vocabulary as a string enum (typed `string` for client generators). */
export const StringEnum = (values: readonly string[], options: Record<string, unknown> = {}) =>
  Type.Enum([...values], { type: 'string', ...options })

export const Citation = Type.Object(
  {
    id: Type.Integer({ description: 'Citation id (editors remove a citation by it).' }),
    source: Type.String({ description: 'Id of the source document.', examples: ['allfit-calcinosis-cutis'] }),
    section: Type.String({ description: 'Id of the section within the source.', examples: ['metastatic-calcification-causes'] }),
    heading: Type.String({ description: 'The section heading as printed.' }),
    quote: Type.String({ description: 'Verbatim quote from that section.' })
  },
  { $id: 'Citation', title: 'Citation', description: 'Where a fact comes from: a verbatim quote of a source section.' }
)

export const Page = Type.Object(
  {
    limit: Type.Integer({ description: 'The page size used.' }),
    nextCursor: Type.Union([Type.String(), Type.Null()], { description: 'Pass as `cursor` for the next page; null on the last page.' }),
    total: Type.Integer({ description: 'Number of items matching the filters, over all pages.' })
  },
  { $id: 'Page', title: 'Page' }
)

export const listEnvelope = (item: TSchema, description: string) =>
  Type.Object({ data: Type.Array(item), page: Type.Ref('Page') }, { description })
/** The same envelope as text, around a page already rendered as a JSON array (the stored renderings, issue 15). */
export const listEnvelopeText = (data: string, page: { limit: number; nextCursor: string | null; total: number }) => `{"data":${data},"page":${JSON.stringify(page)}}`
export const itemEnvelope = (item: TSchema, description: string) => Type.Object({ data: item }, { description })

/** The problem answers routes declare, one per status; each is one `components.responses` entry. */
const PROBLEM_RESPONSES: Record<number, { description: string; headers?: Record<string, { description: string }> }> = {
  400: { description: 'Invalid request: an unknown or malformed parameter (see `invalidParams`).' },
  401: { description: 'Missing or invalid credentials.', headers: { 'WWW-Authenticate': { description: 'The scheme to authenticate with: `Bearer`.' } } },
  403: { description: 'The credentials do not allow this.' },
  404: { description: 'No such resource.' },
  409: { description: 'Conflict with the current state.' },
  410: { description: 'Gone: the id was retired or deleted; `replacedBy` names its replacement, if any.' },
  412: { description: 'The resource changed since the given ETag (`If-Match`).' },
  413: { description: 'Request body too large.' },
  415: { description: 'Unsupported media type.' },
  422: { description: 'Well-formed but unprocessable content.' },
  428: { description: '`If-Match` is required.' },
  429: { description: 'Too many requests; retry after `Retry-After` seconds.', headers: { 'Retry-After': { description: 'Seconds to wait before retrying.' } } },
  503: { description: 'Temporarily unavailable.', headers: { 'Retry-After': { description: 'Seconds to wait before retrying.' } } }
}

/** `components.responses` name of a problem status: `NotFound`, `PreconditionFailed`. */
export function problemResponseName(status: number): string {
  const title = Object.values(PROBLEMS).find((problem) => problem.status === status)?.title ?? `Status ${status}`
  return title.replace(/(^|\s)(\w)/g, (_, __, c: string) => c.toUpperCase())
}

/** Problem responses for the given statuses, as `application/problem+json`. */
export function problemResponses(...statuses: number[]): Record<number, unknown> {
  const out: Record<number, unknown> = {}
  for (const status of statuses) {
    const description = PROBLEM_RESPONSES[status]?.description ?? 'Problem'
    out[status] = { description, content: { [PROBLEM_CONTENT_TYPE]: { schema: Type.Ref('Problem') } } }
  }
  return out
}

/** Every problem response, as OpenAPI `components.responses`. */
export function problemResponseComponents(): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [status, { description, headers }] of Object.entries(PROBLEM_RESPONSES)) {
    out[problemResponseName(Number(status))] = {
      description,
      ...(headers ? { headers: Object.fromEntries(Object.entries(headers).map(([name, header]) => [name, { ...header, schema: { type: 'string' } }])) } : {}),
      content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } } }
    }
  }
  return out
}

/** `If-None-Match` and the 304 it can produce, for every cacheable GET. */
export const conditionalGetHeaders = Type.Object({
  'if-none-match': Type.Optional(Type.String({ description: 'An ETag from an earlier answer: 304 when unchanged.' }))
})
export const notModified = { 304: { description: 'Not modified: the ETag in `If-None-Match` is current.', type: 'null' } }

/** The security requirement of every admin operation; public operations declare none (`security: []`). */
export const BEARER = [{ bearerAuth: [] }]

/** Schemas registered once with `addSchema` and referenced by `$ref` everywhere. */
export const SHARED_SCHEMAS = [IdComponent, Problem, Citation, Page]
