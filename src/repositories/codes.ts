/** Which published entities carry a standard code (`GET /v1/codes/{system}/{code}`). */
import type Database from 'better-sqlite3'
import { KIND_LIST } from '../kinds/index.js'
import { visibleSql } from '../kinds/visibility.js'
import { reviewColumnsSql, reviewOf } from './entities/serialize.js'
import { createStatements } from './entities/statements.js'
import type { ReviewOut } from './entities/types.js'

export interface CodedEntities {
  system: string
  code: string
  display: string
  entities: Array<{ collection: string; id: string; name: string; review: ReviewOut }>
}

type Row = { collection: string; id: string; name: string; display: string; reviewStatus: string } & Record<string, string | null>

export function createCodeRepository(sqlite: Database.Database) {
  const { all } = createStatements(sqlite)
  const carrying = KIND_LIST.map(
    (kind, index) => `select ${index} as position, '${kind.path}' as collection, e.id, e.name, x.display, ${reviewColumnsSql('e')}
      from external_codes x join ${kind.tableName} e on e.id = x.entity_id
      where x.entity_kind = '${kind.key}' and x.system = @system and x.code = @code and ${visibleSql('e')}`
  ).join(' union all ')

  return {
    /** The code and the published entities carrying it, by collection then name; null when none does. */
    carrying(system: string, code: string): CodedEntities | null {
      const rows = all<Row>(`select * from (${carrying}) order by position, name collate nocase, id`, { system, code })
      const [first] = rows
      if (!first) return null
      return {
        system,
        code,
        display: first.display,
        entities: rows.map((row) => ({ collection: row.collection, id: row.id, name: row.name, review: reviewOf(row as never) }))
      }
    }
  }
}

export type CodeRepository = ReturnType<typeof createCodeRepository>
