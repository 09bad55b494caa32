/**
 * The state in PostgreSQL, for many tenants and many workers: the same `StateStore` as SQLite, every
 * row scoped by tenant, one store object per tenant over a shared pool. A commit is one transaction;
 * a lock is an advisory lock on its own session, free the moment its holder dies.
 *
 * @example
 * const store = await PostgresStateStore.open({ url: 'postgres://127.0.0.1/kopru', tenant: 'magaza-1' })
 */
import pg from 'pg'
import { KopruError, redactPassword } from '../core/errors.ts'
import type {
  AuditEntry,
  Commit,
  DeadLetter,
  DeadLetterFilter,
  DeadLetterStatus,
  Intent,
  Mapping,
  NewDeadLetter,
  RequestTally,
  RunRecord,
  RunStatus,
  StateStore,
  StreamCounts,
} from '../model/state.ts'
import type { ConsentEntry, ConsentEvent } from '../model/consent.ts'
import { tally } from './counts.ts'
import { consentEntry, type ConsentRow } from './consent-rows.ts'
import { SCHEMA_NAME, migrate, migrations, schemaVersion, tenantTables } from './postgres-schema.ts'
import { SessionLocks, lockHeldSql } from './postgres-locks.ts'

export { lockHeldSql }

export interface PostgresStateOptions {
  /** `postgres://user@host:port/database`; `?schema=name` picks the schema (default `kopru`) */
  url: string
  /** whose state this store reads and writes (default `default`) */
  tenant?: string
  /** apply the migrations the schema lacks (default true); false refuses a schema behind */
  migrate?: boolean
  now?: () => Date
}

/** The state database cannot be used: unreachable, or its schema is not what this kopru needs. */
export class StateDatabaseError extends KopruError {
  override name = 'StateDatabaseError'
}

type Queryable = pg.Pool | pg.PoolClient

/** A statement's rows, typed by the caller. */
async function rows<T>(db: Queryable, sql: string, values: unknown[] = []): Promise<T[]> {
  return (await db.query(sql, values)).rows as T[]
}

export class PostgresStateStore implements StateStore {
  private readonly active = new Map<
    string,
    { id: number; committed: Record<string, StreamCounts> }
  >()
  /** a scratch copy's locks: held in memory, so a dry run never waits on, nor blocks, a run */
  private readonly scratchLocks: Map<string, string> | undefined

  private constructor(
    private readonly db: Queryable,
    private readonly tenant: string,
    private readonly now: () => Date,
    private readonly owned: { pool?: pg.Pool; scratch?: pg.PoolClient },
    /** the locks held over this pool (one for all its tenants) */
    private readonly locks: SessionLocks,
  ) {
    this.scratchLocks = owned.scratch ? new Map() : undefined
  }

  /** Connects, checks (and by default migrates) the schema; one pool per call. */
  static async open(options: PostgresStateOptions): Promise<PostgresStateStore> {
    const { connectionString, schema } = parseStateUrl(options.url)
    // every connection reads and writes kopru's schema by its bare table names
    const settings = { connectionString, options: `-c search_path=${schema}` }
    const pool = new pg.Pool({ ...settings, max: 16 })
    // a lost connection, idle or checked out, is said by the next query on it, not by an 'error'
    // event nobody hears (which would end the process)
    pool.on('error', () => undefined)
    pool.on('connect', (client) => client.on('error', () => undefined))
    try {
      const client = await pool.connect()
      try {
        if (options.migrate ?? true) await migrate(client, schema)
        const version = await schemaVersion(client, schema)
        const latest = migrations.at(-1)!.version
        if (version < latest)
          throw new StateDatabaseError(
            `the state schema ${schema} is at version ${version}, this kopru needs ${latest}: run kopru migrate`,
          )
        if (version > latest)
          throw new StateDatabaseError(
            `the state schema ${schema} is at version ${version}, newer than this kopru knows (${latest}): upgrade kopru`,
          )
      } finally {
        client.release()
      }
    } catch (error) {
      await pool.end().catch(() => undefined)
      throw asDatabaseError(options.url, error)
    }
    return new PostgresStateStore(
      pool,
      options.tenant ?? 'default',
      options.now ?? (() => new Date()),
      { pool },
      // a held lock's session is apart from the pool: a worker's runs, each holding one, never
      // take the connections their queries need
      new SessionLocks(() => new pg.Client(settings)),
    )
  }

  /** The same database for another tenant, sharing this store's connections. */
  forTenant(tenant: string): PostgresStateStore {
    return new PostgresStateStore(this.db, tenant, this.now, {}, this.locks)
  }

  private iso(): string {
    return this.now().toISOString()
  }

  /** Runs `work` in one transaction: a scratch copy's, by a savepoint inside its own. */
  private async transaction<T>(work: (db: pg.PoolClient) => Promise<T>): Promise<T> {
    if (this.owned.scratch) {
      const client = this.owned.scratch
      await client.query('savepoint kopru_commit')
      try {
        const result = await work(client)
        await client.query('release savepoint kopru_commit')
        return result
      } catch (error) {
        await client.query('rollback to savepoint kopru_commit')
        throw error
      }
    }
    const client = await (this.db as pg.Pool).connect()
    try {
      await client.query('begin')
      const result = await work(client)
      await client.query('commit')
      return result
    } catch (error) {
      await client.query('rollback').catch(() => undefined)
      throw error
    } finally {
      client.release()
    }
  }

  /** A lock is an advisory lock on a session of its own (`postgres-locks.ts`). */
  async acquireLock(
    name: string,
    owner: string,
    ttlMs: number,
    options: { replacing?: string } = {},
  ): Promise<boolean> {
    if (this.scratchLocks) {
      const holder = this.scratchLocks.get(name)
      if (holder !== undefined && holder !== owner && holder !== options.replacing) return false
      this.scratchLocks.set(name, owner)
      return true
    }
    return this.locks.acquire(this.tenant, name, owner, ttlMs)
  }

  async lockHolder(name: string): Promise<string | undefined> {
    if (this.scratchLocks) return this.scratchLocks.get(name)
    const [row] = await rows<{ owner: string }>(
      this.db,
      'select owner from locks where tenant = $1 and name = $2',
      [this.tenant, name],
    )
    return row?.owner
  }

  /** Renews the lease through the lock's own session: false once that session is gone. */
  async renewLock(name: string, owner: string, ttlMs: number): Promise<boolean> {
    if (this.scratchLocks) return this.scratchLocks.get(name) === owner
    return this.locks.renew(this.tenant, name, owner, ttlMs)
  }

  async releaseLock(name: string, owner: string): Promise<void> {
    if (this.scratchLocks) {
      if (this.scratchLocks.get(name) === owner) this.scratchLocks.delete(name)
      return
    }
    await this.locks.release(this.tenant, name, owner)
  }

  async startRun(
    pipeline: string,
    { dryRun, owner }: { dryRun: boolean; owner?: string },
  ): Promise<number> {
    const [row] = await rows<{ id: string }>(
      this.db,
      `insert into runs (tenant, pipeline, dry_run, status, started_at, owner)
         values ($1, $2, $3, 'running', $4, $5) returning id`,
      [this.tenant, pipeline, dryRun, this.iso(), owner ?? null],
    )
    const id = Number(row!.id)
    this.active.set(pipeline, { id, committed: {} })
    return id
  }

  async finishRun(
    id: number,
    result: {
      status: RunStatus
      counts: Record<string, StreamCounts>
      error?: string
      requests?: Record<string, RequestTally>
    },
  ): Promise<void> {
    await this.db.query(
      `update runs set status = $3, finished_at = $4, counts = $5, error = $6, requests = $7,
         counted = true where tenant = $1 and id = $2`,
      [
        this.tenant,
        id,
        result.status,
        this.iso(),
        JSON.stringify(result.counts),
        result.error === undefined ? null : shown(result.error),
        result.requests ? JSON.stringify(result.requests) : null,
      ],
    )
    for (const [pipeline, run] of this.active) if (run.id === id) this.active.delete(pipeline)
  }

  async markInterrupted(pipeline: string): Promise<number> {
    const result = await this.db.query(
      `update runs set status = 'interrupted', finished_at = $3
         where tenant = $1 and pipeline = $2 and status = 'running'`,
      [this.tenant, pipeline, this.iso()],
    )
    return result.rowCount ?? 0
  }

  async runs({
    pipeline,
    limit = 20,
    before,
  }: { pipeline?: string; limit?: number; before?: number } = {}): Promise<RunRecord[]> {
    return this.selectRuns(
      `($2::text is null or runs.pipeline = $2) and ($3::bigint is null or runs.id < $3)`,
      [pipeline ?? null, before ?? null],
      limit,
    )
  }

  async run(id: number): Promise<RunRecord | undefined> {
    return (await this.selectRuns('runs.id = $2', [id], 1))[0]
  }

  /** Runs of this tenant where `condition` (its values from `$2`) holds, newest first. */
  private async selectRuns(condition: string, values: unknown[], limit: number) {
    const found = await rows<{
      id: string
      pipeline: string
      dry_run: boolean
      status: RunStatus
      started_at: Date
      finished_at: Date | null
      counts: string
      error: string | null
      owner: string | null
      committed: string
      counted: boolean
      requests: string | null
      held_until: Date | null
    }>(
      this.db,
      // a lease counts only while a live session holds the lock: a dead worker's run shows as ended
      `select runs.*, case when ${lockHeldSql('locks.tenant', 'locks.name')} then locks.expires_at end
           as held_until
         from runs left join locks on locks.tenant = runs.tenant and locks.owner = runs.owner
         where runs.tenant = $1 and ${condition}
         order by runs.id desc limit $${values.length + 2}`,
      [this.tenant, ...values, limit],
    )
    return found.map((r): RunRecord => ({
      id: Number(r.id),
      pipeline: r.pipeline,
      dryRun: r.dry_run,
      status: r.status,
      startedAt: r.started_at.toISOString(),
      finishedAt: r.finished_at?.toISOString(),
      counts: JSON.parse(r.counted ? r.counts : r.committed) as Record<string, StreamCounts>,
      countsFrom: r.counted ? 'run' : 'commits',
      error: r.error ?? undefined,
      owner: r.owner ?? undefined,
      heldUntil: r.held_until?.toISOString(),
      ...(r.requests === null
        ? {}
        : { requests: JSON.parse(r.requests) as Record<string, RequestTally> }),
    }))
  }

  async cursor(pipeline: string, stream: string): Promise<unknown> {
    const [row] = await rows<{ value: string }>(
      this.db,
      'select value from cursors where tenant = $1 and pipeline = $2 and stream = $3',
      [this.tenant, pipeline, stream],
    )
    return row ? JSON.parse(row.value) : undefined
  }

  async cursors() {
    const found = await rows<{ pipeline: string; stream: string; value: string; updated_at: Date }>(
      this.db,
      'select pipeline, stream, value, updated_at from cursors where tenant = $1 order by pipeline, stream',
      [this.tenant],
    )
    return found.map((r) => ({
      pipeline: r.pipeline,
      stream: r.stream,
      value: JSON.parse(r.value) as unknown,
      updatedAt: r.updated_at.toISOString(),
    }))
  }

  async mappings(scope: string, keys: readonly string[]): Promise<Map<string, Mapping>> {
    const found = new Map<string, Mapping>()
    keys = keys.filter(storable)
    if (!keys.length) return found
    for (const row of await rows<MappingRow>(
      this.db,
      `select ${mappingColumns} from mappings
         where tenant = $1 and scope = $2 and key = any($3::text[])`,
      [this.tenant, scope, keys],
    ))
      found.set(row.key, toMapping(row))
    return found
  }

  async mappingKeys(scope: string, after: string | undefined, limit: number): Promise<string[]> {
    const found = await rows<{ key: string }>(
      this.db,
      // "C" order: the byte order SQLite uses, whatever the database's collation
      `select key from mappings where tenant = $1 and scope = $2 and key > $3 collate "C"
         order by key collate "C" limit $4`,
      [this.tenant, scope, after ?? '', limit],
    )
    return found.map((r) => r.key)
  }

  async groups(scope: string, after: string | undefined, limit: number) {
    const names = (
      await rows<{ grp: string }>(
        this.db,
        `select distinct grp collate "C" as grp from mappings
           where tenant = $1 and scope = $2 and grp is not null and grp > $3 collate "C"
           order by 1 limit $4`,
        [this.tenant, scope, after ?? '', limit],
      )
    ).map((r) => r.grp)
    const members = await this.groupMembers(scope, names)
    return names.map((group) => ({ group, mappings: members.get(group) ?? [] }))
  }

  async groupMembers(scope: string, groups: readonly string[]): Promise<Map<string, Mapping[]>> {
    const found = new Map<string, Mapping[]>()
    groups = groups.filter(storable)
    if (!groups.length) return found
    for (const row of await rows<MappingRow>(
      this.db,
      `select ${mappingColumns} from mappings
         where tenant = $1 and scope = $2 and grp = any($3::text[])
         order by grp collate "C", key collate "C"`,
      [this.tenant, scope, groups],
    )) {
      const list = found.get(row.grp!) ?? []
      list.push(toMapping(row))
      found.set(row.grp!, list)
    }
    return found
  }

  async countMappings(scope?: string): Promise<number> {
    const [row] = await rows<{ n: string }>(
      this.db,
      'select count(*) as n from mappings where tenant = $1 and ($2::text is null or scope = $2)',
      [this.tenant, scope ?? null],
    )
    return Number(row!.n)
  }

  async delivered(scope: string, keys: readonly string[]): Promise<Map<string, unknown>> {
    const found = new Map<string, unknown>()
    keys = keys.filter(storable)
    if (!keys.length) return found
    for (const row of await rows<{ key: string; record: string }>(
      this.db,
      `select key, record from mappings
         where tenant = $1 and scope = $2 and key = any($3::text[]) and record is not null`,
      [this.tenant, scope, keys],
    ))
      found.set(row.key, JSON.parse(row.record))
    return found
  }

  async intents(scope: string): Promise<Intent[]> {
    const found = await rows<{ key: string; data: string; created_at: Date }>(
      this.db,
      `select key, data, created_at from intents where tenant = $1 and scope = $2
         order by created_at, key collate "C"`,
      [this.tenant, scope],
    )
    return found.map((r) => ({
      key: r.key,
      data: JSON.parse(r.data) as unknown,
      createdAt: r.created_at.toISOString(),
    }))
  }

  async deadLetters({
    pipeline,
    status,
    streams,
    code,
    ids,
    after,
    limit = 100,
  }: DeadLetterFilter = {}): Promise<DeadLetter[]> {
    if (streams?.length === 0 || ids?.length === 0) return []
    // only the conditions given, so that each plan is an index's range in id order
    const values: unknown[] = [this.tenant]
    const where = ['tenant = $1']
    const condition = (sql: (n: string) => string, value: unknown) => {
      values.push(value)
      where.push(sql(`$${values.length}`))
    }
    if (pipeline !== undefined) condition((n) => `pipeline = ${n}`, pipeline)
    if (status !== undefined) condition((n) => `status = ${n}`, status)
    if (code !== undefined) condition((n) => `code = ${n}`, code)
    if (ids) condition((n) => `id = any(${n}::bigint[])`, ids)
    if (after !== undefined) condition((n) => `id > ${n}`, after)
    values.push(limit)
    const top = `order by id limit $${values.length}`
    let sql = `select * from dead_letters where ${where.join(' and ')} ${top}`
    if (streams) {
      // each stream a page of its own from its index, then the lowest ids of them all: an `or` of
      // streams would read and sort every letter of them
      values.push(
        streams.map((s) => s.pipeline),
        streams.map((s) => s.stream),
      )
      sql = `select d.* from (select distinct p, s
               from unnest($${values.length - 1}::text[], $${values.length}::text[]) as w(p, s)) w
             cross join lateral (select * from dead_letters
               where ${where.join(' and ')} and pipeline = w.p and stream = w.s ${top}) d
             ${top.replace('order by id', 'order by d.id')}`
    }
    const found = await rows<DeadLetterRow>(this.db, sql, values)
    return found.map((r) => ({
      id: Number(r.id),
      pipeline: r.pipeline,
      stream: r.stream,
      key: r.key,
      record: JSON.parse(r.record) as unknown,
      code: r.code ?? undefined,
      reason: r.reason,
      attempts: r.attempts,
      firstAt: r.first_at.toISOString(),
      lastAt: r.last_at.toISOString(),
      status: r.status,
    }))
  }

  async deadLetterCounts({ status }: { status?: DeadLetterStatus } = {}) {
    const found = await rows<{ pipeline: string; stream: string; code: string | null; n: string }>(
      this.db,
      `select pipeline, stream, code, count(*) as n from dead_letters
         where tenant = $1 and ($2::text is null or status = $2)
         group by pipeline, stream, code`,
      [this.tenant, status ?? null],
    )
    return found.map((r) => ({
      pipeline: r.pipeline,
      stream: r.stream,
      code: r.code ?? undefined,
      count: Number(r.n),
    }))
  }

  async dismissDeadLetters(ids: readonly number[]): Promise<number[]> {
    if (!ids.length) return []
    const at = this.iso()
    return this.transaction(async (db) => {
      const dismissed = await rows<{ id: string; pipeline: string; stream: string; key: string }>(
        db,
        `update dead_letters set status = 'dismissed', last_at = $3
           where tenant = $1 and id = any($2::bigint[]) and status = 'open'
           returning id, pipeline, stream, key`,
        [this.tenant, ids, at],
      )
      await db.query(
        `insert into audit (tenant, pipeline, stream, key, action, detail, at)
           select $1, p, s, k, 'dismiss', 'dead letter #' || i, $2
           from unnest($3::text[], $4::text[], $5::text[], $6::bigint[]) as t(p, s, k, i)`,
        [
          this.tenant,
          at,
          dismissed.map((d) => d.pipeline),
          dismissed.map((d) => d.stream),
          dismissed.map((d) => d.key),
          dismissed.map((d) => d.id),
        ],
      )
      const done = new Set(dismissed.map((d) => Number(d.id)))
      // an id given twice is one letter dismissed once
      return [...new Set(ids)].filter((id) => done.has(id))
    })
  }

  async recordConsent(events: readonly ConsentEvent[]): Promise<ConsentEntry[]> {
    if (!events.length) return []
    for (const e of events) {
      identifier(e.ref, 'consent ref')
      identifier(e.person, 'person')
    }
    const column = <K extends keyof ConsentEvent>(key: K) =>
      events.map((e) => {
        const value = e[key]
        return typeof value === 'string' ? shown(value) : (value ?? null)
      })
    // one statement for the batch; the ordinality keeps the ledger in the order given. The
    // tenant's writers take turns until commit, so sequence numbers are committed in order: a
    // reader that has seen one has seen every smaller one (a webhook and a sync record at once)
    const recorded = await this.transaction(async (db) => {
      // (not in a dry run's copy: its one long transaction would hold the real writers up)
      if (!this.owned.scratch)
        await db.query(`select pg_advisory_xact_lock(hashtextextended($1, 0))`, [
          `consent:${this.tenant}`,
        ])
      return rows<ConsentRow>(
        db,
        `insert into consent (tenant, ref, person, channel, status, tool, reason, at, source,
                              recorded_at)
         select $1, e.ref, e.person, e.channel, e.status, e.tool, e.reason, e.at, e.source, $10
           from unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                       $8::text[], $9::text[])
                with ordinality as e(ref, person, channel, status, tool, reason, at, source, n)
          order by e.n
         on conflict (tenant, ref) do nothing
         returning *`,
        [
          this.tenant,
          column('ref'),
          column('person'),
          column('channel'),
          column('status'),
          column('tool'),
          column('reason'),
          column('at'),
          column('source'),
          this.iso(),
        ],
      )
    })
    return recorded.map(consentEntry).sort((a, b) => a.seq - b.seq)
  }

  async consentOf(persons: readonly string[]): Promise<ConsentEntry[]> {
    persons = persons.filter(storable)
    if (!persons.length) return []
    const found = await rows<ConsentRow>(
      this.db,
      'select * from consent where tenant = $1 and person = any($2) order by seq',
      [this.tenant, persons],
    )
    return found.map(consentEntry)
  }

  async consentAfter(seq: number, limit: number): Promise<ConsentEntry[]> {
    const found = await rows<ConsentRow>(
      this.db,
      'select * from consent where tenant = $1 and seq > $2 order by seq limit $3',
      [this.tenant, seq, limit],
    )
    return found.map(consentEntry)
  }

  async auditLog({ pipeline, limit = 100 }: { pipeline?: string; limit?: number } = {}) {
    const found = await rows<{
      pipeline: string
      stream: string
      key: string
      action: AuditEntry['action']
      detail: string | null
      at: Date
    }>(
      this.db,
      `select * from audit where tenant = $1 and ($2::text is null or pipeline = $2)
         order by id desc limit $3`,
      [this.tenant, pipeline ?? null, limit],
    )
    return found.map((r) => ({
      pipeline: r.pipeline,
      stream: r.stream,
      key: r.key,
      action: r.action,
      detail: r.detail ?? undefined,
      at: r.at.toISOString(),
    }))
  }

  async commit(c: Commit): Promise<void> {
    const at = this.iso()
    const t = this.tenant
    const run = this.active.get(c.pipeline)
    const committed = run && c.audit?.length ? tally(run.committed, c.audit) : undefined
    // a key twice in one statement is refused ("cannot affect row a second time"): each table's
    // rows come one a key, as SQLite's statement a row leaves them
    const m = lastMappings(c.mappings ?? [])
    const d = lastDeadLetters(c.deadLetters ?? [])
    const put = [...new Map((c.putIntents ?? []).map((i) => [i.key, i])).values()]
    checkIdentifiers(c, m)
    await this.transaction(async (db) => {
      // without a snapshot, a mapping whose content is the same keeps the one it had (as in SQLite)
      if (m.length)
        await db.query(
          `insert into mappings (tenant, scope, key, dest_id, hash, version, grp, data, record,
                                 updated_at)
             select $1, $2, k, d, h, v, g, j, r, $3
             from unnest($4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                         $10::text[]) as t(k, d, h, v, g, j, r)
           on conflict (tenant, scope, key) do update set dest_id = excluded.dest_id,
             hash = excluded.hash, version = excluded.version, grp = excluded.grp,
             data = excluded.data, record = case when excluded.record is null and mappings.hash = excluded.hash
             then mappings.record else excluded.record end, updated_at = excluded.updated_at`,
          [
            t,
            c.scope,
            at,
            m.map((x) => x.key),
            m.map((x) => x.destId ?? null),
            m.map((x) => x.hash),
            m.map((x) => x.version ?? null),
            m.map((x) => x.group ?? null),
            m.map((x) => (x.data === undefined ? null : JSON.stringify(x.data))),
            m.map((x) => (x.record === undefined ? null : JSON.stringify(x.record))),
          ],
        )
      if (c.removeMappings?.length)
        await db.query(
          'delete from mappings where tenant = $1 and scope = $2 and key = any($3::text[])',
          [t, c.scope, c.removeMappings],
        )
      if (d.length)
        await db.query(
          `insert into dead_letters (tenant, pipeline, stream, key, record, code, reason, attempts,
             first_at, last_at, status)
             select $1, $2, s, k, r, c, w, n, $3, $3, 'open'
             from unnest($4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::int[])
               as t(s, k, r, c, w, n)
           on conflict (tenant, pipeline, stream, key) where status = 'open' do update set
             record = excluded.record, code = excluded.code, reason = excluded.reason,
             attempts = dead_letters.attempts + excluded.attempts, last_at = excluded.last_at`,
          [
            t,
            c.pipeline,
            at,
            d.map((x) => x.letter.stream),
            d.map((x) => x.letter.key),
            d.map((x) => JSON.stringify(x.letter.record ?? null)),
            d.map((x) => (x.letter.code === undefined ? null : shown(x.letter.code))),
            d.map((x) => shown(x.letter.reason)),
            d.map((x) => x.times),
          ],
        )
      const r = c.resolveDeadLetters ?? []
      if (r.length)
        await db.query(
          `update dead_letters set status = 'resolved', last_at = $3
             from unnest($4::text[], $5::text[]) as t(s, k)
             where tenant = $1 and pipeline = $2 and stream = t.s and key = t.k and status = 'open'`,
          [t, c.pipeline, at, r.map((x) => x.stream), r.map((x) => x.key)],
        )
      if (c.cursor)
        await db.query(
          `insert into cursors (tenant, pipeline, stream, value, updated_at) values ($1, $2, $3, $4, $5)
           on conflict (tenant, pipeline, stream) do update set value = excluded.value,
             updated_at = excluded.updated_at`,
          [t, c.pipeline, c.cursor.stream, JSON.stringify(c.cursor.value), at],
        )
      if (put.length)
        await db.query(
          `insert into intents (tenant, scope, key, data, created_at)
             select $1, $2, k, j, $3 from unnest($4::text[], $5::text[]) as t(k, j)
           on conflict (tenant, scope, key) do update set data = excluded.data`,
          [t, c.scope, at, put.map((x) => x.key), put.map((x) => JSON.stringify(x.data))],
        )
      if (c.clearIntents?.length)
        await db.query(
          'delete from intents where tenant = $1 and scope = $2 and key = any($3::text[])',
          [t, c.scope, c.clearIntents],
        )
      const a = c.audit ?? []
      if (a.length)
        await db.query(
          `insert into audit (tenant, pipeline, stream, key, action, detail, at)
             select $1, $2, s, k, x, d, $3
             from unnest($4::text[], $5::text[], $6::text[], $7::text[]) as t(s, k, x, d)`,
          [
            t,
            c.pipeline,
            at,
            a.map((x) => x.stream),
            a.map((x) => x.key),
            a.map((x) => x.action),
            a.map((x) => (x.detail === undefined ? null : shown(x.detail))),
          ],
        )
      // what the run has committed, written with it: all a killed run's record will tell
      if (run && committed)
        await db.query('update runs set committed = $3 where tenant = $1 and id = $2', [
          t,
          run.id,
          JSON.stringify(committed),
        ])
    })
    if (run && committed) run.committed = committed
  }

  /**
   * A dry run's copy: the tenant's state copied into temporary tables of the same names on a
   * connection of its own, which its bare table names then read and write (a session's temporary
   * tables come first), in one transaction rolled back on close. What is written to it is seen by
   * it alone and then goes nowhere, and it never locks a row of the real tables: a live run of the
   * same pipeline neither waits for it nor deadlocks with it. Runs and the audit log start empty:
   * a run only writes them, and a dry run, holding no real lock, cannot tell a live run from a
   * killed one, so it marks none interrupted.
   */
  async scratch(): Promise<PostgresStateStore> {
    if (this.owned.scratch) throw new KopruError('a scratch copy has no scratch copy of its own')
    const client = await (this.db as pg.Pool).connect()
    try {
      await client.query('begin')
      const [{ schema } = { schema: '' }] = await rows<{ schema: string }>(
        client,
        'select current_schema() as schema',
      )
      for (const table of scratchTables) {
        const real = `${client.escapeIdentifier(schema)}.${table}`
        await client.query(
          `create temporary table ${table} (like ${real} including all) on commit drop`,
        )
        if (table === 'runs' || table === 'audit') continue
        await client.query(`insert into ${table} select * from ${real} where tenant = $1`, [
          this.tenant,
        ])
        await client.query(`analyze ${table}`)
      }
    } catch (error) {
      // never back in the pool with a copy that would shadow the real tables
      client.release(true)
      throw error
    }
    return new PostgresStateStore(client, this.tenant, this.now, { scratch: client }, this.locks)
  }

  async close(): Promise<void> {
    if (this.owned.pool) {
      // the pool's owner closes every tenant's held locks with it
      await this.locks.releaseAll()
    }
    if (this.owned.scratch) {
      const rolledBack = await this.owned.scratch.query('rollback').then(
        () => true,
        () => false,
      )
      // the rollback drops the copy; a connection that could not say so is not reused
      this.owned.scratch.release(!rolledBack)
    }
    await this.owned.pool?.end()
  }
}

/** The tables a scratch copy has of its own; `locks` stays the real one (its locks are in memory). */
const scratchTables = tenantTables.filter((table) => table !== 'locks')

/** A mapping's columns but its delivered record, which only `delivered()` reads. */
const mappingColumns = 'key, dest_id, hash, version, grp, data, updated_at'

interface MappingRow {
  key: string
  dest_id: string | null
  hash: string
  version: string | null
  grp: string | null
  data: string | null
  updated_at: Date
}

interface DeadLetterRow {
  id: string
  pipeline: string
  stream: string
  key: string
  record: string
  code: string | null
  reason: string
  attempts: number
  first_at: Date
  last_at: Date
  status: DeadLetterStatus
}

function toMapping(row: MappingRow): Mapping {
  return {
    key: row.key,
    destId: row.dest_id ?? undefined,
    hash: row.hash,
    version: row.version ?? undefined,
    group: row.grp ?? undefined,
    data: row.data === null ? undefined : (JSON.parse(row.data) as unknown),
    updatedAt: row.updated_at.toISOString(),
  }
}

/**
 * A commit's mappings, one a key, as applying them in order leaves them: the last one, which keeps
 * the record delivered before it when it brings none and its content is the same.
 */
function lastMappings(mappings: readonly Mapping[]): Mapping[] {
  const byKey = new Map<string, Mapping>()
  for (const m of mappings) {
    const before = byKey.get(m.key)
    byKey.set(
      m.key,
      m.record === undefined && before?.hash === m.hash ? { ...m, record: before.record } : m,
    )
  }
  return [...byKey.values()]
}

/** A commit's dead letters, one a stream and key: the last one, and how many times it came. */
function lastDeadLetters(
  letters: readonly NewDeadLetter[],
): { letter: NewDeadLetter; times: number }[] {
  const byKey = new Map<string, { letter: NewDeadLetter; times: number }>()
  for (const letter of letters) {
    const id = JSON.stringify([letter.stream, letter.key])
    byKey.set(id, { letter, times: (byKey.get(id)?.times ?? 0) + 1 })
  }
  return [...byKey.values()]
}

/*
 * PostgreSQL's text cannot hold NUL (U+0000), which SQLite keeps. Text that is only shown (a
 * refusal's reason, a vendor's code, an audit detail, a run's error) has it replaced by U+FFFD.
 * A key or another name that rows are found by is refused with an error that says so: a
 * replacement could make two keys one (a record then taking another's mapping), and an escape
 * would change keys stored before. Look-ups of such a name find nothing, as nothing holds it.
 */
const NUL = '\u0000'

function shown(text: string): string {
  return text.replaceAll(NUL, '\uFFFD')
}

function storable(name: string): boolean {
  return !name.includes(NUL)
}

function identifier(name: string, what: string): void {
  if (!storable(name))
    throw new KopruError(
      `${JSON.stringify(name)}, a ${what}, holds a NUL character (\\u0000), which the PostgreSQL state cannot store`,
    )
}

/** Refuses a commit whose keys or names PostgreSQL cannot store, before any of it is written. */
function checkIdentifiers(c: Commit, mappings: readonly Mapping[]): void {
  for (const m of mappings) {
    identifier(m.key, `key of ${c.scope}`)
    for (const [what, name] of [
      ['destination id', m.destId],
      ['version', m.version],
      ['group', m.group],
    ] as const)
      if (name !== undefined) identifier(name, `${what} of ${m.key}`)
  }
  for (const key of [
    ...(c.removeMappings ?? []),
    ...(c.deadLetters ?? []).map((d) => d.key),
    ...(c.resolveDeadLetters ?? []).map((r) => r.key),
    ...(c.putIntents ?? []).map((i) => i.key),
    ...(c.clearIntents ?? []),
    ...(c.audit ?? []).map((a) => a.key),
  ])
    identifier(key, `key of ${c.scope}`)
}

/** Whether `state:` (or `KOPRU_STATE_URL`) names a PostgreSQL database rather than a file. */
export function isPostgresUrl(state: string): boolean {
  return /^postgres(ql)?:\/\//i.test(state)
}

/** The connection string without kopru's own `schema` parameter, and that schema. */
export function parseStateUrl(url: string): { connectionString: string; schema: string } {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new StateDatabaseError(`${redactPassword(url)} is not a PostgreSQL URL`)
  }
  const schema = parsed.searchParams.get('schema') ?? 'kopru'
  if (!SCHEMA_NAME.test(schema))
    throw new StateDatabaseError(
      `schema=${schema} in the state URL: use lower-case letters, digits and _ (a PostgreSQL schema kopru creates)`,
    )
  parsed.searchParams.delete('schema')
  return { connectionString: parsed.toString(), schema }
}

/** A failure to reach or set up the database, as one line naming it (without its password). */
function asDatabaseError(url: string, error: unknown): unknown {
  if (error instanceof StateDatabaseError) return error
  const reason = error instanceof Error ? error.message : String(error)
  const code = (error as { code?: unknown }).code
  return new StateDatabaseError(
    `the state database ${redactPassword(url)} cannot be used (${typeof code === 'string' ? `${code}: ` : ''}${reason})`,
    { cause: error },
  )
}
