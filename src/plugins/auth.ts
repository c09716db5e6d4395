/**
 * Bearer API keys for `/v1/admin/*`: 401 without a valid key, 403 when its role lacks
 * the right, 429 (with Retry-After) once a client has failed authentication too often,
 * for every key it presents until the window ends. The actor (key name and role) is on `request.actor` for the write path and the audit.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { ProblemError } from '../lib/problem.js'
import { createKeyRepository, type Role } from '../repositories/keys.js'

export interface Actor {
  name: string
  role: Role
}

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * An onRequest hook admitting keys of these roles, and admins always: it runs before
     * the body is even parsed.
     */
    requireRole(...roles: Role[]): (request: FastifyRequest) => Promise<void>
  }
  interface FastifyRequest {
    actor?: Actor
  }
}

export interface AuthOptions {
  failureLimit: number
  failureWindowSeconds: number
}

/**
 * Roles are rights, not ranks: editors write content, reviewers set the clinical review
 * (and read what editors read, to review it), admins may do everything. A reviewer does
 * not edit, so content is signed off by someone other than its writer unless an admin
 * does both.
 */
const admits = (roles: readonly Role[], role: Role) => role === 'admin' || roles.includes(role)

/** Counts failed authentications per client in a fixed window. In memory: one process. */
class FailureCounter {
  private readonly failures = new Map<string, { count: number; resetAt: number }>()
  constructor(
    private readonly limit: number,
    private readonly windowMs: number
  ) {}

  /** Seconds until the client may try again, or 0 when it may now. */
  retryAfter(client: string, now = Date.now()): number {
    const entry = this.failures.get(client)
    if (!entry || entry.resetAt <= now) return 0
    return entry.count >= this.limit ? Math.ceil((entry.resetAt - now) / 1000) : 0
  }

  fail(client: string, now = Date.now()): void {
    const entry = this.failures.get(client)
    if (!entry || entry.resetAt <= now) {
      if (this.failures.size > 10_000) this.prune(now)
      this.failures.set(client, { count: 1, resetAt: now + this.windowMs })
    } else entry.count++
  }

  private prune(now: number) {
    for (const [client, entry] of this.failures) if (entry.resetAt <= now) this.failures.delete(client)
  }
}

async function authPlugin(app: FastifyInstance, { failureLimit, failureWindowSeconds }: AuthOptions) {
  const keys = createKeyRepository(app.store.db)
  const failures = new FailureCounter(failureLimit, failureWindowSeconds * 1000)

  /**
   * Only a presented, wrong key counts as a failure: a missing header guesses nothing, and
   * must not let anonymous traffic lock editors out. During a lockout every presented key
   * is refused unchecked, the right one too: were it let in, the lockout would only slow
   * a guesser down, and a 200 among the 429s would tell them they had found it.
   */
  function authenticate(request: FastifyRequest): Actor {
    const header = request.headers.authorization
    const match = header ? /^bearer\s+(\S+)\s*$/i.exec(header) : null
    if (!header) throw new ProblemError('unauthorized', 'An API key is required: Authorization: Bearer <key>.')
    const wait = failures.retryAfter(request.ip)
    if (wait > 0) {
      throw new ProblemError('too-many-requests', `Too many failed authentications; retry in ${wait} s.`, { headers: { 'retry-after': String(wait) } })
    }
    const actor = match ? keys.verify(match[1] as string) : null
    if (actor) return actor
    failures.fail(request.ip)
    throw new ProblemError('unauthorized', 'The API key is not valid.')
  }

  app.decorate('requireRole', (...roles: Role[]) => async (request: FastifyRequest) => {
    const actor = request.actor ?? authenticate(request)
    request.actor = actor
    if (!admits(roles, actor.role)) {
      const needed = [...new Set([...roles, 'admin'])].join(' or ')
      throw new ProblemError('forbidden', `This needs the ${needed} role; key '${actor.name}' is ${actor.role}.`)
    }
  })
}

export default fp(authPlugin, { name: 'auth', dependencies: ['db'] })
