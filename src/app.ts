/**
 * buildApp(config): the whole service as a fastify instance that never listens.
 * Infrastructure plugins first, then the app's services, then routes: the load order
 * is the dependency order.
 */
import compress from '@fastify/compress'
import cors from '@fastify/cors'
import { randomUUID } from 'node:crypto'
import Fastify, { LogController, type FastifyInstance } from 'fastify'
import type { Config } from './config.js'
import { lazyCompilers } from './http/lazy-compilers.js'
import { DATE_TIME_FORMAT } from './http/validator-formats.js'
import { PROBE_PATHS } from './lib/probes.js'
import authPlugin from './plugins/auth.js'
import cachingPlugin from './plugins/caching.js'
import dbPlugin from './plugins/db.js'
import errorsPlugin, { answerClientError, sendFrameworkError } from './plugins/errors.js'
import observabilityPlugin, { clientRequestIdOf } from './plugins/observability.js'
import securityPlugin from './plugins/security.js'
import openapiPlugin, { API_VERSION, docsRoutes } from './plugins/openapi.js'
import repositoriesPlugin from './plugins/repositories.js'
import replicaPlugin from './plugins/replica.js'
import collectionRoutes from './routes/collections.js'
import adminRoutes from './routes/admin/index.js'
import bulkRoutes from './routes/bulk.js'
import healthRoutes from './routes/health.js'
import llmsRoutes from './routes/llms.js'
import mcpRoutes from './routes/mcp.js'
import overviewRoutes from './routes/overview.js'
import releaseRoutes from './routes/releases.js'
import replicaAdminRoutes from './routes/replica-admin.js'
import answerRoutes from './routes/answer.js'
import codeRoutes from './routes/codes.js'
import searchRoutes from './routes/search.js'
import sourceRoutes from './routes/sources.js'

/** TRUST_PROXY as a hop count: trust that many proxies in front. */
const trustHops =
  (hops: number) =>
  (_address: string, hop: number): boolean =>
    hop < hops

export interface BuildOptions {
  /** Seed a database this start creates (default true); an existing file is never seeded. */
  seedIfEmpty?: boolean
  /** Where log lines go (default stdout). */
  logStream?: NodeJS.WritableStream
  /** Schema compilers in place of the lazy ones (the build compiles the validators ahead of time with them). */
  compilers?: typeof lazyCompilers
}

export async function buildApp(config: Config, options: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: config.logLevel,
      // Keys never reach the logs, whatever a serializer or a debug line includes.
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization', 'authorization'], censor: '[redacted]' },
      ...(options.logStream ? { stream: options.logStream } : {})
    },
    // Always the server's own id; a client's X-Request-Id is kept beside it (observability.ts).
    genReqId: () => randomUUID(),
    childLoggerFactory: (logger, bindings, childOptions, rawRequest) => {
      const clientRequestId = clientRequestIdOf(rawRequest.headers)
      return logger.child(clientRequestId ? { ...bindings, clientRequestId } : bindings, childOptions)
    },
    schemaController: { compilersFactory: options.compilers ?? lazyCompilers },
    logController: new LogController({
      disableRequestLogging: (request: { url?: string }) => PROBE_PATHS.has(request.url ?? ''),
      requestIdLogLabel: 'requestId'
    }),
    // Router errors (an over-long path parameter, a malformed URL) become problems too.
    frameworkErrors: (error, request, reply) => void sendFrameworkError(error, request, reply),
    // … and what Node's parser refuses before there is a request (a timeout, bad HTTP).
    clientErrorHandler: answerClientError,
    bodyLimit: config.bodyLimit,
    // A client trickling a request must not hold a connection: the whole request (headers
    // and body) within REQUEST_TIMEOUT, and no socket idle past CONNECTION_TIMEOUT. Node
    // checks the request timeout every connectionsCheckingInterval (30 s by default).
    requestTimeout: config.requestTimeout,
    connectionTimeout: config.connectionTimeout,
    http: {
      connectionsCheckingInterval: Math.max(100, Math.min(30_000, Math.floor(config.requestTimeout / 4) || 30_000)),
      headersTimeout: Math.min(60_000, config.requestTimeout || 60_000)
    },
    trustProxy: typeof config.trustProxy === 'number' ? trustHops(config.trustProxy) : config.trustProxy,
    routerOptions: { ignoreTrailingSlash: true },
    ajv: {
      customOptions: {
        // An unknown query parameter or body field is an error, never silently dropped.
        removeAdditional: false,
        coerceTypes: 'array',
        useDefaults: true,
        // OpenAPI keywords that ajv does not know.
        keywords: ['style', 'explode'],
        // Our schemas are not checked against JSON Schema's meta-schema when added: compiling
        // the meta-schema and checking the shared schemas was 90-110 ms of the first request
        // after every start (issue 15). A malformed schema still fails when its route is first
        // compiled, and the test suite compiles every route.
        validateSchema: false
      },
      // After ajv-formats: a date-time must be an instant Date can hold (no leap second).
      onCreate: (ajv: { addFormat(name: string, format: typeof DATE_TIME_FORMAT): unknown }) => ajv.addFormat('date-time', DATE_TIME_FORMAT)
    }
  })

  // Compression hooks routes as they are added: it must come before every route.
  await app.register(compress)
  await app.register(errorsPlugin)
  await app.register(observabilityPlugin, {
    maxEventLoopDelay: config.maxEventLoopDelay,
    maxHeapUsedBytes: config.maxHeapUsedBytes,
    maxRssBytes: config.maxRssBytes,
    metricsToken: config.metricsToken
  })
  await app.register(securityPlugin, { rateLimitMax: config.rateLimitMax, rateLimitWindowSeconds: config.rateLimitWindow, trustProxy: config.trustProxy })
  // After the request id and security headers: a preflight CORS answers itself must carry them.
  await app.register(cors, {
    origin: config.corsOrigins === '*' ? '*' : config.corsOrigins,
    methods: ['GET', 'HEAD'],
    exposedHeaders: ['ETag', 'Location'],
    // An OPTIONS without Origin is plain HTTP, not a broken preflight: 204, not a text/plain 400.
    strictPreflight: false
  })
  // A replica serves the current release in the database's place, and has no admin API.
  const replicaOf = config.replicaOf
  if (replicaOf) await app.register(replicaPlugin, { baseUrl: replicaOf, dir: config.releaseDir, keep: config.releaseKeep, pollSeconds: config.releasePollSeconds })
  else await app.register(dbPlugin, { path: config.databasePath, create: config.databaseCreate, seedIfEmpty: options.seedIfEmpty ?? true })
  await app.register(cachingPlugin, { maxAge: config.cacheMaxAge, responseCacheMaxBytes: config.responseCacheMaxBytes })
  await app.register(openapiPlugin)
  if (!replicaOf) {
    await app.register(repositoriesPlugin)
    await app.register(authPlugin, { failureLimit: config.authFailureLimit, failureWindowSeconds: config.authFailureWindow })
  }

  await app.register(healthRoutes)
  await app.register(collectionRoutes, { prefix: '/v1', publicBaseUrl: config.publicBaseUrl })
  await app.register(sourceRoutes, { prefix: '/v1', publicBaseUrl: config.publicBaseUrl })
  await app.register(codeRoutes, { prefix: '/v1' })
  await app.register(searchRoutes, { prefix: '/v1' })
  await app.register(answerRoutes, { prefix: '/v1' })
  await app.register(overviewRoutes, { prefix: '/v1' })
  await app.register(bulkRoutes, { prefix: '/v1', admin: !replicaOf })
  await app.register(releaseRoutes, { prefix: '/v1', dir: config.releaseDir, keep: config.releaseKeep, primary: !replicaOf })
  if (replicaOf) await app.register(replicaAdminRoutes, { prefix: '/v1', primary: replicaOf })
  else await app.register(adminRoutes, { prefix: '/v1' })
  await app.register(llmsRoutes)
  await app.register(mcpRoutes, { version: API_VERSION })
  await app.register(docsRoutes)
  return app
}
