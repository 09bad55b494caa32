/**
 * The SQLite state on disk: private modes for the folder, the file and its side files, refusal of a
 * file that is not kopru's state (with the file left as it was), and runs that tell what they
 * committed and which process ran them.
 */
import { randomBytes } from 'node:crypto'
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { runPipeline } from '../../src/sync/engine.ts'
import { SqliteStateStore } from '../../src/sync/sqlite.ts'
import { StateFileError } from '../../src/sync/state-file.ts'
import type { Commit } from '../../src/model/state.ts'
import { defineStream } from '../../src/sync/stream.ts'
import { type Outcome, type Planned } from '../../src/model/connector.ts'

const root = mkdtempSync(join(tmpdir(), 'kopru-sqlite-'))
let n = 0
const fresh = () => {
  const dir = join(root, String(++n))
  mkdirSync(dir, { mode: 0o755 })
  chmodSync(dir, 0o755)
  return dir
}
const modeOf = (path: string) => statSync(path).mode & 0o777
const stores: SqliteStateStore[] = []
const open = (file: string, now?: () => Date) => {
  const store = new SqliteStateStore(file, now)
  stores.push(store)
  return store
}
let umask: number | undefined
beforeEach(() => {
  // what a usual shell has: files 0644 and folders 0755 unless kopru says otherwise
  umask = process.umask(0o022)
})
afterEach(async () => {
  if (umask !== undefined) process.umask(umask)
  for (const store of stores.splice(0)) await store.close().catch(() => {})
})
afterAll(() => rmSync(root, { recursive: true, force: true }))

const commit = (pipeline: string, actions: [string, 'create' | 'update' | 'fail'][]): Commit => ({
  pipeline,
  scope: `${pipeline}/items`,
  mappings: actions.filter(([, a]) => a !== 'fail').map(([key]) => ({ key, hash: key })),
  deadLetters: actions
    .filter(([, a]) => a === 'fail')
    .map(([key]) => ({ stream: 'items', key, record: {}, reason: 'refused' })),
  audit: actions.map(([key, action]) => ({ stream: 'items', key, action })),
})

describe.skipIf(process.platform === 'win32')('state file modes', () => {
  it('creates .kopru/ 0700 and state.db with its -wal and -shm 0600', async () => {
    const dir = fresh()
    const file = join(dir, '.kopru', 'state.db')
    const store = open(file)
    await store.commit(commit('toy', [['a', 'create']]))
    expect(modeOf(join(dir, '.kopru'))).toBe(0o700)
    expect(modeOf(file)).toBe(0o600)
    // open with a commit in the journal: both side files exist now
    expect(modeOf(`${file}-wal`)).toBe(0o600)
    expect(modeOf(`${file}-shm`)).toBe(0o600)
  })

  it('takes group and other access away from an existing .kopru/, state.db and side files', async () => {
    const dir = fresh()
    const file = join(dir, '.kopru', 'state.db')
    await open(file).commit(commit('toy', [['a', 'create']]))
    chmodSync(join(dir, '.kopru'), 0o755)
    chmodSync(file, 0o644)
    chmodSync(`${file}-wal`, 0o666)
    chmodSync(`${file}-shm`, 0o644)
    const again = open(file)
    expect(modeOf(join(dir, '.kopru'))).toBe(0o700)
    expect(modeOf(file)).toBe(0o600)
    expect(modeOf(`${file}-wal`)).toBe(0o600)
    expect(modeOf(`${file}-shm`)).toBe(0o600)
    expect(await again.countMappings()).toBe(1)
  })

  it('makes a folder it creates 0700 but leaves an existing folder of another name as it is', () => {
    const dir = fresh()
    open(join(dir, 'state.db'))
    expect(modeOf(dir)).toBe(0o755)
    expect(modeOf(join(dir, 'state.db'))).toBe(0o600)
    open(join(dir, 'data', 'kopru', 'state.db'))
    expect(modeOf(join(dir, 'data', 'kopru'))).toBe(0o700)
    expect(modeOf(join(dir, 'data', 'kopru', 'state.db'))).toBe(0o600)
  })
})

describe('a state file that is not kopru’s', () => {
  const refusal = (file: string) => {
    try {
      open(file)
    } catch (error) {
      return error as StateFileError
    }
    throw new Error(`${file} was opened`)
  }

  it('random bytes: refused naming the file and what to do, the file untouched', () => {
    const file = join(fresh(), 'state.db')
    const bytes = randomBytes(8192)
    writeFileSync(file, bytes)
    const error = refusal(file)
    expect(error).toBeInstanceOf(StateFileError)
    expect(error.file).toBe(file)
    expect(error.message).toMatch(/^\S+state\.db is not an SQLite database .*move it away/)
    expect(error.message).not.toMatch(/\n/)
    expect(readFileSync(file)).toEqual(bytes)
  })

  it('another program’s SQLite database: refused, left exactly as it was', () => {
    const file = join(fresh(), 'state.db')
    const foreign = new Database(file)
    foreign.exec(`create table users (id integer primary key, name text);
      insert into users (name) values ('ayşe')`)
    foreign.close()
    const before = readFileSync(file)
    const error = refusal(file)
    expect(error).toBeInstanceOf(StateFileError)
    expect(error.message).toMatch(
      /state\.db is not a kopru state database: .*other tables \(users\)/,
    )
    expect(error.message).not.toMatch(/\n/)
    expect(readFileSync(file)).toEqual(before)
    const db = new Database(file)
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('delete')
      expect(db.prepare(`select name from sqlite_master`).pluck().all()).toEqual(['users'])
    } finally {
      db.close()
    }
  })

  it('a database another program marked as its own, even with kopru-like tables: refused', () => {
    const file = join(fresh(), 'state.db')
    const foreign = new Database(file)
    foreign.exec('create table runs (id integer primary key)')
    foreign.pragma('application_id = 42')
    foreign.close()
    expect(refusal(file).message).toMatch(/marked by another program \(application id 42\)/)
  })

  it('a table of kopru’s name without kopru’s columns: refused', () => {
    const file = join(fresh(), 'state.db')
    const foreign = new Database(file)
    foreign.exec('create table runs (id integer primary key, note text)')
    foreign.close()
    expect(refusal(file).message).toMatch(/other tables \(runs\)/)
  })

  it('a directory: refused', () => {
    const file = join(fresh(), 'state.db')
    mkdirSync(file)
    const error = refusal(file)
    expect(error).toBeInstanceOf(StateFileError)
    expect(error.message).toMatch(/state\.db is a directory.*move it away/)
  })

  it.skipIf(process.platform === 'win32' || process.getuid?.() === 0)(
    'a file this user cannot read, or cannot write: refused, saying so',
    async () => {
      const file = join(fresh(), 'state.db')
      await open(file).close()
      for (const mode of [0o000, 0o400]) {
        chmodSync(file, mode)
        const error = refusal(file)
        expect(error).toBeInstanceOf(StateFileError)
        expect(error.message).toMatch(/state\.db cannot be opened .*read and write access/)
      }
    },
  )

  it('a state file from before the mark: taken as kopru’s, its runs kept, new columns added', async () => {
    const file = join(fresh(), 'state.db')
    const store = open(file)
    const id = await store.startRun('toy', { dryRun: false })
    await store.finishRun(id, {
      status: 'succeeded',
      counts: { items: { read: 5, created: 5, updated: 0, skipped: 0, failed: 0 } },
    })
    await store.commit(commit('toy', [['a', 'create']]))
    await store.close()
    // as an older kopru left it: no mark, no columns nor indexes added since
    const db = new Database(file)
    db.pragma('application_id = 0')
    for (const column of ['owner', 'committed', 'counted', 'requests'])
      db.exec(`alter table runs drop column ${column}`)
    db.exec('alter table mappings drop column record')
    for (const index of ['status', 'pipeline', 'stream', 'code', 'counts'])
      db.exec(`drop index dead_letters_${index}`)
    db.close()

    const reopened = open(file)
    const [run] = await reopened.runs()
    expect(run).toMatchObject({ id, status: 'succeeded', countsFrom: 'run' })
    expect(run!.counts.items!.created).toBe(5)
    expect(run).not.toHaveProperty('requests')
    expect((await reopened.mappings('toy/items', ['a'])).get('a')).toMatchObject({ hash: 'a' })
    expect(await reopened.delivered('toy/items', ['a'])).toEqual(new Map())
    // and the columns added take what they are for
    const next = await reopened.startRun('toy', { dryRun: false })
    const requests = { shop: { requests: 2, throttled: 1, retries: 1, failed: 0 } }
    await reopened.finishRun(next, { status: 'succeeded', counts: {}, requests })
    expect((await reopened.run(next))!.requests).toEqual(requests)
    await reopened.commit({
      pipeline: 'toy',
      scope: 'toy/items',
      mappings: [{ key: 'a', hash: 'a2', record: { id: 'a' } }],
    })
    expect((await reopened.delivered('toy/items', ['a'])).get('a')).toEqual({ id: 'a' })
    await reopened.close()
    const check = new Database(file)
    try {
      expect(check.pragma('application_id', { simple: true })).toBe(0x6b6f7072)
      const indexes = check
        .prepare(
          `select name from sqlite_master where type = 'index' and tbl_name = 'dead_letters'`,
        )
        .pluck()
        .all()
      expect(indexes).toEqual(
        expect.arrayContaining(
          ['status', 'pipeline', 'stream', 'code', 'counts'].map((i) => `dead_letters_${i}`),
        ),
      )
    } finally {
      check.close()
    }
  })
})

describe('the mappings table', () => {
  const layout = (file: string) => {
    const db = new Database(file)
    try {
      return db.prepare(`select sql from sqlite_master where name = 'mappings'`).pluck().get()
    } finally {
      db.close()
    }
  }
  const mapping = (key: string, hash: string, group: string) => ({
    key,
    hash,
    group,
    data: { key },
  })

  it('is a rowid table in a new file, and one made without rowid before works alike', async () => {
    const made = join(fresh(), 'state.db')
    await open(made).close()
    expect(layout(made)).not.toMatch(/without rowid/i)
    // a customer's orders are found through the group index, which holds no mapping without one
    const db0 = new Database(made)
    const plan = db0
      .prepare(
        `explain query plan select key from mappings where scope = ? and grp in (?, ?)
           order by grp, key`,
      )
      .all('s', 'a', 'b') as { detail: string }[]
    const index = db0
      .prepare(`select sql from sqlite_master where name = 'mappings_group'`)
      .pluck()
      .get()
    db0.close()
    expect(plan.map((step) => step.detail).join('; ')).toMatch(/USING INDEX mappings_group/)
    expect(index).toMatch(/\(scope, grp\) where grp is not null/)

    const file = join(fresh(), 'state.db')
    await open(file).close()
    // as kopru made it before: the rows in their key's B-tree
    const db = new Database(file)
    db.exec(`
      drop index mappings_group;
      alter table mappings rename to mappings_rowid;
      create table mappings (
        scope text not null, key text not null, dest_id text, hash text not null, version text,
        grp text, data text, updated_at text not null, record text, primary key (scope, key))
        without rowid;
      drop table mappings_rowid;
      create index mappings_group on mappings (scope, grp, key);`)
    db.close()
    expect(layout(file)).toMatch(/without rowid/i)

    const store = open(file)
    const scope = 'toy/items'
    await store.commit({
      pipeline: 'toy',
      scope,
      mappings: [mapping('a', 'h1', 'g1'), mapping('b', 'h1', 'g2')],
    })
    // an upsert over a row, a removal, a group read, all as in a new file
    await store.commit({
      pipeline: 'toy',
      scope,
      mappings: [{ ...mapping('a', 'h2', 'g2'), record: { id: 'a' } }],
      removeMappings: ['b'],
    })
    expect([...(await store.mappings(scope, ['a', 'b'])).values()]).toMatchObject([
      { key: 'a', hash: 'h2', group: 'g2' },
    ])
    expect(await store.groupMembers(scope, ['g1', 'g2'])).toEqual(
      new Map([['g2', [expect.objectContaining({ key: 'a' })]]]),
    )
    expect(await store.delivered(scope, ['a'])).toEqual(new Map([['a', { id: 'a' }]]))
    await store.close()
    expect(layout(file)).toMatch(/without rowid/i)
    const db1 = new Database(file)
    expect(
      db1.prepare(`select sql from sqlite_master where name = 'mappings_group'`).pluck().get(),
    ).toMatch(/\(scope, grp, key\)/)
    db1.close()
  })
})

describe('runs on disk', () => {
  it('a run that never finished tells what its commits wrote, read by another process', async () => {
    const file = join(fresh(), 'state.db')
    const owner = `${hostname()}:${process.pid}:a`
    const store = open(file)
    expect(await store.acquireLock('pipeline:toy', owner, 60_000)).toBe(true)
    const id = await store.startRun('toy', { dryRun: false, owner })
    await store.commit(
      commit('toy', [
        ['a', 'create'],
        ['b', 'create'],
        ['c', 'fail'],
      ]),
    )
    await store.commit(commit('toy', [['a', 'update']]))
    // a commit without audit entries (a cursor, an intent) counts nothing
    await store.commit({
      pipeline: 'toy',
      scope: 'toy/items',
      cursor: { stream: 'items', value: 3 },
    })

    const reader = open(file)
    const [running] = await reader.runs()
    expect(running).toMatchObject({ id, status: 'running', countsFrom: 'commits', owner })
    expect(running!.counts).toEqual({
      items: { read: 4, created: 2, updated: 1, skipped: 0, failed: 1 },
    })
    expect(Date.parse(running!.heldUntil!)).toBeGreaterThan(Date.now())

    // the next run of the pipeline marks it interrupted: still what it committed
    expect(await reader.markInterrupted('toy')).toBe(1)
    await store.releaseLock('pipeline:toy', owner)
    const [interrupted] = await reader.runs()
    expect(interrupted).toMatchObject({ status: 'interrupted', countsFrom: 'commits' })
    expect(interrupted!.heldUntil).toBeUndefined()
    expect(interrupted!.counts.items).toMatchObject({ created: 2, updated: 1, failed: 1 })
  })

  it('a finished run keeps its own tally; the engine records the process that ran it', async () => {
    const store = open(':memory:')
    const written: string[] = []
    let release!: () => void
    const gate = new Promise<void>((resolve) => (release = resolve))
    const stream = defineStream<{ id: string }>({
      name: 'items',
      source: {
        async *read() {
          for (let i = 0; i < 4; i += 2)
            yield {
              records: [0, 1].map((j) => ({ key: `k${i + j}`, record: { id: `k${i + j}` } })),
            }
        },
      },
      sink: {
        name: 'toy',
        batchSize: 2,
        concurrency: 1,
        async write(batch: Planned<{ id: string }>[]): Promise<Outcome[]> {
          // the second batch waits: the run is alive, one batch committed
          if (written.length) await gate
          written.push(...batch.map((p) => p.key))
          return batch.map(() => ({ ok: true }))
        },
      },
    })
    const run = runPipeline({ name: 'toy', streams: [stream] }, { store })
    for (let i = 0; i < 200 && !(await store.runs())[0]?.counts.items; i++)
      await new Promise((r) => setTimeout(r, 5))
    const [live] = await store.runs()
    expect(live).toMatchObject({ status: 'running', countsFrom: 'commits' })
    expect(live!.owner).toMatch(new RegExp(`^${hostname()}:${process.pid}:`))
    expect(live!.counts.items).toEqual({ read: 2, created: 2, updated: 0, skipped: 0, failed: 0 })
    release()
    expect((await run).status).toBe('succeeded')
    const [done] = await store.runs()
    expect(done).toMatchObject({ status: 'succeeded', countsFrom: 'run' })
    expect(done!.counts.items).toEqual({ read: 4, created: 4, updated: 0, skipped: 0, failed: 0 })
  })
})

describe('a scratch copy, for a dry run', () => {
  it('holds what the state file holds, and what is written to it never reaches the file', async () => {
    const file = join(fresh(), 'state.db')
    const store = open(file)
    await store.commit({
      pipeline: 'p',
      scope: 'p/s',
      mappings: [{ key: 'a', hash: 'h1' }],
      cursor: { stream: 's', value: 7 },
    })
    const scratch = await store.scratch()
    expect((await scratch.mappings('p/s', ['a'])).get('a')).toMatchObject({ hash: 'h1' })
    expect(await scratch.cursor('p', 's')).toBe(7)
    await scratch.commit({ pipeline: 'p', scope: 'p/s', mappings: [{ key: 'b', hash: 'h2' }] })
    expect(await scratch.countMappings()).toBe(2)
    await scratch.close()
    expect(await store.countMappings()).toBe(1)
    expect(await open(file).countMappings()).toBe(1)
  })
})
