/**
 * Clinical review: a reviewer (or an admin) signs off or disputes an entity, or one of its
 * links. Like every write: `If-Match` on the entity addressed, a revision of each entity
 * whose view changed (a link's review shows on both sides), an audit entry.
 */
import { eq } from 'drizzle-orm'
import { KINDS, relationOf, type Kind } from '../kinds/index.js'
import { invalidParam, notFound } from '../lib/problem.js'
import type { EntityOut } from '../repositories/entities/index.js'
import type { WriteContext } from './context.js'
import type { Core } from './core.js'
import type { ReviewInput } from './inputs.js'
import { linkRow } from './links.js'

export function createReviews(core: Core) {
  return {
    review(ctx: WriteContext, kind: Kind, id: string, input: ReviewInput, ifMatch: string | undefined): EntityOut {
      return core.write((tx) => {
        core.begin(tx, kind, id)
        core.checkIfMatch(kind, id, ifMatch, true)
        const review = {
          reviewStatus: input.status,
          reviewedAt: core.now(),
          reviewer: ctx.actor.name,
          reviewNote: input.note ?? null,
          nextReviewDue: input.nextReviewDue ?? null
        }
        const detail = { status: input.status, note: review.reviewNote, nextReviewDue: review.nextReviewDue }
        if (!input.link) {
          tx.update(kind.table).set(review as never).where(eq(kind.table.id, id)).run()
          return core.record(tx, ctx, kind, id, 'review', `review set to ${input.status}`, detail)
        }
        const { relation: relationName, id: otherId } = input.link
        const relation = relationOf(kind, relationName)
        if (!relation) throw invalidParam('body', 'link.relation', `${kind.path} has no relation '${relationName}'`)
        const target = KINDS[relation.target]
        if (!core.rowOf(tx, target, otherId)) throw notFound(`No ${target.label.toLowerCase()} with id '${otherId}'`)
        core.baseline(tx, target, otherId)
        const changed = tx.update(relation.table).set(review).where(linkRow(relation, id, otherId)).run().changes
        if (changed === 0) throw notFound(`${kind.label} '${id}' is not linked to ${relation.name}/${otherId}`)
        const linkDetail = { ...detail, relation: relation.name, otherId }
        core.record(tx, ctx, target, otherId, 'review', `review of the link to ${kind.key}/${id} set to ${input.status}`, { ...detail, relation: kind.key, otherId: id })
        return core.record(tx, ctx, kind, id, 'review', `review of the link to ${relation.name}/${otherId} set to ${input.status}`, linkDetail)
      })
    }
  }
}
