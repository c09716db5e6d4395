/**
 * Every error the API can answer with, declared once (code, status, title), and the
 * one exception type that carries them. The error handler turns it into an RFC 9457
 * `application/problem+json` document whose `type` is `/problems/<code>`.
 */
export const PROBLEMS = {
  'invalid-request': { status: 400, title: 'Invalid request' },
  'invalid-cursor': { status: 400, title: 'Invalid cursor' },
  'unknown-filter-value': { status: 400, title: 'Unknown filter value' },
  unauthorized: { status: 401, title: 'Unauthorized' },
  forbidden: { status: 403, title: 'Forbidden' },
  'not-found': { status: 404, title: 'Not found' },
  'method-not-allowed': { status: 405, title: 'Method not allowed' },
  'not-acceptable': { status: 406, title: 'Not acceptable' },
  'request-timeout': { status: 408, title: 'Request timeout' },
  conflict: { status: 409, title: 'Conflict' },
  gone: { status: 410, title: 'Gone' },
  'precondition-failed': { status: 412, title: 'Precondition failed' },
  'payload-too-large': { status: 413, title: 'Payload too large' },
  'uri-too-long': { status: 414, title: 'URI too long' },
  'unsupported-media-type': { status: 415, title: 'Unsupported media type' },
  'unprocessable-content': { status: 422, title: 'Unprocessable content' },
  'precondition-required': { status: 428, title: 'Precondition required' },
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

export interface ProblemOptions {
  invalidParams?: InvalidParam[]
  /** Extra members of the problem document, e.g. the list of import problems. */
  extensions?: Record<string, unknown>
  /** Response headers that belong with it: Retry-After, WWW-Authenticate, Allow. */
  headers?: Record<string, string>
}

export class ProblemError extends Error {
  readonly status: number
  readonly title: string
  readonly invalidParams?: InvalidParam[]
  readonly extensions?: Record<string, unknown>
  readonly headers?: Record<string, string>
  constructor(
    readonly code: ProblemCode,
    readonly detail: string,
    options: ProblemOptions = {}
  ) {
    super(detail)
    this.name = 'ProblemError'
    this.status = PROBLEMS[code].status
    this.title = PROBLEMS[code].title
    this.invalidParams = options.invalidParams
    this.extensions = options.extensions
    this.headers = code === 'unauthorized' ? { 'www-authenticate': 'Bearer realm="admin"', ...options.headers } : options.headers
  }
}

export const notFound = (detail: string) => new ProblemError('not-found', detail)

export const invalidParam = (where: InvalidParam['in'], name: string, reason: string, code: ProblemCode = 'invalid-request') =>
  new ProblemError(code, `${where === 'query' ? 'Query parameter' : 'Parameter'} '${name}' ${reason}`, { invalidParams: [{ in: where, name, reason }] })
