/** The contract of a source document: what every citation points into. */
import Type from 'typebox'
import { Id } from './common.js'
import { Int32, List, MAX, Text, Timestamp } from '../lib/bounds.js'

const attribution = {
  id: Id,
  title: Text(MAX.title),
  publisher: Text(MAX.title, { description: 'The publisher or author as printed.' }),
  url: Type.Union([Text(MAX.url), Type.Null()])
}
const sourceProperties = {
  ...attribution,
  retrievedAt: Type.Union([Timestamp(), Type.Null()], { description: 'When the text was retrieved; null when that was not recorded.' }),
  language: Text(35, { description: "BCP 47 tag of the text's language (`und`: not determined).", examples: ['en'] }),
  license: Text(MAX.name, { description: 'The licence the source is published under, as stated by it; `unknown` when it states none.', examples: ['unknown'] }),
  createdAt: Timestamp(),
  updatedAt: Timestamp()
}

export const SOURCE_SCHEMAS = [
  Type.Object(attribution, { $id: 'SourceRef', title: 'Source reference', description: 'A source as quoted: what attribution needs.' }),
  Type.Object(sourceProperties, { $id: 'SourceSummary', title: 'Source summary' }),
  Type.Object(
    {
      ...sourceProperties,
      sections: List(
        Type.Object({
          id: { ...Id, description: 'Section id, used by citations.' },
          position: Int32(0, MAX.sections),
          heading: Text(MAX.heading),
          text: Text(MAX.sectionText, { description: "The section's paragraphs, verbatim, separated by blank lines." })
        }),
        MAX.sections
      )
    },
    { $id: 'Source', title: 'Source', description: 'A source document and its sections.' }
  )
]
