/**
 * The PostgreSQL state's locks. A lock is a session-level advisory lock, held on a connection of
 * its own for as long as the lock is: when its holder dies (SIGKILL, a lost machine) the database
 * ends the session and the lock is free at once, whoever's clock says what. The `locks` row beside
 * it names the holder and its lease, for `status` and for runs that outlived their process.
 */
import type pg from 'pg'

interface HeldLock {
  owner: string
  session: pg.PoolClient
  lost(): boolean
}

/** The locks held over one pool, each on its own session: one for all the pool's tenants. */
export class SessionLocks {
  /** by `tenant:name` */
  private readonly held = new Map<string, HeldLock>()

  constructor(private readonly pool: pg.Pool) {}

  /** False when a live session holds it (its owner's, when another). */
  async acquire(tenant: string, name: string, owner: string, ttlMs: number): Promise<boolean> {
    const key = `${tenant}:${name}`
    const held = this.held.get(key)
    // a session the database has ended holds nothing any more (a restart, a cut connection)
    if (held?.lost()) this.drop(key)
    else if (held) return held.owner === owner && this.renew(tenant, name, owner, ttlMs)
    const session = await this.pool.connect()
    let lost = false
    session.on('error', () => (lost = true))
    session.on('end', () => (lost = true))
    try {
      const { rows } = await session.query<{ ok: boolean }>(
        // the schema in the key: the states of two schemas in one database lock apart
        "select pg_try_advisory_lock(hashtextextended(current_schema() || ':' || $1, 0)) as ok",
        [key],
      )
      if (!rows[0]?.ok) {
        session.release()
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
      session.release(true)
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
    try {
      await held.session.query('delete from locks where tenant = $1 and name = $2 and owner = $3', [
        tenant,
        name,
        owner,
      ])
    } finally {
      this.drop(key) // ending the session releases the advisory lock
    }
  }

  /** Ends every held lock's session: the pool is closing. */
  releaseAll(): void {
    for (const held of this.held.values()) held.session.release(true)
    this.held.clear()
  }

  private drop(key: string): void {
    this.held.get(key)?.session.release(true)
    this.held.delete(key)
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
