/**
 * Groups per channel: listing with member counts, members with filters and chosen custom areas,
 * automatic e-mail groups evaluated on the fly, and creation with the naming rules (E107, E108, E109).
 */
import { foldTurkish } from '../../../core/text.ts'
import type { AreaName } from '../codecs.ts'
import { dateOfStamp, stampOf } from './addresses.ts'
import { fail } from './answers.ts'
import { findGroup, memberOf } from './contacts.ts'
import type { AutoRule, Channel, Contact, SetrowStore } from './store.ts'

/** Shortest group name accepted (assumed; the seed names E107 without the limit). */
export const MIN_GROUP_NAME = 3
export const MAX_GROUP_NAME = 100
/** E108: "Mini-plan customers can have a maximum of 10 manual groups." */
export const MINI_PLAN_GROUPS = 10

const DAY = 86_400_000

export function listGroups(store: SetrowStore, channel: Channel) {
  const counts = new Map<number, number>()
  for (const contact of store.contacts[channel].values())
    for (const id of contact.groups) counts.set(id, (counts.get(id) ?? 0) + 1)
  return [...store.groups.values()]
    .filter((group) => group.channel === channel)
    .map((group) => ({
      groupId: group.id,
      groupName: group.name,
      memberCount: counts.get(group.id) ?? 0,
      createdAt: group.createdAt,
    }))
}

export interface MemberQuery {
  /** `[area, value]` pairs; every one must match the contact's custom area (case-insensitive) */
  filter?: readonly (readonly [string, string])[] | undefined
  areas?: readonly string[] | undefined
  /** members whose `updateDateArea` holds a date at or after `since` */
  updateDateArea?: string | undefined
  since?: Date | undefined
  /** any further condition a caller needs */
  where?: ((contact: Contact) => boolean) | undefined
}

export function groupMembers(
  store: SetrowStore,
  channel: Channel,
  groupId: number,
  query: MemberQuery = {},
) {
  const group = findGroup(store, channel, groupId)
  if (typeof group === 'string') throw fail(group, 'groupId')
  const pairs = (query.filter ?? []).map(
    ([area, value]) => [area as AreaName, foldTurkish(value)] as const,
  )
  const since = query.since?.getTime()
  const members = []
  for (const contact of store.contacts[channel].values()) {
    if (!contact.groups.includes(group.id)) continue
    if (!pairs.every(([area, value]) => foldTurkish(contact.areas[area] ?? '') === value)) continue
    if (since !== undefined && !dateAtOrAfter(contact, query.updateDateArea, since)) continue
    if (query.where && !query.where(contact)) continue
    members.push(memberOf(channel, contact, query.areas))
  }
  return { groupId: group.id, groupName: group.name, memberCount: members.length, members }
}

/** A member's date in `area` (or its consent date without one) is at or after `since`. */
export function dateAtOrAfter(contact: Contact, area: string | undefined, since: number): boolean {
  const text = area ? contact.areas[area as AreaName] : contact.consentDate
  const date = text ? dateOfStamp(text) : undefined
  return date !== undefined && date.getTime() >= since
}

export function autoGroupMembers(store: SetrowStore, groupId: number, now: Date) {
  const group = store.autoGroups.get(groupId)
  if (!group) throw fail('E106', 'groupId')
  const matches = ruleMatcher(store, group.rule, now)
  const members = []
  for (const contact of store.contacts.email.values()) {
    if (contact.groups.length && matches(contact)) members.push(memberOf('email', contact))
  }
  return { groupId: group.id, groupName: group.name, memberCount: members.length, members }
}

function ruleMatcher(store: SetrowStore, rule: AutoRule, now: Date): (c: Contact) => boolean {
  switch (rule.kind) {
    case 'area':
      return (c) => foldTurkish(c.areas[rule.area] ?? '') === foldTurkish(rule.value)
    case 'allowStatus':
      return (c) => rule.statuses.includes(c.allowStatus)
    case 'createdWithinDays': {
      const since = stampOf(new Date(now.getTime() - rule.days * DAY))
      return (c) => c.createdAt >= since
    }
    case 'hasBasket':
      return (c) => (store.baskets.get(c.address)?.size ?? 0) > 0
    case 'orderedWithinDays': {
      const since = stampOf(new Date(now.getTime() - rule.days * DAY))
      const buyers = new Set<string>()
      for (const order of store.orders.values())
        if (order.orderDate >= since) buyers.add(order.email)
      return (c) => buyers.has(c.address)
    }
  }
}

export function createGroup(
  store: SetrowStore,
  channel: Channel,
  text: string,
  { now, miniPlan }: { now: string; miniPlan: boolean },
) {
  const name = text.trim().replace(/\s+/g, ' ')
  if (name.length < MIN_GROUP_NAME) throw fail('E107', 'groupName')
  if (name.length > MAX_GROUP_NAME) throw fail('E103', 'groupName')
  const own = [...store.groups.values()].filter((group) => group.channel === channel)
  if (own.some((group) => foldTurkish(group.name) === foldTurkish(name)))
    throw fail('E109', 'groupName')
  if (miniPlan && channel === 'email' && own.length >= MINI_PLAN_GROUPS) throw fail('E108')
  const id = store.nextGroupId++
  store.groups.set(id, { id, name, channel, createdAt: now })
  return { groupId: id, groupName: name }
}
