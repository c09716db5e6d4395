/**
 * Every error the API can answer with, declared once (code, status, title), and the
 * one exception type that carries them. The error handler turns it into an RFC 9457
 * `application/problem+json` document whose `type` is `/problems/<code>`.
 */
export const PROBLEMS = {
  'invalid-request': { status: 400, title: 'Invalid request' },
  'invalid-cursor': { status: 400, title: 'Invalid cursor' },
  'unknown-filter-value': { status: 400, title: 'Unknown filter value' },
  'not-found': { status: 404, title: 'Not found' },
  'method-not-allowed': { status: 405, title: 'Method not allowed' },
  'not-acceptable': { status: 406, title: 'Not acceptable' },
  'payload-too-large': { status: 413, title: 'Payload too large' },
  'unsupported-media-type': { status: 415, title: 'Unsupported media type' },
  'too-many-requests': { status: 429, title: 'Too many requests' },
  'internal-error': { status: 500, title: 'Internal server error' },
  'service-unavailable': { status: 503, title: 'Service unavailable' }
} as const satisfies Record<string, { status: number; title: string }>

export type ProblemCode = keyof typeof PROBLEMS

export const PROBLEM_CONTENT_TYPE = 'application/problem+json'

export const problemType = (code: ProblemCode) => `/problems/${code}`

/** One offending input, for validation problems. */
export interface InvalidParam {
  in: 'query' | 'path' | 'body' | 'header'
  name: string
  reason: string
}

export class ProblemError extends Error {
  readonly status: number
  readonly title: string
  constructor(
    readonly code: ProblemCode,
    readonly detail: string,
    readonly invalidParams?: InvalidParam[]
  ) {
    super(detail)
    this.name = 'ProblemError'
    this.status = PROBLEMS[code].status
    this.title = PROBLEMS[code].title
  }
}

export const notFound = (detail: string) => new ProblemError('not-found', detail)

export const invalidParam = (where: InvalidParam['in'], name: string, reason: string, code: ProblemCode = 'invalid-request') =>
  new ProblemError(code, `${where === 'query' ? 'Query parameter' : 'Parameter'} '${name}' ${reason}`, [{ in: where, name, reason }])
