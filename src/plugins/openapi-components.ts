/**
 * The last pass over the generated OpenAPI document (@fastify/swagger's `transformObject`):
 * what the route schemas repeat is said once in `components` and referenced, and what
 * the route schemas cannot say is added. Fastify needs each route's full schemas to
 * validate and serialize; the document does not need them spelled out 77 times.
 *
 * - problem answers become `components.responses` (one per status), and the rate
 *   limit's 429, which no route declares, is added where it applies;
 * - a parameter repeated verbatim in several operations becomes `components.parameters`;
 * - an inline copy of the `Id` schema becomes a reference to it;
 * - a body a route lets clients leave out (`x-optional-body`) is not marked required;
 * - operations without a bearer requirement declare `security: []` (public), as linters
 *   expect once some operations have one;
 * - every 2xx and 4xx answer but the probes' names the rate limit's and CORS's headers,
 *   declared once in `components.headers`.
 */
import { isDeepStrictEqual } from 'node:util'
import type { OpenAPIV3_1 } from 'openapi-types'
import { PROBLEM_CONTENT_TYPE } from '../lib/problem.js'
import { PROBE_PATHS } from '../lib/probes.js'
import { Id, OPTIONAL_BODY, RESPONSE_HEADERS, commonHeaderRefs, problemResponseComponents, problemResponseName } from '../schemas/common.js'

type Document = OpenAPIV3_1.Document
type Operation = OpenAPIV3_1.OperationObject
type Parameter = OpenAPIV3_1.ParameterObject

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const
/** A parameter used this many times, identically, is worth a component (a public list and its admin twin share their filters). */
const SHARED_PARAMETER_USES = 2

function operationsByPath(document: Document): Array<[string, Operation]> {
  const found: Array<[string, Operation]> = []
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const method of METHODS) {
      const operation = item?.[method]
      if (operation) found.push([path, operation])
    }
  }
  return found
}
const operations = (document: Document) => operationsByPath(document).map(([, operation]) => operation)

const pascal = (text: string) => text.replace(/(^|[-_\s])(\w)/g, (_, __, c: string) => c.toUpperCase())

/** A problem answer as the route declared it: the Problem schema as the only content. */
function isProblemAnswer(response: unknown): boolean {
  const content = (response as OpenAPIV3_1.ResponseObject).content
  return (
    content !== undefined &&
    Object.keys(content).length === 1 &&
    (content[PROBLEM_CONTENT_TYPE]?.schema as OpenAPIV3_1.ReferenceObject | undefined)?.$ref === '#/components/schemas/Problem'
  )
}

function referenceProblemResponses(document: Document) {
  const components = problemResponseComponents()
  for (const [path, operation] of operationsByPath(document)) {
    // The rate limit answers any route but the probes; no route schema declares it.
    if (!PROBE_PATHS.has(path) && operation.responses) operation.responses['429'] ??= { $ref: `#/components/responses/${problemResponseName(429)}` }
    for (const [status, response] of Object.entries(operation.responses ?? {})) {
      const name = problemResponseName(Number(status))
      if (isProblemAnswer(response) && components[name] && operation.responses) operation.responses[status] = { $ref: `#/components/responses/${name}` }
    }
  }
  document.components = { ...document.components, responses: { ...document.components?.responses, ...(components as OpenAPIV3_1.ComponentsObject['responses']) } }
}

/**
 * Named after the parameter (`Limit`, `IfMatch`); when several variants of one parameter
 * are shared, each is named after the collection of its first use as well (`TreatmentsInclude`).
 */
function referenceSharedParameters(document: Document) {
  const uses = new Map<string, { count: number; path: string }>()
  for (const [path, operation] of operationsByPath(document)) {
    for (const parameter of operation.parameters ?? []) {
      const key = JSON.stringify(parameter)
      uses.set(key, { count: (uses.get(key)?.count ?? 0) + 1, path: uses.get(key)?.path ?? path })
    }
  }
  const shared = [...uses].filter(([, { count }]) => count >= SHARED_PARAMETER_USES)
  const variants = new Map<string, number>()
  for (const [key] of shared) {
    const { name } = JSON.parse(key) as Parameter
    variants.set(name, (variants.get(name) ?? 0) + 1)
  }
  const names = new Map<string, string>()
  const parameters: Record<string, Parameter> = {}
  for (const [key, { path }] of shared) {
    const parameter = JSON.parse(key) as Parameter
    const collection = path.split('/').find((segment) => segment && segment !== 'v1' && segment !== 'admin') ?? ''
    const base = pascal((variants.get(parameter.name) ?? 0) > 1 ? `${collection}-${parameter.name}` : parameter.name)
    let name = base
    for (let n = 2; name in parameters; n++) name = `${base}${n}`
    names.set(key, name)
    parameters[name] = parameter
  }
  for (const operation of operations(document)) {
    operation.parameters = operation.parameters?.map((parameter) => {
      const name = names.get(JSON.stringify(parameter))
      return name ? { $ref: `#/components/parameters/${name}` } : parameter
    })
  }
  document.components = { ...document.components, parameters: { ...document.components?.parameters, ...parameters } }
}

/** Replaces every inline copy of the Id schema, anywhere but in the component itself, by a reference. */
function referenceId(document: Document) {
  const inline = JSON.parse(JSON.stringify(Id)) as unknown
  const visit = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(visit)
    if (node === null || typeof node !== 'object') return node
    if (isDeepStrictEqual(node, inline)) return { $ref: '#/components/schemas/Id' }
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, visit(value)]))
  }
  const { Id: component, ...others } = document.components?.schemas ?? {}
  document.paths = visit(document.paths) as Document['paths']
  document.components = { ...document.components, schemas: { ...(component ? { Id: component } : {}), ...(visit(others) as Record<string, OpenAPIV3_1.SchemaObject>) } }
}

/** Inline 2xx and 4xx answers (problem answers are components, with their headers already). */
function declareResponseHeaders(document: Document) {
  for (const [path, operation] of operationsByPath(document)) {
    if (PROBE_PATHS.has(path)) continue
    for (const [status, response] of Object.entries(operation.responses ?? {})) {
      if (/^[24]/.test(status) && !('$ref' in response)) response.headers = { ...commonHeaderRefs(), ...response.headers }
    }
  }
  document.components = { ...document.components, headers: RESPONSE_HEADERS as unknown as Record<string, OpenAPIV3_1.HeaderObject> }
}

/** @fastify/swagger marks every declared body required; a route that fills in `{}` says otherwise with `OPTIONAL_BODY`. */
function markOptionalBodies(document: Document) {
  for (const operation of operations(document)) {
    const marked = operation as Operation & Record<string, unknown>
    if (!marked[OPTIONAL_BODY]) continue
    delete marked[OPTIONAL_BODY]
    if (operation.requestBody && !('$ref' in operation.requestBody)) operation.requestBody.required = false
  }
}

function declarePublicOperations(document: Document) {
  for (const operation of operations(document)) operation.security ??= []
}

export function compactDocument(document: Document): Document {
  referenceId(document)
  referenceProblemResponses(document)
  referenceSharedParameters(document)
  declareResponseHeaders(document)
  markOptionalBodies(document)
  declarePublicOperations(document)
  return document
}
