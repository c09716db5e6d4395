/**
 * Page furniture (`furniture.json` beside a dataset): text of the article that is part of
 * no fact, never cited and never served — not as a section's text, so not as a passage,
 * a search snippet, an answer's evidence or an overview quote. Found by structure:
 * - the lede: the paragraphs under the title heading (a teaser whose facts the body restates);
 * - list lead-ins: a paragraph ending in ':' right before bullet items;
 * and, where no structure marks it, the filler sentences the file lists verbatim.
 * (The byline and navigation lines never reach a section: `endBefore`, `ignoreLinePrefixes`.)
 */
import Type, { type Static } from 'typebox'
import { splitParagraphs } from './read.js'

export const Furniture = Type.Object(
  {
    description: Type.Optional(Type.String()),
    fillerSentences: Type.Array(Type.String({ minLength: 3 }))
  },
  { additionalProperties: false }
)
export type FurnitureDocument = Static<typeof Furniture>

/** A stretch of furniture: a paragraph of a section, whole or the characters `start`..`end`. */
export interface FurnitureSpan {
  paragraph: number
  start: number
  end: number
  what: string
}

const BULLET = /^[•▪●]/

/** The furniture in a section's paragraphs. */
export function furnitureIn(paragraphs: string[], isLede: boolean, furniture: FurnitureDocument): FurnitureSpan[] {
  const spans: FurnitureSpan[] = []
  paragraphs.forEach((text, paragraph) => {
    const whole = { paragraph, start: 0, end: text.length }
    if (isLede) spans.push({ ...whole, what: 'the lede' })
    else if (text.endsWith(':') && BULLET.test(paragraphs[paragraph + 1] ?? '')) spans.push({ ...whole, what: 'a list lead-in' })
    for (const sentence of furniture.fillerSentences) {
      for (let start = text.indexOf(sentence); start >= 0; start = text.indexOf(sentence, start + 1)) {
        spans.push({ paragraph, start, end: start + sentence.length, what: `the filler sentence ${JSON.stringify(sentence)}` })
      }
    }
  })
  return spans
}

/** True when the characters `start`..`end` of a paragraph touch a span of furniture. */
export const overlapsFurniture = (spans: FurnitureSpan[], paragraph: number, start: number, end: number): FurnitureSpan | undefined =>
  spans.find((span) => span.paragraph === paragraph && start < span.end && span.start < end)

/** The section's text as served: furniture paragraphs dropped, filler sentences cut out. */
export function withoutFurniture(text: string, spans: FurnitureSpan[]): string {
  return splitParagraphs(text)
    .map((paragraph, index) => {
      const mine = spans.filter((span) => span.paragraph === index).sort((a, b) => b.start - a.start)
      let kept = paragraph
      for (const span of mine) {
        if (span.start === 0 && span.end === paragraph.length) return ''
        const before = kept.slice(0, span.start).trimEnd()
        const after = kept.slice(span.end).trimStart()
        kept = before && after ? `${before} ${after}` : before + after
      }
      return kept.trim()
    })
    .filter(Boolean)
    .join('\n\n')
}
