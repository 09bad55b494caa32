/**
 * Loyaltii's wire formats as zod codecs, read as the vendor's ASP.NET Web API 2 (Newtonsoft.Json)
 * reads them: DateTimeOffset text with up to 7 fractional digits and an offset, enums by name or
 * by number, decimals as JSON numbers, and the `Version` row version as base64.
 */
import { z } from 'zod'
import { documented } from '../../core/openapi.ts'
import { danishOffsetMinutes, fromDanishWallClock } from '../../emulator/locale/da.ts'

// --- DateTimeOffset ------------------------------------------------------------------------

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i

/** A moment as .NET's DateTimeOffset holds it: the instant, the ticks below it, its offset. */
export interface Moment {
  /** milliseconds since the epoch */
  ms: number
  /** the 100 ns ticks below the millisecond, 0–9999 */
  ticks: number
  /** minutes east of UTC the value was written in */
  offset: number
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0')

/**
 * Reads DateTimeOffset text: a date (`2025-11-07`), or a date and time with seconds, up to 7
 * fractional digits and an offset (`2025-11-07T14:47:53.1724565+01:00`, `…Z`). Text without an
 * offset is read as Danish time, the server's own zone (assumed, README.md).
 */
export function readMoment(text: string): Moment | undefined {
  const m = DATE_TIME.exec(text.trim())
  if (!m) return undefined
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0))
  const fraction = (m[7] ?? '').padEnd(7, '0')
  if (year! < 1 || month! < 1 || month! > 12 || hour! > 23 || minute! > 59 || second! > 59)
    return undefined
  const wall = Date.UTC(year!, month! - 1, day!, hour, minute, second, Number(fraction.slice(0, 3)))
  const check = new Date(wall)
  if (check.getUTCFullYear() !== year || check.getUTCDate() !== day) return undefined
  const ticks = Number(fraction.slice(3))
  const zone = m[8]
  if (zone === undefined) {
    const ms = fromDanishWallClock(wall)
    return { ms, ticks, offset: danishOffsetMinutes(ms) }
  }
  if (zone.toUpperCase() === 'Z') return { ms: wall, ticks, offset: 0 }
  const digits = zone.replace(':', '')
  const offset =
    (zone[0] === '-' ? -1 : 1) * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3)))
  if (Math.abs(offset) > 14 * 60) return undefined
  return { ms: wall - offset * 60_000, ticks, offset }
}

/** `2025-11-07T14:47:53.1724565+01:00`: seven fractional digits and the offset, as .NET writes it. */
export function formatMoment({ ms, ticks, offset }: Moment): string {
  const local = new Date(ms + offset * 60_000)
  const sign = offset < 0 ? '-' : '+'
  const abs = Math.abs(offset)
  return (
    `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
    `T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}` +
    `.${pad(local.getUTCMilliseconds(), 3)}${pad(ticks, 4)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  )
}

/** An instant written in Danish time, as the server stamps what it creates. */
export function danishTime(ms: number, ticks = 0): string {
  return formatMoment({ ms, ticks, offset: danishOffsetMinutes(ms) })
}

/** The instant of DateTimeOffset text the emulator wrote or accepted; NaN for anything else. */
export function instantOf(text: string): number {
  return readMoment(text)?.ms ?? NaN
}

/**
 * An instant to the 100 ns tick the answers show, for comparing. Ticks since 1970 pass 2^53 in
 * 1998, so no one double holds them exactly: the milliseconds and the ticks below stay apart.
 */
export type Instant = Pick<Moment, 'ms' | 'ticks'>

/** The instant of DateTimeOffset text, or of a Date (whole milliseconds); NaN ms for neither. */
export function exactInstant(value: string | Date): Instant {
  if (value instanceof Date) return { ms: value.getTime(), ticks: 0 }
  return readMoment(value) ?? { ms: NaN, ticks: 0 }
}

/** Orders two instants to the tick: below 0, 0 or above 0; NaN when either is no time. */
export function compareInstants(a: Instant, b: Instant): number {
  return a.ms !== b.ms ? a.ms - b.ms : a.ticks - b.ticks
}

/** What the answers carry: seven fractional digits and an offset, always. */
export const dateTimeOffset = z.iso
  .datetime({ offset: true, precision: 7 })
  .describe('DateTimeOffset, e.g. 2025-11-07T14:47:53.1724565+01:00')

/**
 * A DateTimeOffset a caller sends: a `Date` or text in any form `readMoment` reads, decoded to the
 * canonical text (the offset given is kept, as DateTimeOffset keeps it).
 */
export function dateTimeInput() {
  const codec = z.codec(
    z.string().refine((text) => readMoment(text) !== undefined, 'expected a DateTimeOffset'),
    z.union([z.date(), z.string()]),
    {
      decode: (text) => formatMoment(readMoment(text)!),
      encode: (value, payload) => {
        if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString()
        if (typeof value === 'string' && readMoment(value)) return value
        payload.issues.push({
          code: 'custom',
          message: 'expected a Date or ISO text',
          input: value,
        })
        return ''
      },
    },
  )
  return documented(
    codec,
    { type: 'string', pattern: DATE_TIME.source, examples: ['2025-11-07T14:47:53.1724565+01:00'] },
    { replace: true },
  )
}

// --- numbers -------------------------------------------------------------------------------

export const INT32 = { min: -2_147_483_648, max: 2_147_483_647 } as const

/** An Int32 in JSON: a number, or numeric text as Newtonsoft converts it (`"5"`). */
export function jsonInt() {
  const codec = z.codec(
    z.union([z.number().int(), z.string().regex(/^\s*-?\d{1,10}\s*$/, 'expected an integer')]),
    z.number().int().min(INT32.min).max(INT32.max),
    { decode: (value) => Number(value), encode: (value) => value },
  )
  return documented(
    codec,
    {
      anyOf: [
        { type: 'integer', minimum: INT32.min, maximum: INT32.max },
        { type: 'string', pattern: '^\\s*-?\\d{1,10}\\s*$' },
      ],
    },
    { replace: true },
  )
}

/** A .NET decimal in JSON: a number, or numeric text (`"19.95"`). */
export function jsonDecimal() {
  const codec = z.codec(
    z.union([z.number(), z.string().regex(/^\s*-?\d{1,15}(\.\d{1,10})?\s*$/, 'expected a number')]),
    z.number().min(-79_228_162_514_264).max(79_228_162_514_264),
    { decode: (value) => Number(value), encode: (value) => value },
  )
  return documented(
    codec,
    {
      anyOf: [
        { type: 'number' },
        { type: 'string', pattern: '^\\s*-?\\d{1,15}(\\.\\d{1,10})?\\s*$' },
      ],
    },
    { replace: true },
  )
}

/**
 * `a × b` and sums as a .NET decimal gives them: exact for the few decimals prices carry, where
 * binary floating point would answer 59.849999999999994 for 3 × 19.95.
 */
export function decimal(value: number): number {
  return Number.isFinite(value) ? Number(value.toPrecision(15)) : value
}

// --- enums ---------------------------------------------------------------------------------

/**
 * An enum as Newtonsoft reads it: the member's name in any case, or its number (also as text);
 * decoded to the name, which is what every answer carries.
 */
export function enumInput<const T extends Record<string, number>>(table: T) {
  const names = Object.keys(table) as (keyof T & string)[]
  const byText = new Map<string, keyof T & string>()
  for (const name of names) {
    byText.set(name.toLowerCase(), name)
    byText.set(String(table[name]), name)
  }
  const known = (value: string | number) => byText.get(String(value).trim().toLowerCase())
  const codec = z.codec(
    z.union([z.string(), z.number().int()]).refine((value) => known(value) !== undefined, {
      message: `expected one of ${names.join(', ')} or ${Object.values(table).join(', ')}`,
    }),
    z.enum(names as [keyof T & string, ...(keyof T & string)[]]),
    { decode: (value) => known(value)!, encode: (name) => name },
  )
  return documented(
    codec,
    {
      anyOf: [
        { type: 'string', enum: names },
        { type: 'integer', enum: Object.values(table) },
      ],
    },
    { replace: true },
  )
}

/** An enum as answers carry it: the member's name. */
export function enumName<const T extends Record<string, number>>(table: T) {
  return z.enum(Object.keys(table) as [keyof T & string, ...(keyof T & string)[]])
}

// --- query values --------------------------------------------------------------------------

/** A query integer as Web API binds an Int32. */
export function queryInt() {
  const codec = z.codec(
    z.string().regex(/^\s*-?\d{1,10}\s*$/, 'expected an integer'),
    z.number().int().min(INT32.min).max(INT32.max),
    { decode: (text) => Number(text), encode: (value) => String(value) },
  )
  return documented(codec, { type: 'string', pattern: '^\\s*-?\\d{1,10}\\s*$' }, { replace: true })
}

/** A query boolean as Web API binds one: `true` or `false`, in any case. */
export function queryBool() {
  return z.codec(z.string().regex(/^\s*(true|false)\s*$/i, 'expected true or false'), z.boolean(), {
    decode: (text) => text.trim().toLowerCase() === 'true',
    encode: (value) => (value ? 'true' : 'false'),
  })
}

// --- row version ---------------------------------------------------------------------------

/** SQL Server's rowversion: 8 bytes, base64 on the wire (`AAAAAAAB9k8=`). */
export const versionText = documented(
  z.string().regex(/^[A-Za-z0-9+/]{2,}={0,2}$/, 'expected the Version read with the contact'),
  { examples: ['AAAAAAAB9k8='] },
).describe('row version (byte[] as base64); send back the one last read')

export function encodeVersion(version: number): string {
  const bytes = Buffer.alloc(8)
  bytes.writeBigUInt64BE(BigInt(version))
  return bytes.toString('base64')
}

/** The row version in base64 text; undefined when it is not one. */
export function decodeVersion(text: string): number | undefined {
  const bytes = Buffer.from(text, 'base64')
  if (bytes.length !== 8 || bytes.toString('base64') !== text) return undefined
  return Number(bytes.readBigUInt64BE())
}
