/**
 * The distributed mode end to end: twenty tenants, each with emulators of its own, registered in a
 * PostgreSQL state; a scheduler in this process; three `kopru worker` processes taking runs from a
 * Redis of the test's own. Workers are SIGKILLed mid-batch and replaced, Redis is killed and
 * restarted empty, and every tenant still ends in exactly the state of a single-process run.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRng } from '../../src/emulator/random.ts'
import { serveEmulators } from '../../src/emulator/serve.ts'
import { startScheduler, type Scheduling } from '../../src/sync/distributed.ts'
import { PostgresStateStore } from '../../src/sync/postgres.ts'
import { TenantRegistry } from '../../src/sync/tenants.ts'
import { freshSchema } from '../support/postgres.ts'
import { privateRedis, type PrivateRedis } from '../support/redis.ts'
import { setrowEmulator } from '../../src/apis/setrow/emulator/index.ts'
import type { SetrowStore } from '../../src/apis/setrow/emulator/store.ts'
import { createEmulator } from '../../src/emulator/host.ts'
import { runPipeline } from '../../src/sync/engine.ts'
import { buildPipelines } from '../../src/sync/recipes.ts'
import { SqliteStateStore } from '../../src/sync/sqlite.ts'
import {
  SIZES,
  createWorld,
  inProcessClients,
  worldConfig,
  syncedState,
  uninterrupted,
  withoutEdgeOrders,
  worldConfigInput,
  worldEnv,
  type World,
} from '../support/sync-world.ts'
import { servedUrls, runsExpected } from '../support/tenants.ts'

const root = join(import.meta.dirname, '..', '..')
const TENANTS = 20
const secretKey = randomBytes(32).toString('base64')
const prefix = `kopru-test-${process.pid}`

let state: Awaited<ReturnType<typeof freshSchema>>
let redis: PrivateRedis
let scheduler: Scheduling | undefined
const servings: { close(): Promise<void> }[] = []
const workers = new Set<ChildProcess>()
const output: string[] = []

function startWorkerProcess(prefixOf = prefix): ChildProcess {
  const child = spawn(process.execPath, ['bin/kopru.js', 'worker', '--concurrency', '3'], {
    cwd: root,
    env: {
      ...process.env,
      KOPRU_STATE_URL: state.url,
      KOPRU_REDIS_URL: redis.url,
      KOPRU_QUEUE_PREFIX: prefixOf,
      KOPRU_SECRET_KEY: secretKey,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString())
    if (process.env.KOPRU_TEST_WORKER_LOG) process.stderr.write(chunk)
  }
  child.stdout!.on('data', keep)
  child.stderr!.on('data', keep)
  workers.add(child)
  child.once('exit', () => workers.delete(child))
  return child
}

beforeAll(async () => {
  state = await freshSchema('distributed')
  redis = await privateRedis()
}, 60_000)

afterAll(async () => {
  for (const worker of workers) worker.kill('SIGKILL')
  await scheduler?.stop().catch(() => undefined)
  await redis?.stop()
  for (const serving of servings) await serving.close()
  await state?.drop()
})

/** Resolves when the last runs of these tenants' `expected` pipelines have succeeded since `since`. */
async function converged(
  registry: TenantRegistry,
  tenants: readonly string[],
  since: Date,
  timeoutMs: number,
  expected: number,
) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const done = (await registry.lastRuns()).filter(
      (run) => tenants.includes(run.tenant) && run.status === 'succeeded' && run.startedAt >= since,
    ).length
    if (done === expected) return
    if (Date.now() > deadline)
      throw new Error(
        `${done} of ${expected} runs done in time; worker output:\n${output.join('').slice(-4000)}`,
      )
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}

describe('three workers, twenty tenants', () => {
  it('converge to each tenant’s single-process state through SIGKILLs and a Redis restart', async () => {
    const now = new Date()
    const since = new Date(Date.now() - 1000)
    const registry = await TenantRegistry.open(state.url, { KOPRU_SECRET_KEY: secretKey })
    const worlds: World[] = []
    const references: ReturnType<typeof syncedState>[] = []
    try {
      for (let i = 0; i < TENANTS; i++) {
        const seed = 100 + i
        references.push(await uninterrupted(withoutEdgeOrders(createWorld({ seed, now }), now)))
        const world = withoutEdgeOrders(createWorld({ seed, now }), now)
        const serving = await serveEmulators(world.all)
        servings.push(serving)
        worlds.push(world)
        await registry.put({
          name: `shop-${i}`,
          config: worldConfigInput(servedUrls(serving)),
          secrets: worldEnv,
          everySeconds: 3600,
        })
      }

      // kills: after a drawn number of writes across all tenants, a random worker dies mid-batch
      const rng = createRng(20_261_206)
      let kills = 0
      let writes = 0
      let nextKill = 40 + Math.floor(rng() * 60)
      let redisRestarted = false
      for (const world of worlds)
        for (const emulator of world.all) {
          const log = emulator.log
          const add = log.add
          log.add = function (entry) {
            add.call(this, entry)
            if (entry.method === 'GET') return
            writes++
            if (kills < 6 && writes >= nextKill) {
              const live = [...workers]
              const victim = live[Math.floor(rng() * live.length)]
              if (victim) {
                victim.kill('SIGKILL')
                kills++
                startWorkerProcess()
              }
              nextKill = writes + 40 + Math.floor(rng() * 80)
            }
            if (!redisRestarted && kills >= 3) {
              redisRestarted = true
              void redis.stop().then(() => new Promise((r) => setTimeout(r, 500)).then(redis.start))
            }
          }
        }

      for (let i = 0; i < 3; i++) startWorkerProcess()
      scheduler = await startScheduler({
        stateUrl: state.url,
        redisUrl: redis.url,
        tickMs: 500,
        env: { KOPRU_SECRET_KEY: secretKey, KOPRU_QUEUE_PREFIX: prefix },
        log: (level, message) => {
          if (level !== 'info') output.push(`scheduler ${level}: ${message}\n`)
        },
      })
      const shops = Array.from({ length: TENANTS }, (_, i) => `shop-${i}`)
      await converged(registry, shops, since, 240_000, await runsExpected(registry, shops))
      await scheduler.stop()
      scheduler = undefined
      for (const worker of workers) worker.kill('SIGKILL')

      expect(kills).toBe(6)
      expect(redisRestarted).toBe(true)
      for (let i = 0; i < TENANTS; i++)
        expect(syncedState(worlds[i]!), `tenant shop-${i}`).toEqual(references[i])

      // nothing refused, and the killed runs are on record as interrupted
      const store = await PostgresStateStore.open({ url: state.url })
      try {
        let interrupted = 0
        for (let i = 0; i < TENANTS; i++) {
          const tenant = store.forTenant(`shop-${i}`)
          expect(await tenant.deadLetters({ status: 'open' })).toEqual([])
          interrupted += (await tenant.runs({ limit: 50 })).filter(
            (r) => r.status === 'interrupted',
          ).length
        }
        expect(interrupted).toBeGreaterThanOrEqual(1)
      } finally {
        await store.close()
      }
      // the workers log JSON lines naming tenant, pipeline, job and run
      const finished = output
        .join('')
        .split('\n')
        .filter((line) => line.startsWith('{') && line.includes('"run succeeded"'))
        .map((line) => JSON.parse(line) as Record<string, unknown>)
      expect(finished.length).toBeGreaterThan(0)
      expect(finished[0]).toMatchObject({
        level: 'info',
        tenant: expect.stringMatching(/^shop-\d+$/),
        pipeline: expect.any(String),
        job: expect.any(String),
        run: expect.any(Number),
      })
    } finally {
      await registry.close()
    }
  }, 420_000)
})

describe('four workers, four tenants on one Setrow account limited to R requests a second', () => {
  it('stay within R in every second together, and deliver everything', async () => {
    const R = 20
    const SHARED = 4
    const now = new Date()
    const since = new Date(Date.now() - 1000)
    const sharedPrefix = `${prefix}-budget`
    const setrowOf = (chaos?: { rateLimitPerSecond: number }) =>
      createEmulator(setrowEmulator, {
        seed: 11,
        clock: () => now,
        env: {},
        sizes: SIZES.setrow,
        ...(chaos ? { chaos } : {}),
      })

    // the reference: each tenant's orders and customers, one after the other, in process
    const referenceSetrow = setrowOf()
    for (let i = 0; i < SHARED; i++) {
      const world = withoutEdgeOrders(createWorld({ seed: 300 + i, now }), now)
      const tenantWorld = {
        ...world,
        setrow: referenceSetrow,
        all: [world.softtr, world.narwoo, referenceSetrow],
      } as World
      const urls = {
        softtr: world.softtr.baseUrl(),
        narwoo: world.narwoo.baseUrl(),
        setrow: referenceSetrow.baseUrl(),
      }
      const [pipeline] = buildPipelines(
        worldConfig(urls),
        await inProcessClients(tenantWorld),
      ).filter((p) => p.name === 'customers-and-orders')
      const store = new SqliteStateStore(':memory:')
      try {
        expect((await runPipeline(pipeline!, { store })).status).toBe('succeeded')
      } finally {
        await store.close()
      }
    }

    const shared = setrowOf({ rateLimitPerSecond: R })
    const seconds = new Map<number, number>()
    let throttled = 0
    const add = shared.log.add
    shared.log.add = function (entry) {
      add.call(this, entry)
      const second = Math.floor(Date.now() / 1000)
      seconds.set(second, (seconds.get(second) ?? 0) + 1)
      if (entry.status === 429) throttled++
    }
    const setrowServing = await serveEmulators([shared])
    servings.push(setrowServing)
    const setrowUrl = setrowServing.served[0]!.baseUrl
    const registry = await TenantRegistry.open(state.url, { KOPRU_SECRET_KEY: secretKey })
    try {
      for (let i = 0; i < SHARED; i++) {
        const world = withoutEdgeOrders(createWorld({ seed: 300 + i, now }), now)
        const serving = await serveEmulators([world.softtr, world.narwoo])
        servings.push(serving)
        const url = (name: string) => serving.served.find((s) => s.emulator.name === name)!.baseUrl
        const config = worldConfigInput({
          softtr: url('softtr'),
          narwoo: url('narwoo'),
          setrow: setrowUrl,
        })
        await registry.put({
          name: `budget-${i}`,
          config: {
            ...config,
            connections: {
              ...config.connections,
              setrow: { ...config.connections.setrow, rateLimit: R },
            },
            pipelines: { 'customers-and-orders': {} },
          },
          secrets: worldEnv,
          everySeconds: 3600,
        })
      }
      for (let i = 0; i < 4; i++) startWorkerProcess(sharedPrefix)
      const budgetScheduler = await startScheduler({
        stateUrl: state.url,
        redisUrl: redis.url,
        tickMs: 500,
        env: { KOPRU_SECRET_KEY: secretKey, KOPRU_QUEUE_PREFIX: sharedPrefix },
        log: (level, message) => {
          if (level !== 'info') output.push(`scheduler ${level}: ${message}\n`)
        },
      })
      try {
        await converged(
          registry,
          Array.from({ length: SHARED }, (_, i) => `budget-${i}`),
          since,
          240_000,
          SHARED,
        )
      } finally {
        await budgetScheduler.stop()
      }
    } finally {
      await registry.close()
    }

    const store = await PostgresStateStore.open({ url: state.url })
    try {
      for (let i = 0; i < SHARED; i++) {
        const tenant = store.forTenant(`budget-${i}`)
        expect(await tenant.deadLetters({ status: 'open' }), `budget-${i}`).toEqual([])
        const [run] = await tenant.runs({ limit: 1 })
        expect(run?.counts, `budget-${i}`).toBeDefined()
      }
    } finally {
      await store.close()
    }
    const busiest = Math.max(...seconds.values())
    expect(busiest).toBeLessThanOrEqual(R)
    expect(throttled).toBe(0)
    const total = [...seconds.values()].reduce((a, b) => a + b, 0)
    expect(total).toBeGreaterThan(3 * R) // the budget was put to work, over several seconds
    const orders = (store: SetrowStore) =>
      [...store.orders.values()].map((o) => JSON.stringify(o)).sort()
    const addresses = (store: SetrowStore) => [...store.contacts.email.keys()].sort()
    expect(orders(shared.state as SetrowStore)).toEqual(
      orders(referenceSetrow.state as SetrowStore),
    )
    expect(addresses(shared.state as SetrowStore)).toEqual(
      addresses(referenceSetrow.state as SetrowStore),
    )
  }, 420_000)
})
