/** The manifest of a release: what it is, how to check it, what it holds. Validated wherever it is read from outside. */
import Type, { type Static } from 'typebox'
import Value from 'typebox/value'

/** A version sorts as it was made: UTC time to the millisecond, then the start of the file's SHA-256. */
export const VERSION_PATTERN = '^[0-9]{8}T[0-9]{9}Z-[0-9a-f]{8}$'

export const ReleaseManifest = Type.Object(
  {
    version: Type.String({ pattern: VERSION_PATTERN, description: 'The release version; `GET /v1/releases/{version}` is its file.', examples: ['20261130T134512345Z-1a2b3c4d'] }),
    datasetVersion: Type.String({ description: 'The content hash of the published knowledge base, as `GET /v1/export` gives it.' }),
    sha256: Type.String({ pattern: '^[0-9a-f]{64}$', description: 'SHA-256 of the file (also its strong ETag).' }),
    bytes: Type.Integer({ minimum: 1, description: 'Size of the file.' }),
    createdAt: Type.String({ format: 'date-time' }),
    schema: Type.Integer({ description: 'The newest migration of the schema (its timestamp): a replica serves only releases of its own schema.' }),
    counts: Type.Record(Type.String(), Type.Integer(), { description: 'Rows per collection, sources, passages and citations.' })
  },
  { title: 'ReleaseManifest', description: 'A release: a compact, read-only SQLite file of the published content, served by replicas.' }
)

export type ReleaseManifest = Static<typeof ReleaseManifest>

/** `text` as a manifest, or undefined when it is not one. */
export function parseManifest(text: string): ReleaseManifest | undefined {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return undefined
  }
  return Value.Check(ReleaseManifest, value) && new RegExp(VERSION_PATTERN).test((value as ReleaseManifest).version) ? (value as ReleaseManifest) : undefined
}

/** The version of a release made at `at` whose file hashes to `sha256`. */
export const versionOf = (at: Date, sha256: string) => `${at.toISOString().replace(/[-:.]/g, '')}-${sha256.slice(0, 8)}`
