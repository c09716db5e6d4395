/**
 * Requests the app makes to itself (`app.inject` from the MCP tools) carry a header with
 * a random token made at start. The rate limiter lets them through: the client's MCP
 * request was already counted once, and the internal calls would otherwise share one
 * 127.0.0.1 bucket, so one busy client would lock MCP out for everyone. The token never
 * leaves the process, so no client can forge the mark.
 */
import { randomBytes } from 'node:crypto'

export const INTERNAL_CALL_HEADER = 'x-internal-call'
const token = randomBytes(24).toString('base64url')

export const internalCallHeaders = (): Record<string, string> => ({ [INTERNAL_CALL_HEADER]: token })

export const isInternalCall = (headers: Record<string, string | string[] | undefined>) => headers[INTERNAL_CALL_HEADER] === token
