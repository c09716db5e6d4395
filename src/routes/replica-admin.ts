/**
 * The admin API on a replica: every method on every `/v1/admin` path answers 403 with a
 * problem that names the primary. Not a 404: the route exists, just not here. A replica
 * serves a read-only release and holds no keys.
 */
import type { FastifyInstance } from 'fastify'
import { ProblemError } from '../lib/problem.js'

export default async function replicaAdminRoutes(app: FastifyInstance, { primary }: { primary: string }) {
  const refuse = async () => {
    throw new ProblemError('forbidden', `This is a read-only replica of ${primary}: send admin requests to the primary (${primary}/v1/admin/…).`)
  }
  app.all('/admin', { schema: { hide: true } }, refuse)
  app.all('/admin/*', { schema: { hide: true } }, refuse)
}
