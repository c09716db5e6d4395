/**
 * The relational model, declared once. drizzle-kit derives the SQL migrations in
 * `migrations/` from this file; the app never creates tables any other way.
 *
 * Every kind's entity table shares the same editorial columns (`entityColumns`); link
 * tables between two kinds share one shape (`linkTable`). Rows are never hard
 * deleted (`deleted_at` marks a soft delete), so no foreign key cascades: a
 * cascade would silently remove link rows if a migration ever recreated a table.
 */
import { sql } from 'drizzle-orm'
import {
  type AnySQLiteColumn,
  type SQLiteTable,
  check,
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex
} from 'drizzle-orm/sqlite-core'
import {
  CAUSE_CATEGORIES,
  REVIEW_STATUSES,
  COMPLICATION_SEVERITIES,
  DIAGNOSTIC_METHODS,
  DRUG_CLASSES,
  TREATMENT_MODALITIES
} from '../kinds/vocabulary.js'

export const STATUSES = ['draft', 'published'] as const

// --- Clinical review (issue 13): every entity and every link carries one. -------------
// No CHECK on `review_status`: adding one would make drizzle-kit recreate every entity
// table (see STACK.md's data-loss trap); the write path and the schemas keep it closed.
const reviewColumns = () => ({
  reviewStatus: text({ enum: REVIEW_STATUSES }).notNull().default('unreviewed'),
  reviewedAt: text(),
  /** Name of the API key that set the review. */
  reviewer: text(),
  reviewNote: text(),
  /** A date (YYYY-MM-DD): after it, the review is overdue. */
  nextReviewDue: text()
})
// --- end of clinical review columns ---------------------------------------------------

const entityColumns = () => ({
  id: text().primaryKey(),
  name: text().notNull(),
  summary: text().notNull(),
  status: text({ enum: STATUSES }).notNull().default('draft'),
  version: integer().notNull().default(1),
  createdAt: text().notNull(),
  updatedAt: text().notNull(),
  deletedAt: text(),
  ...reviewColumns()
})

/** SQL `IN (...)` list for a CHECK constraint over a closed vocabulary. */
const oneOf = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '))

type EntityColumns = {
  name: AnySQLiteColumn
  id: AnySQLiteColumn
  updatedAt: AnySQLiteColumn
  createdAt: AnySQLiteColumn
  status: AnySQLiteColumn
  reviewStatus: AnySQLiteColumn
}

/**
 * Indexes every sort order needs (keyset pagination on (key, id); names sort without
 * regard to case) and the status check.
 */
const entityConstraints = (name: string, t: EntityColumns) => [
  index(`${name}_name_idx`).on(sql`${t.name} collate nocase`, t.id),
  index(`${name}_updated_idx`).on(t.updatedAt, t.id),
  index(`${name}_created_idx`).on(t.createdAt, t.id),
  index(`${name}_review_idx`).on(t.reviewStatus, t.id),
  check(`${name}_status_check`, sql`${t.status} in ('draft', 'published')`)
]

/** An entity table of a kind with no fields of its own. */
const entityTable = (name: string) => sqliteTable(name, entityColumns(), (t) => entityConstraints(name, t))

export const conditions = entityTable('conditions')

export const types = sqliteTable(
  'types',
  {
    ...entityColumns(),
    parentId: text().references((): AnySQLiteColumn => types.id),
    /** Distinguishing traits as short statements, JSON array of strings. */
    characteristics: text({ mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`)
  },
  (t) => [
    ...entityConstraints('types', t),
    index('types_parent_idx').on(t.parentId)
  ]
)

export const causes = sqliteTable(
  'causes',
  { ...entityColumns(), category: text({ enum: CAUSE_CATEGORIES }).notNull() },
  (t) => [
    ...entityConstraints('causes', t),
    index('causes_category_idx').on(t.category),
    check('causes_category_check', sql`${t.category} in (${oneOf(CAUSE_CATEGORIES)})`)
  ]
)

export const symptoms = entityTable('symptoms')

export const diagnostics = sqliteTable(
  'diagnostics',
  { ...entityColumns(), method: text({ enum: DIAGNOSTIC_METHODS }).notNull() },
  (t) => [
    ...entityConstraints('diagnostics', t),
    index('diagnostics_method_idx').on(t.method),
    check('diagnostics_method_check', sql`${t.method} in (${oneOf(DIAGNOSTIC_METHODS)})`)
  ]
)

export const treatments = sqliteTable(
  'treatments',
  {
    ...entityColumns(),
    modality: text({ enum: TREATMENT_MODALITIES }).notNull(),
    drugClass: text({ enum: DRUG_CLASSES })
  },
  (t) => [
    ...entityConstraints('treatments', t),
    index('treatments_modality_idx').on(t.modality),
    index('treatments_drug_class_idx').on(t.drugClass),
    check('treatments_modality_check', sql`${t.modality} in (${oneOf(TREATMENT_MODALITIES)})`),
    check('treatments_drug_class_check', sql`${t.drugClass} is null or ${t.drugClass} in (${oneOf(DRUG_CLASSES)})`)
  ]
)

export const complications = sqliteTable(
  'complications',
  { ...entityColumns(), severity: text({ enum: COMPLICATION_SEVERITIES }) },
  (t) => [
    ...entityConstraints('complications', t),
    index('complications_severity_idx').on(t.severity),
    check(
      'complications_severity_check',
      sql`${t.severity} is null or ${t.severity} in (${oneOf(COMPLICATION_SEVERITIES)})`
    )
  ]
)

export const prognosis = entityTable('prognosis')
export const prevention = entityTable('prevention')
export const warningSigns = entityTable('warning_signs')
export const bodySites = entityTable('body_sites')

/** A source document (an article). Its full text is kept so that quotes can be verified. */
export const sources = sqliteTable(
  'sources',
  {
    id: text().primaryKey(),
    title: text().notNull(),
    publisher: text().notNull(),
    url: text(),
    // Provenance (issue 13): null or 'unknown' where nothing is known, never a guess.
    /** When the text was retrieved; null when not recorded. */
    retrievedAt: text(),
    /** BCP 47 language tag of the text. */
    language: text().notNull().default('und'),
    /** The licence the text was published under; 'unknown' when none is stated. */
    license: text().notNull().default('unknown'),
    text: text().notNull(),
    status: text({ enum: STATUSES }).notNull().default('draft'),
    version: integer().notNull().default(1),
    createdAt: text().notNull(),
    updatedAt: text().notNull(),
    deletedAt: text()
  },
  (t) => [
    index('sources_title_idx').on(t.title, t.id),
    check('sources_status_check', sql`${t.status} in ('draft', 'published')`)
  ]
)

/** A headed section of a source; citations point at one. `slug` is unique within its source. */
export const sourceSections = sqliteTable(
  'source_sections',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    sourceId: text()
      .notNull()
      .references(() => sources.id),
    slug: text().notNull(),
    position: integer().notNull(),
    heading: text().notNull(),
    text: text().notNull()
  },
  (t) => [
    uniqueIndex('source_sections_slug_idx').on(t.sourceId, t.slug),
    uniqueIndex('source_sections_position_idx').on(t.sourceId, t.position)
  ]
)

/**
 * A paragraph of a section, verbatim: the unit of retrieval for grounding passages.
 * Written with its section; indexed for full-text search by the `passages_fts` table.
 */
export const passages = sqliteTable(
  'passages',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    sectionId: integer()
      .notNull()
      .references(() => sourceSections.id),
    position: integer().notNull(),
    text: text().notNull()
  },
  (t) => [uniqueIndex('passages_position_idx').on(t.sectionId, t.position)]
)

/**
 * Evidence for an entity, or for a link when `relatedKind`/`relatedId` are set (the
 * entity is then the link's owner side). Polymorphic by kind name, so integrity is
 * kept by the write path and checked by tests, not by a foreign key.
 */
export const citations = sqliteTable(
  'citations',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    entityKind: text().notNull(),
    entityId: text().notNull(),
    relatedKind: text(),
    relatedId: text(),
    sectionId: integer()
      .notNull()
      .references(() => sourceSections.id),
    quote: text().notNull(),
    createdAt: text().notNull()
  },
  (t) => [
    index('citations_entity_idx').on(t.entityKind, t.entityId),
    index('citations_related_idx').on(t.relatedKind, t.relatedId)
  ]
)

/** Other names an entity goes by, only as the source uses them; search and `q` match them. */
export const aliases = sqliteTable(
  'aliases',
  {
    entityKind: text().notNull(),
    entityId: text().notNull(),
    alias: text().notNull()
  },
  (t) => [primaryKey({ columns: [t.entityKind, t.entityId, t.alias] }), index('aliases_alias_idx').on(t.alias)]
)

/**
 * Standard codes of an entity (ICD-10, HPO, Orphanet, …): only codes verified in an
 * authoritative public listing, each naming that listing as `source`.
 */
export const externalCodes = sqliteTable(
  'external_codes',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    entityKind: text().notNull(),
    entityId: text().notNull(),
    system: text().notNull(),
    code: text().notNull(),
    display: text().notNull(),
    /** Unused: the code system's version, if ever needed. */
    version: text(),
    verifiedAt: text().notNull(),
    /** The URL of the listing the code was verified in. */
    source: text().notNull().default('')
  },
  (t) => [
    uniqueIndex('external_codes_unique_idx').on(t.entityKind, t.entityId, t.system, t.code),
    index('external_codes_code_idx').on(t.system, t.code)
  ]
)

type IdColumnTable = SQLiteTable & { id: AnySQLiteColumn }

/**
 * A many-to-many link between two kinds, with the source's qualifier as `note`.
 * The composite primary key serves owner -> target lookups, the second index the reverse.
 */
function buildLinkTable(name: string, ownerColumn: string, owner: IdColumnTable, targetColumn: string, target: IdColumnTable) {
  return sqliteTable(
    name,
    {
      ownerId: text(ownerColumn)
        .notNull()
        .references(() => owner.id),
      targetId: text(targetColumn)
        .notNull()
        .references(() => target.id),
      note: text(),
      ...reviewColumns()
    },
    (t) => [primaryKey({ columns: [t.ownerId, t.targetId] }), index(`${name}_target_idx`).on(t.targetId, t.ownerId)]
  )
}

export type LinkTable = ReturnType<typeof buildLinkTable>

/** A link table with the two entity tables it joins: the one declaration kinds derive their relations from. */
export interface LinkDeclaration {
  table: LinkTable
  owner: IdColumnTable
  target: IdColumnTable
}

const linkDeclarations: LinkDeclaration[] = []

function linkTable(name: string, ownerColumn: string, owner: IdColumnTable, targetColumn: string, target: IdColumnTable): LinkTable {
  const table = buildLinkTable(name, ownerColumn, owner, targetColumn, target)
  linkDeclarations.push({ table, owner, target })
  return table
}

export const conditionTypes = linkTable('condition_types', 'condition_id', conditions, 'type_id', types)
export const conditionCauses = linkTable('condition_causes', 'condition_id', conditions, 'cause_id', causes)
export const conditionSymptoms = linkTable('condition_symptoms', 'condition_id', conditions, 'symptom_id', symptoms)
export const conditionDiagnostics = linkTable('condition_diagnostics', 'condition_id', conditions, 'diagnostic_id', diagnostics)
export const conditionTreatments = linkTable('condition_treatments', 'condition_id', conditions, 'treatment_id', treatments)
export const conditionComplications = linkTable('condition_complications', 'condition_id', conditions, 'complication_id', complications)
export const conditionPrognosis = linkTable('condition_prognosis', 'condition_id', conditions, 'prognosis_id', prognosis)
export const conditionPrevention = linkTable('condition_prevention', 'condition_id', conditions, 'prevention_id', prevention)
export const conditionWarningSigns = linkTable('condition_warning_signs', 'condition_id', conditions, 'warning_sign_id', warningSigns)
export const typeCauses = linkTable('type_causes', 'type_id', types, 'cause_id', causes)
export const typeSymptoms = linkTable('type_symptoms', 'type_id', types, 'symptom_id', symptoms)
export const typeDiagnostics = linkTable('type_diagnostics', 'type_id', types, 'diagnostic_id', diagnostics)
export const typeTreatments = linkTable('type_treatments', 'type_id', types, 'treatment_id', treatments)
export const typeComplications = linkTable('type_complications', 'type_id', types, 'complication_id', complications)
export const typeBodySites = linkTable('type_body_sites', 'type_id', types, 'body_site_id', bodySites)
export const typePrognosis = linkTable('type_prognosis', 'type_id', types, 'prognosis_id', prognosis)
export const typePrevention = linkTable('type_prevention', 'type_id', types, 'prevention_id', prevention)
export const symptomBodySites = linkTable('symptom_body_sites', 'symptom_id', symptoms, 'body_site_id', bodySites)
export const treatmentSymptoms = linkTable('treatment_symptoms', 'treatment_id', treatments, 'symptom_id', symptoms)
export const causeComplications = linkTable('cause_complications', 'cause_id', causes, 'complication_id', complications)
export const causePrognosis = linkTable('cause_prognosis', 'cause_id', causes, 'prognosis_id', prognosis)
export const causePrevention = linkTable('cause_prevention', 'cause_id', causes, 'prevention_id', prevention)
export const complicationBodySites = linkTable('complication_body_sites', 'complication_id', complications, 'body_site_id', bodySites)
export const warningSignSymptoms = linkTable('warning_sign_symptoms', 'warning_sign_id', warningSigns, 'symptom_id', symptoms)
export const warningSignComplications = linkTable(
  'warning_sign_complications',
  'warning_sign_id',
  warningSigns,
  'complication_id',
  complications
)

/** Every link table, in declaration order. */
export const LINKS: readonly LinkDeclaration[] = linkDeclarations

/** Editors write content, reviewers sign it off (clinical review), admins do both and more. */
export const ROLES = ['editor', 'reviewer', 'admin'] as const

/** API keys for the admin API. Only a SHA-256 of the secret is stored; `prefix` names the key publicly. */
export const apiKeys = sqliteTable(
  'api_keys',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    name: text().notNull(),
    role: text({ enum: ROLES }).notNull(),
    prefix: text().notNull(),
    secretHash: text().notNull(),
    createdAt: text().notNull(),
    revokedAt: text()
  },
  (t) => [
    uniqueIndex('api_keys_name_idx').on(t.name),
    uniqueIndex('api_keys_prefix_idx').on(t.prefix),
    check('api_keys_role_check', sql`${t.role} in (${oneOf(ROLES)})`)
  ]
)

/**
 * Append-only history: the state of an entity (fields, aliases, citations, links) after
 * every change, numbered from 1 per entity. `snapshot` holds the full state when `base` is
 * null, else the changes from revision `base` (`src/editor/history.ts`); rows written before
 * `base` existed are full states.
 */
export const revisions = sqliteTable(
  'revisions',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    entityKind: text().notNull(),
    entityId: text().notNull(),
    number: integer().notNull(),
    snapshot: text({ mode: 'json' }).$type<unknown>().notNull(),
    actor: text().notNull(),
    summary: text().notNull(),
    createdAt: text().notNull(),
    // Issue 14 (revisions stored compactly): the revision this row's changes apply to.
    base: integer()
  },
  (t) => [uniqueIndex('revisions_entity_number_idx').on(t.entityKind, t.entityId, t.number)]
)

/** Who did what, when, with which key: one row per write, never updated. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    at: text().notNull(),
    actor: text().notNull(),
    role: text().notNull(),
    action: text().notNull(),
    entityKind: text(),
    entityId: text(),
    detail: text({ mode: 'json' }).$type<Record<string, unknown>>(),
    requestId: text()
  },
  (t) => [
    index('audit_log_actor_idx').on(t.actor, t.id),
    index('audit_log_entity_idx').on(t.entityKind, t.entityId, t.id),
    index('audit_log_at_idx').on(t.at, t.id)
  ]
)

/**
 * The rowid of each entity's rows in the full-text tables (`search_index`, `search_trigram`).
 * FTS5 can only find a row fast by rowid: without this table, every trigger that refreshes
 * an entity's index row scanned the whole index, and an import grew quadratically.
 */
export const searchKeys = sqliteTable(
  'search_keys',
  {
    id: integer().primaryKey(),
    kind: text().notNull(),
    entityId: text().notNull()
  },
  (t) => [uniqueIndex('search_keys_entity_idx').on(t.kind, t.entityId)]
)

/**
 * Ids that went away: an entity merged into another (`replacedBy`, "kind/id") or removed.
 * Ids are part of the public contract, so a retired one answers 410 Gone, never 404.
 */
export const retiredIds = sqliteTable(
  'retired_ids',
  {
    kind: text().notNull(),
    id: text().notNull(),
    replacedBy: text(),
    reason: text().notNull(),
    retiredAt: text().notNull()
  },
  (t) => [primaryKey({ columns: [t.kind, t.id] })]
)

/**
 * The lay lexicon of question answering (`/v1/answer`): a word or phrase people use
 * ("kids", "lump") and the knowledge base's words for it (["children", "infants"]).
 * Seeded from `seed/lexicon.json`; editors maintain it at `/v1/admin/lexicon`.
 */
export const lexicon = sqliteTable('lexicon', {
  term: text().primaryKey(),
  expansions: text({ mode: 'json' }).$type<string[]>().notNull(),
  updatedAt: text().notNull()
})

// --- Related entities (issue 13): near-duplicates and look-alikes the seed relates -------

/**
 * A group of entities, of any kinds, that a source names alike or in one breath but that
 * are not the same thing (`causes/infection` and `complications/infection`), with a note
 * saying how they differ and the quotes behind it (`[{ source, section, quote }]`,
 * verified when written). Every member shows the others as `related`.
 */
export const relatedGroups = sqliteTable('related_groups', {
  id: integer().primaryKey({ autoIncrement: true }),
  note: text().notNull(),
  citations: text({ mode: 'json' }).$type<Array<{ source: string; section: string; quote: string }>>().notNull(),
  createdAt: text().notNull()
})

export const relatedMembers = sqliteTable(
  'related_members',
  {
    groupId: integer()
      .notNull()
      .references(() => relatedGroups.id),
    entityKind: text().notNull(),
    entityId: text().notNull()
  },
  (t) => [primaryKey({ columns: [t.groupId, t.entityKind, t.entityId] }), index('related_members_entity_idx').on(t.entityKind, t.entityId)]
)

// ---------------------------------------------------------------------------------------
// The read model (issue 15): what the public read path serves, rendered when content
// changes, in the writer's transaction (see `src/repositories/entities/rendering.ts`).
// ---------------------------------------------------------------------------------------

/**
 * Each published, non-deleted entity's public JSON, as the read API shows it (`body`),
 * and without its relations and hierarchy (`bare`, what `include` embeds). Lists find
 * their ids and sort keys by indexed SQL on the entity tables, then concatenate these.
 */
export const renderedEntities = sqliteTable(
  'rendered_entities',
  {
    kind: text().notNull(),
    id: text().notNull(),
    body: text().notNull(),
    bare: text().notNull()
  },
  (t) => [primaryKey({ columns: [t.kind, t.id] })]
)

/** Entities whose rendering is out of date: triggers on every table a rendering reads mark them. */
export const renderQueue = sqliteTable(
  'render_queue',
  {
    kind: text().notNull(),
    id: text().notNull()
  },
  (t) => [primaryKey({ columns: [t.kind, t.id] })]
)

/** `content`: bumped by every change of a rendering (what derived documents, the overview, key on); `representation`: what rendered them. */
export const renderState = sqliteTable('render_state', {
  key: text().primaryKey(),
  value: text().notNull()
})
