/**
 * The formats the route validators know, as one object: ajv-formats' full set (what
 * fastify's ajv compiler adds to every instance) with the app's date-time in its place, an
 * instant that Date can hold and no leap second (src/app.ts adds it after ajv-formats).
 * Validators compiled ahead of time name their formats through this object
 * (lazy-compilers.ts), which the build checks is what ajv compiled them with.
 */
import { fullFormats } from 'ajv-formats/dist/formats.js'
import { isInstant } from '../lib/input-safety.js'

export const DATE_TIME_FORMAT = { type: 'string', validate: isInstant } as const

export const VALIDATOR_FORMATS: Readonly<Record<string, unknown>> = { ...fullFormats, 'date-time': DATE_TIME_FORMAT }
