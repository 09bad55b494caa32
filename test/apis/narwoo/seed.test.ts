/**
 * The seed data: deterministic per seed, sized by flags, a realistic Turkish seller whose products
 * pass the marketplace's own rules and whose orders cover every state the life cycle knows.
 */
import { describe, expect, it } from 'vitest'
import { categoryById, isLeaf } from '../../../src/apis/narwoo/emulator/catalogue.ts'
import { narwooEmulator } from '../../../src/apis/narwoo/emulator/index.ts'
import { generateNarwooData } from '../../../src/apis/narwoo/emulator/seed.ts'
import { NarwooStore } from '../../../src/apis/narwoo/emulator/store.ts'
import { cities } from '../../../src/emulator/locale/tr.ts'
import { NOW, client, emulator, sizes } from './support.ts'

const data = (seed: number, size = sizes) => generateNarwooData({ seed, now: NOW, sizes: size })

describe('seed data', () => {
  it('is the same for a seed and day, and differs for another seed', () => {
    expect(JSON.stringify(data(3))).toBe(JSON.stringify(data(3)))
    expect(JSON.stringify(data(4))).not.toBe(JSON.stringify(data(3)))
  })

  it('keeps product i when products grows, whatever the other sizes', () => {
    const few = data(9, { products: 20, orders: 10, customers: 5 })
    const more = data(9, { products: 60, orders: 400, customers: 90 })
    expect(more.products.slice(0, 20)).toEqual(few.products)
  })

  it('has the sizes asked for, about 200 products and 3,000 orders by default', () => {
    const small = data(1, { products: 12, orders: 50, customers: 10 })
    expect([small.products.length, small.orders.length]).toEqual([12, 50])
    expect(narwooEmulator.sizes).toMatchObject({ products: 200, orders: 3000 })
  })

  it('spreads orders over six months, newest yesterday, with unique 12-digit numbers', () => {
    const store = new NarwooStore(data(5, { products: 40, orders: 600, customers: 100 }))
    const numbers = store.orders.map((o) => o.orderNumber)
    expect(new Set(numbers).size).toBe(numbers.length)
    expect(numbers.every((n) => /^\d{12}$/.test(n))).toBe(true)
    expect(store.orders[0]!.placedAt < '2026-11-23 03:00:00').toBe(true)
    expect(store.orders.at(-1)!.placedAt < '2026-08-23').toBe(true)
    expect(store.orders.at(-1)!.placedAt > '2026-05-20').toBe(true)
  })

  it('covers payment states, confirmations, cancellations, returns and both kinds of cargo', () => {
    const { orders } = data(2, { products: 60, orders: 1500, customers: 300 })
    const share = (test: (o: (typeof orders)[number]) => boolean) =>
      orders.filter(test).length / orders.length
    expect(share((o) => o.paymentStatus === 0)).toBeGreaterThan(0.005)
    expect(share((o) => o.paymentStatus === 1)).toBeGreaterThan(0.005)
    expect(share((o) => o.paymentStatus === 2)).toBeGreaterThan(0.85)
    expect(share((o) => o.paymentType === 0)).toBeGreaterThan(0.1)
    expect(share((o) => o.canceled)).toBeGreaterThan(0.03)
    expect(share((o) => o.confirmed)).toBeGreaterThan(0.7)
    expect(share((o) => o.paymentStatus === 2 && !o.canceled && !o.confirmed)).toBeGreaterThan(
      0.005,
    )
    expect(share((o) => o.hasReturn)).toBeGreaterThan(0.01)
    expect(share((o) => o.cargo?.integration === true)).toBeGreaterThan(0.2)
    expect(share((o) => o.cargo?.integration === false)).toBeGreaterThan(0.3)
    expect(orders.every((o) => !o.cargo || (o.confirmed && !o.canceled))).toBe(true)
  })

  it('uses every product status and sells only what was ever on sale', () => {
    const { products, orders } = data(6, { products: 200, orders: 400, customers: 100 })
    const statuses = new Set(products.map((p) => p.status))
    expect([...statuses].sort()).toEqual(['active', 'denied', 'expired', 'passive', 'pending'])
    const neverSold = new Set(
      products
        .filter((p) => p.status === 'pending' || p.status === 'denied')
        .map((p) => p.productId),
    )
    expect(orders.flatMap((o) => o.lines).some((l) => neverSold.has(l.productId))).toBe(false)
  })

  it('places products in leaf categories with the category’s brands, options and values', () => {
    for (const product of data(8).products) {
      const category = categoryById.get(product.categoryId)!
      expect(isLeaf(category)).toBe(true)
      expect(category.brandIds.length).toBeGreaterThan(0)
      expect(product.images.filter((i) => i.prime)).toHaveLength(1)
    }
  })

  it('has Turkish customers with provinces, districts and postcodes that match', () => {
    for (const order of data(9).orders.slice(0, 60)) {
      const city = cities.find((c) => c.name === order.invoice.zone)!
      expect(city.districts).toContain(order.invoice.town)
      expect(order.invoice.zipcode.slice(0, 2)).toBe(String(city.plate).padStart(2, '0'))
      expect(order.customer.email).toMatch(/^[a-z0-9._]+@[a-z]+\.com$/)
    }
  })

  it('lets the seller edit every seeded product back unchanged: the seed obeys the rules', async () => {
    const e = emulator()
    const n = client(e)
    for (const product of await n.products.iterate().toArray()) {
      const stored = e.state.product(product.productId)!
      const answer = await n.products.save({
        productId: product.productId,
        title: stored.title,
        brandName: product.brandName,
        categoryId: product.categoryId,
        quantity: product.stock,
        sku: product.sku,
        barcode: product.barcode,
        currency: product.currency,
        price: product.price,
        cargoOption: product.cargoOption,
        cargoCompanyName: product.cargoCompanyName ?? '',
        cargoPrice: product.cargoPrice ?? 0,
        images: stored.images.map((i) => ({ url: i.url, prime: i.prime })),
        attributes: product.attributes,
        variants: product.variants.map((v) => ({ ...v, quantity: v.stock })),
      })
      expect(answer.status).toBe('success')
    }
  })
})
