/**
 * A synthetic knowledge base `factor` times the seed: the seed's entities copied with new
 * ids (`…-s7`), each copy linked within itself as the seed is, citing the same article.
 * Thousands of conditions with their types, causes, treatments and links.
 */
import type { Store } from '../src/db/connection.js'
import type { NormalizedDataset } from '../src/dataset/read.js'
import { readSeed } from '../src/dataset/seed.js'
import { writeDatasets } from '../src/dataset/write.js'

function copy(dataset: NormalizedDataset, n: number): NormalizedDataset {
  const id = (value: string) => `${value}-s${n}`
  return {
    source: dataset.source,
    entities: dataset.entities.map((entity) => ({
      ...entity,
      id: id(entity.id),
      name: `${entity.name} ${n}`,
      parent: entity.parent ? id(entity.parent) : null
    })),
    links: dataset.links.map((link) => ({ ...link, ownerId: id(link.ownerId), targetId: id(link.targetId) })),
    retired: [],
    related: dataset.related.map((group) => ({ ...group, between: group.between.map((member) => ({ ...member, id: id(member.id) })) })),
    codes: dataset.codes.map((code) => ({ ...code, id: id(code.id) }))
  }
}

/** Seeds the store with the seed and `factor - 1` copies of it; returns the number of entities. */
export function seedSynthetic(store: Store, factor: number): number {
  const seed = readSeed()
  const datasets = [...seed]
  for (let n = 1; n < factor; n++) for (const dataset of seed) datasets.push(copy(dataset, n))
  writeDatasets(store, datasets)
  return datasets.reduce((sum, dataset) => sum + dataset.entities.length, 0)
}
