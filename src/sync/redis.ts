/**
 * Redis for the distributed mode: the work queue (BullMQ) and the shared rate budgets. Redis holds
 * nothing that PostgreSQL does not also know: losing it loses no work (docs/scaling.md).
 */
import { Redis } from 'ioredis'
import { KopruError, redactPassword } from '../core/errors.ts'

/** `--redis`, else `KOPRU_REDIS_URL`, else the local default. */
export function redisUrl(given?: string, env: Record<string, string | undefined> = process.env) {
  return given ?? env.KOPRU_REDIS_URL ?? 'redis://127.0.0.1:6379'
}

/**
 * What is wrong with a Redis URL's database index (`redis://host:6379/2`, or `?db=2`), if anything:
 * ioredis would select `NaN` for `/abc` and carry on in database 0.
 */
export function redisUrlProblem(url: string): string | undefined {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return undefined // a socket path, or host:port: ioredis reads it as it always has
  }
  if (!/^rediss?:$/.test(parsed.protocol)) return undefined
  const db = parsed.pathname.length > 1 ? parsed.pathname.slice(1) : parsed.searchParams.get('db')
  if (db === null || /^\d+$/.test(db)) return undefined
  return `${redactPassword(url)}: the database after the port must be a number such as /0 (Redis has 0 to 15 unless configured otherwise), got "${db}"`
}

/** Keys are prefixed, so several kopru installations (or tests) share one Redis apart. */
export function queuePrefix(env: Record<string, string | undefined> = process.env): string {
  return env.KOPRU_QUEUE_PREFIX ?? 'kopru'
}

/**
 * A connection that waits out an outage instead of failing its commands (BullMQ requires
 * `maxRetriesPerRequest: null`); errors are reported through `onError`, once per outage. A
 * database Redis does not have ends the connection (ioredis would carry on in database 0) and is
 * reported through `onFatal`.
 */
export function redisConnection(
  url: string,
  onError: (message: string) => void,
  onFatal: (error: Error) => void = () => undefined,
): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: null, retryStrategy: () => 500 })
  const shown = redactPassword(url)
  let down = false
  redis.on('error', (error: Error & { command?: { name?: string; args?: unknown[] } }) => {
    if (error.command?.name === 'select') {
      // before any queued command is sent: none of them reaches database 0
      redis.disconnect()
      return onFatal(
        new KopruError(
          `Redis at ${shown} refuses database ${String(error.command.args?.[0])} (${error.message}); give one it has, such as redis://host:6379/0`,
        ),
      )
    }
    if (down) return
    down = true
    onError(`Redis at ${shown} cannot be reached (${error.message}); retrying every 0.5 s`)
  })
  redis.on('ready', () => (down = false))
  return redis
}
