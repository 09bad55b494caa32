/**
 * Whether and when to try a call again: one pure function with ordered rules, so it can be read top
 * to bottom and tested without waiting.
 */

export interface RetryPolicy {
  /** attempts after the first */
  retries: number
  /** first backoff ceiling in ms; doubles each attempt */
  baseDelayMs: number
  maxDelayMs: number
  /** the longest server-named wait we accept; a longer Retry-After ends the retries */
  maxRetryAfterMs: number
  statuses: readonly number[]
}

export const defaultRetryPolicy: RetryPolicy = {
  // at a 30% rate of transient faults, 0.3^9 ≈ 2·10⁻⁵ of calls run out: a sync of 10,000 calls
  // finishes (issue 10); an outage still ends a call within about half a minute of backoff
  retries: 8,
  baseDelayMs: 200,
  maxDelayMs: 10_000,
  maxRetryAfterMs: 60_000,
  statuses: [408, 429, 500, 502, 503, 504],
}

export type Outcome =
  | { kind: 'status'; status: number; retryAfter?: string | null }
  | { kind: 'network'; notSent: boolean }
  | { kind: 'timeout' }
  /** a 2xx or 5xx answer that is not the vendor's (a maintenance page): like a 5xx */
  | { kind: 'unexpected' }

export type RetryDecision = { retry: false; reason: string } | { retry: true; delayMs: number }

export interface RetryInput {
  outcome: Outcome
  /** 1 for the first try */
  attempt: number
  retrySafe: boolean
  policy: RetryPolicy
  now: number
  random: () => number
}

export function decideRetry({
  outcome,
  attempt,
  retrySafe,
  policy,
  now,
  random,
}: RetryInput): RetryDecision {
  // 1. budget: never more than the configured attempts
  if (attempt > policy.retries) return { retry: false, reason: 'retries exhausted' }
  // 2. a request that never left cannot have had an effect: always safe to send again
  if (outcome.kind === 'network' && outcome.notSent)
    return { retry: true, delayMs: backoff(attempt, policy, random) }
  // 3. anything else may have reached the server: repeat only what is safe to repeat, or what the
  //    server refused before doing anything (429 means the request was not processed)
  const refusedUnprocessed = outcome.kind === 'status' && outcome.status === 429
  if (!retrySafe && !refusedUnprocessed)
    return { retry: false, reason: 'operation is not safe to repeat' }
  if (outcome.kind !== 'status') return { retry: true, delayMs: backoff(attempt, policy, random) }
  // 4. only transient statuses (never 4xx auth or validation answers)
  if (!policy.statuses.includes(outcome.status))
    return { retry: false, reason: `status ${outcome.status} is final` }
  // 5. a server-named wait wins over our backoff, without jitter
  const named = parseRetryAfter(outcome.retryAfter, now)
  if (named !== undefined) {
    if (named > policy.maxRetryAfterMs)
      return { retry: false, reason: `server asks to wait ${named} ms` }
    return { retry: true, delayMs: named }
  }
  return { retry: true, delayMs: backoff(attempt, policy, random) }
}

/** Exponential backoff with full jitter: uniform in [0, min(max, base·2^(attempt−1))]. */
export function backoff(attempt: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1))
  return Math.round(random() * ceiling)
}

/** `Retry-After` as seconds or an HTTP date, in ms from now; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value == null || value.trim() === '') return undefined
  const trimmed = value.trim()
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000)
  const date = Date.parse(trimmed)
  if (Number.isNaN(date)) return undefined
  return Math.max(0, date - now)
}
