/** `npm run backup` and `npm run check` as an operator meets them: safe targets, private files, reports instead of stacks. */
import { spawnSync } from 'node:child_process'
import { existsSync, lstatSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import t, { type Test } from 'tap'
import { migrateStore, openStore } from '../../src/db/connection.js'
import { projectRoot } from '../../src/paths.js'
import { tempDir } from '../helper.js'

const run = (tool: 'backup' | 'check', databasePath: string, ...args: string[]) =>
  spawnSync(process.execPath, [join(projectRoot, 'dist', 'cli', `${tool}.js`), ...args], { env: { ...process.env, DATABASE_PATH: databasePath }, encoding: 'utf8' })

function database(dir: string): string {
  const path = join(dir, 'kb.sqlite')
  const store = openStore(path)
  migrateStore(store)
  store.sqlite.close()
  return path
}

const noStack = (t: Test, stderr: string) => t.notMatch(stderr, /\n\s+at /, 'no stack trace')

t.test('a backup is readable by its owner only, and checks out', async (t) => {
  const dir = tempDir(t)
  const path = database(dir)
  const target = join(dir, 'backup.sqlite')
  const result = run('backup', path, target)
  t.equal(result.status, 0, result.stderr)
  t.equal(statSync(target).mode & 0o777, 0o600, '0600, not world-readable')
  t.equal(run('check', target).status, 0, 'the backup is a sound database')
})

t.test('backup refuses a target that exists in any form, a dangling link included', async (t) => {
  const dir = tempDir(t)
  const path = database(dir)
  const pointedAt = join(dir, 'elsewhere.sqlite')
  const link = join(dir, 'link.sqlite')
  symlinkSync(pointedAt, link)
  const result = run('backup', path, link)
  t.equal(result.status, 2)
  t.match(result.stderr, `${link} exists`)
  t.notOk(existsSync(pointedAt), 'nothing was written through the link')
  t.ok(lstatSync(link).isSymbolicLink())
  const file = join(dir, 'taken.sqlite')
  writeFileSync(file, 'keep me')
  t.equal(run('backup', path, file).status, 2)
  t.equal(readFileSync(file, 'utf8'), 'keep me')
})

t.test('backup into a missing directory is a clear message and exit 2', async (t) => {
  const dir = tempDir(t)
  const path = database(dir)
  const result = run('backup', path, join(dir, 'no', 'such', 'dir', 'backup.sqlite'))
  t.equal(result.status, 2)
  t.match(result.stderr, /the directory .*no\/such\/dir does not exist/)
  noStack(t, result.stderr)
})

t.test('check reports a corrupt database instead of printing a stack', async (t) => {
  const dir = tempDir(t)
  const path = database(dir)
  // Overwrite the b-tree pages after the header: the file is still "an SQLite database".
  const db = new Database(path)
  db.pragma('journal_mode = DELETE')
  db.close()
  const bytes = readFileSync(path)
  bytes.fill(0xa5, 4096)
  writeFileSync(path, bytes)
  const corrupt = run('check', path)
  t.equal(corrupt.status, 1)
  t.match(corrupt.stdout, /integrity_check: /)
  noStack(t, corrupt.stderr)

  const empty = join(dir, 'empty.sqlite')
  writeFileSync(empty, '')
  const result = run('check', empty)
  t.equal(result.status, 1)
  t.match(result.stderr, `${empty} exists but is empty`)
  noStack(t, result.stderr)

  const missing = run('check', join(dir, 'missing.sqlite'))
  t.equal(missing.status, 1)
  t.match(missing.stderr, /no database at/)
})
