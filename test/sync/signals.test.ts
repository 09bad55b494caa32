/**
 * A run stops its calls: every request a pipeline's connectors send carries the run's signal, so
 * Ctrl-C, `--max-duration` or a lost lock ends a call's waits (retry backoff, pacing) at once.
 * Connectors pass `ctx.signal` with each call; this holds every built-in pipeline to it, through
 * the transport's hooks, on a first run, a dry run and a run after changes.
 */
import { afterAll, describe, expect, it } from 'vitest'
import type { HookState } from '../../src/core/transport.ts'
import { runPipeline } from '../../src/sync/engine.ts'
import { buildPipelines } from '../../src/sync/recipes.ts'
import { SqliteStateStore } from '../../src/sync/sqlite.ts'
import { createWorld, inProcessClients, worldConfig, worldUrls } from '../support/sync-world.ts'

const NOW = new Date(Math.floor(Date.now() / 60_000) * 60_000)
const store = new SqliteStateStore(':memory:')
afterAll(() => store.close())

describe('the signal of a run', () => {
  it('goes with every request of every built-in pipeline', { timeout: 120_000 }, async () => {
    const world = createWorld({ now: NOW })
    const seen: Pick<HookState, 'api' | 'operationId' | 'signal'>[] = []
    const clients = await inProcessClients(world, {
      hooks: {
        beforeRequest: ({ api, operationId, signal }) =>
          void seen.push({ api, operationId, signal }),
      },
    })
    const pipelines = buildPipelines(worldConfig(worldUrls(world)), clients)
    expect(pipelines.map((p) => p.name).sort()).toEqual([
      'catalog',
      'consent',
      'customers-and-orders',
      'inventory',
      'loyalty',
      'mailkomplet',
    ])
    const runs: { name: string; from: number; to: number }[] = []
    const runAll = async (label: string, dryRun = false) => {
      for (const pipeline of pipelines) {
        const from = seen.length
        await runPipeline(pipeline, { store, clock: () => NOW, dryRun })
        runs.push({ name: `${label} ${pipeline.name}`, from, to: seen.length })
      }
    }
    await runAll('dry', true)
    await runAll('first')
    // a change each source shows: a Softtr order's amount, a Narwoo product's stock
    const order = world.softtr.state.orders.at(-1)!
    order.orderAmount = Math.round(order.orderAmount * 95) / 100
    world.narwoo.state.products[0]!.stock += 1
    await runAll('again')

    const unsignalled = seen.filter((s) => !s.signal).map((s) => `${s.api}.${s.operationId}`)
    expect([...new Set(unsignalled)]).toEqual([])
    // one signal a run, another for the next: the run's own, not one a connector made up
    for (const run of runs) {
      const signals = new Set(seen.slice(run.from, run.to).map((s) => s.signal))
      expect(signals.size, run.name).toBeLessThanOrEqual(1)
    }
    const perRun = runs.filter((r) => r.to > r.from).map((r) => seen[r.from]!.signal)
    expect(new Set(perRun).size).toBe(perRun.length)
    expect(seen.length).toBeGreaterThan(100)
  })
})
