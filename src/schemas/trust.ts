/**
 * The contract of trust and provenance (issue 13), as shared components: the clinical
 * review every entity and link carries, standard codes, and the `meta` of every list
 * and item answer. Each is declared once here and referenced everywhere.
 */
import Type, { type TSchema } from 'typebox'
import { KIND_LIST } from '../kinds/index.js'
import { CODE_SYSTEMS, REVIEW_STATUSES } from '../kinds/vocabulary.js'
import { QUEUE_REASONS } from '../repositories/review-queue.js'
import { StringEnum } from './common.js'
import { List, MAX, Text, Timestamp as BoundedTimestamp } from '../lib/bounds.js'

const Timestamp = BoundedTimestamp()
const Day = Type.String({ format: 'date', maxLength: 10, description: 'A date, YYYY-MM-DD.' })

export const ReviewStatus = StringEnum(REVIEW_STATUSES, {
  description: '`unreviewed`: no clinician has checked it; `reviewed`: a reviewer signed it off; `disputed`: a reviewer objects to it (see `note`).'
})

export const Review = Type.Object(
  {
    status: ReviewStatus,
    reviewedAt: Type.Union([Timestamp, Type.Null()], { description: 'When the review was last set.' }),
    reviewer: Type.Union([Text(MAX.actor), Type.Null()], { description: 'Who set it (the name of the API key).' }),
    note: Type.Union([Text(MAX.summary), Type.Null()], { description: "The reviewer's note: for a dispute, what is objected to." }),
    nextReviewDue: Type.Union([Day, Type.Null()], { description: 'After this date the review is overdue.' })
  },
  { $id: 'Review', title: 'Clinical review', description: 'Whether a clinician checked this entity or link, and what they found. Content starts `unreviewed`.' }
)

/** `SYSTEM:CODE`: the system, then the code as the system writes it (`HPO:HP:0003125`). */
export const CODE_SYSTEM_PATTERN = CODE_SYSTEMS.join('|')
export const CODE_PATTERN = '^[A-Za-z0-9][A-Za-z0-9.:_-]{0,63}$'

export const CodeSystem = StringEnum(CODE_SYSTEMS, { description: 'The code system.' })
export const CodeValue = Type.String({ pattern: CODE_PATTERN, maxLength: 64, description: 'The code as the system writes it.', examples: ['L94.2'] })

const codeProperties = {
  system: CodeSystem,
  code: CodeValue,
  display: Type.String({ minLength: 1, maxLength: MAX.title, description: "The system's own label for the code." }),
  source: Type.String({ pattern: '^https?://\\S+$', maxLength: MAX.url, description: 'The authoritative public listing the code was verified in.' }),
  verifiedAt: Type.String({ format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$', maxLength: 10, description: 'When it was verified there (YYYY-MM-DD).' })
}

export const Code = Type.Object(codeProperties, { $id: 'Code', title: 'Standard code', description: "A code of a standard terminology that names the entity (`codes`), verified in the public listing named as `source`; an entity's codes are never guessed." })

/** What an editor sends: the same, closed. */
export const CodeInput = Type.Object(codeProperties, { additionalProperties: false, $id: 'CodeInput', title: 'Standard code input' })

export const Meta = Type.Object(
  {
    disclaimer: Text(MAX.message, { description: 'Not medical advice.' }),
    datasetVersion: Text(MAX.id, { description: "A hash of the published content, the same as the export's: equal versions, equal content." }),
    lastUpdated: Type.Union([Timestamp, Type.Null()], { description: 'When the content last changed (any entity or source, its review included).' }),
    attribution: Text(MAX.message, { description: 'The sources the content restates, with their publisher, address and licence as far as known.' })
  },
  { $id: 'Meta', title: 'Answer metadata', description: 'About the knowledge base as a whole, on every list and item answer.' }
)

export const TRUST_SCHEMAS: TSchema[] = [Review, Code, CodeInput, Meta]

const CollectionPath = StringEnum(KIND_LIST.map((kind) => kind.path), { description: 'The collection the entity belongs to.' })

/** `GET /v1/codes/{system}/{code}`: a code and the published entities carrying it. */
export const CodedEntities = Type.Object(
  {
    system: CodeSystem,
    code: CodeValue,
    display: Text(MAX.title),
    entities: List(
      Type.Object({ collection: CollectionPath, id: Text(MAX.id), name: Text(MAX.name), review: Type.Ref('Review') }),
      MAX.collection,
      { description: 'The published entities carrying the code, by collection and name.' }
    )
  },
  { $id: 'CodedEntities', title: 'Entities carrying a code' }
)

export const ReviewQueueItem = Type.Object(
  {
    collection: CollectionPath,
    id: Text(MAX.id),
    name: Text(MAX.name),
    link: Type.Union(
      [Type.Object({ relation: Text(MAX.id), id: Text(MAX.id), name: Text(MAX.name) }), Type.Null()],
      { description: "Null for the entity itself; for a link, the other side (review it with `link: { relation, id }`)." }
    ),
    reason: StringEnum(QUEUE_REASONS, { description: '`disputed`, `overdue` (`nextReviewDue` has passed) or `unreviewed`; the queue lists them in that order.' }),
    review: Type.Ref('Review')
  },
  { $id: 'ReviewQueueItem', title: 'Review queue item' }
)

TRUST_SCHEMAS.push(CodedEntities, ReviewQueueItem)
