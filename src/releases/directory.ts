/**
 * RELEASE_DIR, laid out as the URLs that serve it, so that any static HTTP server, object
 * store or CDN can serve the directory in the primary's place:
 *
 *   v1/releases/latest            the newest manifest (JSON)
 *   v1/releases/{version}         a release file (SQLite)
 *   v1/releases/{version}.json    its manifest
 *
 * Every file appears by rename, so a reader never sees half of one; a file is written
 * before its manifest and the manifest before `latest`. Names starting with a dot are
 * work in progress (a build, a download) and are removed on start: a process killed
 * mid-way leaves nothing that looks like a release.
 */
import { randomBytes } from 'node:crypto'
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseManifest, type ReleaseManifest } from './manifest.js'

export const releasesFolder = (dir: string) => join(dir, 'v1', 'releases')

export const releaseFile = (dir: string, version: string) => join(releasesFolder(dir), version)

/** Creates the folder; removes work in progress a killed process left. */
export function prepareReleaseDir(dir: string): void {
  const folder = releasesFolder(dir)
  mkdirSync(folder, { recursive: true })
  for (const name of readdirSync(folder)) if (name.startsWith('.')) rmSync(join(folder, name), { force: true, recursive: true })
}

/** A new work-in-progress path in the folder (dot-named: never served, removed on start). */
export const workPath = (dir: string, what: string) => join(releasesFolder(dir), `.${what}-${randomBytes(6).toString('hex')}`)

function writeAtomically(path: string, text: string): void {
  const temporary = `${path.replace(/[^/]+$/, (name) => `.${name}`)}-${randomBytes(6).toString('hex')}`
  writeFileSync(temporary, text)
  renameSync(temporary, path)
}

function readManifest(path: string): ReleaseManifest | undefined {
  try {
    return parseManifest(readFileSync(path, 'utf8'))
  } catch {
    return undefined
  }
}

/** The newest release in the directory, by its `latest` manifest. */
export const latestRelease = (dir: string): ReleaseManifest | undefined => readManifest(join(releasesFolder(dir), 'latest'))

/** Every release kept, newest first. */
export function listReleases(dir: string): ReleaseManifest[] {
  let names: string[]
  try {
    names = readdirSync(releasesFolder(dir))
  } catch {
    return []
  }
  return names
    .filter((name) => name.endsWith('.json') && !name.startsWith('.'))
    .map((name) => readManifest(join(releasesFolder(dir), name)))
    .filter((manifest): manifest is ReleaseManifest => manifest !== undefined)
    .sort((a, b) => (a.version < b.version ? 1 : -1))
}

/** The manifest of one kept release. */
export const findRelease = (dir: string, version: string): ReleaseManifest | undefined => readManifest(join(releasesFolder(dir), `${version}.json`))

/**
 * Moves a finished file (at a `workPath`) into place as `manifest.version`, writes its
 * manifest, makes it the latest, and removes releases beyond the `keep` newest.
 */
export function addRelease(dir: string, finishedFile: string, manifest: ReleaseManifest, keep: number): void {
  const folder = releasesFolder(dir)
  renameSync(finishedFile, releaseFile(dir, manifest.version))
  writeAtomically(join(folder, `${manifest.version}.json`), `${JSON.stringify(manifest, null, 2)}\n`)
  writeAtomically(join(folder, 'latest'), `${JSON.stringify(manifest, null, 2)}\n`)
  for (const old of listReleases(dir).slice(keep)) {
    if (old.version === manifest.version) continue
    rmSync(join(folder, `${old.version}.json`), { force: true })
    rmSync(releaseFile(dir, old.version), { force: true })
  }
}
