/**
 * The `{collection}` path parameter of the admin routes shared by every collection, and
 * the two things that still depend on it: checks narrower than the route's schema (a
 * relation or `include` of this collection, not of any), and the answer, serialized by
 * this collection's own schema so that nothing leaves the server the contract does not name.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import Type, { type TSchema } from 'typebox'
import { etagOf, type Role } from '../editor/index.js'
import { kindByPath, type Kind } from '../kinds/index.js'
import { notFound } from '../lib/problem.js'
import type { EntityOut } from '../repositories/entities/index.js'
import { entityAnswerOf } from '../schemas/admin.js'
import { itemEnvelope, problemResponses } from '../schemas/common.js'
import { JSON_TYPE } from './negotiate.js'

type Serializer = (payload: unknown) => string

/** The kind named by `{collection}`; `checkCollection` has made sure there is one. */
export const kindOf = (request: FastifyRequest): Kind => kindByPath((request.params as { collection: string }).collection) as Kind

/**
 * preValidation: an unknown collection is a 404, as a path that names nothing was when
 * each collection had its own routes (the schema's enum would make it a 400).
 */
export async function checkCollection(request: FastifyRequest) {
  const { collection } = request.params as { collection: string }
  if (!kindByPath(collection)) throw notFound(`No collection '${collection}'`)
}

/** preHandler: validates one part of the request against the collection's own, narrower schema; a failure is the usual 400. */
export const narrowTo = (part: 'params' | 'querystring', schemaOf: (kind: Kind) => TSchema) =>
  async function narrow(request: FastifyRequest) {
    const validate = request.compileValidationSchema(schemaOf(kindOf(request)), part)
    if (!validate(part === 'params' ? request.params : request.query)) {
      throw Object.assign(new Error(`invalid ${part}`), { statusCode: 400, validation: validate.errors, validationContext: part })
    }
  }

/**
 * The route's own serializer for these routes: their 200 schema names any collection's
 * entity (for the document), and the handler picks this collection's serializer with
 * `reply.serializer`. What reaches this one is a problem document the error handler built.
 */
export const serializeAsIs = () => (payload: unknown) => JSON.stringify(payload)

/** Serializers of the answers per kind, compiled on first use and shared by the routes of one app. */
export function answerSerializers() {
  const compiled = new Map<TSchema, Serializer>()
  const serializerFor = (reply: FastifyReply, schema: TSchema) => {
    let serializer = compiled.get(schema)
    if (!serializer) compiled.set(schema, (serializer = reply.compileSerializationSchema(schema as Record<string, unknown>) as Serializer))
    return serializer
  }
  return {
    /** Any answer whose shape depends on the kind. */
    // A custom serializer leaves the content type unset: say it is JSON.
    send: (reply: FastifyReply, schema: TSchema, payload: unknown) => reply.type(JSON_TYPE).serializer(serializerFor(reply, schema)).send(payload),
    /** The entity as it now is, with its ETag. */
    sendEntity: (reply: FastifyReply, kind: Kind, entity: EntityOut, status = 200) =>
      reply.code(status).type(JSON_TYPE).header('etag', etagOf(entity)).serializer(serializerFor(reply, entityAnswerOf(kind))).send({ data: entity })
  }
}
export type AnswerSerializers = ReturnType<typeof answerSerializers>

/** What a write to any collection answers, for the document; the handler serializes by the collection's own schema. */
export const entityWritten = (...statuses: number[]) => ({
  200: itemEnvelope(Type.Ref('EditorialEntity'), 'The entity as it now is; ETag header.'),
  ...problemResponses(400, 401, 403, 404, ...statuses)
})

/** Options every route shared by the collections has. */
export const sharedRoute = (app: FastifyInstance, roles: Role | Role[], answerDependsOnKind = true) => ({
  onRequest: app.requireRole(...(Array.isArray(roles) ? roles : [roles])),
  preValidation: checkCollection,
  ...(answerDependsOnKind ? { serializerCompiler: serializeAsIs } : {})
})
