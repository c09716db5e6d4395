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
  t.same(tools.map((tool) => tool.name).sort(), ['answer', 'get_entity', 'get_overview', 'list_entities', 'search'])
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

t.test('get_overview is compact by default (under 4,000 tokens), full on request, and takes sections', async (t) => {
  const compact = await client.callTool({ name: 'get_overview', arguments: { condition: 'calcinosis-cutis' } })
  t.notOk(compact.isError)
  t.match(compact.structuredContent, { condition: { id: 'calcinosis-cutis' }, detail: 'compact', disclaimer: /medical advice/ })
  t.match(text(compact), /^# Calcinosis cutis/)
  t.ok(text(compact).length <= 16_000, `compact is ${text(compact).length} characters`)
  t.match(text(compact), /## Treatments[\s\S]*Diltiazem/)
  const full = await client.callTool({ name: 'get_overview', arguments: { condition: 'calcinosis-cutis', detail: 'full' } })
  t.ok(text(full).length > text(compact).length)
  t.match(text(full), /## References\n\[1\] § /)
  const some = await client.callTool({ name: 'get_overview', arguments: { condition: 'calcinosis-cutis', sections: ['warningSigns'], detail: 'full' } })
  t.match(text(some), /## When to seek medical attention/)
  t.notMatch(text(some), /## Treatments/)
  const bad = await client.callTool({ name: 'get_overview', arguments: { condition: 'calcinosis-cutis', sections: ['gossip'] } })
  t.equal(bad.isError, true)
})

t.test('answer says whether the knowledge base answers, with quotes', async (t) => {
  const yes = await client.callTool({ name: 'answer', arguments: { question: 'can calciphylaxis be fatal?' } })
  t.notOk(yes.isError)
  t.match(yes.structuredContent, { answerable: true, results: [{ kind: String, id: String, citations: Array }] })
  t.match(text(yes), /answers this[\s\S]*> "/)
  const no = await client.callTool({ name: 'answer', arguments: { question: 'is calcinosis cutis contagious', kind: 'types' } })
  t.match(no.structuredContent, { answerable: false })
  t.match(text(no), /NO answer/)
  t.ok((no.structuredContent as { results: Array<{ kind: string }> }).results.every((r) => r.kind === 'types'), 'kind as a single string')
})

t.test('kind is a string or a list', async (t) => {
  const single = await client.callTool({ name: 'search', arguments: { query: 'pain', kind: 'symptoms' } })
  t.notOk(single.isError)
  t.ok((single.structuredContent as { hits: Array<{ kind: string }> }).hits.every((hit) => hit.kind === 'symptoms'))
  const list = await client.callTool({ name: 'search', arguments: { query: 'pain', kind: ['symptoms', 'treatments'] } })
  t.notOk(list.isError)
})

t.test('list_entities shows every filter in its input schema; an unknown one lists the valid ones', async (t) => {
  const { tools } = await client.listTools()
  const filters = (tools.find((tool) => tool.name === 'list_entities')!.inputSchema.properties as Record<string, { properties?: Record<string, { description?: string }> }>).filters!
  t.match(filters.properties?.modality?.description, /surgical[\s\S]*For: treatments/)
  t.match(filters.properties?.category?.description, /For: causes/)
  t.ok(filters.properties?.parent && filters.properties?.condition)
  const wrong = await client.callTool({ name: 'list_entities', arguments: { kind: 'treatments', filters: { category: 'renal' } } })
  t.equal(wrong.isError, true)
  t.match(text(wrong), /Unknown filter "category" for treatments\. Valid filters for treatments: modality, drugClass, condition, type, symptom/)
})

t.test('resources: entities as kb://{collection}/{id}, overviews listed and read', async (t) => {
  const entity = await client.readResource({ uri: 'kb://types/calciphylaxis' })
  t.match(JSON.parse((entity.contents[0] as { text: string }).text), { data: { id: 'calciphylaxis', citations: Array } })
  const { resources } = await client.listResources()
  t.ok(resources.some((resource) => resource.uri === 'kb://overviews/calcinosis-cutis'))
  const overview = await client.readResource({ uri: 'kb://overviews/calcinosis-cutis' })
  t.match((overview.contents[0] as { text: string; mimeType: string }), { mimeType: 'text/markdown', text: /^# Calcinosis cutis/ })
  const { resourceTemplates } = await client.listResourceTemplates()
  t.ok(resourceTemplates.some((template) => template.uriTemplate === 'kb://{collection}/{id}'))
  await t.rejects(client.readResource({ uri: 'kb://types/no-such-type' }))
})

t.test('a prompt for answering with citations', async (t) => {
  const { prompts } = await client.listPrompts()
  t.ok(prompts.some((prompt) => prompt.name === 'answer_with_citations'))
  const prompt = await client.getPrompt({ name: 'answer_with_citations', arguments: { question: 'what causes calciphylaxis?' } })
  t.match((prompt.messages[0]!.content as { text: string }).text, /what causes calciphylaxis\?[\s\S]*`answer`[\s\S]*verbatim/)
})

t.test('capabilities fit a stateless server: nothing announces list changes', async (t) => {
  const capabilities = client.getServerCapabilities()
  t.ok(capabilities?.tools && capabilities.resources && capabilities.prompts)
  t.notOk(capabilities?.tools?.listChanged)
  t.notOk(capabilities?.resources?.listChanged)
  t.notOk(capabilities?.prompts?.listChanged)
})

t.test("the rate limit counts a client's MCP requests once, never the tools' internal calls", async (t) => {
  // Connecting is three requests (initialize, initialized, the refused GET stream); each
  // search tool call is one more, and makes two internal calls.
  const limited = await build(t, { RATE_LIMIT_MAX: '8' })
  const at = await limited.listen({ port: 0, host: '127.0.0.1' })
  const busy = new Client({ name: 'busy', version: '1.0.0' })
  await busy.connect(new StreamableHTTPClientTransport(new URL(`${at}/mcp`)))
  t.teardown(() => busy.close())
  for (let i = 0; i < 5; i++) {
    const result = await busy.callTool({ name: 'search', arguments: { query: 'kidney' } })
    t.notOk(result.isError, `call ${i + 1}`)
  }
  await t.rejects(busy.callTool({ name: 'search', arguments: { query: 'kidney' } }), 'the client itself is still limited')
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
