/**
 * The promise of the shared catalogue (src/emulator/locale/tr-catalog.ts) across the emulators that
 * sell it: the same seed gives the same product at the same stock code in Softtr, Narwoo and Setrow,
 * whatever sizes each emulator is given, so that a sync never overwrites one product with another.
 */
import { describe, expect, it } from 'vitest'
import { categoryById } from '../../../src/apis/narwoo/emulator/catalogue.ts'
import { generateNarwooData, type NarwooSizes } from '../../../src/apis/narwoo/emulator/seed.ts'
import {
  defaultSizes as setrowDefaults,
  generateSetrowData,
  type SetrowSizes,
} from '../../../src/apis/setrow/emulator/seed.ts'
import { generateSofttrData, type SofttrSizes } from '../../../src/apis/softtr/emulator/seed.ts'

const now = new Date('2026-03-15T10:00:00Z')

/** What every emulator shows of a catalogue product, keyed by its stock code. */
interface View {
  title: string
  brand: string
  /** the product's own barcode, or its first variant's */
  barcode: string
  category: string
  price: number
}

function softtr(seed: number, sizes: SofttrSizes): Map<string, View> {
  const { products } = generateSofttrData({ seed, now, sizes })
  return new Map(
    products.map((p) => [
      p.code,
      {
        title: p.title_tr,
        brand: p.brandName,
        barcode: p.barcode || p.variants[0]!.barcode,
        category: p.products_cat_associate,
        price: p.mainProductPrice,
      },
    ]),
  )
}

function narwoo(seed: number, sizes: NarwooSizes): Map<string, View> {
  const { products } = generateNarwooData({ seed, now, sizes })
  return new Map(
    products.map((p) => [
      // a product with variants carries its first variant's SKU, `KP-004217-SIY-M`
      /^KP-\d{6}/.exec(p.sku)![0],
      {
        title: p.title,
        brand: p.brandName,
        barcode: p.barcode,
        category: categoryById.get(p.categoryId)!.source!.path.join(' > '),
        price: p.price,
      },
    ]),
  )
}

function setrow(seed: number, sizes: SetrowSizes): Map<string, View> {
  const { products, categories } = generateSetrowData({ seed, now, sizes })
  const byId = new Map(categories.map((c) => [c.categoryId, c]))
  const path = (id: number): string[] => {
    const c = byId.get(id)!
    return c.parentCategoryId ? [...path(c.parentCategoryId), c.categoryName] : [c.categoryName]
  }
  return new Map(
    products.map((p) => [
      p.productCode,
      {
        title: p.productName,
        brand: p.brand,
        barcode: p.productBarcode,
        category: path(p.categoryIds[0]!).join(' > '),
        price: p.price,
      },
    ]),
  )
}

/** Every code present in both shows the same product, and the shorter list is all in the longer. */
function expectAgree(a: Map<string, View>, b: Map<string, View>) {
  let common = 0
  for (const [code, view] of a) {
    if (!b.has(code)) continue
    common++
    expect(b.get(code), code).toEqual(view)
  }
  expect(common).toBe(Math.min(a.size, b.size))
}

describe('the shared catalogue across emulators', () => {
  it('gives Setrow the products of Softtr and Narwoo with --size setrow.emails=1500, seed 4242', () => {
    const seed = 4242
    const shop = softtr(seed, { products: 300, orders: 50, customers: 50 })
    const market = narwoo(seed, { products: 200, orders: 50, customers: 50 })
    const marketing = setrow(seed, { ...setrowDefaults, emails: 1500 })
    expectAgree(marketing, shop)
    expectAgree(marketing, market)
    expectAgree(shop, market)
    expect(marketing.size).toBe(setrowDefaults.products)
  })

  it('agrees at any sizes: other sizes and product counts that differ between emulators', () => {
    for (const seed of [1, 11, 4242]) {
      const shop = softtr(seed, { products: 40, orders: 300, customers: 120 })
      const market = narwoo(seed, { products: 90, orders: 10, customers: 5 })
      const small = setrow(seed, {
        ...setrowDefaults,
        emails: 40,
        numbers: 300,
        whatsapp: 5,
        products: 25,
        orders: 10,
        reports: 10,
        iysLogs: 10,
      })
      const large = setrow(seed, {
        ...setrowDefaults,
        emails: 900,
        numbers: 30,
        whatsapp: 400,
        products: 120,
        orders: 10,
        reports: 10,
        iysLogs: 10,
      })
      for (const [a, b] of [
        [small, shop],
        [large, shop],
        [small, market],
        [large, market],
        [shop, market],
        [small, large],
      ] as const)
        expectAgree(a, b)
    }
  })
})
