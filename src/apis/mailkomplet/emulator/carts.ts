/**
 * The cart tracker (MkTracker): carts per visitor of a shop instance, changed by what the
 * tracking script reports. `updateBasketContent` replaces the cart, `addBasketItem` merges the same
 * code and variant, `removeBasketItem` takes `amount` off, `identifyVisitor` pairs the visitor with
 * a contact by address, `sessionCompleted` converts the cart into an order, `pushEvent` records a
 * custom event. A cart with items, not converted, unchanged for `abandonAfterMinutes` is abandoned.
 */
import { z } from 'zod'
import { cartItem } from '../tracker-schema.ts'
import { emailText } from '../schemas.ts'
import { badRequest } from './answers.ts'
import { ActionType, activity, type Sim } from './delivery.ts'
import type { StoredCart } from './state.ts'
import { stamp } from './store.ts'

const visitor = { instance: z.string().min(1).max(200), visitorId: z.string().min(8).max(100) }

/** What the tracking script posts to `/tracker/events`. */
export const trackerReport = z.discriminatedUnion('action', [
  z.object({
    ...visitor,
    action: z.literal('updateBasketContent'),
    items: z.array(cartItem).max(500),
  }),
  z.object({ ...visitor, action: z.literal('addBasketItem'), item: cartItem }),
  z.object({ ...visitor, action: z.literal('removeBasketItem'), item: cartItem }),
  z.object({
    ...visitor,
    action: z.literal('sessionCompleted'),
    orderId: z.union([z.string().min(1).max(100), z.number()]).transform(String),
    email: emailText.nullable().optional(),
  }),
  z.object({ ...visitor, action: z.literal('identifyVisitor'), email: emailText }),
  z.object({
    ...visitor,
    action: z.literal('pushEvent'),
    eventName: z.string().min(1).max(200),
    customData: z.record(z.string(), z.unknown()).nullable().optional(),
  }),
])
export type TrackerReport = z.output<typeof trackerReport>
type Item = z.output<typeof cartItem>

const sameLine = (a: Item, b: Item) =>
  a.code === b.code && (a.variant ?? null) === (b.variant ?? null)

/** The visitor's open cart, made on first use; a converted cart is never changed again. */
function openCart(sim: Sim, report: TrackerReport): StoredCart {
  const { store, now } = sim
  const found = store.data.carts.find(
    (c) =>
      c.instance === report.instance && c.visitorId === report.visitorId && c.status === 'open',
  )
  if (found) return found
  const previous = store.data.carts.findLast(
    (c) => c.instance === report.instance && c.visitorId === report.visitorId,
  )
  const cart: StoredCart = {
    cartId: store.nextId('cart'),
    instance: report.instance,
    visitorId: report.visitorId,
    email: previous?.email ?? null,
    contactId: previous?.contactId ?? null,
    items: [],
    created: stamp(now),
    updated: stamp(now),
    status: 'open',
    orderId: null,
    convertedAt: null,
  }
  store.data.carts.push(cart)
  return cart
}

function identify(sim: Sim, cart: StoredCart, email: string): void {
  cart.email = email
  cart.contactId = sim.store.contactByEmail(email)?.contactId ?? null
}

export function track(sim: Sim, report: TrackerReport): StoredCart {
  if (report.instance !== sim.switches.trackerInstance)
    throw badRequest(`instance: ${report.instance} is not this account's tracker instance`)
  const cart = openCart(sim, report)
  switch (report.action) {
    case 'updateBasketContent':
      cart.items = report.items.map((i) => ({ ...i }))
      break
    case 'addBasketItem': {
      const line = cart.items.find((i) => sameLine(i, report.item))
      if (line) Object.assign(line, { ...report.item, amount: line.amount + report.item.amount })
      else cart.items.push({ ...report.item })
      break
    }
    case 'removeBasketItem': {
      const line = cart.items.find((i) => sameLine(i, report.item))
      if (line) line.amount -= report.item.amount
      cart.items = cart.items.filter((i) => i.amount > 0)
      break
    }
    case 'identifyVisitor':
      identify(sim, cart, report.email)
      break
    case 'sessionCompleted':
      if (report.email) identify(sim, cart, report.email)
      cart.status = 'converted'
      cart.orderId = report.orderId
      cart.convertedAt = stamp(sim.now)
      if (cart.email) activity(sim, cart.email, ActionType.order, {}, stamp(sim.now))
      break
    case 'pushEvent':
      sim.store.data.trackerEvents.push({
        instance: report.instance,
        visitorId: report.visitorId,
        email: cart.email,
        name: report.eventName,
        data: report.customData ?? null,
        at: stamp(sim.now),
      })
      // bounded: the oldest events go first
      if (sim.store.data.trackerEvents.length > 10_000) sim.store.data.trackerEvents.shift()
      break
  }
  cart.updated = stamp(sim.now)
  return cart
}

export type CartState = 'open' | 'abandoned' | 'converted'

export function cartState(sim: Pick<Sim, 'now' | 'switches'>, cart: StoredCart): CartState {
  if (cart.status === 'converted') return 'converted'
  const idleMs = sim.now.getTime() - new Date(`${cart.updated}Z`).getTime()
  return cart.items.length && idleMs >= sim.switches.abandonAfterMinutes * 60_000
    ? 'abandoned'
    : 'open'
}
