/**
 * Public answers assembled from stored renderings and documents kept whole (issue 15): the body is the renderings'
 * bytes joined into the envelope, sent as bytes (no UTF-8 length scan or encoding per
 * request), and the strong ETag is a digest of the renderings' digests and the rest of the
 * envelope: equal bodies get equal ETags, and no request hashes a whole body.
 */
import { createHash } from 'node:crypto'
import type { FastifyReply } from 'fastify'
import type { Fragment } from '../lib/fragment.js'
import { JSON_TYPE } from './negotiate.js'

const LIST_START = Buffer.from('{"data":[')
const COMMA = Buffer.from(',')
const ITEM_START = Buffer.from('{"data":')

function send(reply: FastifyReply, parts: Buffer[], digests: string[], tail: string) {
  const etag = createHash('sha1').update(digests.join(',')).update(tail).digest('base64url')
  return reply.type(JSON_TYPE).header('etag', `"${etag}"`).send(Buffer.concat([...parts, Buffer.from(tail)]))
}

/** A document kept whole (an overview), under its digest. */
export const sendStoredDocument = (reply: FastifyReply, contentType: string, document: Fragment) =>
  reply.type(contentType).header('etag', `"${document.digest}"`).send(document.bytes)

/** `{"data":[…],"page":…,"meta":…}` from a page's renderings. */
export function sendStoredList(reply: FastifyReply, fragments: Fragment[], page: { limit: number; nextCursor: string | null; total: number }, metaJson: string) {
  const parts: Buffer[] = [LIST_START]
  fragments.forEach((fragment, index) => (index === 0 ? parts.push(fragment.bytes) : parts.push(COMMA, fragment.bytes)))
  return send(
    reply,
    parts,
    fragments.map((fragment) => fragment.digest),
    `],"page":${JSON.stringify(page)},"meta":${metaJson}}`
  )
}

/** `{"data":…,"meta":…}` from an entity's rendering. */
export function sendStoredItem(reply: FastifyReply, fragment: Fragment, metaJson: string) {
  return send(reply, [ITEM_START, fragment.bytes], [fragment.digest], `,"meta":${metaJson}}`)
}
