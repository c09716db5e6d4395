/**
 * The replica's side of releases: ask `{REPLICA_OF}/v1/releases/latest` whether there is a
 * new release (a conditional request: `If-None-Match` with the last ETag, so an unchanged
 * manifest costs a 304), download it into RELEASE_DIR under a work-in-progress name while
 * hashing it, check size, SHA-256 and schema, and only then add it to the directory. A
 * failure at any step discards the download and keeps the last good release; nothing here
 * throws into the server.
 */
import { createHash } from 'node:crypto'
import { createWriteStream, rmSync } from 'node:fs'
import { Readable, Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { sha256OfFile } from './build.js'
import { addRelease, latestRelease, prepareReleaseDir, releaseFile, workPath } from './directory.js'
import { parseManifest, type ReleaseManifest } from './manifest.js'

/** What the follower logs through (the server's pino logger). */
export interface FollowerLog {
  info(details: object, message: string): void
  warn(details: object, message: string): void
}

export interface FollowerOptions {
  /** Where releases come from, without a trailing slash. */
  baseUrl: string
  dir: string
  keep: number
  /** The schema this code runs (newest migration): a release of another schema is refused. */
  schema: number
  log: FollowerLog
  /** How long one manifest request or download may take, in ms. */
  timeoutMs?: number
}

export type PollResult = { outcome: 'unchanged' } | { outcome: 'new'; manifest: ReleaseManifest } | { outcome: 'failed'; reason: string }

export class ReleaseFollower {
  private etag: string | undefined
  private readonly timeoutMs: number
  /** Aborts whatever request is under way when the server closes. */
  private readonly stopping = new AbortController()

  constructor(private readonly options: FollowerOptions) {
    this.timeoutMs = options.timeoutMs ?? 300_000
    prepareReleaseDir(options.dir)
  }

  /**
   * The newest release already in the directory, when its file is whole and of this schema:
   * a restarted replica serves it at once, whether or not the primary answers.
   */
  localRelease(): ReleaseManifest | undefined {
    const manifest = latestRelease(this.options.dir)
    if (!manifest || manifest.schema !== this.options.schema) return undefined
    try {
      return sha256OfFile(releaseFile(this.options.dir, manifest.version)) === manifest.sha256 ? manifest : undefined
    } catch {
      return undefined
    }
  }

  stop(): void {
    this.stopping.abort()
  }

  private signal(): AbortSignal {
    return AbortSignal.any([this.stopping.signal, AbortSignal.timeout(this.timeoutMs)])
  }

  /** One poll: a new release is downloaded, checked and added to the directory before it is reported. */
  async poll(current: string | undefined): Promise<PollResult> {
    const { baseUrl, log } = this.options
    let manifest: ReleaseManifest | undefined
    try {
      const response = await fetch(`${baseUrl}/v1/releases/latest`, {
        headers: this.etag && current ? { 'if-none-match': this.etag } : {},
        signal: this.signal()
      })
      if (response.status === 304) return { outcome: 'unchanged' }
      const text = await response.text()
      if (response.status !== 200) return this.failed(`${baseUrl}/v1/releases/latest answered ${response.status}`)
      manifest = parseManifest(text)
      if (!manifest) return this.failed(`${baseUrl}/v1/releases/latest is not a release manifest`)
      if (manifest.version === current) {
        this.etag = response.headers.get('etag') ?? undefined
        return { outcome: 'unchanged' }
      }
      if (manifest.schema !== this.options.schema) {
        return this.failed(`release ${manifest.version} has schema ${manifest.schema}, this replica runs ${this.options.schema}: upgrade the replica or the primary`)
      }
      const reason = await this.download(manifest)
      if (reason) return this.failed(reason)
      this.etag = response.headers.get('etag') ?? undefined
      log.info({ release: manifest.version, datasetVersion: manifest.datasetVersion, bytes: manifest.bytes }, 'downloaded a release')
      return { outcome: 'new', manifest }
    } catch (error) {
      return this.failed(`${baseUrl} cannot be reached (${(error as Error).message})`)
    }
  }

  private failed(reason: string): PollResult {
    this.options.log.warn({ reason }, 'release not updated; serving the last good release')
    return { outcome: 'failed', reason }
  }

  /** Downloads, verifies and adds a release; the reason it was refused, or undefined. */
  private async download(manifest: ReleaseManifest): Promise<string | undefined> {
    const { baseUrl, dir, keep } = this.options
    const url = `${baseUrl}/v1/releases/${manifest.version}`
    const target = workPath(dir, 'download')
    try {
      const response = await fetch(url, { signal: this.signal() })
      if (response.status !== 200 || !response.body) {
        await response.body?.cancel()
        return `${url} answered ${response.status}`
      }
      const hash = createHash('sha256')
      let bytes = 0
      const count = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          bytes += chunk.length
          // A file larger than announced is refused as soon as it is, not after filling the disk.
          if (bytes > manifest.bytes) return callback(new Error(`more than the ${manifest.bytes} bytes announced`))
          hash.update(chunk)
          callback(null, chunk)
        }
      })
      await pipeline(Readable.fromWeb(response.body as import('node:stream/web').ReadableStream), count, createWriteStream(target, { flags: 'wx' }))
      if (bytes !== manifest.bytes) return `${url}: ${bytes} bytes, the manifest says ${manifest.bytes}`
      const sha256 = hash.digest('hex')
      if (sha256 !== manifest.sha256) return `${url}: SHA-256 ${sha256} does not match the manifest's ${manifest.sha256} (refused)`
      addRelease(dir, target, manifest, keep)
      return undefined
    } catch (error) {
      return `${url}: ${(error as Error).message}`
    } finally {
      rmSync(target, { force: true })
    }
  }
}
