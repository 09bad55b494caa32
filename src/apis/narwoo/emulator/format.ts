/** How Narwoo writes times and amounts on the wire. */
import { formatDateText } from '../../../core/schema.ts'
import { foldTurkish } from '../../../core/text.ts'

/** Türkiye keeps UTC+03:00 all year (no summer time since 2016). */
const TURKEY_OFFSET_MS = 3 * 3_600_000

/** An instant as Narwoo prints it: `2020-08-28 14:24:46`, Türkiye time. */
export function turkeyTime(instant: Date | number): string {
  return formatDateText(new Date(Number(instant) + TURKEY_OFFSET_MS), 'yyyy-mm-dd hh:mm:ss')
}

/** The Türkiye wall clock at an instant, as a `Date` whose UTC fields show it. */
export function wallClock(instant: Date): Date {
  return new Date(instant.getTime() + TURKEY_OFFSET_MS)
}

/** The instant of a Türkiye wall-clock text written by `turkeyTime`. */
export function instantOf(wallClock: string): number {
  return Date.parse(`${wallClock.replace(' ', 'T')}+03:00`)
}

/**
 * A wall-clock `Date` as decoded from a query (its UTC fields are the Türkiye time the caller
 * wrote) in the same text form, so that bounds and stored times compare as text.
 */
export function wallClockText(date: Date): string {
  return formatDateText(date, 'yyyy-mm-dd hh:mm:ss')
}

/** `180.00`: the product list, the order list and the order totals. */
export function dotMoney(amount: number): string {
  return amount.toFixed(2)
}

/**
 * `1.234,56`: the order detail's line prices, in Turkish notation with a dot between thousands
 * (the document's examples are below 1,000; the separator is assumed).
 */
export function commaMoney(amount: number): string {
  const [whole, cents] = amount.toFixed(2).split('.') as [string, string]
  return `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, '.')},${cents}`
}

/** Lower-case ASCII words joined by hyphens, as the document's product links are. */
export function slug(text: string): string {
  return text
    .replace(/ı/g, 'i')
    .replace(/İ/g, 'I')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
}

/**
 * Case-insensitive comparison, ignoring surrounding spaces. Dotted and dotless i count as one
 * letter: Turkish rules lower `SIYAH` to `sıyah`, and sellers type `SİYAH`, `SIYAH` and `Siyah`.
 */
export function sameName(a: string, b: string): boolean {
  return foldName(a) === foldName(b)
}

/** The key `sameName` compares: a text's spellings that it finds equal share one. */
export function foldName(text: string): string {
  return foldTurkish(text)
}
