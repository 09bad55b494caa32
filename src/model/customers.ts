/**
 * What kopru knows of a customer comes from their orders: the facts an orders stream stores with
 * each order, the key buyers are matched by across sources, and one customer folded from them.
 */
import { foldEmail } from '../core/text.ts'
import type { Customer, Order, OrderStatus } from './index.ts'

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
  const email = order.customer.email
  return (email === undefined ? undefined : foldEmail(email)) ?? order.customer.gsm ?? order.key
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
