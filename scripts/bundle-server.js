/**
 * The last step of `npm run build`: dist/server.js (what tsc wrote) and everything it imports
 * become one ES module file, dist/server.bundle.js, which `npm start` and the Dockerfile run:
 * a start then loads one file instead of about a thousand (issue 15: start to first answer
 * under 500 ms). Measured on this machine: importing TypeBox's 679 module files took
 * 570-740 ms, the same code bundled 40 ms; the server answered its first request 2.2 s after
 * it was spawned from tsc's output and 0.8-1.0 s from the bundle.
 *
 * The same code, only packed: tsc's dist/server.js stays a complete server (what `npm run dev`
 * and the tests that start a process run: test coverage is not mapped through the bundle).
 * The worker threads the bundled server starts (an import, a release build) are bundled
 * too, each into one file beside its module (`worker.bundle.js`); the unbundled server
 * starts the unbundled workers (`src/lib/worker-module.ts`).
 *
 * - Only the native better-sqlite3 stays outside, loaded from node_modules.
 * - Each module keeps the location it had unbundled (`keepModuleLocations`): every output
 *   knows the folder of dist/ (`__distDir`, however deep it sits), and each module's address
 *   is given relative to it.
 * - Modules imported on first use (the MCP SDK and our tools) become chunks loaded then.
 * - The source map chains through tsc's maps back to src/ (stack traces).
 */
import { readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import process from 'node:process'
import { build } from 'esbuild'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const dist = join(root, 'dist')

/** `path` (a module file) as a path relative to dist/, where every output file is. */
const fromDist = (path) => JSON.stringify(relative(dist, path).split('\\').join('/'))
const declares = (text, name) => new RegExp(`(?:var|let|const|function)\\s+${name}\\b`).test(text)

/**
 * Every module keeps the location it had before bundling: `import.meta.url` (our modules:
 * the project root, a worker's file) and CommonJS's `__dirname` and `__filename` (packages
 * that read their own files: the docs UI's assets) point where they pointed unbundled.
 * `__distDir` is the output file's folder (the banner); `import.meta` itself cannot appear
 * in a CommonJS module (esbuild would take it for an ES module).
 */
const keepModuleLocations = {
  name: 'keep-module-locations',
  setup(builder) {
    builder.onLoad({ filter: /\.[cm]?js$/ }, async ({ path }) => {
      let text = await readFile(path, 'utf8')
      const usesMetaUrl = text.includes('import.meta.url')
      const usesDirname = /\b__dirname\b/.test(text) && !declares(text, '__dirname')
      const usesFilename = /\b__filename\b/.test(text) && !declares(text, '__filename')
      if (!usesMetaUrl && !usesDirname && !usesFilename) return undefined
      const file = `__joinPath(__distDir, ${fromDist(path)})`
      if (usesMetaUrl) text = text.replaceAll('import.meta.url', `__pathToFileURL(${file}).href`)
      const locals = [usesFilename ? `var __filename = ${file};` : '', usesDirname ? `var __dirname = __dirnameOf(${file});` : ''].join('')
      // On the first line, so that the source map's lines stay where they were.
      return { contents: locals + text, loader: 'js', resolveDir: dirname(path) }
    })
  }
}

// The chunks of an earlier build: their names change with their content.
for (const name of await readdir(dist)) if (name.startsWith('server.bundle-chunk-')) await rm(join(dist, name))

/**
 * Builds `entry` (a module of dist/) into `out` (relative to dist/). The banner gives every
 * output the folder of dist/ (`__distDir`), however deep the output sits in it.
 */
function bundle(entryPoints, { splitting = false } = {}) {
  const [name] = Object.keys(entryPoints)
  const up = name.split('/').length - 1
  return build({
    entryPoints,
    outdir: dist,
    bundle: true,
    splitting,
    chunkNames: 'server.bundle-chunk-[hash]',
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // A native addon: loaded from node_modules by its own loader.
    external: ['better-sqlite3'],
    // The code asks whether it runs bundled (a worker's file is then its bundle too).
    define: { __KB_BUNDLED__: 'true' },
    // The CommonJS packages inside call require() for Node's own modules.
    banner: {
      js: [
        "import { createRequire as __createRequire } from 'node:module';",
        "import { dirname as __dirnameOf, join as __joinPath } from 'node:path';",
        "import { fileURLToPath as __fileURLToPath, pathToFileURL as __pathToFileURL } from 'node:url';",
        'const require = __createRequire(import.meta.url);',
        `const __distDir = __joinPath(__dirnameOf(__fileURLToPath(import.meta.url)), ${JSON.stringify('../'.repeat(up) || '.')});`
      ].join('\n')
    },
    minifyWhitespace: true,
    minifySyntax: true,
    sourcemap: 'linked',
    sourcesContent: false,
    plugins: [keepModuleLocations],
    logLevel: 'warning',
    metafile: Boolean(process.env.BUNDLE_METAFILE)
  })
}

const result = await bundle({ 'server.bundle': join(dist, 'server.js') }, { splitting: true })
// The worker threads the server starts (imports, release builds) load one file each too:
// unbundled, a worker spent about 750 ms loading its modules before it began its work.
for (const worker of ['editor/import/worker', 'releases/worker']) await bundle({ [`${worker}.bundle`]: join(dist, `${worker}.js`) })
if (process.env.BUNDLE_METAFILE) await writeFile(process.env.BUNDLE_METAFILE, JSON.stringify(result.metafile))
