/**
 * Adaptive pacing for one vendor account: how many requests are in flight, found by AIMD as TCP
 * finds its window, and how many a second, found from the vendor's 429s.
 */
import {
  TokenBucket,
  systemClock,
  type AttemptOutcome,
  type Clock,
  type Limiter,
} from './limits.ts'

export interface AdaptiveOptions {
  /** never more requests in flight than this (default 32) */
  maxConcurrency?: number
  /** requests in flight at the start (default 4) */
  initialConcurrency?: number
  /** requests per second never exceeded, when the vendor's limit is known */
  ratePerSecond?: number
  clock?: Clock
}

/** the narrowest window a cut leaves */
const MIN_CONCURRENCY = 2

/** answers in the last second below which a 429 sets no rate */
const MIN_ANSWERS_TO_MEASURE = 10

/** how long a rate near the limit found is kept before kopru tries beyond it */
const HOLD_MS = 30_000

interface Waiter {
  resolve(): void
  reject(reason: unknown): void
  signal?: AbortSignal | undefined
}

/** A rate set by a 429, on trial until the seconds after it show whether slowing down helped. */
interface Trial {
  at: number
  /** the share of answers refused in the second before the rate was set, the 429 that set it aside */
  refusedBefore: number
  previousRate: number | undefined
  /** answers, and those refused, from a second after the rate was set: those paced by it */
  answers: number
  refused: number
}

/** how long a rate is on trial: a second for the answers sent before it, then two to judge it */
const TRIAL_MS = 3000
const PACED_AFTER_MS = 1000

/**
 * Concurrency: from the start, twice as many requests in flight each round trip while answers
 * come back fast (TCP's slow start), until the first cut; then one more per round trip; half as
 * many on a 429, 30 % fewer on a 5xx, a lost answer or latency that has doubled (as TCP CUBIC
 * cuts), at most one cut per round trip and never below two.
 *
 * Rate: a 429 sets one (once at least ten answers came in the second before it: a lower limit is
 * for the configuration to name), what the vendor accepted in that second less 3 %, which then creeps
 * up while no 429 comes (2 % a second) to just below the limit found (1.5 % below), is held there for thirty
 * seconds, then tried beyond (faster the longer it holds): an unknown limit is found and kept with a
 * 429 now and then. A rate is on trial for three seconds: if refusals went on as often in the two
 * after the first (answers to requests paced by it) as in the second before it (the 429 that set
 * it aside: that second holds one by choice), they were not about pace (a vendor's hiccups, a
 * process too busy to send faster), and the rate is undone and not set again for thirty seconds.
 * Two seconds of answers, not one, so that a second that happened to see no hiccup at 20 answers
 * a second (one in eight, at one refused in ten) does not keep a rate that did nothing.
 */
export class AdaptiveLimiter implements Limiter {
  private inFlight = 0
  private window: number
  private waiting: Waiter[] = []
  private readonly watched = new WeakSet<AbortSignal>()
  private readonly max: number
  private readonly clock: Clock
  private readonly ceiling: number | undefined
  private bucket: TokenBucket | undefined
  private rate: number | undefined
  /** what the vendor took in a second that ended in its 429: the limit as last found */
  private limitSeen: number | undefined
  private minLatency = Infinity
  private smoothedLatency = 0
  private lastCut = -Infinity
  /** until the first cut, the window doubles each round trip (TCP's slow start) */
  private slowStart = true
  private lastThrottle = -Infinity
  private lastProbe = -Infinity
  private trial: Trial | undefined
  private ratesSuspendedUntil = -Infinity
  /** answers of the last second by tenth of a second: which tenth, how many, how many refused */
  private readonly tenths = Array.from({ length: 10 }, () => ({
    tenth: -1,
    answers: 0,
    refused: 0,
  }))

  constructor(options: AdaptiveOptions = {}) {
    this.max = options.maxConcurrency ?? 32
    if (!(this.max >= 1)) throw new RangeError('maxConcurrency must be at least 1')
    this.window = Math.min(this.max, options.initialConcurrency ?? 4)
    this.clock = options.clock ?? systemClock
    this.ceiling = options.ratePerSecond
    this.setRate(undefined)
  }

  /** requests allowed in flight now */
  get concurrency(): number {
    return Math.max(1, Math.floor(this.window))
  }

  /** the rate kept to, configured or found; undefined while none is needed */
  get ratePerSecond(): number | undefined {
    return this.rate
  }

  async acquire(signal?: AbortSignal): Promise<void> {
    while (this.inFlight >= this.concurrency) {
      signal?.throwIfAborted()
      await new Promise<void>((resolve, reject) => {
        this.waiting.push({ resolve, reject, signal })
        if (signal) this.watch(signal)
      })
    }
    this.inFlight++
    try {
      if (this.bucket) await this.bucket.take(signal)
    } catch (error) {
      this.inFlight--
      this.wake()
      throw error
    }
  }

  release({ status, durationMs }: AttemptOutcome): void {
    this.inFlight--
    const now = this.clock.now()
    this.remember(now, status === 429)
    if (status === 429) {
      this.throttled(now)
      this.cut(now, 0.5)
    } else if (status === undefined || status >= 500) {
      this.cut(now, 0.7)
    } else {
      this.minLatency = Math.min(this.minLatency, durationMs)
      this.smoothedLatency = this.smoothedLatency
        ? this.smoothedLatency * 0.9 + durationMs * 0.1
        : durationMs
      if (this.smoothedLatency > 2 * this.minLatency + 20) this.cut(now, 0.7)
      else this.window = Math.min(this.max, this.window + (this.slowStart ? 1 : 1 / this.window))
      this.probe(now)
    }
    this.judgeTrial(now, status)
    this.wake()
  }

  /** Wakes as many waiters as there is room for; one woken too many simply waits again. */
  private wake(): void {
    for (let room = this.concurrency - this.inFlight; room > 0 && this.waiting.length; room--)
      this.waiting.shift()!.resolve()
  }

  /**
   * One abort listener per signal, however many of its callers wait (a sync's whole run shares
   * one signal): an abort rejects each of them.
   */
  private watch(signal: AbortSignal): void {
    if (this.watched.has(signal)) return
    this.watched.add(signal)
    signal.addEventListener(
      'abort',
      () => {
        this.watched.delete(signal)
        const aborted = this.waiting.filter((w) => w.signal === signal)
        this.waiting = this.waiting.filter((w) => w.signal !== signal)
        for (const w of aborted) w.reject(signal.reason)
      },
      { once: true },
    )
  }

  /**
   * Narrows the window, once per round trip (answers to requests sent before a cut say nothing
   * new), never below two: one slow answer must not stop the flow behind it.
   */
  private cut(now: number, factor: number): void {
    const roundTrip = Number.isFinite(this.minLatency) ? Math.max(this.smoothedLatency, 10) : 100
    if (now - this.lastCut < roundTrip) return
    this.lastCut = now
    this.slowStart = false
    this.window = Math.max(Math.min(MIN_CONCURRENCY, this.max), this.window * factor)
    this.smoothedLatency = Number.isFinite(this.minLatency) ? this.minLatency : 0
  }

  private throttled(now: number): void {
    if (now < this.ratesSuspendedUntil || this.trial || now - this.lastThrottle < 1000) return
    const { answers, refused } = this.lastSecond(now)
    // a handful of answers a second measures nothing: a limit that low is for kopru.yaml to name
    if (answers < MIN_ANSWERS_TO_MEASURE) return
    this.lastThrottle = now
    const accepted = answers - refused
    // a second measured by a sliding window may straddle the vendor's: the best of the recent
    // ones, a lower one lowering it bit by bit (a limit that was cut)
    this.limitSeen = Math.max(accepted, (this.limitSeen ?? 0) * 0.95)
    const found = Math.max(1, accepted * 0.97)
    this.trial = {
      at: now,
      refusedBefore: (refused - 1) / answers,
      previousRate: this.rate,
      answers: 0,
      refused: 0,
    }
    this.setRate(this.rate === undefined ? found : Math.min(found, this.rate * 0.97))
  }

  /** Counts the answers a rate on trial paced; at its end, undoes it if they were refused as often. */
  private judgeTrial(now: number, status: number | undefined): void {
    const trial = this.trial
    if (!trial) return
    if (now - trial.at < TRIAL_MS) {
      if (now - trial.at >= PACED_AFTER_MS) {
        trial.answers++
        if (status === 429) trial.refused++
      }
      return
    }
    this.trial = undefined
    const refusedAfter = trial.answers ? trial.refused / trial.answers : 0
    if (refusedAfter > 0.005 && refusedAfter >= trial.refusedBefore / 2) {
      this.setRate(trial.previousRate)
      this.ratesSuspendedUntil = now + 30_000
    }
  }

  /**
   * While no 429 comes the rate creeps up, 2 % a second, to just below the limit last found; it is
   * held there for thirty seconds (each try beyond costs a few 429s and their retries' pause), then
   * goes on creeping, faster the longer no 429 comes: the limit may have risen.
   */
  private probe(now: number): void {
    const since = now - this.lastThrottle
    if (this.rate === this.ceiling || since < 1000 || now - this.lastProbe < 1000) return
    this.lastProbe = now
    const below = this.limitSeen === undefined ? Infinity : this.limitSeen * 0.985
    const held = since < HOLD_MS
    if (held && this.rate! >= below) return
    const beyond = held ? since : since - HOLD_MS
    const step = beyond < 3000 ? 0.02 : Math.min(0.5, 0.02 * 2 ** ((beyond - 3000) / 1000))
    const next = this.rate! * (1 + step)
    this.setRate(held ? Math.min(next, below) : next)
  }

  /** The rate to keep to, within the configured one; undefined: the configured one, if any. */
  private setRate(perSecond: number | undefined): void {
    const rate =
      perSecond === undefined
        ? this.ceiling
        : this.ceiling
          ? Math.min(this.ceiling, perSecond)
          : perSecond
    if (rate === this.rate && (rate === undefined || this.bucket)) return
    this.rate = rate
    // a burst of one: an even pace, so a vendor counting per second never sees a bunch
    this.bucket =
      rate === undefined ? undefined : new TokenBucket({ perSecond: rate, burst: 1 }, this.clock)
  }

  private remember(now: number, refused: boolean): void {
    const tenth = Math.floor(now / 100)
    const slot = this.tenths[tenth % 10]!
    if (slot.tenth !== tenth) Object.assign(slot, { tenth, answers: 0, refused: 0 })
    slot.answers++
    if (refused) slot.refused++
  }

  private lastSecond(now: number): { answers: number; refused: number } {
    const tenth = Math.floor(now / 100)
    let answers = 0
    let refused = 0
    for (const slot of this.tenths)
      if (slot.tenth > tenth - 10) {
        answers += slot.answers
        refused += slot.refused
      }
    return { answers, refused }
  }
}
