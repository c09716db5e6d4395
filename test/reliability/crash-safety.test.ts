/**
 * kill -9 in the middle of a stream of admin writes: after a restart, every write the
 * server acknowledged (2xx) is there, with its revision, and the database is intact.
 */
import Database from 'better-sqlite3'
import t from 'tap'
import { databaseWithKey, startServer } from './server-process.js'

t.test('acknowledged writes survive a kill -9', async (t) => {
  const { databasePath, token } = databaseWithKey(t)

  const server = await startServer(t, { DATABASE_PATH: databasePath })
  const acknowledged: string[] = []
  let stop = false
  const writer = async (lane: number) => {
    for (let i = 0; !stop && i < 500; i++) {
      const id = `crash-${lane}-${i}`
      try {
        const response = await fetch(`${server.url}/v1/admin/causes`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ id, name: `Crash ${lane} ${i}`, summary: 'Written before a crash.', category: 'genetic' })
        })
        if (response.status === 201) acknowledged.push(id)
      } catch {
        return // the server is gone
      }
    }
  }
  const lanes = [0, 1, 2, 3].map(writer)
  // Kill once writes are flowing, however slow the machine: counted, not timed.
  for (let waited = 0; acknowledged.length < 20 && waited < 60_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50))
  server.child.kill('SIGKILL')
  stop = true
  await Promise.all(lanes)
  t.equal(await server.exited, null, 'killed by the signal')
  t.ok(acknowledged.length > 10, `${acknowledged.length} writes acknowledged before the crash`)

  const restarted = await startServer(t, { DATABASE_PATH: databasePath })
  for (const id of acknowledged) {
    const response = await fetch(`${restarted.url}/v1/admin/causes/${id}`, { headers: { authorization: `Bearer ${token}` } })
    if (response.status !== 200) t.fail(`${id} was acknowledged but is missing`)
  }
  t.pass(`all ${acknowledged.length} acknowledged writes are present`)
  restarted.child.kill('SIGTERM')
  t.equal(await restarted.exited, 0)

  const db = new Database(databasePath, { readonly: true })
  t.same(db.pragma('integrity_check'), [{ integrity_check: 'ok' }])
  t.same(db.pragma('foreign_key_check'), [])
  const revisions = db.prepare("select count(*) as n from revisions where entity_id like 'crash-%'").get() as { n: number }
  t.ok(revisions.n >= acknowledged.length, 'each acknowledged write has its revision')
  db.close()
})
