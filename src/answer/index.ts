/**
 * The answer service wired to the app's database: entities from the content repository,
 * passages and the change counter from the search repository, the lexicon from its
 * table (seeded on first use of an empty table).
 */
import type { Store } from '../db/connection.js'
import { KIND_LIST } from '../kinds/index.js'
import type { ContentRepository, EntityOut } from '../repositories/content.js'
import type { Passage, SearchRepository } from '../repositories/search.js'
import type { EntityInput } from './corpus.js'
import { createLexiconRepository } from './lexicon-repository.js'
import { seedLexiconIfEmpty } from './lexicon-seed.js'
import { createAnswerService } from './service.js'

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [])

export function createAppAnswerService(store: Store, repos: { content: ContentRepository; search: SearchRepository }) {
  const lexicon = createLexiconRepository(store.db)
  seedLexiconIfEmpty(store.db, lexicon)
  return createAnswerService<Passage>({
    entities: () =>
      KIND_LIST.flatMap((kind) =>
        repos.content.linkedTo(kind, {}).map(
          (entity: EntityOut): EntityInput => ({
            kind: kind.key,
            id: entity.id,
            name: entity.name,
            summary: String(entity.summary ?? ''),
            aliases: strings(entity.aliases),
            facets: [
              ...kind.enums.map((field) => entity[field.name]).filter((value): value is string => typeof value === 'string').map((value) => value.replaceAll('-', ' ')),
              ...strings(entity.characteristics)
            ],
            citations: Array.isArray(entity.citations) ? (entity.citations as EntityInput['citations']) : []
          })
        )
      ),
    sourceTexts: () => repos.search.sourceTexts(),
    lexicon: () => lexicon.all(),
    version: () => repos.search.changeCount(),
    passagesFor: (citations, limit) => repos.search.passagesQuoting(citations, limit),
    holds: (passage, citation) => passage.source.id === citation.source && passage.section.id === citation.section && passage.text.includes(citation.quote)
  })
}

export type AppAnswerService = ReturnType<typeof createAppAnswerService>
