import type { FastifyRequest } from 'fastify'

/**
 * OR-list query parameters may come comma-separated (`?modality=surgical,procedural`,
 * OpenAPI `style: form, explode: false`) or repeated (`?modality=a&modality=b`).
 * Runs before validation so that the schema sees one array of single values.
 */
export function splitCommaLists(names: readonly string[]) {
  return async (request: FastifyRequest) => {
    const query = request.query as Record<string, unknown>
    for (const name of names) {
      const value = query[name]
      if (value === undefined) continue
      const parts = (Array.isArray(value) ? value : [value]).flatMap((part) => String(part).split(','))
      query[name] = parts.map((part) => part.trim())
    }
  }
}
