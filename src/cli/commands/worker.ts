/** `kopru worker` and `kopru schedule`: the distributed mode (docs/scaling.md). */
import { Command } from 'commander'
import { startScheduler, startWorker, type JsonLog, jsonLines } from '../../sync/distributed.ts'
import { redisUrl, redisUrlProblem } from '../../sync/redis.ts'
import { UsageError, parsePort, parsePositive, stateUrl } from '../util.ts'
import { parseDuration } from './sync.ts'

interface Common {
  state?: string
  redis?: string
}

const stateOption = ['--state <url>', 'the PostgreSQL state (default: KOPRU_STATE_URL)'] as const
const redisOption = [
  '--redis <url>',
  'the Redis of the work queue (default: KOPRU_REDIS_URL, else redis://127.0.0.1:6379)',
] as const

// how long `schedule --once` waits on an unreachable Redis before it gives up
const ONCE_REDIS_WAIT_MS = 10_000

/** `--redis`, else KOPRU_REDIS_URL, else the default, its database index checked. */
function chosenRedis(given: string | undefined): string {
  const url = redisUrl(given)
  const problem = redisUrlProblem(url)
  if (problem)
    throw new UsageError(`${given === undefined ? 'KOPRU_REDIS_URL' : '--redis'} ${problem}`)
  return url
}

/**
 * Resolves once SIGINT or SIGTERM arrives (with undefined), or `failed` does (with its error):
 * a process that cannot go on ends, saying why.
 */
function untilStopped(log: JsonLog, failed: Promise<Error>): Promise<Error | undefined> {
  return new Promise((resolve) => {
    const end = (error?: Error) => {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      resolve(error)
    }
    const stop = (signal: string) => {
      log('info', `${signal}: stopping`)
      end()
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
    void failed.then(end)
  })
}

/**
 * Stops within `ms`: a stop that waits on an unreachable Redis or database ends the process
 * anyway, saying so (runs cut short resume on another worker, from their last committed batch).
 */
async function stopWithin(ms: number, stop: () => Promise<void>, log: JsonLog): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), ms)))
  const outcome = await Promise.race([stop().then(() => 'stopped' as const), late])
  clearTimeout(timer)
  if (outcome === 'late') {
    log(
      'error',
      `could not stop cleanly within ${ms / 1000} s (Redis or PostgreSQL unreachable?); exiting`,
    )
    process.exit(1)
  }
}

export function workerCommand(): Command {
  return new Command('worker')
    .description(
      "run the tenants' pipelines from the work queue (Redis), their state in PostgreSQL; start as many as you like, on any machine",
    )
    .option('--concurrency <n>', 'runs at once in this process', '4')
    .option('--metrics-port <port>', 'serve Prometheus metrics at http://127.0.0.1:PORT/metrics')
    .option(...stateOption)
    .option(...redisOption)
    .action(async (options: Common & { concurrency: string; metricsPort?: string }) => {
      const redis = chosenRedis(options.redis)
      const concurrency = parsePositive(options.concurrency, '--concurrency')
      const metricsPort =
        options.metricsPort === undefined
          ? undefined
          : parsePort(options.metricsPort, '--metrics-port', { free: true })
      const log = jsonLines()
      const worker = await startWorker({
        stateUrl: stateUrl(options.state),
        redisUrl: redis,
        concurrency,
        log,
        ...(metricsPort === undefined ? {} : { metricsPort }),
      })
      const failure = await untilStopped(log, worker.failed)
      await stopWithin(10_000, () => worker.stop(), log)
      if (failure) throw failure
    })
}

export function scheduleCommand(): Command {
  return new Command('schedule')
    .description(
      "queue each tenant's due pipeline runs (kopru tenants add … --every), deciding from the PostgreSQL state",
    )
    .option('--tick <time>', 'how often to look for due runs', '5s')
    .option('--once', 'queue what is due now, then exit')
    .option(...stateOption)
    .option(...redisOption)
    .action(async (options: Common & { tick: string; once?: boolean }) => {
      const redis = chosenRedis(options.redis)
      const log = jsonLines()
      const tickMs = parseDuration(options.tick, '--tick')
      const scheduler = await startScheduler({
        stateUrl: stateUrl(options.state),
        redisUrl: redis,
        log,
        tickMs: options.once ? 0 : tickMs,
        // a pass that must end gives up on an unreachable Redis; a running scheduler waits it out
        ...(options.once ? { redisWaitMs: ONCE_REDIS_WAIT_MS } : {}),
      })
      try {
        if (options.once) {
          const queued = await scheduler.tick()
          log('info', `queued ${queued.length} run(s)`, { queued })
        } else {
          log('info', 'scheduler started', { tickMs })
          const failure = await untilStopped(log, scheduler.failed)
          if (failure) throw failure
        }
      } finally {
        await stopWithin(10_000, () => scheduler.stop(), log)
      }
    })
}
