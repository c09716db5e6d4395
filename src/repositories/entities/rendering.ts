/**
 * The read model (issue 15): each published entity's public JSON, rendered when content
 * changes rather than on every read. Triggers (`db/render-triggers.ts`) queue the entities
 * a write touches; `renderQueued` runs at the end of every write transaction and renders
 * them with the very serializer the read path used to run per request, so there is one
 * definition of the representation. Reads then find ids by indexed SQL and join the
 * renderings, kept in memory as bytes once read.
 */
import { createHash } from 'node:crypto'
import type Database from 'better-sqlite3'
import { KIND_LIST, KINDS, isKindKey, type Kind } from '../../kinds/index.js'
import { visibleSql } from '../../kinds/visibility.js'
import { createHierarchy } from './hierarchy.js'
import { createSerializer, selectList, type Row } from './serialize.js'
import { ByteBudgetMap } from '../../lib/byte-budget-map.js'
import { fragmentOf, type Fragment } from '../../lib/fragment.js'
import { groupBy } from '../../lib/group-by.js'
import { createStatements, inList, type Params, type Statements } from './statements.js'
import type { EntityOut, Ref } from './types.js'

/**
 * Bump when the serializer's output changes for the same data: a database rendered by
 * another representation is rendered again at start (`prepareReadModel`). Descriptor
 * changes (fields, relations, hierarchy) are noticed without it.
 */
const RENDER_VERSION = 1

/** What the stored renderings were made by: the render version and the shape of every kind. */
export const representationKey = (): string =>
  createHash('sha1')
    .update(
      JSON.stringify([
        RENDER_VERSION,
        KIND_LIST.map((kind) => [kind.key, kind.fields.map((f) => [f.name, f.type]), kind.relations.map((r) => [r.name, r.tableName]), kind.hierarchy ?? null])
      ])
    )
    .digest('base64url')

/**
 * The bare rendering (an entity embedded by `include`, one level deep) is the full one
 * without what points to other entities: the serializer's `withRelations: false` output,
 * key for key, without serializing twice.
 */
function bareOf(kind: Kind, entity: EntityOut): EntityOut {
  const bare = { ...entity }
  for (const relation of kind.relations) delete bare[relation.name]
  if (kind.hierarchy) {
    delete bare[kind.hierarchy.parentField]
    delete bare[kind.hierarchy.childrenField]
  }
  delete bare.related
  return bare
}

function createRenderer(sqlite: Database.Database) {
  const statements = createStatements(sqlite)
  const serialize = createSerializer(statements, createHierarchy(statements, 'public'), 'public')
  const queued = sqlite.prepare('select kind, id from render_queue')
  const upsert = sqlite.prepare('insert into rendered_entities (kind, id, body, bare) values (?, ?, ?, ?) on conflict (kind, id) do update set body = excluded.body, bare = excluded.bare')
  const remove = sqlite.prepare(`delete from rendered_entities where kind = @kind and id in ${inList('ids')}`)
  const bump = sqlite.prepare(`insert into render_state (key, value) values ('content', '1') on conflict (key) do update set value = cast(value as integer) + 1`)

  function render(kind: Kind, ids: string[]) {
    const rows = statements.all<Row>(`select ${selectList(kind)} from ${kind.tableName} e where e.id in ${inList('ids')} and ${visibleSql('e')}`, { ids: JSON.stringify(ids) })
    // Not visible any more (unpublished, deleted, gone): no rendering.
    remove.run({ kind: kind.key, ids: JSON.stringify(ids) })
    for (const entity of serialize(kind, rows)) upsert.run(kind.key, entity.id, JSON.stringify(entity), JSON.stringify(bareOf(kind, entity)))
  }

  return {
    /** Renders every queued entity and empties the queue; the number rendered. */
    renderQueued(): number {
      const rows = queued.all() as Array<{ kind: string; id: string }>
      if (rows.length === 0) return 0
      for (const [key, group] of groupBy(rows, (row) => row.kind)) {
        if (isKindKey(key)) render(KINDS[key], group.map((row) => row.id))
      }
      sqlite.prepare('delete from render_queue').run()
      bump.run()
      return rows.length
    }
  }
}

const renderers = new WeakMap<Database.Database, ReturnType<typeof createRenderer>>()
const hasReadModel = (sqlite: Database.Database) => sqlite.prepare(`select 1 from sqlite_master where type = 'table' and name = 'render_queue'`).get() !== undefined

/**
 * Renders what the current transaction's writes queued (`writeTransaction` calls it before
 * committing). A database migrated only up to before the read model has nothing to render.
 */
export function renderQueued(sqlite: Database.Database): number {
  let renderer = renderers.get(sqlite)
  if (!renderer) {
    if (!hasReadModel(sqlite)) return 0
    renderers.set(sqlite, (renderer = createRenderer(sqlite)))
  }
  return renderer.renderQueued()
}

/**
 * At start, after the migrations: when the stored renderings were made by another
 * representation (or none), or triggers were (re)created, queue every entity and render
 * them all, in one transaction.
 */
export function prepareReadModel(sqlite: Database.Database, { triggersChanged }: { triggersChanged: boolean }): void {
  if (!hasReadModel(sqlite)) return
  const state = sqlite.prepare(`select value from render_state where key = 'representation'`).pluck()
  const key = representationKey()
  const queueSize = () => sqlite.prepare('select count(*) from render_queue').pluck().get() as number
  if (!triggersChanged && state.get() === key && queueSize() === 0) return
  sqlite.transaction(() => {
    sqlite.prepare('delete from rendered_entities').run()
    for (const kind of KIND_LIST) sqlite.prepare(`insert or ignore into render_queue (kind, id) select '${kind.key}', id from ${kind.tableName}`).run()
    renderQueued(sqlite)
    sqlite.prepare(`insert into render_state (key, value) values ('representation', ?) on conflict (key) do update set value = excluded.value`).run(key)
  }).immediate()
}

/**
 * How many bytes of renderings the reader keeps in memory. The seed's are about 0.4 MB; at
 * 100 times the seed (40 MB), the most recently read stay.
 */
const FRAGMENT_MEMORY_BYTES = 16 * 1024 * 1024

/**
 * Reading the stored renderings. Each read also says whether they are current: a write
 * made behind the write transaction's back (raw SQL) leaves its entities queued until the
 * next write transaction, and meanwhile the read path renders afresh. Whether they are
 * current travels with the read's first statement (each statement costs a read transaction).
 *
 * Lists and items take their renderings from memory (`fragments`), kept encoded with their
 * digest, most recently read first, for the content version they were read at. Reading a
 * page's renderings from SQLite (overflow pages, UTF-8 decoding) was half the page's SQL
 * time, and hashing and encoding the assembled body per request cost as much again (issue 15).
 */
export function createRenderedReader(sqlite: Database.Database, statements: Statements, memoryBytes = FRAGMENT_MEMORY_BYTES) {
  if (!hasReadModel(sqlite)) return undefined
  const VERSION = `(select cast(value as integer) from render_state where key = 'content') as version`
  const CURRENT = `exists (select 1 from render_queue) as stale, ${VERSION}`
  const memory = new ByteBudgetMap<Fragment>(memoryBytes, (fragment) => fragment.bytes.byteLength)
  let memoryVersion: number | undefined

  function bare(kind: Kind, ids: string[]): Map<string, EntityOut> {
    const rows = statements.all<{ id: string; bare: string }>(`select id, bare from rendered_entities where kind = @kind and id in ${inList('ids')}`, {
      kind: kind.key,
      ids: JSON.stringify(ids)
    })
    return new Map(rows.map((row) => [row.id, JSON.parse(row.bare) as EntityOut]))
  }

  /** `select`'s columns, then whether renderings are current and their content version, in one statement; null when they are not current. */
  function withVersion<T extends object>(select: string, params: Params): (T & { version: number }) | null {
    const row = statements.get<T & { stale: number; version: number | null }>(`select ${CURRENT}, ${select}`, params)
    return !row || row.stale ? null : { ...row, version: row.version ?? 0 }
  }

  /**
   * The renderings of `ids` at content `version`, in their order, from memory; those not
   * there are read in one statement. An id without a rendering (gone since its id was
   * read) is left out. The page's fragments are collected before memory is filled: filling
   * it may evict some of them.
   */
  function fragments(kind: Kind, ids: string[], version: number): Fragment[] {
    if (memoryVersion !== version) {
      memory.clear()
      memoryVersion = version
    }
    const keyOf = (id: string) => `${kind.key}/${id}`
    const found = new Map<string, Fragment>()
    const missing: string[] = []
    for (const id of ids) {
      const kept = memory.get(keyOf(id))
      if (kept) found.set(id, kept)
      else missing.push(id)
    }
    if (missing.length > 0) {
      const rows = statements.all<{ id: string; body: string }>(`select id, body from rendered_entities where kind = @kind and id in ${inList('ids')}`, {
        kind: kind.key,
        ids: JSON.stringify(missing)
      })
      for (const row of rows) found.set(row.id, fragmentOf(row.body))
      for (const id of missing) {
        const loaded = found.get(id)
        if (loaded) memory.set(keyOf(id), loaded)
      }
    }
    return ids.flatMap((id) => found.get(id) ?? [])
  }

  return {
    /** A column giving the content version, for a statement whose rows choose the renderings. */
    versionColumn: VERSION,
    withVersion,
    fragments,
    /** Bumped by every write that changed a rendering, in any process (0 before the first); null when renderings are not current. */
    contentVersion(): number | null {
      return withVersion('1 as current', {})?.version ?? null
    },
    /** An entity's stored rendering; null when it is not visible; undefined when renderings are not current. */
    fragment(kind: Kind, id: string): Fragment | null | undefined {
      const head = withVersion<{ visible: number }>(`exists (select 1 from rendered_entities where kind = @kind and id = @id) as visible`, { kind: kind.key, id })
      if (!head) return undefined
      return head.visible ? (fragments(kind, [id], head.version)[0] ?? null) : null
    },
    /** Entities parsed from stored text, with `include`'s relations embedding their stored bare renderings (one level deep). */
    embed(kind: Kind, entities: EntityOut[], include: readonly string[]): EntityOut[] {
      for (const relation of kind.relations) {
        if (!include.includes(relation.name)) continue
        const refsOf = (entity: EntityOut) => (entity[relation.name] as Ref[] | undefined) ?? []
        const embeds = bare(KINDS[relation.target], [...new Set(entities.flatMap((entity) => refsOf(entity).map((ref) => ref.id)))])
        for (const entity of entities) for (const ref of refsOf(entity)) ref.entity = embeds.get(ref.id)
      }
      return entities
    }
  }
}
