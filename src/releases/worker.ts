/**
 * Worker thread entry: builds a release file off the main thread, so that copying and
 * compacting the database never stalls the server's event loop (see publish.ts).
 */
import { parentPort, workerData } from 'node:worker_threads'
import { buildReleaseFile } from './build.js'

const { source, target } = workerData as { source: string; target: string }
try {
  parentPort?.postMessage({ ok: true, built: buildReleaseFile(source, target) })
} catch (error) {
  parentPort?.postMessage({ ok: false, message: (error as Error).message, name: (error as Error).name })
}
