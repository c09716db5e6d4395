/** The peer: json-server 0.17 over an export of the same knowledge base (what a user would pick). */
import jsonServer from 'json-server'

const server = jsonServer.create()
server.use(jsonServer.defaults({ logger: false }))
server.use(jsonServer.router(process.env.DB_JSON as string))
const port = Number(process.env.PORT)
server.listen(port, '127.0.0.1', () => console.log(`listening http://127.0.0.1:${port}`))
