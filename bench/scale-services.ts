/**
 * What `scale.bench.ts` stands on besides the emulators: a private PostgreSQL schema and Redis key
 * prefix per sample, `kopru worker` processes started as an operator starts them, and a list of
 * things to undo that runs whatever happened. PostgreSQL or Redis missing is an error, never a skip.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Redis } from 'ioredis'
import { redisUrl } from '../src/sync/redis.ts'
import { freshSchema } from '../test/support/postgres.ts'

export const root = join(import.meta.dirname, '..')

/** `SCALE_BENCH_PROFILE=<dir>`: every worker and emulator process writes a V8 CPU profile there */
export const profileArgv = process.env.SCALE_BENCH_PROFILE
  ? ['--cpu-prof', `--cpu-prof-dir=${process.env.SCALE_BENCH_PROFILE}`]
  : []

/**
 * Things to undo, last first; every one runs even when another fails. A sample undoes its own in
 * a `scope()`, which its parent also runs if the sample never got to (Ctrl-C mid-sample).
 */
export class Cleanup {
  private undo: { what: string; run: () => Promise<unknown> }[] = []
  private readonly scopes = new Set<Cleanup>()
  private ran = false
  private running: Promise<void> | undefined

  constructor(private readonly parent?: Cleanup) {}

  /** once the bench's own cleanup has run, nothing new may start (an interrupted bench) */
  get closed(): boolean {
    return this.parent ? this.parent.closed : this.ran
  }

  add(what: string, run: () => Promise<unknown>): void {
    // what was started after the bench's cleanup ran is undone at once
    if (this.closed) void run().catch(() => undefined)
    else this.undo.push({ what, run })
  }

  scope(): Cleanup {
    const child = new Cleanup(this)
    this.scopes.add(child)
    return child
  }

  /** the same promise however often it is called: whoever calls waits for all of it */
  run(): Promise<void> {
    return (this.running ??= this.undoAll())
  }

  private async undoAll(): Promise<void> {
    if (!this.parent) this.ran = true
    this.parent?.scopes.delete(this)
    for (const child of [...this.scopes].reverse()) await child.run()
    const failures: string[] = []
    for (const { what, run } of this.undo.splice(0).reverse())
      await run().catch((error: unknown) => failures.push(`${what}: ${(error as Error).message}`))
    if (failures.length) console.error(`scale bench cleanup: ${failures.join('; ')}`)
  }
}

/** A schema of its own in the test database (KOPRU_TEST_DATABASE_URL), dropped by `cleanup`. */
export async function privateSchema(cleanup: Cleanup): Promise<string> {
  const state = await freshSchema('bench')
  cleanup.add(`drop schema ${state.schema}`, () => state.drop())
  return state.url
}

/**
 * The machine's Redis (KOPRU_REDIS_URL, else 127.0.0.1:6379), checked now; every sample takes a
 * key prefix of its own (`prefix()`), whose keys `cleanup` deletes.
 */
export async function sharedRedis(cleanup: Cleanup): Promise<{ url: string; prefix(): string }> {
  const url = redisUrl()
  const redis = new Redis(url, { lazyConnect: true, retryStrategy: () => null })
  // the connection's own error says more than the closed connection a command then meets
  let refused: Error | undefined
  redis.on('error', (error: Error) => (refused ??= error))
  try {
    await redis.connect()
    await redis.ping()
  } catch (error) {
    redis.disconnect()
    const reason = (refused ?? (error as Error)).message
    throw new Error(
      `Redis is needed for this bench and cannot be reached at ${url} (${reason}); start it or set KOPRU_REDIS_URL`,
      { cause: error },
    )
  }
  const prefixes: string[] = []
  cleanup.add('Redis keys', async () => {
    try {
      for (const prefix of prefixes) {
        let cursor = '0'
        do {
          const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000)
          if (keys.length) await redis.del(...keys)
          cursor = next
        } while (cursor !== '0')
      }
    } finally {
      redis.disconnect()
    }
  })
  return {
    url,
    prefix: () => {
      const prefix = `kopru-bench-${process.pid}-${randomBytes(4).toString('hex')}`
      prefixes.push(prefix)
      return prefix
    },
  }
}

export interface WorkerEnv {
  stateUrl: string
  redisUrl: string
  prefix: string
  secretKey: string
}

/** One line a worker logged: `worker started`, `run succeeded`, `run failed: …` … */
export interface WorkerEvent {
  message: string
  tenant?: string
  counts?: Record<string, { created: number }>
  /** when this process read the line (performance.now()) */
  at: number
}

export interface Workers {
  /** resolves once every worker has logged `worker started` */
  ready: Promise<void>
  /** rejects when a worker ends before `stop` */
  exited: Promise<never>
  /** their last lines of output, for an error message */
  tail(): string
  /** CPU seconds the workers have used so far (user + system, from /proc) */
  cpuSeconds(): number
  stop(): Promise<void>
}

/** `count` `kopru worker --concurrency <concurrency>` processes; `onEvent` hears each JSON line. */
export function startWorkers(
  count: number,
  concurrency: number,
  env: WorkerEnv,
  onEvent: (event: WorkerEvent) => void,
  cleanup: Cleanup,
): Workers {
  const output: string[] = []
  const children: ChildProcess[] = []
  const started: Promise<void>[] = []
  let stopping = false
  let exit: (error: Error) => void = () => undefined
  const exited = new Promise<never>((_, reject) => (exit = reject))
  exited.catch(() => undefined)
  for (let i = 0; i < count; i++) {
    const child = spawn(
      process.execPath,
      [...profileArgv, 'bin/kopru.js', 'worker', '--concurrency', String(concurrency)],
      {
        cwd: root,
        env: {
          ...process.env,
          KOPRU_STATE_URL: env.stateUrl,
          KOPRU_REDIS_URL: env.redisUrl,
          KOPRU_QUEUE_PREFIX: env.prefix,
          KOPRU_SECRET_KEY: env.secretKey,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    children.push(child)
    started.push(
      new Promise((resolve, reject) => {
        let rest = ''
        child.stdout!.on('data', (chunk: Buffer) => {
          const lines = (rest + chunk.toString()).split('\n')
          rest = lines.pop()!
          for (const line of lines) {
            output.push(line)
            if (!line.startsWith('{')) continue
            const event = { ...(JSON.parse(line) as WorkerEvent), at: performance.now() }
            if (event.message === 'worker started') resolve()
            onEvent(event)
          }
        })
        child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()))
        child.once('error', reject)
        child.once('exit', (code, signal) => {
          const error = new Error(`kopru worker exited (${signal ?? code}):\n${tail()}`)
          reject(error)
          if (!stopping) exit(error)
        })
      }),
    )
  }
  const tail = () => output.slice(-40).join('\n')
  const stop = async () => {
    stopping = true
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve()
            child.once('exit', () => resolve())
            child.kill('SIGTERM')
            // a worker stops within 10 s by itself; one that does not is ended
            setTimeout(() => child.kill('SIGKILL'), 12_000).unref()
          }),
      ),
    )
  }
  cleanup.add('kopru workers', stop)
  return {
    ready: Promise.all(started).then(() => undefined),
    exited,
    tail,
    cpuSeconds: () => children.reduce((sum, child) => sum + processCpuSeconds(child.pid), 0),
    stop,
  }
}

/** user + system CPU seconds of a live process; 0 where /proc cannot tell */
export function processCpuSeconds(pid: number | undefined): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) / 100
  } catch {
    return 0
  }
}

/** How busy the whole machine was between two readings (all cores, from /proc/stat). */
export function machineBusy(): () => number | undefined {
  const read = () => {
    try {
      const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.split(/\s+/).slice(1)
      const ticks = cpu.map(Number)
      const idle = ticks[3]! + ticks[4]!
      return { total: ticks.reduce((a, b) => a + b, 0), idle }
    } catch {
      return undefined
    }
  }
  const before = read()
  return () => {
    const after = read()
    if (!before || !after || after.total === before.total) return undefined
    return 1 - (after.idle - before.idle) / (after.total - before.total)
  }
}
