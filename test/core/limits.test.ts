import { describe, expect, it } from 'vitest'
import { AdaptiveLimiter } from '../../src/core/adaptive.ts'
import { Semaphore, TokenBucket, mapConcurrent } from '../../src/core/limits.ts'
import { fakeClock } from '../support/clock.ts'

describe('TokenBucket', () => {
  it('lets a burst through, then paces to the rate', async () => {
    const clock = fakeClock()
    const bucket = new TokenBucket({ perSecond: 10, burst: 3 }, clock)
    for (let i = 0; i < 5; i++) await bucket.take()
    expect(clock.sleeps).toEqual([100, 100])
    expect(clock.time).toBe(200)
  })

  it('refills while idle', async () => {
    const clock = fakeClock()
    const bucket = new TokenBucket({ perSecond: 2, burst: 1 }, clock)
    await bucket.take()
    clock.time += 500
    await bucket.take()
    expect(clock.sleeps).toEqual([])
  })

  it('rejects a rate that is not positive', () => {
    expect(() => new TokenBucket({ perSecond: 0 })).toThrow(RangeError)
  })
})

describe('Semaphore', () => {
  it('never runs more tasks at once than its size', async () => {
    const slots = new Semaphore(2)
    let active = 0
    let peak = 0
    const task = async () => {
      active++
      peak = Math.max(peak, active)
      await new Promise((resolve) => setTimeout(resolve, 5))
      active--
    }
    await Promise.all(Array.from({ length: 7 }, () => slots.run(task)))
    expect(peak).toBe(2)
    expect(active).toBe(0)
  })

  it('frees the slot when a task throws', async () => {
    const slots = new Semaphore(1)
    await expect(slots.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom')
    await expect(slots.run(async () => 'next')).resolves.toBe('next')
  })
})

describe('mapConcurrent', () => {
  it('keeps input order in the results', async () => {
    const out = await mapConcurrent([30, 10, 20], 3, async (ms, i) => {
      await new Promise((resolve) => setTimeout(resolve, ms))
      return i
    })
    expect(out).toEqual([0, 1, 2])
  })

  it('after a failure starts nothing new, and rejects only once the tasks in flight have ended', async () => {
    const ended: number[] = []
    const started: number[] = []
    const call = mapConcurrent([0, 1, 2, 3, 4], 3, async (_, i) => {
      started.push(i)
      if (i === 0) throw new Error('first fails')
      await new Promise((resolve) => setTimeout(resolve, 20 * i))
      ended.push(i)
      return i
    })
    await expect(call).rejects.toThrow('first fails')
    // 1 and 2 were in flight when 0 failed: both ended before the rejection; 3 and 4 never began
    expect(ended).toEqual([1, 2])
    expect(started).toEqual([0, 1, 2])
  })
})

describe('AdaptiveLimiter', () => {
  /** n attempts, each answered after `latency` ms with `status`, one round trip at a time. */
  async function roundTrip(
    limiter: AdaptiveLimiter,
    clock: ReturnType<typeof fakeClock>,
    status: number | undefined,
    latency = 50,
  ) {
    const n = limiter.concurrency
    for (let i = 0; i < n; i++) await limiter.acquire()
    clock.time += latency
    for (let i = 0; i < n; i++) limiter.release({ status, durationMs: latency })
    return n
  }

  it('doubles each round trip from the start while latency holds, up to its maximum', async () => {
    const clock = fakeClock()
    const limiter = new AdaptiveLimiter({ initialConcurrency: 2, maxConcurrency: 12, clock })
    const seen: number[] = []
    for (let i = 0; i < 5; i++) seen.push(await roundTrip(limiter, clock, 200))
    // +1 per answer until the first cut (TCP's slow start)
    expect(seen).toEqual([2, 4, 8, 12, 12])
  })

  it('after a cut, grows about one request in flight per round trip', async () => {
    const clock = fakeClock()
    const limiter = new AdaptiveLimiter({ initialConcurrency: 4, maxConcurrency: 16, clock })
    await roundTrip(limiter, clock, 429)
    expect(limiter.concurrency).toBe(2)
    const seen: number[] = []
    for (let i = 0; i < 6; i++) seen.push(await roundTrip(limiter, clock, 200))
    // +1/w per answer: about one more per round trip (the first falls just short of 3)
    expect(seen).toEqual([2, 2, 3, 4, 5, 6])
  })

  it.each([
    ['halves on a 429', 429, [8, 4]],
    ['narrows by 30 % on a 5xx', 503, [11, 7]],
    ['narrows by 30 % on a lost answer', undefined, [11, 7]],
  ])(
    '%s, once per round trip however many answers say so, never below two',
    async (_, status, after) => {
      const clock = fakeClock()
      const limiter = new AdaptiveLimiter({ initialConcurrency: 8, maxConcurrency: 16, clock })
      await roundTrip(limiter, clock, 200)
      // slow start: eight good answers, eight more in flight
      expect(limiter.concurrency).toBe(16)
      await roundTrip(limiter, clock, status) // sixteen bad answers in one round trip: one cut
      expect(limiter.concurrency).toBe(after[0])
      clock.time += 60
      await roundTrip(limiter, clock, status)
      expect(limiter.concurrency).toBe(after[1])
      for (let i = 0; i < 5; i++) {
        clock.time += 60
        await roundTrip(limiter, clock, status)
      }
      expect(limiter.concurrency).toBe(2)
    },
  )

  it('cuts when latency doubles, not on a single slow answer', async () => {
    const clock = fakeClock()
    const limiter = new AdaptiveLimiter({ initialConcurrency: 8, maxConcurrency: 8, clock })
    for (let i = 0; i < 3; i++) await roundTrip(limiter, clock, 200, 50)
    await limiter.acquire()
    limiter.release({ status: 200, durationMs: 400 })
    expect(limiter.concurrency).toBe(8)
    for (let i = 0; i < 6 && limiter.concurrency === 8; i++)
      await roundTrip(limiter, clock, 200, 300)
    expect(limiter.concurrency).toBeLessThan(8)
  })

  it('keeps to the rate a 429 revealed, holds it below the limit found, then probes upwards', async () => {
    const clock = fakeClock()
    const limiter = new AdaptiveLimiter({ initialConcurrency: 10, maxConcurrency: 10, clock })
    // 100 accepted in the last second, then the vendor refuses
    for (let i = 0; i < 10; i++) await roundTrip(limiter, clock, 200, 100)
    expect(limiter.ratePerSecond).toBeUndefined()
    await limiter.acquire()
    limiter.release({ status: 429, durationMs: 5 })
    expect(limiter.ratePerSecond).toBeCloseTo(97, 5)
    // seconds of answers without a 429: up 2 % a second to just below the limit found (100 less
    // 1.5 %), and held there
    for (let i = 0; i < 5; i++) {
      clock.time += 1001
      await limiter.acquire()
      limiter.release({ status: 200, durationMs: 50 })
    }
    expect(limiter.ratePerSecond).toBeCloseTo(98.5, 5)
    // thirty seconds since the 429: the limit may have risen, 2 % more
    clock.time += 25_000
    await limiter.acquire()
    limiter.release({ status: 200, durationMs: 50 })
    expect(limiter.ratePerSecond).toBeCloseTo(98.5 * 1.02, 5)
    // paced at that rate: 50 attempts take about half a second of the clock
    const start = clock.time
    for (let i = 0; i < 50; i++) {
      await limiter.acquire()
      limiter.release({ status: 200, durationMs: 0 })
    }
    expect(clock.time - start).toBeGreaterThan(450)
    expect(clock.time - start).toBeLessThan(550)
  })

  it('never goes past a configured rate, whatever it finds', async () => {
    const clock = fakeClock()
    const limiter = new AdaptiveLimiter({ ratePerSecond: 20, clock })
    const start = clock.time
    for (let i = 0; i < 41; i++) {
      await limiter.acquire()
      limiter.release({ status: 200, durationMs: 1 })
    }
    expect(clock.time - start).toBeGreaterThanOrEqual(2000)
    for (let i = 0; i < 5; i++) {
      clock.time += 1001
      await limiter.acquire()
      limiter.release({ status: 200, durationMs: 1 })
    }
    expect(limiter.ratePerSecond).toBe(20)
  })

  it('lets a waiting caller go when its signal aborts', async () => {
    const limiter = new AdaptiveLimiter({ initialConcurrency: 1, maxConcurrency: 1 })
    await limiter.acquire()
    const controller = new AbortController()
    const waiting = limiter.acquire(controller.signal)
    controller.abort(new Error('stopped'))
    await expect(waiting).rejects.toThrow('stopped')
    limiter.release({ status: 200, durationMs: 1 })
    await limiter.acquire() // the aborted waiter took no room
  })
})

describe('AdaptiveLimiter under 429s that come whatever the pace', () => {
  it('undoes a rate that did not make them rarer, and sets none for thirty seconds', async () => {
    const clock = fakeClock()
    const limiter = new AdaptiveLimiter({ initialConcurrency: 10, maxConcurrency: 10, clock })
    const answer = async (status: number) => {
      await limiter.acquire()
      clock.time += 5
      limiter.release({ status, durationMs: 5 })
    }
    for (let i = 0; i < 200; i++) await answer(200)
    await answer(429)
    expect(limiter.ratePerSecond).toBeDefined() // on trial
    // one answer in ten refused, second after second, at whatever pace
    for (let i = 1; i <= 2000; i++) await answer(i % 10 === 0 ? 429 : 200)
    expect(limiter.ratePerSecond).toBeUndefined()
  })

  it.each([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])(
    'keeps pace with 429s at random, one in ten, 20 answers a second (seed %i)',
    async (seed) => {
      // answers one at a time, 50 ms each (a slow vendor, or a process too busy to send faster):
      // no pace makes the refusals rarer, so none should be kept. A rate kept by chance took a
      // sync of the loyalty pipeline under 30% faults on a busy machine from 8 s to over 60 s
      const clock = fakeClock()
      const limiter = new AdaptiveLimiter({ clock })
      let state = seed
      const random = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
      let answers = 0
      while (clock.time < 300_000) {
        await limiter.acquire()
        clock.time += 50
        limiter.release({ status: random() < 0.1 ? 429 : 200, durationMs: 50 })
        answers++
      }
      // unpaced: 20 a second for 300 s; each rate's three-second trial costs a little
      expect(answers).toBeGreaterThan(0.85 * 20 * 300)
    },
  )

  it('finds a limit it was not told, and keeps to it with few 429s', async () => {
    const clock = fakeClock()
    const limiter = new AdaptiveLimiter({ initialConcurrency: 10, maxConcurrency: 10, clock })
    // the vendor: 50 requests per clock second, the rest of that second refused
    const LIMIT = 50
    const counted = new Map<number, number>()
    const perSecond = new Map<number, { accepted: number; refused: number }>()
    while (clock.time < 120_000) {
      await limiter.acquire()
      clock.time += 5
      const second = Math.floor(clock.time / 1000)
      const n = (counted.get(second) ?? 0) + 1
      counted.set(second, n)
      const refused = n > LIMIT
      const tally = perSecond.get(second) ?? { accepted: 0, refused: 0 }
      perSecond.set(second, tally)
      if (refused) tally.refused++
      else tally.accepted++
      limiter.release({ status: refused ? 429 : 200, durationMs: 5 })
    }
    // after the first seconds, over two minutes: at least 90 % of the limit, fewer than 1 % refused
    const settled = [...perSecond].filter(([second]) => second >= 5 && second < 120)
    const accepted = settled.reduce((n, [, t]) => n + t.accepted, 0)
    const refused = settled.reduce((n, [, t]) => n + t.refused, 0)
    expect(accepted / settled.length).toBeGreaterThanOrEqual(0.9 * LIMIT)
    expect(refused / (accepted + refused)).toBeLessThan(0.01)
  })
})
