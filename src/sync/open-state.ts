/**
 * Where the state lives, from `state:` in kopru.yaml or `KOPRU_STATE_URL`: a SQLite file (the
 * default, `.kopru/state.db`) or a PostgreSQL database (`postgres://…`), behind one interface.
 */
import type { StateStore } from '../model/state.ts'
import { PostgresStateStore, isPostgresUrl } from './postgres.ts'
import { SqliteStateStore } from './sqlite.ts'

export interface StateOptions {
  /** whose state, in a database shared by many (PostgreSQL; default `default`) */
  tenant?: string
}

export async function openState(location: string, options: StateOptions = {}): Promise<StateStore> {
  if (isPostgresUrl(location))
    return PostgresStateStore.open({
      url: location,
      ...(options.tenant ? { tenant: options.tenant } : {}),
    })
  return new SqliteStateStore(location)
}

export { isPostgresUrl }
