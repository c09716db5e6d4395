/**
 * One SQL statement that produces, as JSON text, exactly the body of our list endpoint
 * for a kind and a WHERE clause: the fewest queries that can answer it. The stack-limit
 * server runs it; the bench checks that both bodies are equal. `meta` (the disclaimer,
 * dataset version and attribution every answer carries) is bound as `@meta`, JSON text the
 * server computes once, as ours computes it once per change of content.
 */
import { getTableName } from 'drizzle-orm'
import { KIND_LIST, KINDS, type Kind } from '../src/kinds/index.js'
import { filterableFields } from '../src/kinds/fields.js'


const reviewObject = (alias: string) =>
  `json_object('status', ${alias}.review_status, 'reviewedAt', ${alias}.reviewed_at, 'reviewer', ${alias}.reviewer, 'note', ${alias}.review_note, 'nextReviewDue', ${alias}.next_review_due)`

/** Every published entity of every kind: what a related group's member resolves to. */
const publishedEntities = () =>
  KIND_LIST.map((kind) => `select '${kind.key}' as kind, '${kind.path}' as path, id, name from ${getTableName(kind.table)} where status = 'published' and deleted_at is null`).join(' union all ')

/** The other published members of the related groups `e` belongs to, with the group's note and quotes (each with its section's heading). */
function relatedSql(kind: Kind): string {
  const quote = `json_object('source', q.value ->> 'source', 'section', q.value ->> 'section', 'quote', q.value ->> 'quote',
      'heading', coalesce((select heading from source_sections where source_id = q.value ->> 'source' and slug = q.value ->> 'section'), ''))`
  return `(select json_group_array(json(r.v)) from (select json_object('kind', t.path, 'id', t.id, 'name', t.name, 'note', g.note,
      'citations', json((select json_group_array(json(${quote})) from json_each(g.citations) q))) as v
    from related_members m join related_members o on o.group_id = m.group_id and (o.entity_kind <> m.entity_kind or o.entity_id <> m.entity_id)
    join related_groups g on g.id = m.group_id join (${publishedEntities()}) t on t.kind = o.entity_kind and t.id = o.entity_id
    where m.entity_kind = '${kind.key}' and m.entity_id = e.id order by g.id, o.entity_kind, o.entity_id) r)`
}

const codesSql = (kind: Kind) =>
  `(select json_group_array(json(x.v)) from (select json_object('system', system, 'code', code, 'display', display, 'source', source, 'verifiedAt', verified_at) as v
    from external_codes where entity_kind = '${kind.key}' and entity_id = e.id order by system, code) x)`

const citationObject = `json_object('id', c.id, 'source', ss.source_id, 'section', ss.slug, 'heading', ss.heading, 'quote', c.quote)`

function refsSql(kind: Kind, relationIndex: number): string {
  const relation = kind.relations[relationIndex]!
  const target = KINDS[relation.target]
  const link = getTableName(relation.table)
  const [ownerKind, ownerId, relatedKind, relatedId] = relation.owned
    ? [kind.key, 'e.id', relation.target, 'o.id']
    : [relation.target, 'o.id', kind.key, 'e.id']
  const evidence = `(select json_group_array(json(x.v)) from (select ${citationObject} as v from citations c join source_sections ss on ss.id = c.section_id
      where c.entity_kind = '${ownerKind}' and c.entity_id = ${ownerId} and c.related_kind = '${relatedKind}' and c.related_id = ${relatedId} order by c.id) x)`
  return `(select json_group_array(json(r.v)) from (select json_object('id', o.id, 'name', o.name, 'note', l.note, 'citations', json(${evidence}), 'review', ${reviewObject('l')}) as v
      from ${link} l join ${getTableName(target.table)} o on o.id = l.${relation.otherColumn}
      where l.${relation.selfColumn} = e.id and o.status = 'published' and o.deleted_at is null
      order by o.name collate nocase, o.id) r)`
}

export function listBodySql(kind: Kind, where: string, limit: number): string {
  const table = getTableName(kind.table)
  const fields = [
    `'id', e.id`,
    `'name', e.name`,
    `'summary', e.summary`,
    `'aliases', json((select json_group_array(a.alias) from (select alias from aliases where entity_kind = '${kind.key}' and entity_id = e.id order by alias) a))`,
    ...filterableFields(kind).map((field) => `'${field.name}', e.${field.column}`),
    `'citations', json((select json_group_array(json(x.v)) from (select ${citationObject} as v from citations c join source_sections ss on ss.id = c.section_id where c.entity_kind = '${kind.key}' and c.entity_id = e.id and c.related_kind is null order by c.id) x))`,
    ...kind.relations.map((relation, index) => `'${relation.name}', json(${refsSql(kind, index)})`),
    `'related', json(${relatedSql(kind)})`,
    `'codes', json(${codesSql(kind)})`,
    `'review', ${reviewObject('e')}`,
    `'createdAt', e.created_at`,
    `'updatedAt', e.updated_at`
  ]
  const visible = `e.status = 'published' and e.deleted_at is null and ${where}`
  return `select json_object(
    'data', json((select json_group_array(json(p.v)) from (select json_object(${fields.join(', ')}) as v from ${table} e where ${visible} order by e.name collate nocase, e.id limit ${limit}) p)),
    'page', json_object('limit', ${limit}, 'nextCursor', null, 'total', (select count(*) from ${table} e where ${visible})),
    'meta', json(@meta)
  ) as body`
}
