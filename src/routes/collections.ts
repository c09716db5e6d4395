/**
 * `GET /v1/{collection}` and `GET /v1/{collection}/{id}` for every kind, from
 * one factory: the kind descriptor supplies the filters, schemas and documentation.
 */
import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { KIND_LIST, KINDS, isKindKey, type Kind } from '../kinds/index.js'
import { filterNames } from '../kinds/fields.js'
import { ProblemError, notFound } from '../lib/problem.js'
import { splitCommaLists } from '../http/query-lists.js'
import { conditionalGetHeaders, notModified, problemResponses, publicItemEnvelope, publicListEnvelope } from '../schemas/common.js'
import { pickFields, toListQuery, type Query } from '../schemas/list-query.js'
import { entityRef, idParams, itemQuerySchema, listParameters, listQuerySchema, schemaId } from '../schemas/collections.js'
import { negotiate } from '../http/negotiate.js'
import { sendStoredItem, sendStoredList } from '../http/stored-answer.js'
import { JSON_LD_TYPE, linkedDataOf } from '../linked-data/index.js'
import Type from 'typebox'

export interface CollectionRouteOptions {
  /** Absolute base of JSON-LD `@id`s (PUBLIC_BASE_URL). */
  publicBaseUrl: string
}

/** What an item route can answer: the API's JSON, or schema.org JSON-LD. */
const ITEM_TYPES = ['application/json', JSON_LD_TYPE] as const

const titleCase = (text: string) => text.charAt(0).toUpperCase() + text.slice(1)

function kindRoutes(app: FastifyInstance, kind: Kind, { publicBaseUrl }: CollectionRouteOptions) {
  const api = app.withTypeProvider<TypeBoxTypeProvider>()
  const noun = kind.label.toLowerCase()
  const tag = titleCase(kind.path.replace('-', ' '))
  const listName = titleCase(kind.key)

  api.get(
    `/${kind.path}`,
    {
      preValidation: splitCommaLists(listParameters(kind)),
      schema: {
        operationId: `list${listName}`,
        tags: [tag],
        summary: `List ${kind.path.replace('-', ' ')}`,
        description: `${kind.description} Published entries only, sorted by name by default, keyset-paginated. Filters: ${filterNames(kind).join(', ')}; a comma list matches any of its values and different filters all apply.`,
        querystring: listQuerySchema(kind),
        headers: conditionalGetHeaders,
        response: { 200: publicListEnvelope(entityRef(kind), `A page of ${kind.path.replace('-', ' ')}.`), ...notModified, ...problemResponses(400) }
      }
    },
    async (request, reply) => {
      const query = request.query as Query
      const listQuery = toListQuery(kind, query)
      // The common case is served as stored text: the page's renderings concatenated, no serialization.
      const stored = query.include?.length || query.fields ? null : app.repos.entities.storedPage(kind, listQuery)
      if (stored) return sendStoredList(reply, stored.fragments, { limit: listQuery.limit, nextCursor: stored.nextCursor, total: stored.total }, app.repos.meta.currentJson())
      const result = app.repos.entities.list(kind, listQuery, query.include)
      return {
        data: result.items.map((entity) => pickFields(entity, query.fields)),
        page: { limit: query.limit ?? 20, nextCursor: result.nextCursor, total: result.total },
        meta: app.repos.meta.current()
      }
    }
  )

  api.get(
    `/${kind.path}/:id`,
    {
      preValidation: splitCommaLists(['include', 'fields']),
      schema: {
        operationId: `get${schemaId(kind)}`,
        tags: [tag],
        summary: `Get a ${noun}`,
        description: `One published ${noun} with its citations and related entities; as schema.org JSON-LD with \`Accept: application/ld+json\` (without \`include\` and \`fields\`). An id that went away (merged into another, or deleted) answers 410 with \`replacedBy\`, the path of the entity that took its place, when there is one.`,
        params: idParams(kind.example),
        querystring: itemQuerySchema(kind),
        headers: conditionalGetHeaders,
        response: {
          200: {
            description: `The ${noun}.`,
            content: { 'application/json': { schema: publicItemEnvelope(entityRef(kind), `The ${noun}.`) }, [JSON_LD_TYPE]: { schema: Type.Ref('JsonLd') } }
          },
          ...notModified,
          ...problemResponses(400, 404, 406, 410)
        }
      }
    },
    async (request, reply) => {
      const { id } = request.params as { id: string }
      const query = request.query as Query
      if (negotiate(request, ITEM_TYPES, reply) === JSON_LD_TYPE) {
        const document = linkedDataOf(app.repos, kind, id, publicBaseUrl)
        if (!document) throw goneOrNotFound(kind, id, app.repos.entities.gone(kind, id))
        return reply.type(`${JSON_LD_TYPE}; charset=utf-8`).send(JSON.stringify(document))
      }
      // The common case is served as stored text: the entity's rendering, no serialization.
      const stored = query.include?.length || query.fields ? undefined : app.repos.entities.storedItem(kind, id)
      if (stored) return sendStoredItem(reply, stored, app.repos.meta.currentJson())
      const entity = app.repos.entities.get(kind, id, query.include)
      if (!entity) throw goneOrNotFound(kind, id, app.repos.entities.gone(kind, id))
      return { data: pickFields(entity, query.fields), meta: app.repos.meta.current() }
    }
  )
}

/** 410 naming the replacement for an id that went away; 404 for one that never was. */
function goneOrNotFound(kind: Kind, id: string, gone: { replacedBy: string | null } | null): ProblemError {
  const noun = kind.label.toLowerCase()
  if (!gone) return notFound(`No published ${noun} with id '${id}'`)
  const [replacementKind, replacementId] = gone.replacedBy?.split('/') ?? []
  const replacement = replacementKind && replacementId && isKindKey(replacementKind) ? `/v1/${KINDS[replacementKind].path}/${replacementId}` : null
  return new ProblemError('gone', `The ${noun} '${id}' is no longer served${replacement ? `; see ${replacement}` : ''}`, replacement ? { extensions: { replacedBy: replacement } } : {})
}

export default async function collectionRoutes(app: FastifyInstance, options: CollectionRouteOptions) {
  for (const kind of KIND_LIST) kindRoutes(app, kind, options)
}
