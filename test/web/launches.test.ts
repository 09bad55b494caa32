/**
 * The dashboard's launches count each run's requests by the signal its calls carry: two pipelines
 * running at once through one client each count their own.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { createApiClient } from '../../src/core/client.ts'
import type { Outcome, Planned, Source, StreamContext } from '../../src/model/connector.ts'
import { SqliteStateStore } from '../../src/sync/sqlite.ts'
import { defineStream, type PipelineDef } from '../../src/sync/stream.ts'
import { Launches } from '../../src/web/launches.ts'
import { jsonResponse, scriptedFetch } from '../support/fake-fetch.ts'
import { toyApi, toyProtocol } from '../support/toy-api.ts'

type Row = { id: string }

let store: SqliteStateStore
afterEach(() => store?.close())

describe('launches', () => {
  it('count each run’s requests, two runs at once through one client', async () => {
    store = new SqliteStateStore(':memory:')
    // the pipelines are read when a launch starts, by then defined below
    const launches: Launches = new Launches({ store, pipelines: () => pipelines })
    // answers after a pause, so that the two runs' calls interleave
    const fetch = scriptedFetch(async () => {
      await new Promise((resolve) => setTimeout(resolve, 2))
      return jsonResponse({ data: { id: 1, name: 'x' } })
    })
    const client = createApiClient(toyApi, toyProtocol, {
      fetch,
      hooks: launches.hooks,
    })
    // a pipeline whose sink asks the toy API `calls` times for each record
    const pipeline = (name: string, calls: number): PipelineDef => {
      const source: Source<Row> = {
        async *read() {
          yield { records: [0, 1, 2].map((i) => ({ key: `${name}${i}`, record: { id: `${i}` } })) }
        },
      }
      const sink = {
        name: `${name} sink`,
        batchSize: 1,
        concurrency: 3,
        async write(batch: Planned<Row>[], ctx: StreamContext): Promise<Outcome[]> {
          for (let i = 0; i < calls; i++)
            await client.items.get({ id: batch[0]!.record.id }, { signal: ctx.signal })
          return [{ ok: true }]
        },
      }
      return { name, streams: [defineStream<Row>({ name: 'rows', source, sink })] }
    }
    const pipelines = [pipeline('a', 2), pipeline('b', 5)]
    const [a, b] = await Promise.all([launches.start('a', false), launches.start('b', false)])
    const [doneA, doneB] = await Promise.all([launches.settled(a.id), launches.settled(b.id)])
    expect(doneA).toMatchObject({ state: 'succeeded', requests: { toy: { requests: 6 } } })
    expect(doneB).toMatchObject({ state: 'succeeded', requests: { toy: { requests: 15 } } })
    expect(fetch.requests).toHaveLength(21)
  })
})
