/**
 * Schema compilers that compile on a route's first use instead of at start-up.
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
 */
import { AjvCompiler } from '@fastify/ajv-compiler'
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler'
import type { FastifyServerOptions } from 'fastify'

type Factory = NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>
type AnyFunction = (...args: unknown[]) => unknown

/** A function that builds `make()` on its first call, forwarding ajv's `errors` and `schemaEnv`. */
function lazy<F extends AnyFunction>(make: () => F): F {
  let compiled: F | undefined
  const get = () => (compiled ??= make())
  const wrapper = ((...args: unknown[]) => get()(...args)) as F
  for (const property of ['errors', 'schemaEnv']) {
    Object.defineProperty(wrapper, property, { get: () => (get() as unknown as Record<string, unknown>)[property] })
  }
  return wrapper
}

type BuildValidator = NonNullable<Factory['buildValidator']>
type BuildSerializer = NonNullable<Factory['buildSerializer']>
type ValidatorOf = ReturnType<ReturnType<typeof AjvCompiler>>

export const lazyCompilers: Factory = {
  buildValidator: ((externalSchemas, options) => {
    // Query strings, paths and headers arrive as text and are coerced to their types; a JSON
    // body is already typed, and coercing it would silently accept `{"name": 12345}`.
    const strictOptions = { ...options, customOptions: { ...options?.customOptions, coerceTypes: false } }
    // Both ajv instances are built on the first validation that needs them: adding the shared
    // schemas to one costs ~80 ms, and fastify asks for a compiler in every plugin context
    // that declares a route (measured: 600 ms of a 2.1 s start when built here eagerly).
    let coercing: ValidatorOf | undefined
    let strict: ValidatorOf | undefined
    const coercingCompiler = () => (coercing ??= AjvCompiler()(externalSchemas, options))
    const strictCompiler = () => (strict ??= AjvCompiler()(externalSchemas, strictOptions as typeof options))
    return (routeSchema: Parameters<ValidatorOf>[0]) =>
      lazy(() => (routeSchema.httpPart === 'body' ? strictCompiler() : coercingCompiler())(routeSchema) as unknown as AnyFunction)
  }) as BuildValidator,
  buildSerializer: ((externalSchemas, options) => {
    const build = SerializerSelector()(externalSchemas, options)
    return (routeSchema: Parameters<typeof build>[0]) => lazy(() => build(routeSchema) as AnyFunction)
  }) as BuildSerializer
}
