/** A typed client generated from the snapshot works against the running service. */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import createClient from 'openapi-fetch'
import openapiTS, { astToString } from 'openapi-typescript'
import t from 'tap'
import type { paths } from '../../openapi/schema.js'
import { projectRoot } from '../../src/paths.js'
import { build } from '../helper.js'

t.test('the committed client types are generated from the committed snapshot', async (t) => {
  const snapshot = JSON.parse(readFileSync(join(projectRoot, 'openapi', 'openapi.json'), 'utf8'))
  const committed = readFileSync(join(projectRoot, 'openapi', 'schema.d.ts'), 'utf8')
  t.ok(committed.endsWith(astToString(await openapiTS(snapshot))), 'run `npm run openapi` to regenerate')
})

t.test('a generated client answers "which treatments are pharmacological?" over HTTP, typed', async (t) => {
  const app = await build(t)
  const address = await app.listen({ port: 0, host: '127.0.0.1' })
  const client = createClient<paths>({ baseUrl: address })

  const { data, error } = await client.GET('/v1/treatments', { params: { query: { modality: ['pharmacological'], limit: 100 } } })
  t.notOk(error)
  const treatments = data?.data ?? []
  t.ok(treatments.length > 0)
  for (const treatment of treatments) {
    t.equal(treatment.modality, 'pharmacological')
    t.ok((treatment.citations ?? []).length > 0, `${treatment.id} is cited`)
  }

  const missing = await client.GET('/v1/types/{id}', { params: { path: { id: 'no-such-type' } } })
  t.equal(missing.response.status, 404)
  t.equal(missing.error?.type, '/problems/not-found')
})
