/**
 * The last step of `npm run build`: dist/server.js (what tsc wrote) and everything it imports
 * become one file that `npm start` and the Dockerfile run, through V8's code cache (issue 15:
 * start to first answer under 500 ms).
 *
 * - dist/server.bundle.code.cjs: the server packed into one CommonJS module (esbuild), written
 *   inside the function Node wraps a module in (the entry runs that function). A start
 *   then loads one file instead of about a thousand: importing TypeBox's 679 module files took
 *   570-740 ms, the same code bundled 40 ms; the server answered its first request 2.2 s after
 *   it was spawned from tsc's output and 0.8-1.0 s from one bundled module.
 * - dist/server.bundle.code-<hash>.cache: V8's code cache of that file, written by the build
 *   from a start of the built server on a seeded database and its first answers (`prime`
 *   below): the bytecode of every function that start compiled. V8 then neither parses the
 *   file (~140 ms for the 2.5 MB it was before the validators below joined it) nor compiles
 *   each function on its first call (another ~100 ms); it reads the cache instead (~40 ms). CommonJS because Node 20 has a code cache for scripts
 *   (`vm.Script`'s `cachedData`) but not for ES modules. The name carries the code's hash: a
 *   cache never meets other code. A cache V8 refuses (another Node or V8 flags) costs
 *   nothing but the time it would have saved.
 * - dist/server.bundle.js, what `npm start` runs: the small entry (`entrySource` below) that
 *   compiles the code with its cache and runs it as Node runs a CommonJS module.
 * - The route validators, compiled ahead of time into the code (`precompiledValidatorsModule`).
 *
 * The same code, only packed: tsc's dist/server.js stays a complete server (what `npm run dev`
 * and the tests that start a process run: test coverage is not mapped through the bundle).
 * The worker threads the bundled server starts (an import, a release build) are bundled
 * too, each into one ES module beside its module (`worker.bundle.js`); the unbundled server
 * starts the unbundled workers (`src/lib/worker-module.ts`).
 *
 * - Only the native better-sqlite3 stays outside, loaded from node_modules.
 * - Each module keeps the location it had unbundled (`keepModuleLocations`): every output
 *   knows the folder of dist/ (`__distDir`, however deep it sits), and each module's address
 *   is given relative to it.
 * - Modules imported on first use (the MCP SDK and our tools) are evaluated then.
 * - The source map chains through tsc's maps back to src/. Node 20 applies source maps
 *   (`--enable-source-maps`) only to modules its loaders load, not to a `vm.Script`: for
 *   stack traces that name src/, run tsc's dist/server.js.
 */
/* global fetch -- Node's own (Node 18 and later) */
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { once } from 'node:events'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
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

const CODE = 'server.bundle.code.cjs'
/** The function around a CommonJS module's code, as Node's (the first line's columns move by its length). */
const COMMONJS_WRAPPER = ['(function (exports, require, module, __filename, __dirname) {', '\n})']
const isCodeCache = (name) => name.startsWith('server.bundle.code-') && name.endsWith('.cache')
// What earlier builds left: chunks of the ES module bundle (their names changed with their
// content), its source map, and code caches of other code.
for (const name of await readdir(dist)) if (name.startsWith('server.bundle-chunk-') || name === 'server.bundle.js.map' || isCodeCache(name)) await rm(join(dist, name))

/** The banner gives every output the folder of dist/ (`__distDir`), however deep it sits in it. */
function banner(format, up) {
  if (format === 'cjs') {
    // The entry runs the file as Node runs a CommonJS module: with require, __dirname, ….
    return [
      "const { dirname: __dirnameOf, join: __joinPath } = require('node:path');",
      "const { pathToFileURL: __pathToFileURL } = require('node:url');",
      `const __distDir = __joinPath(__dirname, ${JSON.stringify('../'.repeat(up) || '.')});`
    ].join('\n')
  }
  // The CommonJS packages inside call require() for Node's own modules.
  return [
    "import { createRequire as __createRequire } from 'node:module';",
    "import { dirname as __dirnameOf, join as __joinPath } from 'node:path';",
    "import { fileURLToPath as __fileURLToPath, pathToFileURL as __pathToFileURL } from 'node:url';",
    'const require = __createRequire(import.meta.url);',
    `const __distDir = __joinPath(__dirnameOf(__fileURLToPath(import.meta.url)), ${JSON.stringify('../'.repeat(up) || '.')});`
  ].join('\n')
}

/** Builds `entryPoints` (one module of dist/, named by its output relative to dist/) in `format`, with `plugins` before ours. */
function bundle(entryPoints, { format = 'esm', write = true, plugins = [] } = {}) {
  const [name] = Object.keys(entryPoints)
  return build({
    entryPoints,
    outdir: dist,
    outExtension: format === 'cjs' ? { '.js': '.cjs' } : {},
    bundle: true,
    format,
    platform: 'node',
    target: 'node20',
    // A native addon: loaded from node_modules by its own loader.
    external: ['better-sqlite3'],
    // The code asks whether it runs bundled (a worker's file is then its bundle too).
    define: { __KB_BUNDLED__: 'true' },
    // A script run by vm.Script cannot import() on Node 20 (not without a flag, or an
    // experimental loader that warns on every start): what remains to import at run time
    // (a package fastify-metrics looks for) is require()d.
    ...(format === 'cjs' ? { supported: { 'dynamic-import': false } } : {}),
    banner: { js: banner(format, name.split('/').length - 1) },
    minifyWhitespace: true,
    minifySyntax: true,
    sourcemap: 'linked',
    sourcesContent: false,
    plugins: [...plugins, keepModuleLocations],
    logLevel: 'warning',
    metafile: Boolean(process.env.BUNDLE_METAFILE),
    write
  })
}

/**
 * The route validators compiled ahead of time (src/http/lazy-compilers.ts says why): the app,
 * built in this process on an empty in-memory database as `npm run openapi` builds it, with
 * compilers that keep ajv's standalone code of every validator fastify asks for when it gets
 * ready. The result is the module the bundle takes in place of precompiled-validators.js:
 * each validator's code in a function run on its route's first request.
 */
async function precompiledValidatorsModule() {
  const { buildApp } = await import(join(dist, 'app.js'))
  const { loadConfig } = await import(join(dist, 'config.js'))
  const { aheadOfTimeCompilers } = await import(join(dist, 'http/lazy-compilers.js'))
  const validators = new Map()
  const compilers = aheadOfTimeCompilers((key, code) => validators.set(key, code))
  const app = await buildApp(loadConfig({ DATABASE_PATH: ':memory:', LOG_LEVEL: 'warn' }), { seedIfEmpty: false, compilers })
  await app.ready()
  await app.close()
  const entries = [...validators].map(([key, code]) => `[${JSON.stringify(key)}, () => {\nconst module = { exports: {} }\n${code}\nreturn module.exports\n}]`)
  return [
    "import { VALIDATOR_FORMATS as formats } from './validator-formats.js'",
    `export const PRECOMPILED_VALIDATORS = new Map([\n${entries.join(',\n')}\n])`
  ].join('\n')
}

/** Puts `contents` in the place of the module `path` of dist/. */
const replaceModule = (path, contents) => ({
  name: 'replace-module',
  setup(builder) {
    builder.onLoad({ filter: /\.js$/ }, (args) => (args.path === join(dist, path) ? { contents, loader: 'js', resolveDir: dirname(args.path) } : undefined))
  }
})

/**
 * `text` in ASCII: every other character as its `\uXXXX` escape (esbuild escapes strings, not
 * regular expression literals). The entry reads an ASCII file as Latin-1, a copy per byte:
 * decoding the 2.5 MB as UTF-8 took 25 ms, and made it a two-byte string V8 scans more
 * slowly. An escape is the same character in a string, a regular expression (with or without
 * the `u` flag: a surrogate pair written as two escapes is one code point) and an
 * identifier. The source map's columns after such a character on its line are off by the
 * escape's length (a few characters in the whole file, in regular expressions).
 */
const toAscii = (text) => text.replace(/[^\0-\x7f]/g, (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`)

/**
 * dist/server.bundle.js: compiles the code with V8's code cache (when there is one and V8
 * accepts it) and runs it as Node runs a CommonJS module. `--write-code-cache=FILE` (the
 * build) writes the cache of every function compiled by the time the process exits;
 * `--check-code-cache` (the tests) prints whether V8 accepts the cache and runs nothing.
 */
const entrySource = (cache) => `/**
 * What \`npm start\` runs, written by scripts/bundle-server.js (which says why): the server
 * packed into ${CODE}, compiled with V8's code cache ${cache}.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Script } from 'node:vm'

const dir = dirname(fileURLToPath(import.meta.url))
const code = join(dir, ${JSON.stringify(CODE)})
const writeTo = process.argv.find((arg) => arg.startsWith('--write-code-cache='))?.slice('--write-code-cache='.length)
let cachedData
try {
  if (!writeTo) cachedData = readFileSync(join(dir, ${JSON.stringify(cache)}))
} catch {
  // No cache: V8 compiles the code, as it does any script.
}
// ASCII (the build escapes everything else), so Latin-1 reads it unchanged and fastest, and
// Node keeps so large a string outside V8's heap. The file holds the function Node wraps a
// CommonJS module in: a wrapper added here would make V8 copy the whole text into its heap.
const script = new Script(readFileSync(code, 'latin1'), { filename: code, cachedData })
if (process.argv.includes('--check-code-cache')) {
  console.log(cachedData === undefined ? 'missing' : script.cachedDataRejected ? 'rejected' : 'accepted')
} else {
  if (writeTo) process.once('exit', () => writeFileSync(writeTo, script.createCachedData()))
  const module = { exports: {} }
  script.runInThisContext()(module.exports, createRequire(code), module, code, dir)
}
`

/**
 * The node flags of \`npm start\` (package.json's start script): V8 refuses a code cache made
 * under other flags (a cache written without \`--max-semi-space-size\` was rejected with it).
 */
async function startNodeFlags() {
  const { scripts } = JSON.parse(await readFile(join(dist, '..', 'package.json'), 'utf8'))
  return scripts.start.split(/\s+/).filter((word) => word.startsWith('--'))
}

/**
 * Starts the built server (\`entry\`) on a new seeded database with \`--write-code-cache\`, waits
 * for its first answers (the probe and a list, what a start usually meets first), stops it:
 * the cache then holds what a start and those answers compiled. The server gets only the
 * settings it needs here, whatever the environment of the build says (a REPLICA_OF would
 * start a replica).
 */
async function prime(entry, cacheFile) {
  const folder = await mkdtemp(join(tmpdir(), 'kb-code-cache-'))
  try {
    const { migrateStore, openStore } = await import(join(dist, 'db/connection.js'))
    const { seedStore } = await import(join(dist, 'dataset/seed.js'))
    const { CONFIG_VARIABLES } = await import(join(dist, 'config.js'))
    const databasePath = join(folder, 'kb.sqlite')
    const store = openStore(databasePath)
    migrateStore(store)
    seedStore(store)
    store.sqlite.close()
    const env = { ...process.env }
    for (const name of CONFIG_VARIABLES) delete env[name]
    // No load shedding: on a busy build machine a lagging event loop must not fail the build.
    const settings = { DATABASE_PATH: databasePath, DATABASE_CREATE: 'false', RELEASE_DIR: join(folder, 'releases'), PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', NODE_ENV: 'production', MAX_EVENT_LOOP_DELAY: '0' }
    Object.assign(env, settings)
    const child = spawn(process.execPath, [...(await startNodeFlags()), entry, `--write-code-cache=${cacheFile}`], { env, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    const exited = once(child, 'exit')
    const listening = new Promise((resolve, reject) => {
      child.stdout.on('data', (chunk) => {
        output += chunk
        const url = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1]
        if (url) resolve(url)
      })
      child.stderr.on('data', (chunk) => (output += chunk))
      exited.then(([code]) => reject(new Error(`the built server exited (${code}) before listening:\n${output}`)))
    })
    const url = await listening
    for (const path of ['/health', '/v1/conditions']) {
      const response = await fetch(url + path)
      if (!response.ok) throw new Error(`the built server answered ${path} with ${response.status}:\n${await response.text()}`)
      await response.arrayBuffer()
    }
    child.kill('SIGTERM')
    const [code] = await exited
    if (code !== 0) throw new Error(`the built server exited with ${code} when stopped:\n${output}`)
  } finally {
    await rm(folder, { recursive: true, force: true })
  }
}

// The server: one CommonJS file in ASCII with its validators compiled, the entry that runs it, and its code cache.
const validators = replaceModule('http/precompiled-validators.js', await precompiledValidatorsModule())
const result = await bundle({ 'server.bundle.code': join(dist, 'server.js') }, { format: 'cjs', write: false, plugins: [validators] })
let code = ''
for (const file of result.outputFiles) {
  if (file.path.endsWith('.cjs')) code = `${COMMONJS_WRAPPER[0]}${toAscii(file.text)}${COMMONJS_WRAPPER[1]}`
  await writeFile(file.path, file.path.endsWith('.cjs') ? code : file.contents)
}
const cache = `server.bundle.code-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.cache`
await writeFile(join(dist, 'server.bundle.js'), entrySource(cache))
// The worker threads the server starts (imports, release builds) load one file each too:
// unbundled, a worker spent about 750 ms loading its modules before it began its work.
for (const worker of ['editor/import/worker', 'releases/worker']) await bundle({ [`${worker}.bundle`]: join(dist, `${worker}.js`) })
await prime(join(dist, 'server.bundle.js'), join(dist, cache))
if (process.env.BUNDLE_METAFILE) await writeFile(process.env.BUNDLE_METAFILE, JSON.stringify(result.metafile))
