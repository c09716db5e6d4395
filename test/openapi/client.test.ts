/**
 * A typed client generated from the snapshot: its types are generated here, into a
 * temporary directory (nobody reads them in the repository), and a client program is
 * type-checked against them; then a client answers over HTTP against the service.
 */
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import createClient from 'openapi-fetch'
import openapiTS, { astToString } from 'openapi-typescript'
import t from 'tap'
import ts from 'typescript'
import { projectRoot } from '../../src/paths.js'
import { build, tempDir } from '../helper.js'

/** What a client author writes; `@ts-expect-error` lines must fail to compile, the others must compile. */
const CLIENT_PROGRAM = `
import createClient from 'openapi-fetch'
import type { paths } from './schema.js'

const kb = createClient<paths, 'application/json'>({ baseUrl: 'http://127.0.0.1:3000' })
const { data } = await kb.GET('/v1/treatments', { params: { query: { modality: ['pharmacological'], limit: 100 } } })
const modality: string | undefined = data?.data[0]?.modality
const typeId: string | undefined = (await kb.GET('/v1/types/{id}', { params: { path: { id: 'dystrophic' } } })).data?.data.id
await kb.POST('/v1/admin/{collection}/{id}/{action}', { params: { path: { collection: 'treatments', id: 'diltiazem', action: 'publish' } } })
// @ts-expect-error a value outside the vocabulary
await kb.GET('/v1/treatments', { params: { query: { modality: ['magic'] } } })
// @ts-expect-error no such collection
await kb.POST('/v1/admin/{collection}/{id}/{action}', { params: { path: { collection: 'spells', id: 'x', action: 'publish' } } })
export { modality, typeId }
`

t.test('types generated from the snapshot type a client program: right calls compile, wrong ones do not', async (t) => {
  const dir = tempDir(t)
  const snapshot = JSON.parse(readFileSync(join(projectRoot, 'openapi', 'openapi.json'), 'utf8'))
  writeFileSync(join(dir, 'schema.d.ts'), astToString(await openapiTS(snapshot)))
  writeFileSync(join(dir, 'client.ts'), CLIENT_PROGRAM)
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }')
  symlinkSync(join(projectRoot, 'node_modules'), join(dir, 'node_modules'), 'dir')
  const program = ts.createProgram([join(dir, 'client.ts')], {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: []
  })
  const errors = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))
  t.same(errors, [], 'the client program type-checks (and each @ts-expect-error line is an error)')
})

t.test('a generated client answers "which treatments are pharmacological?" over HTTP', async (t) => {
  const app = await build(t)
  const address = await app.listen({ port: 0, host: '127.0.0.1' })
  // Typed in the test above; here the answers are checked at run time.
  const client = createClient<any>({ baseUrl: address })

  const { data, error } = await client.GET('/v1/treatments', { params: { query: { modality: ['pharmacological'], limit: 100 } } })
  t.notOk(error)
  const treatments: Array<{ id: string; modality: string; citations?: unknown[] }> = data?.data ?? []
  t.ok(treatments.length > 0)
  for (const treatment of treatments) {
    t.equal(treatment.modality, 'pharmacological')
    t.ok((treatment.citations ?? []).length > 0, `${treatment.id} is cited`)
  }

  const missing = await client.GET('/v1/types/{id}', { params: { path: { id: 'no-such-type' } } })
  t.equal(missing.response.status, 404)
  t.equal(missing.error?.type, '/problems/not-found')
})
