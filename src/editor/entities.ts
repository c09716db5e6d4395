/** An entity's life: create (a draft), edit, publish and unpublish, delete and restore. */
import { eq } from 'drizzle-orm'
import type { Kind } from '../kinds/index.js'
import { notFound } from '../lib/problem.js'
import type { EntityOut } from '../repositories/entities/index.js'
import type { Citations } from './citations.js'
import type { WriteContext } from './context.js'
import { conflict, unprocessable, type Core } from './core.js'
import { columnsOf, type FieldWriter } from './fields.js'
import type { EntityInput } from './inputs.js'

export function createEntityWriter(core: Core, fields: FieldWriter, citations: Citations) {
  return {
    create(ctx: WriteContext, kind: Kind, input: EntityInput & { id: string }): EntityOut {
      return core.write((tx) => {
        if (core.rowOf(tx, kind, input.id)) throw conflict(`A ${kind.label.toLowerCase()} with id '${input.id}' exists (ids are never reused, deleted or not)`)
        const at = core.now()
        tx.insert(kind.table)
          .values({ id: input.id, ...columnsOf(kind, input), status: 'draft', version: 0, createdAt: at, updatedAt: at } as never)
          .run()
        fields.applyParent(tx, kind, input.id, input)
        fields.setAliases(tx, kind, input.id, input.aliases ?? [])
        fields.setCodes(tx, kind, input.id, input.codes ?? [])
        return core.record(tx, ctx, kind, input.id, 'create', 'created as a draft')
      })
    },

    update(ctx: WriteContext, kind: Kind, id: string, patch: EntityInput, ifMatch: string | undefined): EntityOut {
      return core.write((tx) => {
        core.begin(tx, kind, id)
        core.checkIfMatch(kind, id, ifMatch, true)
        fields.apply(tx, kind, id, patch)
        if (patch.aliases !== undefined) fields.setAliases(tx, kind, id, patch.aliases)
        if (patch.codes !== undefined) fields.setCodes(tx, kind, id, patch.codes)
        const names = Object.keys(patch).sort()
        return core.record(tx, ctx, kind, id, 'update', `edited ${names.join(', ')}`, { fields: names })
      })
    },

    remove(ctx: WriteContext, kind: Kind, id: string, ifMatch: string | undefined): EntityOut {
      return core.write((tx) => {
        core.begin(tx, kind, id)
        core.checkIfMatch(kind, id, ifMatch, true)
        tx.update(kind.table).set({ deletedAt: core.now() } as never).where(eq(kind.table.id, id)).run()
        return core.record(tx, ctx, kind, id, 'delete', 'deleted')
      })
    },

    restore(ctx: WriteContext, kind: Kind, id: string): EntityOut {
      return core.write((tx) => {
        const row = core.rowOf(tx, kind, id)
        if (!row) throw notFound(`No ${kind.label.toLowerCase()} with id '${id}'`)
        if (!row.deletedAt) throw conflict(`${kind.label} '${id}' is not deleted`)
        core.baseline(tx, kind, id)
        tx.update(kind.table).set({ deletedAt: null } as never).where(eq(kind.table.id, id)).run()
        return core.record(tx, ctx, kind, id, 'restore', 'restored from deletion')
      })
    },

    setStatus(ctx: WriteContext, kind: Kind, id: string, status: 'draft' | 'published', ifMatch?: string): EntityOut {
      return core.write((tx) => {
        core.begin(tx, kind, id)
        core.checkIfMatch(kind, id, ifMatch, false)
        if (status === 'published' && citations.ownCount(tx, kind, id) === 0) throw unprocessable(`${kind.label} '${id}' has no citation; cite a source before publishing`)
        tx.update(kind.table).set({ status } as never).where(eq(kind.table.id, id)).run()
        const published = status === 'published'
        return core.record(tx, ctx, kind, id, published ? 'publish' : 'unpublish', published ? 'published' : 'unpublished (back to draft)')
      })
    }
  }
}
