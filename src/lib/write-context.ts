/** What the write path needs from a request: who writes (the authenticated key) and the request id, for the audit. */
import type { FastifyRequest } from 'fastify'
import type { WriteContext } from '../editor/writer.js'

export const writeContext = (request: FastifyRequest): WriteContext => ({ actor: request.actor as NonNullable<FastifyRequest['actor']>, requestId: request.id })
