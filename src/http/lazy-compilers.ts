/**
 * Schema compilers that compile on a route's first use instead of at start-up, or take the
 * validator the build compiled ahead of time.
 *
 * With some two hundred routes whose response schemas reference the large entity
 * components, eager compilation (fast-json-stringify and ajv) took about 2 s of every
 * start (measured: ready() 2019 ms of a 2.5 s start). Lazily, a route pays its own
 * compilation (milliseconds) on its first request, and start-up stays well under a
 * second. Behaviour is fastify's own compilers', unchanged; the test suite requests
 * every route, so a broken schema still fails the tests.
 *
 * Still needed with the compact admin API (77 operations): compiled eagerly, start to
 * the first /health answer took 2.5 times the CPU (7.3 s against 2.9 s, medians of 5 on a
 * machine at a load average of about 15 on 2 cores; issue 11 asked to retire these
 * only if start stayed under 500 ms without them).
 *
 * Ahead of time (issue 15): the first request of a route still paid for its validators:
 * building an ajv instance (~20 ms) and compiling the first list's query string (~60-110 ms,
 * most of a first answer). `npm run build` compiles every route's validators with ajv's
 * standalone code generation (`aheadOfTimeCompilers`) and packs the generated code into the
 * bundle (`precompiled-validators.ts`), where a validator is looked up by what it is
 * compiled from: the same code ajv would generate, compiled by V8 like any other function.
 */
import { createHash } from 'node:crypto'
import { AjvCompiler, StandaloneValidator } from '@fastify/ajv-compiler'
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler'
import type { FastifyServerOptions } from 'fastify'
import { PRECOMPILED_VALIDATORS, type PrecompiledValidators } from './precompiled-validators.js'
import { VALIDATOR_FORMATS } from './validator-formats.js'

type Factory = NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>
type AnyFunction = (...args: unknown[]) => unknown

/**
 * A function that builds `make()` on its first call, forwarding ajv's `errors` and, for a
 * validator, `schemaEnv`: fastify passes the request as the root's parent when a validator
 * has one (so that ajv can replace a coerced root value). A validator compiled ahead of time
 * has none but takes the same arguments, so it is given one as ajv's are.
 */
function lazy<F extends AnyFunction>(make: () => F, isValidator: boolean): F {
  let compiled: F | undefined
  const get = () => (compiled ??= make()) as F & { errors?: unknown; schemaEnv?: unknown }
  const wrapper = ((...args: unknown[]) => get()(...args)) as F
  Object.defineProperty(wrapper, 'errors', { get: () => get().errors })
  if (isValidator) Object.defineProperty(wrapper, 'schemaEnv', { get: () => get().schemaEnv ?? true })
  return wrapper
}

type BuildValidator = NonNullable<Factory['buildValidator']>
type BuildSerializer = NonNullable<Factory['buildSerializer']>
type ValidatorOptions = Parameters<BuildValidator>[1]
type RouteSchema = Parameters<ReturnType<ReturnType<typeof AjvCompiler>>>[0]

/**
 * Query strings, paths and headers arrive as text and are coerced to their types; a JSON
 * body is already typed, and coercing it would silently accept `{"name": 12345}`.
 */
const isStrict = (routeSchema: RouteSchema) => routeSchema.httpPart === 'body'
const strictOptions = (options: ValidatorOptions) => ({ ...options, customOptions: { ...options?.customOptions, coerceTypes: false } }) as ValidatorOptions

/**
 * What a route validator is compiled from: its part's coercion, its schema and the names of
 * the shared schemas it may reference (their content is the build's, like the code's).
 */
export function validatorKey(externalSchemas: Record<string, unknown>, routeSchema: RouteSchema): string {
  const text = `${isStrict(routeSchema) ? 'strict' : 'coercing'}\n${Object.keys(externalSchemas).sort().join(',')}\n${JSON.stringify(routeSchema.schema)}`
  return createHash('sha256').update(text).digest('base64url')
}

/** Lazy compilers that take a validator from `precompiled` when it holds one for the route. */
export function compilersWith(precompiled: PrecompiledValidators): Factory {
  return {
    buildValidator: ((externalSchemas, options) => {
      // Both ajv instances are built on the first validation that needs them: adding the shared
      // schemas to one costs ~80 ms, and fastify asks for a compiler in every plugin context
      // that declares a route (measured: 600 ms of a 2.1 s start when built here eagerly).
      let coercing: ReturnType<ReturnType<typeof AjvCompiler>> | undefined
      let strict: typeof coercing
      const compilerFor = (routeSchema: RouteSchema) =>
        isStrict(routeSchema) ? (strict ??= AjvCompiler()(externalSchemas, strictOptions(options))) : (coercing ??= AjvCompiler()(externalSchemas, options))
      return (routeSchema: RouteSchema) =>
        lazy(() => {
          const ahead = precompiled.size > 0 ? precompiled.get(validatorKey(externalSchemas, routeSchema)) : undefined
          return ahead ? ahead() : (compilerFor(routeSchema)(routeSchema) as unknown as AnyFunction)
        }, true)
    }) as BuildValidator,
    buildSerializer: ((externalSchemas, options) => {
      const build = SerializerSelector()(externalSchemas, options)
      return (routeSchema: Parameters<typeof build>[0]) => lazy(() => build(routeSchema) as AnyFunction, false)
    }) as BuildSerializer
  }
}

/** The server's compilers: lazy, with the validators the bundle compiled ahead of time (none unbundled). */
export const lazyCompilers: Factory = compilersWith(PRECOMPILED_VALIDATORS)

/** How ajv's standalone code names a format (ajv-formats' choice): replaced by `formats`, VALIDATOR_FORMATS. */
const FORMATS_IN_CODE = 'require("ajv-formats/dist/formats").fullFormats'

/**
 * For the build: compilers that compile every route's validator when fastify asks (at
 * ready), as ajv standalone code (the text of a CommonJS module), handed to `record` with its
 * key. The code names its formats `formats`, to be given VALIDATOR_FORMATS; it throws when
 * ajv compiled with a format that is not the one there. The serializers stay lazy.
 */
export function aheadOfTimeCompilers(record: (key: string, code: string) => void): Factory {
  return {
    buildValidator: ((externalSchemas, options) => {
      const writer = (writerOptions: ValidatorOptions) => {
        const onCreate = (ajv: { formats: Record<string, unknown> }) => {
          ;(writerOptions as { onCreate?: (ajv: unknown) => void }).onCreate?.(ajv)
          for (const [name, format] of Object.entries(ajv.formats)) {
            if (format !== VALIDATOR_FORMATS[name]) throw new Error(`ajv's format ${name} is not the one of src/http/validator-formats.ts`)
          }
        }
        return StandaloneValidator({
          readMode: false,
          storeFunction: (routeSchema, code) => record(validatorKey(externalSchemas, routeSchema as RouteSchema), code.replaceAll(FORMATS_IN_CODE, 'formats'))
        })(externalSchemas, { ...writerOptions, onCreate } as ValidatorOptions)
      }
      const coercing = writer(options)
      const strict = writer(strictOptions(options))
      return (routeSchema: RouteSchema) => (isStrict(routeSchema) ? strict : coercing)(routeSchema)
    }) as BuildValidator,
    buildSerializer: lazyCompilers.buildSerializer
  }
}
