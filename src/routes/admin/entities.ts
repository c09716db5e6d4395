/**
 * The editor's routes for every kind, from one factory: read (drafts and
 * deleted rows too), create, patch, delete and restore, publish and unpublish, links,
 * citations and revisions. Every write answers the entity as it now is, with its ETag.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import Type from 'typebox'
import { etagOf, type CitationInput, type EntityInput, type WriteContext } from '../../editor/index.js'
import { KIND_LIST, type Kind } from '../../kinds/index.js'
import { notFound } from '../../lib/problem.js'
import { splitCommaLists } from '../../http/query-lists.js'
import { Id, itemEnvelope, listEnvelope, problemResponses } from '../../lib/schemas.js'
import type { EntityOut } from '../../repositories/entities/index.js'
import { editorialRef, itemQuerySchema, listParameters, listQuerySchema, schemaId } from '../../schemas/collections.js'
import { pickFields, toListQuery, type Query } from '../../schemas/list-query.js'
import { CitationBody, LinkBody, createBody, patchBody } from './schemas.js'

export const BEARER = [{ bearerAuth: [] }]

const IfMatch = Type.Object({ 'if-match': Type.Optional(Type.String({ description: 'The ETag of the entity as you last read it.' })) })

const RevisionSummary = Type.Object(
  { number: Type.Integer(), actor: Type.String({ description: 'Name of the API key.' }), summary: Type.String(), createdAt: Type.String({ format: 'date-time' }) },
  { $id: 'RevisionSummary', title: 'Revision' }
)

export const ADMIN_ENTITY_SCHEMAS = [RevisionSummary, CitationBody]

export const writeContext = (request: FastifyRequest): WriteContext => ({ actor: request.actor as NonNullable<FastifyRequest['actor']>, requestId: request.id })

const sendEntity = (reply: FastifyReply, entity: EntityOut, status = 200) => reply.code(status).header('etag', etagOf(entity)).send({ data: entity })

function entityRoutes(app: FastifyInstance, kind: Kind) {
  const base = `/admin/${kind.path}`
  const noun = kind.label.toLowerCase()
  const tag = `Admin: ${kind.path.replace('-', ' ')}`
  const Name = schemaId(kind)
  const editor = app.requireRole('editor')
  const admin = app.requireRole('admin')
  const entity = editorialRef(kind)
  const Params = Type.Object({ id: Id }, { additionalProperties: false })
  /** What every admin operation of this kind shares in the OpenAPI document. */
  const documented = (operation: string) => ({ operationId: `admin${operation}${Name}`, tags: [tag], security: BEARER })
  const writeResponses = (...statuses: number[]) => ({ 200: itemEnvelope(entity, `The ${noun} as it now is; ETag header.`), ...problemResponses(400, 401, 403, 404, ...statuses) })

  app.get(
    base,
    {
      onRequest: editor,
      preValidation: splitCommaLists(listParameters(kind)),
      schema: {
        ...documented('List'),
        summary: `List ${kind.path.replace('-', ' ')} (editors)`,
        description: `Every ${noun}, drafts included; filter by \`status\` and \`deleted\` besides the public filters.`,
        querystring: listQuerySchema(kind, true),
        response: { 200: listEnvelope(entity, `A page of ${kind.path.replace('-', ' ')}.`), ...problemResponses(400, 401, 403) }
      }
    },
    async (request) => {
      const query = request.query as Query
      const result = app.repos.editorial.list(kind, toListQuery(kind, query), query.include)
      return { data: result.items.map((e) => pickFields(e, query.fields)), page: { limit: query.limit ?? 20, nextCursor: result.nextCursor, total: result.total } }
    }
  )

  app.get(
    `${base}/:id`,
    {
      onRequest: editor,
      preValidation: splitCommaLists(['include', 'fields']),
      schema: {
        ...documented('Get'),
        summary: `Get a ${noun} (editors)`,
        description: `The ${noun} in any status, deleted or not. Its strong ETag is what \`If-Match\` takes.`,
        params: Params,
        querystring: itemQuerySchema(kind),
        response: { 200: itemEnvelope(entity, `The ${noun}.`), ...problemResponses(400, 401, 403, 404) }
      }
    },
    async (request, reply) => {
      const { id } = request.params as { id: string }
      const query = request.query as Query
      const found = app.repos.editorial.get(kind, id, query.include)
      if (!found) throw notFound(`No ${noun} with id '${id}'`)
      if (!query.include && !query.fields) return sendEntity(reply, found)
      // Any view of the entity carries the entity's ETag, so that it can be sent back as If-Match.
      const whole = app.repos.editorial.get(kind, id) as EntityOut
      return reply.header('etag', etagOf(whole)).send({ data: pickFields(found, query.fields) })
    }
  )

  app.post(
    base,
    {
      onRequest: editor,
      schema: {
        ...documented('Create'),
        summary: `Create a ${noun}`,
        description: `Creates a draft with the id you choose. 409 when the id is taken (ids are never reused). Publishing needs a citation.`,
        body: createBody(kind),
        response: { 201: itemEnvelope(entity, `The new draft; Location and ETag headers.`), ...problemResponses(400, 401, 403, 409, 415, 422) }
      }
    },
    async (request, reply) => {
      const created = app.editor.create(writeContext(request), kind, request.body as EntityInput & { id: string })
      return sendEntity(reply.header('location', `/v1${base}/${created.id}`), created, 201)
    }
  )

  app.patch(
    `${base}/:id`,
    {
      onRequest: editor,
      schema: {
        ...documented('Update'),
        summary: `Edit a ${noun}`,
        description: 'A JSON merge patch of the editable fields. `If-Match` is required: 428 without it, 412 when the entity changed since.',
        params: Params,
        headers: IfMatch,
        body: patchBody(kind),
        response: writeResponses(409, 412, 415, 422, 428)
      }
    },
    async (request, reply) => {
      const { id } = request.params as { id: string }
      return sendEntity(reply, app.editor.update(writeContext(request), kind, id, request.body as EntityInput, request.headers['if-match']))
    }
  )

  app.delete(
    `${base}/:id`,
    {
      onRequest: admin,
      schema: {
        ...documented('Delete'),
        summary: `Delete a ${noun} (admins)`,
        description: 'Soft delete: the entity leaves the public API, search and MCP, and can be restored. `If-Match` is required.',
        params: Params,
        headers: IfMatch,
        response: writeResponses(409, 412, 428)
      }
    },
    async (request, reply) => {
      const { id } = request.params as { id: string }
      return sendEntity(reply, app.editor.remove(writeContext(request), kind, id, request.headers['if-match']))
    }
  )

  const lifecycle = [
    ['restore', 'Restore a deleted', 'Brings a soft-deleted entity back, in the status it had.', (ctx: WriteContext, id: string) => app.editor.restore(ctx, kind, id)],
    ['publish', 'Publish a', 'Makes the entity public. It needs at least one citation (422 otherwise).', (ctx: WriteContext, id: string, ifMatch?: string) => app.editor.setStatus(ctx, kind, id, 'published', ifMatch)],
    ['unpublish', 'Unpublish a', 'Takes the entity back to draft: it leaves the public API, search and MCP.', (ctx: WriteContext, id: string, ifMatch?: string) => app.editor.setStatus(ctx, kind, id, 'draft', ifMatch)]
  ] as const
  for (const [action, summary, description, run] of lifecycle) {
    app.post(
      `${base}/:id/${action}`,
      {
        onRequest: admin,
        schema: {
          ...documented(`${action.charAt(0).toUpperCase()}${action.slice(1)}`),
          summary: `${summary} ${noun} (admins)`,
          description,
          params: Params,
          headers: IfMatch,
          response: writeResponses(409, 412, 422)
        }
      },
      async (request, reply) => {
        const { id } = request.params as { id: string }
        return sendEntity(reply, run(writeContext(request), id, request.headers['if-match']))
      }
    )
  }

  const LinkParams = Type.Object(
    { id: Id, relation: Type.Union(kind.relations.map((relation) => Type.Literal(relation.name)), { description: 'The relation.' }), otherId: Id },
    { additionalProperties: false }
  )
  app.put(
    `${base}/:id/:relation/:otherId`,
    {
      onRequest: editor,
      // The body is optional: a bare PUT links without a note.
      preValidation: async (request) => {
        request.body ??= {}
      },
      schema: {
        ...documented('Link'),
        summary: `Link a ${noun} to another entity`,
        description: `Creates the link or updates it: a given \`note\` replaces the link's note (null clears it, leaving it out keeps it); given citations are added as evidence, each once. Relations: ${kind.relations.map((r) => r.name).join(', ')}.`,
        params: LinkParams,
        headers: IfMatch,
        body: LinkBody,
        response: writeResponses(409, 412, 415, 422)
      }
    },
    async (request, reply) => {
      const { id, relation, otherId } = request.params as { id: string; relation: string; otherId: string }
      const body = (request.body ?? {}) as { note?: string | null; citations?: CitationInput[] }
      return sendEntity(reply, app.editor.link(writeContext(request), kind, id, relation, otherId, body.note, body.citations ?? [], request.headers['if-match']))
    }
  )

  app.delete(
    `${base}/:id/:relation/:otherId`,
    {
      onRequest: editor,
      schema: {
        ...documented('Unlink'),
        summary: `Unlink a ${noun} from another entity`,
        description: 'Removes the link and its citations (the revision history keeps them).',
        params: LinkParams,
        headers: IfMatch,
        response: writeResponses(409, 412)
      }
    },
    async (request, reply) => {
      const { id, relation, otherId } = request.params as { id: string; relation: string; otherId: string }
      return sendEntity(reply, app.editor.unlink(writeContext(request), kind, id, relation, otherId, request.headers['if-match']))
    }
  )

  app.post(
    `${base}/:id/citations`,
    {
      onRequest: editor,
      schema: {
        ...documented('Cite'),
        summary: `Cite a source for a ${noun}`,
        description: "Adds a citation. The quote must be verbatim in the source's text, within one paragraph of the named section (or of any section when none is named): 422 otherwise.",
        params: Params,
        body: Type.Ref('CitationInput'),
        response: { 201: itemEnvelope(entity, 'The entity with the new citation; Location names the citation.'), ...problemResponses(400, 401, 403, 404, 409, 415, 422) }
      }
    },
    async (request, reply) => {
      const { id } = request.params as { id: string }
      const { entity: cited, citationId } = app.editor.cite(writeContext(request), kind, id, request.body as CitationInput)
      return sendEntity(reply.header('location', `/v1${base}/${id}/citations/${citationId}`), cited, 201)
    }
  )

  app.delete(
    `${base}/:id/citations/:citationId`,
    {
      onRequest: editor,
      schema: {
        ...documented('Uncite'),
        summary: `Remove a citation of a ${noun}`,
        description: 'Removes one citation (the revision history keeps it). The last citation of a published entity cannot be removed (409).',
        params: Type.Object({ id: Id, citationId: Type.Integer({ minimum: 1, description: 'The citation id, from `citations[].id`.' }) }, { additionalProperties: false }),
        response: writeResponses(409)
      }
    },
    async (request, reply) => {
      const { id, citationId } = request.params as { id: string; citationId: number }
      return sendEntity(reply, app.editor.uncite(writeContext(request), kind, id, citationId))
    }
  )

  app.get(
    `${base}/:id/revisions`,
    {
      onRequest: editor,
      schema: {
        ...documented('ListRevisions'),
        summary: `List revisions of a ${noun}`,
        description: 'Every change, oldest first: number, actor (key name), summary and time.',
        params: Params,
        response: { 200: Type.Object({ data: Type.Array(Type.Ref('RevisionSummary')) }, { description: 'The revisions.' }), ...problemResponses(400, 401, 403, 404) }
      }
    },
    async (request) => {
      const { id } = request.params as { id: string }
      const list = app.editor.revisions(kind, id)
      if (!list) throw notFound(`No ${noun} with id '${id}'`)
      return { data: list }
    }
  )

  const RevisionParams = Type.Object({ id: Id, number: Type.Integer({ minimum: 1, description: 'The revision number, from 1.' }) }, { additionalProperties: false })
  app.get(
    `${base}/:id/revisions/:number`,
    {
      onRequest: editor,
      schema: {
        ...documented('GetRevision'),
        summary: `Get a revision of a ${noun}`,
        description: 'One revision with the full snapshot of the entity after that change.',
        params: RevisionParams,
        response: {
          200: Type.Object(
            { data: Type.Object({ number: Type.Integer(), actor: Type.String(), summary: Type.String(), createdAt: Type.String({ format: 'date-time' }), snapshot: entity }) },
            { description: 'The revision.' }
          ),
          ...problemResponses(400, 401, 403, 404)
        }
      }
    },
    async (request) => {
      const { id, number } = request.params as { id: string; number: number }
      const revision = app.editor.revision(kind, id, number)
      if (!revision) throw notFound(`${kind.label} '${id}' has no revision ${number}`)
      return { data: revision }
    }
  )

  app.post(
    `${base}/:id/revisions/:number/restore`,
    {
      onRequest: admin,
      schema: {
        ...documented('RestoreRevision'),
        summary: `Restore a revision of a ${noun} (admins)`,
        description: "Puts back the fields, aliases, citations and links the revision shows; status and deletion stay as they are. It is itself a new revision.",
        params: RevisionParams,
        headers: IfMatch,
        response: writeResponses(409, 412, 422)
      }
    },
    async (request, reply) => {
      const { id, number } = request.params as { id: string; number: number }
      return sendEntity(reply, app.editor.restoreRevision(writeContext(request), kind, id, number, request.headers['if-match']))
    }
  )
}

export default async function adminEntityRoutes(app: FastifyInstance) {
  for (const kind of KIND_LIST) entityRoutes(app, kind)
}
