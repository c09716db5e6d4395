/** The MCP endpoint, driven by the official SDK client over real HTTP. */
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import t from 'tap'
import { build } from '../helper.js'

const app = await build(t)
const address = await app.listen({ port: 0, host: '127.0.0.1' })
const client = new Client({ name: 'kb-test', version: '1.0.0' })
await client.connect(new StreamableHTTPClientTransport(new URL(`${address}/mcp`)))
t.teardown(() => client.close())

const text = (result: object) => ((result as { content?: Array<{ text: string }> }).content?.[0]?.text ?? '')

t.test('initialize names the server; the tools are listed read-only with input and output schemas', async (t) => {
  t.equal(client.getServerVersion()?.name, 'medical-kb')
  const { tools } = await client.listTools()
  t.same(tools.map((tool) => tool.name).sort(), ['get_entity', 'get_overview', 'list_entities', 'search'])
  for (const tool of tools) {
    t.equal(tool.annotations?.readOnlyHint, true, `${tool.name} is read-only`)
    t.equal(tool.inputSchema.type, 'object', `${tool.name} input schema`)
    t.equal(tool.outputSchema?.type, 'object', `${tool.name} output schema`)
    t.ok(tool.description, `${tool.name} described`)
  }
})

t.test('search: "what can cause calcium deposits after a hospital stay?" is answered with quotable passages', async (t) => {
  const result = await client.callTool({ name: 'search', arguments: { query: 'what can cause calcium deposits after a hospital stay?' } })
  t.notOk(result.isError)
  const structured = result.structuredContent as { hits: Array<{ kind: string; id: string }>; passages: Array<{ text: string; section: { heading: string } }> }
  t.ok(structured.hits.some((hit) => hit.kind === 'types' && hit.id === 'iatrogenic') || structured.hits.some((hit) => hit.kind === 'causes'))
  t.ok(structured.passages.length > 0)
  t.match(text(result), /Source passages to quote:\n- "[^"]+" \(Calcinosis Cutis : Types and Causes, § [^)]+\)/)
})

t.test('get_entity returns the entity with its citations in text and structure', async (t) => {
  const result = await client.callTool({ name: 'get_entity', arguments: { kind: 'types', id: 'calciphylaxis' } })
  t.notOk(result.isError)
  t.match(result.structuredContent, { data: { id: 'calciphylaxis', parent: null, citations: Array } })
  t.match(text(result), /^Calciphylaxis \[types\/calciphylaxis\]/)
  t.match(text(result), /> ".+" \(allfit-calcinosis-cutis, § .+\)/)
})

t.test('list_entities applies the read API filters', async (t) => {
  const result = await client.callTool({ name: 'list_entities', arguments: { kind: 'treatments', filters: { modality: 'pharmacological' }, limit: 100 } })
  t.notOk(result.isError)
  const { data, page } = result.structuredContent as { data: Array<{ modality: string }>; page: { total: number } }
  t.ok(page.total > 0)
  t.ok(data.every((treatment) => treatment.modality === 'pharmacological'))
  const subtypes = await client.callTool({ name: 'list_entities', arguments: { kind: 'types', filters: { parent: 'idiopathic' } } })
  t.match(text(subtypes), /Scrotal calcinosis/)
})

t.test('get_overview returns the overview as structure and Markdown', async (t) => {
  const result = await client.callTool({ name: 'get_overview', arguments: { condition: 'calcinosis-cutis' } })
  t.notOk(result.isError)
  t.match(result.structuredContent, { data: { condition: { id: 'calcinosis-cutis' }, disclaimer: /medical advice/ } })
  t.match(text(result), /^# Calcinosis cutis/)
})

t.test('mistakes are tool errors, not protocol failures', async (t) => {
  const badFilter = await client.callTool({ name: 'list_entities', arguments: { kind: 'treatments', filters: { modality: 'magic' } } })
  t.equal(badFilter.isError, true)
  t.match(text(badFilter), /modality/)
  const missing = await client.callTool({ name: 'get_entity', arguments: { kind: 'types', id: 'no-such-type' } })
  t.equal(missing.isError, true)
  t.match(text(missing), /Not found/)
  const badKind = await client.callTool({ name: 'get_entity', arguments: { kind: 'spells', id: 'x' } })
  t.equal(badKind.isError, true)
})

t.test('GET and DELETE on /mcp are 405 problems', async (t) => {
  for (const method of ['GET', 'DELETE'] as const) {
    const response = await app.inject({ method, url: '/mcp' })
    t.equal(response.statusCode, 405)
    t.equal(response.headers.allow, 'POST')
    t.equal(response.json().type, '/problems/method-not-allowed')
  }
})
