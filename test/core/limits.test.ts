import { describe, expect, it } from 'vitest'
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
})
