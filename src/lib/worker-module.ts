/**
 * The file a worker thread runs, beside the module that starts it: `name.bundle.js` when
 * the server runs as the bundle (`scripts/bundle-server.js` bundles each worker, which then
 * loads one file instead of about a thousand), else `name` with the starting module's own
 * extension (`.js` in dist/, `.ts` under the tests' TypeScript loader).
 */
import { extname } from 'node:path'
import { fileURLToPath } from 'node:url'

declare const __KB_BUNDLED__: boolean | undefined

export function workerModule(starter: string, name: string): URL {
  const bundled = typeof __KB_BUNDLED__ !== 'undefined' && __KB_BUNDLED__
  return new URL(bundled ? `./${name}.bundle.js` : `./${name}${extname(fileURLToPath(starter))}`, starter)
}
