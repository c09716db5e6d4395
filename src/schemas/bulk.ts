/** The import report's contract. */
import Type from 'typebox'
import { Int32, List, MAX, Text } from '../lib/bounds.js'

import { KIND_KEYS } from '../kinds/index.js'

/** `collection/id`, or a source id. */
const Path = Text(MAX.name)
/** A bundle holds at most `MAX.collection` entities of each kind (dataset/format.ts). */
const BUNDLE_ENTITIES = MAX.collection * KIND_KEYS.length

const ImportReport = Type.Object(
  {
    dryRun: Type.Boolean(),
    datasetVersion: Text(MAX.line, { description: 'Content hash of the imported bundle.' }),
    sources: Type.Object({ created: List(Path, MAX.collection), unchanged: List(Path, MAX.collection) }),
    entities: Type.Object({
      created: List(Path, BUNDLE_ENTITIES, { description: '`collection/id` of each new entity.' }),
      updated: List(Path, BUNDLE_ENTITIES, { description: '`collection/id` of each changed entity.' }),
      unchanged: Int32(0)
    })
  },
  { $id: 'ImportReport', title: 'Import report' }
)

export const BULK_SCHEMAS = [ImportReport]
