import { describe, expect, it } from 'vitest'
import {
  categoryByPath,
  categoryLeaves,
  categoryTree,
  ean13,
  generateCatalog,
  isValidEan13,
  optionCode,
  sharedCatalog,
  variantOptions,
  type CatalogProduct,
  type VariantKind,
} from '../../../src/emulator/locale/tr-catalog.ts'
import { createRng } from '../../../src/emulator/random.ts'

/** A second EAN-13 check, written from the GS1 rule: weights 3,1,3,… counted from the right. */
function eanReference(code: string): boolean {
  if (!/^\d{13}$/.test(code)) return false
  const body = code.slice(0, 12).split('').reverse()
  const sum = body.reduce((acc, ch, k) => acc + Number(ch) * (k % 2 === 0 ? 3 : 1), 0)
  return (10 - (sum % 10)) % 10 === Number(code[12])
}

function allBarcodes(products: CatalogProduct[]): string[] {
  return products.flatMap((p) =>
    p.variants.length > 0 ? p.variants.map((v) => v.barcode) : [p.barcode],
  )
}

const catalog = generateCatalog(createRng(42), 2000)

describe('categoryTree', () => {
  it('has three levels and at least 30 well-formed leaves', () => {
    const leaves = categoryTree.flatMap((top) => top.children.flatMap((group) => group.children))
    expect(leaves.length).toBeGreaterThanOrEqual(30)
    expect(leaves).toEqual([...categoryLeaves])
    for (const top of categoryTree)
      for (const group of top.children)
        for (const leaf of group.children) {
          expect(leaf.path[0]).toBe(top.name)
          expect(leaf.path[1]).toBe(group.name)
          expect(leaf.brands.length).toBeGreaterThanOrEqual(4)
          expect(leaf.brands.length).toBeLessThanOrEqual(8)
          expect(leaf.nouns.length).toBeGreaterThanOrEqual(2)
          expect(leaf.nouns.length).toBeLessThanOrEqual(5)
          expect(leaf.adjectives.length).toBeGreaterThanOrEqual(4)
          expect(leaf.adjectives.length).toBeLessThanOrEqual(8)
          expect(leaf.price[0]).toBeLessThan(leaf.price[1])
          expect(leaf.desi[0]).toBeLessThanOrEqual(leaf.desi[1])
          expect([10, 20]).toContain(leaf.taxRate)
          expect(leaf.weight).toBeGreaterThan(0)
        }
    const keys = leaves.map((leaf) => leaf.path.join(' > '))
    expect(new Set(keys).size).toBe(keys.length)
  })

  it('uses KDV 10 for clothing, shoes and bags and 20 for electronics and cosmetics', () => {
    for (const leaf of categoryLeaves) {
      if (['Giyim', 'Ayakkabı', 'Çanta'].includes(leaf.path[0])) expect(leaf.taxRate).toBe(10)
      if (['Elektronik', 'Kozmetik'].includes(leaf.path[0])) expect(leaf.taxRate).toBe(20)
    }
  })

  it('finds leaves by path', () => {
    expect(categoryByPath(['Giyim', 'Kadın', 'Elbise'])?.variants).toBe('apparel')
    expect(categoryByPath(['Giyim', 'Kadın', 'Yok'])).toBeUndefined()
  })
})

describe('ean13', () => {
  it('makes valid Turkish barcodes and honours a company prefix', () => {
    const rng = createRng(7)
    for (let i = 0; i < 500; i++) {
      const code = ean13(rng)
      expect(code).toMatch(/^86[89]\d{10}$/)
      expect(eanReference(code)).toBe(true)
      expect(isValidEan13(code)).toBe(true)
    }
    expect(ean13(rng, '8691234')).toMatch(/^8691234\d{6}$/)
    expect(() => ean13(rng, '4001234')).toThrow(RangeError)
  })

  it('rejects a changed check digit and malformed input', () => {
    expect(isValidEan13('4006381333931')).toBe(true)
    const code = ean13(createRng(3))
    const check = Number(code[12])
    for (let d = 0; d <= 9; d++) {
      if (d === check) continue
      expect(isValidEan13(code.slice(0, 12) + d)).toBe(false)
    }
    expect(isValidEan13(code.slice(0, 12))).toBe(false)
    expect(isValidEan13(code + '0')).toBe(false)
    expect(isValidEan13(`${code.slice(0, 12)}x`)).toBe(false)
    expect(isValidEan13('')).toBe(false)
  })
})

describe('optionCode', () => {
  it('shortens colours and keeps sizes and capacities', () => {
    expect(optionCode('Siyah')).toBe('SIY')
    expect(optionCode('Kırmızı')).toBe('KIR')
    expect(optionCode('XL')).toBe('XL')
    expect(optionCode('128 GB')).toBe('128GB')
    const colourCodes = variantOptions.Renk.map(optionCode)
    expect(new Set(colourCodes).size).toBe(colourCodes.length)
  })
})

describe('generateCatalog', () => {
  it('is deterministic per seed', () => {
    expect(generateCatalog(createRng(42), 2000)).toEqual(catalog)
    const other = generateCatalog(createRng(43), 2000)
    expect(allBarcodes(other)).not.toEqual(allBarcodes(catalog))
    const shared = new Set(allBarcodes(catalog))
    expect(allBarcodes(other).filter((b) => shared.has(b)).length).toBeLessThan(10)
  })

  it('gives a shorter catalogue as a prefix of a longer one', () => {
    expect(generateCatalog(createRng(42), 300)).toEqual(catalog.slice(0, 300))
  })

  it('is, for emulators, a function of the seed and the index: more products only extend it', () => {
    const long = sharedCatalog(4242, 400)
    expect(sharedCatalog(4242, 150)).toEqual(long.slice(0, 150))
    expect(sharedCatalog(4242, 400)).toEqual(long)
    expect(sharedCatalog(4243, 150).map((p) => p.title)).not.toEqual(
      long.slice(0, 150).map((p) => p.title),
    )
  })

  it('returns exactly count products', () => {
    expect(catalog).toHaveLength(2000)
    expect(generateCatalog(createRng(1), 0)).toEqual([])
  })

  it('gives valid, unique Turkish barcodes to every product and variant', () => {
    const barcodes = allBarcodes(catalog)
    expect(barcodes.length).toBeGreaterThan(2000)
    for (const code of barcodes) {
      expect(code).toMatch(/^86[89]/)
      expect(isValidEan13(code)).toBe(true)
      expect(eanReference(code)).toBe(true)
    }
    expect(new Set(barcodes).size).toBe(barcodes.length)
  })

  it('gives unique stock codes and SKUs', () => {
    const codes = catalog.map((p) => p.code)
    for (const code of codes) expect(code).toMatch(/^KP-\d{6}$/)
    expect(new Set(codes).size).toBe(codes.length)
    const skus = catalog.flatMap((p) => p.variants.map((v) => v.sku))
    expect(new Set(skus).size).toBe(skus.length)
    for (const p of catalog) {
      expect(p.image).toBe(`/Data/products/${p.code.toLowerCase()}-1.jpg`)
      for (const v of p.variants)
        expect(v.sku).toBe([p.code, ...v.options.map((o) => optionCode(o.value))].join('-'))
    }
  })

  it('puts barcodes and stock on variants when there are variants', () => {
    for (const p of catalog) {
      if (p.variants.length > 0) {
        expect(p.barcode).toBe('')
        expect(p.stock).toBe(p.variants.reduce((sum, v) => sum + v.stock, 0))
        for (const v of p.variants) expect(v.barcode).not.toBe('')
      } else {
        expect(p.barcode).toHaveLength(13)
      }
    }
  })

  it('keeps prices, tax and desi within the category and uses retail endings', () => {
    for (const p of catalog) {
      const leaf = categoryByPath(p.categoryPath)
      expect(leaf, p.categoryPath.join(' > ')).toBeDefined()
      if (!leaf) continue
      expect(p.price).toBeGreaterThanOrEqual(leaf.price[0])
      expect(p.price).toBeLessThanOrEqual(leaf.price[1])
      expect(Math.round(p.price * 100) % 100).toBeOneOf([90, 99])
      expect(p.taxRate).toBe(leaf.taxRate)
      expect(p.desi).toBeGreaterThanOrEqual(leaf.desi[0])
      expect(p.desi).toBeLessThanOrEqual(leaf.desi[1])
      expect(leaf.brands).toContain(p.brand)
      expect(p.title.startsWith(`${p.brand} `)).toBe(true)
      expect(leaf.nouns.some((noun) => p.title.endsWith(noun))).toBe(true)
      expect(p.description).toContain(p.title)
      expect(p.description.endsWith('.')).toBe(true)
    }
  })

  it('names the audience in titles when the category has one', () => {
    for (const p of catalog) {
      const audience = p.categoryPath[1]
      if (['Kadın', 'Erkek', 'Çocuk'].includes(audience))
        expect(p.title.startsWith(`${p.brand} ${audience} `)).toBe(true)
    }
  })

  it('has only paths that exist in categoryTree', () => {
    const inTree = new Set(
      categoryTree.flatMap((top) =>
        top.children.flatMap((group) =>
          group.children.map((leaf) => [top.name, group.name, leaf.path[2]].join(' > ')),
        ),
      ),
    )
    for (const p of catalog) expect(inTree.has(p.categoryPath.join(' > '))).toBe(true)
  })

  it('shapes variants by kind and covers every kind', () => {
    const seen = new Set<VariantKind>()
    for (const p of catalog) {
      const leaf = categoryByPath(p.categoryPath)!
      seen.add(leaf.variants)
      const names = p.variants.map((v) => v.options.map((o) => o.name).join('/'))
      const colours = new Set(
        p.variants.map((v) => v.options.find((o) => o.name === 'Renk')?.value),
      )
      switch (leaf.variants) {
        case 'apparel': {
          expect(new Set(names)).toEqual(new Set(['Renk/Beden']))
          const sizes = new Set(p.variants.map((v) => v.options[1]!.value))
          expect(colours.size).toBeGreaterThanOrEqual(1)
          expect(colours.size).toBeLessThanOrEqual(3)
          expect(sizes.size).toBeGreaterThanOrEqual(3)
          expect(sizes.size).toBeLessThanOrEqual(6)
          expect(p.variants).toHaveLength(colours.size * sizes.size)
          const list: readonly string[] =
            p.categoryPath[1] === 'Çocuk' ? variantOptions.ÇocukBeden : variantOptions.Beden
          const idx = [...sizes].map((s) => list.indexOf(s)).sort((a, b) => a - b)
          expect(idx[0]).toBeGreaterThanOrEqual(0)
          expect(idx[idx.length - 1]! - idx[0]!).toBe(idx.length - 1)
          break
        }
        case 'shoes': {
          expect(new Set(names)).toEqual(new Set(['Renk/Numara']))
          const numbers = new Set(p.variants.map((v) => Number(v.options[1]!.value)))
          expect(colours.size).toBeLessThanOrEqual(2)
          expect(numbers.size).toBeGreaterThanOrEqual(4)
          expect(numbers.size).toBeLessThanOrEqual(7)
          expect(Math.max(...numbers) - Math.min(...numbers)).toBe(numbers.size - 1)
          expect(Math.min(...numbers)).toBeGreaterThanOrEqual(36)
          expect(Math.max(...numbers)).toBeLessThanOrEqual(45)
          break
        }
        case 'color':
          expect(new Set(names)).toEqual(new Set(['Renk']))
          expect(p.variants.length).toBeGreaterThanOrEqual(2)
          expect(p.variants.length).toBeLessThanOrEqual(4)
          expect(colours.size).toBe(p.variants.length)
          break
        case 'capacity': {
          expect(p.variants.length).toBeGreaterThanOrEqual(2)
          expect(p.variants.length).toBeLessThanOrEqual(3)
          expect(new Set(names)).toEqual(new Set([leaf.capacity]))
          const deltas = p.variants.map((v) => v.priceDelta)
          expect(deltas[0]).toBe(0)
          for (let i = 1; i < deltas.length; i++) expect(deltas[i]!).toBeGreaterThan(deltas[i - 1]!)
          break
        }
        case 'none':
          expect(p.variants).toEqual([])
          break
      }
      if (leaf.variants !== 'capacity') for (const v of p.variants) expect(v.priceDelta).toBe(0)
    }
    expect([...seen].sort()).toEqual(['apparel', 'capacity', 'color', 'none', 'shoes'])
  })

  it('sells out about 8% of SKUs and keeps most stock at 60 or below', () => {
    const stocks = catalog.flatMap((p) =>
      p.variants.length > 0 ? p.variants.map((v) => v.stock) : [p.stock],
    )
    for (const s of stocks) expect(Number.isInteger(s) && s >= 0).toBe(true)
    const zero = stocks.filter((s) => s === 0).length / stocks.length
    expect(zero).toBeGreaterThan(0.05)
    expect(zero).toBeLessThan(0.11)
    expect(stocks.filter((s) => s <= 60).length / stocks.length).toBeGreaterThan(0.85)
  })

  it('draws categories by weight', () => {
    const count = (name: string) => catalog.filter((p) => p.categoryPath[2] === name).length
    // Elbise weighs 8, USB Bellek 1
    expect(count('Elbise')).toBeGreaterThan(count('USB Bellek') * 3)
  })

  it('builds 10,000 products quickly with unique codes', () => {
    const start = performance.now()
    const big = generateCatalog(createRng(2026), 10_000)
    const elapsed = performance.now() - start
    expect(big).toHaveLength(10_000)
    const barcodes = allBarcodes(big)
    expect(new Set(barcodes).size).toBe(barcodes.length)
    expect(new Set(big.map((p) => p.code)).size).toBe(10_000)
    expect(elapsed).toBeLessThan(3000)
  })
})
