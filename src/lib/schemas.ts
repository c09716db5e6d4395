/** Shared TypeBox building blocks: each validates, serializes, types and documents. */
import Type, { type TSchema } from 'typebox'
import { SLUG_PATTERN } from './slug.js'

export const Id = Type.String({
  pattern: SLUG_PATTERN,
  minLength: 1,
  maxLength: 100,
  description: 'Stable, human-readable identifier (kebab-case slug).',
  examples: ['dystrophic']
})

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
export const itemEnvelope = (item: TSchema, description: string) => Type.Object({ data: item }, { description })

const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid request: an unknown or malformed parameter (see `invalidParams`).',
  401: 'Missing or invalid credentials.',
  403: 'The credentials do not allow this.',
  404: 'No such resource.',
  409: 'Conflict with the current state.',
  410: 'Gone: the id was retired or deleted; `replacedBy` names its replacement, if any.',
  412: 'The resource changed since the given ETag (`If-Match`).',
  413: 'Request body too large.',
  415: 'Unsupported media type.',
  422: 'Well-formed but unprocessable content.',
  428: '`If-Match` is required.',
  429: 'Too many requests; retry after `Retry-After` seconds.',
  503: 'Temporarily unavailable.'
}

/** Problem responses for the given statuses, as `application/problem+json`. */
export function problemResponses(...statuses: number[]): Record<number, unknown> {
  const out: Record<number, unknown> = {}
  for (const status of statuses) {
    out[status] = { description: PROBLEM_DESCRIPTIONS[status] ?? 'Problem', content: { 'application/problem+json': { schema: Type.Ref('Problem') } } }
  }
  return out
}

/** `If-None-Match` and the 304 it can produce, for every cacheable GET. */
export const conditionalGetHeaders = Type.Object({
  'if-none-match': Type.Optional(Type.String({ description: 'An ETag from an earlier answer: 304 when unchanged.' }))
})
export const notModified = { 304: { description: 'Not modified: the ETag in `If-None-Match` is current.', type: 'null' } }

/** Schemas registered once with `addSchema` and referenced by `$ref` everywhere. */
export const SHARED_SCHEMAS = [Problem, Citation, Page]
