/**
 * The MCP server: read-only tools over the public API. Each tool answers through the
 * app's own routes (`inject`), so validation, filters, visibility and errors are the
 * read API's, exactly; a client mistake comes back as a tool result with `isError`.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js'
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js'
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { KIND_LIST } from '../kinds/index.js'
import type { Overview } from '../overview/build.js'
import { overviewMarkdown } from '../overview/markdown.js'

const collections = KIND_LIST.map((kind) => kind.path) as [string, ...string[]]
const Collection = z.enum(collections).describe('The collection, e.g. "treatments" or "warning-signs".')
const READ_ONLY = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false } as const

interface CitationJson {
  source: string
  section: string
  heading: string
  quote: string
}

const quoteLines = (citations: CitationJson[] = []) => citations.map((c) => `  > "${c.quote}" (${c.source}, § ${c.heading})`).join('\n')
const plain = (html: string) => html.replace(/<\/?mark>/g, '').replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))

interface EntityJson {
  id: string
  name: string
  summary: string
  citations?: CitationJson[]
  [field: string]: unknown
}
interface HitJson {
  kind: string
  id: string
  name: string
  snippet: string
}
interface PassageJson {
  text: string
  source: { title: string }
  section: { heading: string }
}
interface Answers {
  search: { data: HitJson[]; meta: { match: string } }
  passages: { data: PassageJson[] }
  entity: { data: EntityJson }
  list: { data: EntityJson[]; page: { total: number } }
  overview: { data: Overview }
}

/** GETs a route of the read API; a problem answer becomes a tool error. */
async function call<K extends keyof Answers>(
  app: FastifyInstance,
  url: string
): Promise<{ ok: true; body: Answers[K] } | { ok: false; result: CallToolResult }> {
  const response = await app.inject({ method: 'GET', url })
  if (response.statusCode === 200) return { ok: true, body: response.json<Answers[K]>() }
  const problem = response.json<{ title: string; detail: string }>()
  return { ok: false, result: { isError: true, content: [{ type: 'text', text: `${problem.title}: ${problem.detail}` }] } }
}

const queryString = (params: Record<string, string | number | string[] | undefined>) => {
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue
    search.set(key, Array.isArray(value) ? value.join(',') : String(value))
  }
  const text = search.toString()
  return text ? `?${text}` : ''
}

const Entity = z.object({ id: z.string(), name: z.string().optional() }).passthrough()
const Page = z.object({ limit: z.number(), nextCursor: z.string().nullable(), total: z.number() })

export function registerTools(server: McpServer, app: FastifyInstance) {
  server.registerTool(
    'search',
    {
      title: 'Search the knowledge base',
      description:
        'Find entities (types, causes, symptoms, treatments, …) and verbatim source passages matching plain-language words. Returns ranked hits and passages to quote, each passage with its source and section.',
      inputSchema: {
        query: z.string().min(1).max(500).describe('Plain words, e.g. "calcium deposits after a hospital stay".'),
        kind: z.array(Collection).optional().describe('Only these collections.'),
        limit: z.number().int().min(1).max(20).optional().describe('How many hits (default 5).')
      },
      outputSchema: {
        hits: z.array(z.object({ kind: z.string(), id: z.string(), name: z.string(), snippet: z.string(), score: z.number() })),
        passages: z.array(
          z.object({ id: z.string(), source: z.object({ id: z.string(), title: z.string() }).passthrough(), section: z.object({ id: z.string(), heading: z.string() }), text: z.string() }).passthrough()
        )
      },
      annotations: { title: 'Search', ...READ_ONLY }
    },
    async ({ query, kind, limit = 5 }) => {
      const hits = await call<'search'>(app, `/v1/search${queryString({ q: query, kind, limit })}`)
      if (!hits.ok) return hits.result
      const passages = await call<'passages'>(app, `/v1/passages${queryString({ q: query, limit: Math.min(limit, 5) })}`)
      if (!passages.ok) return passages.result
      const structured = { hits: hits.body.data, passages: passages.body.data }
      const text = [
        `Entities matching "${query}" (${hits.body.meta.match}):`,
        ...structured.hits.map((hit, i) => `${i + 1}. ${hit.name} [${hit.kind}/${hit.id}] — ${plain(hit.snippet)}`),
        '',
        'Source passages to quote:',
        ...structured.passages.map((p) => `- "${p.text}" (${p.source.title}, § ${p.section.heading})`)
      ].join('\n')
      return { structuredContent: structured, content: [{ type: 'text', text }] }
    }
  )

  server.registerTool(
    'get_entity',
    {
      title: 'Get an entity',
      description: 'One entity by collection and id, with its citations (verbatim quotes with their section) and its related entities.',
      inputSchema: { kind: Collection, id: z.string().min(1).max(100).describe('The entity id, e.g. "calciphylaxis".') },
      outputSchema: { data: Entity },
      annotations: { title: 'Get entity', ...READ_ONLY }
    },
    async ({ kind, id }) => {
      const answer = await call<'entity'>(app, `/v1/${kind}/${encodeURIComponent(id)}`)
      if (!answer.ok) return answer.result
      const entity = answer.body.data
      const related = Object.entries(entity)
        .filter(([, value]) => Array.isArray(value) && value.length > 0 && typeof value[0] === 'object' && 'note' in (value[0] as object))
        .map(([relation, refs]) => `${relation}: ${(refs as Array<{ name: string; note: string | null }>).map((r) => (r.note ? `${r.name} (${r.note})` : r.name)).join('; ')}`)
      const text = [`${entity.name} [${kind}/${entity.id}]`, entity.summary, 'Citations:', quoteLines(entity.citations), ...related].join('\n')
      return { structuredContent: { ...answer.body }, content: [{ type: 'text', text }] }
    }
  )

  server.registerTool(
    'list_entities',
    {
      title: 'List entities',
      description:
        'List a collection with the read API\'s filters, e.g. kind "treatments" with filters {"modality": "pharmacological"}, or kind "causes" with {"type": "metastatic"}. A comma list ORs values; filters AND together.',
      inputSchema: {
        kind: Collection,
        filters: z.record(z.string(), z.union([z.string(), z.array(z.string())])).optional().describe('Filter name → value(s), as in the read API.'),
        q: z.string().min(1).max(200).optional().describe('Match on name and aliases.'),
        sort: z.string().optional().describe('name, -name, createdAt, updatedAt, …'),
        limit: z.number().int().min(1).max(100).optional(),
        cursor: z.string().optional().describe('page.nextCursor of a previous call.')
      },
      outputSchema: { data: z.array(Entity), page: Page },
      annotations: { title: 'List entities', ...READ_ONLY }
    },
    async ({ kind, filters = {}, q, sort, limit, cursor }) => {
      const answer = await call<'list'>(app, `/v1/${kind}${queryString({ ...filters, q, sort, limit, cursor })}`)
      if (!answer.ok) return answer.result
      const text = [
        `${answer.body.page.total} ${kind} match; showing ${answer.body.data.length}:`,
        ...answer.body.data.map((entity) => `- ${entity.name} [${entity.id}]: ${entity.summary}\n${quoteLines(entity.citations?.slice(0, 1))}`)
      ].join('\n')
      return { structuredContent: { ...answer.body }, content: [{ type: 'text', text }] }
    }
  )

  server.registerTool(
    'get_overview',
    {
      title: 'Get a condition overview',
      description:
        'Everything about a condition in one call: types and variants, causes, signs, diagnosis, treatments, complications, prognosis, prevention and warning signs, each with citations; plus a disclaimer and the sources.',
      inputSchema: { condition: z.string().min(1).max(100).describe('Condition id, e.g. "calcinosis-cutis".') },
      outputSchema: { data: z.object({ condition: Entity, disclaimer: z.string() }).passthrough() },
      annotations: { title: 'Condition overview', ...READ_ONLY }
    },
    async ({ condition }) => {
      const answer = await call<'overview'>(app, `/v1/conditions/${encodeURIComponent(condition)}/overview`)
      if (!answer.ok) return answer.result
      return { structuredContent: { ...answer.body }, content: [{ type: 'text', text: overviewMarkdown(answer.body.data) }] }
    }
  )
}
