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
    // The signal once the server has the request; the rest of the body once it is shutting down.
    void server
      .logged(/\/v1\/admin\/import\?dryRun=true[^\n]*"incoming request"/)
      .then(() => {
        server.child.kill('SIGTERM')
        return server.logged(/"msg":"shutting down"/)
      })
      .then(() => req.end(bundle.slice(1000)))
  })
  const answer = await inFlight
  t.equal(answer.status, 200, 'the in-flight request completed')
  t.equal(JSON.parse(answer.body).data.dryRun, true)
  t.equal(await server.exited, 0, 'exit code 0')
  await t.rejects(fetch(`${server.url}/health`), 'no new connections after shutdown')
  t.match(server.output(), /"signal":"SIGTERM","msg":"shutting down"/)
})
