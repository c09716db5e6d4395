/**
 * MCP resources and prompts: entities as `kb://{collection}/{id}` (JSON, as the read API
 * gives them), condition overviews as `kb://overviews/{condition}` (Markdown), and a
 * prompt that asks the model to answer from the knowledge base with citations.
 */
import type { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js'
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { KIND_LIST } from '../kinds/index.js'
import { internalCallHeaders } from '../lib/internal-call.js'

async function get(app: FastifyInstance, url: string) {
  const response = await app.inject({ method: 'GET', url, headers: internalCallHeaders() })
  if (response.statusCode !== 200) throw new Error(`${url}: ${response.json<{ detail?: string }>().detail ?? response.statusCode}`)
  return response
}

const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) ?? ''

/** `Template` is the SDK's ResourceTemplate class, passed in because the SDK is loaded lazily (see routes/mcp.ts). */
export function registerResources(server: McpServer, app: FastifyInstance, Template: typeof ResourceTemplate) {
  // Overviews first: kb://overviews/… also fits the entity template, and the first match serves.
  server.registerResource(
    'overview',
    new Template('kb://overviews/{condition}', {
      list: async () => {
        const response = await get(app, '/v1/conditions?limit=100&fields=name')
        const conditions = response.json<{ data: Array<{ id: string; name: string }> }>().data
        return { resources: conditions.map((c) => ({ uri: `kb://overviews/${c.id}`, name: `${c.name} overview`, mimeType: 'text/markdown' })) }
      }
    }),
    { title: 'Condition overview', description: 'Everything about a condition as Markdown, with numbered citations.', mimeType: 'text/markdown' },
    async (uri, { condition }) => {
      const response = await get(app, `/v1/conditions/${encodeURIComponent(one(condition))}/overview?format=markdown`)
      return { contents: [{ uri: uri.href, mimeType: 'text/markdown', text: response.body }] }
    }
  )

  server.registerResource(
    'entity',
    new Template('kb://{collection}/{id}', {
      list: undefined,
      complete: { collection: (value) => KIND_LIST.map((kind) => kind.path).filter((path) => path.startsWith(value)) }
    }),
    {
      title: 'Knowledge-base entity',
      description: `One entity with its citations and related entities, e.g. kb://types/calciphylaxis. Collections: ${KIND_LIST.map((kind) => kind.path).join(', ')}.`,
      mimeType: 'application/json'
    },
    async (uri, { collection, id }) => {
      if (!KIND_LIST.some((kind) => kind.path === one(collection))) throw new Error(`Unknown collection '${one(collection)}'`)
      const response = await get(app, `/v1/${one(collection)}/${encodeURIComponent(one(id))}`)
      return { contents: [{ uri: uri.href, mimeType: 'application/json', text: response.body }] }
    }
  )

  server.registerPrompt(
    'answer_with_citations',
    {
      title: 'Answer with citations',
      description: 'Answer a question from the knowledge base only, quoting its sources, and say so when it has no answer.',
      argsSchema: { question: z.string().min(1).max(500).describe('The question to answer.') }
    },
    ({ question }) => ({
      messages: [
        {
          role: 'user',
          content: {
            type: 'text',
            text: [
              `Answer this question from the medical knowledge base: "${question}"`,
              '',
              '1. Call the `answer` tool with the question.',
              '2. If it says the knowledge base has no answer (answerable: false), say that plainly; you may mention the related entities, as related only.',
              '3. Otherwise answer in plain words using only the results and passages, and quote the supporting text verbatim with its section, e.g. (§ Treatment Options for Calcinosis Cutis).',
              '4. End with: this is information from the source, not medical advice; a clinician should be consulted.'
            ].join('\n')
          }
        }
      ]
    })
  )
}
