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

export function stampOf(date: Date): string {
  return formatDateText(date, 'yyyy-mm-dd hh:mm:ss')
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

export function stampText(value: Date | string): string {
  return typeof value === 'string' ? value : stampOf(value)
}
