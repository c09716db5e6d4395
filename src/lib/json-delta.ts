/**
 * A small structural diff of JSON values, for storing revisions as changes (issue 14: 200
 * link toggles stored 13 MB of full snapshots). Objects are diffed key by key; an array
 * changed in one place becomes one splice (its common head and tail are kept), and an
 * array whose one element changed is diffed inside that element, so adding one link, or
 * one citation to a link, is stored as that link or citation. `patch(a, diff(a, b))`
 * equals `b` for every JSON value.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

type Path = Array<string | number>

/** One change: set a value, delete an object key, or replace `remove` array items at `at` with `insert`. */
export type Edit = { path: Path; set: Json } | { path: Path; unset: true } | { path: Path; at: number; remove: number; insert: Json[] }

const isObject = (value: Json): value is { [key: string]: Json } => typeof value === 'object' && value !== null && !Array.isArray(value)
const same = (a: Json, b: Json) => a === b || JSON.stringify(a) === JSON.stringify(b)

export function diff(before: Json, after: Json, path: Path = [], edits: Edit[] = []): Edit[] {
  if (same(before, after)) return edits
  if (isObject(before) && isObject(after)) {
    for (const key of Object.keys(before)) if (!Object.hasOwn(after, key)) edits.push({ path: [...path, key], unset: true })
    for (const [key, value] of Object.entries(after)) {
      if (Object.hasOwn(before, key)) diff(before[key] as Json, value, [...path, key], edits)
      else edits.push({ path: [...path, key], set: value })
    }
    return edits
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    let head = 0
    while (head < before.length && head < after.length && same(before[head] as Json, after[head] as Json)) head++
    let tail = 0
    while (tail < before.length - head && tail < after.length - head && same(before[before.length - 1 - tail] as Json, after[after.length - 1 - tail] as Json)) tail++
    const removed = before.length - head - tail
    const inserted = after.slice(head, after.length - tail)
    if (removed === 1 && inserted.length === 1) return diff(before[head] as Json, inserted[0] as Json, [...path, head], edits)
    edits.push({ path, at: head, remove: removed, insert: inserted })
    return edits
  }
  edits.push({ path, set: after })
  return edits
}

/** `value` with the edits applied; `value` itself is not changed. */
export function patch(value: Json, edits: Edit[]): Json {
  const result = structuredClone(value)
  let root: Json = result
  for (const edit of edits) {
    if (edit.path.length === 0 && !('at' in edit)) {
      root = 'set' in edit ? structuredClone(edit.set) : null
      continue
    }
    const steps = 'at' in edit ? edit.path : edit.path.slice(0, -1)
    let parent = root as Record<string | number, Json>
    for (const step of steps) parent = parent[step] as Record<string | number, Json>
    if ('at' in edit) (parent as unknown as Json[]).splice(edit.at, edit.remove, ...structuredClone(edit.insert))
    else {
      const key = edit.path[edit.path.length - 1] as string | number
      if ('set' in edit) parent[key] = structuredClone(edit.set)
      else delete parent[key]
    }
  }
  return root
}
