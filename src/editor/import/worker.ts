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

const { path, ctx, document, dryRun } = workerData as ImportJob
const store = openStore(path)
let answer: ImportAnswer
try {
  answer = { report: createEditor(store, () => {}, { importInWorker: false }).importNow(ctx, document, dryRun) }
} catch (error) {
  if (!(error instanceof ProblemError)) throw error
  answer = { problem: { code: error.code, detail: error.detail, extensions: error.extensions } }
} finally {
  store.sqlite.close()
}
parentPort?.postMessage(answer)
