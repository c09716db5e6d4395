/**
 * The import's thread: a worker with its own connection to the database file runs the
 * editor's import (the one write path) and answers with the report or the problem. The
 * server's thread keeps answering meanwhile: WAL lets its reads proceed while this
 * connection writes (see `runner.ts`).
 */
import { parentPort, workerData } from 'node:worker_threads'
import { openStore } from '../../db/connection.js'
import { ProblemError } from '../../lib/problem.js'
import { createEditor } from '../index.js'
import type { ImportJob, ImportAnswer } from './runner.js'

/**
 * Page cache of the import's connection, in KiB: an import's transaction writes tens of MB,
 * and with SQLite's default (2 MB) its pages spill to the WAL mid-transaction and are
 * written again at commit (3,000 new entities: 5.0 s with spills, 3.6 s without). It is
 * only allocated as pages are used, and freed when the worker ends.
 */
const IMPORT_CACHE_KIB = 256 * 1024

const { path, ctx, json, dryRun } = workerData as ImportJob
const store = openStore(path)
store.sqlite.pragma(`cache_size = -${IMPORT_CACHE_KIB}`)
// The checkpoint of what the import wrote (tens of MB) runs after the answer, not before it.
store.sqlite.pragma('wal_autocheckpoint = 0')
let answer: ImportAnswer
try {
  answer = { report: createEditor(store, () => {}, { importInWorker: false }).importNow(ctx, json, dryRun) }
} catch (error) {
  store.sqlite.close()
  if (!(error instanceof ProblemError)) throw error
  answer = { problem: { code: error.code, detail: error.detail, extensions: error.extensions } }
}
parentPort?.postMessage(answer)
if (store.sqlite.open) {
  store.sqlite.pragma('wal_checkpoint(PASSIVE)')
  store.sqlite.close()
}
