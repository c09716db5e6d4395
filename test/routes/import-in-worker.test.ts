/**
 * On a database file, an import runs in a worker thread with its own connection: the
 * server keeps answering while it runs, other writes wait for it without blocking, and
 * its result, problems and audit entry are those of the write path.
 */
import { join } from 'node:path'
import Database from 'better-sqlite3'
import t from 'tap'
import { createKeyRepository } from '../../src/repositories/keys.js'
import { build, tempDir } from '../helper.js'

const path = join(tempDir(t), 'kb.sqlite')
const app = await build(t, { DATABASE_PATH: path })
const headers = { authorization: `Bearer ${createKeyRepository(app.store.db).create('importer', 'admin').token}` }
const bundle = (await app.inject('/v1/export')).json()
const renamed = structuredClone(bundle)
renamed.entities.treatments.find((e: { id: string }) => e.id === 'diltiazem').summary = 'Changed by an import in a worker.'

t.test('/health and reads answer while an import waits for the write lock; a write waits for the import', async (t) => {
  // Another connection holds the write lock, so the import cannot finish until it is released.
  const other = new Database(path)
  t.teardown(() => other.close())
  other.exec('BEGIN IMMEDIATE')
  const settled: string[] = []
  const importing = app.inject({ method: 'POST', url: '/v1/admin/import', headers, payload: renamed }).then((response) => {
    settled.push('import')
    return response
  })
  // Once the import is under way (queued in the runner), a write arrives.
  const tick = () => new Promise<false>((resolve) => setImmediate(() => resolve(false)))
  while (await Promise.race([app.editor.importsSettled().then(() => true), tick()])) await tick()
  const writing = app
    .inject({ method: 'POST', url: '/v1/admin/treatments/colchicine/unpublish', headers })
    .then((response) => {
      settled.push('write')
      return response
    })
  const health = await app.inject('/health')
  t.equal(health.statusCode, 200)
  t.equal((await app.inject('/v1/treatments/diltiazem')).statusCode, 200, 'reads too')
  t.same(settled, [], 'answered while the import was still running')
  other.exec('COMMIT')

  const imported = await importing
  t.equal(imported.statusCode, 200, imported.body)
  t.same(imported.json().data.entities.updated, ['treatments/diltiazem'])
  t.equal((await writing).statusCode, 200)
  t.same(settled, ['import', 'write'], 'the write waited for the import')
})

t.test('in a worker, an import reports, dry-runs, refuses and audits as the write path does', async (t) => {
  const dry = await app.inject({ method: 'POST', url: '/v1/admin/import?dryRun=true', headers, payload: bundle })
  t.equal(dry.statusCode, 200, dry.body)
  t.equal(dry.json().data.dryRun, true)
  t.same(dry.json().data.entities.updated, ['treatments/diltiazem'])
  t.equal((await app.inject('/v1/treatments/diltiazem')).json().data.summary, 'Changed by an import in a worker.', 'a dry run changes nothing')

  const bad = structuredClone(bundle)
  bad.entities.treatments[0].citations[0].quote = 'words the article never says'
  const refused = await app.inject({ method: 'POST', url: '/v1/admin/import', headers, payload: bad })
  t.equal(refused.statusCode, 422)
  t.match(refused.headers['content-type'], /^application\/problem\+json/)
  t.match(refused.json().problems, [/quote not verbatim/], refused.body)

  const audit = (await app.inject({ url: '/v1/admin/audit?actor=importer', headers })).json().data
  t.match(
    audit.find((entry: { action: string }) => entry.action === 'import'),
    { actor: 'importer', requestId: /./, detail: { dryRun: false, datasetVersion: /^[0-9a-f]{16}$/ } },
    'the import recorded its audit entry (a dry run rolls its own back)'
  )
})
