/**
 * `npm run release`: builds a release of the published content of DATABASE_PATH into
 * RELEASE_DIR (safe while the server runs: it reads a consistent snapshot) and prints its
 * manifest. Replicas pick it up at their next poll.
 */
import { loadReleaseConfig } from '../config.js'
import { publishRelease } from '../releases/publish.js'
import { exitWith, openExistingDatabase } from './existing-database.js'

let config: ReturnType<typeof loadReleaseConfig>
try {
  config = loadReleaseConfig()
} catch (error) {
  exitWith((error as Error).message, 2)
}
const { db } = openExistingDatabase()
try {
  const manifest = await publishRelease(db, { dir: config.releaseDir, keep: config.releaseKeep })
  console.log(JSON.stringify(manifest, null, 2))
} catch (error) {
  exitWith(`release failed: ${(error as Error).message}`, 1)
} finally {
  db.close()
}
