/** `GET /v1/admin/audit`: who did what, when, with which key. */
import type { FastifyInstance } from 'fastify'
import Type from 'typebox'
import { isKindKey, kindByPath } from '../../kinds/index.js'
import { invalidParam } from '../../lib/problem.js'
import { AuditQuery } from '../../schemas/admin.js'
import { BEARER, Cursor, PageSize, problemResponses } from '../../schemas/common.js'
import { List, MAX } from '../../lib/bounds.js'

const encode = (id: number) => Buffer.from(String(id)).toString('base64url')
function decode(cursor: string): number {
  const id = Number(Buffer.from(cursor, 'base64url').toString('utf8'))
  if (!Number.isInteger(id) || id < 1) throw invalidParam('query', 'cursor', 'is not a cursor this API issued', 'invalid-cursor')
  return id
}

export default async function auditRoutes(app: FastifyInstance) {
  app.get(
    '/admin/audit',
    {
      onRequest: app.requireRole('admin'),
      schema: {
        operationId: 'adminListAudit',
        tags: ['Admin: audit'],
        security: BEARER,
        summary: 'Read the audit trail (admins)',
        description: 'Every write, newest first. `entity` is `kind/id` (e.g. `types/dystrophic`) or an id alone.',
        querystring: AuditQuery,
        response: {
          200: Type.Object({ data: List(Type.Ref('AuditEntry'), MAX.page), page: Type.Object({ limit: PageSize, nextCursor: Type.Union([Cursor, Type.Null()]) }) }, { description: 'Audit entries.' }),
          ...problemResponses(400, 401, 403)
        }
      }
    },
    async (request) => {
      const { actor, entity, since, limit = 50, cursor } = request.query as { actor?: string; entity?: string; since?: string; limit?: number; cursor?: string }
      const [first, second] = entity?.split('/') ?? []
      const kindName = second === undefined ? undefined : first
      const kind = kindName === undefined ? undefined : (kindByPath(kindName)?.key ?? (isKindKey(kindName) ? kindName : undefined))
      if (kindName !== undefined && kind === undefined) throw invalidParam('query', 'entity', `names an unknown kind '${kindName}'`)
      const rows = app.repos.audit.list({
        actor,
        kind,
        entity: second ?? first,
        since,
        before: cursor ? decode(cursor) : undefined,
        limit
      })
      const page = rows.slice(0, limit)
      const last = page.at(-1)
      return { data: page, page: { limit, nextCursor: rows.length > limit && last ? encode(last.id) : null } }
    }
  )
}

