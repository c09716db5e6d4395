/**
 * Route validators compiled ahead of time, by `validatorKey` (lazy-compilers.ts): each
 * entry makes a fresh validator from ajv's standalone code. Empty here, so that tsc's
 * dist/ and the tests compile with ajv on first use; the bundle (scripts/bundle-server.js)
 * puts in this module's place the one the build generated from every route's schemas.
 */
export type PrecompiledValidators = ReadonlyMap<string, () => (...args: unknown[]) => unknown>

export const PRECOMPILED_VALIDATORS: PrecompiledValidators = new Map()
