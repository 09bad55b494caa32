/**
 * The server's clock as its answers show it: Danish time, seven fractional digits. The digits
 * below the millisecond count up within one millisecond, so that stamps made together stay in
 * order, as the ticks of .NET's clock would.
 */
import { intBetween, type Rng } from '../../../emulator/random.ts'
import { compareInstants, danishTime, exactInstant, type Instant } from '../codecs.ts'

const DAY = 86_400_000

let lastMs = NaN
let tick = 0
/** the last millisecond's stamp: a batch stamps thousands of records within one */
let lastText = ''

/** `2026-03-15T11:00:00.0000001+01:00` for the emulator's `now`. */
export function stamp(now: Date): string {
  const ms = now.getTime()
  if (ms !== lastMs) {
    lastMs = ms
    tick = 0
    return (lastText = danishTime(ms, 0))
  }
  tick = Math.min(tick + 1, 9999)
  // the same time with other ticks: the four digits after the millisecond's three
  const dot = lastText.indexOf('.')
  return `${lastText.slice(0, dot + 4)}${String(tick).padStart(4, '0')}${lastText.slice(dot + 8)}`
}

/** A time at most `daysBack` days before `now`; `bias` below 1 puts more of them near now. */
export function pastTime(rng: Rng, now: number, daysBack: number, bias = 1): number {
  return now - Math.floor(Math.pow(rng(), 1 / bias) * daysBack * DAY)
}

/** A seeded time as .NET shows it, with ticks below the millisecond (seed data only). */
export function dotnetTime(rng: Rng, ms: number): string {
  return danishTime(ms, intBetween(rng, 0, 9999))
}

/**
 * A from/to filter as every read applies it: `from` included, `to` left out, to the tick the
 * answers show. Undefined when neither is given, so that such a read looks no time up.
 */
export function timeWindow(
  from: string | Date | null | undefined,
  to: string | Date | null | undefined,
): ((at: Instant) => boolean) | undefined {
  if (from == null && to == null) return undefined
  const start = from == null ? undefined : exactInstant(from)
  const end = to == null ? undefined : exactInstant(to)
  return (at) =>
    (start === undefined || compareInstants(at, start) >= 0) &&
    (end === undefined || compareInstants(at, end) < 0)
}
