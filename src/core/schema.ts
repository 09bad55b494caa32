/**
 * Schema building blocks for wire formats shared by several vendors. Each is a zod codec: the
 * emulator decodes what arrives, the client encodes what a caller passes, the OpenAPI shows the wire.
 */
import { z } from 'zod'

export interface IntBounds {
  min?: number
  max?: number
}

function boundedInt({ min, max }: IntBounds = {}) {
  let schema = z.number().int()
  if (min !== undefined) schema = schema.min(min)
  if (max !== undefined) schema = schema.max(max)
  return schema
}

/** An integer that travels as text (query strings, form fields). */
export function textInt(bounds?: IntBounds) {
  return z.codec(
    z.string().regex(/^\s*-?\d{1,15}\s*$/, 'expected an integer'),
    boundedInt(bounds),
    {
      decode: (text) => Number(text),
      encode: (value) => String(value),
    },
  )
}

/** An integer that a vendor accepts as a JSON number or as numeric text (`5` or `"5"`). */
export function looseInt(bounds?: IntBounds) {
  return z.codec(
    z.union([z.number().int(), z.string().regex(/^\s*-?\d{1,15}\s*$/, 'expected an integer')]),
    boundedInt(bounds),
    { decode: (value) => Number(value), encode: (value) => value },
  )
}

/** A boolean that travels as text: `true`/`false`, `1`/`0`. */
export function textBool() {
  return z.codec(z.enum(['true', 'false', '1', '0']), z.boolean(), {
    decode: (text) => text === 'true' || text === '1',
    encode: (value) => (value ? 'true' : 'false'),
  })
}

export type DateFormat =
  'dd-mm-yyyy' | 'yyyy-mm-dd' | 'yyyy-mm-dd hh:mm' | 'yyyy-mm-dd hh:mm:ss' | 'dd.mm.yyyy'

const formatPatterns: Record<DateFormat, RegExp> = {
  'dd-mm-yyyy': /^(\d{2})-(\d{2})-(\d{4})$/,
  'dd.mm.yyyy': /^(\d{2})\.(\d{2})\.(\d{4})$/,
  'yyyy-mm-dd': /^(\d{4})-(\d{2})-(\d{2})$/,
  'yyyy-mm-dd hh:mm': /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})$/,
  'yyyy-mm-dd hh:mm:ss': /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/,
}

/**
 * A calendar date or local time written in a vendor's text format. Wall-clock values: the fields
 * of the text are the UTC fields of the `Date` (vendors name no zone; see each API's README).
 */
export function dateText(format: DateFormat) {
  return z.codec(
    z
      .string()
      .refine((text) => parseDateText(text, format) !== undefined, `expected a date as ${format}`),
    z.union([z.date(), z.string()]),
    {
      decode: (text) => parseDateText(text, format)!,
      encode: (value) => formatDateText(toDate(value, format), format),
    },
  )
}

/** Reads a `Date`, an ISO string, or a string already in `format`. */
export function toDate(value: Date | string, format?: DateFormat): Date {
  if (value instanceof Date) return value
  const own = format ? parseDateText(value, format) : undefined
  if (own) return own
  const parsed = new Date(value)
  if (Number.isNaN(parsed.getTime())) throw new RangeError(`not a date: ${value}`)
  return parsed
}

export function parseDateText(text: string, format: DateFormat): Date | undefined {
  const m = formatPatterns[format].exec(text)
  if (!m) return undefined
  const n = m.slice(1).map(Number)
  const [year, month, day] = format.startsWith('dd') ? [n[2]!, n[1]!, n[0]!] : [n[0]!, n[1]!, n[2]!]
  const [hour = 0, minute = 0, second = 0] = format.startsWith('dd') ? [] : n.slice(3)
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second))
  // reject 31-02-2024 and 25:61 instead of rolling over
  const fields = [
    date.getUTCFullYear(),
    date.getUTCMonth() + 1,
    date.getUTCDate(),
    date.getUTCHours(),
    date.getUTCMinutes(),
  ]
  if (fields.join() !== [year, month, day, hour, minute].join() || second > 59) return undefined
  return date
}

export function formatDateText(date: Date, format: DateFormat): string {
  const p = (n: number, width = 2) => String(n).padStart(width, '0')
  const [y, mo, d] = [p(date.getUTCFullYear(), 4), p(date.getUTCMonth() + 1), p(date.getUTCDate())]
  const [h, mi, s] = [p(date.getUTCHours()), p(date.getUTCMinutes()), p(date.getUTCSeconds())]
  switch (format) {
    case 'dd-mm-yyyy':
      return `${d}-${mo}-${y}`
    case 'dd.mm.yyyy':
      return `${d}.${mo}.${y}`
    case 'yyyy-mm-dd':
      return `${y}-${mo}-${d}`
    case 'yyyy-mm-dd hh:mm':
      return `${y}-${mo}-${d} ${h}:${mi}`
    case 'yyyy-mm-dd hh:mm:ss':
      return `${y}-${mo}-${d} ${h}:${mi}:${s}`
  }
}
