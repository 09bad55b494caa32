/**
 * Contacts per channel: upsert into a group, transfer between groups, removal from groups, and the
 * contact card. Which E-code answers which case is decided here (table in README.md).
 */
import { isAreaName, isStrayArea, type AreaName } from '../codecs.ts'
import type { SetrowErrorCode } from '../errors.ts'
import { isOptIn, iysSourceName, type AllowStatus } from '../schemas.ts'
import { normalAddress, stampText } from './addresses.ts'
import type { Outcome } from './answers.ts'
import type { Channel, Contact, GroupRecord, ListName, SetrowStore } from './store.ts'

/** The fields an upsert may carry besides the address and the group. */
export type ContactFields = {
  name?: string | undefined
  surname?: string | undefined
  allowStatus?: AllowStatus | undefined
  iysSource?: number | undefined
  consentDate?: Date | string | undefined
} & { [K in AreaName]?: string | undefined }

/** The answer's key for an address: `email`, or `number` for SMS and WhatsApp. */
export function keyOf(channel: Channel): 'email' | 'number' {
  return channel === 'email' ? 'email' : 'number'
}

/** Per channel: the code for an address this account has never stored. */
export const unknownCode: Record<Channel, SetrowErrorCode> = {
  email: 'E111',
  sms: 'E119',
  whatsapp: 'E130',
}
/** Per channel: the code for an address that is not in the named group. */
export const notInGroupCode: Record<Channel, SetrowErrorCode> = {
  email: 'E132',
  sms: 'E131',
  whatsapp: 'E131',
}
const alreadyInListCode: Record<Channel, SetrowErrorCode> = {
  email: 'E115',
  sms: 'E117',
  whatsapp: 'E117',
}

/** Lists that refuse an upsert, in the order they are checked. */
const suppressions: Record<Channel, readonly [ListName, SetrowErrorCode][]> = {
  email: [
    ['unsubscribeEmail', 'E126'],
    ['wrongEmail', 'E127'],
    ['junk', 'E128'],
  ],
  sms: [['unsubscribeSms', 'E129']],
  whatsapp: [['unsubscribeWhatsapp', 'E129']],
}

/** This account's group of `channel`, or why not: E105 another account's id, E113 no such group. */
export function findGroup(
  store: SetrowStore,
  channel: Channel,
  id: number,
): GroupRecord | SetrowErrorCode {
  const group = store.groups.get(id)
  if (group && group.channel === channel) return group
  return store.foreignGroupIds.has(id) ? 'E105' : 'E113'
}

export function upsertContact(
  store: SetrowStore,
  channel: Channel,
  text: string,
  item: ContactFields & { groupId: number },
  now: string,
): Outcome {
  const address = normalAddress(channel, text)
  if (!address) return 'E103'
  for (const key in item) if (isStrayArea(key)) return 'E103'
  const group = findGroup(store, channel, item.groupId)
  if (typeof group === 'string') return group
  for (const [list, code] of suppressions[channel]) if (store.lists[list].has(address)) return code
  const existing = store.contacts[channel].get(address)
  const status = item.allowStatus ?? existing?.allowStatus ?? 'Y'
  // the source value is read against the table its allow status implies
  if (item.iysSource !== undefined && !iysSourceName(status, item.iysSource)) return 'E103'
  const contact: Contact = existing ?? {
    address,
    name: '',
    surname: '',
    allowStatus: status,
    iysSource: null,
    consentDate: null,
    areas: {},
    // made with its group: an empty list that is pushed to grows room for 17
    groups: [group.id],
    createdAt: now,
    updatedAt: now,
    iysTransactions: [],
  }
  if (item.name !== undefined) contact.name = item.name
  if (item.surname !== undefined) contact.surname = item.surname
  if (item.allowStatus !== undefined) setAllowStatus(contact, item.allowStatus, now)
  if (item.iysSource !== undefined) contact.iysSource = item.iysSource
  if (item.consentDate !== undefined) contact.consentDate = stampText(item.consentDate)
  // only the keys the item carries: most upserts send none of the 20 areas
  for (const key in item) {
    const value = item[key as AreaName]
    if (value !== undefined && isAreaName(key)) contact.areas[key] = value
  }
  if (!contact.groups.includes(group.id)) contact.groups.push(group.id)
  contact.updatedAt = now
  if (existing) return 'updated'
  store.contacts[channel].set(address, contact)
  return 'added'
}

/**
 * A new allow status, dated now. A source kept across a change between the opt-in and opt-out
 * tables would be read in the other table (1 is HS_FIZIKSELORTAM opted in, HS_EPOSTA opted out, and
 * 16 is in no opt-out row): it is cleared, and the caller sets one when it has one (assumed).
 */
export function setAllowStatus(contact: Contact, status: AllowStatus, now: string): void {
  if (status === contact.allowStatus) return
  if (isOptIn(status) !== isOptIn(contact.allowStatus)) contact.iysSource = null
  contact.allowStatus = status
  contact.consentDate = now
}

export function transferContact(
  store: SetrowStore,
  channel: Channel,
  item: { address: string; fromGroupId: number; toGroupId: number },
  now: string,
): Outcome {
  const address = normalAddress(channel, item.address)
  if (!address) return 'E103'
  const contact = store.contacts[channel].get(address)
  if (!contact) return unknownCode[channel]
  for (const id of [item.fromGroupId, item.toGroupId]) {
    const group = findGroup(store, channel, id)
    if (typeof group === 'string') return group
  }
  if (!contact.groups.includes(item.fromGroupId)) return notInGroupCode[channel]
  if (contact.groups.includes(item.toGroupId)) return alreadyInListCode[channel]
  contact.groups = contact.groups.map((id) => (id === item.fromGroupId ? item.toGroupId : id))
  contact.updatedAt = now
  return 'transferred'
}

/** From one group, or from every group; the contact card itself stays (its history is kept). */
export function removeContact(
  store: SetrowStore,
  channel: Channel,
  item: { address: string; groupId?: number | undefined },
  now: string,
): Outcome {
  const address = normalAddress(channel, item.address)
  if (!address) return 'E103'
  const contact = store.contacts[channel].get(address)
  if (!contact) return unknownCode[channel]
  if (item.groupId !== undefined) {
    const group = findGroup(store, channel, item.groupId)
    if (typeof group === 'string') return group
    if (!contact.groups.includes(group.id)) return notInGroupCode[channel]
    contact.groups = contact.groups.filter((id) => id !== group.id)
  } else {
    contact.groups = []
  }
  contact.updatedAt = now
  return 'deleted'
}

export function personOf(contact: Contact) {
  return {
    name: contact.name,
    surname: contact.surname,
    allowStatus: contact.allowStatus,
    iysSource: contact.iysSource,
    iysSourceName:
      contact.iysSource === null
        ? null
        : (iysSourceName(contact.allowStatus, contact.iysSource) ?? null),
    consentDate: contact.consentDate,
    createdAt: contact.createdAt,
    updatedAt: contact.updatedAt,
  }
}

/** A group member: the person, with only the custom areas asked for. */
export function memberOf(channel: Channel, contact: Contact, areas: readonly string[] = []) {
  const picked: Record<string, string> = {}
  for (const area of areas) {
    const value = contact.areas[area as AreaName]
    if (value !== undefined) picked[area] = value
  }
  return { [keyOf(channel)]: contact.address, ...personOf(contact), ...picked }
}

/** The contact card: every custom area, the groups by name, the saved IYS ids. */
export function cardOf(store: SetrowStore, channel: Channel, contact: Contact) {
  return {
    [keyOf(channel)]: contact.address,
    ...personOf(contact),
    ...contact.areas,
    groups: contact.groups.flatMap((id) => {
      const group = store.groups.get(id)
      return group ? [{ groupId: group.id, groupName: group.name }] : []
    }),
    iysTransactions: contact.iysTransactions,
  }
}
