/**
 * The overview as compact Markdown for an LLM context window: one line per item,
 * citations as numbered references (quote and section) at the end.
 */
import type { CitationOut } from '../repositories/content.js'
import type { Overview, OverviewGroup, OverviewItem, ShortRef } from './build.js'

const LINK_LABELS: Record<string, string> = {
  bodySites: 'sites',
  types: 'types',
  symptoms: 'relieves',
  causes: 'causes',
  complications: 'complications'
}

const humanize = (key: string) => key.charAt(0).toUpperCase() + key.slice(1).replace(/-/g, ' ')

export function overviewMarkdown(overview: Overview): string {
  const references: CitationOut[] = []
  const referenceIndex = new Map<string, number>()
  const cite = (citations: CitationOut[]) =>
    citations
      .map((citation) => {
        const key = `${citation.source}|${citation.section}|${citation.quote}`
        let n = referenceIndex.get(key)
        if (n === undefined) {
          references.push(citation)
          n = references.length
          referenceIndex.set(key, n)
        }
        return `[${n}]`
      })
      .join('')

  const refList = (refs: ShortRef[]) => refs.map((ref) => (ref.note ? `${ref.name} (${ref.note})` : ref.name)).join('; ')
  const line = (item: OverviewItem, indent = ''): string => {
    const facts = [
      item.drugClass ? `class: ${item.drugClass}` : '',
      item.severity ? `severity: ${item.severity}` : '',
      item.method ? `method: ${item.method}` : '',
      item.aliases.length ? `also: ${item.aliases.join(', ')}` : '',
      item.note ? `note: ${item.note}` : '',
      ...Object.entries(item.links)
        .filter(([, refs]) => refs.length > 0)
        .map(([relation, refs]) => `${LINK_LABELS[relation] ?? relation}: ${refList(refs)}`)
    ].filter(Boolean)
    const characteristics = item.characteristics ?? []
    const lines = [`${indent}- **${item.name}** — ${item.summary}${facts.length ? ` (${facts.join('; ')})` : ''} ${cite(item.citations)}`]
    for (const trait of characteristics) lines.push(`${indent}  - ${trait}`)
    for (const subtype of item.subtypes ?? []) lines.push(line(subtype, `${indent}  `))
    return lines.join('\n')
  }
  const section = (title: string, items: OverviewItem[]) => (items.length ? [`## ${title}`, ...items.map((item) => line(item)), ''] : [])
  const grouped = (title: string, groups: OverviewGroup[]) =>
    groups.length ? [`## ${title}`, ...groups.flatMap((group) => [`### ${humanize(group.key)}`, ...group.items.map((item) => line(item))]), ''] : []

  const { condition } = overview
  const body = [
    `# ${condition.name}`,
    '',
    `> ${overview.disclaimer}`,
    '',
    `${condition.summary}${condition.aliases.length ? ` Also called: ${condition.aliases.join(', ')}.` : ''} ${cite(condition.citations)}`,
    '',
    ...section('Types', overview.types),
    ...grouped('Causes', overview.causes),
    ...section('Signs and symptoms', overview.symptoms),
    ...section('Diagnosis', overview.diagnostics),
    ...grouped('Treatments', overview.treatments),
    ...section('Complications and risks', overview.complications),
    ...section('Prognosis', overview.prognosis),
    ...section('Prevention', overview.prevention),
    ...section('When to seek medical attention', overview.warningSigns),
    '## Sources',
    ...overview.sources.map((source) => `- ${source.title}, ${source.publisher}${source.url ? `, ${source.url}` : ''} (id: ${source.id})`),
    '',
    '## References',
    // With one source, the section alone locates a quote.
    ...references.map((citation, i) => `[${i + 1}] § ${citation.heading}${overview.sources.length > 1 ? ` (${citation.source})` : ''}: "${citation.quote}"`)
  ]
  return `${body.join('\n')}\n`
}
