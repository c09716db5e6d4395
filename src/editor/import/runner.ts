/**
 * Running imports without stalling the server (issue 14: 1,200 entities kept `/health`
 * from answering for 12 s). On a database file, each import runs in a worker thread with
 * its own connection (`worker.ts`); this thread only hands the bundle over and waits. An
 * in-memory database has no second connection, so there the import runs in this thread.
 *
 * Imports run one at a time, and `settled()` lets other writes wait for them without
 * blocking: SQLite has one writer, and a write on this thread while the worker holds the
 * write lock would block the whole event loop on the busy timeout.
 */
import { Worker } from 'node:worker_threads'
import { ProblemError, type ProblemCode } from '../../lib/problem.js'
import { workerModule } from '../../lib/worker-module.js'
import type { WriteContext } from '../context.js'
import type { ImportReport } from './apply.js'

export interface ImportJob {
  path: string
  ctx: WriteContext
  /** The bundle as JSON text: a string crosses to the worker in a copy, a parsed bundle in a slow structured clone. */
  json: string
  dryRun: boolean
}

export type ImportAnswer = { report: ImportReport } | { problem: { code: ProblemCode; detail: string; extensions?: Record<string, unknown> } }

type ImportNow = (ctx: WriteContext, json: string, dryRun: boolean) => ImportReport

/** Heap of an import's worker: a bundle that needs more fails alone, the server keeps running. */
const WORKER_HEAP_MB = 1024

const workerFile = workerModule(import.meta.url, 'worker')

function inWorker(job: ImportJob): Promise<ImportReport> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerFile, { workerData: job, resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } })
    worker.once('message', (answer: ImportAnswer) => {
      if ('report' in answer) resolve(answer.report)
      else reject(new ProblemError(answer.problem.code, answer.problem.detail, { extensions: answer.problem.extensions }))
    })
    worker.once('error', reject)
    worker.once('exit', (code) => reject(new Error(`the import worker stopped (exit code ${code}) without an answer`)))
  })
}

export function createImportRunner(databasePath: string | null, importNow: ImportNow, onWrite: () => void) {
  let queue: Promise<unknown> = Promise.resolve()

  return {
    /** Imports the bundle (JSON text) after the imports before it; the report, or the problem as a ProblemError. */
    run(ctx: WriteContext, json: string, dryRun: boolean): Promise<ImportReport> {
      const result = queue.then(async () => {
        if (databasePath === null) return importNow(ctx, json, dryRun)
        const report = await inWorker({ path: databasePath, ctx, json, dryRun })
        if (!report.dryRun) onWrite() // the worker's connection wrote: this process's caches are stale
        return report
      })
      queue = result.catch(() => {})
      return result
    },

    /** Resolves once no import is running or waiting. */
    settled: (): Promise<void> => queue.then(() => {})
  }
}
