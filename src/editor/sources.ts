/** New sources: published at once, so that editors can cite them. Sources are never edited. */
import { eq } from 'drizzle-orm'
import type { Db } from '../db/connection.js'
import * as s from '../db/schema.js'
import { provenanceOf, type BundleSource } from '../dataset/format.js'
import { splitParagraphs } from '../dataset/read.js'
import { insertSource } from '../dataset/write.js'
import type { WriteContext } from './context.js'
import { conflict, unprocessable, type Core } from './core.js'

export function createSourceWriter(core: Core) {
  /** Within a transaction: a new source; sections are paragraphs separated by blank lines. */
  function insert(tx: Db, source: BundleSource) {
    const sections = source.sections.map((section, position) => ({
      slug: section.id,
      position,
      heading: section.heading,
      text: splitParagraphs(section.text).join('\n\n')
    }))
    const text = sections.map((section) => `${section.heading}\n\n${section.text}`).join('\n\n')
    insertSource(tx, { id: source.id, title: source.title, publisher: source.publisher, url: source.url, ...provenanceOf(source), text, sections }, core.now())
  }

  const exists = (tx: Db, id: string) => tx.select({ id: s.sources.id }).from(s.sources).where(eq(s.sources.id, id)).get() !== undefined

  return {
    insert,
    exists,

    create(ctx: WriteContext, source: BundleSource) {
      if (new Set(source.sections.map((section) => section.id)).size !== source.sections.length) throw unprocessable('Section ids must be unique within a source')
      core.write((tx) => {
        if (exists(tx, source.id)) throw conflict(`A source with id '${source.id}' exists`)
        insert(tx, source)
        core.audit(tx, ctx, 'create-source', null, null, { source: source.id })
      })
    }
  }
}
