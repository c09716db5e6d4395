/**
 * The shared schemas moved to `src/schemas/common.ts` (route schemas live in
 * `src/schemas/`, as fastify/demo keeps them). This re-export keeps the public route
 * files compiling until they import from there; remove it then.
 */
export * from '../schemas/common.js'
