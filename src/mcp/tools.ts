/**
 * The MCP server: read-only tools over the public API. Each tool answers through the
 * app's own routes (`inject`), so validation, filters, visibility and errors are the
 * read API's, exactly; a client mistake comes back as a tool result with `isError`.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js'
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js'
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { KIND_LIST, KINDS, kindByPath, type Kind } from '../kinds/index.js'
import { filterNames, filterableFields } from '../kinds/fields.js'
import { internalCallHeaders } from '../lib/internal-call.js'
import { DISPUTED_MARKER, disputedText } from '../kinds/review.js'
import type { Overview } from '../overview/build.js'
import { OVERVIEW_SECTIONS, overviewText, type OverviewSection } from './overview-text.js'

const collections = KIND_LIST.map((kind) => kind.path) as [string, ...string[]]
const Collection = z.enum(collections).describe('The collection, e.g. "treatments" or "warning-signs".')
/** One collection or several: models send either. */
const Collections = z.union([Collection, z.array(Collection).min(1)]).describe('One collection or a list, e.g. "symptoms" or ["causes", "types"].')
const asList = (value: string | string[] | undefined) => (value === undefined ? undefined : Array.isArray(value) ? value : [value])

/** The filter names a kind's list takes, as in the read API (with `includeSubtypes` where a filter can match descendants). */
export function listFilterNames(kind: Kind): string[] {
  const matchesDescendants = kind.relations.some((relation) => KINDS[relation.target].hierarchy?.filtersMatchDescendants)
  return [...filterNames(kind), ...(matchesDescendants ? ['includeSubtypes'] : [])]
}

/** Every filter name of any kind, described with the kinds that take it and its values, so that a model sees them all. */
function filterShape(): Record<string, z.ZodTypeAny> {
  const shape: Record<string, z.ZodTypeAny> = {}
  const names = [...new Set(KIND_LIST.flatMap(listFilterNames))]
  for (const name of names) {
    const kinds = KIND_LIST.filter((kind) => listFilterNames(kind).includes(name)).map((kind) => kind.path)
    const field = KIND_LIST.flatMap(filterableFields).find((candidate) => candidate.name === name)
    const what = field
      ? `${field.description} One of: ${field.values.join(', ')}.`
      : name === 'includeSubtypes'
        ? 'Whether a `type` filter also matches subtypes (default true).'
        : name === 'parent'
          ? 'Direct variants of these type ids.'
          : name === 'reviewStatus'
            ? 'Clinical review status: unreviewed, reviewed or disputed.'
            : name === 'code'
              ? 'A standard code as SYSTEM:CODE, e.g. "ICD-10:L94.2".'
              : `Linked to these ${name} ids.`
    const value = name === 'includeSubtypes' ? z.boolean() : z.union([z.string(), z.array(z.string())])
    shape[name] = value.optional().describe(`${what} For: ${kinds.join(', ')}.`)
  }
  return shape
}
interface ReviewJson {
  status: string
  note: string | null
}
/** The disputed marker after a name, for results that carry only the flag. */
const flag = (disputed: boolean | undefined) => (disputed ? ` ${DISPUTED_MARKER}` : '')

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
  disputed: boolean
}
interface PassageJson {
  text: string
  source: { title: string }
  section: { heading: string }
}
interface AnswerJson {
  data: {
    answerable: boolean
    confidence: number
    intent: { kind: string | null; terms: string[] }
    results: Array<{ kind: string; id: string; name: string; summary: string; why: string; citations: CitationJson[]; disputed: boolean }>
    passages: PassageJson[]
  }
}

interface Answers {
  answer: AnswerJson
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
  const response = await app.inject({ method: 'GET', url, headers: internalCallHeaders() })
  if (response.statusCode === 200) return { ok: true, body: response.json<Answers[K]>() }
  const problem = response.json<{ title: string; detail: string }>()
  return { ok: false, result: { isError: true, content: [{ type: 'text', text: `${problem.title}: ${problem.detail}` }] } }
}

const queryString = (params: Record<string, string | number | boolean | string[] | undefined>) => {
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
/** The read API's `meta`: disclaimer, dataset version, last update, attribution. */
const Meta = z.object({ disclaimer: z.string(), datasetVersion: z.string(), lastUpdated: z.string().nullable(), attribution: z.string() })

export function registerTools(server: McpServer, app: FastifyInstance) {
  server.registerTool(
    'answer',
    {
      title: 'Answer a question',
      description:
        'Ask a question as a person would ("can you die from calcinosis cutis?"). Returns whether the knowledge base answers it (answerable, confidence), the entities that answer it with verbatim quotes, and source passages to cite. When answerable is false, say the knowledge base has no answer rather than presenting the related entities as one.',
      inputSchema: {
        question: z.string().min(1).max(500).describe('The question, in plain words.'),
        kind: Collections.optional(),
        limit: z.number().int().min(1).max(20).optional().describe('How many results (default 5).')
      },
      outputSchema: {
        question: z.string(),
        answerable: z.boolean(),
        confidence: z.number(),
        intent: z.object({ kind: z.string().nullable(), terms: z.array(z.string()) }),
        results: z.array(z.object({ kind: z.string(), id: z.string(), name: z.string(), summary: z.string(), why: z.string(), citations: z.array(z.object({ quote: z.string() }).passthrough()) }).passthrough()),
        passages: z.array(z.object({ text: z.string() }).passthrough())
      },
      annotations: { title: 'Answer', ...READ_ONLY }
    },
    async ({ question, kind, limit = 5 }) => {
      const answer = await call<'answer'>(app, `/v1/answer${queryString({ q: question, kind: asList(kind), limit })}`)
      if (!answer.ok) return answer.result
      const data = answer.body.data
      const text = [
        data.answerable
          ? `The knowledge base answers this (confidence ${data.confidence}). Quote the citations below.`
          : `The knowledge base has NO answer to this question (confidence ${data.confidence}); the entities below are only related. Say so rather than answer from them.`,
        '',
        ...data.results.map((result, i) => `${i + 1}. ${result.name}${flag(result.disputed)} [${result.kind}/${result.id}] — ${result.summary}\n${quoteLines(result.citations)}`),
        '',
        'Source passages:',
        ...data.passages.map((p) => `- "${p.text}" (${p.source.title}, § ${p.section.heading})`)
      ].join('\n')
      return { structuredContent: { ...data }, content: [{ type: 'text', text }] }
    }
  )

  server.registerTool(
    'search',
    {
      title: 'Search the knowledge base',
      description:
        'Find entities (types, causes, symptoms, treatments, …) and verbatim source passages matching plain-language words. Returns ranked hits and passages to quote, each passage with its source and section.',
      inputSchema: {
        query: z.string().min(1).max(500).describe('Plain words, e.g. "calcium deposits after a hospital stay".'),
        kind: Collections.optional(),
        limit: z.number().int().min(1).max(20).optional().describe('How many hits (default 5).')
      },
      outputSchema: {
        hits: z.array(z.object({ kind: z.string(), id: z.string(), name: z.string(), snippet: z.string(), score: z.number(), disputed: z.boolean() })),
        passages: z.array(
          z.object({ id: z.string(), source: z.object({ id: z.string(), title: z.string() }).passthrough(), section: z.object({ id: z.string(), heading: z.string() }), text: z.string() }).passthrough()
        )
      },
      annotations: { title: 'Search', ...READ_ONLY }
    },
    async ({ query, kind, limit = 5 }) => {
      const hits = await call<'search'>(app, `/v1/search${queryString({ q: query, kind: asList(kind), limit })}`)
      if (!hits.ok) return hits.result
      const passages = await call<'passages'>(app, `/v1/passages${queryString({ q: query, limit: Math.min(limit, 5) })}`)
      if (!passages.ok) return passages.result
      const structured = { hits: hits.body.data, passages: passages.body.data }
      const text = [
        `Entities matching "${query}" (${hits.body.meta.match}):`,
        ...structured.hits.map((hit, i) => `${i + 1}. ${hit.name}${flag(hit.disputed)} [${hit.kind}/${hit.id}] — ${plain(hit.snippet)}`),
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
      outputSchema: { data: Entity, meta: Meta },
      annotations: { title: 'Get entity', ...READ_ONLY }
    },
    async ({ kind, id }) => {
      const answer = await call<'entity'>(app, `/v1/${kind}/${encodeURIComponent(id)}`)
      if (!answer.ok) return answer.result
      const entity = answer.body.data
      const related = Object.entries(entity)
        .filter(([, value]) => Array.isArray(value) && value.length > 0 && typeof value[0] === 'object' && 'note' in (value[0] as object))
        .map(
          ([relation, refs]) =>
            `${relation}: ${(refs as Array<{ name: string; note: string | null; review?: ReviewJson }>).map((r) => `${r.note ? `${r.name} (${r.note})` : r.name}${disputedText(r.review)}`).join('; ')}`
        )
      const text = [`${entity.name}${disputedText(entity.review as ReviewJson | undefined)} [${kind}/${entity.id}]`, entity.summary, 'Citations:', quoteLines(entity.citations), ...related].join('\n')
      return { structuredContent: { ...answer.body }, content: [{ type: 'text', text }] }
    }
  )

  server.registerTool(
    'list_entities',
    {
      title: 'List entities',
      description:
        'List a collection with the read API\'s filters, e.g. kind "treatments" with filters {"modality": "pharmacological"}, or kind "causes" with {"type": "metastatic"}. A list ORs values; filters AND together. Each filter says which collections take it; another filter is an error that lists the valid ones.',
      inputSchema: {
        kind: Collection,
        filters: z.object(filterShape()).passthrough().optional().describe('Filter name → value(s), as in the read API.'),
        q: z.string().min(1).max(200).optional().describe('Match on name and aliases.'),
        sort: z.string().optional().describe('name, -name, createdAt, updatedAt, …'),
        limit: z.number().int().min(1).max(100).optional(),
        cursor: z.string().optional().describe('page.nextCursor of a previous call.')
      },
      outputSchema: { data: z.array(Entity), page: Page, meta: Meta },
      annotations: { title: 'List entities', ...READ_ONLY }
    },
    async ({ kind, filters = {}, q, sort, limit, cursor }) => {
      const valid = listFilterNames(kindByPath(kind)!)
      const unknown = Object.keys(filters).filter((name) => !valid.includes(name))
      if (unknown.length > 0) {
        const text = `Unknown filter ${unknown.map((name) => `"${name}"`).join(', ')} for ${kind}. Valid filters for ${kind}: ${valid.join(', ') || 'none'}.`
        return { isError: true, content: [{ type: 'text', text }] }
      }
      const answer = await call<'list'>(app, `/v1/${kind}${queryString({ ...(filters as Record<string, string | string[] | boolean>), q, sort, limit, cursor })}`)
      if (!answer.ok) return answer.result
      const text = [
        `${answer.body.page.total} ${kind} match; showing ${answer.body.data.length}:`,
        ...answer.body.data.map((entity) => `- ${entity.name}${disputedText(entity.review as ReviewJson | undefined)} [${entity.id}]: ${entity.summary}\n${quoteLines(entity.citations?.slice(0, 1))}`)
      ].join('\n')
      return { structuredContent: { ...answer.body }, content: [{ type: 'text', text }] }
    }
  )

  server.registerTool(
    'get_overview',
    {
      title: 'Get a condition overview',
      description:
        'A condition at a glance: types, causes, signs, diagnosis, treatments, complications, prognosis, prevention and warning signs. The default is compact (names and summaries, under 4,000 tokens); detail "full" adds every citation and link. `sections` picks parts.',
      inputSchema: {
        condition: z.string().min(1).max(100).describe('Condition id, e.g. "calcinosis-cutis".'),
        sections: z.array(z.enum(OVERVIEW_SECTIONS)).min(1).optional().describe(`Only these sections (default all): ${OVERVIEW_SECTIONS.join(', ')}.`),
        detail: z.enum(['compact', 'full']).optional().describe('compact (default): names and summaries; full: with quotes, notes and links.')
      },
      outputSchema: { condition: z.object({ id: z.string(), name: z.string() }).passthrough(), sections: z.array(z.string()), detail: z.string(), disclaimer: z.string() },
      annotations: { title: 'Condition overview', ...READ_ONLY }
    },
    async ({ condition, sections = [...OVERVIEW_SECTIONS], detail = 'compact' }) => {
      const answer = await call<'overview'>(app, `/v1/conditions/${encodeURIComponent(condition)}/overview`)
      if (!answer.ok) return answer.result
      const overview = answer.body.data
      const text = overviewText(overview, sections as OverviewSection[], detail)
      const structured = { condition: { id: overview.condition.id, name: overview.condition.name, summary: overview.condition.summary }, sections, detail, disclaimer: overview.disclaimer }
      return { structuredContent: structured, content: [{ type: 'text', text }] }
    }
  )
}
