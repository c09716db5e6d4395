/** Whether the database can serve: what `/ready` asks before it says yes. */
import { cannotWrite, type Store } from '../db/connection.js'

export function createReadinessRepository(store: Store) {
  return {
    /**
     * Why the database cannot serve reads and writes now, or undefined when it can. Throws
     * when it cannot even answer. A read-only database (a replica's release) is only read.
     */
    problem(): string | undefined {
      store.sqlite.prepare('select 1').get()
      return store.sqlite.readonly ? undefined : cannotWrite(store)
    }
  }
}
