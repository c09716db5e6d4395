/** The filter compiler: a list query becomes WHERE clauses over index-backed subqueries. */
import { KINDS, type Kind } from '../../kinds/index.js'
import { filterableFields } from '../../kinds/fields.js'
import { invalidParam } from '../../lib/problem.js'
import type { Hierarchy } from './hierarchy.js'
import { rowScope, seenBy } from './scope.js'
import { inList, type Params, type Statements } from './statements.js'
import type { Audience, ListQuery } from './types.js'

/** `like` with the user's text taken literally: %, _ and \ are escaped. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`

export function createFilterCompiler(statements: Statements, hierarchy: Hierarchy, audience: Audience) {
  /** A filter naming an id that is not visible is a client error. */
  function requireVisible(kind: Kind, ids: string[], parameter: string): void {
    const found = new Set(
      statements
        .all<{ id: string }>(`select e.id from ${kind.tableName} e where e.id in ${inList('ids')} and ${seenBy(audience, 'e')}`, { ids: JSON.stringify(ids) })
        .map((row) => row.id)
    )
    const missing = ids.filter((id) => !found.has(id))
    if (missing.length > 0) throw invalidParam('query', parameter, `names unknown ${kind.key} id(s): ${missing.join(', ')}`, 'unknown-filter-value')
  }

  /** The WHERE clauses of a list, and their parameters (added to `params`). */
  return function compileFilters(kind: Kind, query: ListQuery, params: Params): string[] {
    const clauses = rowScope(audience, query, params)
    for (const field of filterableFields(kind)) {
      const values = query.fields[field.name]
      if (!values?.length) continue
      params[field.name] = JSON.stringify(values)
      clauses.push(`e.${field.column} in ${inList(field.name)}`)
    }
    for (const relation of kind.relations) {
      const ids = query.related[relation.name]
      if (!ids?.length) continue
      const target = KINDS[relation.target]
      requireVisible(target, ids, relation.filter)
      const matched = target.hierarchy?.filtersMatchDescendants && query.includeSubtypes ? hierarchy.withDescendants(target, ids) : ids
      params[relation.name] = JSON.stringify(matched)
      clauses.push(`e.id in (select l.${relation.selfColumn} from ${relation.tableName} l where l.${relation.otherColumn} in ${inList(relation.name)})`)
    }
    if (kind.hierarchy && query.parent?.length) {
      requireVisible(kind, query.parent, kind.hierarchy.parentField)
      params.parent = JSON.stringify(query.parent)
      clauses.push(`e.${kind.hierarchy.parentColumn} in ${inList('parent')}`)
    }
    if (query.reviewStatus?.length) {
      params.reviewStatus = JSON.stringify(query.reviewStatus)
      clauses.push(`e.review_status in ${inList('reviewStatus')}`)
    }
    if (query.codes?.length) {
      params.codes = JSON.stringify(query.codes.map(({ system, code }) => `${system}:${code}`))
      clauses.push(
        `e.id in (select x.entity_id from external_codes x where x.entity_kind = '${kind.key}' and x.system || ':' || x.code in ${inList('codes')})`
      )
    }
    if (query.q) {
      params.q = likePattern(query.q)
      clauses.push(
        `(e.name like @q escape '\\' or e.id in (select a.entity_id from aliases a where a.entity_kind = '${kind.key}' and a.alias like @q escape '\\'))`
      )
    }
    return clauses
  }
}
