import { afterEach, describe, expect, it } from 'vitest'
import { runPipeline } from '../../src/sync/engine.ts'
import { SqliteStateStore } from '../../src/sync/sqlite.ts'
import { defineStream, type PipelineDef } from '../../src/sync/stream.ts'
import { oncePerRun, type Sink, type StreamContext } from '../../src/model/connector.ts'

let store: SqliteStateStore
afterEach(async () => store?.close())

/** A pipeline of `n` records in pages of 2, written 2 a batch through `write`. */
function pipelineOf(n: number, write: (ctx: StreamContext) => Promise<void>): PipelineDef {
  const sink: Sink<{ id: number }> = {
    name: 'probe',
    batchSize: 2,
    concurrency: 1,
    async write(batch, ctx) {
      await write(ctx)
      return batch.map(() => ({ ok: true }))
    },
  }
  const rows = Array.from({ length: n }, (_, id) => ({ id }))
  return {
    name: 'p',
    streams: [
      defineStream({
        name: 's',
        sink,
        source: {
          fullScan: true,
          async *read() {
            for (let i = 0; i < rows.length; i += 2)
              yield {
                records: rows.slice(i, i + 2).map((record) => ({ key: `k${record.id}`, record })),
              }
          },
        },
      }),
    ],
  }
}

describe('oncePerRun', () => {
  it('loads once for all the batches of a run, and again in the next run', async () => {
    store = new SqliteStateStore(':memory:')
    let loads = 0
    const catalogue = oncePerRun(async () => ++loads)
    const seen: number[] = []
    const pipeline = pipelineOf(6, async (ctx) => void seen.push(await catalogue(ctx)))
    await runPipeline(pipeline, { store })
    expect(seen).toEqual([1, 1, 1])
    await store.close()
    store = new SqliteStateStore(':memory:')
    await runPipeline(pipeline, { store })
    expect(seen).toEqual([1, 1, 1, 2, 2, 2])
  })

  it('tries a failed load again on the next call of the same run', async () => {
    let loads = 0
    const flaky = oncePerRun(async () => {
      if (++loads === 1) throw new Error('catalogue unavailable')
      return loads
    })
    const ctx = {} as StreamContext
    await expect(flaky(ctx)).rejects.toThrow('catalogue unavailable')
    expect(await flaky(ctx)).toBe(2)
    expect(await flaky(ctx)).toBe(2)
    expect(loads).toBe(2)
  })
})
