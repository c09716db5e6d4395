/** Parents and variants of a hierarchical kind (one whose descriptor has a `hierarchy`). */
import type { Kind } from '../../kinds/index.js'
import { seenBy } from './scope.js'
import { groupBy } from '../../lib/group-by.js'
import { inList, type Statements } from './statements.js'
import type { Audience } from './types.js'

export interface Named {
  id: string
  name: string
}

export function createHierarchy(statements: Statements, audience: Audience) {
  const parentColumn = (kind: Kind) => {
    if (!kind.hierarchy) throw new Error(`${kind.key} is not hierarchical`)
    return kind.hierarchy.parentColumn
  }

  return {
    /** The given entities and all their visible descendants. */
    withDescendants(kind: Kind, ids: string[]): string[] {
      const parent = parentColumn(kind)
      return statements
        .all<{ id: string }>(
          `with recursive tree(id) as (
             select value from json_each(@ids)
             union
             select child.id from ${kind.tableName} child join tree on child.${parent} = tree.id where ${seenBy(audience, 'child')}
           )
           select id from tree`,
          { ids: JSON.stringify(ids) }
        )
        .map((row) => row.id)
    },

    /** Parent and direct variants of the given entities (a JSON array of ids), as named refs. */
    around(kind: Kind, ids: string): { parent: Map<string, Named>; children: Map<string, Named[]> } {
      const parent = parentColumn(kind)
      const parents = statements.all<{ childId: string } & Named>(
        `select e.id as childId, p.id, p.name from ${kind.tableName} e join ${kind.tableName} p on p.id = e.${parent}
         where e.id in ${inList('ids')} and ${seenBy(audience, 'p')}`,
        { ids }
      )
      const children = statements.all<{ parentId: string } & Named>(
        `select e.${parent} as parentId, e.id, e.name from ${kind.tableName} e
         where e.${parent} in ${inList('ids')} and ${seenBy(audience, 'e')} order by e.name collate nocase, e.id`,
        { ids }
      )
      return {
        parent: new Map(parents.map((row) => [row.childId, { id: row.id, name: row.name }])),
        children: new Map([...groupBy(children, (row) => row.parentId)].map(([key, rows]) => [key, rows.map(({ id, name }) => ({ id, name }))]))
      }
    }
  }
}

export type Hierarchy = ReturnType<typeof createHierarchy>
