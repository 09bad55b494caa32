/**
 * One rate budget per vendor account, shared by every worker through Redis: the generic cell rate
 * algorithm (GCRA), one key per account holding the time the next request may go. Each request
 * reserves its turn in one round trip and sleeps until it; a 429 from the vendor pushes that time
 * back for everyone. Redis's own clock decides, so the workers' clocks need not agree.
 */
import type { Redis } from 'ioredis'
import { systemClock, type AttemptOutcome, type Clock, type Limiter } from '../core/limits.ts'

/** Reserves the next turn: answers how many ms to wait before sending. */
const RESERVE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local interval = tonumber(ARGV[1])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then tat = now end
redis.call('SET', KEYS[1], tostring(tat + interval), 'PX', 600000)
return tostring(tat - now)
`

/** Moves everyone's next turn `ARGV[1]` ms later. */
const PAUSE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then tat = now end
redis.call('SET', KEYS[1], tostring(tat + tonumber(ARGV[1])), 'PX', 600000)
return 1
`

/**
 * The share of the configured rate used: turns reserved at exactly the limit reach the vendor with
 * the network's jitter, and a vendor counting per second would see one too many now and then.
 */
export const BUDGET_MARGIN = 0.95

export interface SharedBudgetOptions {
  /** the vendor account's requests per second, shared by all */
  perSecond: number
  /** how long a 429 holds everyone back (default: half a second) */
  pauseOnThrottleMs?: number
  clock?: Clock
}

export class SharedBudget implements Limiter {
  private readonly intervalMs: number
  private readonly pauseMs: number
  private readonly clock: Clock

  constructor(
    private readonly redis: Redis,
    /** the Redis key of this account's budget */
    private readonly key: string,
    options: SharedBudgetOptions,
  ) {
    if (!(options.perSecond > 0)) throw new RangeError('a shared budget needs a rate above 0')
    this.intervalMs = 1000 / (options.perSecond * BUDGET_MARGIN)
    this.pauseMs = options.pauseOnThrottleMs ?? 500
    this.clock = options.clock ?? systemClock
  }

  async acquire(signal?: AbortSignal): Promise<void> {
    const waitMs = Number(await this.redis.eval(RESERVE, 1, this.key, this.intervalMs))
    if (waitMs > 0) await this.clock.sleep(Math.ceil(waitMs), signal)
  }

  release({ status }: AttemptOutcome): void {
    if (status === 429)
      void this.redis.eval(PAUSE, 1, this.key, this.pauseMs).catch(() => undefined)
  }
}
