/**
 * Times a caller sends Mail Komplet (query filters, a coupon's validity), read as the vendor's
 * ASP.NET reads a DateTime: the seed's `2018-03-13T07:10:34.893`, a space for the `T` (PHP's
 * `Y-m-d H:i:s`, which the WordPress plugin writes), a date alone, an offset (`Z`, `+01:00`).
 * Answers keep `dateTime` of `schemas.ts`: text as the vendor writes it, which this never changes.
 */
import { z } from 'zod'
import { documented } from '../../core/openapi.ts'

// no `i` flag: the source is the OpenAPI pattern too, which JSON Schema reads without flags
const TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?)?([Zz]|[+-]\d{2}:?\d{2})?$/

const HOUR = 3_600_000
/** the account's zone: times without an offset are Prague's, both ways (assumed, README.md) */
const pragueParts = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Europe/Prague',
  hourCycle: 'h23',
  era: 'short',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
})
// by the hour: zones change their offsets on whole hours, and stamping thousands asks often
const offsets = new Map<number, number>()

/** Prague's offset from UTC at an instant, in milliseconds. */
function pragueOffset(ms: number): number {
  const hour = Math.floor(ms / HOUR) * HOUR
  let offset = offsets.get(hour)
  if (offset === undefined) {
    const part = Object.fromEntries(
      pragueParts.formatToParts(new Date(hour)).map((p) => [p.type, p.value]),
    )
    const year = Number(part.year)
    const wall = new Date(0)
    wall.setUTCFullYear(
      part.era === 'BC' ? 1 - year : year,
      Number(part.month) - 1,
      Number(part.day),
    )
    wall.setUTCHours(Number(part.hour), Number(part.minute), Number(part.second))
    offset = wall.getTime() - hour
    if (offsets.size > 10_000) offsets.clear()
    offsets.set(hour, offset)
  }
  return offset
}

/** Prague's wall clock at an instant, as the UTC fields of the time answered. */
export function pragueWallClock(instant: number): number {
  return instant + pragueOffset(instant)
}

/**
 * The instant Prague's wall clock shows `wall` (given as UTC fields): in the hour the clocks
 * repeat when summer time ends, the first; in the hour they skip, as if they had not.
 */
export function pragueInstantOf(wall: number): number {
  const [a, b] = [pragueOffset(wall - 3 * HOUR), pragueOffset(wall + 3 * HOUR)]
  for (const offset of a >= b ? [a, b] : [b, a])
    if (pragueOffset(wall - offset) === offset) return wall - offset
  return wall - a
}

/**
 * The instant of a time in any form above; undefined for anything else (`2026-02-30`, `24:00`).
 * Text without an offset is Prague's wall clock, as the account's own times (`stamp`) are.
 */
export function readTime(text: string): Date | undefined {
  const m = TIME.exec(text)
  if (!m) return undefined
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0))
  if (month! < 1 || month! > 12 || hour! > 23 || minute! > 59 || second! > 59) return undefined
  const date = new Date(0)
  // setUTCFullYear, not Date.UTC, which reads years below 100 as 19xx
  date.setUTCFullYear(year!, month! - 1, day)
  date.setUTCHours(hour!, minute!, second!, Number((m[7] ?? '').padEnd(3, '0').slice(0, 3)))
  // a day the month lacks rolls over instead of failing
  if (date.getUTCMonth() !== month! - 1 || date.getUTCDate() !== day) return undefined
  const zone = m[8]
  // DateTime's range: years 1 to 9999 (of the wall clock, for one without an offset)
  if (!zone)
    return year! >= 1 && year! <= 9999 ? new Date(pragueInstantOf(date.getTime())) : undefined
  if (zone.toUpperCase() !== 'Z') {
    const digits = zone.slice(1).replace(':', '')
    const hours = Number(digits.slice(0, 2))
    const minutes = Number(digits.slice(2))
    if (hours > 14 || minutes > 59) return undefined
    date.setTime(date.getTime() - (zone[0] === '-' ? -1 : 1) * (hours * 60 + minutes) * 60_000)
  }
  // DateTime's range: years 1 to 9999
  const y = date.getUTCFullYear()
  return y >= 1 && y <= 9999 ? date : undefined
}

/** The instant of a time a caller sent (a decoded `Date`, or text `readTime` reads); else NaN. */
export function instantOf(value: Date | string): number {
  return value instanceof Date ? value.getTime() : (readTime(value)?.getTime() ?? NaN)
}

/**
 * A time a caller sends: text in a form `readTime` reads (a 400 otherwise), decoded to its
 * instant. The client takes a `Date` too and sends it as ISO text with `Z`, which the vendor
 * converts to its own zone.
 */
export const timeInput = documented(
  z.codec(
    z
      .string()
      .refine(
        (text) => readTime(text) !== undefined,
        'expected a date and time, e.g. 2018-03-13T07:10:34',
      ),
    z.union([z.date(), z.string()]),
    {
      decode: (text) => readTime(text)!,
      encode: (value, payload) => {
        if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString()
        if (typeof value === 'string' && readTime(value)) return value
        // an issue, not a throw: a caller's bad date is an InputError like any other bad input
        payload.issues.push({
          code: 'custom',
          message: 'expected a Date or a date and time, e.g. 2018-03-13T07:10:34',
          input: value,
        })
        return ''
      },
    },
  ),
  {
    type: 'string',
    description: 'a date and time; without an offset, the local time of the account',
    pattern: TIME.source,
    examples: ['2018-03-13T07:10:34.893', '2018-03-13 07:10:34'],
  },
  { replace: true },
)
