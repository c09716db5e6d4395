/**
 * One declarative descriptor per kind (see `descriptor.ts` for what each part means).
 * Adding a kind is: its table in `db/schema.ts` (with its link tables), a descriptor
 * here, and a generated migration; the README's "Adding a kind" lists the steps.
 */
import { getTableName } from 'drizzle-orm'
import * as s from '../db/schema.js'
import { KIND_KEYS, type Kind, type KindKey } from './descriptor.js'
import { columnName, enumField, textListField } from './fields.js'
import type { LinkedDataProperty, SchemaPropertyName } from './descriptor.js'
import { CAUSE_CATEGORIES, COMPLICATION_SEVERITIES, DIAGNOSTIC_METHODS, DRUG_CLASSES, TREATMENT_MODALITIES } from './vocabulary.js'

export { KIND_KEYS, type Kind, type KindKey } from './descriptor.js'

/** What a kind declares; the rest of its descriptor (key, table name, relations) is derived. */
type KindSpec = Pick<Kind, 'path' | 'singular' | 'label' | 'example' | 'description' | 'table' | 'linkedData'> &
  Partial<Pick<Kind, 'fields' | 'hierarchy' | 'searchWeight' | 'overview'>>

/**
 * schema.org mapping (JSON-LD), each property checked against the schema.org vocabulary
 * by test/linked-data: a link is a property of the type whose domain it is, written as
 * `@reverse` from the other end where schema.org has no inverse. Complications and
 * prognosis are Text in schema.org (`possibleComplication`, `expectedPrognosis`), so a
 * condition names them. Causes that are diseases a patient has (the article's
 * "underlying medical conditions") are also risk factors.
 */
const UNDERLYING_CONDITION_CATEGORIES = ['autoimmune', 'renal', 'endocrine', 'metabolic', 'genetic'] as const
const node = (property: SchemaPropertyName): LinkedDataProperty => ({ property, as: 'node' })
const reverse = (property: SchemaPropertyName): LinkedDataProperty => ({ property, as: 'reverse' })
const text = (property: SchemaPropertyName): LinkedDataProperty => ({ property, as: 'text' })
const causeProperties = [node('cause'), { ...node('riskFactor'), when: { field: 'category', values: UNDERLYING_CONDITION_CATEGORIES } }]
/** What a condition and a type of it say of the same kinds of links. */
const conditionLinks = {
  causes: causeProperties,
  symptoms: [node('signOrSymptom')],
  diagnostics: [node('typicalTest')],
  treatments: [node('possibleTreatment')],
  complications: [text('possibleComplication')],
  prognosis: [text('expectedPrognosis')],
  prevention: [node('primaryPrevention')]
}

const specs: Record<KindKey, KindSpec> = {
  conditions: {
    path: 'conditions',
    singular: 'condition',
    label: 'Condition',
    example: 'calcinosis-cutis',
    description: 'Medical conditions the knowledge base describes.',
    table: s.conditions,
    linkedData: { type: 'MedicalCondition', links: { ...conditionLinks, types: [reverse('additionalType')] } }
  },
  types: {
    path: 'types',
    singular: 'type',
    label: 'Type',
    example: 'idiopathic',
    description: 'Types of a condition and the variants (subtypes) under them.',
    table: s.types,
    fields: [textListField(s.types, s.types.characteristics, 'Distinguishing traits, as the source states them.')],
    hierarchy: { parentColumn: columnName(s.types.parentId), parentField: 'parent', childrenField: 'subtypes', filtersMatchDescendants: true },
    overview: { heading: 'Types', description: 'Types, each with its variants.', shows: { bodySites: 'sites' } },
    linkedData: {
      type: 'MedicalCondition',
      // schema.org has no subtype property: a variant is a condition whose additionalType is its parent.
      parentProperty: 'additionalType',
      links: { ...conditionLinks, conditions: [node('additionalType')], bodySites: [node('associatedAnatomy')] }
    }
  },
  causes: {
    path: 'causes',
    singular: 'cause',
    label: 'Cause',
    example: 'chronic-kidney-disease',
    description: 'Causes, underlying conditions and risk factors.',
    table: s.causes,
    fields: [enumField(s.causes, s.causes.category, CAUSE_CATEGORIES, 'What kind of process the cause is.')],
    overview: { heading: 'Causes', description: 'Causes grouped by category.', groupBy: 'category', shows: { types: 'types' } },
    linkedData: {
      type: 'MedicalCause',
      alsoTypes: [{ field: 'category', values: UNDERLYING_CONDITION_CATEGORIES, types: ['MedicalRiskFactor'] }],
      links: { conditions: [node('causeOf')], types: [node('causeOf')], complications: [node('causeOf')] }
    }
  },
  symptoms: {
    path: 'symptoms',
    singular: 'symptom',
    label: 'Symptom',
    example: 'firm-whitish-yellow-lesions',
    description: 'Symptoms and signs.',
    table: s.symptoms,
    overview: { heading: 'Signs and symptoms', description: 'Signs and symptoms with their body sites.', shows: { bodySites: 'sites' } },
    linkedData: {
      type: 'MedicalSignOrSymptom',
      links: { conditions: [reverse('signOrSymptom')], types: [reverse('signOrSymptom')], treatments: [node('possibleTreatment')], bodySites: [node('associatedAnatomy')] }
    }
  },
  diagnostics: {
    path: 'diagnostics',
    singular: 'diagnostic',
    label: 'Diagnostic',
    example: 'biopsy',
    description: 'Diagnostic steps and tests.',
    table: s.diagnostics,
    fields: [enumField(s.diagnostics, s.diagnostics.method, DIAGNOSTIC_METHODS, 'The diagnostic method.')],
    overview: { heading: 'Diagnosis', description: 'Diagnostic steps.', shows: {} },
    linkedData: { type: 'MedicalTest', links: { conditions: [node('usedToDiagnose')], types: [node('usedToDiagnose')] } }
  },
  treatments: {
    path: 'treatments',
    singular: 'treatment',
    label: 'Treatment',
    example: 'diltiazem',
    description: 'Treatments and management options.',
    table: s.treatments,
    fields: [
      enumField(s.treatments, s.treatments.modality, TREATMENT_MODALITIES, 'How the treatment is given.'),
      enumField(s.treatments, s.treatments.drugClass, DRUG_CLASSES, 'Drug class, where the source names one.')
    ],
    overview: {
      heading: 'Treatments',
      description: 'Treatments grouped by modality, with the types they are for and the notes of the source.',
      groupBy: 'modality',
      shows: { types: 'types', symptoms: 'relieves' }
    },
    linkedData: {
      type: 'MedicalTherapy',
      // Given as a medicine (not surgery, lasers or wound care): also a Drug, with its class.
      alsoTypes: [{ field: 'modality', values: ['pharmacological', 'topical', 'intralesional'], types: ['Drug'] }],
      fields: [{ field: 'drugClass', property: 'drugClass', nodeType: 'DrugClass', onType: 'Drug' }],
      links: { conditions: [reverse('possibleTreatment')], types: [reverse('possibleTreatment')], symptoms: [reverse('possibleTreatment')] }
    }
  },
  complications: {
    path: 'complications',
    singular: 'complication',
    label: 'Complication',
    example: 'digital-necrosis',
    description: 'Complications and risks.',
    table: s.complications,
    fields: [enumField(s.complications, s.complications.severity, COMPLICATION_SEVERITIES, 'Severity, where the source gives a basis for one.')],
    overview: { heading: 'Complications and risks', description: 'Complications and risks.', shows: { types: 'types', causes: 'causes' } },
    linkedData: { type: 'MedicalCondition', links: { causes: [node('cause')], bodySites: [node('associatedAnatomy')] } }
  },
  prognosis: {
    path: 'prognosis',
    singular: 'prognosis',
    label: 'Prognosis statement',
    example: 'spontaneous-resolution',
    description: 'Statements about the outlook.',
    table: s.prognosis,
    overview: { heading: 'Prognosis', description: 'Prognosis statements.', shows: { types: 'types', causes: 'causes' } },
    // schema.org has no type for a prognosis statement; a condition names it (`expectedPrognosis`).
    linkedData: { type: 'MedicalEntity', links: {} }
  },
  prevention: {
    path: 'prevention',
    singular: 'prevention',
    label: 'Prevention measure',
    example: 'avoid-skin-trauma',
    description: 'Preventive measures.',
    table: s.prevention,
    overview: { heading: 'Prevention', description: 'Preventive measures.', shows: { types: 'types', causes: 'causes' } },
    linkedData: { type: 'MedicalTherapy', links: { conditions: [reverse('primaryPrevention')], types: [reverse('primaryPrevention')] } }
  },
  warningSigns: {
    path: 'warning-signs',
    singular: 'warningSign',
    label: 'Warning sign',
    example: 'widespread-calcification',
    description: 'Changes that call for prompt medical attention.',
    table: s.warningSigns,
    overview: { heading: 'When to seek medical attention', description: 'When to seek medical attention.', shows: { symptoms: 'symptoms', complications: 'complications' } },
    linkedData: { type: 'MedicalSignOrSymptom', links: {} }
  },
  bodySites: {
    path: 'body-sites',
    singular: 'bodySite',
    label: 'Body site',
    example: 'fingertips',
    description: 'Body sites where lesions, signs or complications occur.',
    table: s.bodySites,
    searchWeight: 0.5,
    linkedData: { type: 'AnatomicalStructure', links: { types: [node('relatedCondition')], symptoms: [node('relatedCondition')], complications: [node('relatedCondition')] } }
  }
}

/** The kind whose table is `table`; every link table joins two kinds' tables. */
function kindOfTable(kinds: Record<KindKey, Kind>, table: unknown): Kind {
  const kind = Object.values(kinds).find((candidate) => candidate.table === table)
  if (!kind) throw new Error(`a link table joins a table that no kind declares`)
  return kind
}

function buildKinds(): Record<KindKey, Kind> {
  const kinds = {} as Record<KindKey, Kind>
  for (const key of KIND_KEYS) {
    const spec = specs[key]
    kinds[key] = { key, fields: [], searchWeight: 1, ...spec, tableName: getTableName(spec.table), relations: [] }
  }
  // Relations come from the schema's one declaration of the link tables, seen from both ends.
  for (const { table, owner: ownerTable, target: targetTable } of s.LINKS) {
    const owner = kindOfTable(kinds, ownerTable)
    const target = kindOfTable(kinds, targetTable)
    const tableName = getTableName(table)
    const ownerColumn = columnName(table.ownerId)
    const targetColumn = columnName(table.targetId)
    const link = { table, tableName }
    owner.relations.push({
      ...link,
      name: target.key,
      filter: target.singular,
      target: target.key,
      owned: true,
      selfColumn: ownerColumn,
      otherColumn: targetColumn,
      selfProperty: 'ownerId',
      otherProperty: 'targetId'
    })
    target.relations.push({
      ...link,
      name: owner.key,
      filter: owner.singular,
      target: owner.key,
      owned: false,
      selfColumn: targetColumn,
      otherColumn: ownerColumn,
      selfProperty: 'targetId',
      otherProperty: 'ownerId'
    })
  }
  for (const kind of Object.values(kinds)) kind.relations.sort((a, b) => KIND_KEYS.indexOf(a.name) - KIND_KEYS.indexOf(b.name))
  return kinds
}

export const KINDS: Readonly<Record<KindKey, Kind>> = buildKinds()
export const KIND_LIST: readonly Kind[] = KIND_KEYS.map((key) => KINDS[key])

export const kindByPath = (path: string): Kind | undefined => KIND_LIST.find((kind) => kind.path === path)

export const isKindKey = (value: string): value is KindKey => (KIND_KEYS as readonly string[]).includes(value)

/** The relation of `kind` named `name`, if it has one. */
export const relationOf = (kind: Kind, name: string) => kind.relations.find((relation) => relation.name === name)

/** The kind an overview is about (`/v1/conditions/{id}/overview`); every kind with an `overview` placement is a section of it. */
export const OVERVIEW_ROOT: Kind = KINDS.conditions
export const OVERVIEW_SECTIONS: readonly Kind[] = KIND_LIST.filter((kind) => kind.overview)
