import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createSofttrClient } from '../../../src/apis/softtr/client.ts'
import {
  placedAtOf,
  softtrOrders,
  softtrStockDecrements,
  splitName,
} from '../../../src/apis/softtr/connector.ts'
import { softtrEmulator } from '../../../src/apis/softtr/emulator/index.ts'
import type { SofttrStore } from '../../../src/apis/softtr/emulator/store.ts'
import { AdaptiveLimiter } from '../../../src/core/adaptive.ts'
import { createEmulator, type Emulator } from '../../../src/emulator/host.ts'
import type { Order } from '../../../src/model/index.ts'
import { retryDeadLetters, runPipeline } from '../../../src/sync/engine.ts'
import { SqliteStateStore } from '../../../src/sync/sqlite.ts'
import { defineStream } from '../../../src/sync/stream.ts'
import { type Outcome, type Planned, type Sink, type Source } from '../../../src/model/connector.ts'

const NOW = new Date('2026-11-23T09:00:00Z')
let e: Emulator<SofttrStore>
let store: SqliteStateStore
beforeEach(() => {
  e = createEmulator(softtrEmulator, {
    seed: 3,
    sizes: { products: 30, orders: 120, customers: 40 },
    clock: () => NOW,
  })
  store = new SqliteStateStore(':memory:', () => NOW)
})
afterEach(async () => store.close())

const client = () =>
  createSofttrClient({
    baseUrl: e.baseUrl(),
    username: 'kopru',
    password: 'kopru-softtr',
    fetch: e.fetch,
  })

function collector<R>(): Sink<R> & { got: Planned<R>[] } {
  const got: Planned<R>[] = []
  return {
    got,
    name: 'collector',
    batchSize: 1000,
    async write(batch) {
      got.push(...batch)
      return batch.map((): Outcome => ({ ok: true }))
    },
  }
}

describe('softtrOrders', () => {
  it('keeps the client busy across pages: the next list page asked for before this one’s details, the next page’s details while this one’s last are out', async () => {
    // 120 orders: two list pages of 100 and 20; each answer 20 ms late, at most 16 in flight
    e.chaos.configure({ latencyMs: [20, 20] })
    const firstPage = new Set(e.state.orders.slice(0, 100).map((o) => o.orderno))
    const out = new Set<string>()
    const sent: { op: 'list' | 'detail'; page?: 1 | 2; alongsideFirst?: number }[] = []
    const paced = createSofttrClient({
      baseUrl: e.baseUrl(),
      username: 'kopru',
      password: 'kopru-softtr',
      limiter: new AdaptiveLimiter({ initialConcurrency: 16, maxConcurrency: 16 }),
      fetch: async (input, init) => {
        const url = new URL(input instanceof Request ? input.url : String(input))
        const orderno = /\/order\/([^/?]+)$/.exec(url.pathname)?.[1]
        if (!orderno) sent.push({ op: 'list' })
        else {
          const page = firstPage.has(decodeURIComponent(orderno)) ? 1 : 2
          const alongsideFirst = [...out].filter((o) => firstPage.has(o)).length
          sent.push({ op: 'detail', page, alongsideFirst })
          out.add(decodeURIComponent(orderno))
        }
        try {
          return await e.fetch(input, init)
        } finally {
          if (orderno) out.delete(decodeURIComponent(orderno))
        }
      },
    })
    const pipeline = {
      name: 'p',
      streams: [
        defineStream({ name: 'orders', source: softtrOrders(paced), sink: collector<Order>() }),
      ],
    }
    expect((await runPipeline(pipeline, { store, clock: () => NOW })).counts.orders).toMatchObject({
      read: 120,
      created: 120,
    })
    const secondList = sent.findIndex((r, i) => r.op === 'list' && i > 0)
    const firstDetails = sent.flatMap((r, i) => (r.page === 1 ? [i] : []))
    expect(firstDetails).toHaveLength(100)
    // the second list page went out before the first page's details had all gone
    expect(secondList).toBeLessThan(firstDetails.at(-1)!)
    // the second page's first detail went out while first-page details were still unanswered
    expect(sent.find((r) => r.page === 2)!.alongsideFirst).toBeGreaterThan(0)
  })

  it('reads every order with its detail once, then only what changed', async () => {
    const sink = collector<Order>()
    const pipeline = {
      name: 'p',
      streams: [defineStream({ name: 'orders', source: softtrOrders(client()), sink })],
    }
    const first = await runPipeline(pipeline, { store, clock: () => NOW })
    expect(first.counts.orders).toMatchObject({ read: 120, created: 120 })
    expect(e.log.count('orders.get')).toBe(120)
    const sample = sink.got.find((p) => p.key === `softtr:${e.state.orders[0]!.orderno}`)!
    const stored = e.state.orders[0]!
    expect(sample.record).toMatchObject({
      number: stored.orderno,
      total: stored.orderAmount,
      placedAt: new Date(
        Math.floor(Date.parse(stored.placedAt) / 1000) * 1000 - 3 * 3_600_000,
      ).toISOString(),
      customer: {
        email: stored.invoiceDetails.invoiceMail,
        city: stored.invoiceDetails.invoiceCity,
      },
    })
    expect(sample.record.lines).toHaveLength(stored.items.length)
    expect(sample.record.customer.gsm).toMatch(/^905\d{9}$/)
    expect(await store.cursor('p', 'orders')).toBe('2026-11-23')

    // a second run reads the overlap window's list pages, fetches no detail and writes nothing
    e.log.clear()
    const second = await runPipeline(pipeline, { store, clock: () => NOW })
    expect(e.log.count('orders.get')).toBe(0)
    expect(second.counts.orders).toMatchObject({ created: 0, updated: 0 })
    expect(e.log.list().every((r) => r.query.includes('startDate=21-11-2026'))).toBe(true)
  })

  it('parses the order time from the order number and splits names on the last space', () => {
    expect(placedAtOf('01092022001221-AIK', '+03:00')).toBe('2022-08-31T21:12:21.000Z')
    expect(placedAtOf('WEB-1', '+03:00')).toBeUndefined()
    expect(splitName('Ayşe Nur Yılmaz')).toEqual(['Ayşe Nur', 'Yılmaz'])
    expect(splitName('Cem')).toEqual(['Cem', ''])
  })
})

/** Orders as another marketplace would give them, selling Softtr's units. */
function sold(lines: { barcode: string; quantity: number }[][], status: Order['status'] = 'new') {
  return lines.map((order, i): Order => ({
    key: `market:${i}`,
    source: { api: 'market', id: String(i) },
    number: String(i),
    status,
    currency: 'TRY',
    total: 1,
    customer: { firstName: 'A', lastName: 'B' },
    lines: order.map((l) => ({
      sku: 'x',
      barcode: l.barcode,
      title: 't',
      quantity: l.quantity,
      unitPrice: 1,
    })),
  }))
}

function fixed(orders: Order[]): Source<Order> {
  return {
    async *read() {
      yield { records: orders.map((record) => ({ key: record.key, record })) }
    },
  }
}

const stockOf = (barcode: string) => {
  const unit = e.state.stockUnit(barcode)!
  return unit.variant ? unit.variant.stockAmount : unit.product.stockAmount
}

/**
 * The decrement sink and a pipeline of `orders` through it, after a first run that died once its
 * write had gone out and before its commit.
 */
async function crashedAfterWrite(orders: Order[]) {
  const sink = softtrStockDecrements(client())
  const crashing: Sink<Order> = {
    ...sink,
    async write(batch, ctx) {
      await sink.write(batch, ctx)
      throw new Error('killed before the commit')
    },
  }
  const stream = (s: Sink<Order>) => ({
    name: 'inv',
    streams: [defineStream({ name: 'sales', source: fixed(orders), sink: s })],
  })
  await expect(runPipeline(stream(crashing), { store })).rejects.toThrow('killed before')
  return { sink, stream }
}

describe('softtrStockDecrements', () => {
  const units = () =>
    e.state.products.flatMap((p) =>
      p.variants.length ? p.variants.map((v) => v.barcode) : [p.barcode],
    )

  it('takes each order’s quantities off once, however often the orders are read', async () => {
    const [a, b] = units()
    const before = [stockOf(a!), stockOf(b!)]
    const orders = sold([
      [{ barcode: a!, quantity: 2 }],
      [
        { barcode: a!, quantity: 1 },
        { barcode: b!, quantity: 1 },
      ],
    ])
    const pipeline = {
      name: 'inv',
      streams: [
        defineStream({
          name: 'sales',
          source: fixed(orders),
          sink: softtrStockDecrements(client()),
        }),
      ],
    }
    await runPipeline(pipeline, { store })
    await runPipeline(pipeline, { store })
    orders[1]!.status = 'cancelled'
    await runPipeline(pipeline, { store })
    expect([stockOf(a!), stockOf(b!)]).toEqual([
      Math.max(0, before[0]! - 3),
      Math.max(0, before[1]! - 1),
    ])
  })

  it('dead-letters an order with a unit Softtr does not have and takes nothing for it', async () => {
    const [a] = units()
    const before = stockOf(a!)
    const orders = sold([
      [
        { barcode: a!, quantity: 1 },
        { barcode: '2000000000000', quantity: 1 },
      ],
    ])
    const pipeline = {
      name: 'inv',
      streams: [
        defineStream({
          name: 'sales',
          source: fixed(orders),
          sink: softtrStockDecrements(client()),
        }),
      ],
    }
    const result = await runPipeline(pipeline, { store })
    expect(result.counts.sales!.failed).toBe(1)
    expect(stockOf(a!)).toBe(before)
    expect((await store.deadLetters())[0]).toMatchObject({ code: 'unmatched', key: 'market:0' })
  })

  it('after a crash between the write and the commit, counts the orders without taking twice', async () => {
    const [a] = units()
    const before = stockOf(a!)
    const orders = sold([[{ barcode: a!, quantity: 4 }]])
    const { sink, stream } = await crashedAfterWrite(orders)
    expect(stockOf(a!)).toBe(Math.max(0, before - 4))
    const resumed = await runPipeline(stream(sink), { store })
    expect(resumed.counts.sales).toMatchObject({ skipped: 1, failed: 0 })
    expect(stockOf(a!)).toBe(Math.max(0, before - 4))
    expect(await store.deadLetters({ status: 'open' })).toEqual([])
    expect(await store.intents('inv/sales')).toEqual([])
  })

  it('after a crash, with a unit changed by the shop since: counts the order, leaves a note to check, runs go on', async () => {
    const [a, b] = units()
    const before = stockOf(a!)
    const orders = sold([[{ barcode: a!, quantity: 4 }]])
    const { sink, stream } = await crashedAfterWrite(orders)
    // the shop sets the unit's stock by hand meanwhile: neither the stock before nor after
    const unit = e.state.stockUnit(a!)!
    if (unit.variant) unit.variant.stockAmount = before + 50
    else unit.product.stockAmount = before + 50
    const resumed = await runPipeline(stream(sink), { store })
    expect(resumed).toMatchObject({ status: 'succeeded', counts: { sales: { skipped: 1 } } })
    expect(stockOf(a!)).toBe(before + 50)
    const [note] = await store.deadLetters({ status: 'open' })
    expect(note).toMatchObject({ key: 'market:0', record: null, code: 'stock-changed' })
    expect(note!.reason).toContain(
      `check these units by hand, then dismiss: ${a} (${before} → ${Math.max(0, before - 4)} pending, now ${before + 50})`,
    )
    // later runs go on around it: a new order takes its stock, the note stays open
    const stockB = stockOf(b!)
    orders.push({ ...sold([[{ barcode: b!, quantity: 1 }]])[0]!, key: 'market:1' })
    const next = await runPipeline(stream(sink), { store })
    expect(next).toMatchObject({ status: 'succeeded', counts: { sales: { created: 1 } } })
    expect(stockOf(b!)).toBe(Math.max(0, stockB - 1))
    // a retry has nothing to send: it leaves the note open and names it
    expect(await retryDeadLetters(stream(sink), { store })).toEqual({
      retried: 1,
      delivered: 0,
      failed: 1,
      byHand: [note!.id],
    })
    expect((await store.deadLetters({ status: 'open' })).map((d) => d.id)).toEqual([note!.id])
    expect([stockOf(a!), stockOf(b!)]).toEqual([before + 50, Math.max(0, stockB - 1)])
  })
})
