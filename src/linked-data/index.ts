/** An entity's schema.org JSON-LD, read through the repositories (the builder itself reads nothing). */
import type { Kind } from '../kinds/index.js'
import type { CitationOut, EntityRepository } from '../repositories/entities/index.js'
import type { SourceRepository } from '../repositories/sources.js'
import { entityJsonLd, sourceJsonLd, type JsonLdDocument } from './build.js'

export { entityJsonLd, entityIri, sourceJsonLd, SCHEMA_ORG_CONTEXT, type JsonLdDocument } from './build.js'

export const JSON_LD_TYPE = 'application/ld+json'

/** The published entity as JSON-LD, or null when there is none (the caller tells 404 from 410). */
export function linkedDataOf(repos: { entities: EntityRepository; sources: SourceRepository }, kind: Kind, id: string, baseUrl: string): JsonLdDocument | null {
  // Every relation embedded: a linked entity's type can depend on its fields (a drug, a risk factor).
  const entity = repos.entities.get(kind, id, kind.relations.map((relation) => relation.name))
  if (!entity) return null
  const quoted = [...new Set(((entity.citations as CitationOut[] | undefined) ?? []).map((citation) => citation.source))]
  const sourceTitles = new Map(repos.sources.summaries(quoted).map((source) => [source.id, source.title]))
  return entityJsonLd(kind, entity, { baseUrl, sourceTitles })
}

/** The published source as a schema.org Article, or null when there is none. */
export function sourceLinkedDataOf(sources: SourceRepository, id: string, baseUrl: string): JsonLdDocument | null {
  const source = sources.get(id)
  return source ? sourceJsonLd(source, baseUrl) : null
}
