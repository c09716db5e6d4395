/**
 * One declarative descriptor per content kind. Routes, filters, serialization, the seed
 * loader and OpenAPI are all derived from these: adding a kind is a table in
 * `db/schema.ts`, a descriptor here and a migration.
 */
import type { AnySQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core'
import * as s from '../db/schema.js'
import {
  CAUSE_CATEGORIES,
  COMPLICATION_SEVERITIES,
  DIAGNOSTIC_METHODS,
  DRUG_CLASSES,
  TREATMENT_MODALITIES
} from './vocabulary.js'

export const KIND_KEYS = [
  'conditions',
  'types',
  'causes',
  'symptoms',
  'diagnostics',
  'treatments',
  'complications',
  'prognosis',
  'prevention',
  'warningSigns',
  'bodySites'
] as const
export type KindKey = (typeof KIND_KEYS)[number]

/** The columns every content table has (see `contentColumns` in the schema). */
export type ContentTable = SQLiteTable & {
  id: AnySQLiteColumn
  name: AnySQLiteColumn
  summary: AnySQLiteColumn
  status: AnySQLiteColumn
  version: AnySQLiteColumn
  createdAt: AnySQLiteColumn
  updatedAt: AnySQLiteColumn
  deletedAt: AnySQLiteColumn
}

/** A kind-specific scalar field with a closed vocabulary, filterable by the same name. */
export interface EnumField {
  name: string
  column: AnySQLiteColumn
  values: readonly string[]
  nullable: boolean
  description: string
}

export interface Relation {
  /** Field name in responses and in `include`; the other kind's key. */
  name: KindKey
  /** Query parameter that filters by it: the other kind in the singular. */
  filter: string
  target: KindKey
  table: s.LinkTable
  /** True when this kind holds the owner column of the link table. */
  owned: boolean
  /** Column of the link table holding this kind's id, and the other side's. */
  selfColumn: AnySQLiteColumn
  otherColumn: AnySQLiteColumn
}

export interface Kind {
  key: KindKey
  /** URL segment: `warning-signs`. */
  path: string
  singular: string
  /** Display label, singular. */
  label: string
  /** An id for documentation examples. */
  example: string
  description: string
  table: ContentTable
  enums: EnumField[]
  /** Only `types`: a parent type and its subtypes. */
  hierarchical: boolean
  /**
   * Multiplies the search score: body sites rank below the entities that occur at them
   * ("kidney" should find chronic kidney disease before the kidneys).
   */
  searchWeight: number
  /** Relations to other kinds through link tables, filled in below. */
  relations: Relation[]
}

const enumField = (name: string, column: AnySQLiteColumn, values: readonly string[], nullable: boolean, description: string): EnumField => ({
  name,
  column,
  values,
  nullable,
  description
})

type KindSpec = Omit<Kind, 'relations' | 'key' | 'enums' | 'hierarchical' | 'searchWeight'> &
  Partial<Pick<Kind, 'enums' | 'hierarchical' | 'searchWeight'>>

const specs: Record<KindKey, KindSpec> = {
  conditions: {
    path: 'conditions',
    singular: 'condition',
    label: 'Condition',
    example: 'calcinosis-cutis',
    description: 'Medical conditions the knowledge base describes.',
    table: s.conditions
  },
  types: {
    path: 'types',
    singular: 'type',
    label: 'Type',
    example: 'idiopathic',
    description: 'Types of a condition and the variants (subtypes) under them.',
    table: s.types,
    hierarchical: true
  },
  causes: {
    path: 'causes',
    singular: 'cause',
    label: 'Cause',
    example: 'chronic-kidney-disease',
    description: 'Causes, underlying conditions and risk factors.',
    table: s.causes,
    enums: [enumField('category', s.causes.category, CAUSE_CATEGORIES, false, 'What kind of process the cause is.')]
  },
  symptoms: {
    path: 'symptoms',
    singular: 'symptom',
    label: 'Symptom',
    example: 'firm-whitish-yellow-lesions',
    description: 'Symptoms and signs.',
    table: s.symptoms
  },
  diagnostics: {
    path: 'diagnostics',
    singular: 'diagnostic',
    label: 'Diagnostic',
    example: 'biopsy',
    description: 'Diagnostic steps and tests.',
    table: s.diagnostics,
    enums: [enumField('method', s.diagnostics.method, DIAGNOSTIC_METHODS, false, 'The diagnostic method.')]
  },
  treatments: {
    path: 'treatments',
    singular: 'treatment',
    label: 'Treatment',
    example: 'diltiazem',
    description: 'Treatments and management options.',
    table: s.treatments,
    enums: [
      enumField('modality', s.treatments.modality, TREATMENT_MODALITIES, false, 'How the treatment is given.'),
      enumField('drugClass', s.treatments.drugClass, DRUG_CLASSES, true, 'Drug class, where the source names one.')
    ]
  },
  complications: {
    path: 'complications',
    singular: 'complication',
    label: 'Complication',
    example: 'digital-necrosis',
    description: 'Complications and risks.',
    table: s.complications,
    enums: [
      enumField('severity', s.complications.severity, COMPLICATION_SEVERITIES, true, 'Severity, where the source gives a basis for one.')
    ]
  },
  prognosis: {
    path: 'prognosis',
    singular: 'prognosis',
    label: 'Prognosis statement',
    example: 'spontaneous-resolution',
    description: 'Statements about the outlook.',
    table: s.prognosis
  },
  prevention: {
    path: 'prevention',
    singular: 'prevention',
    label: 'Prevention measure',
    example: 'avoid-skin-trauma',
    description: 'Preventive measures.',
    table: s.prevention
  },
  warningSigns: {
    path: 'warning-signs',
    singular: 'warningSign',
    label: 'Warning sign',
    example: 'widespread-calcification',
    description: 'Changes that call for prompt medical attention.',
    table: s.warningSigns
  },
  bodySites: {
    path: 'body-sites',
    singular: 'bodySite',
    label: 'Body site',
    example: 'fingertips',
    description: 'Body sites where lesions, signs or complications occur.',
    table: s.bodySites,
    searchWeight: 0.5
  }
}

/** Every link table, as [owner kind, target kind, table]. At most one link per pair of kinds. */
const LINKS: ReadonlyArray<readonly [KindKey, KindKey, s.LinkTable]> = [
  ['conditions', 'types', s.conditionTypes],
  ['conditions', 'causes', s.conditionCauses],
  ['conditions', 'symptoms', s.conditionSymptoms],
  ['conditions', 'diagnostics', s.conditionDiagnostics],
  ['conditions', 'treatments', s.conditionTreatments],
  ['conditions', 'complications', s.conditionComplications],
  ['conditions', 'prognosis', s.conditionPrognosis],
  ['conditions', 'prevention', s.conditionPrevention],
  ['conditions', 'warningSigns', s.conditionWarningSigns],
  ['types', 'causes', s.typeCauses],
  ['types', 'symptoms', s.typeSymptoms],
  ['types', 'diagnostics', s.typeDiagnostics],
  ['types', 'treatments', s.typeTreatments],
  ['types', 'complications', s.typeComplications],
  ['types', 'bodySites', s.typeBodySites],
  ['types', 'prognosis', s.typePrognosis],
  ['types', 'prevention', s.typePrevention],
  ['symptoms', 'bodySites', s.symptomBodySites],
  ['treatments', 'symptoms', s.treatmentSymptoms],
  ['causes', 'complications', s.causeComplications],
  ['causes', 'prognosis', s.causePrognosis],
  ['causes', 'prevention', s.causePrevention],
  ['complications', 'bodySites', s.complicationBodySites],
  ['warningSigns', 'symptoms', s.warningSignSymptoms],
  ['warningSigns', 'complications', s.warningSignComplications]
]

function buildKinds(): Record<KindKey, Kind> {
  const kinds = {} as Record<KindKey, Kind>
  for (const key of KIND_KEYS) {
    const spec = specs[key]
    kinds[key] = { key, enums: [], hierarchical: false, searchWeight: 1, ...spec, relations: [] }
  }
  for (const [owner, target, table] of LINKS) {
    kinds[owner].relations.push({
      name: target,
      filter: kinds[target].singular,
      target,
      table,
      owned: true,
      selfColumn: table.ownerId,
      otherColumn: table.targetId
    })
    kinds[target].relations.push({
      name: owner,
      filter: kinds[owner].singular,
      target: owner,
      table,
      owned: false,
      selfColumn: table.targetId,
      otherColumn: table.ownerId
    })
  }
  for (const kind of Object.values(kinds)) kind.relations.sort((a, b) => KIND_KEYS.indexOf(a.name) - KIND_KEYS.indexOf(b.name))
  return kinds
}

export const KINDS: Readonly<Record<KindKey, Kind>> = buildKinds()
export const KIND_LIST: readonly Kind[] = KIND_KEYS.map((key) => KINDS[key])

export const kindByPath = (path: string): Kind | undefined => KIND_LIST.find((kind) => kind.path === path)

export const isKindKey = (value: string): value is KindKey => (KIND_KEYS as readonly string[]).includes(value)
