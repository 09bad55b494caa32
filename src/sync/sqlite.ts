/**
 * The default state store: one SQLite file (`.kopru/state.db`), WAL journal so a killed process
 * loses nothing committed. better-sqlite3 is synchronous; the async interface is for other stores.
 *
 * The file holds customers' personal data: it is created 0600 in a `.kopru/` folder created 0700,
 * and kopru takes group and other access away from both (and the WAL side files) whenever it opens
 * them, since they are its own. A folder of another name that exists already (the project folder,
 * `/tmp`) may be shared and is left as it is: the file's own mode protects it. A file that is not
 * kopru's state (damaged, another program's database, a directory) is refused with a
 * `StateFileError` naming the file and what to do, before anything is written to it.
 */
import Database from 'better-sqlite3'
import {
  APPLICATION_ID,
  asStateFileError,
  columnNames,
  preparePrivateFile,
  refuseForeign,
  tighten,
} from './state-file.ts'
import { tally } from './counts.ts'
import type { ConsentEntry, ConsentEvent } from '../model/consent.ts'
import { consentEntry, type ConsentRow } from './consent-rows.ts'
import {
  type AuditEntry,
  type Commit,
  type DeadLetter,
  type DeadLetterFilter,
  type DeadLetterStatus,
  type Intent,
  type Mapping,
  type RequestTally,
  type RunRecord,
  type RunStatus,
  type StateStore,
  type StreamCounts,
} from '../model/state.ts'

// `mappings` is a rowid table: its rows hold the delivered record (a column added later), and a
// table without rowid keeps whole rows in its key's B-tree, which moves them on every split:
// 100,000 order mappings in random key order took 2.4 s to upsert in it against 0.7 s.
// Its group index holds only the mappings that have a group (an order's customer), and not their
// key: every batch's commit writes again each index page it touched, and with the key the index
// was 40% larger and 100,000 order mappings took 14% longer to commit (3.2–3.4 s against
// 2.8–2.9 s), to save the sort of a few rows per customer when they are read. Files made before
// keep theirs (without rowid, with the key in the group index); all answer the statements alike.
const schema = `
create table if not exists locks (
  name text primary key, owner text not null, expires_at integer not null);
create table if not exists runs (
  id integer primary key autoincrement, pipeline text not null, dry_run integer not null,
  status text not null, started_at text not null, finished_at text, counts text not null default '{}',
  error text);
create index if not exists runs_pipeline on runs (pipeline, id);
create table if not exists cursors (
  pipeline text not null, stream text not null, value text not null, updated_at text not null,
  primary key (pipeline, stream));
create table if not exists mappings (
  scope text not null, key text not null, dest_id text, hash text not null, version text,
  grp text, data text, updated_at text not null, primary key (scope, key));
create index if not exists mappings_group on mappings (scope, grp) where grp is not null;
create table if not exists intents (
  scope text not null, key text not null, data text not null, created_at text not null,
  primary key (scope, key));
create table if not exists dead_letters (
  id integer primary key autoincrement, pipeline text not null, stream text not null,
  key text not null, record text not null, code text, reason text not null,
  attempts integer not null, first_at text not null, last_at text not null, status text not null);
create unique index if not exists dead_letters_open on dead_letters (pipeline, stream, key)
  where status = 'open';
create index if not exists dead_letters_status on dead_letters (status, id);
create index if not exists dead_letters_pipeline on dead_letters (pipeline, status, id);
create index if not exists dead_letters_stream on dead_letters (pipeline, stream, status, id);
create index if not exists dead_letters_code on dead_letters (code, status, id);
create index if not exists dead_letters_counts on dead_letters (status, pipeline, stream, code);
create table if not exists consent (
  seq integer primary key autoincrement, ref text not null unique, person text not null,
  channel text not null, status text not null, tool text not null, reason text not null,
  at text not null, source text, recorded_at text not null);
create index if not exists consent_person on consent (person, seq);
create table if not exists audit (
  id integer primary key autoincrement, pipeline text not null, stream text not null,
  key text not null, action text not null, detail text, at text not null);
`

/**
 * Columns added to tables after their first release, so older state files gain them on open: the
 * process a run ran in (its lock owner), what its commits wrote, whether it counted itself at its
 * end (rows from before were all counted, or hold no better counts), the requests it made; the
 * record a mapping delivered.
 */
const addedColumns: Record<string, [name: string, definition: string][]> = {
  runs: [
    ['owner', 'text'],
    ['committed', 'text'],
    ['counted', 'integer not null default 1'],
    ['requests', 'text'],
  ],
  mappings: [['record', 'text']],
}

/** A mapping's columns but its delivered record, which only `delivered()` reads. */
const mappingColumns = 'key, dest_id, hash, version, grp, data, updated_at'

interface RunRow {
  id: number
  pipeline: string
  dry_run: number
  status: RunStatus
  started_at: string
  finished_at: string | null
  counts: string
  error: string | null
  owner: string | null
  committed: string | null
  counted: number
  requests: string | null
  held_until: number | null
}

interface DeadLetterRow {
  id: number
  pipeline: string
  stream: string
  key: string
  record: string
  code: string | null
  reason: string
  attempts: number
  first_at: string
  last_at: string
  status: DeadLetterStatus
}

interface MappingRow {
  key: string
  dest_id: string | null
  hash: string
  version: string | null
  grp: string | null
  data: string | null
  updated_at: string
}

export class SqliteStateStore implements StateStore {
  private readonly db: Database.Database
  /** prepared once: a sync commits after every batch and looks mappings up for every page */
  private readonly statements = new Map<string, Database.Statement>()

  /** the runs this store started and has not finished, by pipeline, with what their commits wrote */
  private readonly active = new Map<
    string,
    { id: number; committed: Record<string, StreamCounts> }
  >()

  /**
   * `file`: the state file, `:memory:`, or a serialized state (a scratch copy held in memory).
   * Throws a `StateFileError` when `file` cannot be kopru's state.
   */
  constructor(
    file: string | Buffer,
    private readonly now: () => Date = () => new Date(),
  ) {
    const onDisk = typeof file === 'string' && file !== ':memory:'
    const name = typeof file === 'string' ? file : 'a scratch copy of the state'
    let opened: Database.Database | undefined
    try {
      if (onDisk) preparePrivateFile(file)
      const db = (opened = new Database(file))
      db.pragma('busy_timeout = 5000')
      // read before anything is written: another program's database is left exactly as it was
      refuseForeign(name, db, schema)
      db.pragma('journal_mode = WAL')
      db.pragma('synchronous = NORMAL')
      // a sync's commit dirties hundreds of pages (the customer index is written all over): a
      // checkpoint every 1,000 pages, the default, copies and syncs nearly every commit again
      db.pragma('wal_autocheckpoint = 10000')
      // immediate: two processes opening a new file at once do not both add the same column
      db.transaction(() => initialise(db)).immediate()
      // SQLite gives its side files the database's mode; ones left by an older kopru may be looser
      if (onDisk) for (const side of ['-wal', '-shm']) tighten(`${file}${side}`)
      this.db = db
    } catch (error) {
      opened?.close()
      throw asStateFileError(name, error)
    }
  }

  async scratch(): Promise<SqliteStateStore> {
    const image = this.db.serialize()
    // a WAL file's header says so (bytes 18 and 19 are 2), and SQLite cannot open such an image
    // in memory: the copy is marked a rollback-journal database, which is what memory keeps
    image[18] = 1
    image[19] = 1
    return new SqliteStateStore(image, this.now)
  }

  private stmt(sql: string): Database.Statement {
    let statement = this.statements.get(sql)
    if (!statement) {
      // `in (?, …)` look-ups come in many lengths: keep the cache small
      if (this.statements.size >= 64) this.statements.clear()
      statement = this.db.prepare(sql)
      this.statements.set(sql, statement)
    }
    return statement
  }

  private iso(): string {
    return this.now().toISOString()
  }

  async acquireLock(
    name: string,
    owner: string,
    ttlMs: number,
    options: { replacing?: string } = {},
  ): Promise<boolean> {
    const at = this.now().getTime()
    const result = this.stmt(
      `insert into locks (name, owner, expires_at) values (?, ?, ?)
         on conflict (name) do update set owner = excluded.owner, expires_at = excluded.expires_at
         where locks.expires_at <= ? or locks.owner = excluded.owner or locks.owner = ?`,
    ).run(name, owner, at + ttlMs, at, options.replacing ?? null)
    return result.changes === 1
  }

  async lockHolder(name: string): Promise<string | undefined> {
    const row = this.stmt('select owner from locks where name = ?').get(name) as
      { owner: string } | undefined
    return row?.owner
  }

  async renewLock(name: string, owner: string, ttlMs: number): Promise<boolean> {
    const result = this.stmt('update locks set expires_at = ? where name = ? and owner = ?').run(
      this.now().getTime() + ttlMs,
      name,
      owner,
    )
    return result.changes === 1
  }

  async releaseLock(name: string, owner: string): Promise<void> {
    this.stmt('delete from locks where name = ? and owner = ?').run(name, owner)
  }

  async startRun(
    pipeline: string,
    { dryRun, owner }: { dryRun: boolean; owner?: string },
  ): Promise<number> {
    const result = this.stmt(
      `insert into runs (pipeline, dry_run, status, started_at, owner, committed, counted)
         values (?, ?, 'running', ?, ?, '{}', 0)`,
    ).run(pipeline, dryRun ? 1 : 0, this.iso(), owner ?? null)
    const id = Number(result.lastInsertRowid)
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
    this.stmt(
      `update runs set status = ?, finished_at = ?, counts = ?, error = ?, requests = ?, counted = 1
         where id = ?`,
    ).run(
      result.status,
      this.iso(),
      JSON.stringify(result.counts),
      result.error ?? null,
      result.requests ? JSON.stringify(result.requests) : null,
      id,
    )
    for (const [pipeline, run] of this.active) if (run.id === id) this.active.delete(pipeline)
  }

  async markInterrupted(pipeline: string): Promise<number> {
    return this.stmt(
      `update runs set status = 'interrupted', finished_at = ? where pipeline = ? and status = 'running'`,
    ).run(this.iso(), pipeline).changes
  }

  async runs({
    pipeline,
    limit = 20,
    before,
  }: { pipeline?: string; limit?: number; before?: number } = {}): Promise<RunRecord[]> {
    // only the conditions given, so the plan is the index's (`runs_pipeline`, or the id) each time
    const where = [
      ...(pipeline === undefined ? [] : ['pipeline = ?']),
      ...(before === undefined ? [] : ['runs.id < ?']),
    ]
    return this.selectRuns(
      where,
      [...(pipeline === undefined ? [] : [pipeline]), ...(before === undefined ? [] : [before])],
      limit,
    )
  }

  async run(id: number): Promise<RunRecord | undefined> {
    return (await this.selectRuns(['runs.id = ?'], [id], 1))[0]
  }

  private async selectRuns(where: string[], values: unknown[], limit: number) {
    // a run's owner holds its pipeline's lock while the run lives; the join finds until when
    const rows = this.stmt(
      `select runs.*, locks.expires_at as held_until from runs
         left join locks on locks.owner = runs.owner
         ${where.length ? `where ${where.join(' and ')}` : ''} order by runs.id desc limit ?`,
    ).all(...values, limit) as RunRow[]
    return rows.map((r): RunRecord => ({
      id: r.id,
      pipeline: r.pipeline,
      dryRun: r.dry_run === 1,
      status: r.status,
      startedAt: r.started_at,
      finishedAt: r.finished_at ?? undefined,
      counts: JSON.parse(r.counted ? r.counts : (r.committed ?? '{}')) as Record<
        string,
        StreamCounts
      >,
      countsFrom: r.counted ? 'run' : 'commits',
      error: r.error ?? undefined,
      owner: r.owner ?? undefined,
      heldUntil: r.held_until === null ? undefined : new Date(r.held_until).toISOString(),
      ...(r.requests === null
        ? {}
        : { requests: JSON.parse(r.requests) as Record<string, RequestTally> }),
    }))
  }

  async cursor(pipeline: string, stream: string): Promise<unknown> {
    const row = this.stmt('select value from cursors where pipeline = ? and stream = ?').get(
      pipeline,
      stream,
    ) as { value: string } | undefined
    return row ? JSON.parse(row.value) : undefined
  }

  async cursors() {
    const rows = this.stmt(
      'select pipeline, stream, value, updated_at from cursors order by pipeline, stream',
    ).all() as { pipeline: string; stream: string; value: string; updated_at: string }[]
    return rows.map((r) => ({
      pipeline: r.pipeline,
      stream: r.stream,
      value: JSON.parse(r.value) as unknown,
      updatedAt: r.updated_at,
    }))
  }

  async mappings(scope: string, keys: readonly string[]): Promise<Map<string, Mapping>> {
    const found = new Map<string, Mapping>()
    // SQLite caps bound parameters; 500 keys a query stays well inside it
    for (let i = 0; i < keys.length; i += 500) {
      const part = keys.slice(i, i + 500)
      const rows = this.stmt(
        `select ${mappingColumns} from mappings
           where scope = ? and key in (${part.map(() => '?').join(',')})`,
      ).all(scope, ...part) as MappingRow[]
      for (const row of rows) found.set(row.key, toMapping(row))
    }
    return found
  }

  async mappingKeys(scope: string, after: string | undefined, limit: number): Promise<string[]> {
    const rows = this.stmt(
      'select key from mappings where scope = ? and key > ? order by key limit ?',
    ).all(scope, after ?? '', limit) as { key: string }[]
    return rows.map((r) => r.key)
  }

  async groups(scope: string, after: string | undefined, limit: number) {
    const names = (
      this.stmt(
        `select distinct grp from mappings where scope = ? and grp is not null and grp > ?
           order by grp limit ?`,
      ).all(scope, after ?? '', limit) as { grp: string }[]
    ).map((r) => r.grp)
    const members = await this.groupMembers(scope, names)
    return names.map((group) => ({ group, mappings: members.get(group) ?? [] }))
  }

  async groupMembers(scope: string, groups: readonly string[]): Promise<Map<string, Mapping[]>> {
    const found = new Map<string, Mapping[]>()
    for (let i = 0; i < groups.length; i += 500) {
      const part = groups.slice(i, i + 500)
      const rows = this.stmt(
        `select ${mappingColumns} from mappings
           where scope = ? and grp in (${part.map(() => '?').join(',')}) order by grp, key`,
      ).all(scope, ...part) as MappingRow[]
      for (const row of rows) {
        const list = found.get(row.grp!) ?? []
        list.push(toMapping(row))
        found.set(row.grp!, list)
      }
    }
    return found
  }

  async countMappings(scope?: string): Promise<number> {
    const row = this.stmt('select count(*) as n from mappings where ? is null or scope = ?').get(
      scope ?? null,
      scope ?? null,
    ) as { n: number }
    return row.n
  }

  async delivered(scope: string, keys: readonly string[]): Promise<Map<string, unknown>> {
    const found = new Map<string, unknown>()
    for (let i = 0; i < keys.length; i += 500) {
      const part = keys.slice(i, i + 500)
      const rows = this.stmt(
        `select key, record from mappings
           where scope = ? and key in (${part.map(() => '?').join(',')}) and record is not null`,
      ).all(scope, ...part) as { key: string; record: string }[]
      for (const row of rows) found.set(row.key, JSON.parse(row.record))
    }
    return found
  }

  async intents(scope: string): Promise<Intent[]> {
    const rows = this.stmt(
      'select key, data, created_at from intents where scope = ? order by created_at, key',
    ).all(scope) as { key: string; data: string; created_at: string }[]
    return rows.map((r) => ({
      key: r.key,
      data: JSON.parse(r.data) as unknown,
      createdAt: r.created_at,
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
    const where: string[] = []
    const values: unknown[] = []
    const condition = (sql: string, value: unknown) => {
      where.push(sql)
      values.push(value)
    }
    if (pipeline !== undefined) condition('pipeline = ?', pipeline)
    if (status !== undefined) condition('status = ?', status)
    if (code !== undefined) condition('code = ?', code)
    if (ids) condition('id in (select value from json_each(?))', JSON.stringify(ids))
    if (after !== undefined) condition('id > ?', after)
    const page = (extra: string[], more: unknown[]) => {
      const all = [...where, ...extra]
      return this.stmt(
        `select * from dead_letters ${all.length ? `where ${all.join(' and ')}` : ''}
           order by id limit ?`,
      ).all(...values, ...more, limit) as DeadLetterRow[]
    }
    // each stream a page of its own from its index, then the lowest ids of them all: an `or` of
    // streams would read and sort every letter of them
    const rows = streams
      ? streams
          .flatMap((s) => page(['pipeline = ?', 'stream = ?'], [s.pipeline, s.stream]))
          .sort((a, b) => a.id - b.id)
          .filter((r, i, all) => i === 0 || all[i - 1]!.id !== r.id)
          .slice(0, limit)
      : page([], [])
    return rows.map((r) => ({
      id: r.id,
      pipeline: r.pipeline,
      stream: r.stream,
      key: r.key,
      record: JSON.parse(r.record) as unknown,
      code: r.code ?? undefined,
      reason: r.reason,
      attempts: r.attempts,
      firstAt: r.first_at,
      lastAt: r.last_at,
      status: r.status,
    }))
  }

  async deadLetterCounts({ status }: { status?: DeadLetterStatus } = {}) {
    // grouped by status too, in the order of `dead_letters_counts`: no table read, no sort
    const rows = this.stmt(
      `select pipeline, stream, code, count(*) as n from dead_letters
         ${status === undefined ? '' : 'where status = ?'}
         group by status, pipeline, stream, code`,
    ).all(...(status === undefined ? [] : [status])) as {
      pipeline: string
      stream: string
      code: string | null
      n: number
    }[]
    const counts = new Map<
      string,
      { pipeline: string; stream: string; code: string | undefined; count: number }
    >()
    for (const r of rows) {
      const id = JSON.stringify([r.pipeline, r.stream, r.code])
      const known = counts.get(id)
      if (known) known.count += r.n
      else
        counts.set(id, {
          pipeline: r.pipeline,
          stream: r.stream,
          code: r.code ?? undefined,
          count: r.n,
        })
    }
    return [...counts.values()]
  }

  async dismissDeadLetters(ids: readonly number[]): Promise<number[]> {
    const at = this.iso()
    const find = this.stmt(
      "select id, pipeline, stream, key from dead_letters where id = ? and status = 'open'",
    )
    const dismiss = this.stmt(
      "update dead_letters set status = 'dismissed', last_at = ? where id = ?",
    )
    const audit = this.stmt(
      `insert into audit (pipeline, stream, key, action, detail, at)
       values (?, ?, ?, 'dismiss', ?, ?)`,
    )
    return this.db.transaction(() =>
      ids.flatMap((id) => {
        const row = find.get(id) as
          { id: number; pipeline: string; stream: string; key: string } | undefined
        if (!row) return []
        dismiss.run(at, id)
        audit.run(row.pipeline, row.stream, row.key, `dead letter #${id}`, at)
        return [id]
      }),
    )()
  }

  async auditLog({ pipeline, limit = 100 }: { pipeline?: string; limit?: number } = {}) {
    const rows = this.stmt(
      `select * from audit where (? is null or pipeline = ?) order by id desc limit ?`,
    ).all(pipeline ?? null, pipeline ?? null, limit) as {
      pipeline: string
      stream: string
      key: string
      action: AuditEntry['action']
      detail: string | null
      at: string
    }[]
    return rows.map((r) => ({
      pipeline: r.pipeline,
      stream: r.stream,
      key: r.key,
      action: r.action,
      detail: r.detail ?? undefined,
      at: r.at,
    }))
  }

  async recordConsent(events: readonly ConsentEvent[]): Promise<ConsentEntry[]> {
    const insert = this.stmt(
      `insert into consent (ref, person, channel, status, tool, reason, at, source, recorded_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (ref) do nothing returning seq`,
    )
    const recordedAt = this.iso()
    return this.db.transaction(() =>
      events.flatMap((e) => {
        const row = insert.get(
          e.ref,
          e.person,
          e.channel,
          e.status,
          e.tool,
          e.reason,
          e.at,
          e.source ?? null,
          recordedAt,
        ) as { seq: number } | undefined
        return row ? [{ ...e, seq: row.seq, recordedAt }] : []
      }),
    )()
  }

  async consentOf(persons: readonly string[]): Promise<ConsentEntry[]> {
    if (!persons.length) return []
    const rows = this.stmt(
      `select * from consent where person in (select value from json_each(?)) order by seq`,
    ).all(JSON.stringify(persons)) as ConsentRow[]
    return rows.map(consentEntry)
  }

  async consentAfter(seq: number, limit: number): Promise<ConsentEntry[]> {
    const rows = this.stmt(`select * from consent where seq > ? order by seq limit ?`).all(
      seq,
      limit,
    ) as ConsentRow[]
    return rows.map(consentEntry)
  }

  async commit(c: Commit): Promise<void> {
    const at = this.iso()
    const db = this.db
    const run = this.active.get(c.pipeline)
    const committed = run && c.audit?.length ? tally(run.committed, c.audit) : undefined
    db.transaction(() => {
      // a mapping rewritten without a snapshot keeps the one it had while its content is the
      // same (only its list marker changed): the dry-run diff still has what was delivered
      const upsert = this.stmt(
        `insert into mappings (scope, key, dest_id, hash, version, grp, data, record, updated_at)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?)
         on conflict (scope, key) do update set dest_id = excluded.dest_id, hash = excluded.hash,
           version = excluded.version, grp = excluded.grp, data = excluded.data,
           record = case when excluded.record is null and mappings.hash = excluded.hash
             then mappings.record else excluded.record end, updated_at = excluded.updated_at`,
      )
      for (const m of c.mappings ?? []) {
        upsert.run(
          c.scope,
          m.key,
          m.destId ?? null,
          m.hash,
          m.version ?? null,
          m.group ?? null,
          m.data === undefined ? null : JSON.stringify(m.data),
          m.record === undefined ? null : JSON.stringify(m.record),
          at,
        )
      }
      const remove = this.stmt('delete from mappings where scope = ? and key = ?')
      for (const key of c.removeMappings ?? []) remove.run(c.scope, key)

      const fail = this.stmt(
        `insert into dead_letters (pipeline, stream, key, record, code, reason, attempts, first_at,
           last_at, status) values (?, ?, ?, ?, ?, ?, 1, ?, ?, 'open')
         on conflict (pipeline, stream, key) where status = 'open' do update set
           record = excluded.record, code = excluded.code, reason = excluded.reason,
           attempts = dead_letters.attempts + 1, last_at = excluded.last_at`,
      )
      for (const d of c.deadLetters ?? []) {
        fail.run(
          c.pipeline,
          d.stream,
          d.key,
          JSON.stringify(d.record ?? null),
          d.code ?? null,
          d.reason,
          at,
          at,
        )
      }
      const resolve = this.stmt(
        `update dead_letters set status = 'resolved', last_at = ?
         where pipeline = ? and stream = ? and key = ? and status = 'open'`,
      )
      // most commits resolve a whole batch's keys while no dead letter is open: one look first
      const open = c.resolveDeadLetters?.length
        ? this.stmt(
            `select 1 from dead_letters where pipeline = ? and status = 'open' limit 1`,
          ).get(c.pipeline)
        : undefined
      if (open)
        for (const r of c.resolveDeadLetters ?? []) resolve.run(at, c.pipeline, r.stream, r.key)

      if (c.cursor) {
        this.stmt(
          `insert into cursors (pipeline, stream, value, updated_at) values (?, ?, ?, ?)
           on conflict (pipeline, stream) do update set value = excluded.value,
             updated_at = excluded.updated_at`,
        ).run(c.pipeline, c.cursor.stream, JSON.stringify(c.cursor.value), at)
      }

      const put = this.stmt(
        `insert into intents (scope, key, data, created_at) values (?, ?, ?, ?)
         on conflict (scope, key) do update set data = excluded.data`,
      )
      for (const i of c.putIntents ?? []) put.run(c.scope, i.key, JSON.stringify(i.data), at)
      const clear = this.stmt('delete from intents where scope = ? and key = ?')
      for (const key of c.clearIntents ?? []) clear.run(c.scope, key)

      const audit = this.stmt(
        'insert into audit (pipeline, stream, key, action, detail, at) values (?, ?, ?, ?, ?, ?)',
      )
      for (const a of c.audit ?? [])
        audit.run(c.pipeline, a.stream, a.key, a.action, a.detail ?? null, at)

      // what the run has committed, written with it: all a killed run's record will tell
      if (run && committed)
        this.stmt('update runs set committed = ? where id = ?').run(
          JSON.stringify(committed),
          run.id,
        )
    })()
    if (run && committed) run.committed = committed
  }

  async close(): Promise<void> {
    this.db.close()
  }
}

/** Tables, indexes and added columns, and the mark; a no-op write on a current state file. */
function initialise(db: Database.Database): void {
  db.exec(schema)
  for (const [table, columns] of Object.entries(addedColumns)) {
    const present = new Set(columnNames(db, table))
    for (const [name, definition] of columns)
      if (!present.has(name)) db.exec(`alter table ${table} add column ${name} ${definition}`)
  }
  if (db.pragma('application_id', { simple: true }) !== APPLICATION_ID)
    db.pragma(`application_id = ${APPLICATION_ID}`)
}

function toMapping(row: MappingRow): Mapping {
  return {
    key: row.key,
    destId: row.dest_id ?? undefined,
    hash: row.hash,
    version: row.version ?? undefined,
    group: row.grp ?? undefined,
    data: row.data === null ? undefined : (JSON.parse(row.data) as unknown),
    updatedAt: row.updated_at,
  }
}
