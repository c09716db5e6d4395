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

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [])

export function createAppAnswerService(store: Store, repos: { entities: EntityRepository; search: SearchRepository }) {
  const lexicon = createLexiconRepository(store.db)
  // A replica's release is read-only: its lexicon is the primary's, whatever it holds.
  if (!store.sqlite.readonly) seedLexiconIfEmpty(store.db, lexicon)
  // From the stored renderings while they are current (bare: without relations, a quarter
  // of the text to parse), else rendered afresh by the entity repository.
  const entitiesOf = (kind: Kind): EntityOut[] =>
    repos.entities.contentVersion() === null ? repos.entities.linkedTo(kind, {}) : repos.search.storedEntities(kind).map((text) => JSON.parse(text) as EntityOut)
  return createAnswerService<Passage>({
    entities: () =>
      KIND_LIST.flatMap((kind) =>
        entitiesOf(kind).map(
          (entity: EntityOut): EntityInput => ({
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
        )
      ),
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
}

export type AppAnswerService = ReturnType<typeof createAppAnswerService>
