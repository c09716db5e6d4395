/** Another process holding the database's write lock for a while, as a second server or CLI would. */
import { spawn } from 'node:child_process'
import type { Test } from 'tap'
import { projectRoot } from '../../src/paths.js'

const SCRIPT = `
const Database = require('better-sqlite3')
const db = new Database(process.argv[1])
db.exec('BEGIN IMMEDIATE')
db.exec('PRAGMA user_version = 7')
console.log('locked')
setTimeout(() => { db.exec('COMMIT'); db.close(); console.log('released') }, Number(process.argv[2]))
`

/** Resolves once the other process holds the write lock; it commits after `ms` and exits. */
export function holdWriteLock(t: Test, path: string, ms: number): Promise<{ released: Promise<void> }> {
  const child = spawn(process.execPath, ['-e', SCRIPT, path, String(ms)], { cwd: projectRoot, stdio: ['ignore', 'pipe', 'inherit'] })
  t.teardown(() => {
    if (child.exitCode === null) child.kill('SIGKILL')
  })
  const released = new Promise<void>((resolve) => child.on('exit', () => resolve()))
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('locked')) resolve({ released })
    })
    child.on('exit', (code) => reject(new Error(`the lock holder exited (${code}) before locking`)))
  })
}
