/** The OpenAPI contract: generated, valid, complete, and in step with its committed snapshot. */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import SwaggerParser from '@apidevtools/swagger-parser'
import t from 'tap'
import { projectRoot } from '../../src/paths.js'
import { build } from '../helper.js'

const app = await build(t)
const served = (await app.inject('/openapi.json')).json()

t.test('the served document equals the committed snapshot (run `npm run openapi` after a schema change)', async (t) => {
  const snapshot = JSON.parse(readFileSync(join(projectRoot, 'openapi', 'openapi.json'), 'utf8'))
  t.same(served, snapshot)
})

t.test('the document is valid OpenAPI 3.1', async (t) => {
  t.equal(served.openapi, '3.1.0')
  await t.resolves(SwaggerParser.validate(structuredClone(served)))
})

t.test('every operation is documented: id, summary, description, tag, parameters, errors', async (t) => {
  const operationIds = new Set<string>()
  for (const [path, item] of Object.entries<Record<string, any>>(served.paths)) {
    for (const [method, operation] of Object.entries<any>(item)) {
      const where = `${method.toUpperCase()} ${path}`
      t.ok(operation.operationId, `${where} operationId`)
      t.notOk(operationIds.has(operation.operationId), `${where} operationId unique`)
      operationIds.add(operation.operationId)
      t.ok(operation.summary && operation.description && operation.tags?.length, `${where} summary, description, tag`)
      for (const parameter of operation.parameters ?? []) t.ok(parameter.description, `${where} ${parameter.name} described`)
      if (path.startsWith('/v1/')) {
        t.ok(operation.responses['400']?.content?.['application/problem+json'], `${where} documents 400 as problem+json`)
        if (path.endsWith('{id}')) t.ok(operation.responses['404'], `${where} documents 404`)
      }
    }
  }
  t.ok(operationIds.has('listTreatments') && operationIds.has('getType'))
})

t.test('filters are documented with their allowed values', async (t) => {
  const parameters = served.paths['/v1/treatments'].get.parameters as Array<{ name: string; schema: any }>
  const modality = parameters.find((p) => p.name === 'modality')
  t.ok(modality?.schema.items.enum.includes('pharmacological'))
  for (const name of ['type', 'drugClass', 'q', 'limit', 'cursor', 'sort', 'include', 'fields']) t.ok(parameters.some((p) => p.name === name), name)
})

t.test('YAML and the interactive reference are served', async (t) => {
  const yaml = await app.inject('/openapi.yaml')
  t.equal(yaml.statusCode, 200)
  t.match(yaml.body, /^openapi: 3\.1\.0/m)
  const docs = await app.inject('/docs')
  t.equal(docs.statusCode, 200)
  t.match(docs.body, /swagger-ui/)
})
