import js from '@eslint/js'
import tseslint from 'typescript-eslint'

/**
 * The import graph, enforced: routes -> (editor | repositories | overview | mcp) -> db/kinds.
 * Each entry forbids a layer to import what lies above it (or beside it, for routes).
 */
const forbid = (regex, message) => ({ regex, message })
const HTTP = [
  forbid('(^|/)(routes|plugins|http)/', 'Nothing below the routes imports routes, plugins or HTTP helpers.'),
  forbid('^fastify$|^@fastify/', 'Nothing below the routes knows HTTP.')
]
const importGraph = [
  // The layers below the routes: no HTTP, no routes, no plugins.
  { files: ['src/{db,kinds,lib,dataset,repositories,editor,overview,schemas}/**/*.ts'], patterns: HTTP },
  // MCP speaks to the API through the app instance, but never imports routes or plugins.
  { files: ['src/mcp/**/*.ts'], patterns: [forbid('(^|/)(routes|plugins)/', 'MCP reaches the API through the app, not through route modules.')] },
  // Plugins are cross-cutting: they never import routes.
  { files: ['src/plugins/**/*.ts'], patterns: [forbid('(^|/)routes/', 'Plugins never import routes.')] },
  // Route modules take what they share from schemas/ and http/, never from one another;
  // only a folder's index registers its siblings. No SQL, no raw database handle in a route.
  {
    files: ['src/routes/**/*.ts'],
    ignores: ['src/routes/**/index.ts'],
    patterns: [
      forbid('^\\.\\/|(^|/)routes/', 'A route module never imports another route module: move what they share to src/schemas or src/http.'),
      forbid('^drizzle-orm|^better-sqlite3$|(^|/)db/(connection|schema)', 'Routes never build SQL or touch the database handle: go through repositories or the editor.')
    ]
  }
]

export default tseslint.config(
  { ignores: ['dist/', 'dist-bench/', 'coverage/', '.tap/', 'node_modules/', 'openapi/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }]
    }
  },
  ...importGraph.map(({ files, ignores, patterns }) => ({
    files,
    ...(ignores ? { ignores } : {}),
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: patterns.map((p) => ({ ...p, allowTypeImports: false })) }] }
  })),
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-non-null-assertion': 'off' }
  }
)
