/** Who is writing and on which request: what every write records in its revision and audit entry. */
import type { ROLES } from '../db/schema.js'

export type Role = (typeof ROLES)[number]

export interface Actor {
  name: string
  role: Role
}

export interface WriteContext {
  actor: Actor
  /** The server's id of the request. */
  requestId?: string
  /** The id the client sent (`X-Request-Id`), kept apart from the server's. */
  clientRequestId?: string
}
