/**
 * The answer service wired to the app's database: entities from the entity repository,
 * passages and the change counter from the search repository, the lexicon from its
 * table (seeded on first use of an empty table).
 */
import type { Store } from '../db/connection.js'
import { KIND_LIST, type Kind } from '../kinds/index.js'
import { isDisputed } from '../kinds/review.js'
import type { EntityRepository, EntityOut } from '../repositories/entities/index.js'
import type { Passage, SearchRepository } from '../repositories/search.js'
import type { EntityInput } from './corpus.js'
import { createLexiconRepository } from './lexicon-repository.js'
import { seedLexiconIfEmpty } from './lexicon-seed.js'
import { createAnswerService } from './service.js'

/** How long after start the index is built in the background: after the first answers, not competing with them. */
const WARM_AFTER_MS = 1000

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [])

export function createAppAnswerService(store: Store, repos: { entities: EntityRepository; search: SearchRepository }) {
  const lexicon = createLexiconRepository(store.db)
  // A replica's release is read-only: its lexicon is the primary's, whatever it holds.
  if (!store.sqlite.readonly) seedLexiconIfEmpty(store.db, lexicon)
  // From the stored renderings while they are current (bare: without relations, a quarter
  // of the text to parse), else rendered afresh by the entity repository.
  const entitiesOf = (kind: Kind): EntityOut[] =>
    repos.entities.storedBare(kind)?.map((text) => JSON.parse(text) as EntityOut) ?? repos.entities.linkedTo(kind, {})
  const inputOf = (kind: Kind, entity: EntityOut): EntityInput => ({
    kind: kind.key,
    id: entity.id,
    name: entity.name,
    summary: String(entity.summary ?? ''),
    aliases: strings(entity.aliases),
    facets: [
      ...kind.fields.flatMap((field) => (field.type === 'enum' ? [entity[field.name]] : strings(entity[field.name])))
        .filter((value): value is string => typeof value === 'string')
        .map((value) => value.replaceAll('-', ' '))
    ],
    citations: Array.isArray(entity.citations) ? (entity.citations as EntityInput['citations']) : [],
    disputed: isDisputed(entity.review as { status: string } | undefined)
  })
  const service = createAnswerService<Passage>({
    // A kind at a time, read when the build asks for it: a build in the background reads one kind per step.
    *entities() {
      for (const kind of KIND_LIST) yield entitiesOf(kind).map((entity) => inputOf(kind, entity))
    },
    sourceTexts: () => repos.search.sourceTexts(),
    lexicon: () => lexicon.all(),
    changes: () => repos.search.changes(),
    // The content version moves with every write that changed a rendering, in any process.
    contentKey: () => {
      const version = repos.entities.contentVersion()
      return version === null ? null : `${version} ${repos.search.sourcesKey()}`
    },
    passagesFor: (citations, limit) => repos.search.passagesQuoting(citations, limit)
  })
  // Built ahead of the first question, once the start is over, in slices between requests:
  // at 100x the seed the build is half a second of CPU, which the first search used to pay
  // (and, on a busy core, the bench's whole search run). Stops when the database is closed.
  setTimeout(() => service.warm(() => store.sqlite.open), WARM_AFTER_MS).unref()
  return service
}

export type AppAnswerService = ReturnType<typeof createAppAnswerService>
