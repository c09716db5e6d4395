/**
 * Keeps one family of generated triggers exactly as wanted: missing or changed ones are
 * (re)created and stale ones dropped, in one transaction. The search and the render
 * triggers are both derived from the kind descriptors and brought up to date this way on
 * every start.
 */
import type Database from 'better-sqlite3'

// SQLite stores a CREATE statement with its leading keywords in upper case.
const normalize = (statement: string) => statement.replace(/^\s*create\s+trigger/i, 'CREATE TRIGGER')

/**
 * `wanted` maps trigger names to their CREATE statements; `namesLike` is the LIKE pattern
 * (escape `\`) of the family's names, so that stale ones are found. `afterChange` runs in the
 * same transaction when anything changed. Returns whether anything changed.
 */
export function syncTriggers(sqlite: Database.Database, wanted: Map<string, string>, namesLike: string, afterChange?: () => void): boolean {
  const want = new Map([...wanted].map(([name, statement]) => [name, normalize(statement)]))
  const present = new Map(
    (sqlite.prepare(`select name, sql from sqlite_master where type = 'trigger' and name like ? escape '\\'`).all(namesLike) as Array<{ name: string; sql: string }>).map(
      (row) => [row.name, normalize(row.sql)]
    )
  )
  const stale = [...present.keys()].filter((name) => !want.has(name))
  const missing = [...want].filter(([name, statement]) => present.get(name) !== statement)
  if (stale.length === 0 && missing.length === 0) return false
  sqlite.transaction(() => {
    for (const name of stale) sqlite.exec(`drop trigger ${name}`)
    for (const [name, statement] of missing) {
      sqlite.exec(`drop trigger if exists ${name}`)
      sqlite.exec(statement)
    }
    afterChange?.()
  })()
  return true
}
