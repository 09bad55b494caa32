/**
 * PostgreSQL stopped in the middle of the tenants' runs: the worker keeps running and says what is
 * wrong in its log, and once the database is back every tenant converges to the state of a
 * single-process run, with nothing lost and nothing done twice.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { serveEmulators } from '../../src/emulator/serve.ts'
import { startScheduler, type Scheduling } from '../../src/sync/distributed.ts'
import { TenantRegistry } from '../../src/sync/tenants.ts'
import { privatePostgres, type PrivatePostgres } from '../support/postgres.ts'
import { privateRedis, type PrivateRedis } from '../support/redis.ts'
import {
  createWorld,
  syncedState,
  uninterrupted,
  withoutEdgeOrders,
  worldConfigInput,
  worldEnv,
  type World,
} from '../support/sync-world.ts'
import { servedUrls, runsExpected } from '../support/tenants.ts'

const root = join(import.meta.dirname, '..', '..')
const TENANTS = 3
const secretKey = randomBytes(32).toString('base64')
let database: PrivatePostgres | undefined
let redis: PrivateRedis | undefined
let scheduler: Scheduling | undefined
let worker: ChildProcess | undefined
const servings: { close(): Promise<void> }[] = []

afterAll(async () => {
  worker?.kill('SIGKILL')
  await scheduler?.stop().catch(() => undefined)
  await redis?.stop()
  for (const serving of servings) await serving.close()
  await database?.destroy()
})

describe('PostgreSQL stopped mid-run', () => {
  it('the worker says so and carries on; once it is back, every tenant converges', async () => {
    database = await privatePostgres()
    redis = await privateRedis()
    const now = new Date()
    const registry = await TenantRegistry.open(database.url, { KOPRU_SECRET_KEY: secretKey })
    const worlds: World[] = []
    const references: ReturnType<typeof syncedState>[] = []
    for (let i = 0; i < TENANTS; i++) {
      references.push(
        await uninterrupted(withoutEdgeOrders(createWorld({ seed: 400 + i, now }), now)),
      )
      const world = withoutEdgeOrders(createWorld({ seed: 400 + i, now }), now)
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

    // the database goes away at the 60th write the tenants' runs make, and is back 3 s later
    let writes = 0
    let outage: Promise<void> | undefined
    for (const world of worlds)
      for (const emulator of world.all) {
        const log = emulator.log
        const add = log.add
        log.add = function (entry) {
          add.call(this, entry)
          if (entry.method !== 'GET' && ++writes === 60)
            outage = database!
              .stop()
              .then(() => new Promise((resolve) => setTimeout(resolve, 3_000)))
              .then(() => database!.start())
        }
      }

    let output = ''
    worker = spawn(process.execPath, ['bin/kopru.js', 'worker', '--concurrency', '3'], {
      cwd: root,
      env: {
        ...process.env,
        KOPRU_STATE_URL: database.url,
        KOPRU_REDIS_URL: redis.url,
        KOPRU_QUEUE_PREFIX: 'kopru-outage',
        KOPRU_SECRET_KEY: secretKey,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    worker.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()))
    worker.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
    const schedulerLog: string[] = []
    scheduler = await startScheduler({
      stateUrl: database.url,
      redisUrl: redis.url,
      tickMs: 500,
      env: { KOPRU_SECRET_KEY: secretKey, KOPRU_QUEUE_PREFIX: 'kopru-outage' },
      log: (level, message) => schedulerLog.push(`${level}: ${message}`),
    })

    const expected = await runsExpected(
      registry,
      worlds.map((_, i) => `shop-${i}`),
    )
    const deadline = Date.now() + 240_000
    for (;;) {
      const done = outage
        ? await outage.then(() =>
            registry
              .lastRuns()
              .then((runs) => runs.filter((r) => r.status === 'succeeded').length)
              .catch(() => 0),
          )
        : 0
      if (done === expected) break
      if (worker.exitCode !== null)
        throw new Error(`the worker ended (${worker.exitCode}):\n${output.slice(-4000)}`)
      if (Date.now() > deadline)
        throw new Error(`${done} of ${expected} runs done in time; worker:\n${output.slice(-4000)}`)
      await new Promise((resolve) => setTimeout(resolve, 500))
    }
    await registry.close()

    expect(outage).toBeDefined()
    expect(worker.exitCode).toBeNull() // still there, nobody restarted it
    // what went wrong, said as JSON lines naming the tenant and pipeline
    const errors = output
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { level: string; message: string; tenant?: string })
      .filter((line) => line.level === 'error')
    expect(errors.length, output.slice(-3000)).toBeGreaterThan(0)
    expect(errors[0]).toMatchObject({ tenant: expect.stringMatching(/^shop-/) })
    expect(output).not.toMatch(/\n\s+at /) // no stack trace
    expect(schedulerLog.some((line) => /^error: scheduling: /.test(line))).toBe(true)
    expect(schedulerLog.some((line) => /^info: scheduling: working again/.test(line))).toBe(true)
    for (let i = 0; i < TENANTS; i++)
      expect(syncedState(worlds[i]!), `tenant shop-${i}`).toEqual(references[i])
  }, 300_000)
})
