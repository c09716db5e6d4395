/**
 * The operations CLIs, run as an operator runs them (the built `dist/cli/*.js`, in a child
 * process): migrate, seed, check and backup. Exit codes and messages are their interface.
 */
import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import t from 'tap'
import { projectRoot } from '../../src/paths.js'
import { tempDir } from '../helper.js'

const run = (tool: string, databasePath: string, ...args: string[]) =>
  spawnSync(process.execPath, [join(projectRoot, 'dist', 'cli', `${tool}.js`), ...args], {
    env: { ...process.env, DATABASE_PATH: databasePath },
    encoding: 'utf8'
  })

const count = (databasePath: string, sql: string) => {
  const db = new Database(databasePath, { readonly: true })
  try {
    return (db.prepare(sql).get() as { n: number }).n
  } finally {
    db.close()
  }
}

t.test('migrate creates the schema; seed fills it once, idempotently', async (t) => {
  const databasePath = join(tempDir(t), 'kb.sqlite')
  const migrated = run('migrate', databasePath)
  t.equal(migrated.status, 0, migrated.stderr)
  t.match(migrated.stdout, `migrated ${databasePath}`)
  t.equal(count(databasePath, 'select count(*) as n from causes'), 0, 'migrate adds no content')

  const seeded = run('seed', databasePath)
  t.equal(seeded.status, 0, seeded.stderr)
  const causes = count(databasePath, 'select count(*) as n from causes')
  t.ok(causes > 0, `${causes} causes seeded`)

  const again = run('seed', databasePath)
  t.equal(again.status, 0, again.stderr)
  t.equal(count(databasePath, 'select count(*) as n from causes'), causes, 'a second seed adds nothing')
})

t.test('seed --reset refuses without --yes, and rebuilds from the seed with it', async (t) => {
  const databasePath = join(tempDir(t), 'kb.sqlite')
  t.equal(run('seed', databasePath).status, 0)
  const db = new Database(databasePath)
  db.prepare("update causes set name = 'Edited by hand' where id = 'chronic-kidney-disease'").run()
  db.close()

  const refused = run('seed', databasePath, '--reset')
  t.equal(refused.status, 2, 'a usage error')
  t.match(refused.stderr, /--reset --yes/)
  t.equal(count(databasePath, "select count(*) as n from causes where name = 'Edited by hand'"), 1, 'nothing deleted')

  const reset = run('seed', databasePath, '--reset', '--yes')
  t.equal(reset.status, 0, reset.stderr)
  t.equal(count(databasePath, "select count(*) as n from causes where name = 'Edited by hand'"), 0, 'the seed wins')
})

t.test('check passes a sound database and fails a broken one', async (t) => {
  const dir = tempDir(t)
  const databasePath = join(dir, 'kb.sqlite')
  t.equal(run('seed', databasePath).status, 0)
  const ok = run('check', databasePath)
  t.equal(ok.status, 0, ok.stdout)
  t.match(ok.stdout, /integrity_check: ok\nforeign_key_check: ok/)

  const db = new Database(databasePath)
  db.pragma('foreign_keys = OFF')
  db.prepare("insert into type_causes (type_id, cause_id) values ('no-such-type', 'chronic-kidney-disease')").run()
  db.close()
  const broken = run('check', databasePath)
  t.equal(broken.status, 1, 'a dangling link fails the check')
  t.match(broken.stdout, /foreign_key_check: \[.*type_causes/)

  const missing = run('check', join(dir, 'none.sqlite'))
  t.equal(missing.status, 1)
  t.match(missing.stderr, /no database at/)
})

t.test('backup writes a consistent copy to a new file, and never overwrites one', async (t) => {
  const dir = tempDir(t)
  const databasePath = join(dir, 'kb.sqlite')
  t.equal(run('seed', databasePath).status, 0)
  const target = join(dir, 'copy.sqlite')

  const backedUp = run('backup', databasePath, target)
  t.equal(backedUp.status, 0, backedUp.stderr)
  t.match(backedUp.stdout, /backed up .* to .*copy\.sqlite \(\d+ pages\)/)
  t.equal(count(target, 'select count(*) as n from causes'), count(databasePath, 'select count(*) as n from causes'), 'same content')
  t.equal(run('check', target).status, 0, 'the copy passes check')

  const exists = join(dir, 'exists.sqlite')
  writeFileSync(exists, 'keep me')
  const refused = run('backup', databasePath, exists)
  t.equal(refused.status, 2)
  t.match(refused.stderr, /exists.*; choose a new file/)

  const usage = run('backup', databasePath)
  t.equal(usage.status, 2)
  t.match(usage.stderr, /usage: npm run backup -- FILE/)
})
