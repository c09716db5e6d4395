/** What a write needs to know about its request: who makes it (the authenticated actor) and the request ids. */
import type { FastifyRequest } from 'fastify'
import type { WriteContext } from '../editor/index.js'

/** The write context of an authenticated admin request (the auth hook has set `request.actor`). */
export const writeContext = (request: FastifyRequest): WriteContext => ({
  actor: request.actor as NonNullable<FastifyRequest['actor']>,
  requestId: request.id,
  ...(request.clientRequestId ? { clientRequestId: request.clientRequestId } : {})
})
