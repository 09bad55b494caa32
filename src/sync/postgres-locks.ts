/**
 * The PostgreSQL state's locks. A lock is a session-level advisory lock, held on a connection of
 * its own for as long as the lock is: when its holder dies (SIGKILL, a lost machine) the database
 * ends the session and the lock is free at once, whoever's clock says what. The `locks` row beside
 * it names the holder and its lease, for `status` and for runs that outlived their process.
 */
import type pg from 'pg'

interface HeldLock {
  owner: string
  session: pg.Client
  lost(): boolean
}

/**
 * The locks of one process's state, each on a session of its own: one for all its tenants. The
 * sessions are not the queries' pool: a worker holding as many locks as that pool has connections
 * (one a run) would leave its runs none to write with.
 */
export class SessionLocks {
  /** by `tenant:name` */
  private readonly held = new Map<string, HeldLock>()

  /** `session`: a new, unconnected client to the state's database and schema */
  constructor(private readonly session: () => pg.Client) {}

  /** False when a live session holds it (its owner's, when another). */
  async acquire(tenant: string, name: string, owner: string, ttlMs: number): Promise<boolean> {
    const key = `${tenant}:${name}`
    const held = this.held.get(key)
    // a session the database has ended holds nothing any more (a restart, a cut connection)
    if (held?.lost()) this.drop(key)
    else if (held) return held.owner === owner && this.renew(tenant, name, owner, ttlMs)
    // a session lives as long as its lock, or this one attempt: what it listens to goes with it
    const session = this.session()
    let lost = false
    session.on('error', () => (lost = true))
    session.on('end', () => (lost = true))
    try {
      await session.connect()
      const { rows } = await session.query<{ ok: boolean }>(
        // the schema in the key: the states of two schemas in one database lock apart
        "select pg_try_advisory_lock(hashtextextended(current_schema() || ':' || $1, 0)) as ok",
        [key],
      )
      if (!rows[0]?.ok) {
        await session.end()
        return false
      }
      // nobody alive holds it: whatever lease the row shows belonged to a dead holder
      await session.query(
        `insert into locks (tenant, name, owner, expires_at)
           values ($1, $2, $3, clock_timestamp() + $4 * interval '1 millisecond')
         on conflict (tenant, name) do update set owner = excluded.owner, expires_at = excluded.expires_at`,
        [tenant, name, owner, ttlMs],
      )
    } catch (error) {
      await session.end().catch(() => undefined)
      throw error
    }
    this.held.set(key, { owner, session, lost: () => lost })
    return true
  }

  /** Renews the lease through the lock's own session: false once that session is gone. */
  async renew(tenant: string, name: string, owner: string, ttlMs: number): Promise<boolean> {
    const key = `${tenant}:${name}`
    const held = this.held.get(key)
    if (!held || held.owner !== owner) return false
    if (held.lost()) {
      this.drop(key)
      return false
    }
    try {
      const result = await held.session.query(
        `update locks set expires_at = clock_timestamp() + $4 * interval '1 millisecond'
           where tenant = $1 and name = $2 and owner = $3`,
        [tenant, name, owner, ttlMs],
      )
      return result.rowCount === 1
    } catch {
      this.drop(key)
      return false
    }
  }

  async release(tenant: string, name: string, owner: string): Promise<void> {
    const key = `${tenant}:${name}`
    const held = this.held.get(key)
    if (!held || held.owner !== owner) return
    this.held.delete(key)
    try {
      await held.session.query('delete from locks where tenant = $1 and name = $2 and owner = $3', [
        tenant,
        name,
        owner,
      ])
    } finally {
      // ending the session releases the advisory lock: free once this answers
      await held.session.end().catch(() => undefined)
    }
  }

  /** Ends every held lock's session: the state is closing. */
  async releaseAll(): Promise<void> {
    const sessions = [...this.held.values()].map((held) => held.session)
    this.held.clear()
    await Promise.all(sessions.map((session) => session.end().catch(() => undefined)))
  }

  private drop(key: string): void {
    const held = this.held.get(key)
    this.held.delete(key)
    held?.session.end().catch(() => undefined)
  }
}

/**
 * SQL that is true while a live session holds the advisory lock `acquire` takes for the lock
 * `name` of `tenant` (both SQL expressions) in the current schema: a dead holder's lease row does
 * not count.
 */
export function lockHeldSql(tenant: string, name: string): string {
  const key = `hashtextextended(current_schema() || ':' || ${tenant} || ':' || ${name}, 0)`
  return `exists (select 1 from pg_locks where locktype = 'advisory' and granted and objsubid = 1
    and database = (select oid from pg_database where datname = current_database())
    and classid = ((${key} >> 32) & 4294967295)::oid and objid = (${key} & 4294967295)::oid)`
}
