/**
 * Every value that passes validation must be safe to bind to SQLite and to compute with
 * (issue 14: `?limit=1e999` reached SQLite as Infinity, a leap second reached `new Date()`).
 *
 * Two holes in ajv as fastify uses it, closed here for every route at once:
 * - coercing a query, path or header string to a number: ajv turns "1e999" into Infinity
 *   and then skips `minimum`/`maximum` for a non-finite value (its bound checks are
 *   guarded by `isFinite`), so Infinity passes `Integer({ maximum: 100 })`. JSON bodies
 *   are not coerced and ajv rejects a non-finite number there.
 * - the `date-time` format (ajv-formats) accepts a leap second (`23:59:60`), which
 *   `Date` cannot represent.
 */

/** Largest magnitude a number from a URL may have: integers beyond it are not exact in JavaScript. */
const SAFE = Number.MAX_SAFE_INTEGER

const isUnsafe = (value: unknown) => typeof value === 'number' && !(Number.isFinite(value) && Math.abs(value) <= SAFE)

/** The name of the first coerced parameter holding a number that is not finite or not exact, if any. */
export function unsafeNumberParam(values: unknown): string | undefined {
  if (!values || typeof values !== 'object') return undefined
  for (const [name, value] of Object.entries(values)) {
    if (isUnsafe(value) || (Array.isArray(value) && value.some(isUnsafe))) return name
  }
  return undefined
}

/** RFC 3339 date-time, as ajv-formats checks it (with its time-zone requirement). */
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
const isLeapYear = (year: number) => year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)

/**
 * `date-time`, narrowed to instants: a well-formed RFC 3339 timestamp with real month,
 * day, hour, minute and second (no leap second) that `Date` represents.
 */
export function isInstant(value: string): boolean {
  const match = DATE_TIME.exec(value)
  if (!match) return false
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [number, number, number, number, number, number]
  const days = month === 2 && isLeapYear(year) ? 29 : (DAYS[month - 1] ?? 0)
  if (day < 1 || day > days || hour > 23 || minute > 59 || second > 59) return false
  // Date also refuses what it cannot hold (an offset such as +24:00, a year past 275760).
  return Number.isFinite(Date.parse(value))
}
