import { describe, expect, it } from 'vitest'
import {
  backoff,
  decideRetry,
  defaultRetryPolicy,
  parseRetryAfter,
  type Outcome,
} from '../../src/core/retry.ts'

const base = { attempt: 1, retrySafe: true, policy: defaultRetryPolicy, now: 0, random: () => 0.5 }
const status = (code: number, retryAfter?: string): Outcome => ({
  kind: 'status',
  status: code,
  retryAfter,
})

describe('decideRetry', () => {
  it.each([429, 500, 502, 503, 504])('retries a safe call after HTTP %i', (code) => {
    expect(decideRetry({ ...base, outcome: status(code) }).retry).toBe(true)
  })

  it.each([400, 401, 403, 404, 409, 422])('never retries HTTP %i', (code) => {
    expect(decideRetry({ ...base, outcome: status(code) })).toEqual({
      retry: false,
      reason: `status ${code} is final`,
    })
  })

  it('does not repeat a write that is not safe to repeat', () => {
    const decision = decideRetry({ ...base, retrySafe: false, outcome: status(503) })
    expect(decision).toEqual({ retry: false, reason: 'operation is not safe to repeat' })
  })

  it('repeats an unsafe write the server refused unprocessed with 429, honouring Retry-After', () => {
    const decision = decideRetry({
      ...base,
      retrySafe: false,
      outcome: { kind: 'status', status: 429, retryAfter: '2' },
    })
    expect(decision).toEqual({ retry: true, delayMs: 2000 })
  })

  it('repeats even an unsafe write when the request never left', () => {
    const decision = decideRetry({
      ...base,
      retrySafe: false,
      outcome: { kind: 'network', notSent: true },
    })
    expect(decision.retry).toBe(true)
  })

  it('does not repeat an unsafe write after a dropped connection or a timeout', () => {
    expect(
      decideRetry({ ...base, retrySafe: false, outcome: { kind: 'network', notSent: false } })
        .retry,
    ).toBe(false)
    expect(decideRetry({ ...base, retrySafe: false, outcome: { kind: 'timeout' } }).retry).toBe(
      false,
    )
  })

  it('stops when the budget is spent', () => {
    const decision = decideRetry({
      ...base,
      attempt: defaultRetryPolicy.retries + 1,
      outcome: status(503),
    })
    expect(decision).toEqual({ retry: false, reason: 'retries exhausted' })
  })

  it('waits exactly what Retry-After names, without jitter', () => {
    expect(decideRetry({ ...base, outcome: status(429, '3') })).toEqual({
      retry: true,
      delayMs: 3000,
    })
  })

  it('gives up when the server asks for a longer wait than allowed', () => {
    expect(decideRetry({ ...base, outcome: status(503, '3600') }).retry).toBe(false)
  })
})

describe('backoff', () => {
  it('draws uniformly below a doubling, capped ceiling', () => {
    const policy = { ...defaultRetryPolicy, baseDelayMs: 100, maxDelayMs: 1000 }
    expect([1, 2, 3, 4, 5].map((n) => backoff(n, policy, () => 0.999999))).toEqual([
      100, 200, 400, 800, 1000,
    ])
    expect(backoff(3, policy, () => 0)).toBe(0)
  })
})

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    const now = Date.parse('2026-01-01T00:00:00Z')
    expect(parseRetryAfter('2', now)).toBe(2000)
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000)
    expect(parseRetryAfter('soon', now)).toBeUndefined()
    expect(parseRetryAfter(null, now)).toBeUndefined()
  })
})
