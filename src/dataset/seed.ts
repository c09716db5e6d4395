import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Store } from '../db/connection.js'
import { seedFolder } from '../paths.js'
import { readDatasetFolder, type NormalizedDataset } from './read.js'
import { writeDatasets, type WriteSummary } from './write.js'

/** Every dataset under `seed/`, one folder per source article, in name order. */
export function readSeed(folder = seedFolder): NormalizedDataset[] {
  return readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => readDatasetFolder(join(folder, name)))
}

export const seedStore = (store: Store, folder = seedFolder): WriteSummary => writeDatasets(store, readSeed(folder))
