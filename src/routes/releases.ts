/**
 * Releases (README, *Running at scale*): `GET /v1/releases` lists the kept ones,
 * `GET /v1/releases/latest` is the newest manifest, `GET /v1/releases/{version}` its file
 * with the file's SHA-256 as strong ETag, and `POST /v1/admin/releases` (admins, primary
 * only) makes one. Everything is read from RELEASE_DIR, laid out as these URLs, so a static
 * server can serve the same directory; a replica serves the releases it downloaded.
 *
 * The release protocol is for replicas, static servers and CDNs, not for API clients: like
 * `llms.txt`, it is kept out of the OpenAPI contract (whose budget is 80 operations) and
 * documented in the README. The schemas still validate and serialize.
 */
import { createReadStream } from 'node:fs'
import type { FastifyInstance } from 'fastify'
import Type from 'typebox'
import { ProblemError } from '../lib/problem.js'
import { findRelease, latestRelease, listReleases, releaseFile } from '../releases/directory.js'
import { ReleaseManifest, VERSION_PATTERN } from '../releases/manifest.js'
import { publishRelease } from '../releases/publish.js'
import { BEARER, conditionalGetHeaders, notModified, problemResponses } from '../schemas/common.js'

export interface ReleaseRoutesOptions {
  dir: string
  keep: number
  /** Whether this process makes releases (the primary) or only serves those it downloaded (a replica). */
  primary: boolean
}

/** A manifest or list changes when a release is made: clients and CDNs revalidate (ETag) every time. */
const REVALIDATE = 'no-cache'
/** A release never changes once made. */
const IMMUTABLE = 'public, max-age=31536000, immutable'

export default async function releaseRoutes(app: FastifyInstance, { dir, keep, primary }: ReleaseRoutesOptions) {
  app.get(
    '/releases',
    {
      schema: {
        hide: true,
        operationId: 'listReleases',
        tags: ['Bulk'],
        summary: 'List releases',
        querystring: Type.Object({}, { additionalProperties: false }),
        headers: conditionalGetHeaders,
        response: { 200: Type.Object({ data: Type.Array(ReleaseManifest) }, { description: 'Kept releases, newest first.' }), ...notModified, ...problemResponses(400) }
      }
    },
    async (_request, reply) => reply.header('cache-control', REVALIDATE).send({ data: listReleases(dir) })
  )

  app.get(
    '/releases/latest',
    {
      schema: {
        hide: true,
        operationId: 'getLatestRelease',
        tags: ['Bulk'],
        summary: 'The newest release manifest',
        description: 'The manifest itself, not wrapped in `data`: the same document a static copy of RELEASE_DIR serves at this path.',
        querystring: Type.Object({}, { additionalProperties: false }),
        headers: conditionalGetHeaders,
        response: { 200: ReleaseManifest, ...notModified, ...problemResponses(400, 404) }
      }
    },
    async (_request, reply) => {
      const manifest = latestRelease(dir)
      if (!manifest) throw new ProblemError('not-found', primary ? 'No release has been made yet: POST /v1/admin/releases or `npm run release`.' : 'This replica holds no release yet.')
      return reply.header('cache-control', REVALIDATE).send(manifest)
    }
  )

  app.get(
    '/releases/:version',
    {
      // The file goes out as stored: its bytes are what the ETag and the manifest's SHA-256 name.
      compress: false,
      schema: {
        hide: true,
        operationId: 'getRelease',
        tags: ['Bulk'],
        summary: 'A release file',
        params: Type.Object({ version: Type.String({ pattern: VERSION_PATTERN }) }),
        querystring: Type.Object({}, { additionalProperties: false }),
        headers: conditionalGetHeaders,
        response: { 200: { description: 'The SQLite file.', content: { 'application/vnd.sqlite3': { schema: { type: 'string', format: 'binary' } } } }, ...notModified, ...problemResponses(400, 404) }
      }
    },
    async (request, reply) => {
      const { version } = request.params as { version: string }
      const manifest = findRelease(dir, version)
      if (!manifest) throw new ProblemError('not-found', `No release ${version} is kept here.`)
      const etag = `"${manifest.sha256}"`
      reply.header('etag', etag).header('cache-control', IMMUTABLE)
      const presented = request.headers['if-none-match']
      if (presented !== undefined && presented.split(',').some((tag) => tag.trim() === etag || tag.trim() === '*')) return reply.code(304).send()
      return reply
        .type('application/vnd.sqlite3')
        .header('content-length', manifest.bytes)
        .header('content-disposition', `attachment; filename="kb-${version}.sqlite"`)
        .send(createReadStream(releaseFile(dir, version)))
    }
  )

  if (!primary) return
  app.post(
    '/admin/releases',
    {
      onRequest: app.requireRole('admin'),
      schema: {
        hide: true,
        operationId: 'adminCreateRelease',
        tags: ['Admin: import'],
        security: BEARER,
        summary: 'Make a release (admins)',
        description: 'Builds a release of the published content now; replicas pick it up at their next poll.',
        querystring: Type.Object({}, { additionalProperties: false }),
        response: { 201: ReleaseManifest, ...problemResponses(401, 403, 429) }
      }
    },
    async (_request, reply) => {
      const manifest = await publishRelease(app.store.sqlite, { dir, keep })
      // The cached list and `latest` show the release before this one.
      app.responseCache.clear()
      return reply.code(201).header('location', `/v1/releases/${manifest.version}`).send(manifest)
    }
  )
}
