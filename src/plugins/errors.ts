/**
 * The one place errors become responses: ProblemErrors, schema validation failures,
 * fastify's own client errors and unknown routes all answer as RFC 9457 problem
 * documents. A 5xx never shows its cause to the client; it is logged instead.
 */
import { STATUS_CODES } from 'node:http'
import type { Duplex } from 'node:stream'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { SECURITY_HEADERS } from './security.js'
import { MAX } from '../lib/bounds.js'
import { unsafeNumberParam } from '../lib/input-safety.js'
import { PROBLEM_CONTENT_TYPE, PROBLEMS, ProblemError, invalidParam, problemType, type InvalidParam, type ProblemCode } from '../lib/problem.js'

const CODE_BY_STATUS: Record<number, ProblemCode> = {
  400: 'invalid-request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  409: 'conflict',
  412: 'precondition-failed',
  405: 'method-not-allowed',
  406: 'not-acceptable',
  413: 'payload-too-large',
  414: 'uri-too-long',
  415: 'unsupported-media-type',
  422: 'unprocessable-content',
  428: 'precondition-required',
  429: 'too-many-requests',
  503: 'service-unavailable'
}

/** ajv's `instancePath` ("/modality/0") or `missingProperty` names the parameter. */
function validationParams(error: FastifyError): InvalidParam[] {
  const where = (error.validationContext ?? 'body') as string
  const location: InvalidParam['in'] = where === 'querystring' ? 'query' : where === 'params' ? 'path' : where === 'headers' ? 'header' : 'body'
  return (error.validation ?? []).map((issue) => {
    const params = issue.params as Record<string, unknown>
    const path = issue.instancePath.split('/').filter(Boolean)
    const name =
      (params.additionalProperty as string | undefined) ??
      (params.missingProperty as string | undefined) ??
      (location === 'body' ? path.join('.') : path[0]) ??
      where
    const allowed = params.allowedValues as unknown[] | undefined
    const reason =
      issue.keyword === 'additionalProperties'
        ? location === 'body'
          ? 'is not a field that can be set here'
          : 'is not a known parameter'
        : `${issue.message ?? 'is invalid'}${allowed ? `: ${allowed.join(', ')}` : ''}`
    return { in: location, name, reason }
  })
}

/** A string cut to `max` characters, for a problem's free text (the contract bounds it: lib/bounds.ts). */
const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text)

/** An extension member within the contract's bounds: a string clipped, a list of strings cut short. */
function bounded(value: unknown): unknown {
  if (typeof value === 'string') return clip(value, MAX.message)
  if (Array.isArray(value)) return value.slice(0, MAX.page).map((item) => (typeof item === 'string' ? clip(item, MAX.message) : item))
  return value
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, error: ProblemError) {
  if (error.headers) reply.headers(error.headers)
  const extensions = Object.fromEntries(Object.entries(error.extensions ?? {}).map(([name, value]) => [name, bounded(value)]))
  return reply
    .code(error.status)
    .type(PROBLEM_CONTENT_TYPE)
    .send({
      type: problemType(error.code),
      title: error.title,
      status: error.status,
      detail: clip(error.detail, MAX.message),
      // A request path is as long as the client made it (up to the header size limit).
      instance: clip(request.url.split('?')[0] ?? '', MAX.url),
      ...(error.invalidParams
        ? { invalidParams: error.invalidParams.slice(0, MAX.page).map(({ in: where, name, reason }) => ({ in: where, name: clip(name, MAX.line), reason: clip(reason, MAX.message) })) }
        : {}),
      ...extensions
    })
}

/**
 * Failures of the database that are not the code's fault, by SQLite's (extended) result
 * code: a lock still held past busy_timeout, a read-only or full disk, an I/O error. They
 * pass: 503 with Retry-After, and the detail names no file or statement.
 */
function databaseProblem(code: string): ProblemError | undefined {
  if (/^SQLITE_(BUSY|LOCKED)/.test(code)) {
    return new ProblemError('service-unavailable', 'The database is busy with another write; retry shortly.', { headers: { 'retry-after': '1' } })
  }
  if (/^SQLITE_(READONLY|FULL|IOERR|CANTOPEN)/.test(code)) {
    return new ProblemError('service-unavailable', 'The database cannot be written at the moment; retry later.', { headers: { 'retry-after': '30' } })
  }
  // A value that passed validation but SQLite will not take (a backstop: see lib/input-safety.ts).
  if (code === 'SQLITE_MISMATCH' || code === 'SQLITE_TOOBIG') return new ProblemError('invalid-request', 'A value in the request is out of the range this API accepts.')
  return undefined
}

export function toProblem(error: FastifyError): ProblemError {
  if (error instanceof ProblemError) return error
  if (error.name === 'SqliteError' && typeof error.code === 'string') {
    const problem = databaseProblem(error.code)
    if (problem) return problem
  }
  // Binding or date arithmetic on a value nothing could represent (Infinity, a leap second);
  // fastify's own RangeErrors (a body too large) carry their status.
  if (error instanceof RangeError && error.statusCode === undefined) return new ProblemError('invalid-request', 'A value in the request is out of the range this API accepts.')
  if (error.validation) {
    const invalid = validationParams(error)
    const first = invalid[0]
    const detail = first ? `${first.in === 'query' ? 'Query parameter' : first.in === 'body' ? 'Field' : 'Parameter'} '${first.name}' ${first.reason}` : error.message
    return new ProblemError('invalid-request', detail, { invalidParams: invalid })
  }
  const status = error.statusCode ?? 500
  if (status >= 400 && status < 500) {
    const code = CODE_BY_STATUS[status] ?? 'invalid-request'
    return Object.assign(new ProblemError(code, error.message), { status, title: PROBLEMS[code].title })
  }
  return new ProblemError(status === 503 ? 'service-unavailable' : 'internal-error', status === 503 ? error.message : 'An unexpected error occurred; it has been logged.')
}

/**
 * fastify's `frameworkErrors` (a malformed URL such as `/v1/treatments/%ZZ`, an over-long
 * parameter) answer before any hook runs: the headers the hooks set on every other answer
 * are set here.
 */
export function sendFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  reply.headers(SECURITY_HEADERS).header('x-request-id', request.id).header('cache-control', 'no-store')
  return sendProblem(request, reply, toProblem(error))
}

/**
 * What Node's HTTP parser refuses before fastify has a request (a request not received
 * within REQUEST_TIMEOUT, headers too large, bytes that are not HTTP) is answered on the
 * socket as a problem document too, then the connection is closed.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return
  const [status, code, detail] =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'request-timeout' as const, 'The request was not received in time; the connection is closed.']
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'invalid-request' as const, 'The request headers are too large.']
        : [400, 'invalid-request' as const, 'The request is not valid HTTP.']
  const body = JSON.stringify({ type: problemType(code), title: status === 431 ? 'Request header fields too large' : PROBLEMS[code].title, status, detail })
  const head = [`HTTP/1.1 ${status} ${STATUS_CODES[status]}`, `content-type: ${PROBLEM_CONTENT_TYPE}`, `content-length: ${Buffer.byteLength(body)}`, 'cache-control: no-store', 'connection: close']
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) head.push(`${name}: ${value}`)
  if (socket.writable) socket.write(`${head.join('\r\n')}\r\n\r\n${body}`)
  socket.destroy()
}

async function errorsPlugin(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const problem = toProblem(error)
    if (problem.status >= 500) request.log.error({ err: error }, 'request failed')
    // A 400 that only a backstop caught is a validation gap: keep the cause for the operator.
    else if (!(error instanceof ProblemError) && !error.validation && !error.statusCode) request.log.warn({ err: error }, 'a request value failed past validation')
    return sendProblem(request, reply, problem)
  })
  // Coerced query and path numbers must be finite and exact (see lib/input-safety.ts).
  app.addHook('preHandler', async (request) => {
    for (const [where, values] of [['query', request.query], ['path', request.params]] as const) {
      const name = unsafeNumberParam(values)
      if (name) throw invalidParam(where, name, `must be a number between -${Number.MAX_SAFE_INTEGER} and ${Number.MAX_SAFE_INTEGER}`)
    }
  })
  app.setNotFoundHandler((request, reply) =>
    sendProblem(request, reply, new ProblemError('not-found', `No route for ${request.method} ${request.url.split('?')[0]}`))
  )
}

export default fp(errorsPlugin, { name: 'errors' })
