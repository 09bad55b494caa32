/**
 * Redis for the distributed mode: the work queue (BullMQ) and the shared rate budgets. Redis holds
 * nothing that PostgreSQL does not also know: losing it loses no work (docs/scaling.md).
 */
import { Redis } from 'ioredis'

/** `--redis`, else `KOPRU_REDIS_URL`, else the local default. */
export function redisUrl(given?: string, env: Record<string, string | undefined> = process.env) {
  return given ?? env.KOPRU_REDIS_URL ?? 'redis://127.0.0.1:6379'
}

/** Keys are prefixed, so several kopru installations (or tests) share one Redis apart. */
export function queuePrefix(env: Record<string, string | undefined> = process.env): string {
  return env.KOPRU_QUEUE_PREFIX ?? 'kopru'
}

/**
 * A connection that waits out an outage instead of failing its commands (BullMQ requires
 * `maxRetriesPerRequest: null`); errors are reported through `onError`, once per outage.
 */
export function redisConnection(url: string, onError: (message: string) => void): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: null, retryStrategy: () => 500 })
  let down = false
  redis.on('error', (error: Error) => {
    if (down) return
    down = true
    onError(`Redis at ${url} cannot be reached (${error.message}); retrying every 0.5 s`)
  })
  redis.on('ready', () => (down = false))
  return redis
}
