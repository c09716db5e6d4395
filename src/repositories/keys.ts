/**
 * API keys: `kb_<prefix>_<secret>`. The prefix names a key publicly (logs, lists); only
 * a SHA-256 of the whole token is stored, and a presented token is checked against it in
 * constant time. The secret is 256 random bits, so a fast hash is enough.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { and, asc, eq, isNull } from 'drizzle-orm'
import type { Db } from '../db/connection.js'
import { apiKeys, ROLES } from '../db/schema.js'

export type Role = (typeof ROLES)[number]

export interface KeyInfo {
  name: string
  role: Role
  prefix: string
  createdAt: string
  revokedAt: string | null
}

const TOKEN = /^kb_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/
const hashToken = (token: string) => createHash('sha256').update(token).digest('hex')

export function createKeyRepository(db: Db) {
  return {
    /** Creates a key and returns its token: the only time the secret exists outside the caller. */
    create(name: string, role: Role, now = new Date().toISOString()): { key: KeyInfo; token: string } {
      const prefix = randomBytes(6).toString('hex')
      const token = `kb_${prefix}_${randomBytes(32).toString('base64url')}`
      db.insert(apiKeys).values({ name, role, prefix, secretHash: hashToken(token), createdAt: now }).run()
      return { key: { name, role, prefix, createdAt: now, revokedAt: null }, token }
    },

    list(): KeyInfo[] {
      return db
        .select({ name: apiKeys.name, role: apiKeys.role, prefix: apiKeys.prefix, createdAt: apiKeys.createdAt, revokedAt: apiKeys.revokedAt })
        .from(apiKeys)
        .orderBy(asc(apiKeys.name))
        .all()
    },

    /** True when an active key of that name was revoked. */
    revoke(name: string, now = new Date().toISOString()): boolean {
      return db.update(apiKeys).set({ revokedAt: now }).where(and(eq(apiKeys.name, name), isNull(apiKeys.revokedAt))).run().changes > 0
    },

    /** The active key a token belongs to, or null. */
    verify(token: string): { name: string; role: Role } | null {
      const match = TOKEN.exec(token)
      if (!match) return null
      const row = db
        .select({ name: apiKeys.name, role: apiKeys.role, secretHash: apiKeys.secretHash })
        .from(apiKeys)
        .where(and(eq(apiKeys.prefix, match[1] as string), isNull(apiKeys.revokedAt)))
        .get()
      if (!row) return null
      const presented = Buffer.from(hashToken(token), 'hex')
      const stored = Buffer.from(row.secretHash, 'hex')
      return presented.length === stored.length && timingSafeEqual(presented, stored) ? { name: row.name, role: row.role } : null
    }
  }
}

export type KeyRepository = ReturnType<typeof createKeyRepository>
