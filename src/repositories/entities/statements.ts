/**
 * Raw SQL on the hot read path, prepared once per text. Lists of values travel as one
 * JSON array bound to `json_each`, so that one statement serves any number of them.
 * Measured: building the same queries with drizzle's builder and re-preparing them on
 * every request made a filtered list six times slower (see README, Performance).
 */
import type Database from 'better-sqlite3'

export type Params = Record<string, string | number>

/** `(select value from json_each(@param))`: bind the list as `JSON.stringify(values)`. */
export const inList = (param: string) => `(select value from json_each(@${param}))`

export function createStatements(sqlite: Database.Database) {
  const cache = new Map<string, Database.Statement>()
  const prepared = (text: string) => {
    let statement = cache.get(text)
    if (!statement) {
      statement = sqlite.prepare(text)
      cache.set(text, statement)
    }
    return statement
  }
  return {
    prepared,
    all: <T>(text: string, params: Params = {}) => prepared(text).all(params) as T[],
    get: <T>(text: string, params: Params = {}) => prepared(text).get(params) as T | undefined
  }
}

export type Statements = ReturnType<typeof createStatements>
