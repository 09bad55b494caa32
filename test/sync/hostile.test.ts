/**
 * Every operation the built-in pipelines call, answered with HTTP 200 and something that is not the
 * vendor's answer (a maintenance page, garbage, an empty body, `null`, cut-off JSON, another
 * shape): the pipelines that need it stop with nothing dead-lettered, and once the vendor heals the
 * next plain run ends in exactly the state of a run that never met the fault.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runPipeline, type RunResult } from '../../src/sync/engine.ts'
import { buildPipelines, clientsFromConfig } from '../../src/sync/recipes.ts'
import { SqliteStateStore } from '../../src/sync/sqlite.ts'
import type { PipelineDef } from '../../src/sync/stream.ts'
import { HostileProxy, corruptions, reachesVendor, type Corruption } from '../support/hostile.ts'
import {
  createWorld,
  syncedState,
  worldConfig,
  worldEnv,
  type World,
} from '../support/sync-world.ts'

const NOW = new Date(Math.floor(Date.now() / 60_000) * 60_000)

interface Setup {
  world: World
  hostile: HostileProxy
  pipelines: PipelineDef[]
  store: SqliteStateStore
  run(): Promise<Record<string, RunResult['status']>>
}

const stores: SqliteStateStore[] = []
afterAll(async () => {
  for (const store of stores) await store.close()
})

async function setup(): Promise<Setup> {
  const world = createWorld({ now: NOW })
  const hostile = new HostileProxy(world.all)
  const urls = {
    softtr: world.softtr.baseUrl(),
    narwoo: world.narwoo.baseUrl(),
    setrow: world.setrow.baseUrl(),
  }
  const config = worldConfig(urls)
  // a client's own retries, quick here; the engine's second chance within the run, at once
  const clients = await clientsFromConfig(
    config,
    { fetch: hostile.fetch, retry: { retries: 2, baseDelayMs: 0, maxDelayMs: 0 } },
    worldEnv,
  )
  const pipelines = buildPipelines(config, clients)
  const store = new SqliteStateStore(':memory:')
  stores.push(store)
  return {
    world,
    hostile,
    pipelines,
    store,
    async run() {
      const statuses: Record<string, RunResult['status']> = {}
      for (const pipeline of pipelines) {
        const result = await runPipeline(pipeline, {
          store,
          clock: () => NOW,
          streamRetryDelaysMs: [0],
        }).catch((): Pick<RunResult, 'status'> => ({ status: 'failed' }))
        statuses[pipeline.name] = result.status
      }
      return statuses
    },
  }
}

/** What an uninterrupted run leaves, and which pipeline calls which operation. */
let clean: ReturnType<typeof syncedState>
const usedBy = new Map<string, Set<string>>()

beforeAll(async () => {
  const { world, pipelines, store } = await setup()
  for (const pipeline of pipelines) {
    world.all.forEach((e) => e.log.clear())
    const result = await runPipeline(pipeline, { store, clock: () => NOW })
    expect(result.status).toBe('succeeded')
    for (const e of world.all)
      for (const entry of e.log.list({ limit: Number.MAX_SAFE_INTEGER })) {
        const key = `${e.name} ${entry.operationId}`
        usedBy.set(key, (usedBy.get(key) ?? new Set()).add(pipeline.name))
      }
  }
  clean = syncedState(world)
})

/**
 * Each operation with two kinds of wrong answer, rotating so that every kind meets every API: one
 * the vendor never saw and, in turn, one to a call it carried out.
 */
const cases: [string, string, Corruption][] = [
  ...'softtr orders.list|softtr orders.get|softtr products.list|softtr products.updateStockAndPrice|narwoo auth.login|narwoo orders.list|narwoo orders.get|narwoo products.list|narwoo products.update|setrow groups.email.list|setrow groups.email.create|setrow groups.sms.list|setrow groups.sms.create|setrow email.get|setrow sms.get|setrow email.add|setrow sms.add|setrow orders.add|setrow categories.list|setrow categories.add|setrow products.add'
    .split('|')
    .flatMap((key, i): [string, string, Corruption][] => {
      const [api, op] = key.split(' ') as [string, string]
      return [
        [api, op, corruptions[i % 4]!],
        [api, op, corruptions[4 + (i % 2)]!],
      ]
    }),
]

describe('a vendor answering HTTP 200 with something that is not its answer', () => {
  it.each([
    ['softtr', 'orders.get', 'html', 7],
    ['narwoo', 'products.list', 'garbage', 1],
    ['setrow', 'orders.add', 'truncated', 1],
    ['setrow', 'email.add', 'wrongShape', 1],
  ] as const)(
    'once, at the nth call of %s %s (%s, n = %d): the client tries again and the run ends as a clean one',
    async (api, operationId, corruption, nth) => {
      const s = await setup()
      s.hostile.rules = [{ api, operationId, corruption, nth }]
      expect(Object.values(await s.run())).toEqual(['succeeded', 'succeeded', 'succeeded'])
      expect(s.hostile.swapped).toBe(1)
      expect(await s.store.deadLetters()).toEqual([])
      expect(syncedState(s.world)).toEqual(clean)
    },
  )

  it('covers every operation the pipelines call', () => {
    expect([...new Set(cases.map(([api, op]) => `${api} ${op}`))].sort()).toEqual(
      [...usedBy.keys()].sort(),
    )
  })

  it.each(cases)(
    'at every call of %s %s (%s): the pipelines using it stop, nothing is dead-lettered, the healed run ends as a clean one',
    async (api, operationId, corruption) => {
      const s = await setup()
      s.hostile.rules = [{ api, operationId, corruption }]
      const first = await s.run()
      expect(s.hostile.swapped).toBeGreaterThan(0)
      expect(await s.store.deadLetters()).toEqual([])
      // a group created by a call whose answer was lost is found by name, not made again
      const recovers = reachesVendor(corruption) && /^groups\.\w+\.create$/.test(operationId)
      for (const pipeline of usedBy.get(`${api} ${operationId}`)!)
        expect(first[pipeline], pipeline).toBe(recovers ? 'succeeded' : 'failed')
      s.hostile.heal()
      const healed = await s.run()
      expect(Object.values(healed)).toEqual(['succeeded', 'succeeded', 'succeeded'])
      expect(await s.store.deadLetters()).toEqual([])
      expect(syncedState(s.world)).toEqual(clean)
    },
  )
})
