/**
 * Customers are not read from any API: they are what the orders delivered so far say about each
 * buyer. This source folds the order facts the orders streams stored (grouped by customer key) into
 * one canonical Customer per buyer; the engine's hashes then send only the customers that changed.
 */
import type { Customer, Order, OrderStatus } from '../model/index.ts'
import type { Source } from './stream.ts'

/** What an orders stream stores with each delivered order (`Keyed.data`). */
export interface OrderFacts {
  status: OrderStatus
  total: number
  placedAt?: string | undefined
  customer: Order['customer']
}

export function orderFacts(order: Order): OrderFacts {
  return {
    status: order.status,
    total: order.total,
    placedAt: order.placedAt,
    customer: order.customer,
  }
}

/** The identity customers are matched by across sources: the email, else the GSM number. */
export function customerKey(order: Pick<Order, 'customer' | 'key'>): string {
  return order.customer.email?.toLowerCase() ?? order.customer.gsm ?? order.key
}

/** Every customer of the orders stored under `ordersScope` (`<pipeline>/<scope>`), a page at a time. */
export function customersFromOrders(ordersScope: string, pageSize = 500): Source<Customer> {
  return {
    async *read(ctx) {
      for (let after: string | undefined; ;) {
        const groups = await ctx.store.groups(ordersScope, after, pageSize)
        if (!groups.length) return
        yield {
          records: groups.map(({ group, mappings }) => ({
            key: group,
            record: foldCustomer(
              group,
              mappings.map((m) => ({ key: m.key, facts: m.data as OrderFacts })),
            ),
          })),
        }
        after = groups.at(-1)!.group
      }
    },
  }
}

/** One customer from their orders: contact details from the latest, totals over all but cancelled. */
export function foldCustomer(key: string, orders: { key: string; facts: OrderFacts }[]): Customer {
  const dated = [...orders].sort((a, b) =>
    (a.facts.placedAt ?? '').localeCompare(b.facts.placedAt ?? ''),
  )
  const latest = dated.findLast((o) => o.facts.customer)?.facts.customer ?? {
    firstName: '',
    lastName: '',
  }
  const counted = dated.filter((o) => o.facts.status !== 'cancelled')
  const times = counted.map((o) => o.facts.placedAt).filter((t): t is string => !!t)
  const pick = <K extends keyof Order['customer']>(field: K) =>
    dated.findLast((o) => o.facts.customer?.[field])?.facts.customer[field]
  const email = pick('email')
  const gsm = pick('gsm')
  const city = pick('city')
  const district = pick('district')
  const sources = [...new Set(orders.map((o) => o.key.split(':')[0]!))].sort()
  return {
    key,
    ...(email ? { email } : {}),
    ...(gsm ? { gsm } : {}),
    firstName: latest.firstName,
    lastName: latest.lastName,
    ...(city ? { city } : {}),
    ...(district ? { district } : {}),
    ...(times.length ? { firstOrderAt: times[0], lastOrderAt: times.at(-1) } : {}),
    orderCount: counted.length,
    totalSpent: Math.round(counted.reduce((sum, o) => sum + o.facts.total, 0) * 100) / 100,
    sources: sources.map((api) => ({ api, id: key })),
  }
}
