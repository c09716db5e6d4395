/**
 * A key that moves with every write to the database, in any process: `total_changes()` with
 * this connection's own writes, `data_version` with every commit by another connection
 * (another server, an import's worker, `npm run seed`). One prepared statement: cheap enough
 * for every request that derives something from the content and keeps it.
 */
import type Database from 'better-sqlite3'

export function changeKeyOf(sqlite: Database.Database): () => string {
  const statement = sqlite.prepare('select total_changes() as mine, (select data_version from pragma_data_version) as others')
  return () => {
    const row = statement.get() as { mine: number; others: number }
    return `${row.mine}/${row.others}`
  }
}
