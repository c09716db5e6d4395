/**
 * The overview as text for a model's context: the full Markdown of the read API, or a
 * compact one (names and summaries, no quotes or links) that stays under ~4,000 tokens,
 * either restricted to some sections. Sections are the kinds placed in the overview.
 */
import { OVERVIEW_SECTIONS as SECTION_KINDS, type KindKey } from '../kinds/index.js'
import type { Overview, OverviewGroup, OverviewItem, OverviewSection as SectionContent } from '../overview/build.js'
import { overviewMarkdown } from '../overview/markdown.js'
import { disputedText } from '../kinds/review.js'

export const OVERVIEW_SECTIONS = SECTION_KINDS.map((kind) => kind.key) as [KindKey, ...KindKey[]]
export type OverviewSection = KindKey

const items = (value: SectionContent | undefined): OverviewItem[] =>
  (value ?? []).flatMap((entry: OverviewItem | OverviewGroup) => ('items' in entry ? (entry as OverviewGroup).items : [entry as OverviewItem]))

/** A summary's first sentence: the compact view names and defines, the full view quotes. */
const firstSentence = (text: string) => /^.*?[.!?](?=\s|$)/.exec(text)?.[0] ?? text

/** The overview with the sections not asked for left empty. */
function only(overview: Overview, sections: readonly OverviewSection[]): Overview {
  const copy = { ...overview }
  for (const section of OVERVIEW_SECTIONS) if (!sections.includes(section)) (copy as Record<string, unknown>)[section] = []
  return copy
}

export function overviewText(overview: Overview, sections: readonly OverviewSection[], detail: 'compact' | 'full'): string {
  if (detail === 'full') return overviewMarkdown(only(overview, sections))
  const line = (item: OverviewItem, indent = ''): string[] => [`${indent}- ${item.name}${disputedText(item.dispute)}: ${firstSentence(item.summary)}`, ...(item.subtypes ?? []).flatMap((sub) => line(sub, `${indent}  `))]
  const body = [`# ${overview.condition.name}`, '', `> ${overview.disclaimer}`, '', overview.condition.summary, '']
  for (const section of sections) {
    const list = items(overview[section])
    if (list.length === 0) continue
    const kind = SECTION_KINDS.find((candidate) => candidate.key === section)
    body.push(`## ${kind?.overview?.heading ?? section}`, ...list.flatMap((item) => line(item)), '')
  }
  body.push(
    'Compact view: no quotes. For the verbatim citations call get_overview with detail "full" (and a few sections), get_entity, or answer.',
    `Sources: ${overview.sources.map((source) => `${source.title}, ${source.publisher}`).join('; ')}.`
  )
  return `${body.join('\n')}\n`
}
