/**
 * Reading addresses and numbers as Setrow stores them, plus the wall-clock stamps of its answers.
 * Numbers: the seed's examples write GSM numbers as 10 digits (`5448848919`) and WhatsApp numbers with
 * the country code (`905448848919`); other common spellings are normalised to those (assumed).
 */
import { formatDateText, parseDateText } from '../../../core/schema.ts'
import type { Channel } from './store.ts'

const EMAIL =
  /^[^\s@"(),:;<>[\]\\]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.[a-z]{2,}$/

/** Lower-case address, or undefined when it is not one. */
export function normalEmail(text: string): string | undefined {
  const email = text.trim().toLowerCase()
  return email.length <= 254 && EMAIL.test(email) ? email : undefined
}

function digitsOf(text: string): string | undefined {
  const stripped = text.trim().replace(/[\s\-().]/g, '')
  return /^\+?\d+$/.test(stripped) ? stripped.replace(/^\+/, '') : undefined
}

/** `05448848919`, `+90 544 884 89 19`, `905448848919` → `5448848919`. */
export function normalGsm(text: string): string | undefined {
  const digits = digitsOf(text)
  if (!digits) return undefined
  const national = digits.replace(/^(90|0)(?=5\d{9}$)/, '')
  return /^5\d{9}$/.test(national) ? national : undefined
}

/** International digits without `+`; a Turkish GSM number without country code gets `90`. */
export function normalWhatsapp(text: string): string | undefined {
  const digits = digitsOf(text)
  if (!digits) return undefined
  const gsm = normalGsm(digits)
  if (gsm && !digits.startsWith('90')) return `90${gsm}`
  return /^[1-9]\d{9,14}$/.test(digits) ? digits : undefined
}

export function normalAddress(channel: Channel, text: string): string | undefined {
  if (channel === 'email') return normalEmail(text)
  return channel === 'sms' ? normalGsm(text) : normalWhatsapp(text)
}

/** Türkiye keeps UTC+03:00 all year. */
const TURKEY_OFFSET_MS = 3 * 3_600_000

/**
 * An instant as Setrow's wall clock: Türkiye's time in the UTC fields, as a stamp or a time a
 * caller sent reads (`dateOfStamp`, `dateText`), so that they compare with it.
 */
export function wallClockOf(instant: Date): Date {
  return new Date(instant.getTime() + TURKEY_OFFSET_MS)
}

/**
 * The stamp Setrow writes for an instant: Türkiye's wall clock without a zone, as its Turkish
 * panel shows it (assumed, README.md); the connector reads it back so.
 */
export function stampOf(instant: Date): string {
  return formatDateText(wallClockOf(instant), 'yyyy-mm-dd hh:mm:ss')
}

/** Whether a text is a stamp as `stampOf` writes it, of a real time (not `2026-02-30 25:00:00`). */
export function isStamp(text: string): boolean {
  return parseDateText(text, 'yyyy-mm-dd hh:mm:ss') !== undefined
}

/** A stamp, or a day (read as its midnight); undefined when neither. */
export function dateOfStamp(text: string): Date | undefined {
  const trimmed = text.trim()
  return (
    parseDateText(trimmed, 'yyyy-mm-dd hh:mm:ss') ??
    parseDateText(trimmed, 'yyyy-mm-dd hh:mm') ??
    parseDateText(trimmed, 'yyyy-mm-dd')
  )
}

/**
 * A time a caller sent as text: decoded, its fields are the wall clock it wrote (`dateText`), so
 * it is written back as it came, not moved as an instant would be.
 */
export function stampText(value: Date | string): string {
  return typeof value === 'string' ? value : formatDateText(value, 'yyyy-mm-dd hh:mm:ss')
}
