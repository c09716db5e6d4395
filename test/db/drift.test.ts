/**
 * The drizzle schema and the committed migrations say the same thing: drizzle-kit, run
 * on a copy of `migrations/`, finds nothing to write. When this fails, run
 * `npm run db:generate` and commit the migration it writes (read its SQL first: see the
 * data-loss trap in the README).
 */
import { spawnSync } from 'node:child_process'
import { cpSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import t, { type Test } from 'tap'
import drizzleConfig from '../../drizzle.config.js'
import { migrationsFolder, projectRoot } from '../../src/paths.js'
import { tempDir } from '../helper.js'

const drizzleKit = join(projectRoot, 'node_modules', 'drizzle-kit', 'bin.cjs')

/** Every file under a migrations folder with its content, for a before/after comparison. */
function contents(folder: string): Record<string, string> {
  const files: Record<string, string> = {}
  for (const entry of readdirSync(folder, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) files[relative(folder, join(entry.parentPath, entry.name))] = readFileSync(join(entry.parentPath, entry.name), 'utf8')
  }
  return files
}

/** Runs `drizzle-kit generate` with the project's settings on a copy of the migrations; answers what it wrote. */
function generate(t: Test, schema: string) {
  const out = join(tempDir(t), 'migrations')
  cpSync(migrationsFolder, out, { recursive: true })
  const before = contents(out)
  // drizzle-kit prefixes `out` with './', so it must be relative to the working directory.
  const run = spawnSync(
    process.execPath,
    [drizzleKit, 'generate', '--dialect', drizzleConfig.dialect, '--casing', String(drizzleConfig.casing), '--out', relative(projectRoot, out), '--schema', schema],
    { cwd: projectRoot, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } }
  )
  const after = contents(out)
  const written = Object.keys(after).filter((file) => after[file] !== before[file])
  return { output: `${run.stdout}\n${run.stderr}`, status: run.status, written }
}

t.test('drizzle-kit generates no migration from the current schema', async (t) => {
  const { output, status, written } = generate(t, String(drizzleConfig.schema))
  t.equal(status, 0, output)
  t.match(output, /No schema changes, nothing to migrate/, output)
  t.same(written, [], 'nothing written: the schema and migrations/ agree (else: npm run db:generate)')
})

t.test('the check sees drift: a table only in the schema makes drizzle-kit write a migration', async (t) => {
  const { output, written } = generate(t, './test/db/fixtures/drift-probe-schema.ts')
  t.notMatch(output, /No schema changes/, output)
  const migration = written.find((file) => file.endsWith('.sql'))
  t.ok(migration, `a migration written: ${written.join(', ')}`)
  t.ok(written.includes(join('meta', '_journal.json')), 'and journaled')
})
