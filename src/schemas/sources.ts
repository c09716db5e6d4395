/** The contract of a source document: what every citation points into. */
import Type from 'typebox'

const sourceProperties = {
  id: Type.String(),
  title: Type.String(),
  publisher: Type.String({ description: 'The publisher or author as printed (the byline).' }),
  url: Type.Union([Type.String(), Type.Null()], { description: 'Where the source was published; null when no address was recorded with it.' }),
  retrievedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'When the text was retrieved; null when that was not recorded.' }),
  language: Type.String({ description: "BCP 47 tag of the text's language (`und`: not determined).", examples: ['en'] }),
  license: Type.String({ description: 'The licence the source is published under, as stated by it; `unknown` when it states none.', examples: ['unknown'] }),
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
