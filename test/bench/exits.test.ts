/**
 * `npm run bench` ends as a user expects (issue 17): it exits by itself once its results are
 * written, with status 0 when every scenario ran, and no process it started outlives it, also
 * when it is interrupted. The harness runs on the tiny setting, one scenario, as a child
 * process. Nothing here asserts a speed: the machine may be busy, and a slow run still passes;
 * only a run that never ends (HANG_MS) fails.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { constants } from 'node:os'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { projectRoot } from '../../src/paths.js'

// Below tap's 120 s timeout for the file (.taprc), so that a hung run is killed by the teardown here.
const HANG_MS = 90_000
// Each run mostly waits (node and the TypeScript loader starting, a server starting): run them side by side.
t.jobs = 4

interface BenchRun {
  child: ChildProcess
  marker: string
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  stderr: () => string
}

/**
 * Runs bench/run.ts from its sources under tap's own TypeScript loader, the code
 * `npm run bench` builds (building it with tsc takes most of a minute). It leads a process
 * group of its own, and every process it starts inherits a marker in its environment: both
 * find a survivor. A run still going after HANG_MS is killed, group and all.
 */
function runBench(t: Test, env: Record<string, string>): BenchRun {
  const marker = `bench-test-${randomUUID()}`
  const child = spawn(process.execPath, ['--import', '@tapjs/typescript/import', join(projectRoot, 'bench', 'run.ts')], {
    cwd: projectRoot,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      // Not tap's coverage hooks: they would follow the bench into every server it starts.
      NODE_OPTIONS: '',
      TS_NODE_TRANSPILE_ONLY: '1',
      BENCH_SECONDS: '1',
      BENCH_WARMUP: '0',
      BENCH_CONNECTIONS: '2',
      BENCH_TEST_MARKER: marker,
      ...env
    }
  })
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  child.stdout?.resume()
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })))
  const hang = setTimeout(() => {
    t.fail(`the bench did not exit within ${HANG_MS / 1000} s:\n${stderr}`)
    killGroup(child)
  }, HANG_MS)
  void exited.then(() => clearTimeout(hang))
  t.teardown(() => {
    clearTimeout(hang)
    killGroup(child)
    for (const pid of survivors(marker)) process.kill(pid, 'SIGKILL')
  })
  return { child, marker, exited, stderr: () => stderr }
}

function killGroup(child: ChildProcess) {
  try {
    process.kill(-(child.pid as number), 'SIGKILL')
  } catch {
    // the group is gone already
  }
}

/** Live processes (not zombies) whose environment holds the marker. */
function survivors(marker: string): number[] {
  const found: number[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      if (readFileSync(`/proc/${entry}/environ`, 'latin1').includes(`BENCH_TEST_MARKER=${marker}`)) found.push(Number(entry))
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return found
}

/** Processes still in the bench's process group. */
const groupMembers = (run: BenchRun) =>
  spawnSync('ps', ['-o', 'pid=', '-g', String(run.child.pid)], { encoding: 'utf8' })
    .stdout.split('\n')
    .map((line) => line.trim())
    .filter(Boolean)

async function untilStderr(run: BenchRun, text: string): Promise<void> {
  while (!run.stderr().includes(text)) {
    if (run.child.exitCode !== null || run.child.signalCode !== null) throw new Error(`the bench exited before '${text}':\n${run.stderr()}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

t.test('one scenario on the tiny setting: exit status 0 once the results are written, nothing left running', async (t) => {
  const resultsDir = t.testdir()
  const run = runBench(t, { BENCH_ONLY: 'ceiling', BENCH_RESULTS_DIR: resultsDir })
  const { code } = await run.exited
  t.equal(code, 0, run.stderr())
  const results = JSON.parse(readFileSync(join(resultsDir, 'latest.json'), 'utf8')) as { rows: Array<{ name: string }>; failed: unknown[]; only: string[] }
  t.same(
    results.rows.map((row) => row.name),
    ['ceiling']
  )
  t.same(results.failed, [])
  t.same(results.only, ['ceiling'])
  t.same(survivors(run.marker), [], 'no process started by the bench is alive')
  t.same(groupMembers(run), [], "the bench's process group is empty")
})

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  t.test(`${signal} during a measurement: the server is stopped, no results are written, status 128 + signal`, async (t) => {
    const resultsDir = t.testdir()
    const run = runBench(t, { BENCH_ONLY: 'ceiling', BENCH_SECONDS: '60', BENCH_RESULTS_DIR: resultsDir })
    await untilStderr(run, 'ceiling: measuring')
    t.ok(
      survivors(run.marker).some((pid) => pid !== run.child.pid),
      'a server is running'
    )
    // To the bench alone, as `kill` does, not to its group as a terminal's Ctrl-C does: the
    // bench itself must stop what it started.
    run.child.kill(signal)
    const { code } = await run.exited
    t.equal(code, 128 + constants.signals[signal], run.stderr())
    t.notOk(existsSync(join(resultsDir, 'latest.json')), 'no results file')
    t.same(survivors(run.marker), [], 'no process started by the bench is alive')
    t.same(groupMembers(run), [], "the bench's process group is empty")
  })
}

t.test('an unknown scenario name: status 2 and the list of names, before any server starts', async (t) => {
  const run = runBench(t, { BENCH_ONLY: 'ceiling,nope', BENCH_RESULTS_DIR: t.testdir() })
  const { code } = await run.exited
  t.equal(code, 2)
  t.match(run.stderr(), /BENCH_ONLY: unknown scenario 'nope'; the scenarios are ceiling, stack-limit, list/)
  t.same(survivors(run.marker), [])
})
