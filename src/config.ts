/**
 * Configuration: read once from the environment, validated, typed, then passed in.
 * Nothing else reads `process.env`. A bad value stops the start with a message that
 * names the variable.
 */
import Type, { type Static } from 'typebox'
import Value from 'typebox/value'

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const

const Env = Type.Object({
  NODE_ENV: Type.Union([Type.Literal('development'), Type.Literal('production'), Type.Literal('test')], { default: 'development' }),
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
  HOST: Type.String({ minLength: 1, default: '127.0.0.1' }),
  DATABASE_PATH: Type.String({ minLength: 1, default: './data/kb.sqlite' }),
  /** Create (and seed) the database when DATABASE_PATH names no file; `false`: a missing file stops the start. */
  DATABASE_CREATE: Type.Boolean({ default: true }),
  LOG_LEVEL: Type.Union(
    LOG_LEVELS.map((level) => Type.Literal(level)),
    { default: 'info' }
  ),
  /** Seconds a client or CDN may reuse a public GET answer (`Cache-Control: max-age`). */
  CACHE_MAX_AGE: Type.Integer({ minimum: 0, maximum: 31536000, default: 60 }),
  /** Bytes of public GET answers kept in memory and served again until the next write (0: off). */
  RESPONSE_CACHE_MAX_BYTES: Type.Integer({ minimum: 0, default: 33554432 }),
  /** Comma list of allowed CORS origins, or `*`. */
  CORS_ORIGINS: Type.String({ default: '*' }),
  /** Requests one client may make per RATE_LIMIT_WINDOW seconds (0 turns the limit off). */
  RATE_LIMIT_MAX: Type.Integer({ minimum: 0, default: 600 }),
  RATE_LIMIT_WINDOW: Type.Integer({ minimum: 1, default: 60 }),
  /** Largest request body in bytes (imports have their own, larger limit). */
  BODY_LIMIT: Type.Integer({ minimum: 1024, maximum: 104857600, default: 1048576 }),
  /** Milliseconds a client has to send a whole request, headers and body (0: no limit). */
  REQUEST_TIMEOUT: Type.Integer({ minimum: 0, default: 60000 }),
  /** Milliseconds a connection may stay idle (nothing sent either way) before it is closed (0: no limit). */
  CONNECTION_TIMEOUT: Type.Integer({ minimum: 0, default: 120000 }),
  /** Bearer token that /metrics requires; unset: /metrics is not served. */
  METRICS_TOKEN: Type.String({ default: '', pattern: '^(|[\\x21-\\x7e]{16,256})$' }),
  /** Proxy trust: `false`, `true`, a hop count, or a comma list of addresses/CIDRs. */
  TRUST_PROXY: Type.String({ default: 'false', pattern: '^(true|false|\\d+|[0-9a-fA-F.:/,\\s]+)$' }),
  /** Under pressure (503 + Retry-After) when the event loop lags more than this many ms (0: off). */
  MAX_EVENT_LOOP_DELAY: Type.Integer({ minimum: 0, default: 1000 }),
  /** … or the heap or RSS exceeds these many bytes (0: off). */
  MAX_HEAP_USED_BYTES: Type.Integer({ minimum: 0, default: 0 }),
  MAX_RSS_BYTES: Type.Integer({ minimum: 0, default: 0 }),
  /** Milliseconds a shutdown may take to finish in-flight requests before it is forced. */
  SHUTDOWN_TIMEOUT: Type.Integer({ minimum: 100, default: 10000 }),
  /**
   * The service's public origin (and path prefix, if any), for absolute URLs that must not
   * depend on the request: JSON-LD `@id`s. Unset: http://localhost:PORT.
   */
  PUBLIC_BASE_URL: Type.String({ default: '', pattern: '^(|https?://[^\\s/?#]+(/[^\\s?#]*)?)$' }),
  /** Failed admin authentications one client may make per window before it gets 429. */
  AUTH_FAILURE_LIMIT: Type.Integer({ minimum: 1, default: 10 }),
  /** That window, in seconds. */
  AUTH_FAILURE_WINDOW: Type.Integer({ minimum: 1, default: 900 }),
  /** Where releases are written (primary) or kept once downloaded (replica), in the URL layout `v1/releases/…`. */
  RELEASE_DIR: Type.String({ minLength: 1, default: './data/releases' }),
  /** How many releases to keep in RELEASE_DIR; older ones are removed. */
  RELEASE_KEEP: Type.Integer({ minimum: 1, maximum: 1000, default: 5 }),
  /** Replica mode: the base URL releases are fetched from (the primary, or a static copy of its RELEASE_DIR). Unset: this process is the primary. */
  REPLICA_OF: Type.String({ default: '', pattern: '^(|https?://[^\\s]+)$' }),
  /** Seconds between two conditional requests for the latest release (replica mode). */
  RELEASE_POLL_SECONDS: Type.Number({ minimum: 0.05, maximum: 86400, default: 30 })
})

export interface Config {
  env: 'development' | 'production' | 'test'
  port: number
  host: string
  databasePath: string
  databaseCreate: boolean
  logLevel: (typeof LOG_LEVELS)[number]
  cacheMaxAge: number
  corsOrigins: '*' | string[]
  responseCacheMaxBytes: number
  authFailureLimit: number
  authFailureWindow: number
  rateLimitMax: number
  rateLimitWindow: number
  bodyLimit: number
  requestTimeout: number
  connectionTimeout: number
  metricsToken: string
  trustProxy: boolean | number | string[]
  maxEventLoopDelay: number
  maxHeapUsedBytes: number
  maxRssBytes: number
  shutdownTimeout: number
  /** Absolute, without a trailing slash: `https://kb.example.org`. */
  publicBaseUrl: string
  releaseDir: string
  releaseKeep: number
  /** The base URL (no trailing slash) releases come from, or undefined on the primary. */
  replicaOf: string | undefined
  releasePollSeconds: number
}

function parseTrustProxy(value: string): Config['trustProxy'] {
  if (value === 'true') return true
  if (value === 'false') return false
  if (/^\d+$/.test(value)) return Number(value)
  return value.split(',').map((part) => part.trim()).filter(Boolean)
}

export class ConfigError extends Error {
  override name = 'ConfigError'
}

/** Variables whose value a configuration error must not print. */
const SECRETS: ReadonlySet<string> = new Set(['METRICS_TOKEN'])

/** Environment variable names this service reads, for docs and tests. */
export const CONFIG_VARIABLES = Object.keys(Env.properties)

/** For `npm run release`: the database and where releases go. */
export function loadReleaseConfig(env: Record<string, string | undefined> = process.env): Pick<Config, 'databasePath' | 'releaseDir' | 'releaseKeep'> {
  const { databasePath, releaseDir, releaseKeep } = loadConfig({ DATABASE_PATH: env.DATABASE_PATH, RELEASE_DIR: env.RELEASE_DIR, RELEASE_KEEP: env.RELEASE_KEEP })
  return { databasePath, releaseDir, releaseKeep }
}

/** For the command-line tools: only the database location matters to them. */
export function loadDatabasePath(env: Record<string, string | undefined> = process.env): string {
  return loadConfig({ DATABASE_PATH: env.DATABASE_PATH }).databasePath
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const raw: Record<string, unknown> = {}
  for (const key of CONFIG_VARIABLES) {
    const value = env[key]
    if (value !== undefined && value !== '') raw[key] = value
  }
  const value = Value.Convert(Env, Value.Default(Env, raw))
  const error = [...Value.Errors(Env, value)][0]
  if (error) {
    const variable = error.instancePath.replace(/^\//, '') || 'environment'
    const shown = SECRETS.has(variable) ? '(hidden)' : JSON.stringify(raw[variable] ?? '')
    throw new ConfigError(`Invalid ${variable}=${shown}: ${error.message}`)
  }
  const e = value as Static<typeof Env>
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    databasePath: e.DATABASE_PATH,
    databaseCreate: e.DATABASE_CREATE,
    logLevel: e.LOG_LEVEL,
    cacheMaxAge: e.CACHE_MAX_AGE,
    corsOrigins: e.CORS_ORIGINS.trim() === '*' ? '*' : e.CORS_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean),
    responseCacheMaxBytes: e.RESPONSE_CACHE_MAX_BYTES,
    authFailureLimit: e.AUTH_FAILURE_LIMIT,
    authFailureWindow: e.AUTH_FAILURE_WINDOW,
    rateLimitMax: e.RATE_LIMIT_MAX,
    rateLimitWindow: e.RATE_LIMIT_WINDOW,
    bodyLimit: e.BODY_LIMIT,
    requestTimeout: e.REQUEST_TIMEOUT,
    connectionTimeout: e.CONNECTION_TIMEOUT,
    metricsToken: e.METRICS_TOKEN,
    trustProxy: parseTrustProxy(e.TRUST_PROXY.trim()),
    maxEventLoopDelay: e.MAX_EVENT_LOOP_DELAY,
    maxHeapUsedBytes: e.MAX_HEAP_USED_BYTES,
    maxRssBytes: e.MAX_RSS_BYTES,
    shutdownTimeout: e.SHUTDOWN_TIMEOUT,
    publicBaseUrl: (e.PUBLIC_BASE_URL || `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    releaseDir: e.RELEASE_DIR,
    releaseKeep: e.RELEASE_KEEP,
    replicaOf: e.REPLICA_OF === '' ? undefined : e.REPLICA_OF.replace(/\/+$/, ''),
    releasePollSeconds: e.RELEASE_POLL_SECONDS
  }
}
