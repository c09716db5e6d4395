/**
 * Understanding a question before anything is looked up: which words only frame it
 * ("my doctor told me…", "what does … mean"), which phrases say what kind of answer is
 * wanted (intent: "what causes" → causes, "can you die" → prognosis), whether it asks
 * for a quantity (a dose, a rate, a duration), and which words carry its content.
 *
 * These tables are about how people ask, not about what the knowledge base holds; the
 * lay vocabulary of the subject (kids → children, lump → nodule) is data: the lexicon.
 */
import type { KindKey } from '../kinds/index.js'
import { stem, words } from './text.js'

/**
 * Words that carry no content in a question: function words, question framing,
 * reported speech, people asking on someone's behalf, hedges. General English, never
 * a subject's words.
 */
const FRAMING = `a about above actually after again against all almost also am an and any anyone anything are around as ask asked at
be because been before being below between both but by can cannot could currently did do does doing done down during each either
else even ever every for from further get gets getting got gotten had has have having he her here hers herself him himself his how
i if in into is it its itself just know let like likely lot lots may maybe me might mine more most much must my myself need needs
no nor not now of off often ok okay on once one only or other others our ours ourselves out over own per perhaps please possible
possibly probably quite rather really said say says she should since so some someone something sometimes still such sure tell
telling than thank thanks that the their theirs them themselves then there these they thing things think this those though through
thus to told too totally under until up upon us very was we well were what whatever when whenever where which while who whom whose
why will with within without would wrote written write yes yet you your yours yourself yourselves
mom mum mother dad father parent parents son daughter husband wife partner brother sister grandma grandmother grandpa grandfather
friend friends family baby's person people patient patients someone's
hi hello doc dear question questions wonder wondering curious anybody somebody
mean means meaning meant chart record records notes note report letter paper papers
real true normal usual usually common typically generally best worst good bad make makes made put puts found find
doctor doctors dermatologist physician physicians gp specialist specialists rheumatologist nurse nurses provider clinic
look looks looking seem seems seemed little bit
work works working worked effective help helps helped
app apps picker dropdown menu ui api json endpoint database field fields list listed listing lists entry entries catalog tool chatbot bot website`
  .split(/\s+/)
  .filter(Boolean)

/** Intent cues: a phrase of the question and the kind of entity it asks for. Longer phrases weigh more. */
const INTENT_CUES: Record<KindKey, string[]> = {
  conditions: ['what is', 'what are', 'what does that mean', 'what does it mean', 'define', 'definition', 'explain', 'overview', 'about'],
  types: [
    'type', 'types', 'kind of', 'kinds of', 'form of', 'forms of', 'subtype', 'subtypes', 'variant', 'variants', 'category',
    'fall under', 'falls under', 'belong to', 'belongs to', 'count as', 'classified', 'classify'
  ],
  causes: [
    'cause', 'causes', 'caused', 'causing', 'why do', 'why does', 'why did', 'why would', 'why am', 'why is', 'reason', 'reasons',
    'trigger', 'triggers', 'triggered', 'risk factor', 'risk factors', 'due to', 'come from', 'comes from', 'where does it come from',
    'what makes'
  ],
  symptoms: ['look like', 'looks like', 'feel like', 'feels like', 'sign', 'signs', 'symptom', 'symptoms', 'appearance', 'notice', 'what does it look'],
  diagnostics: [
    'test', 'tests', 'tested', 'testing', 'diagnose', 'diagnosed', 'diagnosis', 'confirm', 'examine', 'examining', 'exam', 'examination',
    'checked', 'check for', 'look for', 'findings', 'find out'
  ],
  treatments: [
    'treat', 'treats', 'treated', 'treating', 'treatment', 'treatments', 'therapy', 'therapies', 'cure', 'cured', 'get rid of',
    'rid of', 'medication', 'medications', 'medicine', 'medicines', 'drug', 'drugs', 'remedy', 'remedies', 'remove', 'removed',
    'manage', 'management', 'what can i do', 'what to do', 'what should i do', 'help with', 'relief', 'first step', 'options'
  ],
  complications: ['lead to', 'leads to', 'complication', 'complications', 'risk', 'risks', 'consequence', 'consequences', 'result in', 'end up', 'leave me'],
  prognosis: [
    'die', 'dying', 'death', 'deadly', 'fatal', 'kill', 'kills', 'survive', 'survival', 'outlook', 'prognosis', 'go away', 'goes away',
    'disappear', 'clear up', 'heal on its own', 'come back', 'comes back', 'recur', 'recurrence', 'permanent', 'forever',
    'life expectancy', 'get worse', 'future'
  ],
  prevention: ['stop', 'stops', 'prevent', 'prevents', 'preventing', 'prevention', 'avoid', 'avoiding', 'stop it from', 'protect', 'reduce the risk', 'lower the risk', 'careful'],
  warningSigns: [
    'see a doctor', 'see the doctor', 'see my doctor', 'see doctor', 'need a doctor', 'call a doctor', 'call the doctor', 'go to the doctor',
    'go to hospital', 'go to the hospital', 'emergency', 'urgent', 'urgently', 'worry', 'worried', 'worrying', 'seek help',
    'seek medical', 'red flag', 'red flags', 'warning', 'alarm', 'when to worry'
  ],
  bodySites: ['where', 'which part', 'body part', 'location', 'site', 'sites', 'affect', 'affects']
}

/** Phrases asking for a number: a dose, a rate, a duration, a frequency. */
const QUANTITY_CUES = [
  'how many', 'how much', 'how long', 'how often', 'how fast', 'how quickly', 'how soon', 'how likely', 'how common', 'how frequent',
  'how big', 'how large', 'what percentage', 'percentage', 'percent', 'proportion', 'prevalence', 'incidence', 'statistics',
  'dosage', 'dose of', 'what dose', 'odds', 'chance of', 'chances of'
]

interface Cue {
  stems: string[]
  kind: KindKey | 'quantity'
}

/** "what is", "where": cues so common that any specific cue outweighs them. */
const WEAK_KINDS = new Set<KindKey>(['conditions', 'bodySites'])

const toStems = (phrase: string) => words(phrase).map(stem)

const CUES: Cue[] = [
  ...Object.entries(INTENT_CUES).flatMap(([kind, phrases]) => phrases.map((phrase) => ({ stems: toStems(phrase), kind: kind as KindKey }))),
  ...QUANTITY_CUES.map((phrase) => ({ stems: toStems(phrase), kind: 'quantity' as const }))
].sort((a, b) => b.stems.length - a.stems.length)

/** Cues by their first stem, longest first. */
const CUES_BY_FIRST = new Map<string, Cue[]>()
for (const cue of CUES) {
  const list = CUES_BY_FIRST.get(cue.stems[0]!) ?? []
  list.push(cue)
  CUES_BY_FIRST.set(cue.stems[0]!, list)
}

const FRAMING_STEMS = new Set(FRAMING.flatMap((word) => [word, stem(word)]))

export const isFraming = (word: string) => FRAMING_STEMS.has(word) || FRAMING_STEMS.has(stem(word))

/** One word of the question, as typed and stemmed. */
export interface QuestionWord {
  word: string
  stem: string
}

export interface ParsedQuestion {
  words: QuestionWord[]
  /** Indexes of words that only frame the question or state its intent. */
  framing: Set<number>
  /** Indexes of intent-cue words (also framing); their text still helps ranking a little. */
  cueWords: Set<number>
  /** The kind asked for, when the cues agree on one. */
  kind: KindKey | null
  /** How clearly the wording asks for that kind: 0 (not at all) to 3. */
  intentStrength: number
  /** The kind comes only from weak cues ("what is", "where"). */
  weakIntent: boolean
  asksQuantity: boolean
}

const startsAt = (stems: string[], at: number, phrase: string[]) => phrase.every((part, i) => stems[at + i] === part)

export function parseQuestion(question: string): ParsedQuestion {
  const list = words(question).map((word) => ({ word, stem: stem(word) }))
  const stems = list.map((w) => w.stem)
  const framing = new Set<number>()
  const cueWords = new Set<number>()
  const weight = new Map<KindKey, number>()
  let asksQuantity = false
  for (let i = 0; i < stems.length; i++) {
    const cue = CUES_BY_FIRST.get(stems[i]!)?.find((candidate) => startsAt(stems, i, candidate.stems))
    if (!cue) continue
    for (let j = i; j < i + cue.stems.length; j++) {
      cueWords.add(j)
      framing.add(j)
    }
    if (cue.kind === 'quantity') asksQuantity = true
    else weight.set(cue.kind, (weight.get(cue.kind) ?? 0) + cue.stems.length)
    i += cue.stems.length - 1
  }
  list.forEach((w, i) => {
    if (isFraming(w.word)) framing.add(i)
  })
  const ranked = [...weight.entries()].map(([kind, w]) => [kind, WEAK_KINDS.has(kind) ? w * 0.4 : w] as const).sort((a, b) => b[1] - a[1])
  const [best, second] = ranked
  const kind = best && (!second || best[1] > second[1]) ? best[0] : null
  // Strength: how many cue words say so, beyond the runner-up ("get rid of" 3, "treatment" 1), at most 3.
  const strength = kind && best ? Math.min(3, best[1] - (second?.[1] ?? 0)) : 0
  return { words: list, framing, cueWords, kind, intentStrength: strength, weakIntent: kind !== null && WEAK_KINDS.has(kind), asksQuantity }
}
