import { spawnSync } from 'node:child_process'
import { hostname } from 'node:os'
import { afterEach, describe, expect, it } from 'vitest'
import {
  PipelineLockedError,
  retryDeadLetters,
  runPipeline,
  type Progress,
} from '../../src/sync/engine.ts'
import { createApiClient } from '../../src/core/client.ts'
import { NetworkError, UnexpectedAnswerError, VendorApiError } from '../../src/core/errors.ts'
import { refused, scriptedFetch } from '../support/fake-fetch.ts'
import { toyApi, toyProtocol } from '../support/toy-api.ts'
import { SqliteStateStore } from '../../src/sync/sqlite.ts'
import { defineStream, type PipelineDef } from '../../src/sync/stream.ts'
import {
  type Outcome,
  type Planned,
  type Source,
  type StreamContext,
} from '../../src/model/connector.ts'

interface Item {
  id: string
  value: number
}

/** A source over a mutable list, `pageSize` rows a page, cursor = rows read. */
function listSource(rows: Item[], pageSize: number, fullScan = false): Source<Item> {
  return {
    fullScan,
    async *read() {
      for (let i = 0; i < rows.length; i += pageSize) {
        const page = rows.slice(i, i + pageSize)
        yield {
          records: page.map((record) => ({
            key: record.id,
            record,
            group: `g${record.value % 3}`,
          })),
          cursor: i + page.length,
          total: rows.length,
        }
      }
    },
  }
}

/** An idempotent destination: a map by id, with a log of every write call. */
function mapSink(
  options: { batchSize?: number; refuse?: (item: Item) => string | undefined } = {},
) {
  const stored = new Map<string, Item>()
  const calls: number[] = []
  const removed: string[] = []
  return {
    stored,
    calls,
    removed,
    sink: {
      name: 'map',
      batchSize: options.batchSize ?? 10,
      concurrency: 1,
      async write(batch: Planned<Item>[], ctx?: StreamContext): Promise<Outcome[]> {
        calls.push(batch.length)
        return batch.map(({ record }) => {
          const refusal = options.refuse?.(record)
          if (refusal) return { ok: false, reason: refusal, code: 'E126' }
          if (!ctx?.dryRun) stored.set(record.id, record)
          return { ok: true, destId: `dest-${record.id}` }
        })
      },
      async remove(batch: Planned<Item>[]): Promise<Outcome[]> {
        removed.push(...batch.map((p) => p.key))
        return batch.map(() => ({ ok: true }))
      },
    },
  }
}

const items = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `k${i}`, value: i }))

function pipelineOf(source: Source<Item>, sink: ReturnType<typeof mapSink>['sink']): PipelineDef {
  return { name: 'toy', streams: [defineStream<Item>({ name: 'items', source, sink })] }
}

let store: SqliteStateStore
afterEach(async () => store?.close())

describe('runPipeline', () => {
  it('delivers every record once, then a second run writes nothing', async () => {
    store = new SqliteStateStore(':memory:')
    const rows = items(25)
    const dest = mapSink()
    const pipeline = pipelineOf(listSource(rows, 7), dest.sink)
    const first = await runPipeline(pipeline, { store })
    expect(first.counts.items).toMatchObject({ read: 25, created: 25, skipped: 0, failed: 0 })
    expect(dest.stored.size).toBe(25)
    const second = await runPipeline(pipeline, { store })
    expect(second.counts.items).toMatchObject({ read: 25, created: 0, updated: 0, skipped: 25 })
    expect(dest.calls).toEqual([10, 10, 5])
  })

  it('remembers a record the destination holds already (held) as delivered, counting it skipped', async () => {
    store = new SqliteStateStore(':memory:')
    const rows = items(4)
    const calls: number[] = []
    const holding: ReturnType<typeof mapSink>['sink'] = {
      ...mapSink().sink,
      async write(batch) {
        calls.push(batch.length)
        // the destination has the even ones already
        return batch.map(({ record }) =>
          record.value % 2 ? { ok: true, destId: `dest-${record.id}` } : { ok: true, held: true },
        )
      },
    }
    const planned: string[] = []
    const pipeline = pipelineOf(listSource(rows, 4), holding)
    const first = await runPipeline(pipeline, {
      store,
      onPlan: (_stream, p) => planned.push(p.key),
    })
    expect(first.counts.items).toMatchObject({ read: 4, created: 2, skipped: 2, failed: 0 })
    expect(planned).toEqual(['k1', 'k3'])
    expect(await store.countMappings('toy/items')).toBe(4)
    // remembered: the second run sends nothing
    const second = await runPipeline(pipeline, { store })
    expect(second.counts.items).toMatchObject({ created: 0, updated: 0, skipped: 4 })
    expect(calls).toEqual([4])
  })

  it('sends a key read twice before its batch as the later read has it, nothing when that is as delivered', async () => {
    store = new SqliteStateStore(':memory:')
    const rows = items(3)
    const dest = mapSink({ batchSize: 50 })
    await runPipeline(pipelineOf(listSource(rows, 3), dest.sink), { store })
    // k1 changes, then reads back as delivered (a change undone while the list is walked)
    const pages: Item[][] = [[{ id: 'k1', value: 100 }], [{ id: 'k2', value: 200 }], [rows[1]!]]
    const twice: Source<Item> = {
      async *read() {
        for (const [i, page] of pages.entries())
          yield { records: page.map((record) => ({ key: record.id, record })), cursor: i + 1 }
      },
    }
    const written: string[] = []
    const sink = {
      ...dest.sink,
      async write(batch: Planned<Item>[]) {
        written.push(...batch.map((p) => `${p.key}=${p.record.value}`))
        return batch.map(() => ({ ok: true as const }))
      },
    }
    const result = await runPipeline(pipelineOf(twice, sink), { store })
    expect(written).toEqual(['k2=200'])
    expect(result.counts.items).toMatchObject({ read: 3, updated: 1, skipped: 1 })
    expect((await store.delivered('toy/items', ['k1'])).get('k1')).toEqual(rows[1])
  })

  it('reports progress per stream, timed from that stream’s own start', async () => {
    store = new SqliteStateStore(':memory:')
    const slow: Source<Item> = {
      async *read() {
        await new Promise((resolve) => setTimeout(resolve, 300))
        yield* listSource(items(5), 5).read({} as never)
      },
    }
    const pipeline: PipelineDef = {
      name: 'toy',
      streams: [
        defineStream<Item>({ name: 'slow', source: slow, sink: mapSink().sink }),
        defineStream<Item>({ name: 'fast', source: listSource(items(4), 2), sink: mapSink().sink }),
      ],
    }
    const seen: Progress[] = []
    await runPipeline(pipeline, { store, onProgress: (p) => seen.push(p) })
    const last = (stream: string) => seen.filter((p) => p.stream === stream).at(-1)!
    expect(last('slow')).toMatchObject({ done: true, total: 5, counts: { read: 5, created: 5 } })
    expect(last('fast')).toMatchObject({ done: true, total: 4, counts: { read: 4, created: 4 } })
    expect(last('slow').elapsedMs).toBeGreaterThanOrEqual(290)
    expect(last('fast').elapsedMs).toBeLessThan(last('slow').elapsedMs)
  })

  it('never plans from a look-up a commit overlapped: a record read again on the next page is not written twice', async () => {
    store = new SqliteStateStore(':memory:')
    const inner = store
    // a store whose first look-up answers late, as a pooled database may: what it read before
    // a commit arrives after it
    let committed: () => void = () => {}
    const firstCommit = new Promise<void>((resolve) => (committed = resolve))
    let lookups = 0
    const lagging = Object.create(inner) as SqliteStateStore
    lagging.mappings = async (scope, keys) => {
      const found = await inner.mappings(scope, keys)
      if (lookups++ === 0) await firstCommit
      return found
    }
    lagging.commit = async (c) => {
      await inner.commit(c)
      setTimeout(committed, 0)
    }
    const [a, b] = items(2)
    // the source asks about its next page (b, and a again: the list shifted by one) before it
    // hands over this one, which the engine then writes
    const source: Source<Item> = {
      async *read(ctx) {
        const ahead = ctx.known([a!.id, b!.id])
        yield { records: [{ key: a!.id, record: a! }] }
        await ahead
        yield { records: [a!, b!].map((record) => ({ key: record.id, record })) }
      },
    }
    const dest = mapSink({ batchSize: 1 })
    const run = await runPipeline(pipelineOf(source, dest.sink), { store: lagging })
    expect(run.counts.items).toMatchObject({ read: 3, created: 2, skipped: 1 })
    expect(dest.calls).toEqual([1, 1])
  })

  it('commits a key read on two pages before its batch once, the last read’s', async () => {
    store = new SqliteStateStore(':memory:')
    const inner = store
    const committed: string[][] = []
    const watched = Object.create(inner) as SqliteStateStore
    watched.commit = async (c) => {
      committed.push((c.mappings ?? []).map((m) => m.key))
      await inner.commit(c)
    }
    const read = (pages: { id: string; value: number; version: string }[][]): Source<Item> => ({
      async *read() {
        for (const page of pages)
          yield {
            records: page.map(({ version, ...record }) => ({ key: record.id, record, version })),
          }
      },
    })
    const dest = mapSink()
    await runPipeline(
      pipelineOf(
        read([
          [
            { id: 'a', value: 1, version: 'v1' },
            { id: 'b', value: 1, version: 'v1' },
          ],
        ]),
        dest.sink,
      ),
      { store },
    )
    // a changed, b's list marker new and its content not; offset paging shows b again on the
    // next page (a row arrived before it)
    const again = await runPipeline(
      pipelineOf(
        read([
          [
            { id: 'a', value: 2, version: 'v2' },
            { id: 'b', value: 1, version: 'v2' },
          ],
          [{ id: 'b', value: 1, version: 'v2' }],
        ]),
        dest.sink,
      ),
      { store: watched },
    )
    expect(again.counts.items).toMatchObject({ read: 3, updated: 1, skipped: 2 })
    for (const keys of committed) expect(keys).toEqual([...new Set(keys)])
    expect(committed.flat().sort()).toEqual(['a', 'b'])
    expect((await store.mappings('toy/items', ['b'])).get('b')?.version).toBe('v2')
  })

  it('writes at the sink maximum across smaller source pages', async () => {
    store = new SqliteStateStore(':memory:')
    const dest = mapSink({ batchSize: 10 })
    await runPipeline(pipelineOf(listSource(items(43), 3), dest.sink), { store })
    expect(dest.calls).toEqual([10, 10, 10, 10, 3])
  })

  it('sends only the records whose content changed', async () => {
    store = new SqliteStateStore(':memory:')
    const rows = items(20)
    const dest = mapSink()
    const pipeline = pipelineOf(listSource(rows, 5), dest.sink)
    await runPipeline(pipeline, { store })
    rows[3] = { id: 'k3', value: 300 }
    rows[17] = { id: 'k17', value: 1700 }
    const result = await runPipeline(pipeline, { store })
    expect(result.counts.items).toMatchObject({ updated: 2, created: 0, skipped: 18 })
    expect(dest.calls.at(-1)).toBe(2)
    expect(dest.stored.get('k3')!.value).toBe(300)
  })

  it('dead-letters refused records with the vendor code and delivers the rest; retry delivers them once fixed', async () => {
    store = new SqliteStateStore(':memory:')
    const blocked = new Set(['k2', 'k5'])
    const dest = mapSink({ refuse: (item) => (blocked.has(item.id) ? 'unsubscribed' : undefined) })
    const rows = items(8)
    const pipeline = pipelineOf(listSource(rows, 8), dest.sink)
    const result = await runPipeline(pipeline, { store })
    expect(result.counts.items).toMatchObject({ created: 6, failed: 2 })
    const letters = await store.deadLetters({ status: 'open' })
    expect(letters.map((d) => [d.key, d.code, d.reason])).toEqual([
      ['k2', 'E126', 'unsubscribed'],
      ['k5', 'E126', 'unsubscribed'],
    ])
    blocked.delete('k2')
    expect(await retryDeadLetters(pipeline, { store })).toEqual({
      retried: 2,
      delivered: 1,
      failed: 1,
    })
    expect(dest.stored.has('k2')).toBe(true)
    const open = await store.deadLetters({ status: 'open' })
    expect(open.map((d) => [d.key, d.attempts])).toEqual([['k5', 2]])
    // k2 is now mapped and k5 refused as it stands: the next run sends neither
    const sent = dest.calls.length
    const again = await runPipeline(pipeline, { store })
    expect(again.counts.items).toMatchObject({ skipped: 8, failed: 0 })
    expect(dest.calls.length).toBe(sent)
    // the source changes k5: a run sends it again, and it is refused again
    rows[5] = { id: 'k5', value: 55 }
    const changed = await runPipeline(pipeline, { store })
    expect(changed.counts.items).toMatchObject({ skipped: 7, failed: 1 })
    expect((await store.deadLetters({ status: 'open' }))[0]).toMatchObject({
      key: 'k5',
      attempts: 3,
      record: { record: { id: 'k5', value: 55 } },
    })
  })

  it('goes on around a note for a person (a dead letter with no record), which stays open', async () => {
    store = new SqliteStateStore(':memory:')
    const dest = mapSink()
    const pipeline = pipelineOf(listSource(items(3), 3), dest.sink)
    await store.commit({
      pipeline: 'toy',
      scope: 'toy/items',
      deadLetters: [
        { stream: 'items', key: 'k1', record: null, code: 'check', reason: 'check k1 by hand' },
      ],
    })
    for (let i = 0; i < 2; i++) {
      const result = await runPipeline(pipeline, { store })
      expect([result.status, result.error]).toEqual(['succeeded', undefined])
    }
    expect([...dest.stored.keys()].sort()).toEqual(['k0', 'k1', 'k2'])
    // delivering its key does not close it: only a person who checked it does
    const open = await store.deadLetters({ status: 'open' })
    expect(open.map((d) => [d.key, d.record, d.reason])).toEqual([['k1', null, 'check k1 by hand']])
    expect(await store.dismissDeadLetters([open[0]!.id])).toEqual([open[0]!.id])
  })

  it('retry leaves a note for a person open and names it, sending the rest', async () => {
    store = new SqliteStateStore(':memory:')
    const dest = mapSink({ refuse: (item) => (item.id === 'k2' ? 'unsubscribed' : undefined) })
    const pipeline = pipelineOf(listSource(items(3), 3), dest.sink)
    await runPipeline(pipeline, { store })
    await store.commit({
      pipeline: 'toy',
      scope: 'toy/items',
      deadLetters: [{ stream: 'items', key: 'k0', record: null, reason: 'check k0 by hand' }],
    })
    const [, note] = await store.deadLetters({ status: 'open' })
    const sent = dest.calls.length
    expect(await retryDeadLetters(pipeline, { store })).toEqual({
      retried: 2,
      delivered: 0,
      failed: 2,
      byHand: [note!.id],
    })
    // k2 sent again (and refused again), the note not sent
    expect(dest.calls.slice(sent)).toEqual([1])
    expect((await store.deadLetters({ status: 'open' })).map((d) => [d.key, d.attempts])).toEqual([
      ['k2', 2],
      ['k0', 1],
    ])
  })

  it('retry lets the sink settle what a half-done write left first, and plans from it', async () => {
    store = new SqliteStateStore(':memory:')
    let refusing = true
    let halfDone = false
    const dest = mapSink({ refuse: () => (refusing ? 'point refused' : undefined) })
    const planned: string[] = []
    const sink = {
      ...dest.sink,
      async write(batch: Planned<Item>[], ctx: StreamContext) {
        planned.push(...batch.map((p) => `${p.action} ${p.key} ${p.previous?.destId ?? '-'}`))
        return dest.sink.write(batch, ctx)
      },
      // what the destination made before refusing the rest, found again as a run starts
      async recover(ctx: StreamContext) {
        if (halfDone)
          await ctx.store.commit({
            pipeline: ctx.pipeline,
            scope: ctx.scope,
            mappings: [{ key: 'k0', destId: 'half-k0', hash: '' }],
          })
      },
    }
    const pipeline = pipelineOf(listSource(items(1), 1), sink)
    await runPipeline(pipeline, { store })
    expect(planned).toEqual(['create k0 -'])
    halfDone = true
    refusing = false
    expect(await retryDeadLetters(pipeline, { store })).toEqual({
      retried: 1,
      delivered: 1,
      failed: 0,
    })
    expect(planned).toEqual(['create k0 -', 'update k0 half-k0'])
  })

  it('retry holds the pipeline’s lock: refused while a run holds it, and a run refused meanwhile', async () => {
    store = new SqliteStateStore(':memory:')
    let release!: () => void
    const gate = new Promise<void>((resolve) => (release = resolve))
    let refusing = true
    let gated = false
    const dest = mapSink({ refuse: () => (refusing ? 'unsubscribed' : undefined) })
    const slow = {
      ...dest.sink,
      async write(batch: Planned<Item>[], ctx: StreamContext) {
        if (gated) await gate
        return dest.sink.write(batch, ctx)
      },
    }
    const pipeline = pipelineOf(listSource(items(2), 2), slow)
    await runPipeline(pipeline, { store })
    refusing = false
    // a live process (this test's parent) runs the pipeline
    const running = `${hostname()}:${process.ppid}:a`
    expect(await store.acquireLock('pipeline:toy', running, 60_000)).toBe(true)
    const sent = dest.calls.length
    const locked = retryDeadLetters(pipeline, { store })
    await expect(locked).rejects.toBeInstanceOf(PipelineLockedError)
    await expect(locked).rejects.toThrow(
      'pipeline toy is running (a kopru sync holds its lock): retry its dead letters once that run ends',
    )
    expect(dest.calls.length).toBe(sent)
    await store.releaseLock('pipeline:toy', running)

    gated = true
    const retry = retryDeadLetters(pipeline, { store })
    await new Promise((resolve) => setTimeout(resolve, 20))
    await expect(runPipeline(pipeline, { store })).rejects.toBeInstanceOf(PipelineLockedError)
    release()
    expect(await retry).toEqual({ retried: 2, delivered: 2, failed: 0 })
    expect(await store.lockHolder('pipeline:toy')).toBeUndefined()
  })

  it('moves the cursor only with delivered batches; an interrupted run resumes to the same state', async () => {
    store = new SqliteStateStore(':memory:')
    const rows = items(50)
    const dest = mapSink({ batchSize: 10 })
    const controller = new AbortController()
    const sink = {
      ...dest.sink,
      async write(batch: Planned<Item>[]) {
        const out = await dest.sink.write(batch)
        if (dest.calls.length === 2) controller.abort()
        return out
      },
    }
    const pipeline = pipelineOf(listSource(rows, 5), sink)
    const cut = await runPipeline(pipeline, { store, signal: controller.signal })
    expect(cut.status).toBe('interrupted')
    expect(await store.cursor('toy', 'items')).toBe(20)
    const resumed = await runPipeline(pipeline, { store })
    expect(resumed.status).toBe('succeeded')
    expect(resumed.counts.items).toMatchObject({ created: 30, skipped: 20 })
    expect([...dest.stored.keys()].sort()).toEqual(rows.map((r) => r.id).sort())
    expect(await store.cursor('toy', 'items')).toBe(50)
    const runs = await store.runs({ pipeline: 'toy' })
    expect(runs.map((r) => r.status)).toEqual(['succeeded', 'interrupted'])
  })

  const garbage = () =>
    new UnexpectedAnswerError({
      api: 'dest',
      operationId: 'add',
      httpStatus: 200,
      contentType: 'text/html',
      bodyStart: '<html>maintenance</html>',
      issues: [{ path: [], message: 'expected an object, got text' }],
    })

  it.each([
    [
      'unreachable',
      () => new NetworkError({ api: 'dest', operationId: 'add', cause: new Error('refused') }),
      [2000, 10_000, 30_000],
    ],
    [
      'refusing the credentials',
      () => new VendorApiError({ api: 'dest', operationId: 'add', httpStatus: 401 }),
      [],
    ],
    [
      'still failing after retries',
      () =>
        new VendorApiError({ api: 'dest', operationId: 'add', httpStatus: 503, retryable: true }),
      [2000, 10_000, 30_000],
    ],
    ['answering HTTP 200 with a page that is not its answer', garbage, [2000, 10_000, 30_000]],
    ['failing in kopru itself', () => new TypeError('a defect'), []],
  ])(
    'stops the run when the destination is %s: no dead letters, the cursor at the last delivered batch',
    async (_, failure, pauses) => {
      store = new SqliteStateStore(':memory:')
      const rows = items(30)
      const dest = mapSink({ batchSize: 10 })
      // up for the first batch, then down until the test brings it back
      let down: boolean | undefined
      const sink = {
        ...dest.sink,
        async write(batch: Planned<Item>[]) {
          if (down) throw failure()
          down ??= true
          return dest.sink.write(batch)
        },
      }
      const pipeline = pipelineOf(listSource(rows, 10), sink)
      const waited: number[] = []
      const sleep = async (ms: number) => void waited.push(ms)
      await expect(runPipeline(pipeline, { store, sleep })).rejects.toThrow(failure().message)
      // a transient failure gets its second chances within the run, each from the cursor
      expect(waited).toEqual(pauses)
      expect(await store.deadLetters({ status: 'open' })).toEqual([])
      expect(await store.cursor('toy', 'items')).toBe(10)
      expect((await store.runs({ pipeline: 'toy' }))[0]).toMatchObject({ status: 'failed' })
      // back up: the next run delivers the rest, once
      down = false
      dest.calls.length = 0
      const resumed = await runPipeline(pipeline, { store })
      expect(resumed.counts.items).toMatchObject({ created: 20, skipped: 10, failed: 0 })
      expect(dest.calls).toEqual([10, 10])
      expect(dest.stored.size).toBe(30)
    },
  )

  /** The sink, its second write answered with something that is not the destination's answer. */
  const secondWriteFails = (sink: ReturnType<typeof mapSink>['sink']) => {
    let calls = 0
    return {
      ...sink,
      async write(batch: Planned<Item>[]) {
        if (++calls === 2) throw garbage()
        return sink.write(batch)
      },
    }
  }

  it('runs a stream stopped by a transient failure again within the run, from its last delivered batch', async () => {
    store = new SqliteStateStore(':memory:')
    const rows = items(30)
    const dest = mapSink({ batchSize: 10 })
    const sink = secondWriteFails(dest.sink)
    const waited: number[] = []
    const result = await runPipeline(pipelineOf(listSource(rows, 10), sink), {
      store,
      sleep: async (ms) => void waited.push(ms),
    })
    expect(result.status).toBe('succeeded')
    expect(waited).toEqual([2000])
    expect(result.counts.items).toMatchObject({ created: 30, failed: 0 })
    // this source reads from the start again, past its cursor: what it read twice, it skipped
    const { read, created, updated, skipped, failed } = result.counts.items!
    expect(read).toBe(created + updated + skipped + failed)
    expect(dest.calls).toEqual([10, 10, 10])
    expect(await store.deadLetters({ status: 'open' })).toEqual([])
  })

  it('counts each record once when a stream runs again within the run, whatever it reads again', async () => {
    store = new SqliteStateStore(':memory:')
    // pages of 15 in batches of 10: the first batch delivers part of a page, so no cursor is
    // committed before the second fails, and the second attempt reads everything again
    const rows = items(30)
    const dest = mapSink({ batchSize: 10, refuse: (item) => (item.id === 'k3' ? 'no' : undefined) })
    const unchanged = new Set(['k20', 'k21'])
    await runPipeline(
      pipelineOf(
        listSource(
          rows.filter((r) => unchanged.has(r.id)),
          15,
        ),
        dest.sink,
      ),
      { store },
    )
    const sink = secondWriteFails(dest.sink)
    const result = await runPipeline(pipelineOf(listSource(rows, 15), sink), {
      store,
      sleep: async () => undefined,
    })
    expect(result.status).toBe('succeeded')
    expect(result.counts.items).toEqual({
      read: 30,
      created: 27,
      updated: 0,
      skipped: 2,
      failed: 1,
    })
    const [run] = await store.runs({ pipeline: 'toy' })
    expect(run!.counts.items).toEqual(result.counts.items)
  })

  it('stops a sink’s call waiting out its retries as soon as the run is stopped', async () => {
    store = new SqliteStateStore(':memory:')
    const client = createApiClient(toyApi, toyProtocol, {
      fetch: scriptedFetch(refused()),
      // minutes of backoff: only the run's stop can end the call within the test's time
      retry: { baseDelayMs: 60_000, maxDelayMs: 60_000 },
      random: () => 1,
    })
    const sink = {
      ...mapSink().sink,
      async write(batch: Planned<Item>[], ctx: StreamContext): Promise<Outcome[]> {
        // as a connector does: the run's signal with every call
        await client.items.get({ id: '1' }, { signal: ctx.signal })
        return batch.map(() => ({ ok: true }))
      },
    }
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 50)
    const result = await runPipeline(pipelineOf(listSource(items(3), 5), sink), {
      store,
      signal: controller.signal,
    })
    expect(result.status).toBe('interrupted')
    expect(await store.deadLetters()).toEqual([])
  })

  it('stops a dead-letter retry waiting out its retries when its signal aborts, the letters kept', async () => {
    store = new SqliteStateStore(':memory:')
    const dest = mapSink({ refuse: () => 'unsubscribed' })
    const pipeline = pipelineOf(listSource(items(2), 2), dest.sink)
    await runPipeline(pipeline, { store })
    expect(await store.deadLetters({ status: 'open' })).toHaveLength(2)
    const client = createApiClient(toyApi, toyProtocol, {
      fetch: scriptedFetch(refused()),
      // minutes of backoff: only the signal can end the call within the test's time
      retry: { baseDelayMs: 60_000, maxDelayMs: 60_000 },
      random: () => 1,
    })
    const waiting = {
      ...pipeline,
      streams: pipeline.streams.map((s) => ({
        ...s,
        sink: {
          ...s.sink,
          async write(batch: Planned<Item>[], ctx: StreamContext): Promise<Outcome[]> {
            await client.items.get({ id: '1' }, { signal: ctx.signal })
            return batch.map(() => ({ ok: true }))
          },
        },
      })),
    }
    const controller = new AbortController()
    setTimeout(() => controller.abort(new Error('stopped by Ctrl-C')), 50)
    await expect(retryDeadLetters(waiting, { store, signal: controller.signal })).rejects.toThrow(
      'stopped by Ctrl-C',
    )
    expect((await store.deadLetters({ status: 'open' })).map((d) => d.attempts)).toEqual([1, 1])
  })

  it('files the records of a batch the destination refuses for what it holds', async () => {
    store = new SqliteStateStore(':memory:')
    const dest = mapSink({ batchSize: 10 })
    const sink = {
      ...dest.sink,
      async write(): Promise<Outcome[]> {
        throw new VendorApiError({
          api: 'dest',
          operationId: 'add',
          httpStatus: 400,
          vendorCode: 'E100',
          vendorMessage: 'bad batch',
        })
      },
    }
    const result = await runPipeline(pipelineOf(listSource(items(3), 3), sink), { store })
    expect(result).toMatchObject({ status: 'succeeded', counts: { items: { failed: 3 } } })
    const letters = await store.deadLetters({ status: 'open' })
    expect(letters.map((d) => [d.key, d.code])).toEqual([
      ['k0', 'E100'],
      ['k1', 'E100'],
      ['k2', 'E100'],
    ])
  })

  it('hands records gone from a full scan to the sink and forgets them', async () => {
    store = new SqliteStateStore(':memory:')
    const rows = items(6)
    const dest = mapSink()
    const pipeline = pipelineOf(listSource(rows, 4, true), dest.sink)
    await runPipeline(pipeline, { store })
    rows.splice(1, 2)
    await runPipeline(pipeline, { store })
    expect(dest.removed).toEqual(['k1', 'k2'])
    expect(await store.countMappings('toy/items')).toBe(4)
  })

  it('a dry run asks the sink what it would do, writes nothing and remembers nothing', async () => {
    store = new SqliteStateStore(':memory:')
    const dest = mapSink({ refuse: (item) => (item.value === 3 ? 'unsubscribed' : undefined) })
    const planned: string[] = []
    const pipeline = pipelineOf(listSource(items(12), 5), dest.sink)
    const dry = await runPipeline(pipeline, {
      store,
      dryRun: true,
      onPlan: (_stream, p) => planned.push(`${p.action} ${p.key}`),
    })
    expect(dry.counts.items).toMatchObject({ read: 12, created: 11, failed: 1 })
    expect(dry.runId).toBeUndefined()
    expect(planned).toHaveLength(11)
    expect(dest.stored.size).toBe(0)
    expect(await store.countMappings()).toBe(0)
    expect(await store.cursor('toy', 'items')).toBeUndefined()
    expect(await store.runs()).toEqual([])
    expect(await store.deadLetters()).toEqual([])
    // what the run then does is what the dry run said
    const real = await runPipeline(pipeline, { store })
    expect(real.counts.items).toEqual(dry.counts.items)
  })

  it('refuses a second run of the same pipeline while the first holds the lock', async () => {
    store = new SqliteStateStore(':memory:')
    let release!: () => void
    const gate = new Promise<void>((resolve) => (release = resolve))
    const dest = mapSink()
    const slow = {
      ...dest.sink,
      async write(batch: Planned<Item>[]) {
        await gate
        return dest.sink.write(batch)
      },
    }
    const pipeline = pipelineOf(listSource(items(3), 3), slow)
    const first = runPipeline(pipeline, { store })
    await new Promise((resolve) => setTimeout(resolve, 20))
    await expect(runPipeline(pipeline, { store })).rejects.toBeInstanceOf(PipelineLockedError)
    release()
    expect((await first).status).toBe('succeeded')
  })

  it.each(['markInterrupted', 'startRun'] as const)(
    'frees the lock and stops renewing it when %s fails',
    async (step) => {
      store = new SqliteStateStore(':memory:')
      const inner = store
      let renewals = 0
      const failing = Object.create(inner) as SqliteStateStore
      // the state refuses the run's start once (a cut connection, a failover)
      failing[step] = async () => {
        throw new Error('Connection terminated unexpectedly')
      }
      failing.renewLock = async (...args) => {
        renewals++
        return inner.renewLock(...args)
      }
      const pipeline = pipelineOf(listSource(items(2), 2), mapSink().sink)
      await expect(runPipeline(pipeline, { store: failing, lockTtlMs: 30 })).rejects.toThrow(
        'Connection terminated unexpectedly',
      )
      expect(await store.lockHolder('pipeline:toy')).toBeUndefined()
      await new Promise((resolve) => setTimeout(resolve, 100))
      expect(renewals).toBe(0)
      expect((await runPipeline(pipeline, { store })).status).toBe('succeeded')
    },
  )

  it("takes over at once the lock of a killed process on this host, not a live one's", async () => {
    store = new SqliteStateStore(':memory:')
    const pipeline = pipelineOf(listSource(items(2), 2), mapSink().sink)
    // a live process (this test's parent) holds it: refused until it expires
    expect(await store.acquireLock('pipeline:toy', `${hostname()}:${process.ppid}:a`, 60_000)).toBe(
      true,
    )
    await expect(runPipeline(pipeline, { store })).rejects.toBeInstanceOf(PipelineLockedError)
    // a process that no longer exists holds it: taken over, its run marked interrupted
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'])
    await store.releaseLock('pipeline:toy', `${hostname()}:${process.ppid}:a`)
    expect(
      await store.acquireLock('pipeline:toy', `${hostname()}:${dead.stdout.toString()}:b`, 60_000),
    ).toBe(true)
    await store.startRun('toy', { dryRun: false })
    expect((await runPipeline(pipeline, { store })).status).toBe('succeeded')
    expect((await store.runs()).map((r) => r.status)).toEqual(['succeeded', 'interrupted'])
  })

  it('takes over the lock of a killed run once it expires and marks that run interrupted', async () => {
    let now = Date.parse('2026-11-23T10:00:00Z')
    store = new SqliteStateStore(':memory:', () => new Date(now))
    expect(await store.acquireLock('pipeline:toy', 'dead-process', 60_000)).toBe(true)
    await store.startRun('toy', { dryRun: false })
    const pipeline = pipelineOf(listSource(items(2), 2), mapSink().sink)
    await expect(runPipeline(pipeline, { store })).rejects.toBeInstanceOf(PipelineLockedError)
    now += 61_000
    expect((await runPipeline(pipeline, { store })).status).toBe('succeeded')
    expect((await store.runs()).map((r) => r.status)).toEqual(['succeeded', 'interrupted'])
  })
})
