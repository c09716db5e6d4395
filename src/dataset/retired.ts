/** Ids a dataset retired (`retired.json` beside it): checked against the dataset, answered 410 Gone. */
import Type from 'typebox'
import Value from 'typebox/value'
import { KIND_KEYS, type KindKey } from '../kinds/index.js'
import { Slug } from '../lib/slug.js'
import { DatasetError } from './errors.js'
import type { EntityRecord } from './read.js'

/** An id that went away (`retired.json` beside a dataset): it answers 410 Gone, naming its replacement. */
export interface RetiredRecord {
  kind: KindKey
  id: string
  /** `kind/id` of the entity that took its place, if any. */
  replacedBy: string | null
  reason: string
}

const Retired = Type.Array(
  Type.Object(
    {
      kind: Type.Enum([...KIND_KEYS]),
      id: Slug,
      replacedBy: Type.Union([Type.String({ pattern: '^[A-Za-z]+/[a-z0-9]+(?:-[a-z0-9]+)*$' }), Type.Null()]),
      reason: Type.String({ minLength: 1 })
    },
    { additionalProperties: false }
  )
)

/** Retired ids must be gone from the dataset, and what replaces them must be in it. */
export function checkRetired(document: unknown, entities: EntityRecord[], origin: string): RetiredRecord[] {
  if (!Value.Check(Retired, document)) throw new DatasetError(origin, [...Value.Errors(Retired, document)].slice(0, 20).map((e) => `${e.instancePath || '/'} ${e.message}`))
  const present = new Set(entities.map((entity) => `${entity.kind}/${entity.id}`))
  const problems: string[] = []
  for (const retired of document as RetiredRecord[]) {
    if (present.has(`${retired.kind}/${retired.id}`)) problems.push(`${retired.kind}/${retired.id}: retired but still in the dataset`)
    if (retired.replacedBy && !present.has(retired.replacedBy)) problems.push(`${retired.kind}/${retired.id}: replaced by ${retired.replacedBy}, which is not in the dataset`)
  }
  if (problems.length > 0) throw new DatasetError(origin, problems)
  return document as RetiredRecord[]
}

