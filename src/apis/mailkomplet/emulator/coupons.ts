/**
 * Sale coupon groups and coupons. A code is unique within its group; a coupon is drawn from its
 * group once (the oldest valid unsent one first) and then carries the e-mail it went out in.
 */
import { instantOf } from '../time.ts'
import { badRequest, notFound } from './answers.ts'
import type { MailKompletData } from './state.ts'
import { stamp, stampInstant, type MailKompletStore } from './store.ts'

type Coupon = MailKompletData['coupons'][number]

function group(store: MailKompletStore, id: number) {
  const found = store.data.couponGroups.find((g) => g.couponGroupId === id)
  if (!found) throw notFound(`sale coupon group ${id}`)
  return found
}

function checkName(store: MailKompletStore, name: string, except?: number): void {
  if (
    store.data.couponGroups.some(
      (g) => g.couponGroupId !== except && g.name.toLowerCase() === name.toLowerCase(),
    )
  )
    throw badRequest(`name: a sale coupon group named ${name} exists`)
}

export function createGroup(store: MailKompletStore, input: { name: string; color: string }) {
  checkName(store, input.name)
  const created = {
    couponGroupId: store.nextId('couponGroup'),
    name: input.name,
    color: input.color,
  }
  store.data.couponGroups.push(created)
  return created
}

export function updateGroup(
  store: MailKompletStore,
  input: { couponGroupId: number; name?: string | undefined; color?: string | undefined },
) {
  const found = group(store, input.couponGroupId)
  if (input.name !== undefined) checkName(store, input.name, found.couponGroupId)
  if (input.name !== undefined) found.name = input.name
  if (input.color !== undefined) found.color = input.color
  return { couponGroupId: found.couponGroupId }
}

/** A group with coupons already sent is kept (assumed: they are on record in sent mail). */
export function deleteGroup(store: MailKompletStore, id: number): void {
  group(store, id)
  if (store.data.coupons.some((c) => c.couponGroupId === id && c.sent !== null))
    throw badRequest(`sale coupon group ${id} has sent coupons`)
  store.data.coupons = store.data.coupons.filter((c) => c.couponGroupId !== id)
  store.data.couponGroups = store.data.couponGroups.filter((g) => g.couponGroupId !== id)
}

export function addCoupons(
  store: MailKompletStore,
  input: {
    couponGroupId: number
    coupons: { code: string; validity?: Date | string | null | undefined }[]
  },
  now: Date,
): void {
  group(store, input.couponGroupId)
  const taken = new Set(
    store.data.coupons
      .filter((c) => c.couponGroupId === input.couponGroupId)
      .map((c) => c.coupon.toLowerCase()),
  )
  for (const [i, { code }] of input.coupons.entries()) {
    if (taken.has(code.toLowerCase()))
      throw badRequest(`coupons.${i}.code: ${code} is in the group`)
    taken.add(code.toLowerCase())
  }
  for (const { code, validity } of input.coupons) {
    store.data.coupons.push({
      couponId: store.nextId('coupon'),
      couponGroupId: input.couponGroupId,
      mailId: null,
      generatorExecutionId: null,
      transactionalEmailId: null,
      transactionalEmailGuid: null,
      coupon: code,
      email: null,
      created: stamp(now),
      // answered in the vendor's own text, whatever form it came in
      validity: validity == null ? null : stamp(new Date(instantOf(validity))),
      sent: null,
    })
  }
}

export function deleteCoupon(store: MailKompletStore, id: number): void {
  const found = store.data.coupons.find((c) => c.couponId === id)
  if (!found) throw notFound(`sale coupon ${id}`)
  if (found.sent !== null) throw badRequest(`sale coupon ${id} was sent`)
  store.data.coupons = store.data.coupons.filter((c) => c.couponId !== id)
}

/** The coupons of `groupId` that can still be drawn at `now`, oldest first. */
export function available(store: MailKompletStore, groupId: number, now: Date): Coupon[] {
  return store.data.coupons.filter(drawable(groupId, now))
}

function drawable(groupId: number, now: Date): (coupon: Coupon) => boolean {
  const at = now.getTime()
  return (c) =>
    c.couponGroupId === groupId &&
    c.sent === null &&
    (c.validity === null || stampInstant(c.validity) >= at)
}

/** `[[coupon:<groupId>]]`: the placeholder that draws a coupon of the group (assumed syntax). */
export const COUPON_PLACEHOLDER = /\[\[coupon:(\d+)\]\]/g

export function placeholderGroups(...texts: (string | null | undefined)[]): number[] {
  const ids = new Set<number>()
  for (const text of texts)
    for (const match of (text ?? '').matchAll(COUPON_PLACEHOLDER)) ids.add(Number(match[1]))
  return [...ids]
}

/** Marks a coupon drawn for one e-mail; the caller checked there are enough. */
export function draw(
  store: MailKompletStore,
  groupId: number,
  now: Date,
  to: {
    email: string
    transactionalEmailId?: number
    guid?: string
    mailId?: number
    generatorExecutionId?: number
  },
): Coupon {
  // the oldest one found, not all of them listed: a send draws one per recipient
  const coupon = store.data.coupons.find(drawable(groupId, now))
  if (!coupon) throw badRequest(`no sale coupon left in group ${groupId}`)
  coupon.email = to.email
  coupon.sent = stamp(now)
  coupon.transactionalEmailId = to.transactionalEmailId ?? null
  coupon.transactionalEmailGuid = to.guid ?? null
  coupon.mailId = to.mailId ?? null
  coupon.generatorExecutionId = to.generatorExecutionId ?? null
  return coupon
}
