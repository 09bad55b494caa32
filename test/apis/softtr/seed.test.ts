/** Softtr's seed data: reproducible, sized by flags, and a believable Turkish shop. */
import { describe, expect, it } from 'vitest'
import { generateSofttrData } from '../../../src/apis/softtr/emulator/seed.ts'
import { orderSources } from '../../../src/apis/softtr/schemas.ts'
import { cities, isValidTcKimlikNo, isValidVergiNo } from '../../../src/emulator/locale/tr.ts'
import { isValidEan13 } from '../../../src/emulator/locale/tr-catalog.ts'

const now = new Date('2026-11-23T09:00:00Z')
const sizes = { products: 300, orders: 5000, customers: 1800 }
const data = generateSofttrData({ seed: 1, now, sizes })

describe('Softtr seed data', () => {
  it('is the same for the same seed and different for another', () => {
    const small = { products: 20, orders: 50, customers: 20 }
    const a = generateSofttrData({ seed: 4, now, sizes: small })
    expect(generateSofttrData({ seed: 4, now, sizes: small })).toEqual(a)
    expect(generateSofttrData({ seed: 5, now, sizes: small }).orders[0]).not.toEqual(a.orders[0])
  })

  it('keeps product i when products grows, whatever the other sizes', () => {
    const few = generateSofttrData({
      seed: 9,
      now,
      sizes: { products: 20, orders: 10, customers: 5 },
    })
    const more = generateSofttrData({
      seed: 9,
      now,
      sizes: { products: 60, orders: 400, customers: 90 },
    })
    expect(more.products.slice(0, 20)).toEqual(few.products)
  })

  it('has the default sizes: 300 products with variants, 5,000 orders over 12 months', () => {
    expect(data.products).toHaveLength(300)
    expect(data.orders).toHaveLength(5000)
    expect(data.products.filter((p) => p.variants.length > 0).length).toBeGreaterThan(60)
    const times = data.orders.map((o) => Date.parse(o.placedAt))
    const yearAgo = now.getTime() - 366 * 86_400_000
    expect(Math.min(...times)).toBeGreaterThan(yearAgo)
    expect(Math.max(...times)).toBeLessThan(now.getTime())
    // spread over the whole year, not bunched in one month
    const months = new Set(data.orders.map((o) => o.placedAt.slice(0, 7)))
    expect(months.size).toBeGreaterThanOrEqual(12)
  })

  it('uses every order source and unique order numbers', () => {
    expect(new Set(data.orders.map((o) => o.orderSource))).toEqual(new Set(orderSources))
    expect(new Set(data.orders.map((o) => o.orderno)).size).toBe(5000)
  })

  it('has valid, unique barcodes on products or their variants', () => {
    const barcodes = data.products.flatMap((p) =>
      p.variants.length ? p.variants.map((v) => v.barcode) : [p.barcode],
    )
    expect(barcodes.every(isValidEan13)).toBe(true)
    expect(new Set(barcodes).size).toBe(barcodes.length)
    for (const p of data.products.filter((x) => x.variants.length))
      expect(p.stockAmount).toBe(p.variants.reduce((s, v) => s + v.stockAmount, 0))
  })

  it('reads as a Turkish shop: names, cities with their districts, GSM numbers, tax ids', () => {
    const byName = new Map<string, (typeof cities)[number]>(cities.map((c) => [c.name, c]))
    for (const o of data.orders.slice(0, 500)) {
      const d = o.invoiceDetails
      const city = byName.get(d.invoiceCity)
      expect(city, d.invoiceCity).toBeDefined()
      expect(city!.districts).toContain(d.invoiceDistrict)
      expect(o.shipmentDetails.shipmentGsm).toMatch(/^05\d{9}$/)
      expect(d.invoiceMail).toMatch(/^[a-z0-9._-]+@[a-z0-9.-]+\.[a-z]+$/)
      expect(d.invoicePhone).toMatch(/^0(5\d{2}|212|216|312|232|224|242|322|332|262|342)\d{7}$/)
      if (d.invoiceTaxID) expect(isValidVergiNo(d.invoiceTaxID)).toBe(true)
      // a TC Kimlik No is optional at checkout; when given it is a valid one
      if (o.invoiceCivID) expect(isValidTcKimlikNo(o.invoiceCivID)).toBe(true)
    }
    expect(data.orders.filter((o) => o.invoiceCivID).length).toBeGreaterThan(2000)
    const text = data.orders.map((o) => o.invoiceDetails.invoiceName).join(' ')
    expect(text).toMatch(/[çğıöşüÇĞİÖŞÜ]/)
    expect(data.orders.some((o) => o.invoiceDetails.invoiceTaxID !== '')).toBe(true)
  })
})
