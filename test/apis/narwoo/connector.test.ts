/**
 * The Narwoo connector driven by the engine against the emulators: orders into Setrow (field by
 * field, incrementally, with cancellations), stock and price onto Narwoo products, and Narwoo's
 * catalogue into Setrow.
 */
import { afterEach, describe, expect, it } from 'vitest'
import {
  narwooOrdersSource,
  narwooProductsSource,
  narwooStockSink,
  narwooTime,
  type NarwooOrdersSourceOptions,
} from '../../../src/apis/narwoo/connector.ts'
import { categoryById } from '../../../src/apis/narwoo/emulator/catalogue.ts'
import { orderTotal } from '../../../src/apis/narwoo/emulator/orders.ts'
import type { StoredOrder } from '../../../src/apis/narwoo/emulator/store.ts'
import {
  setrowCategoriesSink,
  setrowOrdersSink,
  setrowProductsSink,
} from '../../../src/apis/setrow/connector.ts'
import {
  order as orderSchema,
  product as productSchema,
  type Category,
  type Order,
  type Product,
  type StockLevel,
} from '../../../src/model/index.ts'
import { runPipeline } from '../../../src/sync/engine.ts'
import { SqliteStateStore } from '../../../src/sync/sqlite.ts'
import { defineStream, type PipelineDef } from '../../../src/sync/stream.ts'
import { type Sink, type Source } from '../../../src/model/connector.ts'
import { setup as setrowSetup, SMALL } from '../setrow/setup.ts'
import { NOW, calls, client, emulator, type NarwooEmulator } from './support.ts'

const DAY = 86_400_000
const stores: SqliteStateStore[] = []
function newStore() {
  const store = new SqliteStateStore(':memory:')
  stores.push(store)
  return store
}
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close()
})

/** Both emulators on the same day, the Narwoo client and the Setrow one. */
function world() {
  const e = emulator()
  const setrow = setrowSetup({ clock: () => NOW, sizes: { ...SMALL, products: 0 } })
  return { e, n: client(e), setrow }
}

/** Passes writes through, keeping every record a sink was given. */
function recording<R>(sink: Sink<R>): Sink<R> & { seen: R[] } {
  const seen: R[] = []
  return {
    ...sink,
    seen,
    write: (batch, ctx) => (seen.push(...batch.map((p) => p.record)), sink.write(batch, ctx)),
  }
}

function ordersPipeline(w: ReturnType<typeof world>, options: NarwooOrdersSourceOptions = {}) {
  const sink = recording(setrowOrdersSink(w.setrow.client))
  const pipeline: PipelineDef = {
    name: 'orders',
    streams: [
      defineStream<Order>({ name: 'narwoo', source: narwooOrdersSource(w.n, options), sink }),
    ],
  }
  return {
    pipeline,
    sink,
    run: (store: SqliteStateStore, at = NOW) => runPipeline(pipeline, { store, clock: () => at }),
  }
}

/** The seeded orders order-list shows between two instants (bounds as whole minutes, inclusive). */
function listed(e: NarwooEmulator, from: Date, until: Date): StoredOrder[] {
  const [start, end] = [narwooTime(from), narwooTime(until)].map((t) => `${t}:00`)
  return e.state.orders.filter((o) => o.placedAt >= start! && o.placedAt <= end!)
}

const threeMonthsBefore = (date: Date) => {
  const d = new Date(date)
  d.setUTCMonth(d.getUTCMonth() - 3)
  return d
}
const statusOf = (o: StoredOrder) =>
  o.canceled ? 'cancelled' : o.paymentStatus === 2 ? 'confirmed' : 'new'
const placedMs = (o: StoredOrder) => Date.parse(`${o.placedAt.replace(' ', 'T')}+03:00`)
const detailsAsked = (e: NarwooEmulator) =>
  e.log
    .list({ operationId: 'orders.get', limit: 10_000 })
    .map((r) => new URLSearchParams(r.query).get('order_number'))

describe('narwooOrdersSource into Setrow orders', () => {
  it('delivers every order of the last three months, field by field', async () => {
    const w = world()
    const { run, sink } = ordersPipeline(w)
    const store = newStore()
    const result = await run(store)
    const expected = listed(w.e, threeMonthsBefore(NOW), NOW)
    expect(expected.length).toBeGreaterThan(20)
    expect(result.counts.narwoo).toMatchObject({
      read: expected.length,
      created: expected.length,
      failed: 0,
    })
    expect(calls(w.e, 'orders.get')).toBe(expected.length)
    const firstList = w.e.log.list({ operationId: 'orders.list' })[0]!
    expect(new URLSearchParams(firstList.query).get('start_date')).toBe(
      narwooTime(threeMonthsBefore(NOW)),
    )
    for (const o of expected) {
      expect(w.setrow.state.orders.get(o.orderNumber)).toEqual({
        orderId: o.orderNumber,
        email: o.customer.email.toLowerCase(),
        orderDate: o.placedAt,
        status: statusOf(o),
        totalPrice: orderTotal(o),
        currency: 'TRY',
        products: o.lines.map((l) => ({
          productCode: l.sku,
          productName: l.variant
            ? `${l.name} (${l.variant.options.map((v) => v.value).join(' - ')})`
            : l.name,
          quantity: l.quantity,
          price: l.unitPrice,
        })),
      })
    }
    expect(sink.seen.every((r) => orderSchema.safeParse(r).success)).toBe(true)
  })

  it('maps the customer, the lines and the facts kept with the mapping', async () => {
    const w = world()
    const { run, sink } = ordersPipeline(w)
    const store = newStore()
    await run(store)
    const stored = listed(w.e, threeMonthsBefore(NOW), NOW).find((o) =>
      o.lines.some((l) => l.variant),
    )!
    const record = sink.seen.find((r) => r.number === stored.orderNumber)!
    expect(record.customer).toEqual({
      email: stored.customer.email,
      firstName: stored.customer.name,
      lastName: stored.customer.surname,
      city: stored.invoice.zone,
      district: stored.invoice.town,
    })
    expect(record.placedAt).toBe(new Date(placedMs(stored)).toISOString())
    expect(record.shipping).toBeCloseTo(
      stored.lines.reduce((s, l) => s + l.cargoPrice, 0),
      2,
    )
    expect(record.lines.map((l) => [l.sku, l.barcode])).toEqual(
      stored.lines.map((l) => [l.sku, l.barcode]),
    )
    const mapping = (await store.mappings('orders/narwoo', [record.key])).get(record.key)!
    const customerKey = stored.customer.email.toLowerCase()
    expect(mapping.group).toBe(customerKey)
    expect(mapping.data).toEqual({
      status: record.status,
      total: record.total,
      placedAt: record.placedAt,
      customer: record.customer,
    })
  })

  it('a second run reads back 14 days, fetches only recent open orders again and writes nothing', async () => {
    const w = world()
    const { run } = ordersPipeline(w)
    const store = newStore()
    await run(store)
    w.e.log.clear()
    const writes = w.setrow.emulator.log.count()
    const later = new Date(NOW.getTime() + 3_600_000)
    const second = await run(store, later)
    const from = new Date(NOW.getTime() - 14 * DAY)
    const list = w.e.log.list({ operationId: 'orders.list' })[0]!
    expect(new URLSearchParams(list.query).get('start_date')).toBe(narwooTime(from))
    const recentOpen = listed(w.e, from, later).filter(
      (o) => !o.canceled && later.getTime() - placedMs(o) <= 7 * DAY,
    )
    expect(recentOpen.length).toBeGreaterThan(0)
    expect(detailsAsked(w.e).sort()).toEqual(recentOpen.map((o) => o.orderNumber).sort())
    expect(second.counts.narwoo).toMatchObject({ created: 0, updated: 0, failed: 0 })
    expect(w.setrow.emulator.log.count()).toBe(writes)
    expect(await store.cursor('orders', 'narwoo')).toBe(later.toISOString())
  })

  it('fetches and delivers again exactly the orders whose list row changed', async () => {
    const w = world()
    const { run } = ordersPipeline(w, { recheckOpenDays: 0 })
    const store = newStore()
    await run(store)
    w.e.log.clear()
    const changed = listed(w.e, new Date(NOW.getTime() - 14 * DAY), NOW).slice(1, 4)
    for (const o of changed)
      o.lines = o.lines.map((l, i) => (i === 0 ? { ...l, unitPrice: l.unitPrice + 10 } : l))
    const adds = w.setrow.emulator.log.count('orders.add')
    const second = await run(store)
    expect(detailsAsked(w.e).sort()).toEqual(changed.map((o) => o.orderNumber).sort())
    expect(second.counts.narwoo).toMatchObject({ updated: 3, created: 0, failed: 0 })
    expect(w.setrow.emulator.log.count('orders.add')).toBe(adds + 1)
    for (const o of changed)
      expect(w.setrow.state.orders.get(o.orderNumber)!.totalPrice).toBe(orderTotal(o))
  })

  it('turns a cancellation at Narwoo into one orders/updateStatus', async () => {
    const w = world()
    const { run } = ordersPipeline(w)
    const store = newStore()
    const target = listed(w.e, new Date(NOW.getTime() - 7 * DAY), NOW).find(
      (o) => o.paymentStatus === 2 && !o.canceled && !o.hasReturn,
    )!
    target.cargo = null
    await run(store)
    await w.n.orders.cancel({ order_number: target.orderNumber, cancel_reason: 'Stokta kalmadı' })
    const adds = w.setrow.emulator.log.count('orders.add')
    const second = await run(store)
    expect(second.counts.narwoo).toMatchObject({ updated: 1, failed: 0 })
    expect(w.setrow.emulator.log.count('orders.updateStatus')).toBe(1)
    expect(w.setrow.emulator.log.count('orders.add')).toBe(adds)
    expect(w.setrow.state.orders.get(target.orderNumber)!.status).toBe('cancelled')
    const key = `narwoo:${target.orderNumber}`
    expect((await store.mappings('orders/narwoo', [key])).get(key)!.data).toMatchObject({
      status: 'cancelled',
    })
  })
})

/** A source over a list of stock levels the test may change between runs. */
function levelSource(rows: () => StockLevel[]): Source<StockLevel> {
  return {
    async *read() {
      yield { records: rows().map((record) => ({ key: record.key, record })) }
    },
  }
}

function stockPipeline(w: ReturnType<typeof world>, rows: () => StockLevel[]): PipelineDef {
  return {
    name: 'inventory',
    streams: [
      defineStream<StockLevel>({
        name: 'stock',
        source: levelSource(rows),
        sink: narwooStockSink(w.n),
      }),
    ],
  }
}

describe('narwooStockSink', () => {
  function arranged(w: ReturnType<typeof world>) {
    const [first, second] = w.e.state
      .liveProducts()
      .filter((p) => p.variants.length >= 3 && p.salePrice === 0)
    const before = structuredClone(first!)
    const levels: StockLevel[] = [
      {
        key: first!.barcode,
        barcode: first!.barcode,
        sku: 'other',
        productCode: 'X',
        stock: 5,
        price: 111.11,
      },
      {
        key: first!.variants[0]!.barcode,
        barcode: first!.variants[0]!.barcode,
        sku: 'x',
        productCode: 'X',
        stock: -2,
        price: 99.5,
      },
      {
        key: first!.variants[1]!.sku,
        sku: first!.variants[1]!.sku.toLowerCase(),
        productCode: 'X',
        stock: 40,
        price: 120,
      },
      {
        key: second!.barcode,
        barcode: second!.barcode,
        sku: second!.sku,
        productCode: 'Y',
        stock: 7,
        price: second!.price,
      },
      {
        key: '8600000000000',
        barcode: '8600000000000',
        sku: 'YOK-1',
        productCode: 'Z',
        stock: 1,
        price: 10,
      },
    ]
    return { first: first!, second: second!, before, levels }
  }

  it('finds a unit by its SKU written with any casing of i, as Narwoo compares SKUs', async () => {
    const w = world()
    const unit = w.e.state
      .liveProducts()
      .flatMap((p) => [p, ...p.variants])
      .find((u) => u.sku.includes('I'))!
    // ASCII lower case: `GRI` → `gri`, where Turkish rules give `grı`
    const level = {
      key: unit.sku,
      sku: unit.sku.toLowerCase(),
      productCode: 'X',
      stock: 3,
      price: 50,
    }
    const result = await runPipeline(
      stockPipeline(w, () => [level]),
      { store: newStore() },
    )
    expect(result.counts.stock).toMatchObject({ created: 1, skipped: 0, failed: 0 })
  })

  it('sets stock and price by barcode, else SKU, one edit-product per product, keeping the rest', async () => {
    const w = world()
    const { first, before, levels } = arranged(w)
    const store = newStore()
    const result = await runPipeline(
      stockPipeline(w, () => levels),
      { store },
    )
    expect(result.counts.stock).toMatchObject({ created: 4, skipped: 1, failed: 0 })
    expect(calls(w.e, 'products.update')).toBe(2)
    const after = w.e.state.product(first.productId)!
    expect([after.stock, after.price]).toEqual([5, 111.11])
    expect(after.variants.map((v) => [v.sku, v.stock, v.price])).toEqual(
      before.variants.map((v, i) =>
        i === 0 ? [v.sku, 0, 99.5] : i === 1 ? [v.sku, 40, 120] : [v.sku, v.stock, v.price],
      ),
    )
    const { stock: _s, price: _p, variants: _v, updatedAt: _u, ...kept } = before
    expect(after).toMatchObject(kept)
    expect(after.variants.map((v) => v.image)).toEqual(before.variants.map((v) => v.image))
    // the unit Narwoo does not list is neither an error nor remembered
    expect(await store.deadLetters()).toEqual([])
    expect(await store.countMappings()).toBe(4)
  })

  it('writes nothing the second time, nor when a crash repeats levels Narwoo already has', async () => {
    const w = world()
    const { levels } = arranged(w)
    const matched = levels.slice(0, 4)
    const store = newStore()
    await runPipeline(
      stockPipeline(w, () => matched),
      { store },
    )
    const edits = calls(w.e, 'products.update')
    const second = await runPipeline(
      stockPipeline(w, () => matched),
      { store },
    )
    expect(second.counts.stock).toMatchObject({ skipped: 4 })
    const repeat = await runPipeline(
      stockPipeline(w, () => matched),
      { store: newStore() },
    )
    expect(repeat.counts.stock).toMatchObject({ created: 4, failed: 0 })
    expect(calls(w.e, 'products.update')).toBe(edits)
  })

  it('dead-letters a price Narwoo refuses with its errList, changing nothing', async () => {
    const w = world()
    const discounted = w.e.state.liveProducts().find((p) => p.salePrice > 0)!
    const level = {
      key: discounted.barcode,
      barcode: discounted.barcode,
      sku: discounted.sku,
      productCode: 'D',
      stock: 3,
      price: discounted.salePrice - 1,
    }
    const store = newStore()
    await runPipeline(
      stockPipeline(w, () => [level]),
      { store },
    )
    const [letter] = await store.deadLetters()
    expect(letter!.code).toBe('rejected')
    expect(letter!.reason).toContain('salePrice')
    expect(w.e.state.product(discounted.productId)!.stock).not.toBe(3)
  })
})

describe('narwooProductsSource into the Setrow catalogue', () => {
  /** Categories for every path the products name, parents first. */
  function categoriesOf(products: Source<Product>): Source<Category> {
    return {
      async *read(ctx) {
        const seen = new Map<string, Category>()
        for await (const page of products.read(ctx))
          for (const { record } of page.records)
            record.categoryPath.forEach((name, i) => {
              const key = record.categoryPath.slice(0, i + 1).join(' > ')
              const parentKey = i ? record.categoryPath.slice(0, i).join(' > ') : undefined
              seen.set(key, { key, name, ...(parentKey ? { parentKey } : {}) })
            })
        yield { records: [...seen.values()].map((record) => ({ key: record.key, record })) }
      },
    }
  }

  function catalog(w: ReturnType<typeof world>) {
    const products = recording(setrowProductsSink(w.setrow.client))
    const pipeline: PipelineDef = {
      name: 'catalog',
      streams: [
        defineStream<Category>({
          name: 'categories',
          source: categoriesOf(narwooProductsSource(w.n)),
          sink: setrowCategoriesSink(w.setrow.client),
        }),
        defineStream<Product>({
          name: 'products',
          source: narwooProductsSource(w.n),
          sink: products,
        }),
      ],
    }
    return { pipeline, products }
  }

  it('writes every Narwoo product to Setrow by its SKU, in its category, and nothing the second time', async () => {
    const w = world()
    const { pipeline, products } = catalog(w)
    const store = newStore()
    const first = await runPipeline(pipeline, { store })
    const live = w.e.state.liveProducts()
    expect(first.counts.products).toMatchObject({ created: live.length, failed: 0 })
    for (const p of live) {
      const leaf = categoryById.get(p.categoryId)!
      const setrowLeaf = w.setrow.state.categories.get(
        w.setrow.state.products.get(p.sku)!.categoryIds[0]!,
      )!
      expect(setrowLeaf.categoryName).toBe(leaf.name)
      expect(w.setrow.state.products.get(p.sku)).toMatchObject({
        productBarcode: p.barcode,
        productName: p.title,
        brand: p.brandName,
        price: p.price,
        stock: p.stock,
        status: p.status === 'active' ? 1 : 2,
      })
    }
    expect(products.seen.every((r) => productSchema.safeParse(r).success)).toBe(true)
    const withVariants = products.seen.find((r) => r.variants.length)!
    expect(withVariants.variants[0]!.options).toEqual(
      Object.fromEntries(
        live
          .find((p) => p.sku === withVariants.code)!
          .variants[0]!.attributes.map((a) => [a.name, a.value]),
      ),
    )
    const second = await runPipeline(pipeline, { store })
    expect(second.counts.products).toMatchObject({ skipped: live.length, created: 0, updated: 0 })
    expect(w.setrow.emulator.log.count('products.add')).toBe(live.length)
  })

  it('makes a product deleted at Narwoo passive in Setrow', async () => {
    const w = world()
    const { pipeline } = catalog(w)
    const store = newStore()
    const gone = w.e.state.liveProducts().find((p) => p.status === 'active')!
    await runPipeline(pipeline, { store })
    gone.deleted = true
    await runPipeline(pipeline, { store })
    expect(w.setrow.state.products.get(gone.sku)!.status).toBe(2)
    expect(await store.countMappings('catalog/products')).toBe(w.e.state.liveProducts().length)
  })
})
