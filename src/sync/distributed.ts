/**
 * Many tenants, many workers: a scheduler puts one job per due (tenant, pipeline) run on a BullMQ
 * queue in Redis, and `kopru worker` processes run them against the PostgreSQL state. PostgreSQL is
 * the truth: the scheduler decides from the runs recorded there (never from what Redis holds), and
 * the pipeline's advisory lock keeps two workers from running the same pipeline, so a lost Redis,
 * a job delivered twice or a worker killed mid-run loses and doubles nothing.
 */
import { Queue, Worker, type Job } from 'bullmq'
import { KopruError, redactPassword } from '../core/errors.ts'
import { chainLimiters } from '../core/limits.ts'
import type { Redis } from 'ioredis'
import type { Logger } from '../model/connector.ts'
import { PipelineLockedError, runPipeline } from './engine.ts'
import { Metrics, serveMetrics } from './metrics.ts'
import { PostgresStateStore } from './postgres.ts'
import { SharedBudget } from './budget.ts'
import {
  adaptivePacing,
  buildPipelines,
  clientsFromConfig,
  pipelineNames,
  type Pacing,
} from './recipes.ts'
import { queuePrefix, redisConnection } from './redis.ts'
import { TenantRegistry, type LastRun } from './tenants.ts'

export const RUNS_QUEUE = 'runs'

export interface RunJob {
  tenant: string
  pipeline: string
}

/** One job id per (tenant, pipeline): a run already queued or running is not queued again. */
const jobId = ({ tenant, pipeline }: RunJob) => `${tenant}.${pipeline}`

/**
 * The pipeline of a tenant to run now, if any: its pipelines run one at a time, in run order
 * (inventory before the others read stock). A pipeline is due when it never ran, when its last run
 * was cut short (interrupted, or still marked running with nobody holding its lock: its worker
 * died), or when its interval has passed since its last run started.
 */
export function duePipeline(
  pipelines: readonly string[],
  everySeconds: number,
  last: ReadonlyMap<string, LastRun>,
  now: Date,
): string | undefined {
  const ordered = pipelineNames.filter((name) => pipelines.includes(name))
  if (ordered.some((name) => last.get(name)?.held)) return undefined
  return ordered.find((name) => {
    const run = last.get(name)
    if (!run || run.status === 'running' || run.status === 'interrupted') return true
    return now.getTime() - run.startedAt.getTime() >= everySeconds * 1000
  })
}

/** JSON lines on standard output: one object per event, with the ids it concerns. */
export type JsonLog = (
  level: 'info' | 'warn' | 'error',
  message: string,
  fields?: Record<string, unknown>,
) => void

export const jsonLines =
  (write: (line: string) => void = (line) => void process.stdout.write(line)): JsonLog =>
  (level, message, fields = {}) =>
    write(`${JSON.stringify({ time: new Date().toISOString(), level, message, ...fields })}\n`)

/** The engine's logger, its lines carrying `fields` (tenant, pipeline, job, run). */
function engineLogger(log: JsonLog, fields: Record<string, unknown>): Logger {
  return {
    info: (message, extra) => log('info', message, { ...fields, ...extra }),
    warn: (message, extra) => log('warn', message, { ...fields, ...extra }),
  }
}

/** Reports a failure once per outage: a down database is one line, not one per tick. */
function outageReporter(log: JsonLog, what: string) {
  let down = false
  return {
    failed(error: unknown) {
      if (!down) log('error', `${what}: ${(error as Error).message}; retrying`)
      down = true
    },
    ok() {
      if (down) log('info', `${what}: working again`)
      down = false
    },
  }
}

export interface DistributedOptions {
  /** the PostgreSQL state (`postgres://…`) */
  stateUrl: string
  redisUrl: string
  log?: JsonLog
  env?: Record<string, string | undefined>
}

export interface Scheduling {
  /** one pass: the jobs it queued */
  tick(now?: Date): Promise<RunJob[]>
  /** resolves with why it cannot go on (Redis refuses the URL's database); never otherwise */
  failed: Promise<Error>
  stop(): Promise<void>
}

/**
 * The connection to Redis, and why it cannot be used at all once it is known: a database Redis
 * does not have ends it for good, where an outage is waited out.
 */
function connectRedis(url: string, log: JsonLog) {
  let fatal: Error | undefined
  let fail: (error: Error) => void = () => undefined
  const failed = new Promise<Error>((resolve) => (fail = resolve))
  const connection = redisConnection(
    url,
    (message) => log('error', message),
    (error) => fail((fatal ??= error)),
  )
  return { connection, failed, fatal: () => fatal }
}

/**
 * Queues each tenant's due pipeline every `tickMs` (0: only when `tick` is called). Several
 * schedulers may run: a job id is queued once. With `redisWaitMs`, a tick that waits that long on
 * Redis fails (a one-off pass that must end); without, it waits out the outage.
 */
export async function startScheduler(
  options: DistributedOptions & { tickMs?: number; redisWaitMs?: number },
): Promise<Scheduling> {
  const log = options.log ?? jsonLines()
  const env = options.env ?? process.env
  const registry = await TenantRegistry.open(options.stateUrl, env)
  const { connection, failed, fatal } = connectRedis(options.redisUrl, log)
  const queue = new Queue<RunJob>(RUNS_QUEUE, { connection, prefix: queuePrefix(env) })
  queue.on('error', () => undefined) // the connection reports its outage itself
  const outage = outageReporter(log, 'scheduling')

  const tick = async (now = new Date()): Promise<RunJob[]> => {
    const [tenants, runs] = await Promise.all([registry.list(), registry.lastRuns()])
    const lastOf = new Map<string, Map<string, LastRun>>()
    for (const run of runs) {
      const byPipeline = lastOf.get(run.tenant) ?? new Map<string, LastRun>()
      lastOf.set(run.tenant, byPipeline.set(run.pipeline, run))
    }
    const queued: RunJob[] = []
    for (const tenant of tenants) {
      const last = lastOf.get(tenant.name) ?? new Map<string, LastRun>()
      const pipeline = duePipeline(tenant.pipelines, tenant.everySeconds, last, now)
      if (!pipeline) continue
      const job = { tenant: tenant.name, pipeline }
      const added = queue.add(pipeline, job, {
        jobId: jobId(job),
        attempts: 5,
        backoff: { type: 'exponential', delay: 2_000 },
        removeOnComplete: true,
        removeOnFail: true,
      })
      try {
        await within(added, options.redisWaitMs, () => {
          const before = queued.length ? ` (after queueing ${queued.length} run(s))` : ''
          return new KopruError(
            `Redis at ${redactPassword(options.redisUrl)} did not answer within ${options.redisWaitMs! / 1000} s${before}: is it running, and is that its address?`,
          )
        })
      } catch (error) {
        throw fatal() ?? error // the connection it ended says why, not "Connection is closed"
      }
      queued.push(job)
    }
    return queued
  }

  let timer: NodeJS.Timeout | undefined
  let running: Promise<unknown> = Promise.resolve()
  let stopped = false
  const loop = () => {
    running = tick()
      // an unusable Redis is not an outage to retry: `failed` says it, and the scheduler ends
      .then(outage.ok, (error: unknown) => fatal() ?? outage.failed(error))
      .finally(() => {
        if (!stopped) timer = setTimeout(loop, options.tickMs)
      })
  }
  if (options.tickMs) loop()
  return {
    tick,
    failed,
    async stop() {
      stopped = true
      clearTimeout(timer)
      await running
      await queue.close()
      connection.disconnect()
      await registry.close()
    },
  }
}

/** `promise`, failing with `late()` after `ms` (never when `ms` is undefined). */
async function within<T>(
  promise: Promise<T>,
  ms: number | undefined,
  late: () => Error,
): Promise<T> {
  if (ms === undefined) return promise
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(late()), ms)))
  try {
    return await Promise.race([promise, timeout])
  } finally {
    clearTimeout(timer)
  }
}

export interface WorkerOptions extends DistributedOptions {
  /** runs at once in this process (default 4) */
  concurrency?: number
  /** serve `/metrics` on this port (0: a free one) */
  metricsPort?: number
  /** how long a job may go without its worker's heartbeat before another takes it (default 15 s) */
  lockDurationMs?: number
}

export interface WorkerHandle {
  metricsUrl?: string
  metrics: Metrics
  /** resolves with why it cannot go on (Redis refuses the URL's database); never otherwise */
  failed: Promise<Error>
  /** stops taking jobs; runs in progress are interrupted and resume on another worker */
  stop(): Promise<void>
}

/**
 * A worker's pacing: adaptive concurrency per vendor account in this process, within the account's
 * `rateLimit` shared through Redis by every worker (and slowed for all by a 429).
 */
function sharedPacing(redis: Redis, prefix: string): Pacing {
  const local = adaptivePacing()
  const budgets = new Map<string, SharedBudget>()
  return (account) => {
    const { rateLimit, ...connection } = account.connection
    const adaptive = local({ ...account, connection })!
    if (!rateLimit) return adaptive
    let budget = budgets.get(account.key)
    if (!budget)
      budgets.set(
        account.key,
        (budget = new SharedBudget(redis, `${prefix}:budget:${account.key}`, {
          perSecond: rateLimit,
        })),
      )
    return chainLimiters(adaptive, budget)
  }
}

export async function startWorker(options: WorkerOptions): Promise<WorkerHandle> {
  const log = options.log ?? jsonLines()
  const env = options.env ?? process.env
  const metrics = new Metrics()
  const state = await PostgresStateStore.open({ url: options.stateUrl })
  const registry = await TenantRegistry.open(options.stateUrl, env)
  const { connection, failed } = connectRedis(options.redisUrl, log)
  const prefix = queuePrefix(env)
  const stopping = new AbortController()
  const pacing = sharedPacing(connection, prefix)

  const run = async (job: Job<RunJob>) => {
    const { tenant: name, pipeline: pipelineName } = job.data
    const fields: Record<string, unknown> = { tenant: name, pipeline: pipelineName, job: job.id }
    const tenant = await registry.get(name)
    const pipeline =
      tenant &&
      buildPipelines(
        tenant.config,
        await clientsFromConfig(
          tenant.config,
          {
            hooks: {
              afterResponse: ({ api, status }) => {
                metrics.count('kopru_requests_total', 'requests sent, by API and status', {
                  api,
                  status: String(status),
                })
                if (status === 429)
                  metrics.count('kopru_throttled_total', 'answers 429 (throttled), by API', { api })
              },
            },
          },
          { ...env, ...tenant.secrets },
          pacing,
        ),
      ).find((p) => p.name === pipelineName)
    if (!pipeline) {
      log('warn', 'no such tenant or pipeline any more; job dropped', fields)
      return { skipped: 'gone' }
    }
    try {
      const result = await runPipeline(pipeline, {
        store: state.forTenant(name),
        signal: stopping.signal,
        log: engineLogger(log, fields),
        onStart: (runId) => (fields.run = runId),
      })
      metrics.count('kopru_runs_total', 'runs ended, by tenant, pipeline and status', {
        tenant: name,
        pipeline: pipelineName,
        status: result.status,
      })
      for (const [stream, counts] of Object.entries(result.counts))
        for (const action of ['created', 'updated', 'skipped', 'failed'] as const)
          metrics.count(
            'kopru_records_total',
            'records by outcome',
            { tenant: name, pipeline: pipelineName, stream, action },
            counts[action],
          )
      log('info', `run ${result.status}`, {
        ...fields,
        durationMs: Math.round(result.durationMs),
        counts: result.counts,
      })
      return { runId: result.runId, status: result.status }
    } catch (error) {
      if (error instanceof PipelineLockedError) {
        log('info', 'running on another worker; this job ends', fields)
        return { skipped: 'locked' }
      }
      metrics.count('kopru_runs_total', 'runs ended, by tenant, pipeline and status', {
        tenant: name,
        pipeline: pipelineName,
        status: 'failed',
      })
      log('error', `run failed: ${(error as Error).message}`, fields)
      throw error // BullMQ tries the job again after a pause
    }
  }

  const worker = new Worker<RunJob>(RUNS_QUEUE, run, {
    connection,
    prefix,
    concurrency: options.concurrency ?? 4,
    lockDuration: options.lockDurationMs ?? 15_000,
    stalledInterval: Math.max(1_000, (options.lockDurationMs ?? 15_000) / 3),
    maxStalledCount: 100, // a job whose workers keep dying still runs: PostgreSQL keeps it exact
  })
  worker.on('error', () => undefined) // the connection reports its outage itself

  const queue = new Queue<RunJob>(RUNS_QUEUE, { connection, prefix })
  queue.on('error', () => undefined)
  const served =
    options.metricsPort === undefined
      ? undefined
      : await serveMetrics(metrics, options.metricsPort, async () => {
          const counts = await queue.getJobCounts('wait', 'active', 'delayed', 'failed')
          for (const [jobState, value] of Object.entries(counts))
            metrics.set(
              'kopru_queue_jobs',
              'jobs in the run queue, by state',
              { state: jobState },
              value,
            )
        })
  log('info', 'worker started', {
    concurrency: options.concurrency ?? 4,
    ...(served ? { metrics: served.url } : {}),
  })
  return {
    metrics,
    failed,
    ...(served ? { metricsUrl: served.url } : {}),
    async stop() {
      stopping.abort(new Error('the worker is stopping'))
      await worker.close()
      await queue.close()
      await served?.close()
      connection.disconnect()
      await registry.close()
      await state.close()
    },
  }
}
