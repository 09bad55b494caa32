/**
 * The built-in pipelines (inventory, customers-and-orders, catalog) end to end against the Softtr,
 * Narwoo and Setrow emulators in process: the destination state checked field by field against
 * what the sources hold, computed here without the connectors; a second run that writes nothing;
 * changes that write exactly what changed; dead letters; and 30% transient faults everywhere.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { StoredOrder as NarwooOrder } from '../../src/apis/narwoo/emulator/store.ts'
import type { Contact } from '../../src/apis/setrow/emulator/store.ts'
import type { Product as SofttrProduct } from '../../src/apis/softtr/schemas.ts'
import type { ClientOptions } from '../../src/core/client.ts'
import { retryDeadLetters, runPipeline, type RunResult } from '../../src/sync/engine.ts'
import { buildPipelines, type Clients } from '../../src/sync/recipes.ts'
import { SqliteStateStore } from '../../src/sync/sqlite.ts'
import type { PipelineDef } from '../../src/sync/stream.ts'
import {
  createWorld,
  inProcessClients,
  syncedState,
  worldConfig,
  writeCount,
  type SentRequest,
  type World,
  type WorldOptions,
} from '../support/sync-world.ts'
import { narwooWindow as inWindow, round2, turkey } from '../support/sources.ts'

/** Every clock of these tests: the emulators' seed data and the engine's windows agree on it. */
const NOW = new Date(Math.floor(Date.now() / 60_000) * 60_000)
const DAY = 86_400_000
const GROUP = 'Kopru Müşterileri'

interface Sync {
  world: World
  clients: Clients
  /** every request the pipelines' clients sent, with its whole body */
  sent: SentRequest[]
  pipelines: PipelineDef[]
  store: SqliteStateStore
  run(names?: string[], options?: { dryRun?: boolean }): Promise<RunResult[]>
}

const stores: SqliteStateStore[] = []
afterAll(async () => {
  for (const store of stores) await store.close()
})

async function sync(
  options: Partial<WorldOptions> = {},
  clientOptions: ClientOptions = {},
): Promise<Sync> {
  const world = createWorld({ now: NOW, ...options })
  const sent: SentRequest[] = []
  const clients = await inProcessClients(world, clientOptions, sent)
  const urls = {
    softtr: world.softtr.baseUrl(),
    narwoo: world.narwoo.baseUrl(),
    setrow: world.setrow.baseUrl(),
  }
  const pipelines = buildPipelines(worldConfig(urls), clients)
  const store = new SqliteStateStore(':memory:')
  stores.push(store)
  return {
    world,
    clients,
    sent,
    pipelines,
    store,
    async run(names, options = {}) {
      const results: RunResult[] = []
      for (const pipeline of pipelines)
        if (!names || names.includes(pipeline.name))
          results.push(await runPipeline(pipeline, { store, clock: () => NOW, ...options }))
      return results
    },
  }
}

const clearLogs = (s: Sync) => {
  s.world.all.forEach((e) => e.log.clear())
  s.sent.length = 0
}
/** The items of the bulk requests sent to `path` since the logs were cleared. */
const itemsSent = <T>(s: Sync, path: string) =>
  s.sent.filter((r) => r.path.endsWith(path)).flatMap((r) => JSON.parse(r.body!) as T[])
/** Writes to the three APIs these pipelines connect. */
const writes = (world: World) =>
  Object.fromEntries(
    (['softtr', 'narwoo', 'setrow'] as const).map((api) => [api, writeCount(world[api])]),
  )
const written = (results: RunResult[]) =>
  results.flatMap((r) => Object.values(r.counts)).reduce((n, c) => n + c.created + c.updated, 0)

// --- what the sources say, computed without the connectors -------------------------------------

const narwooWindow = (world: World) => inWindow(world, NOW)

const narwooTotal = (o: NarwooOrder) =>
  round2(o.lines.reduce((sum, l) => sum + l.unitPrice * l.quantity + l.cargoPrice, 0))

/** `0532 123 45 67` → Setrow's `5321234567`; undefined for anything but a Turkish mobile. */
function setrowGsm(text: string): string | undefined {
  const national = text.replace(/\D/g, '').replace(/^(0090|90|0)/, '')
  return /^5\d{9}$/.test(national) ? national : undefined
}

interface Purchase {
  orderId: string
  email: string
  gsm?: string | undefined
  firstName: string
  lastName: string
  city: string
  /** Türkiye wall clock */
  at: string
  total: number
  cancelled: boolean
}

function purchases(world: World): Purchase[] {
  const softtr = world.softtr.state.orders.map((o): Purchase => {
    const invoice = o.invoiceDetails
    const names = invoice.invoiceName.trim().split(/\s+/)
    return {
      orderId: o.orderno,
      email: invoice.invoiceMail.trim().toLowerCase(),
      gsm: setrowGsm(invoice.invoiceGsm) ?? setrowGsm(o.shipmentDetails.shipmentGsm),
      firstName: names.slice(0, -1).join(' '),
      lastName: names.at(-1)!,
      city: invoice.invoiceCity,
      // the shop's wall clock is Türkiye's: the stored instant's fields show it
      at: o.placedAt.replace('T', ' ').slice(0, 19),
      total: o.orderAmount,
      cancelled: false,
    }
  })
  const narwoo = narwooWindow(world).map((o): Purchase => ({
    orderId: o.orderNumber,
    email: o.customer.email.trim().toLowerCase(),
    firstName: o.customer.name,
    lastName: o.customer.surname,
    city: o.invoice.zone,
    at: o.placedAt,
    total: narwooTotal(o),
    cancelled: o.canceled,
  }))
  return [...softtr, ...narwoo]
}

interface ExpectedCustomer {
  email: string
  gsm?: string | undefined
  name: string
  surname: string
  areas: Record<string, string>
}

/** One customer per e-mail address: contact details of the latest order, totals without cancelled. */
function expectedCustomers(world: World): ExpectedCustomer[] {
  const byEmail = new Map<string, Purchase[]>()
  for (const p of purchases(world)) byEmail.set(p.email, [...(byEmail.get(p.email) ?? []), p])
  return [...byEmail].map(([email, bought]) => {
    const dated = [...bought].sort((a, b) => a.at.localeCompare(b.at))
    const latest = dated.at(-1)!
    const counted = dated.filter((p) => !p.cancelled)
    const areas: Record<string, string> = {
      spArea4: dated.findLast((p) => p.city)!.city,
      spArea11: String(counted.length),
      spArea12: round2(counted.reduce((sum, p) => sum + p.total, 0)).toFixed(2),
    }
    if (counted.length) {
      areas.spArea9 = counted[0]!.at
      areas.spArea10 = counted.at(-1)!.at
    }
    return {
      email,
      gsm: dated.findLast((p) => p.gsm)?.gsm,
      name: latest.firstName,
      surname: latest.lastName,
      areas,
    }
  })
}

interface Unit {
  barcode: string
  sku: string
  stock: number
  price: number
}

/** Softtr's sellable units: each variant, or the product itself when it has none. */
function softtrUnits(products: readonly SofttrProduct[]): Unit[] {
  return products.flatMap((p) =>
    p.variants.length
      ? p.variants.map((v) => ({
          barcode: v.barcode,
          sku: v.stockCode,
          stock: v.stockAmount,
          price: v.variantPrice || p.mainProductPrice,
        }))
      : [{ barcode: p.barcode, sku: p.code, stock: p.stockAmount, price: p.mainProductPrice }],
  )
}

function unitFinder(units: readonly Unit[]) {
  const byBarcode = new Map(units.filter((u) => u.barcode).map((u) => [u.barcode, u]))
  const bySku = new Map(units.map((u) => [u.sku.toLocaleLowerCase('tr'), u]))
  return (unit: { barcode?: string; sku: string }) =>
    (unit.barcode ? byBarcode.get(unit.barcode) : undefined) ??
    bySku.get(unit.sku.toLocaleLowerCase('tr'))
}

const kopruGroup = (world: World, channel: 'email' | 'sms') =>
  [...world.setrow.state.groups.values()].find((g) => g.name === GROUP && g.channel === channel)!.id

/** Setrow's contacts against the customers the sources describe, field by field. */
function expectContacts(world: World, seed: World) {
  const setrow = world.setrow.state
  const customers = expectedCustomers(world)
  const groups = { email: kopruGroup(world, 'email'), sms: kopruGroup(world, 'sms') }
  const check = (channel: 'email' | 'sms', address: string, c: ExpectedCustomer) => {
    const contact = setrow.contacts[channel].get(address)
    const had = seed.setrow.state.contacts[channel].get(address)
    expect(contact, address).toBeDefined()
    expect(contact!.name, address).toBe(c.name)
    expect(contact!.surname, address).toBe(c.surname)
    // consent is never invented: N for a new contact, what Setrow held for a known one
    expect(contact!.allowStatus, address).toBe(had ? had.allowStatus : 'N')
    expect(contact!.areas, address).toEqual({ ...had?.areas, ...c.areas })
    expect(contact!.groups, address).toEqual(
      expect.arrayContaining([...(had?.groups ?? []), groups[channel]]),
    )
  }
  for (const c of customers) {
    check('email', c.email, c)
    if (c.gsm) check('sms', c.gsm, c)
  }
  // nobody else was written
  const emails = new Set(customers.map((c) => c.email))
  const numbers = new Set(customers.flatMap((c) => (c.gsm ? [c.gsm] : [])))
  expect(setrow.contacts.email.size).toBe(
    seed.setrow.state.contacts.email.size +
      [...emails].filter((e) => !seed.setrow.state.contacts.email.has(e)).length,
  )
  expect(setrow.contacts.sms.size).toBe(
    seed.setrow.state.contacts.sms.size +
      [...numbers].filter((n) => !seed.setrow.state.contacts.sms.has(n)).length,
  )
  return customers
}

// --- the pipelines end to end ------------------------------------------------------------------

describe('the built-in pipelines against the emulators', () => {
  let s: Sync
  /** the same world, never synced: the sources and destination as they started */
  let seed: World
  let first: RunResult[]
  /** a Softtr shopper who also buys on Narwoo; another whom Setrow already has, with consent */
  let both: string
  let known: Contact

  beforeAll(async () => {
    s = await sync()
    seed = createWorld({ now: NOW })
    // seed data shares no customers between the APIs: make one shop customer buy on Narwoo too,
    // and one already be a Setrow contact who gave consent
    const softtrOrders = s.world.softtr.state.orders
    both = softtrOrders[0]!.invoiceDetails.invoiceMail
    const narwooOrder = narwooWindow(s.world).find((o) => !o.canceled)!
    narwooOrder.customer.email = both.toUpperCase()
    const shopper = softtrOrders.at(-1)!.invoiceDetails
    for (const world of [s.world, seed]) {
      const setrow = world.setrow.state
      const contact = [...setrow.contacts.email.values()].find(
        (c) => c.allowStatus === 'Y' && !setrow.lists.unsubscribeEmail.has(c.address),
      )!
      setrow.contacts.email.delete(contact.address)
      contact.address = shopper.invoiceMail
      setrow.contacts.email.set(contact.address, contact)
      known = contact
    }
    seed.narwoo.state.orders.find(
      (o) => o.orderNumber === narwooOrder.orderNumber,
    )!.customer.email = both.toUpperCase()
    first = await s.run()
  })

  it('runs every pipeline to the end with nothing refused', async () => {
    expect(first.map((r) => [r.pipeline, r.status])).toEqual([
      ['inventory', 'succeeded'],
      ['customers-and-orders', 'succeeded'],
      ['catalog', 'succeeded'],
    ])
    expect(await s.store.deadLetters({ status: 'open' })).toEqual([])
    const orders = first.find((r) => r.pipeline === 'customers-and-orders')!.counts
    expect(orders['softtr-orders']!.created).toBe(s.world.softtr.state.orders.length)
    expect(orders['narwoo-orders']!.created).toBe(narwooWindow(s.world).length)
  })

  it('writes every Softtr and Narwoo order to Setrow: number, total, status, e-mail, date, lines', () => {
    const setrow = s.world.setrow.state.orders
    const softtr = s.world.softtr.state.orders
    const narwoo = narwooWindow(s.world)
    expect(softtr.length).toBeGreaterThan(20)
    expect(narwoo.length).toBeGreaterThan(100)
    for (const o of softtr) {
      expect(setrow.get(o.orderno), o.orderno).toEqual({
        orderId: o.orderno,
        email: o.invoiceDetails.invoiceMail.toLowerCase(),
        orderDate: o.placedAt.replace('T', ' ').slice(0, 19),
        // Softtr's API shows no status: every shop order enters as new
        status: 'new',
        totalPrice: o.orderAmount,
        currency: 'TRY',
        products: o.items.map((i) => ({
          productCode: i.itemCode,
          productName: i.itemTitle,
          quantity: i.itemQuantity,
          price: i.itemUnitPrice,
        })),
      })
    }
    for (const o of narwoo) {
      expect(setrow.get(o.orderNumber), o.orderNumber).toEqual({
        orderId: o.orderNumber,
        email: o.customer.email.toLowerCase(),
        orderDate: o.placedAt,
        status: o.canceled ? 'cancelled' : o.paymentStatus === 2 ? 'confirmed' : 'new',
        totalPrice: narwooTotal(o),
        currency: 'TRY',
        products: o.lines.map((l) => ({
          productCode: l.sku || l.code,
          productName: l.variant
            ? `${l.name} (${l.variant.options.map((v) => v.value).join(' - ')})`
            : l.name,
          quantity: l.quantity,
          price: l.unitPrice,
        })),
      })
    }
    expect(new Set([...setrow.values()].map((o) => o.status))).toEqual(
      new Set([
        'new',
        'confirmed',
        'cancelled',
        ...[...seed.setrow.state.orders.values()].map((o) => o.status),
      ]),
    )
    // no order twice, none that is not a source order, the account's own orders untouched
    expect(setrow.size).toBe(seed.setrow.state.orders.size + softtr.length + narwoo.length)
    for (const [id, order] of seed.setrow.state.orders) expect(setrow.get(id)).toEqual(order)
  })

  it('writes each customer as e-mail and SMS contacts: name, city, order facts, permission N', () => {
    const customers = expectContacts(s.world, seed)
    expect(customers.filter((c) => c.gsm).length).toBeGreaterThan(20)
    // the shopper of both APIs: one contact, the GSM number from the shop, the orders of both
    const shopper = customers.find((c) => c.email === both)!
    expect(shopper.gsm).toMatch(/^5\d{9}$/)
    expect(s.world.setrow.state.contacts.email.get(both)!.areas.spArea11).toBe(
      String(purchases(s.world).filter((p) => p.email === both && !p.cancelled).length),
    )
    expect(Number(s.world.setrow.state.contacts.email.get(both)!.areas.spArea11)).toBeGreaterThan(1)
    // the contact Setrow had keeps the consent it recorded
    expect(s.world.setrow.state.contacts.email.get(known.address)!.allowStatus).toBe('Y')
    const created = [...s.world.setrow.state.contacts.email.values()].filter(
      (c) => !seed.setrow.state.contacts.email.has(c.address),
    )
    expect(created.length).toBeGreaterThan(50)
    expect(created.every((c) => c.allowStatus === 'N')).toBe(true)
  })

  it('writes Softtr categories and products to Setrow by code and barcode, in their categories', () => {
    const { categories, products } = s.world.setrow.state
    const children = (parent: number, name: string) =>
      [...categories.values()].filter(
        (c) =>
          c.parentCategoryId === parent &&
          c.categoryName.toLocaleLowerCase('tr') === name.toLocaleLowerCase('tr'),
      )
    const leafOf = (path: string) =>
      path
        .split('>')
        .map((n) => n.trim())
        .reduce((parent, name) => {
          const found = children(parent, name)
          expect(found, `${path}: ${name} under ${parent}`).toHaveLength(1)
          return found[0]!.categoryId
        }, 0)
    const softtr = s.world.softtr.state.products
    // the seed gives Setrow the shop's first products (the same catalogue), each with one barcode,
    // its first variant's when it has variants: a product sent without a barcode keeps that one
    const had = seed.setrow.state.products
    for (const p of softtr) {
      expect(products.get(p.code), p.code).toMatchObject({
        productCode: p.code,
        productBarcode: p.barcode || (had.get(p.code)?.productBarcode ?? ''),
        productName: p.title_tr,
        brand: p.brandName,
        price: p.mainProductPrice,
        salePrice: p.mainProductPrice,
        currency: p.currency,
        stock: Math.max(0, p.stockAmount),
        categoryIds: [leafOf(p.products_cat_associate)],
        status: 1,
      })
    }
    expect(products.size).toBe(new Set([...had.keys(), ...softtr.map((p) => p.code)]).size)
    // each category once under its parent, whatever the account had
    const names = [...categories.values()].map(
      (c) => `${c.parentCategoryId}/${c.categoryName.toLocaleLowerCase('tr')}`,
    )
    expect(new Set(names).size).toBe(names.length)
  })

  it("takes each Narwoo sale off Softtr's stock exactly once", () => {
    const units = softtrUnits(seed.softtr.state.products)
    const find = unitFinder(units)
    const sold = new Map<Unit, number>()
    for (const o of narwooWindow(s.world))
      if (!o.canceled)
        for (const line of o.lines) {
          const unit = find(line)
          expect(unit, `${o.orderNumber} ${line.sku}`).toBeDefined()
          sold.set(unit!, (sold.get(unit!) ?? 0) + line.quantity)
        }
    expect([...sold.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(100)
    const after = unitFinder(softtrUnits(s.world.softtr.state.products))
    for (const unit of units) {
      const now = after(unit)!
      expect(now.stock, unit.sku).toBe(Math.max(0, unit.stock - (sold.get(unit) ?? 0)))
      expect(now.price, unit.sku).toBe(unit.price)
    }
  })

  it("sets each Narwoo unit's stock and price to its Softtr unit's", () => {
    const find = unitFinder(softtrUnits(s.world.softtr.state.products))
    const before = new Map(seed.narwoo.state.products.map((p) => [p.productId, p]))
    let matched = 0
    for (const product of s.world.narwoo.state.products) {
      const units = [product, ...product.variants]
      const was = [before.get(product.productId)!, ...before.get(product.productId)!.variants]
      units.forEach((unit, i) => {
        const shop = find(unit)
        if (product.deleted || !shop) {
          // Narwoo lists no deleted product; a unit the shop does not sell is left alone
          expect([unit.stock, unit.price], unit.sku).toEqual([was[i]!.stock, was[i]!.price])
          return
        }
        matched++
        expect(unit.stock, unit.sku).toBe(Math.max(0, shop.stock))
        expect(unit.price, unit.sku).toBe(round2(shop.price))
      })
    }
    expect(matched).toBeGreaterThan(40)
  })

  it('writes nothing on a second run with nothing changed', async () => {
    clearLogs(s)
    const again = await s.run()
    expect(writes(s.world)).toEqual({ softtr: 0, narwoo: 0, setrow: 0 })
    expect(written(again)).toBe(0)
    expect(again.every((r) => r.status === 'succeeded')).toBe(true)
  })

  it('after 10 Narwoo cancellations, writes exactly those 10 orders and their customers', async () => {
    const weekAgo = turkey(NOW.getTime() - 7 * DAY)
    const cancelled = narwooWindow(s.world)
      .filter((o) => !o.canceled && o.placedAt >= weekAgo)
      .slice(0, 10)
    expect(cancelled).toHaveLength(10)
    // the marketplace cancels them (after a dispute, say): nothing in the order list shows it
    for (const o of cancelled) {
      o.canceled = true
      o.cancelReason = 'Müşteri vazgeçti'
    }
    const ids = cancelled.map((o) => o.orderNumber).sort()
    const emails = [...new Set(cancelled.map((o) => o.customer.email.toLowerCase()))].sort()
    const before = syncedState(s.world)
    clearLogs(s)
    const results = await s.run()

    const updates = itemsSent<{ orderId: string; status: string }>(s, '/orders/updateStatus')
    expect(updates.map((o) => o.orderId).sort()).toEqual(ids)
    expect(updates.every((o) => o.status === 'cancelled')).toBe(true)
    const contacts = itemsSent<{ email: string }>(s, '/email/add')
    expect(contacts.map((c) => c.email).sort()).toEqual(emails)
    expect(writes(s.world)).toEqual({
      softtr: 0, // a sale taken off the stock stays taken: exactly once
      narwoo: 0,
      setrow:
        s.world.setrow.log.count('orders.updateStatus') +
        s.world.setrow.log.count('email.add') +
        s.world.setrow.log.count('sms.add'),
    })
    expect(s.world.setrow.log.count('sms.add')).toBe(
      expectedCustomers(s.world).some((c) => emails.includes(c.email) && c.gsm) ? 1 : 0,
    )

    const counts = results.find((r) => r.pipeline === 'customers-and-orders')!.counts
    expect(counts['narwoo-orders']).toMatchObject({ created: 0, updated: 10, failed: 0 })
    expect(counts['softtr-orders']).toMatchObject({ created: 0, updated: 0 })
    expect(counts.customers).toMatchObject({ created: 0, updated: emails.length, failed: 0 })

    const after = syncedState(s.world)
    for (const o of after.setrow.orders)
      if (ids.includes(o.orderId)) expect(o.status).toBe('cancelled')
    expect(after.setrow.orders.filter((o) => !ids.includes(o.orderId))).toEqual(
      before.setrow.orders.filter((o) => !ids.includes(o.orderId)),
    )
    expect(after.softtr).toEqual(before.softtr)
    expect(after.narwoo).toEqual(before.narwoo)
    expectContacts(s.world, seed)
  })

  it('after Softtr repricing 3 products and dropping 1, writes exactly those; the dropped one passive', async () => {
    const listed = new Set(
      s.world.narwoo.state.products
        .filter((p) => !p.deleted)
        .flatMap((p) => [p.barcode, ...p.variants.map((v) => v.barcode)]),
    )
    const [a, b, c, gone] = s.world.softtr.state.products.filter((p) =>
      softtrUnits([p]).some((u) => listed.has(u.barcode)),
    )
    // through Softtr's API, as the shop owner does: 10% dearer, 5 more of each unit
    await s.clients.softtr!.products.updateStockAndPrice({
      body: [a!, b!, c!].flatMap((p) => {
        const price = round2(p.mainProductPrice * 1.1)
        return p.variants.length
          ? p.variants.map((v) => ({
              barcode: v.barcode,
              mainProductPrice: price,
              variantPrice: v.variantPrice,
              stockAmount: v.stockAmount + 5,
            }))
          : [
              {
                barcode: p.barcode,
                mainProductPrice: price,
                variantPrice: 0,
                stockAmount: p.stockAmount + 5,
              },
            ]
      }),
    })
    const products = s.world.softtr.state.products
    products.splice(products.indexOf(gone!), 1)
    const narwooTouched = s.world.narwoo.state.products.filter(
      (p) =>
        !p.deleted &&
        [p, ...p.variants].some((u) =>
          softtrUnits([a!, b!, c!]).some((x) => x.barcode === u.barcode),
        ),
    )
    clearLogs(s)
    const results = await s.run()

    const setrowAdds = s.sent
      .filter((r) => r.api === 'setrow' && r.path.endsWith('/product/add'))
      .map((r) => JSON.parse(r.body!) as { productCode: string; status?: number })
    expect(setrowAdds.map((p) => p.productCode).sort()).toEqual(
      [a!.code, b!.code, c!.code, gone!.code].sort(),
    )
    expect(s.world.setrow.state.products.get(gone!.code)).toMatchObject({ status: 2 })
    for (const p of [a!, b!, c!])
      expect(s.world.setrow.state.products.get(p.code)).toMatchObject({
        price: round2(p.mainProductPrice),
        stock: p.stockAmount,
        status: 1,
      })
    expect(s.world.narwoo.log.count('products.update')).toBe(narwooTouched.length)
    expect(writes(s.world)).toEqual({
      softtr: 0,
      narwoo: narwooTouched.length,
      setrow: 4,
    })
    const catalog = results.find((r) => r.pipeline === 'catalog')!.counts
    expect(catalog.products).toMatchObject({ created: 0, updated: 4, failed: 0 })
    // edit-product stores a new copy of each product it edits
    const find = unitFinder(softtrUnits(products))
    for (const { productId } of narwooTouched) {
      const p = s.world.narwoo.state.products.find((x) => x.productId === productId)!
      for (const u of [p, ...p.variants]) {
        const shop = find(u)
        if (shop) expect([u.stock, u.price], u.sku).toEqual([shop.stock, round2(shop.price)])
      }
    }
  })
})

describe('a dry run', () => {
  const countsOf = (results: RunResult[]) =>
    Object.fromEntries(results.map((r) => [r.pipeline, r.counts]))

  it('reports, stream by stream, exactly what the run then writes, and writes nothing', async () => {
    const s = await sync()
    const dry = await s.run(undefined, { dryRun: true })
    expect(s.world.all.reduce((n, e) => n + writeCount(e), 0)).toBe(0)
    expect(await s.store.countMappings()).toBe(0)
    const real = await s.run()
    expect(countsOf(dry)).toEqual(countsOf(real))
    // the customers come from the orders the same run delivers, the stock from matched units only
    const counts = countsOf(real)
    expect(counts['customers-and-orders']!.customers!.created).toBeGreaterThan(0)
    expect(counts.inventory!.stock!.skipped).toBeGreaterThan(0)
  })

  it('after changes, predicts exactly the writes of the next run', async () => {
    const s = await sync()
    await s.run()
    const weekAgo = turkey(NOW.getTime() - 7 * DAY)
    const recent = narwooWindow(s.world).filter((o) => !o.canceled && o.placedAt >= weekAgo)
    for (const o of recent.slice(0, 4)) o.canceled = true
    const dry = await s.run(undefined, { dryRun: true })
    const real = await s.run()
    expect(countsOf(dry)).toEqual(countsOf(real))
    expect(countsOf(real)['customers-and-orders']!['narwoo-orders']!.updated).toBe(4)
  })

  it('sees the stock its own Narwoo sales would leave at Softtr, though it takes nothing', async () => {
    const s = await sync()
    await s.run()
    // a buyer orders two units again: a recent paid order's copy under a new number, an hour ago
    const dump = s.world.narwoo.dump() as { orders: NarwooOrder[] }
    const weekAgo = turkey(NOW.getTime() - 7 * DAY)
    const again = dump.orders.find((o) => !o.canceled && o.placedAt >= weekAgo)!
    dump.orders.unshift({
      ...again,
      orderNumber: `${again.orderNumber}7`,
      placedAt: turkey(NOW.getTime() - 3_600_000),
    })
    s.world.narwoo.load(dump)
    const dry = await s.run(['inventory'], { dryRun: true })
    const real = await s.run(['inventory'])
    expect(countsOf(dry)).toEqual(countsOf(real))
    expect(countsOf(real).inventory!.stock!.updated).toBeGreaterThan(0)
  })
})

describe('dead letters', () => {
  it('are not where a refused caller’s records go: the run stops and a later one delivers them', async () => {
    const s = await sync()
    const setrow = s.world.setrow
    const switchAccount = (accountActive: boolean) => {
      setrow.switches = setrow.parseSwitches({ ...(setrow.switches as object), accountActive })
    }
    switchAccount(false)
    await expect(s.run(['customers-and-orders'])).rejects.toMatchObject({ vendorCode: 'E145' })
    expect(await s.store.deadLetters({ status: 'open' })).toEqual([])
    expect((await s.store.runs({ pipeline: 'customers-and-orders' }))[0]).toMatchObject({
      status: 'failed',
    })
    switchAccount(true)
    const [result] = await s.run(['customers-and-orders'])
    expect(result!.status).toBe('succeeded')
    expect(result!.counts['softtr-orders']).toMatchObject({
      created: s.world.softtr.state.orders.length,
      failed: 0,
    })
    expect(await s.store.deadLetters({ status: 'open' })).toEqual([])
  })

  it('hold an unsubscribed customer and a malformed address with their reasons, never blocking the rest; retry delivers once Setrow takes it', async () => {
    const s = await sync()
    const seedOrders = s.world.setrow.state.orders.size
    const orders = s.world.softtr.state.orders
    const unsubscribed = orders[3]!.invoiceDetails.invoiceMail.trim().toLowerCase()
    const malformed = 'ayse.yilmaz(at)gmail.com'
    const badOrder = orders[5]!
    badOrder.invoiceDetails.invoiceMail = malformed
    await s.clients.setrow!.unsubscribe.email.add({ email: unsubscribed })
    const [result] = await s.run(['customers-and-orders'])

    // Setrow refuses the order of the malformed address (so no customer comes of it) and the
    // unsubscribed customer, each alone, with its code and message
    const letters = await s.store.deadLetters({ status: 'open' })
    expect(letters.map((d) => [d.pipeline, d.stream, d.key, d.code]).sort()).toEqual([
      ['customers-and-orders', 'customers', unsubscribed, 'E126'],
      ['customers-and-orders', 'softtr-orders', `softtr:${badOrder.orderno}`, 'E103'],
    ])
    for (const d of letters) expect(d.reason, d.key).toMatch(/\S{3}/)
    expect(s.world.setrow.state.contacts.email.has(unsubscribed)).toBe(false)
    expect(s.world.setrow.state.orders.has(badOrder.orderno)).toBe(false)
    // everything else went through
    const others = expectedCustomers(s.world).filter(
      (c) => c.email !== unsubscribed && c.email !== malformed,
    )
    for (const c of others)
      expect(s.world.setrow.state.contacts.email.has(c.email), c.email).toBe(true)
    expect(s.world.setrow.state.orders.size).toBe(
      seedOrders + orders.length - 1 + narwooWindow(s.world).length,
    )
    expect(result!.counts.customers).toMatchObject({ failed: 1 })
    expect(result!.counts['softtr-orders']).toMatchObject({ failed: 1 })

    // a run with nothing changed does not send them again
    clearLogs(s)
    await s.run(['customers-and-orders'])
    expect(itemsSent<{ email: string }>(s, '/email/add')).toEqual([])

    // the customer asks to hear from the shop again: retry delivers that one, the malformed
    // address is refused again, with one more attempt counted
    await s.clients.setrow!.unsubscribe.email.delete({ email: unsubscribed })
    const pipeline = s.pipelines.find((p) => p.name === 'customers-and-orders')!
    expect(await retryDeadLetters(pipeline, { store: s.store, clock: () => NOW })).toEqual({
      retried: 2,
      delivered: 1,
      failed: 1,
    })
    const contact = s.world.setrow.state.contacts.email.get(unsubscribed)
    expect(contact).toMatchObject({ allowStatus: 'N' })
    expect(contact!.groups).toContain(kopruGroup(s.world, 'email'))
    const open = await s.store.deadLetters({ status: 'open' })
    expect(open.map((d) => [d.key, d.attempts])).toEqual([[`softtr:${badOrder.orderno}`, 2]])
    expect((await s.store.deadLetters({ status: 'resolved' })).map((d) => d.key)).toEqual([
      unsubscribed,
    ])

    // the operator gives up on the malformed one: it leaves the open list, recorded in the audit
    expect(await s.store.dismissDeadLetters([open[0]!.id, 9999])).toEqual([open[0]!.id])
    expect(await s.store.deadLetters({ status: 'open' })).toEqual([])
    const audit = await s.store.auditLog({ pipeline: 'customers-and-orders', limit: 5 })
    expect(audit[0]).toMatchObject({
      stream: 'softtr-orders',
      key: `softtr:${badOrder.orderno}`,
      action: 'dismiss',
    })
  })
})

describe('30% transient faults in all three emulators', () => {
  it('end in the state of a clean run', async () => {
    const clean = await sync()
    await clean.run()
    const faults = {
      seed: 7,
      errors: { '429': 0.1, '500': 0.05, '502': 0.05, '503': 0.05 },
      drop: 0.05,
      retryAfterSeconds: 0,
    }
    const chaotic = await sync(
      { chaos: faults },
      // the default number of retries, quickly here
      { retry: { baseDelayMs: 1, maxDelayMs: 5 } },
    )
    const results = await chaotic.run()
    const faulted = chaotic.world.all.reduce(
      (n, e) => n + e.log.list({ limit: Number.MAX_SAFE_INTEGER }).filter((r) => r.chaos).length,
      0,
    )
    expect(faulted).toBeGreaterThan(50)
    expect(results.map((r) => r.status)).toEqual(['succeeded', 'succeeded', 'succeeded'])
    expect(await chaotic.store.deadLetters({ status: 'open' })).toEqual([])
    expect(syncedState(chaotic.world)).toEqual(syncedState(clean.world))
    // the adaptive pacing slows down under the vendor's 429s and 5xx, as it should
  }, 90_000)
})
