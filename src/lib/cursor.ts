/**
 * Opaque keyset cursors: the sort order and the last row's (sort value, id), base64url
 * JSON. Stable under inserts, unlike offsets. A cursor from another sort order, or one
 * that does not decode, is a 400 problem.
 */
import { invalidParam } from './problem.js'

export interface CursorPosition {
  sort: string
  value: string
  id: string
}

export const encodeCursor = (position: CursorPosition): string =>
  Buffer.from(JSON.stringify([position.sort, position.value, position.id])).toString('base64url')

export function decodeCursor(cursor: string, sort: string): CursorPosition {
  let decoded: unknown
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    decoded = undefined
  }
  if (!Array.isArray(decoded) || decoded.length !== 3 || !decoded.every((part) => typeof part === 'string')) {
    throw invalidParam('query', 'cursor', 'is not a cursor this API issued', 'invalid-cursor')
  }
  const [cursorSort, value, id] = decoded as [string, string, string]
  if (cursorSort !== sort) throw invalidParam('query', 'cursor', `was issued for sort '${cursorSort}', not '${sort}'`, 'invalid-cursor')
  return { sort, value, id }
}
