/**
 * `kopru sync` as a separate process against emulators served by this one: killed with SIGKILL at
 * several points of a run and started again, it ends in exactly the state of a run never killed.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { createRng } from '../../src/emulator/random.ts'
import { runPipeline } from '../../src/sync/engine.ts'
import { buildPipelines } from '../../src/sync/recipes.ts'
import { openState } from '../../src/sync/open-state.ts'
import { SqliteStateStore } from '../../src/sync/sqlite.ts'
import { freshSchema } from '../support/postgres.ts'
import { runSync, serveWorld, type ServedWorld } from '../support/sync-cli.ts'
import {
  createWorld,
  inProcessClients,
  syncedState,
  worldConfig,
  type World,
} from '../support/sync-world.ts'

const dirs: string[] = []
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'kopru-crash-'))
  dirs.push(dir)
  return dir
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})
let served: ServedWorld | undefined
let dropSchema: (() => Promise<void>) | undefined
afterEach(async () => {
  await served?.close()
  served = undefined
  await dropSchema?.()
  dropSchema = undefined
})

/**
 * The child's clock is the real one, so its first Narwoo read starts three months before a moment
 * this process cannot fix to the millisecond: orders placed within an hour of that edge are taken
 * out of both worlds, so the two runs compared read the same orders.
 */
function withoutEdgeOrders(world: World, now: Date): World {
  const edge = new Date(now)
  edge.setUTCMonth(edge.getUTCMonth() - 3)
  const wall = (ms: number) => new Date(ms + 3 * 3_600_000).toISOString().replace('T', ' ')
  const [from, to] = [wall(edge.getTime() - 3_600_000), wall(edge.getTime() + 3_600_000)]
  const orders = world.narwoo.state.orders
  for (let i = orders.length - 1; i >= 0; i--)
    if (orders[i]!.placedAt >= from && orders[i]!.placedAt <= to) orders.splice(i, 1)
  return world
}

/** Every pipeline once, in process, never interrupted: what the killed runs must end in. */
async function uninterrupted(world: World) {
  const urls = {
    softtr: world.softtr.baseUrl(),
    narwoo: world.narwoo.baseUrl(),
    setrow: world.setrow.baseUrl(),
  }
  const pipelines = buildPipelines(worldConfig(urls), inProcessClients(world))
  const store = new SqliteStateStore(':memory:')
  try {
    for (const pipeline of pipelines) {
      const result = await runPipeline(pipeline, { store })
      expect(result.status).toBe('succeeded')
    }
    expect(await store.deadLetters({ status: 'open' })).toEqual([])
  } finally {
    await store.close()
  }
  return syncedState(world)
}

describe.each(['SQLite', 'PostgreSQL'])(
  'kopru sync killed with SIGKILL, its state in %s',
  (backend) => {
    it('converges to the state of an uninterrupted run: no duplicate order, no double decrement', async () => {
      const now = new Date()
      const reference = await uninterrupted(withoutEdgeOrders(createWorld({ now }), now))
      const world = withoutEdgeOrders(createWorld({ now }), now)
      served = await serveWorld(world, tempDir())
      let statePath = served.statePath
      if (backend === 'PostgreSQL') {
        const schema = await freshSchema('crash')
        dropSchema = schema.drop
        statePath = schema.url
        const text = readFileSync(served.configFile, 'utf8')
        writeFileSync(served.configFile, text.replace(/^state: .*$/m, `state: ${statePath}`))
      }

      // kill points, one per attempt, each at a write whose answer the child never reads: the
      // decrement of Softtr's stock, Narwoo's stock, Setrow's orders and contacts, Setrow's
      // catalogue; which occurrence of each is drawn from a seeded random
      const rng = createRng(20_260_315)
      const nth = (max: number) => 1 + Math.floor(rng() * max)
      const plan = [
        { api: 'softtr', op: 'products.updateStockAndPrice', nth: nth(2) },
        { api: 'narwoo', op: 'products.update', nth: nth(10) },
        { api: 'setrow', op: 'orders.add', nth: nth(2) },
        { api: 'setrow', op: 'email.add', nth: 1 },
        { api: 'setrow', op: 'products.add', nth: nth(20) },
      ]
      const killedAt: string[] = []
      for (const at of plan) {
        let seen = 0
        const run = await runSync(world, ['-c', served.configFile], (request, api) => {
          if (api !== at.api || request.operationId !== at.op || ++seen !== at.nth) return false
          killedAt.push(`${api} ${at.op} #${seen}`)
          return true
        })
        expect(run.signal, `not killed at ${at.op}\n${run.stderr}\n${run.stdout}`).toBe('SIGKILL')
      }
      const last = await runSync(world, ['-c', served.configFile])
      expect(last.code, `${last.stderr}\n${last.stdout}`).toBe(0)
      expect(killedAt).toHaveLength(plan.length)

      const state = syncedState(world)
      expect(state.setrow.orders).toEqual(reference.setrow.orders)
      expect(state.setrow.email).toEqual(reference.setrow.email)
      expect(state.setrow.sms).toEqual(reference.setrow.sms)
      expect(state.softtr).toEqual(reference.softtr)
      expect(state.narwoo).toEqual(reference.narwoo)
      expect(state).toEqual(reference)

      const store = await openState(statePath)
      try {
        expect(await store.deadLetters({ status: 'open' })).toEqual([])
        const runs = await store.runs({ limit: 100 })
        expect(runs.filter((r) => r.status === 'interrupted').length).toBeGreaterThanOrEqual(1)
      } finally {
        await store.close()
      }
    }, 120_000)
  },
)
