/**
 * Related entities (`related.json` beside a dataset; `related` in a bundle): groups of
 * entities, of any kinds, that the source names alike or together but that are not the
 * same thing, with a note saying how they differ and the quotes it rests on. Every member
 * shows the others as `related` (`{ kind, id, name, note, citations }`).
 */
import Type from 'typebox'
import Value from 'typebox/value'
import { KIND_KEYS, type KindKey } from '../kinds/index.js'
import { RelatedGroup } from './format.js'

export { RelatedGroup, type RelatedGroupDocument } from './format.js'

const RelatedFile = Type.Array(RelatedGroup)

/** A group as written to the database: members parsed, citations naming their source. */
export interface RelatedRecord {
  between: Array<{ kind: KindKey; id: string }>
  note: string
  citations: Array<{ source: string; section: string; quote: string }>
}

/** Shape problems of a `related.json` document, or none. */
export const relatedShapeProblems = (document: unknown): string[] =>
  Value.Check(RelatedFile, document) ? [] : [...Value.Errors(RelatedFile, document)].slice(0, 20).map((e) => `${e.instancePath || '/'} ${e.message}`)

/**
 * The members of a group, each `kind/id` checked: a known kind, an entity `exists`, no
 * member twice. Problems are pushed; the members found are returned.
 */
export function groupMembers(where: string, between: string[], exists: (kind: KindKey, id: string) => boolean, problems: string[]): RelatedRecord['between'] {
  const members: RelatedRecord['between'] = []
  if (new Set(between).size !== between.length) problems.push(`${where}: an entity is named twice`)
  for (const path of between) {
    const [kind = '', id = ''] = path.split('/')
    if (!(KIND_KEYS as readonly string[]).includes(kind)) problems.push(`${where}: unknown kind in ${path}`)
    else if (!exists(kind as KindKey, id)) problems.push(`${where}: ${path} does not exist`)
    else members.push({ kind: kind as KindKey, id })
  }
  return members
}

/** The identity of a group: its members, in a stable order (a group is written once, whatever the order it names them in). */
export const groupKey = (between: RelatedRecord['between']) =>
  between
    .map(({ kind, id }) => `${kind}/${id}`)
    .sort()
    .join(' ')
