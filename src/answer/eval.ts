/**
 * `npm run eval:qa [-- questions.json] [--verbose]`: asks every question of a QA set
 * (default `../shared/qa/dev.json`) of `GET /v1/answer` on a fresh in-memory app and
 * prints the measures issue 12 sets targets for: top-1 and top-3 hit rates over the
 * answerable questions, precision and recall of `answerable`, the share of unanswerable
 * questions flagged false, and the p50 latency. `--verbose` lists every miss.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { buildApp } from '../app.js'
import { loadConfig } from '../config.js'
import { projectRoot } from '../paths.js'

interface QaQuestion {
  id: string
  question: string
  answerable: boolean
  expect_any: string[]
  expect_kind: string | null
}

interface AnswerBody {
  data: { answerable: boolean; confidence: number; intent: { kind: string | null }; results: Array<{ kind: string; id: string }> }
  meta: { uncovered: string[] }
}

const percent = (part: number, whole: number) => (whole === 0 ? 'n/a' : `${((100 * part) / whole).toFixed(1)}% (${part}/${whole})`)

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

async function main() {
  const args = process.argv.slice(2)
  const verbose = args.includes('--verbose')
  const file = args.find((arg) => !arg.startsWith('--')) ?? join(projectRoot, '..', 'shared', 'qa', 'dev.json')
  const questions = (JSON.parse(readFileSync(file, 'utf8')) as { questions: QaQuestion[] }).questions

  // The response cache is off so that every question is answered, not replayed.
  const app = await buildApp(
    loadConfig({ DATABASE_PATH: ':memory:', LOG_LEVEL: 'silent', RESPONSE_CACHE_MAX_BYTES: '0', MAX_EVENT_LOOP_DELAY: '0', RATE_LIMIT_MAX: '1000000' })
  )
  const ask = async (question: string) => {
    const response = await app.inject({ method: 'GET', url: `/v1/answer?${new URLSearchParams({ q: question, limit: '3' })}` })
    if (response.statusCode !== 200) throw new Error(`${response.statusCode} for "${question}": ${response.body}`)
    return response.json<AnswerBody>()
  }
  await ask('warm up the index')

  let top1 = 0
  let top3 = 0
  let kindRight = 0
  let truePositive = 0
  let falsePositive = 0
  let falseNegative = 0
  let trueNegative = 0
  const timings: number[] = []
  const cpu: number[] = []
  const misses: string[] = []
  for (const item of questions) {
    const started = performance.now()
    const cpuBefore = process.cpuUsage()
    const body = await ask(item.question)
    const cpuUsed = process.cpuUsage(cpuBefore)
    timings.push(performance.now() - started)
    cpu.push((cpuUsed.user + cpuUsed.system) / 1000)
    const ids = body.data.results.map((result) => `${result.kind}/${result.id}`)
    const flagged = body.data.answerable
    const line = `${item.id} "${item.question}" → ${flagged ? 'answerable' : 'unanswerable'} ${body.data.confidence} [${ids.join(', ')}] uncovered: ${body.meta.uncovered.join(', ') || '-'}`
    if (item.answerable) {
      const hit1 = ids.slice(0, 1).some((id) => item.expect_any.includes(id))
      const hit3 = ids.some((id) => item.expect_any.includes(id))
      if (hit1) top1++
      if (hit3) top3++
      if (body.data.intent.kind === item.expect_kind) kindRight++
      else if (verbose) console.log(`intent ${body.data.intent.kind} ≠ ${item.expect_kind}: ${item.question}`)
      if (flagged) truePositive++
      else falseNegative++
      if (!hit3 || !flagged) misses.push(`${hit3 ? '  ' : 'M '}${flagged ? '  ' : 'F '}${line} expected ${item.expect_any.join(' | ')}`)
    } else {
      if (flagged) {
        falsePositive++
        misses.push(`  T ${line}`)
      } else trueNegative++
    }
  }
  await app.close()

  const answerable = truePositive + falseNegative
  const unanswerable = falsePositive + trueNegative
  console.log(`QA evaluation of GET /v1/answer: ${questions.length} questions from ${file}`)
  console.log(`  top-1 hit rate (answerable)          ${percent(top1, answerable)}`)
  console.log(`  top-3 hit rate (answerable)          ${percent(top3, answerable)}`)
  console.log(`  intent kind = expected kind          ${percent(kindRight, answerable)}`)
  console.log(`  answerable precision                 ${percent(truePositive, truePositive + falsePositive)}`)
  console.log(`  answerable recall                    ${percent(truePositive, answerable)}`)
  console.log(`  unanswerable flagged false           ${percent(trueNegative, unanswerable)}`)
  console.log(`  answerable wrongly flagged false     ${percent(falseNegative, answerable)}`)
  console.log(`  latency p50 ${median(timings).toFixed(2)} ms, max ${Math.max(...timings).toFixed(2)} ms (wall clock, in-process inject, response cache off)`)
  // On a shared machine the wall clock counts waiting for a core; CPU time does not.
  console.log(`  CPU time p50 ${median(cpu).toFixed(2)} ms per question (this process, user + system)`)
  if (verbose && misses.length > 0) console.log(['', 'Misses (M: not in top 3, F: flagged unanswerable, T: unanswerable flagged answerable):', ...misses].join('\n'))
}

await main()
