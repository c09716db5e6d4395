/** `GET /v1/conditions/{id}/overview`: a whole condition in one call, as JSON or Markdown. */
import type { FastifyInstance } from 'fastify'
import Type from 'typebox'
import { CAUSE_CATEGORIES, COMPLICATION_SEVERITIES, DIAGNOSTIC_METHODS, DRUG_CLASSES, TREATMENT_MODALITIES } from '../kinds/vocabulary.js'
import { notFound } from '../lib/problem.js'
import { Id, StringEnum, conditionalGetHeaders, notModified, problemResponses } from '../lib/schemas.js'
import { buildOverview } from '../overview/build.js'
import { overviewMarkdown } from '../overview/markdown.js'
import { negotiate } from './negotiate.js'

const ShortRef = Type.Object({ id: Type.String(), name: Type.String(), note: Type.Union([Type.String(), Type.Null()]) })
const nullable = (values: readonly string[]) => Type.Union([StringEnum(values), Type.Null()])

const itemProperties = {
  id: Type.String(),
  name: Type.String(),
  summary: Type.String(),
  aliases: Type.Array(Type.String()),
  citations: Type.Array(Type.Ref('Citation')),
  note: Type.Union([Type.String(), Type.Null()], { description: "The source's qualifier of the item's link to the condition." }),
  category: Type.Optional(StringEnum(CAUSE_CATEGORIES)),
  method: Type.Optional(StringEnum(DIAGNOSTIC_METHODS)),
  modality: Type.Optional(StringEnum(TREATMENT_MODALITIES)),
  drugClass: Type.Optional(nullable(DRUG_CLASSES)),
  severity: Type.Optional(nullable(COMPLICATION_SEVERITIES)),
  characteristics: Type.Optional(Type.Array(Type.String())),
  links: Type.Object(
    {
      types: Type.Optional(Type.Array(ShortRef)),
      causes: Type.Optional(Type.Array(ShortRef)),
      symptoms: Type.Optional(Type.Array(ShortRef)),
      complications: Type.Optional(Type.Array(ShortRef)),
      bodySites: Type.Optional(Type.Array(ShortRef))
    },
    { description: 'Related entities shown beside the item, with link notes.' }
  )
}

const OverviewItem = Type.Object(
  { ...itemProperties, subtypes: Type.Optional(Type.Array(Type.Object(itemProperties), { description: 'Variants of a type.' })) },
  { $id: 'OverviewItem', title: 'Overview item' }
)
const group = (description: string) =>
  Type.Array(Type.Object({ key: Type.String(), items: Type.Array(Type.Ref('OverviewItem')) }), { description })
const items = (description: string) => Type.Array(Type.Ref('OverviewItem'), { description })

const Overview = Type.Object(
  {
    condition: Type.Object({
      id: Type.String(),
      name: Type.String(),
      summary: Type.String(),
      aliases: Type.Array(Type.String()),
      citations: Type.Array(Type.Ref('Citation'))
    }),
    types: items('Types, each with its variants.'),
    causes: group('Causes grouped by category.'),
    symptoms: items('Signs and symptoms with their body sites.'),
    diagnostics: items('Diagnostic steps.'),
    treatments: group('Treatments grouped by modality, with the types they are for and the notes of the source.'),
    complications: items('Complications and risks.'),
    prognosis: items('Prognosis statements.'),
    prevention: items('Preventive measures.'),
    warningSigns: items('When to seek medical attention.'),
    sources: Type.Array(Type.Object({ id: Type.String(), title: Type.String(), publisher: Type.String(), url: Type.Union([Type.String(), Type.Null()]) }), {
      description: 'Attribution: the sources quoted.'
    }),
    disclaimer: Type.String({ description: 'Not medical advice; consult a clinician.' })
  },
  { $id: 'Overview', title: 'Condition overview' }
)

export const OVERVIEW_SCHEMAS = [OverviewItem, Overview]

export default async function overviewRoutes(app: FastifyInstance) {
  app.get(
    '/conditions/:id/overview',
    {
      schema: {
        operationId: 'getConditionOverview',
        tags: ['Conditions'],
        summary: 'Get a condition overview',
        description:
          'Everything about a condition in one response, each item with its citations, plus the sources and a disclaimer. `format=markdown`, or `Accept: text/markdown`, returns the same as compact Markdown for an LLM context window; `format` wins over `Accept`. An `Accept` that allows neither JSON nor Markdown is a 406.',
        params: Type.Object({ id: { ...Id, examples: ['calcinosis-cutis'] } }, { additionalProperties: false }),
        querystring: Type.Object(
          { format: Type.Optional(StringEnum(['json', 'markdown'], { description: 'Response format; without it, the Accept header chooses (JSON by default).' })) },
          { additionalProperties: false }
        ),
        headers: conditionalGetHeaders,
        response: {
          200: {
            description: 'The overview.',
            content: {
              'application/json': { schema: Type.Object({ data: Type.Ref('Overview') }) },
              'text/markdown': { schema: Type.String() }
            }
          },
          ...notModified,
          ...problemResponses(400, 404, 406)
        }
      }
    },
    async (request, reply) => {
      const { id } = request.params as { id: string }
      const query = request.query as { format?: 'json' | 'markdown' }
      const vary = reply.getHeader('vary')
      reply.header('vary', vary ? `${String(vary)}, Accept` : 'Accept')
      const format = query.format ?? (negotiate(request, ['application/json', 'text/markdown']) === 'text/markdown' ? 'markdown' : 'json')
      const overview = buildOverview(app.repos.content, app.repos.sources, id)
      if (!overview) throw notFound(`No published condition with id '${id}'`)
      if (format === 'markdown') return reply.type('text/markdown; charset=utf-8').send(overviewMarkdown(overview))
      return reply.type('application/json; charset=utf-8').send({ data: overview })
    }
  )
}
