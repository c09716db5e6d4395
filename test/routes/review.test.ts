/**
 * Clinical review end to end (issue 13): a reviewer marks a claim — an entity and a link —
 * disputed through the admin API, and every public surface shows the mark; the review
 * queue, roles, If-Match, revisions and the audit follow the write path's rules.
 */
import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { createKeyRepository } from '../../src/repositories/keys.js'
import { DISPUTED_MARKER } from '../../src/kinds/review.js'
import { build } from '../helper.js'

const app = await build(t)
const keys = createKeyRepository(app.store.db)
const reviewerKey = keys.create('dr-rev', 'reviewer').token
const editorKey = keys.create('ed', 'editor').token
const adminKey = keys.create('boss', 'admin').token

async function call(method: 'GET' | 'POST' | 'PATCH', url: string, key?: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await app.inject({
    method,
    url,
    headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers },
    ...(body === undefined ? {} : { payload: body as object })
  })
  return { status: response.statusCode, headers: response.headers, body: String(response.headers['content-type'] ?? '').includes('json') ? response.json() : response.body }
}
const etagOf = async (url: string, key = reviewerKey) => (await call('GET', url, key)).headers.etag as string

async function review(path: string, body: unknown, key = reviewerKey) {
  return call('POST', `/v1/admin/${path}/review`, key, body, { 'if-match': await etagOf(`/v1/admin/${path}`, key) })
}

const ENTITY = 'treatments/low-dose-warfarin'
const LINK = { collection: 'types', id: 'dystrophic', relation: 'treatments', other: 'pamidronate' }

async function mcp(app: FastifyInstance, name: string, args: Record<string, unknown>) {
  const response = await app.inject({
    method: 'POST',
    url: '/mcp',
    headers: { accept: 'application/json, text/event-stream', 'content-type': 'application/json' },
    payload: { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name, arguments: args } }
  })
  const body = response.body.startsWith('{') ? JSON.parse(response.body) : JSON.parse(response.body.split('\n').find((line) => line.startsWith('data: '))!.slice(6))
  return body.result as { content: Array<{ text: string }>; structuredContent: any }
}

t.test('the seed claims no review: everything starts unreviewed', async (t) => {
  const { body } = await call('GET', '/v1/treatments?limit=100')
  t.ok(body.data.length > 0)
  for (const entity of body.data) t.equal(entity.review.status, 'unreviewed', entity.id)
  const { body: type } = await call('GET', '/v1/types/dystrophic')
  t.same(type.data.review, { status: 'unreviewed', reviewedAt: null, reviewer: null, note: null, nextReviewDue: null })
  for (const ref of type.data.treatments) t.equal(ref.review.status, 'unreviewed')
})

t.test('roles: an editor may not review, a reviewer may not edit, a reviewer reads what it reviews', async (t) => {
  t.equal((await review(ENTITY, { status: 'reviewed' }, editorKey)).status, 403)
  t.equal((await call('GET', `/v1/admin/${ENTITY}`, reviewerKey)).status, 200)
  const etag = await etagOf(`/v1/admin/${ENTITY}`)
  t.equal((await call('PATCH', `/v1/admin/${ENTITY}`, reviewerKey, { summary: 'x' }, { 'if-match': etag })).status, 403)
  t.equal((await call('GET', '/v1/admin/review-queue', editorKey)).status, 403)
  t.equal((await call('POST', `/v1/admin/${ENTITY}/publish`, reviewerKey)).status, 403, 'reviewers do not publish')
})

t.test('a review needs If-Match, a status, and a real link', async (t) => {
  t.equal((await call('POST', `/v1/admin/${ENTITY}/review`, reviewerKey, { status: 'reviewed' })).status, 428)
  t.equal((await call('POST', `/v1/admin/${ENTITY}/review`, reviewerKey, { status: 'reviewed' }, { 'if-match': '"stale"' })).status, 412)
  t.equal((await review(ENTITY, { note: 'no status' })).status, 400)
  t.equal((await review(ENTITY, { status: 'maybe' })).status, 400)
  t.equal((await review(ENTITY, { status: 'reviewed', nextReviewDue: 'soon' })).status, 400)
  t.equal((await review(ENTITY, { status: 'disputed', link: { relation: 'bodySites', id: 'fingertips' } })).status, 400, 'treatments have no body sites')
  t.equal((await review(ENTITY, { status: 'disputed', link: { relation: 'types', id: 'idiopathic' } })).status, 404, 'not linked')
  t.equal((await call('POST', `/v1/admin/${ENTITY}/publish`, adminKey, { status: 'reviewed' })).status, 400, 'only review takes a body')
})

t.test('a disputed entity and link show in every public surface', async (t) => {
  const note = 'The article says warfarin targets inflammation; it is an anticoagulant.'
  const marked = await review(ENTITY, { status: 'disputed', note, nextReviewDue: '2030-01-01' })
  t.equal(marked.status, 200)
  t.match(marked.body.data.review, { status: 'disputed', reviewer: 'dr-rev', note, nextReviewDue: '2030-01-01' })
  const linked = await review(`${LINK.collection}/${LINK.id}`, { status: 'disputed', note: 'Not for this type.', link: { relation: LINK.relation, id: LINK.other } })
  t.equal(linked.status, 200)
  t.equal(linked.body.data.treatments.find((ref: any) => ref.id === LINK.other).review.status, 'disputed')

  // item and list, both sides of the link
  const item = await call('GET', `/v1/${ENTITY}`)
  t.equal(item.body.data.review.status, 'disputed')
  const other = await call('GET', `/v1/treatments/${LINK.other}`)
  t.equal(other.body.data.types.find((ref: any) => ref.id === LINK.id).review.status, 'disputed', 'the link shows disputed from the other side')
  const list = await call('GET', '/v1/treatments?reviewStatus=disputed')
  t.same(list.body.data.map((e: any) => e.id), ['low-dose-warfarin'], 'reviewStatus filters')
  t.notOk((await call('GET', '/v1/treatments?reviewStatus=unreviewed&limit=100')).body.data.some((e: any) => e.id === 'low-dose-warfarin'))
  t.equal((await call('GET', '/v1/causes?reviewStatus=wrong')).status, 400)

  // search and answers
  const search = await call('GET', '/v1/search?q=warfarin')
  t.equal(search.body.data.find((hit: any) => hit.id === 'low-dose-warfarin')?.disputed, true)
  t.ok(search.body.data.filter((hit: any) => hit.id !== 'low-dose-warfarin').every((hit: any) => hit.disputed === false))
  const answer = await call('GET', '/v1/answer?q=' + encodeURIComponent('does warfarin treat calcinosis'))
  t.equal(answer.body.data.results.find((r: any) => r.id === 'low-dose-warfarin')?.disputed, true)

  // overview JSON and Markdown
  const overview = await call('GET', '/v1/conditions/calcinosis-cutis/overview')
  const treatments = overview.body.data.treatments.flatMap((group: any) => group.items)
  const warfarin = treatments.find((item: any) => item.id === 'low-dose-warfarin')
  t.equal(warfarin.disputed, true)
  t.equal(warfarin.dispute.note, note)
  const diltiazem = treatments.find((item: any) => item.id === LINK.other)
  t.equal(diltiazem.links.types.find((ref: any) => ref.id === LINK.id).disputed, true, 'the disputed link is marked beside the item')
  const markdown = await call('GET', '/v1/conditions/calcinosis-cutis/overview?format=markdown')
  const line = (markdown.body as string).split('\n').find((l) => l.startsWith('- **Low-dose warfarin**'))
  t.match(line, DISPUTED_MARKER)
  t.match(markdown.body, note)

  // MCP
  const mcpSearch = await mcp(app, 'search', { query: 'warfarin' })
  t.match(mcpSearch.content[0]!.text, DISPUTED_MARKER)
  const mcpEntity = await mcp(app, 'get_entity', { kind: 'treatments', id: 'low-dose-warfarin' })
  t.match(mcpEntity.content[0]!.text, DISPUTED_MARKER)
  const mcpLinked = await mcp(app, 'get_entity', { kind: 'types', id: LINK.id })
  t.match(mcpLinked.content[0]!.text.split('\n').find((l) => l.startsWith('treatments:')), DISPUTED_MARKER)
  const mcpOverview = await mcp(app, 'get_overview', { condition: 'calcinosis-cutis', sections: ['treatments'] })
  t.match(mcpOverview.content[0]!.text, DISPUTED_MARKER)
  const mcpAnswer = await mcp(app, 'answer', { question: 'does warfarin treat calcinosis' })
  t.match(mcpAnswer.content[0]!.text, DISPUTED_MARKER)
})

t.test('a review is a revision and an audit entry of each entity whose view changed', async (t) => {
  const revisions = await call('GET', `/v1/admin/${ENTITY}/revisions`, reviewerKey)
  t.match(revisions.body.data.at(-1), { actor: 'dr-rev', summary: 'review set to disputed' })
  const other = await call('GET', `/v1/admin/treatments/${LINK.other}/revisions`, adminKey)
  t.match(other.body.data.at(-1).summary, /review of the link to types\/dystrophic/)
  const audit = await call('GET', '/v1/admin/audit?actor=dr-rev', adminKey)
  t.ok(audit.body.data.some((entry: any) => entry.action === 'review' && entry.entityId === 'low-dose-warfarin' && entry.detail.status === 'disputed'))
})

t.test('the review queue: disputed first, then overdue, then unreviewed; paginated; reviewed items leave it', async (t) => {
  const first = await call('GET', '/v1/admin/review-queue?limit=2', reviewerKey)
  t.equal(first.status, 200)
  t.same(first.body.data.map((item: any) => item.reason), ['disputed', 'disputed'])
  t.ok(first.body.data.some((item: any) => item.id === 'low-dose-warfarin' && item.link === null))
  t.ok(first.body.data.some((item: any) => item.id === LINK.id && item.link?.id === LINK.other))
  const second = await call('GET', `/v1/admin/review-queue?limit=2&cursor=${first.body.page.nextCursor}`, reviewerKey)
  t.same(second.body.data.map((item: any) => item.reason), ['unreviewed', 'unreviewed'])
  t.equal(second.body.page.total, first.body.page.total)
  t.equal((await call('GET', '/v1/admin/review-queue?cursor=nonsense', reviewerKey)).status, 400)

  t.equal((await review('body-sites/fingertips', { status: 'reviewed', nextReviewDue: '2000-01-01' })).status, 200)
  t.equal((await review('body-sites/face', { status: 'reviewed', nextReviewDue: '2999-01-01' })).status, 200)
  const all = await call('GET', '/v1/admin/review-queue?limit=100', adminKey)
  const rest = [all.body]
  for (let page = all.body; page.page.nextCursor; ) {
    page = (await call('GET', `/v1/admin/review-queue?limit=100&cursor=${page.page.nextCursor}`, adminKey)).body
    rest.push(page)
  }
  const items = rest.flatMap((page) => page.data)
  t.equal(items.find((item: any) => item.id === 'fingertips' && !item.link)?.reason, 'overdue', 'a review past its due date is overdue')
  t.notOk(items.some((item: any) => item.id === 'face' && !item.link), 'a current review is not in the queue')
  t.equal(items[2].reason, 'overdue', 'overdue after disputed')
})
