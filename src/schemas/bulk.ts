/** The import report's contract. */
import Type from 'typebox'

const ImportReport = Type.Object(
  {
    dryRun: Type.Boolean(),
    datasetVersion: Type.String({ description: 'Content hash of the imported bundle.' }),
    sources: Type.Object({ created: Type.Array(Type.String()), unchanged: Type.Array(Type.String()) }),
    entities: Type.Object({
      created: Type.Array(Type.String(), { description: '`collection/id` of each new entity.' }),
      updated: Type.Array(Type.String(), { description: '`collection/id` of each changed entity.' }),
      unchanged: Type.Integer()
    })
  },
  { $id: 'ImportReport', title: 'Import report' }
)

export const BULK_SCHEMAS = [ImportReport]
