/**
 * Closed vocabularies for the kind-specific fields. They are part of the API contract
 * (filters and OpenAPI enums) and of the database (CHECK constraints), so adding a value
 * needs a migration. The meaning of each value is documented in README.md.
 */

/** What kind of process produces the calcification. */
export const CAUSE_CATEGORIES = [
  'autoimmune', // connective-tissue diseases: systemic sclerosis, dermatomyositis, lupus
  'renal', // kidney disease and dialysis
  'endocrine', // hormonal: hyperparathyroidism
  'metabolic', // mineral metabolism: hypervitaminosis D, milk-alkali syndrome
  'genetic', // inherited: pseudoxanthoma elasticum
  'tissue-injury', // local damage: trauma, infection, inflammation
  'iatrogenic' // medical interventions
] as const

export const DIAGNOSTIC_METHODS = [
  'clinical-examination',
  'biopsy',
  'laboratory',
  'imaging',
  'histopathology',
  'differential'
] as const

export const TREATMENT_MODALITIES = [
  'surgical',
  'procedural', // lasers, dermabrasion
  'pharmacological', // systemic drugs
  'topical',
  'intralesional',
  'supportive', // wound care
  'withdrawal' // stopping the causative agent
] as const

/** Only the classes the source names; null where it names none. */
export const DRUG_CLASSES = ['calcium-channel-blocker', 'bisphosphonate', 'nsaid', 'corticosteroid'] as const

/** Null where the source gives no basis for a severity. */
export const COMPLICATION_SEVERITIES = ['mild', 'moderate', 'severe', 'life-threatening'] as const

/** Clinical review of an entity or a link: nobody has checked it, a reviewer signed it off, or a reviewer objects to it. */
export const REVIEW_STATUSES = ['unreviewed', 'reviewed', 'disputed'] as const

/**
 * Code systems a standard code may belong to (`codes[].system`, `?code=SYSTEM:CODE`,
 * `/v1/codes/{system}/{code}`). A closed list, so that one system is never spelled two ways.
 */
export const CODE_SYSTEMS = ['ICD-10', 'ICD-10-CM', 'ICD-11', 'HPO', 'ORPHA', 'OMIM', 'MeSH', 'SNOMED-CT', 'UMLS'] as const

export type CauseCategory = (typeof CAUSE_CATEGORIES)[number]
export type DiagnosticMethod = (typeof DIAGNOSTIC_METHODS)[number]
export type TreatmentModality = (typeof TREATMENT_MODALITIES)[number]
export type DrugClass = (typeof DRUG_CLASSES)[number]
export type ComplicationSeverity = (typeof COMPLICATION_SEVERITIES)[number]
