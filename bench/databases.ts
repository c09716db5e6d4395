/**
 * The data the bench serves: a seeded database file, the synthetic one 100 times larger, and
 * json-server's export of ours. run.ts imports this module on first use, because it loads the
 * service's own modules, which a run of the bare servers alone does not need.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { seedStore } from '../src/dataset/seed.js'
import { migrateStore, openStore } from '../src/db/connection.js'
import { KIND_LIST } from '../src/kinds/index.js'
import { seedSynthetic } from './synthetic.js'

/** A migrated database in `folder`, with the seed, or with `factor` synthetic copies of it. */
export function seededDatabase(folder: string, name: string, factor = 1): string {
  const path = join(folder, `${name}.sqlite`)
  const store = openStore(path)
  migrateStore(store)
  if (factor === 1) seedStore(store)
  else console.error(`synthetic knowledge base: ${seedSynthetic(store, factor)} entities`)
  store.sqlite.pragma('wal_checkpoint(TRUNCATE)')
  store.sqlite.close()
  return path
}

/**
 * GET, tried again while the service sheds load (503 with Retry-After): just after its start,
 * on a busy machine, its event loop can lag past the limit. The export is set-up, not a
 * measurement, so it waits rather than failing the peer scenario.
 */
async function fetchPage(url: string): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    const response = await fetch(url)
    const retryAfter = Number(response.headers.get('retry-after'))
    if (response.status !== 503 || !retryAfter || attempt === 5) return response
    await response.body?.cancel()
    await sleep(Math.min(retryAfter, 10) * 1000)
  }
}

/** Every collection of the service at `url`, page by page, as a json-server database file in `folder`. */
export async function exportForPeer(url: string, folder: string): Promise<string> {
  const db: Record<string, unknown[]> = {}
  for (const kind of KIND_LIST) {
    const items: unknown[] = []
    let cursor: string | null = null
    do {
      const pageUrl = `${url}/v1/${kind.path}?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`
      const response = await fetchPage(pageUrl)
      if (!response.ok) throw new Error(`exporting for the peer: GET ${pageUrl} answered ${response.status}: ${(await response.text()).slice(0, 300)}`)
      const page = (await response.json()) as { data: unknown[]; page: { nextCursor: string | null } }
      items.push(...page.data)
      cursor = page.page.nextCursor
    } while (cursor)
    db[kind.path] = items
  }
  const path = join(folder, 'db.json')
  writeFileSync(path, JSON.stringify(db))
  return path
}
