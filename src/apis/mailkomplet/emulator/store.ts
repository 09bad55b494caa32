/**
 * The emulated account: the JSON state of `state.ts` and the indexes the rules need, ids and
 * GUIDs from the seed (the same calls give the same ids and GUIDs, run after run), and the paging
 * every list answers with. The rules live in the domain modules beside this file.
 */
import { seedStream } from '../../../emulator/random.ts'
import { DEFAULT_PAGE_SIZE } from '../schemas.ts'
import { instantOf, pragueInstantOf, pragueWallClock } from '../time.ts'
import type { MailKompletData, StoredContact } from './state.ts'

export class MailKompletStore {
  private readonly byEmail = new Map<string, StoredContact>()
  // ids are dense from 1: an array holds them in half the time and memory of a Map (a bulk
  // import indexes thousands at once)
  private readonly byId: (StoredContact | undefined)[] = []

  constructor(readonly data: MailKompletData) {
    for (const contact of data.contacts) this.index(contact)
  }

  toJSON(): MailKompletData {
    return this.data
  }

  /** The next id of a record kind (`contact`, `list` …), from where the seed data left off. */
  nextId(kind: string): number {
    const next = this.data.next[kind] ?? 1
    this.data.next[kind] = next + 1
    return next
  }

  /** A GUID that depends on the seed and the number of GUIDs made before it. */
  guid(): string {
    const n = this.nextId('guid')
    return guidFrom(seedStream(this.data.seed, `guid:${n}`))
  }

  contactByEmail(email: string): StoredContact | undefined {
    return this.byEmail.get(email.trim().toLowerCase())
  }

  contactById(id: number): StoredContact | undefined {
    return Number.isInteger(id) && id > 0 ? this.byId[id] : undefined
  }

  addContact(contact: StoredContact): void {
    this.data.contacts.push(contact)
    this.index(contact)
  }

  /** Re-indexes a contact whose address changed. */
  renamed(contact: StoredContact, previous: string): void {
    this.byEmail.delete(previous.toLowerCase())
    this.index(contact)
  }

  removeContacts(ids: ReadonlySet<number>): void {
    for (const id of ids) {
      const contact = this.contactById(id)
      if (!contact) continue
      this.byId[id] = undefined
      this.byEmail.delete(contact.email.toLowerCase())
    }
    this.data.contacts = this.data.contacts.filter((c) => !ids.has(c.contactId))
  }

  private index(contact: StoredContact): void {
    this.byEmail.set(contact.email.toLowerCase(), contact)
    this.byId[contact.contactId] = contact
  }
}

/** Version-4 shaped GUID text from a seeded stream. */
export function guidFrom(rng: () => number): string {
  let hex = ''
  for (let i = 0; i < 32; i++) hex += Math.floor(rng() * 16).toString(16)
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

/**
 * Mail Komplet's time text: local time without a zone (`2018-03-13T07:10:34.893`), Prague's wall
 * clock as the connector reads it (assumed, README.md), milliseconds only when there are any.
 */
export function stamp(date: Date): string {
  const ms = date.getTime()
  // a bulk import stamps thousands of contacts with one time
  if (ms === stamped.ms) return stamped.text
  const iso = new Date(pragueWallClock(ms)).toISOString()
  stamped.ms = ms
  return (stamped.text = iso.endsWith('.000Z') ? iso.slice(0, 19) : iso.slice(0, 23))
}
const stamped = { ms: NaN, text: '' }

/** The instant of a stamp: `stamp`'s own text, read fast (a coupon draw reads every coupon). */
export function stampInstant(text: string): number {
  return pragueInstantOf(Date.parse(`${text}Z`))
}

/** A stamp `seconds` after `date`. */
export function later(date: Date, seconds: number): string {
  return stamp(new Date(date.getTime() + seconds * 1000))
}

/** `{totalRecordCount, pageCount, data}` of one page of `items`. */
export function pageOf<T>(
  items: readonly T[],
  query: { page?: number | undefined; pageSize?: number | undefined },
  withPageCount = true,
): { totalRecordCount: number; pageCount?: number; data: T[] } {
  const size = query.pageSize ?? DEFAULT_PAGE_SIZE
  const page = query.page ?? 1
  const data = items.slice((page - 1) * size, page * size)
  const out: { totalRecordCount: number; pageCount?: number; data: T[] } = {
    totalRecordCount: items.length,
    data,
  }
  if (withPageCount) out.pageCount = Math.ceil(items.length / size)
  return out
}

/**
 * Whether a stamp lies within optional bounds (decoded by `timeInput`), compared as instants: as
 * text, `2026-10-21 08:00` sorts before every stamp of that day.
 */
export function within(value: string, from?: Date | string, to?: Date | string): boolean {
  if (from === undefined && to === undefined) return true
  const at = stampInstant(value)
  return (from === undefined || at >= instantOf(from)) && (to === undefined || at <= instantOf(to))
}
