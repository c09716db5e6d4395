/**
 * What the public may see, defined once: published and not deleted. Every public query,
 * the search index and the export use this, never a copy of the rule.
 */

/** SQL condition over the entity table alias `alias`. */
export const visibleSql = (alias: string): string => `${alias}.status = 'published' and ${alias}.deleted_at is null`

/** The same rule on a row already read. */
export const isVisible = (row: { status: unknown; deletedAt: unknown }): boolean => row.status === 'published' && row.deletedAt == null
