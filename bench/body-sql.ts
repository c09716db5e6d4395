/**
 * One SQL statement that produces, as JSON text, exactly the body of our list endpoint
 * for a kind and a WHERE clause: the fewest queries that can answer it. The stack-limit
 * server runs it; the bench checks that both bodies are equal.
 */
import { getTableName } from 'drizzle-orm'
import { KINDS, type Kind } from '../src/kinds/index.js'
import { filterableFields } from '../src/kinds/fields.js'


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
  return `(select json_group_array(json(r.v)) from (select json_object('id', o.id, 'name', o.name, 'note', l.note, 'citations', json(${evidence})) as v
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
    `'createdAt', e.created_at`,
    `'updatedAt', e.updated_at`
  ]
  const visible = `e.status = 'published' and e.deleted_at is null and ${where}`
  return `select json_object(
    'data', json((select json_group_array(json(p.v)) from (select json_object(${fields.join(', ')}) as v from ${table} e where ${visible} order by e.name collate nocase, e.id limit ${limit}) p)),
    'page', json_object('limit', ${limit}, 'nextCursor', null, 'total', (select count(*) from ${table} e where ${visible}))
  ) as body`
}
