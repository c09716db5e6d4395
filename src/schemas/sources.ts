/** The contract of a source document: what every citation points into. */
import Type from 'typebox'

const sourceProperties = {
  id: Type.String(),
  title: Type.String(),
  publisher: Type.String({ description: 'The publisher or author as printed.' }),
  url: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' })
}

export const SOURCE_SCHEMAS = [
  Type.Object(sourceProperties, { $id: 'SourceSummary', title: 'Source summary' }),
  Type.Object(
    {
      ...sourceProperties,
      sections: Type.Array(
        Type.Object({
          id: Type.String({ description: 'Section id, used by citations.' }),
          position: Type.Integer(),
          heading: Type.String(),
          text: Type.String({ description: "The section's paragraphs, verbatim, separated by blank lines." })
        })
      )
    },
    { $id: 'Source', title: 'Source', description: 'A source document and its sections.' }
  )
]
