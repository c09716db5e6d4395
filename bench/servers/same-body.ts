/**
 * The same-body ceiling (issue 15): a bare fastify route serving, from memory, the very
 * bytes our service answers for the benched URL (read from BODY_FILE at start), with the
 * content type ours sends. Our service can at best match it; the ratio to it is what our
 * plugins and read path cost.
 */
import { readFileSync } from 'node:fs'
import Fastify from 'fastify'

// Bytes, as ours sends what it keeps: the fastest way to serve a body from memory.
const body = readFileSync(process.env.BODY_FILE as string)
const app = Fastify({ logger: false })
app.get('/', (_request, reply) => reply.type('application/json; charset=utf-8').send(body))
const address = await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' })
console.log(`listening ${address}`)
