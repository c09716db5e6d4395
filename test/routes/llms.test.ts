import t from 'tap'
import { build } from '../helper.js'

t.test('/llms.txt is a Markdown guide naming the main endpoints, MCP, attribution and disclaimer', async (t) => {
  const app = await build(t)
  const response = await app.inject('/llms.txt')
  t.equal(response.statusCode, 200)
  t.match(response.headers['content-type'], /^text\/markdown/)
  for (const part of [/^# Medical knowledge-base API/, /\/v1\/search/, /\/v1\/passages/, /overview/, /POST \S*\/mcp/, /not medical advice/i, /Allfit Well Health Team/]) {
    t.match(response.body, part)
  }
})

t.test('/llms.txt links are absolute, from the request origin', async (t) => {
  const app = await build(t)
  const response = await app.inject({ url: '/llms.txt', headers: { host: 'kb.example.org' } })
  t.match(response.body, /\]\(http:\/\/kb\.example\.org\/v1\/answer\?q=/)
  t.notMatch(response.body, /\]\(\/[^)]*\)/, 'no relative link')
  const proxied = await build(t, { TRUST_PROXY: 'true' })
  const behind = await proxied.inject({ url: '/llms.txt', headers: { host: 'internal:3000', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'kb.example.org' } })
  t.match(behind.body, /\]\(https:\/\/kb\.example\.org\/v1\/conditions\/calcinosis-cutis\/overview/)
})

t.test('/llms-full.txt is everything in Markdown: the guide, every overview with its quotes, the source text', async (t) => {
  const app = await build(t)
  const response = await app.inject('/llms-full.txt')
  t.equal(response.statusCode, 200)
  t.match(response.headers['content-type'], /^text\/markdown/)
  t.match(response.body, /^# Medical knowledge-base API/)
  t.match(response.body, /## Calcinosis cutis[\s\S]*### Treatments[\s\S]*Diltiazem/)
  t.match(response.body, /\[1\] § .+: "/, 'numbered quotes')
  t.match(response.body, /## Source: Calcinosis Cutis : Types and Causes[\s\S]*### When to Seek Medical Attention for Calcinosis Cutis/)
})

t.test('an Accept that allows no Markdown or text is a 406 problem', async (t) => {
  const app = await build(t)
  for (const url of ['/llms.txt', '/llms-full.txt']) {
    const refused = await app.inject({ url, headers: { accept: 'application/xml' } })
    t.equal(refused.statusCode, 406, url)
    t.match(refused.headers['content-type'], /application\/problem\+json/)
    t.equal((await app.inject({ url, headers: { accept: 'text/*' } })).statusCode, 200)
  }
})
