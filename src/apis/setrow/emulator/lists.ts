/**
 * Suppression lists (unsubscribe per channel, junk, wrong addresses) and the date windows every dated
 * list and report shares: lastDate not before startDate (E122), at most 30 days apart (E123).
 */
import { MAX_WINDOW_DAYS } from '../schemas.ts'
import { normalAddress, stampText } from './addresses.ts'
import { fail } from './answers.ts'
import { setAllowStatus } from './contacts.ts'
import type { Channel, ListEntry, ListName, SetrowStore } from './store.ts'

const DAY = 86_400_000

export interface DayWindow {
  /** first day, `yyyy-mm-dd` */
  from: string
  /** last day, `yyyy-mm-dd`, inclusive */
  to: string
}

/** Checks a window; dates decode to the UTC midnight of their day. */
export function checkWindow(start: Date | string, last: Date | string): DayWindow {
  const from = new Date(start)
  const to = new Date(last)
  if (to.getTime() < from.getTime()) throw fail('E122')
  if (to.getTime() - from.getTime() > MAX_WINDOW_DAYS * DAY) throw fail('E123')
  return { from: stampText(from).slice(0, 10), to: stampText(to).slice(0, 10) }
}

export function inWindow(stamp: string, window: DayWindow): boolean {
  const day = stamp.slice(0, 10)
  return day >= window.from && day <= window.to
}

export const unsubscribeList: Record<Channel, ListName> = {
  email: 'unsubscribeEmail',
  sms: 'unsubscribeSms',
  whatsapp: 'unsubscribeWhatsapp',
}

export function entriesIn(store: SetrowStore, list: ListName, window: DayWindow): ListEntry[] {
  const out: ListEntry[] = []
  for (const entry of store.lists[list].values()) if (inWindow(entry.date, window)) out.push(entry)
  return out.sort((a, b) => a.date.localeCompare(b.date) || a.address.localeCompare(b.address))
}

export function readAddress(channel: Channel, text: string): string {
  const address = normalAddress(channel, text)
  if (!address) throw fail('E103', channel === 'email' ? 'email' : 'number')
  return address
}

/**
 * Puts an address on its channel's unsubscribe list (E115/E117 when it is there). A contact that was
 * allowed (Y or L) becomes X, "changed from allowed to not allowed".
 */
export function unsubscribe(store: SetrowStore, channel: Channel, text: string, now: string) {
  const address = readAddress(channel, text)
  const list = store.lists[unsubscribeList[channel]]
  if (list.has(address)) throw fail(channel === 'email' ? 'E115' : 'E117')
  list.set(address, { address, date: now })
  const contact = store.contacts[channel].get(address)
  if (contact && (contact.allowStatus === 'Y' || contact.allowStatus === 'L')) {
    setAllowStatus(contact, 'X', now)
    contact.updatedAt = now
  }
  return { address, status: 'added' as const, date: now }
}

/** Takes an address off the list (E116/E118 when it is not there); the contact stays as it is. */
export function resubscribe(store: SetrowStore, channel: Channel, text: string, now: string) {
  const address = readAddress(channel, text)
  if (!store.lists[unsubscribeList[channel]].delete(address))
    throw fail(channel === 'email' ? 'E116' : 'E118')
  return { address, status: 'deleted' as const, date: now }
}

export function listStatus(store: SetrowStore, list: ListName, address: string) {
  const entry = store.lists[list].get(address)
  return { on: entry !== undefined, date: entry?.date ?? null }
}
