/**
 * Setrow's wire formats as zod codecs: the emulator decodes what arrives, the client encodes what a
 * caller passes. Ids and numbers are read leniently (a public client sends `groupId` as text);
 * custom-area lists and filters travel as comma-separated text.
 */
import { z } from 'zod'
import { documented } from '../../core/openapi.ts'

/** Custom areas are `spArea1` … `spArea20` (assumed count, see README.md). */
export const MAX_AREAS = 20
// prettier-ignore
type AreaNumber = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12 | 13 | 14 | 15 | 16 | 17 | 18 | 19 | 20
export type AreaName = `spArea${AreaNumber}`
export const areaNames = Array.from({ length: MAX_AREAS }, (_, i) => `spArea${i + 1}` as AreaName)

/** One schema per custom area, keyed `spArea1` … `spArea20`. */
export function areaShape<T extends z.ZodType>(make: () => T): { [K in AreaName]: T } {
  return Object.fromEntries(areaNames.map((name) => [name, make()])) as { [K in AreaName]: T }
}

/** The same names for the OpenAPI patterns below (lists and filters are checked in code). */
const AREA = 'spArea(?:[1-9]|1\\d|20)'

// looked up, not matched: an upsert asks it of every key its item carries
const areaNameSet: ReadonlySet<string> = new Set(areaNames)

export function isAreaName(name: string): name is AreaName {
  return areaNameSet.has(name)
}

/**
 * A field named as a custom area that is none (`spArea21`, `spArea0`, `sparea1`): refused, where
 * other unknown fields are ignored, since its value would otherwise be lost without a word.
 */
export function isStrayArea(name: string): boolean {
  return !areaNameSet.has(name) && /^sparea\d+$/i.test(name)
}

export const areaName = documented(z.string().refine(isAreaName, 'expected spArea1 … spArea20'), {
  pattern: `^${AREA}$`,
}).describe('a custom area name, spArea1 … spArea20')

/** Text, or a JSON number read as its text (`5448848919` or `"5448848919"`). */
export function looseText(max = 255) {
  return z.codec(z.union([z.string(), z.number()]), z.string().max(max), {
    decode: (value) => String(value).trim(),
    encode: (value) => value,
  })
}

/** A decimal that may come as a JSON number or numeric text (`349.9` or `"349.90"`). */
export function looseNumber({ min = 0 }: { min?: number } = {}) {
  const codec = z.codec(
    z.union([
      z.number(),
      z.string().regex(/^\s*-?\d{1,12}([.,]\d{1,4})?\s*$/, 'expected a number'),
    ]),
    z.number().min(min),
    {
      decode: (value) => (typeof value === 'number' ? value : Number(value.replace(',', '.'))),
      encode: (value) => value,
    },
  )
  // the bound is checked on the decoded number; the document shows it on both wire forms
  const sign = min < 0 ? '-?' : ''
  return documented(
    codec,
    {
      anyOf: [
        { type: 'number', minimum: min },
        { type: 'string', pattern: `^\\s*${sign}\\d{1,12}(?:[.,]\\d{1,4})?\\s*$` },
      ],
    },
    { replace: true },
  )
}

/** `spArea1,spArea2` on the wire, a list of names in code. */
export function areaList() {
  const codec = z.codec(
    z
      .string()
      .refine(
        (text) => splitList(text).every(isAreaName),
        'expected comma-separated names spArea1 … spArea20',
      ),
    z.array(z.string()),
    { decode: splitList, encode: (names) => names.join(',') },
  )
  return documented(codec, { pattern: `^\\s*${AREA}\\s*(?:,\\s*${AREA}\\s*)*$` })
}

/** Filter values by area: one value, or every value of an area the filter names more than once. */
export type AreaFilter = Record<string, string | string[]>

/**
 * `spArea1:Y,spArea2:HS_WEB` on the wire, `{spArea1: 'Y', spArea2: 'HS_WEB'}` in code. The seed writes
 * `:` for e-mail groups and `=` for SMS groups; both are read either way, `separator` is what is sent.
 */
export function areaFilter(separator: ':' | '=') {
  const codec = z.codec(
    z.string().refine((text) => parseFilter(text) !== undefined, {
      message: `expected spAreaN${separator}value pairs separated by commas`,
    }),
    z.record(z.string(), z.union([z.string(), z.array(z.string())])),
    {
      decode: (text) => parseFilter(text)!,
      encode: (filter) =>
        filterPairs(filter)
          .map(([name, value]) => `${name}${separator}${value}`)
          .join(','),
    },
  )
  const pair = `\\s*${AREA}\\s*[:=][^,]*`
  return documented(codec, { pattern: `^${pair}(?:,${pair})*$` })
}

function splitList(text: string): string[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
}

export function parseFilter(text: string): AreaFilter | undefined {
  const out: AreaFilter = {}
  const parts = splitList(text)
  if (!parts.length) return undefined
  for (const part of parts) {
    const match = /^(spArea\d+)\s*[:=]\s*(.*)$/.exec(part)
    if (!match || !isAreaName(match[1]!)) return undefined
    const [, name, value] = match as unknown as [string, string, string]
    // an area named again keeps every value: each pair must match, none is dropped
    const held = out[name]
    out[name] = held === undefined ? value : [...(typeof held === 'string' ? [held] : held), value]
  }
  return out
}

/** Every `[area, value]` pair of a filter, in its order. */
export function filterPairs(filter: AreaFilter): [string, string][] {
  return Object.entries(filter).flatMap(([name, values]) =>
    (typeof values === 'string' ? [values] : values).map((value): [string, string] => [
      name,
      value,
    ]),
  )
}
