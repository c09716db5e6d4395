/**
 * The write path, one module per job: the transaction core (write + revision + audit),
 * entities, fields, links, citations, snapshots, revisions, sources and import. This
 * facade is what the app decorates as `app.editor`; everything it does is for editors.
 */
import type { Store } from '../db/connection.js'
import { createCitations } from './citations.js'
import { createCore } from './core.js'
import { createEntityWriter } from './entities.js'
import { createFieldWriter } from './fields.js'
import { createImporter } from './import/apply.js'
import { createImportRunner } from './import/runner.js'
import { createLinks } from './links.js'
import { createReviews } from './reviews.js'
import { createRevisions } from './revisions.js'
import { createSnapshots } from './snapshots.js'
import { createSourceWriter } from './sources.js'

export { etagOf } from './core.js'
export type { Actor, Role, WriteContext } from './context.js'
export type { CitationInput, CodeInput, EntityInput, ReviewInput, Revision } from './inputs.js'
export type { ImportReport } from './import/apply.js'

/**
 * `onWrite` runs after every committed write (the response cache is cleared there).
 * Imports run in a worker thread on a database file (`import/runner.ts`); `importInWorker:
 * false` runs them in this thread (the worker itself, and in-memory databases).
 */
export function createEditor(store: Store, onWrite: () => void = () => {}, { importInWorker = !store.sqlite.memory } = {}) {
  const core = createCore(store, onWrite)
  const fields = createFieldWriter(core)
  const citations = createCitations(core)
  const links = createLinks(core, citations)
  const snapshots = createSnapshots(core, fields, citations, links)
  const revisions = createRevisions(core, citations, snapshots)
  const sources = createSourceWriter(core)
  const editor = {
    ...createEntityWriter(core, fields, citations),
    link: links.link,
    unlink: links.unlink,
    review: createReviews(core).review,
    cite: citations.cite,
    uncite: citations.uncite,
    ...revisions,
    createSource: sources.create,
    transaction: core.transaction
  }
  const importNow = createImporter(store, core, sources, snapshots)
  const imports = createImportRunner(importInWorker ? store.sqlite.name : null, importNow, onWrite)
  return {
    ...editor,
    /** Imports a bundle without blocking this thread (on a database file); imports run one at a time. */
    importBundle: imports.run,
    /** Resolves once no import is running: other writes wait for it instead of blocking on the write lock. */
    importsSettled: imports.settled,
    /** Imports in this thread, now. */
    importNow
  }
}

export type Editor = ReturnType<typeof createEditor>
