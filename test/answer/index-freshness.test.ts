/**
 * The answer index (`src/answer`) is kept in memory and rebuilt only when what it is built
 * from changed: the published entities, the sources, the lexicon. Whatever writes them —
 * this server's admin API, or another process on the same file — the next search sees it.
 */
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import t from 'tap'
import { openStore, writeTransaction } from '../../src/db/connection.js'
import { createKeyRepository } from '../../src/repositories/keys.js'
import { build, getJson, tempDir } from '../helper.js'

const path = join(tempDir(t), 'kb.sqlite')
const app = await build(t, { DATABASE_PATH: path })
const keys = createKeyRepository(app.store.db)
const auth = (role: 'editor' | 'admin') => ({ authorization: `Bearer ${keys.create(`test-${role}`, role).token}`, 'content-type': 'application/json' })
const editor = auth('editor')
const admin = auth('admin')

// Another process on the same file: its own connection, writing through its own write path.
const other = openStore(path)
t.teardown(() => other.sqlite.close())

const searchIds = async (server: FastifyInstance, q: string) =>
  (await getJson(server, `/v1/search?q=${encodeURIComponent(q)}&limit=50`)).body.data.map((hit: { kind: string; id: string }) => `${hit.kind}/${hit.id}`)

t.test('a write through the admin API is found by the next search', async (t) => {
  t.notOk((await searchIds(app, 'quetzalcoatlite')).includes('causes/trauma'), 'the index is built, without the word')
  const etag = (await app.inject({ url: '/v1/admin/causes/trauma', headers: editor })).headers.etag as string
  const patched = await app.inject({ method: 'PATCH', url: '/v1/admin/causes/trauma', headers: { ...editor, 'if-match': etag }, payload: { summary: 'Trauma, as quetzalcoatlite.' } })
  t.equal(patched.statusCode, 200)
  t.same(await searchIds(app, 'quetzalcoatlite'), ['causes/trauma'])
})

t.test("another process's write through its write path is found by the next search", async (t) => {
  t.same(await searchIds(app, 'zymurgite'), [], 'the index is built, without the word')
  writeTransaction(other.db, () => other.sqlite.prepare("update treatments set name = 'Zymurgite remedy' where id = 'probenecid'").run())
  t.same(await searchIds(app, 'zymurgite'), ['treatments/probenecid'])
})

t.test("a new source's words are known to the next answer, though no entity cites them", async (t) => {
  const uncovered = async () => (await getJson(app, '/v1/answer?q=calcinosis%20and%20pelargonium')).body.meta.uncovered
  t.ok((await uncovered()).includes('pelargonium'), 'a word the knowledge base never uses is not covered')
  const source = { id: 'garden-source', title: 'A garden source', publisher: 'Test', sections: [{ id: 'plants', heading: 'Plants', text: 'A pelargonium paragraph.' }] }
  t.equal((await app.inject({ method: 'POST', url: '/v1/admin/sources', headers: admin, payload: source })).statusCode, 201)
  t.notOk((await uncovered()).includes('pelargonium'), 'a word the sources use only in passing weighs nothing either way')
})

// Last on `app`: a write behind the write path leaves its renderings stale, and then any change rebuilds the index.
t.test("another process's write behind the write path (raw SQL) is found too", async (t) => {
  t.same(await searchIds(app, 'xanthippite'), [], 'the index is built, without the word')
  other.sqlite.prepare("insert into aliases (entity_kind, entity_id, alias) values ('treatments', 'colchicine', 'xanthippite')").run()
  t.same(await searchIds(app, 'xanthippite'), ['treatments/colchicine'])
  other.sqlite.prepare("delete from aliases where alias = 'xanthippite'").run()
  t.same(await searchIds(app, 'xanthippite'), [], 'and its removal')
})

t.test('an index built in the background answers as one built on demand, and follows the writes after it', async (t) => {
  const dir = tempDir(t)
  const [warmPath, coldPath] = [join(dir, 'warm.sqlite'), join(dir, 'cold.sqlite')]
  const warmed = await build(t, { DATABASE_PATH: warmPath })
  const cold = await build(t, { DATABASE_PATH: coldPath })
  warmed.answers.warm(() => warmed.store.sqlite.open)
  await new Promise((resolve) => setTimeout(resolve, 200)) // the background build's slices run between turns of the event loop
  for (const url of ['/v1/search?q=kidney&limit=50', '/v1/search?q=calcifilaxis', '/v1/answer?q=what%20treats%20calciphylaxis']) {
    t.equal((await warmed.inject(url)).body, (await cold.inject(url)).body, url)
  }
  const elsewhere = openStore(warmPath)
  t.teardown(() => elsewhere.sqlite.close())
  writeTransaction(elsewhere.db, () => elsewhere.sqlite.prepare("update causes set name = 'Quillwortite injury' where id = 'trauma'").run())
  t.same(await searchIds(warmed, 'quillwortite'), ['causes/trauma'])
})
