/**
 * Load shedding measures load, not the start: the event loop's delay is sampled from the
 * moment the plugin registers, so the first samples cover the schema compilation of the
 * start (a second or more), and a server just started used to answer its first requests
 * 503 "under pressure". The bench's import met it on every start.
 */
import t from 'tap'
import { databaseWithKey, startServer } from './server-process.js'

t.test('a server just started answers its first requests instead of shedding them for its own start-up', async (t) => {
  const { databasePath } = databaseWithKey(t)
  // The lowest limit there is: once the delay counts, almost any sample is over it.
  const server = await startServer(t, { DATABASE_PATH: databasePath, MAX_EVENT_LOOP_DELAY: '1' })
  const statuses: number[] = []
  for (let n = 0; n < 5; n++) statuses.push((await fetch(`${server.url}/v1/conditions`)).status)
  t.same(statuses, [200, 200, 200, 200, 200])
})
