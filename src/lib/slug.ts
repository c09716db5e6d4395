/** Ids are stable, human-readable kebab-case slugs: in URLs, bundles and seed files alike. */
import Type from 'typebox'

export const SLUG_PATTERN = '^[a-z0-9]+(?:-[a-z0-9]+)*$'
export const Slug = Type.String({ pattern: SLUG_PATTERN, minLength: 1, maxLength: 100 })
