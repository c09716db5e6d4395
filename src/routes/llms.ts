/**
 * `/llms.txt`: a short guide to this API for LLM agents (https://llmstxt.org), with
 * absolute links; `/llms-full.txt`: everything in one Markdown document for context
 * stuffing (the guide, every condition's full overview, the source texts).
 *
 * Links are absolute from the request's own origin (protocol and host, as trusted proxy
 * headers give them). A configured public base URL would be better behind proxies that
 * rewrite the host: the config has none yet.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import Type from 'typebox'
import { KINDS } from '../kinds/index.js'
import { problemResponses } from '../schemas/common.js'
import { buildOverview, DISCLAIMER } from '../overview/build.js'
import { overviewMarkdown } from '../overview/markdown.js'
import { negotiate } from '../http/negotiate.js'

const originOf = (request: FastifyRequest) => `${request.protocol}://${request.host}`

export function llmsTxt(base: string): string {
  return `# Medical knowledge-base API

> A citable medical knowledge base. Every entity (condition, type and variant, cause, symptom, diagnostic, treatment, complication, prognosis, prevention measure, warning sign, body site) and every link between two of them carries verbatim quotes of the source article it comes from, with the section. It currently holds one condition: calcinosis cutis.

${DISCLAIMER}

## Start here

- [Answer a question](${base}/v1/answer?q=can%20you%20die%20from%20calcinosis%20cutis): a question as people ask it → whether the knowledge base answers it (\`answerable\`, \`confidence\`), the entities that do with their quotes, and passages to cite. When \`answerable\` is false, say there is no answer.
- [Condition overview](${base}/v1/conditions/calcinosis-cutis/overview?format=markdown): everything about a condition in one Markdown document, with numbered citations (or \`Accept: text/markdown\`).
- [Everything at once](${base}/llms-full.txt): this guide, every overview and the source texts, in Markdown.
- [Search](${base}/v1/search?q=kidney): ranked entities for plain words; lay words, prefixes and near spellings match. \`kind\` restricts to collections.
- [Passages](${base}/v1/passages?q=calcium%20deposits): verbatim paragraphs to quote, each with source, section and the entities it supports.

## Read API

- \`GET ${base}/v1/{collection}\` with filters (\`/v1/treatments?modality=pharmacological\`, \`/v1/causes?type=metastatic\`); collections: conditions, types, causes, symptoms, diagnostics, treatments, complications, prognosis, prevention, warning-signs, body-sites, sources.
- \`GET ${base}/v1/{collection}/{id}\`: one entity with \`citations\` ([{source, section, heading, quote}]) and related entities with the source's notes.
- [OpenAPI 3.1](${base}/openapi.json), [interactive reference](${base}/docs).

## MCP

- \`POST ${base}/mcp\`: Model Context Protocol, Streamable HTTP, stateless. Read-only tools: \`answer\` (question), \`search\` (query, kind), \`get_entity\` (kind, id), \`list_entities\` (kind + the read API's filters), \`get_overview\` (condition, sections, detail). Resources \`kb://{collection}/{id}\` and \`kb://overviews/{condition}\`; prompt \`answer_with_citations\`.

## Attribution

Content restates its sources; quote them with their section. Source: "Calcinosis Cutis : Types and Causes", Allfit Well Health Team (see \`${base}/v1/sources\`). The content belongs to its publishers.
`
}

const MARKDOWN = ['text/markdown', 'text/plain'] as const
const markdownResponse = (description: string) => ({
  200: { description, content: { 'text/markdown': { schema: Type.String() } } },
  ...problemResponses(406)
})

export default async function llmsRoutes(app: FastifyInstance) {
  app.get(
    '/llms.txt',
    {
      // Its links carry the origin the request came in by: not one answer for every Host.
      config: { responseCache: false },
      schema: {
        // A text guide for LLM crawlers, not an API operation: kept out of the contract (README, For chatbots).
        hide: true,
        operationId: 'getLlmsTxt',
        tags: ['Search'],
        summary: 'Guide for LLM agents',
        description: 'A short Markdown guide to this API for LLM agents, with absolute links: what it holds, the main endpoints, MCP, attribution and disclaimer.',
        response: markdownResponse('The guide.')
      }
    },
    async (request, reply) => {
      negotiate(request, MARKDOWN)
      return reply.type('text/markdown; charset=utf-8').send(llmsTxt(originOf(request)))
    }
  )

  app.get(
    '/llms-full.txt',
    {
      schema: {
        hide: true,
        operationId: 'getLlmsFullTxt',
        tags: ['Search'],
        summary: 'Everything, for an LLM context',
        description: 'The guide of /llms.txt, the full overview of every published condition (with numbered citations) and the text of every published source, as one Markdown document.',
        response: markdownResponse('Everything, in Markdown.')
      }
    },
    async (request, reply) => {
      negotiate(request, MARKDOWN)
      const overviews = app.repos.entities
        .linkedTo(KINDS.conditions, {})
        .map((condition) => buildOverview(app.repos.entities, app.repos.sources, condition.id))
        .filter((overview) => overview !== null)
        // One level down: the overview's own headings become sub-headings of this document.
        .map((overview) => overviewMarkdown(overview).replace(/^#/gm, '##'))
      const sources = app.repos.sources
        .list(100)
        .items.map((summary) => app.repos.sources.get(summary.id))
        .filter((source) => source !== null)
        .map((source) => [`## Source: ${source.title} (${source.publisher})`, '', ...source.sections.flatMap((section) => [`### ${section.heading}`, '', section.text, ''])].join('\n'))
      const body = [llmsTxt(originOf(request)), '# Condition overviews', '', ...overviews, '# Source texts', '', ...sources].join('\n')
      return reply.type('text/markdown; charset=utf-8').send(body)
    }
  )
}
