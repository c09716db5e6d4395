/** Bytes served from memory, again and again: encoded once, digested once. */
import { createHash } from 'node:crypto'

export interface Fragment {
  bytes: Buffer
  /** SHA-1 of the bytes, base64url: answers derive their ETag from it. */
  digest: string
}

/**
 * The bytes in an allocation of their own. `Buffer.from` of a short text is a slice of a
 * shared 8 KiB pool block, and a kept slice keeps the whole block: memory budgets that count
 * `byteLength` would undercount what they hold.
 */
export function ownedBytes(content: string | Buffer): Buffer {
  const bytes = Buffer.allocUnsafeSlow(typeof content === 'string' ? Buffer.byteLength(content) : content.byteLength)
  if (typeof content === 'string') bytes.write(content)
  else content.copy(bytes)
  return bytes
}

export const fragmentOf = (text: string): Fragment => ({ bytes: ownedBytes(text), digest: createHash('sha1').update(text).digest('base64url') })
