/**
 * The Setrow sinks driven by the engine against the emulator: contacts, orders, categories and
 * products checked field by field in the emulator's state, second runs that write nothing, dead
 * letters with Setrow's codes, and repeats after a crash that create nothing twice.
 */
import { afterEach, describe, expect, it } from 'vitest'
import {
  setrowCategoriesSink,
  setrowCustomersSink,
  setrowGroupId,
  setrowOrdersSink,
  setrowProductsSink,
  type SetrowCustomersSinkOptions,
} from '../../../src/apis/setrow/connector.ts'
import type { Category, Customer, Order, Product } from '../../../src/model/index.ts'
import { retryDeadLetters, runPipeline } from '../../../src/sync/engine.ts'
import { SqliteStateStore } from '../../../src/sync/sqlite.ts'
import { defineStream, type PipelineDef } from '../../../src/sync/stream.ts'
import { type Keyed, type Sink, type Source } from '../../../src/model/connector.ts'
import { setup, type Setup } from './setup.ts'

/** A source over a list the test may change between runs, 50 records a page. */
function listSource<R extends { key: string }>(rows: () => R[], fullScan = false): Source<R> {
  return {
    fullScan,
    async *read() {
      const all = rows()
      for (let i = 0; i < all.length; i += 50)
        yield {
          records: all.slice(i, i + 50).map((record): Keyed<R> => ({ key: record.key, record })),
        }
    },
  }
}

function pipeline<R extends { key: string }>(
  name: string,
  rows: () => R[],
  sink: Sink<R>,
  fullScan = false,
): PipelineDef {
  return { name, streams: [defineStream<R>({ name, source: listSource(rows, fullScan), sink })] }
}

const stores: SqliteStateStore[] = []
function newStore() {
  const store = new SqliteStateStore(':memory:')
  stores.push(store)
  return store
}
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close()
})

function customer(n: number, overrides: Partial<Customer> = {}): Customer {
  return {
    key: `musteri${n}@kopru.test`,
    email: `musteri${n}@kopru.test`,
    gsm: `90500999${String(n).padStart(4, '0')}`,
    firstName: 'Ayşe',
    lastName: `Yılmaz ${n}`,
    city: 'İzmir',
    firstOrderAt: '2026-01-10T09:30:00.000Z',
    lastOrderAt: '2026-03-01T18:05:00.000Z',
    orderCount: n,
    totalSpent: 1234.5,
    sources: [{ api: 'narwoo', id: String(n) }],
    ...overrides,
  }
}

describe('setrowCustomersSink', () => {
  const groups = (s: Setup) => ({ emailGroupId: s.groupOf('email'), smsGroupId: s.groupOf('sms') })
  const run = (
    s: Setup,
    rows: () => Customer[],
    options: Partial<SetrowCustomersSinkOptions> = {},
  ) => {
    const p = pipeline(
      'customers',
      rows,
      setrowCustomersSink(s.client, { ...groups(s), ...options }),
    )
    return { p, go: (store = newStore()) => runPipeline(p, { store }).then((r) => ({ r, store })) }
  }

  it('writes e-mail and SMS contacts with name, custom areas, the group and permission N', async () => {
    const s = setup()
    const { r } = await run(s, () => [customer(1), customer(2, { gsm: undefined })]).go()
    expect(r.counts.customers).toMatchObject({ created: 2, failed: 0 })
    const email = s.state.contacts.email.get('musteri1@kopru.test')!
    expect(email).toMatchObject({ name: 'Ayşe', surname: 'Yılmaz 1', allowStatus: 'N' })
    expect(email.areas).toEqual({
      spArea4: 'İzmir',
      spArea9: '2026-01-10 12:30:00',
      spArea10: '2026-03-01 21:05:00',
      spArea11: '1',
      spArea12: '1234.50',
    })
    expect(email.groups).toEqual([s.groupOf('email')])
    const sms = s.state.contacts.sms.get('5009990001')!
    expect(sms).toMatchObject({ surname: 'Yılmaz 1', allowStatus: 'N', groups: [s.groupOf('sms')] })
    expect(sms.areas.spArea11).toBe('1')
    expect(s.state.contacts.sms.has('5009990002')).toBe(false)
    expect(s.state.contacts.email.get('musteri2@kopru.test')!.allowStatus).toBe('N')
  })

  it('writes the permission the caller gives, and areas where the caller puts them', async () => {
    const s = setup()
    await run(s, () => [customer(1)], {
      permission: 'Y',
      smsGroupId: undefined,
      areas: { city: 'spArea15', totalSpent: null },
    }).go()
    const email = s.state.contacts.email.get('musteri1@kopru.test')!
    expect(email.allowStatus).toBe('Y')
    expect(email.areas).toMatchObject({ spArea15: 'İzmir', spArea11: '1' })
    expect(email.areas.spArea4).toBeUndefined()
    expect(email.areas.spArea12).toBeUndefined()
  })

  it('leaves the permission of an address Setrow already has alone', async () => {
    const s = setup()
    const existing = [...s.state.contacts.email.values()].find(
      (c) => c.allowStatus === 'Y' && !s.state.lists.unsubscribeEmail.has(c.address),
    )!
    const rows = () => [customer(1, { email: existing.address, gsm: undefined }), customer(2)]
    await run(s, rows).go()
    expect(existing).toMatchObject({ allowStatus: 'Y', surname: 'Yılmaz 1' })
    expect(s.state.contacts.email.get('musteri2@kopru.test')!.allowStatus).toBe('N')
    expect(s.emulator.log.count('email.get')).toBe(2)
  })

  it('looks nothing up when told the account is new, writing the permission for every new customer', async () => {
    const s = setup()
    const existing = [...s.state.contacts.email.values()].find(
      (c) => c.allowStatus === 'Y' && !s.state.lists.unsubscribeEmail.has(c.address),
    )!
    await run(s, () => [customer(1, { email: existing.address })], { lookupExisting: false }).go()
    expect(s.emulator.log.count('email.get') + s.emulator.log.count('sms.get')).toBe(0)
    expect(existing.allowStatus).toBe('N')
  })

  it('delivers a customer without an address for the configured channels with no call', async () => {
    const s = setup()
    const rows = () => [customer(1, { gsm: undefined })]
    const { r } = await run(s, rows, { emailGroupId: undefined }).go()
    expect(r.counts.customers).toMatchObject({ created: 1, failed: 0 })
    expect(s.emulator.log.count()).toBe(0)
  })

  it('a second run writes nothing and looks nothing up', async () => {
    const s = setup()
    const { go } = run(s, () => [customer(1), customer(2)])
    const { store } = await go()
    const calls = s.emulator.log.count()
    const { r } = await go(store)
    expect(r.counts.customers).toMatchObject({ read: 2, skipped: 2, created: 0, updated: 0 })
    expect(s.emulator.log.count()).toBe(calls)
  })

  it('sends a changed customer again without touching the permission', async () => {
    const s = setup()
    let rows = [customer(1)]
    const { go } = run(s, () => rows)
    const { store } = await go()
    s.state.contacts.email.get('musteri1@kopru.test')!.allowStatus = 'Y'
    rows = [customer(1, { orderCount: 4, totalSpent: 1500 })]
    const { r } = await go(store)
    expect(r.counts.customers).toMatchObject({ updated: 1 })
    const email = s.state.contacts.email.get('musteri1@kopru.test')!
    expect(email).toMatchObject({ allowStatus: 'Y', areas: { spArea11: '4', spArea12: '1500.00' } })
    expect(s.emulator.log.count('email.get')).toBe(1)
  })

  it('dead-letters an unsubscribed address with E126, delivers the rest, and delivers it once it is off the list', async () => {
    const s = setup()
    const blocked = [...s.state.lists.unsubscribeEmail.keys()][0]!
    const rows = () => [customer(1), customer(2, { email: blocked, gsm: undefined }), customer(3)]
    const { p, go } = run(s, rows)
    const { r, store } = await go()
    expect(r.counts.customers).toMatchObject({ created: 2, failed: 1 })
    const [letter] = await store.deadLetters({ status: 'open' })
    expect(letter).toMatchObject({ key: 'musteri2@kopru.test', code: 'E126' })
    expect(s.state.contacts.email.has('musteri3@kopru.test')).toBe(true)
    s.state.lists.unsubscribeEmail.delete(blocked)
    expect(await retryDeadLetters(p, { store })).toEqual({ retried: 1, delivered: 1, failed: 0 })
    expect(s.state.contacts.email.get(blocked)!.groups).toContain(s.groupOf('email'))
    expect(await store.deadLetters({ status: 'open' })).toEqual([])
  })

  it('fails a customer whose SMS number is refused with that code, after writing its e-mail', async () => {
    const s = setup()
    const number = [...s.state.lists.unsubscribeSms.keys()][0]!
    const { r, store } = await run(s, () => [customer(1, { gsm: `90${number}` })]).go()
    expect(r.counts.customers).toMatchObject({ failed: 1 })
    const [letter] = await store.deadLetters()
    expect(letter!.code).toBe('E129')
    expect(letter!.reason).toMatch(/^sms: /)
    expect(s.state.contacts.email.has('musteri1@kopru.test')).toBe(true)
  })

  it("fails a malformed address alone with Setrow's E103", async () => {
    const s = setup()
    const rows = () => [customer(1, { email: 'not-an-address' }), customer(2)]
    const { r, store } = await run(s, rows, { smsGroupId: undefined }).go()
    expect(r.counts.customers).toMatchObject({ created: 1, failed: 1 })
    expect((await store.deadLetters())[0]!.code).toBe('E103')
    expect(s.state.contacts.email.has('musteri2@kopru.test')).toBe(true)
  })
})

function order(n: number, overrides: Partial<Order> = {}): Order {
  return {
    key: `narwoo:26112200000${n}`,
    source: { api: 'narwoo', id: `26112200000${n}` },
    number: `26112200000${n}`,
    placedAt: '2026-11-22T07:15:00.000Z',
    status: 'confirmed',
    currency: 'TRY',
    total: 359.8,
    shipping: 29.9,
    customer: { email: `Musteri${n}@Kopru.test`, firstName: 'Ayşe', lastName: 'Yılmaz' },
    lines: [
      {
        sku: 'KP-1-SIY-M',
        barcode: '8690000000017',
        title: 'Sweatshirt (Siyah - M)',
        quantity: 2,
        unitPrice: 164.95,
      },
    ],
    ...overrides,
  }
}

describe('setrowOrdersSink', () => {
  const orders = (s: Setup, rows: () => Order[]) =>
    pipeline('orders', rows, setrowOrdersSink(s.client))

  it('adds orders with their lines, in Türkiye time, and writes nothing the second time', async () => {
    const s = setup()
    const p = orders(s, () => [order(1), order(2)])
    const store = newStore()
    await runPipeline(p, { store })
    expect(s.state.orders.get('261122000001')).toEqual({
      orderId: '261122000001',
      email: 'musteri1@kopru.test',
      orderDate: '2026-11-22 10:15:00',
      status: 'confirmed',
      totalPrice: 359.8,
      currency: 'TRY',
      products: [
        {
          productCode: 'KP-1-SIY-M',
          productName: 'Sweatshirt (Siyah - M)',
          quantity: 2,
          price: 164.95,
        },
      ],
    })
    const second = await runPipeline(p, { store })
    expect(second.counts.orders).toMatchObject({ skipped: 2, created: 0, updated: 0 })
    expect(s.emulator.log.count('orders.add')).toBe(1)
  })

  it('sends a status-only change as one orders/updateStatus', async () => {
    const s = setup()
    let rows = [order(1), order(2)]
    const p = orders(s, () => rows)
    const store = newStore()
    await runPipeline(p, { store })
    rows = [order(1, { status: 'cancelled' }), order(2)]
    const result = await runPipeline(p, { store })
    expect(result.counts.orders).toMatchObject({ updated: 1, skipped: 1 })
    expect(s.emulator.log.count('orders.updateStatus')).toBe(1)
    expect(s.emulator.log.count('orders.add')).toBe(1)
    expect(s.state.orders.get('261122000001')!.status).toBe('cancelled')
  })

  it('sends an order whose lines changed again with orders/add, as an upsert', async () => {
    const s = setup()
    let rows = [order(1)]
    const p = orders(s, () => rows)
    const store = newStore()
    await runPipeline(p, { store })
    const before = s.state.orders.size
    rows = [
      order(1, {
        status: 'cancelled',
        total: 164.95,
        lines: [{ ...order(1).lines[0]!, quantity: 1 }],
      }),
    ]
    await runPipeline(p, { store })
    expect(s.emulator.log.count('orders.updateStatus')).toBe(0)
    expect(s.state.orders.size).toBe(before)
    expect(s.state.orders.get('261122000001')).toMatchObject({
      status: 'cancelled',
      totalPrice: 164.95,
    })
  })

  it('creates no duplicate when a crash makes it send the same orders again', async () => {
    const s = setup()
    const p = orders(s, () => [order(1), order(2), order(3)])
    await runPipeline(p, { store: newStore() })
    const before = s.state.orders.size
    // a fresh state store is the worst repeat: nothing of the first delivery was committed
    const again = await runPipeline(p, { store: newStore() })
    expect(again.counts.orders).toMatchObject({ created: 3, failed: 0 })
    expect(s.state.orders.size).toBe(before)
  })

  it('adds an order again whole when Setrow no longer has it (E144)', async () => {
    const s = setup()
    let rows = [order(1)]
    const p = orders(s, () => rows)
    const store = newStore()
    await runPipeline(p, { store })
    s.state.orders.delete('261122000001')
    rows = [order(1, { status: 'delivered' })]
    await runPipeline(p, { store })
    expect(s.state.orders.get('261122000001')).toMatchObject({
      status: 'delivered',
      totalPrice: 359.8,
    })
    expect(s.emulator.log.count('orders.add')).toBe(2)
  })

  it('fails orders Setrow cannot keep (no e-mail, a negative price) alone', async () => {
    const s = setup()
    const line = order(3).lines[0]!
    const rows = () => [
      order(1, { customer: { firstName: 'A', lastName: 'B', gsm: '905009990001' } }),
      order(2),
      order(3, { lines: [{ ...line, unitPrice: -5 }] }),
    ]
    const store = newStore()
    const result = await runPipeline(orders(s, rows), { store })
    expect(result.counts.orders).toMatchObject({ created: 1, failed: 2 })
    const letters = await store.deadLetters()
    expect(letters.map((d) => [d.key, d.code])).toEqual([
      ['narwoo:261122000001', 'invalid'],
      ['narwoo:261122000003', 'invalid'],
    ])
    expect(letters[0]!.reason).toMatch(/e-mail/)
    expect(s.state.orders.has('261122000002')).toBe(true)
  })
})

const category = (path: string): Category => {
  const parts = path.split(' > ')
  return {
    key: path,
    name: parts.at(-1)!,
    ...(parts.length > 1 ? { parentKey: parts.slice(0, -1).join(' > ') } : {}),
  }
}

function product(code: string, overrides: Partial<Product> = {}): Product {
  return {
    key: `softtr:${code}`,
    source: { api: 'softtr', id: code },
    code,
    barcode: `869${code.replace(/\D/g, '').padStart(10, '0')}`,
    title: `Ürün ${code}`,
    brand: 'Kopru',
    categoryPath: ['Kopru Test', 'Alt Kategori'],
    price: 149.9,
    currency: 'TRY',
    stock: 12,
    url: `https://magaza.test/${code}`,
    imageUrl: `https://magaza.test/${code}.jpg`,
    active: true,
    variants: [],
    ...overrides,
  }
}

describe('setrowCategoriesSink and setrowProductsSink', () => {
  function catalog(s: Setup, categories: () => Category[], products: () => Product[]): PipelineDef {
    return {
      name: 'catalog',
      streams: [
        defineStream<Category>({
          name: 'categories',
          source: listSource(categories, true),
          sink: setrowCategoriesSink(s.client),
        }),
        defineStream<Product>({
          name: 'products',
          source: listSource(products, true),
          sink: setrowProductsSink(s.client),
        }),
      ],
    }
  }

  it('finds existing categories by name under their parent and adds new ones with their missing parents', async () => {
    const s = setup()
    const before = Math.max(...s.state.categories.keys())
    const rows = () => [category('Kopru Test > Alt Kategori'), category('Giyim > Kadın > Elbise')]
    const store = newStore()
    const result = await runPipeline(pipeline('categories', rows, setrowCategoriesSink(s.client)), {
      store,
    })
    expect(result.counts.categories).toMatchObject({ created: 2, failed: 0 })
    const byName = (name: string) =>
      [...s.state.categories.values()].filter((c) => c.categoryName === name)
    const [top] = byName('Kopru Test')
    const [child] = byName('Alt Kategori')
    expect(top).toMatchObject({ categoryId: before + 1, parentCategoryId: 0 })
    expect(child).toMatchObject({ categoryId: before + 2, parentCategoryId: before + 1 })
    expect(byName('Elbise')).toHaveLength(1)
    const mapped = await store.mappings('categories/categories', ['Giyim > Kadın > Elbise'])
    expect(mapped.get('Giyim > Kadın > Elbise')!.destId).toBe(
      String(byName('Elbise')[0]!.categoryId),
    )
  })

  it('gives the same ids again when a crash repeats a batch', async () => {
    const s = setup()
    const rows = () => [category('Kopru Test'), category('Kopru Test > Alt Kategori')]
    const p = pipeline('categories', rows, setrowCategoriesSink(s.client))
    await runPipeline(p, { store: newStore() })
    const size = s.state.categories.size
    await runPipeline(p, { store: newStore() })
    expect(s.state.categories.size).toBe(size)
  })

  it('writes products by code and barcode into their category, then nothing the second time', async () => {
    const s = setup()
    const p = catalog(
      s,
      () => [category('Kopru Test'), category('Kopru Test > Alt Kategori')],
      () => [product('KT-1'), product('KT-2', { active: false, stock: -3, brand: undefined })],
    )
    const store = newStore()
    const first = await runPipeline(p, { store })
    expect(first.counts.products).toMatchObject({ created: 2, failed: 0 })
    const leaf = [...s.state.categories.values()].find((c) => c.categoryName === 'Alt Kategori')!
    expect(s.state.products.get('KT-1')).toMatchObject({
      productBarcode: '8690000000001',
      productName: 'Ürün KT-1',
      brand: 'Kopru',
      price: 149.9,
      salePrice: 149.9,
      currency: 'TRY',
      stock: 12,
      categoryIds: [leaf.categoryId],
      productUrl: 'https://magaza.test/KT-1',
      imageUrl: 'https://magaza.test/KT-1.jpg',
      status: 1,
    })
    expect(s.state.products.get('KT-2')).toMatchObject({ status: 2, stock: 0, brand: '' })
    const second = await runPipeline(p, { store })
    expect(second.counts.products).toMatchObject({ skipped: 2, created: 0, updated: 0 })
    expect(s.emulator.log.count('products.add')).toBe(2)
  })

  it('counts "already up to date" (E139) as delivered when a crash repeats a product', async () => {
    const s = setup()
    const p = catalog(
      s,
      () => [category('Kopru Test'), category('Kopru Test > Alt Kategori')],
      () => [product('KT-1')],
    )
    await runPipeline(p, { store: newStore() })
    const again = await runPipeline(p, { store: newStore() })
    expect(again.counts.products).toMatchObject({ created: 1, failed: 0 })
    expect(s.emulator.log.list({ operationId: 'products.add' }).at(-1)!.status).toBe(400)
  })

  it.each([
    ['a product', 'KT-2'],
    // by its code, not read back as a barcode-only product's `#<barcode>`
    ['a product whose code starts with #', '#KT-2'],
  ])('makes %s gone from the source passive', async (_, gone) => {
    const s = setup()
    let products = [product('KT-1'), product(gone)]
    const p = catalog(
      s,
      () => [category('Kopru Test'), category('Kopru Test > Alt Kategori')],
      () => products,
    )
    const store = newStore()
    await runPipeline(p, { store })
    products = [product('KT-1')]
    const second = await runPipeline(p, { store })
    expect(second.counts.products).toMatchObject({ failed: 0 })
    expect(s.state.products.get(gone)!.status).toBe(2)
    expect(s.state.products.get('KT-1')!.status).toBe(1)
    expect(await store.countMappings('catalog/products')).toBe(1)
  })

  it('fails a product whose category Setrow does not have with E141, sending nothing', async () => {
    const s = setup()
    const store = newStore()
    const rows = () => [product('KT-1', { categoryPath: ['Yok Böyle', 'Bir Kategori'] })]
    const result = await runPipeline(pipeline('products', rows, setrowProductsSink(s.client)), {
      store,
    })
    expect(result.counts.products).toMatchObject({ failed: 1 })
    expect((await store.deadLetters())[0]!.code).toBe('E141')
    expect(s.emulator.log.count('products.add')).toBe(0)
  })
})

describe('setrowGroupId', () => {
  it('finds a group by its name written with any casing, i and ı alike, as Setrow compares them', async () => {
    const s = setup()
    const id = await setrowGroupId(s.client, 'email', 'Mail Listesi')
    expect(await setrowGroupId(s.client, 'email', 'MAIL LISTESI', {}, 1)).toBe(id)
    expect(await setrowGroupId(s.client, 'email', 'maıl lıstesı', {}, 1)).toBe(id)
  })

  it('finds the group another run created meanwhile (E109) instead of failing', async () => {
    const s = setup()
    // four runs on one account look for the same new group at once: all list it missing,
    // all create it, Setrow accepts one and refuses the rest with E109
    const ids = await Promise.all(
      Array.from({ length: 4 }, () => setrowGroupId(s.client, 'email', 'Yeni Müşteriler')),
    )
    expect(new Set(ids).size).toBe(1)
    const named = [...s.state.groups.values()].filter((g) => g.name === 'Yeni Müşteriler')
    expect(named.map((g) => g.id)).toEqual([ids[0]])
  })
})
