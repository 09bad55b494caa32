/**
 * The figures of `scale.bench.ts` that are not rates: the fewest requests for a tenant's first full
 * sync and the steady pace under a rate limit (printed with `figures`, `report-tables.ts`).
 */
import type { SecondCount, TenantCounts } from './scale-emulators.ts'
import type { WindowFacts } from './sync-emulators.ts'

const PAGE = 100
const BATCH = 1000

/**
 * The fewest requests for a first full sync of the orders in `facts` (sync.bench.ts's minimum:
 * list pages of 100, a detail per order, writes of 1,000) plus what the recipe asks by design: one
 * `email.get` and one `sms.get` per new customer (the Setrow customers sink's `lookupExisting`,
 * which kopru.yaml leaves on).
 */
export function minimumRequests(facts: WindowFacts): Record<string, number> {
  const batches = (n: number) => Math.ceil(n / BATCH)
  return {
    'softtr.orders.list': Math.max(1, Math.ceil(facts.orders / PAGE)),
    'softtr.orders.get': facts.orders,
    'setrow.orders.add': batches(facts.orders),
    'setrow.email.add': batches(facts.customers),
    'setrow.sms.add': batches(facts.customers),
    'setrow.email.get': facts.customers,
    'setrow.sms.get': facts.customers,
  }
}

/** Adds requests by operation. */
export function addOps(all: readonly Record<string, number>[]): Record<string, number> {
  const sum: Record<string, number> = {}
  for (const ops of all) for (const [op, n] of Object.entries(ops)) sum[op] = (sum[op] ?? 0) + n
  return sum
}

export const total = (ops: Record<string, number>) =>
  Object.values(ops).reduce((sum, n) => sum + n, 0)

/** The requests of a run against the minimum, and what went beyond it, by operation. */
export function againstMinimum(counts: readonly TenantCounts[], facts: readonly WindowFacts[]) {
  const sent = addOps(counts.map((c) => c.ops))
  const minimum = addOps(facts.map(minimumRequests))
  const beyond = Object.keys(sent)
    .filter((op) => sent[op]! > (minimum[op] ?? 0))
    .map((op) => `${op} +${sent[op]! - (minimum[op] ?? 0)}`)
  return { sent: total(sent), minimum: total(minimum), beyond }
}

/**
 * Softtr's pace once the run has found the limit: answers it accepted (not 429) per second, from
 * `warmupS` seconds after its first request to the last whole second before its last one.
 */
export function steadyPace(seconds: Record<number, SecondCount>, warmupS: number) {
  const keys = Object.keys(seconds)
    .map(Number)
    .sort((a, b) => a - b)
  const from = keys[0]! + warmupS
  const to = keys.at(-1)! - 1
  if (!(to >= from))
    throw new Error(`the rate-limited run lasted ${keys.length} s: too short for a steady state`)
  const accepted: number[] = []
  for (let s = from; s <= to; s++)
    accepted.push((seconds[s]?.answered ?? 0) - (seconds[s]?.throttled ?? 0))
  const counts = Object.values(seconds)
  // the seconds with a 429, and what was accepted in the second after each
  const refusing = keys.filter((s) => seconds[s]!.throttled > 0 && s < keys.at(-1)!)
  const after = refusing.map(
    (s) => (seconds[s + 1]?.answered ?? 0) - (seconds[s + 1]?.throttled ?? 0),
  )
  return {
    refusingSeconds: refusing.length,
    acceptedAfter: after.length ? after.reduce((a, b) => a + b, 0) / after.length : NaN,
    perSecond: accepted.reduce((a, b) => a + b, 0) / accepted.length,
    seconds: accepted.length,
    slowest: Math.min(...accepted),
    busiest: Math.max(...accepted),
    answered: counts.reduce((n, c) => n + c.answered, 0),
    throttled: counts.reduce((n, c) => n + c.throttled, 0),
  }
}
