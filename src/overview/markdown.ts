/**
 * The overview as compact Markdown for an LLM context window: one line per item,
 * citations as numbered references (quote and section) at the end.
 */
import type { CitationOut } from '../repositories/entities/index.js'
import { DISPUTED_MARKER, disputedText } from '../kinds/review.js'
import { OVERVIEW_SECTIONS, type Kind } from '../kinds/index.js'
import type { Overview, OverviewGroup, OverviewItem, OverviewSection, ShortRef } from './build.js'

/** `drugClass` -> `drug class`. */
const words = (name: string) => name.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`)
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

  const refList = (refs: ShortRef[]) =>
    refs.map((ref) => `${ref.note ? `${ref.name} (${ref.note})` : ref.name}${ref.disputed ? ` ${DISPUTED_MARKER}` : ''}`).join('; ')
  const line = (kind: Kind, item: OverviewItem, indent = ''): string => {
    const shows = kind.overview?.shows ?? {}
    const facts = [
      // Enum fields the section is not grouped by, as "drug class: corticosteroid".
      ...kind.fields
        .filter((field) => field.type === 'enum' && field.name !== kind.overview?.groupBy && item[field.name])
        .map((field) => `${words(field.name)}: ${String(item[field.name])}`),
      item.aliases.length ? `also: ${item.aliases.join(', ')}` : '',
      item.note ? `note: ${item.note}` : '',
      ...Object.entries(item.links)
        .filter(([, refs]) => refs.length > 0)
        .map(([relation, refs]) => `${shows[relation as keyof typeof shows] ?? relation}: ${refList(refs)}`)
    ].filter(Boolean)
    const lists = kind.fields.filter((field) => field.type === 'text-list').flatMap((field) => (item[field.name] as string[] | undefined) ?? [])
    const lines = [`${indent}- **${item.name}**${disputedText(item.dispute)} — ${item.summary}${facts.length ? ` (${facts.join('; ')})` : ''} ${cite(item.citations)}`]
    for (const trait of lists) lines.push(`${indent}  - ${trait}`)
    for (const subtype of item.subtypes ?? []) lines.push(line(kind, subtype, `${indent}  `))
    return lines.join('\n')
  }
  const isGrouped = (section: OverviewSection): section is OverviewGroup[] => section.length > 0 && 'key' in (section[0] as object)
  const section = (kind: Kind, content: OverviewSection | undefined): string[] => {
    if (!content?.length) return []
    const title = `## ${kind.overview?.heading ?? kind.label}`
    if (!isGrouped(content)) return [title, ...content.map((item) => line(kind, item)), '']
    return [title, ...content.flatMap((group) => [`### ${humanize(group.key)}`, ...group.items.map((item) => line(kind, item))]), '']
  }
  const { condition } = overview
  const body = [
    `# ${condition.name}${disputedText(condition.dispute)}`,
    '',
    `> ${overview.disclaimer}`,
    '',
    `${condition.summary}${condition.aliases.length ? ` Also called: ${condition.aliases.join(', ')}.` : ''} ${cite(condition.citations)}`,
    '',
    ...OVERVIEW_SECTIONS.flatMap((kind) => section(kind, overview[kind.key])),
    '## Sources',
    ...overview.sources.map((source) => `- ${source.title}, ${source.publisher}${source.url ? `, ${source.url}` : ''} (id: ${source.id})`),
    '',
    '## References',
    // With one source, the section alone locates a quote.
    ...references.map((citation, i) => `[${i + 1}] § ${citation.heading}${overview.sources.length > 1 ? ` (${citation.source})` : ''}: "${citation.quote}"`)
  ]
  return `${body.join('\n')}\n`
}
