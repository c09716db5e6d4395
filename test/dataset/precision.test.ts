/**
 * The seed says only what the article says (issue 13). Each test is a rule checked over
 * every entity, link and citation of the seed, so that the next overreach of the same
 * sort fails here too, not only the instances the review found.
 *
 * Besides `knowledge.json`, the dataset folder holds `retired.json` (ids that left the
 * seed, and what replaces them), `related.json` (near-duplicates and look-alikes, with a
 * cited note saying how they differ) and `furniture.json` (filler sentences, which have no
 * structural marker in this article); the loader reads all three.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import type { DatasetCitation, DatasetDocument, DatasetEntity } from '../../src/dataset/format.js'
import { furnitureIn } from '../../src/dataset/furniture.js'
import { readDatasetFolder, splitParagraphs, splitSections } from '../../src/dataset/read.js'
import { KIND_KEYS, type KindKey } from '../../src/kinds/index.js'
import { seedFolder } from '../../src/paths.js'

interface Retired {
  kind: KindKey
  id: string
  replacedBy: string | null
  reason: string
}
interface Related {
  between: string[]
  note: string
  citations: DatasetCitation[]
}
interface Furniture {
  description: string
  fillerSentences: string[]
}

const folder = join(seedFolder, 'calcinosis-cutis')
const readJson = <T>(file: string): T => JSON.parse(readFileSync(join(folder, file), 'utf8')) as T
const document = readJson<DatasetDocument>('knowledge.json')
const retired = readJson<Retired[]>('retired.json')
const related = readJson<Related[]>('related.json')
const furniture = readJson<Furniture>('furniture.json')
const article = readFileSync(join(folder, document.source.file), 'utf8')
/** The sections as the loader serves them (and a check that it accepts the seed). */
const served = readDatasetFolder(folder).source.sections
/** The sections as the article has them, furniture included: what quotes are located in. */
const articleSections = splitSections(article, document.source, [])
const paragraphsBySection = new Map(articleSections.map((section) => [section.slug, splitParagraphs(section.text)]))

interface Held {
  ref: string
  kind: KindKey
  entity: DatasetEntity
}
const entities: Held[] = KIND_KEYS.flatMap((kind) => (document.entities[kind] ?? []).map((entity) => ({ ref: `${kind}/${entity.id}`, kind, entity })))
const byRef = new Map(entities.map((held) => [held.ref, held]))

interface Linked {
  from: string
  to: string
  note: string | null
  citations: DatasetCitation[]
}
const links: Linked[] = entities.flatMap(({ ref, entity }) =>
  Object.entries(entity.links ?? {}).flatMap(([target, list]) =>
    (list ?? []).map((link) => ({ from: ref, to: `${target}/${link.id}`, note: link.note ?? null, citations: link.citations }))
  )
)

/** Every citation of the seed, with where it is used. */
const citations: Array<{ where: string; citation: DatasetCitation }> = [
  ...entities.flatMap(({ ref, entity }) => entity.citations.map((citation) => ({ where: ref, citation }))),
  ...links.flatMap((link) => link.citations.map((citation) => ({ where: `${link.from} -> ${link.to}`, citation }))),
  ...related.flatMap((entry) => entry.citations.map((citation) => ({ where: `related ${entry.between.join(' ~ ')}`, citation })))
]

const namesOf = (entity: DatasetEntity): string[] => [entity.name, ...(entity.aliases ?? [])].map((name) => name.toLowerCase())
const quotes = (entity: DatasetEntity): string[] => entity.citations.map((citation) => citation.quote)

/** Where a quote sits in its section: the paragraph index and the character range inside it. */
function locate({ section, quote }: DatasetCitation): { paragraph: number; start: number; end: number } | null {
  const paragraphs = paragraphsBySection.get(section) ?? []
  const paragraph = paragraphs.findIndex((text) => text.includes(quote))
  if (paragraph < 0) return null
  const start = (paragraphs[paragraph] as string).indexOf(quote)
  return { paragraph, start, end: start + quote.length }
}

/** Character ranges of furniture in the article's paragraphs, as the loader finds them. */
function furnitureRanges(): Map<string, Array<{ paragraph: number; start: number; end: number; what: string }>> {
  return new Map(
    articleSections.map((section) => [section.slug, furnitureIn(paragraphsBySection.get(section.slug) ?? [], section.heading === document.source.title, furniture)])
  )
}

t.test('the byline and the navigation lines are never served as content', async (t) => {
  const byline = document.source.publisher
  const prefixes = document.source.ignoreLinePrefixes ?? []
  const leaked = served.flatMap((section) =>
    splitParagraphs(section.text)
      .filter((text) => text.includes(byline) || prefixes.some((prefix) => text.startsWith(prefix)))
      .map((text) => `${section.slug}: ${text}`)
  )
  t.same(leaked, [], 'no served paragraph')
  t.same(
    citations.filter(({ citation }) => citation.quote.includes(byline)).map(({ where }) => where),
    [],
    'no quote'
  )
})

t.test('every declared filler sentence is verbatim in the article, and none is served', async (t) => {
  const text = articleSections.map((section) => section.text).join('\n\n')
  const servedText = served.map((section) => section.text).join('\n\n')
  t.ok(furniture.fillerSentences.length > 0)
  t.same(
    furniture.fillerSentences.filter((sentence) => !text.includes(sentence)),
    []
  )
  t.same(
    furniture.fillerSentences.filter((sentence) => servedText.includes(sentence)),
    []
  )
})

t.test('the lede and the list lead-ins are not served', async (t) => {
  const ranges = furnitureRanges()
  const whole = [...ranges].flatMap(([slug, list]) =>
    list.filter((range) => range.start === 0 && range.end === (paragraphsBySection.get(slug)?.[range.paragraph]?.length ?? -1)).map((range) => paragraphsBySection.get(slug)?.[range.paragraph] as string)
  )
  t.ok(whole.length >= 8, 'the lede and the lead-ins are found')
  const servedParagraphs = new Set(served.flatMap((section) => splitParagraphs(section.text)))
  t.same(whole.filter((paragraph) => servedParagraphs.has(paragraph)), [])
})

t.test('no citation quotes furniture: the lede, list lead-ins or filler sentences', async (t) => {
  const ranges = furnitureRanges()
  const offending: string[] = []
  for (const { where, citation } of citations) {
    const at = locate(citation)
    if (!at) {
      offending.push(`${where}: quote not found in section ${citation.section}`)
      continue
    }
    for (const range of ranges.get(citation.section) ?? []) {
      if (range.paragraph === at.paragraph && at.start < range.end && range.start < at.end) offending.push(`${where}: ${range.what}`)
    }
  }
  t.same(offending, [])
})

t.test('every type is named by the article, and has a parent only where a quote names both', async (t) => {
  const text = article.toLowerCase()
  const types = entities.filter((held) => held.kind === 'types')
  t.same(
    types.filter(({ entity }) => !namesOf(entity).some((name) => text.includes(name))).map(({ ref }) => ref),
    [],
    'the article names every type'
  )
  const unstated = types.filter(({ entity }) => {
    const parent = entity.parent ? byRef.get(`types/${entity.parent as string}`) : undefined
    if (!entity.parent) return false
    if (!parent) return true
    return !quotes(entity).some((quote) => {
      const lower = quote.toLowerCase()
      return namesOf(entity).some((name) => lower.includes(name)) && namesOf(parent.entity).some((name) => lower.includes(name))
    })
  })
  t.same(
    unstated.map(({ ref, entity }) => `${ref} under ${entity.parent as string}`),
    [],
    'a quote of each subtype names it together with its parent'
  )
})

t.test('a complication has a severity only where its own quotes use that word', async (t) => {
  const unsupported = entities
    .filter(({ kind, entity }) => kind === 'complications' && entity.severity)
    .filter(({ entity }) => !quotes(entity).some((quote) => new RegExp(`\\b${entity.severity as string}\\b`, 'i').test(quote)))
    .map(({ ref, entity }) => `${ref}: ${entity.severity as string}`)
  t.same(unsupported, [])
})

/** Words of certainty or frequency: a summary may use one only where a quote of its own does. */
const CERTAINTY = [/\balways\b/i, /\bnever\b/i, /\bcommon(ly)?\b/i, /\bmost\b/i, /\busually\b/i, /\btypically\b/i, /\bfrequently\b/i, /\boften\b/i, /\bestablished\b/i, /\bproven\b/i, /\bcertain(ly)?\b/i, /\bdefinitely\b/i]

t.test('summaries and characteristics claim no more certainty than their quotes', async (t) => {
  const unsupported: string[] = []
  for (const { ref, entity } of entities) {
    const claims = [entity.summary, ...((entity.characteristics as string[] | undefined) ?? [])].join(' ')
    for (const word of CERTAINTY) {
      if (word.test(claims) && !quotes(entity).some((quote) => word.test(quote))) unsupported.push(`${ref}: ${word.source}`)
    }
  }
  t.same(unsupported, [])
})

/** The article's hedges: where every quote of an entity hedges, its summary keeps a hedge. */
const HEDGE = /\b(could|might|may|can|possibly|sometimes|some|often|usually|frequently)\b/i

t.test('a summary keeps the hedge when all its quotes hedge', async (t) => {
  const unhedged = entities
    .filter(({ entity }) => quotes(entity).every((quote) => HEDGE.test(quote)) && !HEDGE.test(entity.summary))
    .map(({ ref }) => ref)
  t.same(unhedged, [])
})

/** How the article names each drug class. */
const CLASS_WORDS: Record<string, RegExp> = {
  'calcium-channel-blocker': /calcium channel blocker/i,
  bisphosphonate: /bisphosphonate/i,
  nsaid: /\bNSAID|nonsteroidal anti-inflammatory/i,
  corticosteroid: /(?<!non)steroid/i
}

t.test('a drug class is given where the quotes name it, and wherever the name says it', async (t) => {
  const wrong: string[] = []
  for (const { ref, entity } of entities.filter((held) => held.kind === 'treatments')) {
    const drugClass = entity.drugClass as string | null | undefined
    if (drugClass && !quotes(entity).some((quote) => CLASS_WORDS[drugClass]?.test(quote))) wrong.push(`${ref}: no quote names ${drugClass}`)
    for (const [name, words] of Object.entries(CLASS_WORDS)) {
      if (words.test(entity.name) && drugClass !== name) wrong.push(`${ref}: its name says ${name}, its class is ${drugClass ?? 'null'}`)
    }
  }
  t.same(wrong, [])
})

t.test('a body site where the article places lesions is reached from a symptom', async (t) => {
  const LESION = /papules|plaques|nodules|lesions/i
  const reachedFromSymptoms = new Set(links.filter((link) => link.from.startsWith('symptoms/') && link.to.startsWith('bodySites/')).map((link) => link.to))
  const missing = links
    .filter((link) => link.to.startsWith('bodySites/') && link.citations.some((citation) => LESION.test(citation.quote)))
    .map((link) => link.to)
    .filter((site) => !reachedFromSymptoms.has(site))
  t.same([...new Set(missing)], [])
})

t.test('retired ids are gone from the seed, and each replacement exists', async (t) => {
  t.ok(retired.length > 0)
  const wrong: string[] = []
  for (const entry of retired) {
    const ref = `${entry.kind}/${entry.id}`
    if (!KIND_KEYS.includes(entry.kind)) wrong.push(`${ref}: unknown kind`)
    if (byRef.has(ref)) wrong.push(`${ref}: still in the seed`)
    if (links.some((link) => link.from === ref || link.to === ref) || related.some((r) => r.between.includes(ref))) wrong.push(`${ref}: still linked`)
    if (!entry.reason) wrong.push(`${ref}: no reason`)
    if (entry.replacedBy !== null && !byRef.has(entry.replacedBy)) wrong.push(`${ref}: replacement ${entry.replacedBy} does not exist`)
  }
  t.same(wrong, [])
  const refs = retired.map((entry) => `${entry.kind}/${entry.id}`)
  t.equal(new Set(refs).size, refs.length, 'each id retired once')
})

t.test('related entries name existing entities and cite the article verbatim', async (t) => {
  t.ok(related.length > 0)
  const wrong: string[] = []
  for (const entry of related) {
    const where = entry.between.join(' ~ ')
    if (new Set(entry.between).size < 2) wrong.push(`${where}: fewer than two entities`)
    for (const ref of entry.between) if (!byRef.has(ref)) wrong.push(`${where}: ${ref} does not exist`)
    if (!entry.note) wrong.push(`${where}: no note`)
    if (entry.citations.length === 0) wrong.push(`${where}: not cited`)
    for (const citation of entry.citations) if (!locate(citation)) wrong.push(`${where}: not verbatim in ${citation.section}: ${citation.quote}`)
  }
  t.same(wrong, [])
})

t.test('entities sharing a name or an alias are linked or declared related', async (t) => {
  const holders = new Map<string, Set<string>>()
  for (const { ref, entity } of entities) {
    for (const name of namesOf(entity)) holders.set(name, (holders.get(name) ?? new Set()).add(ref))
  }
  const declared = (a: string, b: string) =>
    links.some((link) => (link.from === a && link.to === b) || (link.from === b && link.to === a)) ||
    related.some((entry) => entry.between.includes(a) && entry.between.includes(b))
  const undeclared: string[] = []
  for (const [name, refs] of holders) {
    const list = [...refs]
    list.forEach((a, i) =>
      list.slice(i + 1).forEach((b) => {
        if (!declared(a, b)) undeclared.push(`"${name}": ${a} and ${b}`)
      })
    )
  }
  t.same(undeclared, [])
})
