/** SIGTERM lets in-flight requests finish, refuses new connections, closes the database and exits 0. */
import { request } from 'node:http'
import t from 'tap'
import { databaseWithKey, startServer } from './server-process.js'

t.test('a request in flight at SIGTERM completes; then the process exits 0', async (t) => {
  const { databasePath, token } = databaseWithKey(t)
  const server = await startServer(t, { DATABASE_PATH: databasePath })
  const bundle = JSON.stringify(await (await fetch(`${server.url}/v1/export`)).json())

  // An import whose body is still arriving when the signal comes: it is in flight.
  const inFlight = new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(`${server.url}/v1/admin/import?dryRun=true`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(bundle) }
    })
    req.on('response', (response) => {
      let body = ''
      response.on('data', (chunk) => (body += chunk))
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }))
    })
    req.on('error', reject)
    req.write(bundle.slice(0, 1000))
    // Signal once the server has the request (its "incoming request" log line), however busy the machine.
    const signalWhenReceived = () => {
      if (!/"url":"\/v1\/admin\/import\?dryRun=true"/.test(server.output())) return void setTimeout(signalWhenReceived, 20)
      server.child.kill('SIGTERM')
      setTimeout(() => req.end(bundle.slice(1000)), 300)
    }
    signalWhenReceived()
  })
  const answer = await inFlight
  t.equal(answer.status, 200, 'the in-flight request completed')
  t.equal(JSON.parse(answer.body).data.dryRun, true)
  t.equal(await server.exited, 0, 'exit code 0')
  await t.rejects(fetch(`${server.url}/health`), 'no new connections after shutdown')
  t.match(server.output(), /"signal":"SIGTERM","msg":"shutting down"/)
})
