/**
 * Proactive content negotiation (RFC 9110 §12.5.1): the offered media type the client's
 * `Accept` prefers, or null when it accepts none of them (the route answers 406).
 */
import type { FastifyReply, FastifyRequest } from 'fastify'
import { ProblemError } from '../lib/problem.js'

/** The Content-Type of every JSON answer the routes write themselves. */
export const JSON_TYPE = 'application/json; charset=utf-8'

interface Range {
  type: string
  subtype: string
  q: number
}

function parseAccept(header: string): Range[] {
  return header
    .split(',')
    .map((part) => {
      const [media = '', ...params] = part.trim().toLowerCase().split(';')
      const [type = '', subtype = ''] = media.trim().split('/')
      const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
      const q = qParam === undefined ? 1 : Number(qParam.slice(2))
      return { type, subtype, q: Number.isFinite(q) ? Math.min(Math.max(q, 0), 1) : 0 }
    })
    .filter((range) => range.type && range.subtype)
}

/** The q a list of ranges gives a media type: the most specific matching range decides. */
function quality(ranges: Range[], media: string): number {
  const [type, subtype] = media.split('/')
  let best: { specificity: number; q: number } | undefined
  for (const range of ranges) {
    const specificity = range.type === type && range.subtype === subtype ? 2 : range.type === type && range.subtype === '*' ? 1 : range.type === '*' && range.subtype === '*' ? 0 : -1
    if (specificity >= 0 && (!best || specificity > best.specificity)) best = { specificity, q: range.q }
  }
  return best?.q ?? 0
}

export function preferredType(accept: string | undefined, offered: readonly string[]): string | null {
  if (!accept || !accept.trim()) return offered[0] ?? null
  const ranges = parseAccept(accept)
  if (ranges.length === 0) return offered[0] ?? null
  let chosen: string | null = null
  let chosenQ = 0
  for (const media of offered) {
    const q = quality(ranges, media)
    if (q > chosenQ) [chosen, chosenQ] = [media, q]
  }
  return chosen
}

/**
 * The preferred offered type, or a 406 problem naming what the route can send. Given the
 * reply, the answer says it varies by Accept (caches keep one copy per representation).
 */
export function negotiate(request: FastifyRequest, offered: readonly string[], reply?: FastifyReply): string {
  if (reply) {
    const vary = reply.getHeader('vary')
    reply.header('vary', vary ? `${String(vary)}, Accept` : 'Accept')
  }
  const chosen = preferredType(request.headers.accept, offered)
  if (!chosen) throw new ProblemError('not-acceptable', `This resource is available as ${offered.join(' or ')}; the Accept header allows none of them.`)
  return chosen
}
