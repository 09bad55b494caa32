/**
 * The runs `scale.bench.ts` times: every tenant's full sync through the distributed mode (tenants
 * registered in a private schema, `kopru worker` processes, one scheduler pass), and one tenant's
 * full sync by `kopru sync` in a child process, its state in SQLite or PostgreSQL.
 */
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { startScheduler } from '../src/sync/distributed.ts'
import { TenantRegistry } from '../src/sync/tenants.ts'
import type { TenantEmulators } from './scale-emulators-client.ts'
import type { TenantCounts, TenantEndpoints } from './scale-emulators.ts'
import {
  Cleanup,
  machineBusy,
  privateSchema,
  profileArgv,
  root,
  startWorkers,
  type WorkerEvent,
} from './scale-services.ts'

export const PIPELINE = 'customers-and-orders'
/** the stream whose `created` count is the orders a run delivered */
const ORDERS_STREAM = 'softtr-orders'

/** A tenant's kopru.yaml (Softtr's orders into Setrow) and the credentials it names. */
export function tenantConfig(endpoints: TenantEndpoints, state?: string) {
  const secrets: Record<string, string> = {}
  const connection = (api: 'softtr' | 'setrow') => {
    const { baseUrl, credentials } = endpoints[api]
    const env: Record<string, string> = {}
    for (const [key, value] of Object.entries(credentials)) {
      const name = `BENCH_${api.toUpperCase()}_${key.toUpperCase()}`
      env[key] = name
      secrets[name] = value
    }
    return { baseUrl, env }
  }
  const config = {
    ...(state ? { state } : {}),
    connections: { softtr: connection('softtr'), setrow: connection('setrow') },
    pipelines: { [PIPELINE]: { from: ['softtr'] } },
  }
  return { config, secrets }
}

export interface DistributedRun {
  /** from the scheduler's pass to the last tenant's `run succeeded` */
  ms: number
  orders: number
  /** CPU seconds the workers and the emulators used meanwhile */
  workerCpu: number
  emulatorCpu: number
  /** how busy the machine was meanwhile (0–1), where /proc tells */
  busy: number | undefined
  counts: TenantCounts[]
}

/**
 * Every tenant's first full sync by `workers` worker processes of `concurrency` runs each, from a
 * fresh state and fresh Setrow accounts. Throws unless each tenant's run succeeded with exactly
 * `expected[i]` orders delivered.
 */
export async function runDistributed(options: {
  emulators: TenantEmulators
  redis: { url: string; prefix(): string }
  workers: number
  concurrency: number
  expected: readonly number[]
  timeoutMs: number
  cleanup: Cleanup
}): Promise<DistributedRun> {
  const { emulators, expected } = options
  if (options.cleanup.closed) throw new Error('the bench was stopped')
  const cleanup = options.cleanup.scope()
  try {
    const stateUrl = await privateSchema(cleanup)
    const secretKey = randomBytes(32).toString('base64')
    const prefix = options.redis.prefix()
    const env = { KOPRU_SECRET_KEY: secretKey, KOPRU_QUEUE_PREFIX: prefix }
    const registry = await TenantRegistry.open(stateUrl, env)
    cleanup.add('tenant registry', () => registry.close())
    const name = (i: number) => `shop-${i}`
    for (const [i, endpoints] of emulators.endpoints.entries())
      await registry.put({ name: name(i), ...tenantConfig(endpoints), everySeconds: 3600 })
    await emulators.resetSetrow()
    await emulators.counts()

    const done = new Map<string, WorkerEvent>()
    let settle!: { resolve(): void; reject(error: Error): void }
    const finished = new Promise<void>((resolve, reject) => (settle = { resolve, reject }))
    finished.catch(() => undefined) // heard by the race below, whenever it comes
    const workers = startWorkers(
      options.workers,
      options.concurrency,
      { stateUrl, redisUrl: options.redis.url, prefix, secretKey },
      (event) => {
        if (event.message === 'run succeeded' && event.tenant) {
          done.set(event.tenant, event)
          if (done.size === expected.length) settle.resolve()
        } else if (/^run (failed|interrupted)/.test(event.message))
          settle.reject(new Error(`${event.tenant}: ${event.message}\n${workers.tail()}`))
      },
      cleanup,
    )
    await Promise.race([workers.ready, workers.exited])
    const schedulerErrors: string[] = []
    const scheduler = await startScheduler({
      stateUrl,
      redisUrl: options.redis.url,
      tickMs: 0,
      env,
      log: (level, message) => void (level === 'info' || schedulerErrors.push(message)),
    })
    cleanup.add('scheduler', () => scheduler.stop())

    const busy = machineBusy()
    const cpuBefore = workers.cpuSeconds()
    const emulatorCpuBefore = emulators.cpuSeconds()
    const started = performance.now()
    const queued = await scheduler.tick()
    if (queued.length !== expected.length)
      throw new Error(`the scheduler queued ${queued.length} runs of ${expected.length}`)
    let timer: NodeJS.Timeout | undefined
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new Error(
              `${done.size} of ${expected.length} tenants done within ${options.timeoutMs / 1000} s; ` +
                `scheduler: ${schedulerErrors.join('; ') || 'no error'}; workers:\n${workers.tail()}`,
            ),
          ),
        options.timeoutMs,
      )
    })
    try {
      await Promise.race([finished, workers.exited, late])
    } finally {
      clearTimeout(timer)
    }
    const ended = Math.max(...[...done.values()].map((e) => e.at))
    const workerCpu = workers.cpuSeconds() - cpuBefore
    const emulatorCpu = emulators.cpuSeconds() - emulatorCpuBefore
    const machine = busy()

    let orders = 0
    for (const [i, want] of expected.entries()) {
      const created = done.get(name(i))!.counts?.[ORDERS_STREAM]?.created ?? 0
      if (created !== want) throw new Error(`${name(i)}: ${created} orders delivered of ${want}`)
      orders += created
    }
    return {
      ms: ended - started,
      orders,
      workerCpu,
      emulatorCpu,
      busy: machine,
      counts: await emulators.counts(),
    }
  } finally {
    await cleanup.run()
  }
}

export interface CliSync {
  /** the run's own time, as `kopru sync --json` reports it */
  ms: number
  /** the `kopru sync` process from start to exit */
  processMs: number
  orders: number
}

/**
 * One `kopru sync customers-and-orders --json` in a child process, with `state` (a SQLite file or
 * a `postgres://` URL) in the kopru.yaml it writes into `dir`; throws unless the run succeeded.
 */
export async function runCliSync(
  endpoints: TenantEndpoints,
  state: string,
  dir: string,
  file: string,
): Promise<CliSync> {
  const { config, secrets } = tenantConfig(endpoints, state)
  const configFile = join(dir, file)
  // JSON is YAML: kopru.yaml as written
  writeFileSync(configFile, JSON.stringify(config, null, 2))
  const env: Record<string, string | undefined> = { ...process.env, ...secrets }
  delete env.KOPRU_STATE_URL // it would win over the state: line
  const started = performance.now()
  const child = spawn(
    process.execPath,
    [...profileArgv, 'bin/kopru.js', 'sync', PIPELINE, '-c', configFile, '--json'],
    { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)))
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject)
    child.once('exit', resolve)
  })
  const processMs = performance.now() - started
  const lines = stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
  const result = lines.find((l) => l.type === 'pipeline') as
    { status: string; durationMs: number; streams: Record<string, { created: number }> } | undefined
  if (code !== 0 || result?.status !== 'succeeded')
    throw new Error(`kopru sync (${state}) exited with ${code}:\n${stdout.slice(-2000)}\n${stderr}`)
  return {
    ms: result.durationMs,
    processMs,
    orders: result.streams[ORDERS_STREAM]?.created ?? 0,
  }
}
