/**
 * The state store contract: one suite, run against SQLite and PostgreSQL alike, so that the engine's
 * promises hold whichever holds the state.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ConsentEvent } from '../../src/model/consent.ts'
import type { Outcome, Planned } from '../../src/model/connector.ts'
import type { Commit, NewDeadLetter, StateStore } from '../../src/model/state.ts'
import { retryDeadLetters, runPipeline } from '../../src/sync/engine.ts'
import { PostgresStateStore } from '../../src/sync/postgres.ts'
import { SqliteStateStore } from '../../src/sync/sqlite.ts'
import { defineStream } from '../../src/sync/stream.ts'
import { TenantRegistry } from '../../src/sync/tenants.ts'
import { freshSchema } from '../support/postgres.ts'

interface Backend {
  name: string
  /** a new, empty store (each call its own state) */
  open(): Promise<StateStore>
}

let pgUrl = ''
let pgSchema = ''
let dropSchema: (() => Promise<void>) | undefined
let tenants = 0
const opened: StateStore[] = []

beforeAll(async () => {
  const fresh = await freshSchema('store')
  pgUrl = fresh.url
  pgSchema = fresh.schema
  dropSchema = fresh.drop
})
afterAll(async () => {
  for (const store of opened.splice(0)) await store.close().catch(() => undefined)
  await dropSchema?.()
})

const backends: Backend[] = [
  { name: 'SQLite', open: async () => keep(new SqliteStateStore(':memory:')) },
  {
    name: 'PostgreSQL',
    // a tenant of its own per store: the same schema, nothing shared
    open: async () => keep(await PostgresStateStore.open({ url: pgUrl, tenant: `t${++tenants}` })),
  },
]

function keep<S extends StateStore>(store: S): S {
  opened.push(store)
  return store
}

const commit = (c: Partial<Commit> = {}): Commit => ({ pipeline: 'p', scope: 'p/s', ...c })
const consentSaid = (ref: string): ConsentEvent => ({
  ref,
  person: 'a@x.tr',
  channel: 'email',
  status: 'denied',
  tool: 'mailkomplet',
  reason: 'unsubscribe',
  at: '2026-03-01T10:00:00.000Z',
})
const mapping = (key: string, extra: object = {}) => ({ key, hash: `h-${key}`, ...extra })

describe.each(backends)('the $name state store', (backend) => {
  it('keeps a lock for its owner, renewed or released', async () => {
    const s = await backend.open()
    expect(await s.acquireLock('pipeline:p', 'a', 60_000)).toBe(true)
    expect(await s.acquireLock('pipeline:p', 'b', 60_000)).toBe(false)
    expect(await s.lockHolder('pipeline:p')).toBe('a')
    expect(await s.renewLock('pipeline:p', 'a', 60_000)).toBe(true)
    expect(await s.renewLock('pipeline:p', 'b', 60_000)).toBe(false)
    await s.releaseLock('pipeline:p', 'b')
    expect(await s.lockHolder('pipeline:p')).toBe('a')
    await s.releaseLock('pipeline:p', 'a')
    expect(await s.lockHolder('pipeline:p')).toBeUndefined()
    expect(await s.acquireLock('pipeline:p', 'b', 60_000)).toBe(true)
    expect(await s.acquireLock('pipeline:q', 'c', 60_000)).toBe(true)
  })

  it('records runs, with what a run still running has committed, newest first', async () => {
    const s = await backend.open()
    const first = await s.startRun('p', { dryRun: false, owner: 'host:1:x' })
    await s.commit(
      commit({
        mappings: [mapping('a'), mapping('b')],
        audit: [
          { stream: 's', key: 'a', action: 'create' },
          { stream: 's', key: 'b', action: 'fail', detail: 'E126' },
        ],
      }),
    )
    const [running] = await s.runs({ pipeline: 'p' })
    expect(running).toMatchObject({ id: first, status: 'running', owner: 'host:1:x' })
    expect(running!.countsFrom).toBe('commits')
    expect(running!.counts.s).toMatchObject({ read: 2, created: 1, failed: 1 })
    const counts = { s: { read: 5, created: 1, updated: 0, skipped: 3, failed: 1 } }
    await s.finishRun(first, { status: 'succeeded', counts })
    const second = await s.startRun('p', { dryRun: true })
    expect(await s.markInterrupted('p')).toBe(1)
    const runs = await s.runs({ pipeline: 'p' })
    expect(runs.map((r) => [r.id, r.status, r.dryRun])).toEqual([
      [second, 'interrupted', true],
      [first, 'succeeded', false],
    ])
    expect(runs[1]).toMatchObject({ counts, countsFrom: 'run' })
    expect(await s.runs({ pipeline: 'other' })).toEqual([])
  })

  it('pages runs older than one, answers one by id, and keeps a run’s requests', async () => {
    const s = await backend.open()
    const counts = { s: { read: 1, created: 1, updated: 0, skipped: 0, failed: 0 } }
    const requests = {
      shop: { requests: 12, throttled: 2, retries: 3, failed: 1 },
      mail: { requests: 1, throttled: 0, retries: 0, failed: 0 },
    }
    const ids: number[] = []
    for (const pipeline of ['p', 'q', 'p', 'p', 'q']) {
      const id = await s.startRun(pipeline, { dryRun: false })
      await s.finishRun(id, { status: 'succeeded', counts, ...(id % 2 ? { requests } : {}) })
      ids.push(id)
    }
    const [p1, q1, p2, p3, q2] = ids as [number, number, number, number, number]
    const idsOf = async (filter: Parameters<StateStore['runs']>[0]) =>
      (await s.runs(filter)).map((r) => r.id)
    expect(await idsOf({ limit: 2 })).toEqual([q2, p3])
    expect(await idsOf({ limit: 2, before: p3 })).toEqual([p2, q1])
    expect(await idsOf({ limit: 2, before: q1 })).toEqual([p1])
    expect(await idsOf({ before: p1 })).toEqual([])
    expect(await idsOf({ pipeline: 'p', before: p3 })).toEqual([p2, p1])
    expect(await idsOf({ pipeline: 'q', before: q2, limit: 5 })).toEqual([q1])

    // a running run, its owner holding the lock: run() answers it as runs() does
    expect(await s.acquireLock('pipeline:p', 'host:1:x', 60_000)).toBe(true)
    const live = await s.startRun('p', { dryRun: true, owner: 'host:1:x' })
    const [newest] = await s.runs()
    expect(newest).toMatchObject({ id: live, status: 'running', dryRun: true, owner: 'host:1:x' })
    expect(newest!.heldUntil).toBeDefined()
    expect(await s.run(live)).toEqual(newest)
    expect(await s.run(Math.max(...ids, live) + 1000)).toBeUndefined()

    for (const id of ids) {
      const run = await s.run(id)
      expect(run).toMatchObject({ id, status: 'succeeded', counts, countsFrom: 'run' })
      if (id % 2) expect(run!.requests).toEqual(requests)
      else expect(run).not.toHaveProperty('requests')
    }
    const listed = await s.runs({ limit: 10 })
    expect(listed.filter((r) => r.requests).map((r) => r.id)).toEqual(
      [...ids].reverse().filter((id) => id % 2),
    )
  })

  it('commits mappings, cursor, intents and audit together, and answers them back', async () => {
    const s = await backend.open()
    await s.commit(
      commit({
        mappings: [
          mapping('b', {
            destId: 'd-b',
            version: 'v1',
            group: 'g1',
            data: { total: 12.5, ş: 'ü' },
          }),
          mapping('a', { group: 'g1' }),
          mapping('c', { group: 'g2' }),
        ],
        cursor: { stream: 's', value: { day: '2026-12-06', page: 3 } },
        putIntents: [{ key: 'decrement:1', data: { units: [1, 2] } }],
        audit: [{ stream: 's', key: 'a', action: 'create' }],
      }),
    )
    const found = await s.mappings('p/s', ['a', 'b', 'zz'])
    expect([...found.keys()].sort()).toEqual(['a', 'b'])
    expect(found.get('b')).toMatchObject({
      key: 'b',
      destId: 'd-b',
      hash: 'h-b',
      version: 'v1',
      group: 'g1',
      data: { total: 12.5, ş: 'ü' },
    })
    expect(found.get('a')!.destId).toBeUndefined()
    expect(await s.cursor('p', 's')).toEqual({ day: '2026-12-06', page: 3 })
    expect((await s.cursors()).map((c) => [c.pipeline, c.stream])).toEqual([['p', 's']])
    expect((await s.intents('p/s')).map((i) => [i.key, i.data])).toEqual([
      ['decrement:1', { units: [1, 2] }],
    ])
    expect(await s.countMappings()).toBe(3)
    expect(await s.countMappings('p/other')).toBe(0)
    expect((await s.auditLog({ pipeline: 'p' })).map((a) => [a.key, a.action])).toEqual([
      ['a', 'create'],
    ])
    await s.commit(commit({ removeMappings: ['a'], clearIntents: ['decrement:1'] }))
    expect(await s.countMappings('p/s')).toBe(2)
    expect(await s.intents('p/s')).toEqual([])
  })

  it('pages keys and groups in byte order', async () => {
    const s = await backend.open()
    const keys = ['b', 'A', 'a', 'Ç', 'c', 'ab', '1']
    await s.commit(
      commit({ mappings: keys.map((k) => mapping(k, { group: `g-${k.toLowerCase()}` })) }),
    )
    const paged: string[] = []
    for (let after: string | undefined; ;) {
      const page = await s.mappingKeys('p/s', after, 3)
      if (!page.length) break
      paged.push(...page)
      after = page.at(-1)
    }
    expect(paged).toEqual([...keys].sort())
    const groups = await s.groups('p/s', undefined, 2)
    expect(groups.map((g) => [g.group, g.mappings.map((m) => m.key)])).toEqual([
      ['g-1', ['1']],
      ['g-a', ['A', 'a']],
    ])
    const members = await s.groupMembers('p/s', ['g-b', 'g-none'])
    expect([...members.entries()].map(([g, m]) => [g, m.map((x) => x.key)])).toEqual([
      ['g-b', ['b']],
    ])
  })

  it('files a dead letter once while open, counting attempts, resolves and dismisses it', async () => {
    const s = await backend.open()
    const letter = {
      stream: 's',
      key: 'k1',
      record: { email: 'x@y.z' },
      code: 'E126',
      reason: 'unsubscribed',
    }
    await s.commit(commit({ deadLetters: [letter] }))
    await s.commit(commit({ deadLetters: [{ ...letter, reason: 'still unsubscribed' }] }))
    await s.commit(commit({ deadLetters: [{ ...letter, key: 'k2' }] }))
    const open = await s.deadLetters({ pipeline: 'p', status: 'open' })
    expect(open.map((d) => [d.key, d.attempts, d.reason, d.code])).toEqual([
      ['k1', 2, 'still unsubscribed', 'E126'],
      ['k2', 1, 'unsubscribed', 'E126'],
    ])
    expect(open[0]!.record).toEqual({ email: 'x@y.z' })
    await s.commit(commit({ resolveDeadLetters: [{ stream: 's', key: 'k1' }] }))
    expect(await s.dismissDeadLetters([open[1]!.id, 999_999])).toEqual([open[1]!.id])
    expect(await s.deadLetters({ status: 'open' })).toEqual([])
    const all = await s.deadLetters()
    expect(all.map((d) => [d.key, d.status])).toEqual([
      ['k1', 'resolved'],
      ['k2', 'dismissed'],
    ])
    // a record refused again after being resolved is a new letter
    await s.commit(commit({ deadLetters: [letter] }))
    expect((await s.deadLetters({ status: 'open' })).map((d) => d.key)).toEqual(['k1'])
    expect((await s.auditLog()).map((a) => a.action)).toContain('dismiss')
  })

  it('takes a key given twice in one commit as applying them in order leaves it', async () => {
    const s = await backend.open()
    await s.commit(commit({ mappings: [mapping('b', { record: { b: 1 } })] }))
    const letter = { stream: 's', key: 'k', record: 1, reason: 'refused' }
    await s.commit(
      commit({
        mappings: [
          // a list marker touched, then the record changed: the change
          mapping('a', { version: 'v1' }),
          mapping('a', { hash: 'h-a2', version: 'v2', destId: '9', record: { a: 2 } }),
          // delivered, then touched again without its record: the delivered record stays
          mapping('b', { hash: 'h-b2', record: { b: 2 } }),
          mapping('b', { hash: 'h-b2', version: 'v3' }),
        ],
        deadLetters: [letter, { ...letter, reason: 'refused again' }],
        putIntents: [
          { key: 'i', data: 1 },
          { key: 'i', data: 2 },
        ],
      }),
    )
    const found = await s.mappings('p/s', ['a', 'b'])
    expect(found.get('a')).toMatchObject({ hash: 'h-a2', version: 'v2', destId: '9' })
    expect(found.get('b')).toMatchObject({ hash: 'h-b2', version: 'v3' })
    expect(await s.delivered('p/s', ['a', 'b'])).toEqual(
      new Map([
        ['a', { a: 2 }],
        ['b', { b: 2 }],
      ]),
    )
    expect((await s.deadLetters()).map((d) => [d.key, d.attempts, d.reason, d.status])).toEqual([
      ['k', 2, 'refused again', 'open'],
    ])
    expect((await s.intents('p/s')).map((i) => [i.key, i.data])).toEqual([['i', 2]])
  })

  it('dismisses a letter named twice once', async () => {
    const s = await backend.open()
    await s.commit(commit({ deadLetters: [{ stream: 's', key: 'k', record: 1, reason: 'r' }] }))
    const [letter] = await s.deadLetters()
    expect(await s.dismissDeadLetters([letter!.id, letter!.id])).toEqual([letter!.id])
    expect((await s.auditLog()).filter((a) => a.action === 'dismiss')).toHaveLength(1)
  })

  it('filters and pages dead letters, and counts them by stream and code', async () => {
    const s = await backend.open()
    const letter = (stream: string, key: string, code?: string): NewDeadLetter => ({
      stream,
      key,
      record: { key },
      ...(code ? { code } : {}),
      reason: 'refused',
    })
    // p/s: 1 E1, 2 E2, 3 E1, 4 (no code); p/t: 5 E1; q/s: 6 E1; q/t: 7 E2, 8 E1
    await s.commit(
      commit({
        deadLetters: [
          letter('s', '1', 'E1'),
          letter('s', '2', 'E2'),
          letter('s', '3', 'E1'),
          letter('s', '4'),
          letter('t', '5', 'E1'),
        ],
      }),
    )
    await s.commit(
      commit({
        pipeline: 'q',
        scope: 'q/s',
        deadLetters: [letter('s', '6', 'E1'), letter('t', '7', 'E2'), letter('t', '8', 'E1')],
      }),
    )
    const all = await s.deadLetters()
    expect(all.map((d) => d.key)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8'])
    const id = new Map(all.map((d) => [d.key, d.id]))
    // 3 resolved, 6 dismissed
    await s.commit(commit({ resolveDeadLetters: [{ stream: 's', key: '3' }] }))
    expect(await s.dismissDeadLetters([id.get('6')!])).toEqual([id.get('6')])

    const keys = async (filter: Parameters<StateStore['deadLetters']>[0]) =>
      (await s.deadLetters(filter)).map((d) => d.key)
    expect(await keys({ pipeline: 'q' })).toEqual(['6', '7', '8'])
    expect(await keys({ status: 'open' })).toEqual(['1', '2', '4', '5', '7', '8'])
    expect(await keys({ status: 'resolved' })).toEqual(['3'])
    // pairs: q's stream s is not p's
    const ps = { pipeline: 'p', stream: 's' }
    const qt = { pipeline: 'q', stream: 't' }
    expect(await keys({ streams: [ps] })).toEqual(['1', '2', '3', '4'])
    expect(await keys({ streams: [qt, ps] })).toEqual(['1', '2', '3', '4', '7', '8'])
    expect(await keys({ streams: [ps, ps] })).toEqual(['1', '2', '3', '4'])
    expect(await keys({ streams: [{ pipeline: 'q', stream: 'u' }] })).toEqual([])
    expect(await keys({ streams: [] })).toEqual([])
    expect(await keys({ streams: [], pipeline: 'p' })).toEqual([])
    expect(await keys({ code: 'E1' })).toEqual(['1', '3', '5', '6', '8'])
    expect(await keys({ code: 'E9' })).toEqual([])
    expect(await keys({ ids: [id.get('7')!, id.get('2')!, 999_999] })).toEqual(['2', '7'])
    expect(await keys({ ids: [] })).toEqual([])
    expect(await keys({ after: id.get('6') })).toEqual(['7', '8'])
    // together, every condition holds
    expect(await keys({ status: 'open', streams: [ps, qt], code: 'E1' })).toEqual(['1', '8'])
    expect(await keys({ status: 'open', ids: [id.get('3')!, id.get('4')!, id.get('6')!] })).toEqual(
      ['4'],
    )
    expect(await keys({ pipeline: 'q', streams: [ps, qt] })).toEqual(['7', '8'])
    expect(await keys({ pipeline: 'p', code: 'E1', status: 'open' })).toEqual(['1', '5'])
    expect(await keys({ streams: [ps, qt], code: 'E1', after: id.get('1') })).toEqual(['3', '8'])

    // pages of two: oldest first, each after the last id of the one before
    for (const filter of [{}, { status: 'open' as const }, { streams: [ps, qt] }]) {
      const paged: string[] = []
      for (let after: number | undefined; ;) {
        const page = await s.deadLetters({ ...filter, limit: 2, ...(after ? { after } : {}) })
        expect(page.length).toBeLessThanOrEqual(2)
        if (!page.length) break
        paged.push(...page.map((d) => d.key))
        after = page.at(-1)!.id
      }
      expect(paged).toEqual(await keys(filter))
    }

    const sorted = (
      counts: Awaited<ReturnType<StateStore['deadLetterCounts']>>,
    ): [string, string, string | undefined, number][] =>
      counts
        .map((c): [string, string, string | undefined, number] => [
          c.pipeline,
          c.stream,
          c.code,
          c.count,
        ])
        .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))
    expect(sorted(await s.deadLetterCounts())).toEqual([
      ['p', 's', 'E1', 2],
      ['p', 's', 'E2', 1],
      ['p', 's', undefined, 1],
      ['p', 't', 'E1', 1],
      ['q', 's', 'E1', 1],
      ['q', 't', 'E1', 1],
      ['q', 't', 'E2', 1],
    ])
    expect(sorted(await s.deadLetterCounts({ status: 'open' }))).toEqual([
      ['p', 's', 'E1', 1],
      ['p', 's', 'E2', 1],
      ['p', 's', undefined, 1],
      ['p', 't', 'E1', 1],
      ['q', 't', 'E1', 1],
      ['q', 't', 'E2', 1],
    ])
    expect(await s.deadLetterCounts({ status: 'dismissed' })).toEqual([
      { pipeline: 'q', stream: 's', code: 'E1', count: 1 },
    ])
  })

  it('keeps the record a mapping delivered, apart from the mapping', async () => {
    const s = await backend.open()
    const order = { id: 'a', lines: [{ sku: 'Ş-1', qty: 2 }], total: 12.5, note: null }
    await s.commit(
      commit({
        mappings: [
          mapping('a', { group: 'g', record: order }),
          mapping('b', { group: 'g', record: 'just text' }),
          mapping('c', { group: 'g' }),
        ],
      }),
    )
    const snapshots = await s.delivered('p/s', ['a', 'b', 'c', 'zz'])
    expect([...snapshots.keys()].sort()).toEqual(['a', 'b'])
    expect(snapshots.get('a')).toEqual(order)
    expect(snapshots.get('b')).toBe('just text')
    expect(await s.delivered('p/s', [])).toEqual(new Map())
    expect(await s.delivered('p/other', ['a'])).toEqual(new Map())
    // what the sync reads for every page has none of it
    const found = await s.mappings('p/s', ['a', 'b', 'c'])
    for (const m of found.values()) expect(m).not.toHaveProperty('record')
    for (const m of (await s.groups('p/s', undefined, 10))[0]!.mappings)
      expect(m).not.toHaveProperty('record')
    for (const m of (await s.groupMembers('p/s', ['g'])).get('g')!)
      expect(m).not.toHaveProperty('record')

    // kept by a mapping without one whose content is the same (only its list marker changed)
    await s.commit(commit({ mappings: [mapping('a', { group: 'g', version: 'v2' })] }))
    expect((await s.delivered('p/s', ['a'])).get('a')).toEqual(order)

    // replaced by a mapping with another; forgotten by one without whose content changed; gone
    // with its mapping
    await s.commit(
      commit({
        mappings: [mapping('a', { record: { id: 'a', total: 20 } }), mapping('b', { hash: 'h2' })],
      }),
    )
    const after = await s.delivered('p/s', ['a', 'b', 'c'])
    expect([...after.entries()]).toEqual([['a', { id: 'a', total: 20 }]])
    expect((await s.mappings('p/s', ['b'])).get('b')).toMatchObject({ hash: 'h2' })

    // a dry run's copy reads them, and what it writes stays in it
    const scratch = await s.scratch()
    expect((await scratch.delivered('p/s', ['a'])).get('a')).toEqual({ id: 'a', total: 20 })
    await scratch.commit(commit({ mappings: [mapping('c', { record: { id: 'c' } })] }))
    expect((await scratch.delivered('p/s', ['c'])).get('c')).toEqual({ id: 'c' })
    await scratch.close()
    expect(await s.delivered('p/s', ['c'])).toEqual(new Map())

    await s.commit(commit({ removeMappings: ['a'] }))
    expect(await s.delivered('p/s', ['a'])).toEqual(new Map())
  })

  it('takes from the engine what it delivered, a run’s requests, and a retry of the letters asked', async () => {
    const s = await backend.open()
    let refused = new Set(['k2', 'k3'])
    const stream = defineStream<{ id: string }>({
      name: 's',
      source: {
        async *read() {
          yield { records: ['k1', 'k2', 'k3'].map((key) => ({ key, record: { id: key } })) }
        },
      },
      sink: {
        name: 'toy',
        batchSize: 10,
        concurrency: 1,
        async write(batch: Planned<{ id: string }>[]): Promise<Outcome[]> {
          return batch.map((p) =>
            refused.has(p.key) ? { ok: false, reason: 'no', code: 'E1' } : { ok: true },
          )
        },
      },
    })
    const pipeline = { name: 'p', streams: [stream] }
    const requests = { toy: { requests: 3, throttled: 1, retries: 1, failed: 0 } }
    const { runId } = await runPipeline(pipeline, { store: s, requests: () => requests })
    expect((await s.run(runId!))?.requests).toEqual(requests)
    expect(await s.delivered('p/s', ['k1', 'k2'])).toEqual(new Map([['k1', { id: 'k1' }]]))
    const [k2, k3] = await s.deadLetters({ status: 'open' })
    expect([k2?.key, k3?.key]).toEqual(['k2', 'k3'])
    // the later one only: the other stays open
    refused = new Set()
    expect(await retryDeadLetters(pipeline, { store: s, ids: [k3!.id] })).toEqual({
      retried: 1,
      delivered: 1,
      failed: 0,
    })
    expect((await s.deadLetters({ status: 'open' })).map((d) => d.key)).toEqual(['k2'])
    expect(await s.delivered('p/s', ['k2', 'k3'])).toEqual(new Map([['k3', { id: 'k3' }]]))
  })

  it('writes nothing of a commit that fails part-way', async () => {
    const s = await backend.open()
    const broken = commit({
      mappings: [mapping('a')],
      // a hash is required: the store refuses the mapping, and the cursor must not move either
      deadLetters: [
        { stream: 's', key: 'k', record: null, reason: undefined as unknown as string },
      ],
      cursor: { stream: 's', value: 1 },
    })
    await expect(s.commit(broken)).rejects.toThrow()
    expect(await s.countMappings()).toBe(0)
    expect(await s.cursor('p', 's')).toBeUndefined()
  })

  it('gives a scratch copy that sees the state, and whose writes never reach it', async () => {
    const s = await backend.open()
    await s.commit(commit({ mappings: [mapping('a')], cursor: { stream: 's', value: 1 } }))
    const scratch = await s.scratch()
    expect((await scratch.mappings('p/s', ['a'])).has('a')).toBe(true)
    await scratch.commit(commit({ mappings: [mapping('b')], cursor: { stream: 's', value: 2 } }))
    expect(await scratch.countMappings()).toBe(2)
    expect(await scratch.acquireLock('pipeline:p', 'dry', 60_000)).toBe(true)
    // the scratch copy's lock holds nobody else up
    expect(await s.acquireLock('pipeline:p', 'real', 60_000)).toBe(true)
    await scratch.close()
    expect(await s.countMappings()).toBe(1)
    expect(await s.cursor('p', 's')).toBe(1)
  })

  it('keeps a consent ledger: each ref once, in the order recorded, per person and after a seq', async () => {
    const s = await backend.open()
    const said = (
      ref: string,
      person: string,
      extra: Partial<ConsentEvent> = {},
    ): ConsentEvent => ({
      ref,
      person,
      channel: 'email',
      status: 'denied',
      tool: 'mailkomplet',
      reason: 'unsubscribe',
      at: '2026-03-01T10:00:00.000Z',
      ...extra,
    })
    const first = await s.recordConsent([
      said('mk:1', 'a@x.tr'),
      said('iys:7', '905321234567', { channel: 'sms', status: 'allowed', source: 'HS_WEB' }),
      said('mk:2', 'b@x.tr'),
    ])
    expect(first.map((e) => e.ref)).toEqual(['mk:1', 'iys:7', 'mk:2'])
    expect(first[0]!.seq).toBeLessThan(first[1]!.seq)
    expect(first[1]!.seq).toBeLessThan(first[2]!.seq)
    // the same event reported again (a webhook and a list read of one unsubscribe) is known
    const again = await s.recordConsent([said('mk:2', 'b@x.tr'), said('mk:3', 'a@x.tr')])
    expect(again.map((e) => e.ref)).toEqual(['mk:3'])
    const ofA = await s.consentOf(['a@x.tr', '905321234567'])
    expect(ofA.map((e) => e.ref)).toEqual(['mk:1', 'iys:7', 'mk:3'])
    expect(ofA[1]).toMatchObject({ channel: 'sms', status: 'allowed', source: 'HS_WEB' })
    expect(ofA[0]).not.toHaveProperty('source')
    expect(ofA[0]!.at).toBe('2026-03-01T10:00:00.000Z')
    const after = await s.consentAfter(first[0]!.seq, 2)
    expect(after.map((e) => e.ref)).toEqual(['iys:7', 'mk:2'])
    expect(await s.consentAfter(again[0]!.seq, 10)).toEqual([])
    // a dry run's entries stay in its scratch copy
    const scratch = await s.scratch()
    await scratch.recordConsent([said('dry:1', 'c@x.tr')])
    expect(await scratch.consentOf(['c@x.tr'])).toHaveLength(1)
    await scratch.close()
    expect(await s.consentOf(['c@x.tr'])).toEqual([])
  })
})

describe('SQLite locks', () => {
  it('are taken from an expired lease, or from a holder the caller found dead', async () => {
    const s = keep(new SqliteStateStore(':memory:'))
    expect(await s.acquireLock('pipeline:p', 'a', 60_000)).toBe(true)
    expect(await s.acquireLock('pipeline:p', 'b', 60_000, { replacing: 'a' })).toBe(true)
    expect(await s.lockHolder('pipeline:p')).toBe('b')
    expect(await s.acquireLock('pipeline:q', 'c', 1)).toBe(true)
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(await s.acquireLock('pipeline:q', 'd', 60_000)).toBe(true)
  })
})

describe('PostgreSQL locks', () => {
  it('are free the moment their holder’s session ends, and held while it lives', async () => {
    // two stores, two pools: as two worker processes
    const worker1 = keep(await PostgresStateStore.open({ url: pgUrl, tenant: 'locks' }))
    const worker2 = keep(await PostgresStateStore.open({ url: pgUrl, tenant: 'locks' }))
    expect(await worker1.acquireLock('pipeline:p', 'w1', 1)).toBe(true)
    await worker1.startRun('p', { dryRun: false, owner: 'w1' })
    await new Promise((resolve) => setTimeout(resolve, 20))
    // its lease has lapsed, but the holder lives: a lapsed lease is no proof of death
    expect(await worker2.acquireLock('pipeline:p', 'w2', 60_000, { replacing: 'w1' })).toBe(false)
    expect(await worker1.renewLock('pipeline:p', 'w1', 60_000)).toBe(true)
    expect((await worker2.runs())[0]?.heldUntil).toBeDefined()
    // the holder dies: the database ends its session (as when its process is SIGKILLed)
    const pg = await import('pg')
    const admin = new pg.default.Client({ connectionString: pgUrl.replace(/[?&]schema=.*$/, '') })
    await admin.connect()
    try {
      const ended = await admin.query(
        `select pg_terminate_backend(pid) from pg_locks where locktype = 'advisory' and granted
           and objid = (hashtextextended($1, 0) & 4294967295)::oid`,
        [`${pgSchema}:locks:pipeline:p`],
      )
      expect(ended.rowCount).toBe(1)
    } finally {
      await admin.end()
    }
    // its run no longer shows as held, though its lease has most of a minute to go (the
    // backend ends a moment after it is told to: a few tries)
    for (let i = 0; i < 50 && (await worker2.runs())[0]?.heldUntil !== undefined; i++)
      await new Promise((resolve) => setTimeout(resolve, 100))
    expect((await worker2.runs())[0]?.heldUntil).toBeUndefined()
    expect(await worker2.acquireLock('pipeline:p', 'w2', 60_000)).toBe(true)
    expect(await worker2.lockHolder('pipeline:p')).toBe('w2')
    // the dead holder learns it lost the lock at its next renewal
    expect(await worker1.renewLock('pipeline:p', 'w1', 60_000)).toBe(false)
    expect(await worker1.acquireLock('pipeline:p', 'w1', 60_000)).toBe(false)
  })
})

describe('PostgreSQL text', () => {
  it('keeps a NUL in what is only shown as U+FFFD, and refuses it in a key before writing anything', async () => {
    const s = keep(await PostgresStateStore.open({ url: pgUrl, tenant: 'nul' }))
    await s.commit(
      commit({
        deadLetters: [{ stream: 's', key: 'k', record: 'x\u0000y', reason: 'bad\u0000value' }],
        audit: [{ stream: 's', key: 'k', action: 'fail', detail: 'bad\u0000value' }],
      }),
    )
    const [letter] = await s.deadLetters()
    expect(letter).toMatchObject({ reason: 'bad\uFFFDvalue', record: 'x\u0000y' })
    expect((await s.auditLog())[0]?.detail).toBe('bad\uFFFDvalue')
    await expect(
      s.commit(
        commit({ mappings: [mapping('a'), mapping('b\u0000')], cursor: { stream: 's', value: 1 } }),
      ),
    ).rejects.toThrow('"b\\u0000", a key of p/s, holds a NUL character')
    expect(await s.countMappings()).toBe(0)
    expect(await s.cursor('p', 's')).toBeUndefined()
    // nothing can hold such a key: looked up, it is not there
    expect(await s.mappings('p/s', ['b\u0000'])).toEqual(new Map())
  })
})

describe('A PostgreSQL scratch copy', () => {
  it('locks no row a live run commits, and marks no live run interrupted', async () => {
    const live = keep(await PostgresStateStore.open({ url: pgUrl, tenant: 'dry' }))
    await live.commit(commit({ mappings: [mapping('a')], cursor: { stream: 's', value: 1 } }))
    await live.startRun('p', { dryRun: false, owner: 'live' })
    // a dry run of the same pipeline elsewhere: its writes wait in its copy until it ends
    const elsewhere = keep(await PostgresStateStore.open({ url: pgUrl, tenant: 'dry' }))
    const dry = await elsewhere.scratch()
    try {
      expect(await dry.markInterrupted('p')).toBe(0)
      await dry.commit(
        commit({
          mappings: [mapping('a', { hash: 'dry' }), mapping('b')],
          deadLetters: [{ stream: 's', key: 'c', record: 1, reason: 'r' }],
          putIntents: [{ key: 'i', data: 'dry' }],
          cursor: { stream: 's', value: 2 },
        }),
      )
      await dry.recordConsent([consentSaid('dry:1')])
      expect(await dry.cursor('p', 's')).toBe(2)
      const committing = live.commit(
        commit({
          mappings: [mapping('a', { hash: 'live' }), mapping('b')],
          deadLetters: [{ stream: 's', key: 'c', record: 1, reason: 'r' }],
          putIntents: [{ key: 'i', data: 'live' }],
          cursor: { stream: 's', value: 3 },
          audit: [{ stream: 's', key: 'a', action: 'update' }],
        }),
      )
      const recording = live.recordConsent([consentSaid('dry:1')])
      const waited = await Promise.race([
        Promise.all([committing, recording]).then(() => 'committed'),
        new Promise((resolve) => setTimeout(() => resolve('waiting for the dry run'), 3000)),
      ])
      expect(waited).toBe('committed')
      expect((await live.runs())[0]?.status).toBe('running')
      // each sees its own
      expect((await dry.mappings('p/s', ['a'])).get('a')?.hash).toBe('dry')
      expect((await live.mappings('p/s', ['a'])).get('a')?.hash).toBe('live')
    } finally {
      await dry.close()
    }
    expect(await live.cursor('p', 's')).toBe(3)
    expect((await live.deadLetters()).map((d) => d.attempts)).toEqual([1])
  })
})

describe('PostgreSQL lock sessions', () => {
  it('leave a worker’s queries their connections: as many runs at once as the pool has connections', async () => {
    const state = keep(await PostgresStateStore.open({ url: pgUrl, tenant: 'busy' }))
    const pipeline = {
      name: 'p',
      streams: [
        defineStream<number>({
          name: 's',
          source: {
            async *read() {
              yield { records: [{ key: 'a', record: 1 }] }
            },
          },
          sink: {
            name: 'x',
            batchSize: 10,
            write: async (batch: Planned<number>[]) => batch.map((): Outcome => ({ ok: true })),
          },
        }),
      ],
    }
    const runs = Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        runPipeline(pipeline, { store: state.forTenant(`busy-${i}`) }),
      ),
    )
    const outcome = await Promise.race([
      runs.then((done) => done.map((r) => r.status)),
      new Promise((resolve) => setTimeout(() => resolve('waiting for a connection'), 10_000)),
    ])
    expect(outcome).toEqual(Array.from({ length: 16 }, () => 'succeeded'))
  })

  it('leave nothing listening on a connection when the lock is refused', async () => {
    const warnings: string[] = []
    const heard = (warning: Error) => warnings.push(warning.name)
    process.on('warning', heard)
    try {
      const holder = keep(await PostgresStateStore.open({ url: pgUrl, tenant: 'refused' }))
      const other = keep(await PostgresStateStore.open({ url: pgUrl, tenant: 'refused' }))
      expect(await holder.acquireLock('pipeline:p', 'a', 60_000)).toBe(true)
      for (let i = 0; i < 12; i++)
        expect(await other.acquireLock('pipeline:p', `b${i}`, 60_000)).toBe(false)
      await new Promise((resolve) => setImmediate(resolve))
    } finally {
      process.off('warning', heard)
    }
    expect(warnings).not.toContain('MaxListenersExceededWarning')
  })
})

describe('PostgreSQL locks of two schemas in one database', () => {
  it('are apart: the same tenant and pipeline lock in each', async () => {
    const other = await freshSchema('store_other')
    try {
      const here = keep(await PostgresStateStore.open({ url: pgUrl, tenant: 'same' }))
      const there = keep(await PostgresStateStore.open({ url: other.url, tenant: 'same' }))
      expect(await here.acquireLock('pipeline:p', 'a', 60_000)).toBe(true)
      expect(await there.acquireLock('pipeline:p', 'b', 60_000)).toBe(true)
      expect(await here.acquireLock('pipeline:p', 'c', 60_000)).toBe(false)
      await there.close()
    } finally {
      await other.drop()
    }
  })
})

describe('PostgreSQL tenants', () => {
  it('see only their own state in one schema', async () => {
    const a = keep(await PostgresStateStore.open({ url: pgUrl, tenant: 'shop-a' }))
    const b = a.forTenant('shop-b')
    await a.commit(
      commit({
        mappings: [mapping('x')],
        deadLetters: [{ stream: 's', key: 'x', record: 1, reason: 'r' }],
      }),
    )
    expect(await a.countMappings()).toBe(1)
    expect(await b.countMappings()).toBe(0)
    expect(await b.deadLetters()).toEqual([])
    expect(await b.acquireLock('pipeline:p', 'b', 60_000)).toBe(true)
    expect(await a.acquireLock('pipeline:p', 'a', 60_000)).toBe(true)
  })

  it('refuse an interval the state cannot hold, before writing anything', async () => {
    const registry = await TenantRegistry.open(pgUrl)
    try {
      for (const everySeconds of [0, 0.5, 2 ** 31])
        await expect(
          registry.put({ name: 'odd', config: { connections: {}, pipelines: {} }, everySeconds }),
        ).rejects.toThrow(/everySeconds must be a whole number from 1 to 2147483647/)
      expect((await registry.list()).map((t) => t.name)).not.toContain('odd')
    } finally {
      await registry.close()
    }
  })

  it('are removed with their state, consent ledger and all, when purged', async () => {
    const registry = await TenantRegistry.open(pgUrl)
    try {
      await registry.put({
        name: 'gone',
        config: { connections: {}, pipelines: {} },
        everySeconds: 900,
      })
      const s = keep(await PostgresStateStore.open({ url: pgUrl, tenant: 'gone' }))
      // a row in every table of its state
      await s.acquireLock('pipeline:p', 'a', 60_000)
      await s.startRun('p', { dryRun: false, owner: 'a' })
      await s.recordConsent([consentSaid('mk:1')])
      await s.commit(
        commit({
          mappings: [mapping('x')],
          deadLetters: [{ stream: 's', key: 'y', record: 1, reason: 'r' }],
          putIntents: [{ key: 'z', data: 1 }],
          cursor: { stream: 's', value: 1 },
          audit: [{ stream: 's', key: 'x', action: 'create' }],
        }),
      )
      expect(await registry.remove('gone', { purge: true })).toBe(true)
      expect(await s.consentOf(['a@x.tr'])).toEqual([])
      // every table that keeps a tenant's rows keeps none of it
      const pg = await import('pg')
      const admin = new pg.default.Client({ connectionString: pgUrl.replace(/[?&]schema=.*$/, '') })
      await admin.connect()
      try {
        const tables = await admin.query<{ table_name: string }>(
          `select table_name from information_schema.columns
             where table_schema = $1 and column_name = 'tenant'`,
          [pgSchema],
        )
        expect(tables.rows.length).toBeGreaterThan(7)
        for (const { table_name } of tables.rows) {
          const left = await admin.query(
            `select 1 from ${pgSchema}.${table_name} where tenant = 'gone'`,
          )
          expect([table_name, left.rowCount]).toEqual([table_name, 0])
        }
      } finally {
        await admin.end()
      }
    } finally {
      await registry.close()
    }
  })

  it('refuses a schema newer than this kopru, and names the database without its password', async () => {
    const fresh = await freshSchema('newer')
    try {
      const store = keep(await PostgresStateStore.open({ url: fresh.url }))
      await store.close()
      opened.pop()
      const pg = await import('pg')
      const client = new pg.default.Client({
        connectionString: fresh.url.replace(/[?&]schema=.*$/, ''),
      })
      await client.connect()
      await client.query(
        `insert into ${fresh.schema}.kopru_migrations (version, name) values (999, 'future')`,
      )
      await client.end()
      await expect(PostgresStateStore.open({ url: fresh.url })).rejects.toThrow(
        /newer than this kopru knows .*upgrade kopru/,
      )
    } finally {
      await fresh.drop()
    }
    await expect(
      PostgresStateStore.open({ url: 'postgres://kopru:s3cret@127.0.0.1:1/none' }),
    ).rejects.toThrow(/postgres:\/\/kopru:\*\*\*@127\.0\.0\.1:1\/none cannot be used/)
  })
})
