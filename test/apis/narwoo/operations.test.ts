/**
 * Every Narwoo operation through the real client against the emulator: the documented answers on
 * the wire, and each error the document gives them outside the order life cycle.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { categoryForPath } from '../../../src/apis/narwoo/emulator/catalogue.ts'
import { wallClock } from '../../../src/apis/narwoo/emulator/format.ts'
import type { CategoryNode } from '../../../src/apis/narwoo/schemas.ts'
import { formatDateText } from '../../../src/core/schema.ts'
import {
  arrange,
  client,
  emulator,
  login,
  narwooError,
  raw,
  type NarwooEmulator,
} from './support.ts'

const elbise = String(categoryForPath(['Giyim', 'Kadın', 'Elbise']).id)
let e: NarwooEmulator
let n: ReturnType<typeof client>
beforeAll(() => {
  e = emulator()
  n = client(e)
})

describe('login and tokens', () => {
  it('answers a 51-character token in the envelope', async () => {
    const answer = await raw(e, 'GET', '/login', {
      userEmail: 'SATICI@kopru.dev',
      userPassword: 'kopru-narwoo',
    })
    expect(answer.status).toBe(200)
    expect(answer.body).toEqual({
      o: { errCode: 0, token: expect.stringMatching(/^[0-9a-f]{51}$/) },
      error: 0,
    })
  })

  it.each([
    ['a wrong password', 6, { userEmail: 'satici@kopru.dev', userPassword: 'yanlis' }],
    ['an unknown seller', 6, { userEmail: 'baska@kopru.dev', userPassword: 'kopru-narwoo' }],
    ['no password', 42, { userEmail: 'satici@kopru.dev' }],
    ['no e-mail', 42, { userPassword: 'kopru-narwoo' }],
  ])('refuses %s with errCode %i', async (_, errCode, fields) => {
    const answer = await raw(e, 'GET', '/login', fields)
    expect(answer.body.o).toMatchObject({ errCode })
  })

  it('answers 7 without a token and 41 with an unknown one, on reads and writes', async () => {
    expect((await raw(e, 'GET', '/category-list')).body).toEqual({
      o: { errCode: 7, message: 'Hatalı istek, token bulunamadı.' },
      error: 0,
    })
    const wrong = await raw(e, 'POST', '/order-confirm', { order_number: '1' }, { token: 'abc' })
    expect(wrong.body).toEqual({
      o: { errCode: 41, message: 'Geçerli token değeri bulunamadı.' },
      error: 0,
    })
  })

  it('reads the token from the query, a form field or a JSON field', async () => {
    const token = await login(e)
    expect(
      (await raw(e, 'GET', '/brand-list', { categoryId: elbise }, { token })).body.o?.errCode,
    ).toBe(0)
    const order = arrange(e)
    const form = await raw(
      e,
      'POST',
      '/order-confirm',
      { order_number: order.orderNumber },
      { token },
    )
    expect(form.body.o).toMatchObject({ errCode: 0 })
    const json = await raw(
      e,
      'POST',
      '/order-cancel',
      {},
      {
        json: { token, order_number: Number(arrange(e).orderNumber), cancel_reason: 'Test' },
      },
    )
    expect(json.body.o).toMatchObject({ errCode: 0 })
  })
})

describe('catalogue', () => {
  it('lists the id-keyed category tree under `optionList`, leaves with an empty `sub` list', async () => {
    const { optionList } = await n.categories.list()
    expect(optionList['249']).toMatchObject({ id: '249', parent_id: '0', name: 'Din ve Törenler' })
    const sub = optionList['249']!.sub as Record<string, CategoryNode>
    expect(sub['250']!.sub).toEqual({
      '251': { id: '251', parent_id: '250', name: 'Kül Saklama Küpleri', sub: [] },
    })
    const names = Object.values(optionList).map((c) => c.name)
    expect(names).toEqual(expect.arrayContaining(['Giyim', 'Elektronik', 'Anne & Bebek']))
  })

  it('lists a category’s options with variantStatus and id-keyed values', async () => {
    const { optionList } = await n.options.list({ categoryId: elbise })
    const renk = Object.values(optionList).find((o) => o.name === 'Renk')!
    expect(renk.variantStatus).toBe(true)
    expect(Object.entries(renk.values).every(([key, value]) => key === value.id)).toBe(true)
    expect(Object.values(renk.values).map((v) => v.name)).toEqual(
      expect.arrayContaining(['Siyah', 'Beyaz']),
    )
    const kumas = Object.values(optionList).find((o) => o.name === 'Kumaş Cinsi')!
    expect(kumas.variantStatus).toBe(false)
    expect(Object.keys(optionList).sort()).toEqual(
      Object.values(optionList)
        .map((o) => o.id)
        .sort(),
    )
  })

  it('lists the brands of a category', async () => {
    const { brandList } = await n.brands.list({ categoryId: elbise })
    expect(brandList.map((b) => b.name)).toEqual(expect.arrayContaining(['Koton', 'Mavi']))
    expect(brandList.every((b) => /^\d+$/.test(b.id))).toBe(true)
  })

  it('answers empty lists for an unknown or non-leaf category and 42 without one', async () => {
    expect((await n.options.list({ categoryId: '99999' })).optionList).toEqual({})
    expect((await n.brands.list({ categoryId: '249' })).brandList).toEqual([])
    expect((await narwooError(n.brands.list({ categoryId: '' }))).errCode).toBe(42)
    expect(
      (await raw(e, 'GET', '/option-list', {}, { token: await login(e) })).body.o?.errCode,
    ).toBe(42)
  })

  it('lists the cargo companies bare, UPS among them', async () => {
    const list = await n.cargoCompanies.list()
    expect(list[0]).toEqual({ cargo_id: '1', cargo_name: 'Aras Kargo' })
    expect(list.map((c) => c.cargo_name)).toContain('UPS')
    const answer = await raw(e, 'GET', '/cargo-company-list', {}, { token: await login(e) })
    expect(Object.keys(answer.body)).toEqual(['cargo_companies_list'])
  })
})

describe('orders', () => {
  it('lists the last three months newest first by default, prices and statuses as text', async () => {
    const list = await n.orders.list({ limit: 100 })
    expect(list.length).toBeGreaterThan(20)
    const dates = list.map((o) => o.order_date)
    expect(dates).toEqual([...dates].sort().reverse())
    const threeMonthsAgo = wallClock(new Date('2026-08-23T09:00:00Z'))
    expect(dates.at(-1)! >= formatDateText(threeMonthsAgo, 'yyyy-mm-dd hh:mm:ss')).toBe(true)
    expect(list[0]!.order_price).toMatch(/^\d+\.\d{2}$/)
    expect(['0', '1', '2']).toContain(list[0]!.order_payment_status)
  })

  it('pages with offset and limit, 20 by default and never more than 100', async () => {
    const first = await n.orders.list()
    expect(first).toHaveLength(20)
    const next = await n.orders.list({ offset: 20, limit: 5 })
    const all = await n.orders.list({ limit: 100 })
    expect(next).toEqual(all.slice(20, 25))
    const answer = await raw(
      e,
      'GET',
      '/order-list',
      { limit: '500', start_date: '2020-01-01 00:00' },
      { token: await login(e) },
    )
    expect((answer.body.order_list as unknown[]).length).toBe(100)
    const garbage = await raw(
      e,
      'GET',
      '/order-list',
      { limit: 'çok', offset: '-5' },
      { token: await login(e) },
    )
    expect(garbage.body.order_list).toEqual(first)
  })

  it('shows each order as it is now, a changed payment status included', async () => {
    const [first] = await n.orders.list({ limit: 1 })
    const order = e.state.order(first!.order_number)!
    order.paymentStatus = order.paymentStatus === 2 ? 0 : 2
    const [again] = await n.orders.list({ limit: 1 })
    expect(again!.order_payment_status).toBe(String(order.paymentStatus))
  })

  it('filters by start_date and end_date, both inclusive, in Türkiye time', async () => {
    const order = e.state.orders[10]!
    const minute = order.placedAt.slice(0, 16)
    const list = await n.orders.list({ start_date: minute, end_date: order.placedAt, limit: 100 })
    expect(list.map((o) => o.order_number)).toContain(order.orderNumber)
    expect(list.every((o) => o.order_date >= minute && o.order_date <= order.placedAt)).toBe(true)
    const before = await n.orders.list({
      start_date: '2020-01-01 00:00',
      end_date: minute,
      limit: 100,
    })
    expect(before.map((o) => o.order_number)).not.toContain(order.orderNumber)
  })

  it('reaches orders older than three months with dates, and answers 1 for a date it cannot read', async () => {
    const oldest = e.state.orders.at(-1)!
    const dated = await n.orders.iterate({ start_date: '2020-01-01 00:00' }).toArray()
    expect(dated.map((o) => o.orderNumber)).toContain(oldest.orderNumber)
    expect((await n.orders.iterate().toArray()).map((o) => o.orderNumber)).not.toContain(
      oldest.orderNumber,
    )
    const bad = await raw(
      e,
      'GET',
      '/order-list',
      { start_date: '01.01.2021' },
      { token: await login(e) },
    )
    expect(bad.body.o).toMatchObject({ errCode: 1 })
  })

  it('details an order flat: customer, addresses, lines with comma prices and the selected variant', async () => {
    const order = e.state.orders.find(
      (o) => o.lines.some((l) => l.variant) && o.lines.some((l) => !l.variant),
    )
    const detail = await n.orders.get({ order_number: (order ?? e.state.orders[0]!).orderNumber })
    expect(detail.order_addresses.invoice.invoice_country).toBe('Turkey')
    expect(detail.order_addresses.delivery.delivery_zipcode).toMatch(/^\d{5}$/)
    expect(detail.customer.email).toMatch(/@/)
    const line = detail.order_products[0]!
    expect(line.product_single_price).toMatch(/^\d{1,3}(\.\d{3})*,\d{2}$/)
    expect(line.product_single_old_price).toMatch(/^\d+\.\d{2}$/)
    expect(line.product_currency_symbol).toBe('₺')
    const plain = detail.order_products.find(
      (p) => p.product_selected_variant.variant_name === null,
    )
    if (order) expect(plain?.product_selected_variant.variant_option_list).toEqual([null])
    const chosen = detail.order_products.find(
      (p) => p.product_selected_variant.variant_name !== null,
    )
    if (order)
      expect(chosen?.product_selected_variant.variant_option_list[0]).toHaveProperty('option_name')
  })

  it('answers the detail without the envelope and 8 or 9 when the order is not named or unknown', async () => {
    const token = await login(e)
    const answer = await raw(
      e,
      'GET',
      '/order-detail',
      { order_number: e.state.orders[0]!.orderNumber },
      { token },
    )
    expect(answer.body.o).toBeUndefined()
    expect(answer.body.order_number).toBe(e.state.orders[0]!.orderNumber)
    expect((await narwooError(n.orders.get({ order_number: '' }))).errCode).toBe(8)
    expect((await raw(e, 'GET', '/order-detail', {}, { token })).body.o?.errCode).toBe(8)
    expect((await narwooError(n.orders.get({ order_number: '000000000000' }))).errCode).toBe(9)
  })

  it('sums the lines: single price × quantity + cargo, totals with a dot', async () => {
    const order = e.state.orders[3]!
    const detail = await n.orders.get({ order_number: order.orderNumber })
    const amount = (text: string) => Number(text.replace(/\./g, '').replace(',', '.'))
    const sum = detail.order_products.reduce((s, p) => s + amount(p.product_total_price), 0)
    expect(Number(detail.order_total_price)).toBeCloseTo(sum, 2)
    for (const p of detail.order_products)
      expect(amount(p.product_total_price)).toBeCloseTo(
        amount(p.product_single_price) * Number(p.product_quantity) + amount(p.product_cargo_price),
        2,
      )
  })
})

describe('products', () => {
  it('lists 20 products by id with prices and stock as text, variants nested', async () => {
    const { productList } = await n.products.list()
    expect(productList).toHaveLength(20)
    const ids = productList.map((p) => Number(p.productId))
    expect(ids).toEqual([...ids].sort((a, b) => a - b))
    const withVariants = productList.find((p) => p.variants?.length)!
    expect(withVariants.variants![0]!.price).toMatch(/^\d+\.\d{2}$/)
    const plain = productList.find((p) => !p.variants)
    if (plain) expect(plain).not.toHaveProperty('variants')
    for (const p of productList) expect('cargoCompanyName' in p).toBe(p.cargoOption === '1')
  })

  it('finds by sku, the main product’s or a variant’s, and answers 42 for bySku without one', async () => {
    const product = e.state.liveProducts().find((p) => p.variants.length)!
    for (const sku of [product.sku, product.variants[0]!.sku]) {
      const { productList } = await n.products.list({ type: 'bySku', sku })
      expect(productList.map((p) => p.productId)).toEqual([String(product.productId)])
    }
    expect((await narwooError(n.products.list({ type: 'bySku', sku: '' }))).errCode).toBe(42)
    const token = await login(e)
    expect(
      (await raw(e, 'GET', '/product-list', { type: 'byName' }, { token })).body.o?.errCode,
    ).toBe(1)
  })

  it('deletes a product: "deleted", gone from the list, then 43 for a second delete', async () => {
    const product = e.state.liveProducts()[2]!
    const productId = String(product.productId)
    expect(await n.products.delete({ productId })).toEqual({ status: 'deleted', errCode: 0 })
    const { productList } = await n.products.list({ limit: 100 })
    expect(productList.map((p) => p.productId)).not.toContain(productId)
    const again = await narwooError(n.products.delete({ productId }))
    expect(again.errCode).toBe(43)
    expect(again.body).toEqual({
      o: { status: 'error', errCode: 43, message: 'Ürün silinirken hata oluştu.' },
      error: 0,
    })
    expect((await narwooError(n.products.delete({ productId: 'abc' }))).errCode).toBe(43)
    expect((await narwooError(n.products.delete({ productId: ' ' }))).errCode).toBe(42)
  })
})

describe('outside the API', () => {
  it('answers an unknown path 404 and a wrong method 405, in the envelope', async () => {
    const token = await login(e)
    const missing = await raw(e, 'GET', '/order-lists', {}, { token })
    expect(missing).toEqual({
      status: 404,
      body: { o: { errCode: 1, message: 'Bir hata oluştu.' }, error: 1 },
    })
    expect((await raw(e, 'POST', '/order-list', {}, { token })).status).toBe(405)
  })
})
