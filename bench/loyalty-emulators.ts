/**
 * The emulators of `loyalty.bench.ts`, in a process of their own so that the sync's process holds
 * only the sync: Softtr seeded with the bench's orders and customers, Loyaltii with its default
 * account, both served over loopback. Every request they answer is counted here by operation (the
 * request logs keep only the last 2,000).
 *
 * It also works out what the minimum rests on, from the seed itself and with kopru's own mapping
 * (`toOrder`, `pointsFor`, `customerKey`): how many orders a first run reads, how many of them
 * earn a point, and the contact look-ups and creates their distinct buyers need (`BuyerFacts`).
 * After a run it says what Loyaltii holds of kopru's (`Written`).
 *
 * Talks with the bench over the fork IPC channel: one `LoyaltyEmulatorCall` in, one reply out.
 */
import { loyaltiiEmulator } from '../src/apis/loyaltii/emulator/index.ts'
import type { LoyaltiiStore } from '../src/apis/loyaltii/emulator/store.ts'
import { pointsFor } from '../src/apis/loyaltii/connector.ts'
import { loyaltiiPhone } from '../src/apis/loyaltii/contacts-match.ts'
import { softtrEmulator } from '../src/apis/softtr/emulator/index.ts'
import { toDetail, toSummary, type SofttrStore } from '../src/apis/softtr/emulator/store.ts'
import { toOrder } from '../src/apis/softtr/connector.ts'
import { createEmulator, type Emulator } from '../src/emulator/host.ts'
import { customerKey } from '../src/model/customers.ts'
import { configSchema } from '../src/sync/config.ts'
import { answerCalls, jobOf, type Failure } from './child-process.ts'
import { serveCounted, type Endpoint } from './served-emulators.ts'

export interface LoyaltyEmulatorStart {
  orders: number
  customers: number
  seed: number
}

/** What a first run over the orders placed since a day has to do, by the seed. */
export interface LoyaltyFacts {
  /** orders placed since the day */
  orders: number
  /** those the recipe's default rules give a point (goods of 10 TRY or more, status `new`) */
  earning: number
  /** distinct buyers as the sink keys them (`customerKey`: e-mail, else GSM, else the order) */
  buyers: number
  /** `contacts.getByEmail`: one per buyer with an e-mail */
  byEmail: number
  /** `contacts.getByPhone`: one per buyer with a GSM whom the e-mail did not find */
  byPhone: number
  /** `contacts.create`: one per buyer neither found */
  creates: number
  /** the Loyaltii store the source's orders go to exists already (no create needed) */
  storeExists: boolean
}

/** What Loyaltii holds of kopru's after a run. */
export interface Written {
  /** orders whose ExtOrderId is a Softtr order key */
  orders: number
  /** order keys holding more than one order */
  duplicateOrders: number
  /** points whose SourceId is a Softtr order key (not cancellers) */
  points: number
  duplicatePoints: number
  /** contacts registered by kopru */
  contacts: number
}

export type LoyaltyEmulatorCall =
  | { kind: 'endpoints' }
  /** answered requests by `<api>.<operationId>` since the last `counts` */
  | { kind: 'counts' }
  /** the minimum's facts for the orders placed on or after `since` (ISO) */
  | { kind: 'facts'; since: string }
  | { kind: 'written' }

export type LoyaltyEmulatorReply =
  | { ok: true; kind: 'endpoints'; softtr: Endpoint; loyaltii: Endpoint }
  | { ok: true; kind: 'counts'; counts: Record<string, number> }
  | { ok: true; kind: 'facts'; facts: LoyaltyFacts }
  | { ok: true; kind: 'written'; written: Written }
  | Failure

const start = jobOf<LoyaltyEmulatorStart>(import.meta.url, 'loyalty.bench.ts')
const softtr = createEmulator(softtrEmulator, {
  seed: start.seed,
  env: {},
  sizes: { orders: start.orders, customers: start.customers },
}) as Emulator<SofttrStore>
const loyaltii = createEmulator(loyaltiiEmulator, { seed: start.seed, env: {} }) as Emulator<
  LoyaltiiStore,
  unknown
>
const served = await serveCounted([softtr, loyaltii] as unknown as Emulator[])
const { endpoint } = served

/** the recipe's defaults, as the run's kopru.yaml (`loyalty: { from: [softtr] }`) has them */
const recipe = configSchema.parse({
  connections: {},
  pipelines: { loyalty: { from: ['softtr'] } },
}).pipelines.loyalty!

function facts(since: string): LoyaltyFacts {
  // newest first, as Softtr lists them and the run meets them
  const orders = softtr.state.orders
    .filter((o) => o.placedAt >= since)
    .map((o) => toOrder(toSummary(o), toDetail(o)))
  const type = recipe.orderTypes.softtr!
  const earning = orders.filter(
    (o) => pointsFor(o, type, { rules: recipe.points, earnOn: recipe.earnOn }) > 0,
  ).length
  // each buyer looked up once, with the details of the first order met: e-mail, then phone,
  // created when neither finds a contact (one created earlier in the run counts as found)
  const l = loyaltii.state
  const emails = new Set<string>()
  const phones = new Set<string>()
  const seen = new Set<string>()
  let byEmail = 0
  let byPhone = 0
  let creates = 0
  for (const order of orders) {
    const key = customerKey(order)
    if (seen.has(key)) continue
    seen.add(key)
    const { email, gsm } = order.customer
    const phone = gsm ? loyaltiiPhone(gsm)[1] : undefined
    if (email) {
      byEmail++
      if (emails.has(email.toLowerCase()) || l.contactByEmail(email)) continue
    }
    if (phone) {
      byPhone++
      if (phones.has(phone) || l.contactByPhone(phone)) continue
    }
    creates++
    if (email) emails.add(email.toLowerCase())
    if (phone) phones.add(phone)
  }
  const number = recipe.stores.softtr!.number
  const storeExists = [...l.stores.values()].some((s) => s.Number === number)
  return {
    orders: orders.length,
    earning,
    buyers: seen.size,
    byEmail,
    byPhone,
    creates,
    storeExists,
  }
}

function written(): Written {
  const l = loyaltii.state
  const ours = /^softtr:/
  const orders = new Map<string, number>()
  for (const o of l.orders.values())
    if (o.ExtOrderId && ours.test(o.ExtOrderId))
      orders.set(o.ExtOrderId, (orders.get(o.ExtOrderId) ?? 0) + 1)
  const points = new Map<string, number>()
  for (const p of l.points)
    if (!p.IsCanceller && p.SourceId && ours.test(p.SourceId))
      points.set(p.SourceId, (points.get(p.SourceId) ?? 0) + 1)
  const over = (m: Map<string, number>) => [...m.values()].filter((n) => n > 1).length
  return {
    orders: orders.size,
    duplicateOrders: over(orders),
    points: points.size,
    duplicatePoints: over(points),
    contacts: [...l.contacts.values()].filter((c) => c.RegistrationSource.startsWith('kopru'))
      .length,
  }
}

const endpoints = (): LoyaltyEmulatorReply => ({
  ok: true,
  kind: 'endpoints',
  softtr: endpoint(softtr),
  loyaltii: endpoint(loyaltii),
})

answerCalls(
  (call: LoyaltyEmulatorCall): LoyaltyEmulatorReply => {
    switch (call.kind) {
      case 'endpoints':
        return endpoints()
      case 'counts':
        return { ok: true, kind: 'counts', counts: served.takeCounts() }
      case 'facts':
        return { ok: true, kind: 'facts', facts: facts(call.since) }
      case 'written':
        return { ok: true, kind: 'written', written: written() }
    }
  },
  { ready: endpoints(), close: served.close },
)
