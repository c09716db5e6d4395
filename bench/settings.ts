/** The bench's settings, read once from the environment and checked: a bad value stops the run before any server starts. */
import { join, resolve } from 'node:path'

export interface Settings {
  connections: number
  warmupSeconds: number
  seconds: number
  /** The scenarios to run; all of them when BENCH_ONLY is not set. */
  only: ReadonlySet<string> | null
  /** Where latest.json and scale.json go. */
  resultsDir: string
  scale: boolean
}

export class SettingsError extends Error {}

function number(env: NodeJS.ProcessEnv, name: string, fallback: number, { min, integer }: { min: number; integer: boolean }): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) {
    throw new SettingsError(`${name} must be ${integer ? 'an integer' : 'a number'} of at least ${min}, got '${raw}'`)
  }
  return value
}

export function readSettings(env: NodeJS.ProcessEnv, argv: string[], root: string, scenarioNames: readonly string[]): Settings {
  const scale = argv.includes('--scale')
  let only: Set<string> | null = null
  if (env.BENCH_ONLY) {
    if (scale) throw new SettingsError('BENCH_ONLY selects scenarios of `npm run bench`; `bench:scale` always runs all of its own')
    only = new Set(env.BENCH_ONLY.split(',').map((name) => name.trim()).filter(Boolean))
    const unknown = [...only].filter((name) => !scenarioNames.includes(name))
    if (unknown.length > 0) throw new SettingsError(`BENCH_ONLY: unknown scenario '${unknown.join("', '")}'; the scenarios are ${scenarioNames.join(', ')}`)
    if (only.size === 0) throw new SettingsError(`BENCH_ONLY names no scenario; the scenarios are ${scenarioNames.join(', ')}`)
  }
  const resultsDir = env.BENCH_RESULTS_DIR ? resolve(env.BENCH_RESULTS_DIR) : join(root, 'bench', 'results')
  return {
    connections: number(env, 'BENCH_CONNECTIONS', 50, { min: 1, integer: true }),
    warmupSeconds: number(env, 'BENCH_WARMUP', 2, { min: 0, integer: false }),
    seconds: number(env, 'BENCH_SECONDS', 5, { min: 1, integer: false }),
    only,
    resultsDir,
    scale
  }
}
