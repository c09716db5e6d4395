import t from 'tap'
import { build } from '../helper.js'

t.test('/llms.txt is a Markdown guide naming the main endpoints, MCP, attribution and disclaimer', async (t) => {
  const app = await build(t)
  const response = await app.inject('/llms.txt')
  t.equal(response.statusCode, 200)
  t.match(response.headers['content-type'], /^text\/markdown/)
  for (const part of [/^# Medical knowledge-base API/, /\/v1\/search/, /\/v1\/passages/, /overview/, /POST \/mcp/, /not medical advice/i, /Allfit Well Health Team/]) {
    t.match(response.body, part)
  }
})
