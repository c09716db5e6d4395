/**
 * Property: after any sequence of admin operations the API accepts, the export imports
 * back — dry run, then for real, into a fresh database — and exports the same bundle
 * (issue 14: a link without citations made every later export impossible to import).
 * Random sequences through `app.inject`; bounded runs, it runs in CI on 2 cores.
 */
import fc from 'fast-check'
import type { FastifyInstance } from 'fastify'
import t from 'tap'
import { createKeyRepository } from '../../src/repositories/keys.js'
import { buildApp } from '../../src/app.js'
import { build, testConfig } from '../helper.js'

const SOURCE = 'allfit-calcinosis-cutis'
const QUOTES = [
  'Sodium thiosulfate is gaining attention as a treatment, particularly for severe types like calciphylaxis.',
  'calciphylaxis',
  'Surgical excision'
]
const KINDS = ['types', 'treatments', 'symptoms'] as const
type Kind = (typeof KINDS)[number]
/** Relations each kind owns or takes part in, and a few seeded entities to link to. */
const RELATIONS: Record<Kind, Array<{ relation: string; targets: string[] }>> = {
  types: [
    { relation: 'treatments', targets: ['diltiazem', 'pbt-treatments-0', 'pbt-treatments-1'] },
    { relation: 'bodySites', targets: ['skin', 'fingers'] }
  ],
  treatments: [
    { relation: 'symptoms', targets: ['limited-mobility', 'pbt-symptoms-0', 'pbt-symptoms-1'] },
    { relation: 'types', targets: ['dystrophic', 'pbt-types-0', 'pbt-types-1'] }
  ],
  symptoms: [{ relation: 'bodySites', targets: ['skin', 'knees'] }]
}

const id = (kind: Kind, n: number) => `pbt-${kind}-${n}`
const kindArb = fc.constantFrom(...KINDS)
const entityArb = fc.tuple(kindArb, fc.integer({ min: 0, max: 1 }))
const citationArb = fc.record({ source: fc.constant(SOURCE), quote: fc.constantFrom(...QUOTES) })

type Op = { method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH'; url: string; payload?: object; merge?: boolean }
const create = (kind: Kind, n: number): Op => ({
  method: 'POST',
  url: `/v1/admin/${kind}`,
  payload: { id: id(kind, n), name: `Entity ${kind} ${n}`, summary: 'A summary.', ...(kind === 'treatments' ? { modality: 'surgical' } : {}) }
})
/** Every run starts from the pool's entities existing, cited and published (when they are not already). */
const SETUP: Op[] = KINDS.flatMap((kind) =>
  [0, 1].flatMap((n) => [
    create(kind, n),
    { method: 'POST' as const, url: `/v1/admin/${kind}/${id(kind, n)}/restore` },
    { method: 'POST' as const, url: `/v1/admin/${kind}/${id(kind, n)}/citations`, payload: { source: SOURCE, quote: QUOTES[n]! } },
    { method: 'POST' as const, url: `/v1/admin/${kind}/${id(kind, n)}/publish` }
  ])
)
const opArb: fc.Arbitrary<Op> = fc.oneof(
  entityArb.map(([kind, n]) => create(kind, n)),
  fc.tuple(entityArb, citationArb).map(([[kind, n], citation]) => ({ method: 'POST' as const, url: `/v1/admin/${kind}/${id(kind, n)}/citations`, payload: citation })),
  fc.tuple(entityArb, fc.constantFrom('publish', 'unpublish', 'restore')).map(([[kind, n], action]) => ({ method: 'POST' as const, url: `/v1/admin/${kind}/${id(kind, n)}/${action}` })),
  entityArb.map(([kind, n]) => ({ method: 'DELETE' as const, url: `/v1/admin/${kind}/${id(kind, n)}` })),
  fc.tuple(entityArb, fc.string({ minLength: 1, maxLength: 12 }), fc.option(fc.constantFrom('old name', 'other name'))).map(([[kind, n], summary, alias]) => ({
    method: 'PATCH' as const,
    url: `/v1/admin/${kind}/${id(kind, n)}`,
    payload: { summary: summary.trim() || 'x', ...(alias ? { aliases: [alias] } : {}) },
    merge: true
  })),
  fc
    .tuple(entityArb, fc.nat(), fc.nat(), fc.option(fc.constantFrom('a note', 'another note')), fc.option(citationArb), fc.boolean())
    .map(([[kind, n], r, target, note, citation, unlink]) => {
      const relation = RELATIONS[kind][r % RELATIONS[kind].length]!
      const url = `/v1/admin/${kind}/${id(kind, n)}/${relation.relation}/${relation.targets[target % relation.targets.length]}`
      return unlink ? { method: 'DELETE' as const, url } : { method: 'PUT' as const, url, payload: { ...(note ? { note } : {}), ...(citation ? { citations: [citation] } : {}) } }
    }),
  fc.tuple(entityArb, fc.integer({ min: 1, max: 4 })).map(([[kind, n], number]) => ({ method: 'POST' as const, url: `/v1/admin/${kind}/${id(kind, n)}/revisions/${number}/restore` }))
)

// Hundreds of admin requests in a few seconds on a quiet machine: the rate limit is not what is tested.
const app = await build(t, { RATE_LIMIT_MAX: '0' })
const headers = { authorization: `Bearer ${createKeyRepository(app.store.db).create('property', 'admin').token}` }

async function send(target: FastifyInstance, op: Op, auth: Record<string, string>) {
  const contentType = op.merge ? 'application/merge-patch+json' : 'application/json'
  return target.inject({
    method: op.method,
    url: op.url,
    headers: { ...auth, 'if-match': '*', ...(op.payload ? { 'content-type': contentType } : {}) },
    ...(op.payload ? { payload: JSON.stringify(op.payload) } : {})
  })
}

t.test('after any admin sequence: export -> import (dry run, then real) into a fresh database -> export is the same bundle', async (t) => {
  await fc.assert(
    fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 16 }), async (ops) => {
      for (const op of [...SETUP, ...ops]) {
        const response = await send(app, op, headers)
        if (response.statusCode >= 500) throw new Error(`${op.method} ${op.url}: ${response.statusCode} ${response.body}`)
      }
      const exported = (await app.inject('/v1/export')).json()
      const again = await app.inject({ method: 'POST', url: '/v1/admin/import', headers, payload: exported })
      if (again.statusCode !== 200) throw new Error(`the unchanged export does not import back: ${again.body}`)
      if (again.json().data.entities.updated.length + again.json().data.entities.created.length > 0) throw new Error(`the unchanged export changed something: ${again.body}`)

      const fresh = await buildApp(testConfig({ RATE_LIMIT_MAX: '0' }), { seedIfEmpty: false })
      try {
        const auth = { authorization: `Bearer ${createKeyRepository(fresh.store.db).create('importer', 'admin').token}` }
        const dry = await fresh.inject({ method: 'POST', url: '/v1/admin/import?dryRun=true', headers: auth, payload: exported })
        if (dry.statusCode !== 200) throw new Error(`dry run: ${dry.body}`)
        const real = await fresh.inject({ method: 'POST', url: '/v1/admin/import', headers: auth, payload: exported })
        if (real.statusCode !== 200) throw new Error(`import: ${real.body}`)
        if (JSON.stringify(real.json().data.entities) !== JSON.stringify(dry.json().data.entities)) throw new Error('the dry run reported other changes than the import made')
        const reexported = (await fresh.inject('/v1/export')).json()
        t.same(reexported, exported)
        return reexported.datasetVersion === exported.datasetVersion
      } finally {
        await fresh.close()
      }
    }),
    // 25 runs of up to 16 operations after the set-up: a few minutes at most on a busy 2-core machine.
    { numRuns: 25, endOnFailure: true }
  )
})
