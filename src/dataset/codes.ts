/**
 * Standard codes a dataset seeds (`codes.json` beside it): each names the entity it codes
 * and the authoritative listing it was verified in. A code that could not be verified in
 * such a listing is not seeded at all.
 */
import Type from 'typebox'
import Value from 'typebox/value'
import { KIND_KEYS, type KindKey } from '../kinds/index.js'
import { Slug } from '../lib/slug.js'
import { DatasetError } from './errors.js'
import { DatasetCode } from './format.js'
import type { EntityRecord } from './read.js'

export interface CodeRecord {
  kind: KindKey
  id: string
  system: string
  code: string
  display: string
  source: string
  verifiedAt: string
}

const Codes = Type.Array(Type.Object({ kind: Type.Enum([...KIND_KEYS]), id: Slug, ...DatasetCode.properties }, { additionalProperties: false }))

/** Every code must name an entity of the dataset. */
export function checkCodes(document: unknown, entities: EntityRecord[], origin: string): CodeRecord[] {
  if (!Value.Check(Codes, document)) throw new DatasetError(origin, [...Value.Errors(Codes, document)].slice(0, 20).map((e) => `${e.instancePath || '/'} ${e.message}`))
  const present = new Set(entities.map((entity) => `${entity.kind}/${entity.id}`))
  const problems = (document as CodeRecord[])
    .filter((record) => !present.has(`${record.kind}/${record.id}`))
    .map((record) => `${record.kind}/${record.id}: ${record.system} ${record.code} codes an entity the dataset does not hold`)
  if (problems.length > 0) throw new DatasetError(origin, problems)
  return document as CodeRecord[]
}
