/** `/llms.txt`: a short guide to this API for LLM agents (https://llmstxt.org). */
import type { FastifyInstance } from 'fastify'
import Type from 'typebox'
import { DISCLAIMER } from '../overview/build.js'

export const LLMS_TXT = `# Medical knowledge-base API

> A citable medical knowledge base. Every entity (condition, type and variant, cause, symptom, diagnostic, treatment, complication, prognosis, prevention measure, warning sign, body site) and every link between two of them carries verbatim quotes of the source article it comes from, with the section. It currently holds one condition: calcinosis cutis.

${DISCLAIMER}

## Start here

- [Condition overview](/v1/conditions/calcinosis-cutis/overview?format=markdown): everything about a condition in one Markdown document, with numbered citations.
- [Search](/v1/search?q=kidney): ranked entities for plain words; synonyms, prefixes and near spellings match. \`kind\` restricts to collections.
- [Passages](/v1/passages?q=calcium%20deposits): verbatim paragraphs to quote, each with source, section and the entities it supports.

## Read API

- \`GET /v1/{collection}\` with filters (\`/v1/treatments?modality=pharmacological\`, \`/v1/causes?type=metastatic\`); collections: conditions, types, causes, symptoms, diagnostics, treatments, complications, prognosis, prevention, warning-signs, body-sites, sources.
- \`GET /v1/{collection}/{id}\`: one entity with \`citations\` ([{source, section, heading, quote}]) and related entities with the source's notes.
- [OpenAPI 3.1](/openapi.json), [interactive reference](/docs).

## MCP

- \`POST /mcp\`: Model Context Protocol, Streamable HTTP, stateless. Read-only tools: \`search\` (query, kind), \`get_entity\` (kind, id), \`list_entities\` (kind + the read API's filters), \`get_overview\` (condition).

## Attribution

Content restates its sources; quote them with their section. Source: "Calcinosis Cutis : Types and Causes", Allfit Well Health Team (see \`/v1/sources\`). The content belongs to its publishers.
`

export default async function llmsRoutes(app: FastifyInstance) {
  app.get(
    '/llms.txt',
    {
      schema: {
        operationId: 'getLlmsTxt',
        tags: ['Search'],
        summary: 'Guide for LLM agents',
        description: 'A short Markdown guide to this API for LLM agents: what it holds, the main endpoints, MCP, attribution and disclaimer.',
        response: { 200: { description: 'The guide.', content: { 'text/markdown': { schema: Type.String() } } } }
      }
    },
    async (_request, reply) => reply.type('text/markdown; charset=utf-8').send(LLMS_TXT)
  )
}
