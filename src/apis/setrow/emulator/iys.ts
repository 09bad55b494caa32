/**
 * IYS (İleti Yönetim Sistemi) records: send logs of the last N hours (at most 96), group members by
 * consent date, and İYS request/transaction ids saved on contact cards.
 */
import { MAX_HOURS } from '../schemas.ts'
import { normalEmail, normalGsm, stampOf, wallClockOf } from './addresses.ts'
import { fail, type Outcome } from './answers.ts'
import { dateAtOrAfter, groupMembers } from './groups.ts'
import type { Channel, SetrowStore } from './store.ts'

const HOUR = 3_600_000

/** `hours` of the path (over 96: E135) or `hour` of the query (E136); below 1: E103. */
export function checkHours(hours: number, tooMany: 'E135' | 'E136'): number {
  if (hours < 1) throw fail('E103', tooMany === 'E135' ? 'hours' : 'hour')
  if (hours > MAX_HOURS) throw fail(tooMany)
  return hours
}

export function iysLogs(
  store: SetrowStore,
  kind: 'errors' | 'successes',
  hours: number,
  now: Date,
) {
  const since = stampOf(new Date(now.getTime() - hours * HOUR))
  const until = stampOf(now)
  return store.iysLogs
    .filter((log) => log.sentAt >= since && log.sentAt <= until)
    .filter((log) => (kind === 'errors') === (log.error !== null))
    .sort((a, b) => b.sentAt.localeCompare(a.sentAt))
}

/** Members of an IYS group whose consent date (in `area`, or the contact's own) is recent. */
export function iysGroupMembers(
  store: SetrowStore,
  channel: Channel,
  query: { hour: number; groupId: number; consentDateArea?: string | undefined; areas?: string[] },
  now: Date,
) {
  const since = wallClockOf(now).getTime() - query.hour * HOUR
  return groupMembers(store, channel, query.groupId, {
    areas: query.areas,
    where: (contact) => dateAtOrAfter(contact, query.consentDateArea, since),
  })
}

export interface TransactionInput {
  email?: string | undefined
  number?: string | undefined
  requestId: string
  transactionId: string
}

/** Exactly one of email and number; numbers need the SMS settings (E110). */
export function saveTransaction(
  store: SetrowStore,
  item: TransactionInput,
  { now, smsSettings }: { now: string; smsSettings: boolean },
): Outcome {
  if (item.email === undefined && item.number === undefined) return 'E100'
  if (item.email !== undefined && item.number !== undefined) return 'E103'
  let contact
  if (item.email !== undefined) {
    const email = normalEmail(item.email)
    if (!email) return 'E103'
    contact = store.contacts.email.get(email)
    if (!contact) return 'E120'
  } else {
    if (!smsSettings) return 'E110'
    const gsm = normalGsm(item.number!)
    if (!gsm) return 'E103'
    contact = store.contacts.sms.get(gsm)
    if (!contact) return 'E121'
  }
  // the same ids saved again are kept once, so a repeated call changes nothing
  const known = contact.iysTransactions.some(
    (t) => t.requestId === item.requestId && t.transactionId === item.transactionId,
  )
  if (!known)
    contact.iysTransactions.push({
      requestId: item.requestId,
      transactionId: item.transactionId,
      savedAt: now,
    })
  return 'saved'
}
