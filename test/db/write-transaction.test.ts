/**
 * Two processes writing at once: a write transaction begun IMMEDIATE waits for the other's
 * lock (busy_timeout); a deferred one fails at once with SQLITE_BUSY (the issue-14 500).
 */
import { join } from 'node:path'
import t from 'tap'
import { migrateStore, openStore, writeTransaction } from '../../src/db/connection.js'
import { tempDir } from '../helper.js'
import { holdWriteLock } from './lock-holder.js'

function database(t: Parameters<typeof tempDir>[0]) {
  const path = join(tempDir(t), 'kb.sqlite')
  const store = openStore(path)
  t.teardown(() => store.sqlite.close())
  migrateStore(store)
  return { path, store }
}

const createTable = (name: string) => `create table ${name} (a)`

t.test('writeTransaction waits for another process\'s write lock, then commits', async (t) => {
  const { path, store } = database(t)
  const { released } = await holdWriteLock(t, path, 400)
  const result = writeTransaction(store.db, () => {
    // Read first, as the editor does (exists? version?), then write.
    store.sqlite.prepare('select count(*) from sources').get()
    store.sqlite.prepare(createTable('waited')).run()
    return 'committed'
  })
  t.equal(result, 'committed')
  await released
  t.equal(store.sqlite.pragma('user_version', { simple: true }), 7, 'after the other process\'s commit')
  t.ok(store.sqlite.prepare("select 1 from sqlite_master where name = 'waited'").get(), 'the write is there')
})

t.test('a deferred transaction that reads, then writes, fails at once while another process writes', async (t) => {
  const { path, store } = database(t)
  await holdWriteLock(t, path, 10_000) // far longer than this test needs, however busy the machine
  t.throws(
    () =>
      store.db.transaction(() => {
        store.sqlite.prepare('select count(*) from sources').get()
        store.sqlite.prepare(createTable('failed')).run()
      }),
    { code: 'SQLITE_BUSY' },
    'this is why the write path must use writeTransaction'
  )
})
