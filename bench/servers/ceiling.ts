/** The ceiling: a bare fastify route returning a small JSON object with a response schema. */
import Fastify from 'fastify'

const app = Fastify({ logger: false })
app.get(
  '/',
  {
    schema: {
      response: {
        200: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' }, status: { type: 'string' }, total: { type: 'integer' } } }
      }
    }
  },
  async () => ({ id: 'calcinosis-cutis', name: 'Calcinosis cutis', status: 'published', total: 1 })
)
const address = await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' })
console.log(`listening ${address}`)
