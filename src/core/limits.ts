/** Client-side pacing: a token bucket for rate and a semaphore for concurrency. Time is injected. */

export interface Clock {
  now(): number
  sleep(ms: number, signal?: AbortSignal): Promise<void>
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason)
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort)
        resolve()
      }, ms)
      const onAbort = () => {
        clearTimeout(timer)
        reject(signal?.reason)
      }
      signal?.addEventListener('abort', onAbort, { once: true })
    }),
}

export interface RateLimit {
  /** sustained requests per second */
  perSecond: number
  /** requests allowed at once after a quiet spell; defaults to `perSecond` */
  burst?: number
}

export class TokenBucket {
  private tokens: number
  private updatedAt: number
  private readonly capacity: number
  /** waiters are served in arrival order so nobody starves */
  private queue: Promise<void> = Promise.resolve()

  constructor(
    private readonly limit: RateLimit,
    private readonly clock: Clock = systemClock,
  ) {
    if (!(limit.perSecond > 0)) throw new RangeError('rate limit perSecond must be above 0')
    this.capacity = Math.max(1, limit.burst ?? limit.perSecond)
    this.tokens = this.capacity
    this.updatedAt = clock.now()
  }

  take(signal?: AbortSignal): Promise<void> {
    const turn = this.queue.then(() => this.waitForToken(signal))
    this.queue = turn.catch(() => undefined)
    return turn
  }

  private async waitForToken(signal?: AbortSignal): Promise<void> {
    for (;;) {
      const now = this.clock.now()
      this.tokens = Math.min(
        this.capacity,
        this.tokens + ((now - this.updatedAt) / 1000) * this.limit.perSecond,
      )
      this.updatedAt = now
      if (this.tokens >= 1) {
        this.tokens -= 1
        return
      }
      await this.clock.sleep(Math.ceil(((1 - this.tokens) / this.limit.perSecond) * 1000), signal)
    }
  }
}

export class Semaphore {
  private active = 0
  private readonly waiting: (() => void)[] = []

  constructor(readonly size: number) {
    if (!(size >= 1)) throw new RangeError('concurrency must be at least 1')
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve))
    else this.active++
    try {
      return await task()
    } finally {
      const next = this.waiting.shift()
      if (next) next()
      else this.active--
    }
  }
}

/**
 * Runs `task` over items with at most `concurrency` in flight, keeping input order in the result.
 * After a failure no new task starts, and the first error is thrown only once every task already
 * started has ended: a caller that runs again at once (a stream's second chance) must not race
 * writes still in flight from the failed attempt.
 */
export async function mapConcurrent<T, R>(
  items: readonly T[],
  concurrency: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length)
  let next = 0
  let failure: { error: unknown } | undefined
  const worker = async () => {
    while (next < items.length && !failure) {
      const index = next++
      try {
        results[index] = await task(items[index]!, index)
      } catch (error) {
        failure ??= { error }
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker))
  if (failure) throw failure.error
  return results
}

/** What a limiter learns from one attempt: the answer's status (none: no answer) and its time. */
export interface AttemptOutcome {
  status?: number | undefined
  durationMs: number
}

/**
 * Paces a client's requests beyond a fixed rate and concurrency: asked before each attempt, told
 * how each went. Several clients (and, through Redis, several processes) may share one, so the
 * pace is per vendor account, not per client.
 */
export interface Limiter {
  /** resolves when an attempt may be sent */
  acquire(signal?: AbortSignal): Promise<void>
  /** once per `acquire`, when the attempt ends */
  release(outcome: AttemptOutcome): void
}

/** Limiters in turn: each is asked, and each told, so a shared budget and a local window add up. */
export function chainLimiters(...limiters: Limiter[]): Limiter {
  return {
    async acquire(signal) {
      for (let i = 0; i < limiters.length; i++) {
        try {
          await limiters[i]!.acquire(signal)
        } catch (error) {
          for (let j = 0; j < i; j++) limiters[j]!.release({ durationMs: 0 })
          throw error
        }
      }
    },
    release(outcome) {
      for (const limiter of limiters) limiter.release(outcome)
    },
  }
}
