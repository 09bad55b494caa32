import { describe, expect, it } from 'vitest'
import type { Product } from '../../src/model/index.ts'
import { categoriesFromProducts, categoryPathOf } from '../../src/sync/catalog.ts'
import type { SourceContext } from '../../src/model/connector.ts'

const product = (code: string, categoryPath: string[]): Product => ({
  key: `shop:${code}`,
  source: { api: 'shop', id: code },
  code,
  title: code,
  categoryPath,
  price: 1,
  currency: 'TRY',
  stock: 1,
  active: true,
  variants: [],
})

const page = (...products: Product[]) => ({
  records: products.map((record) => ({ key: record.key, record })),
})

describe('categoriesFromProducts', () => {
  it('yields every level of every path once, parents first', async () => {
    const source = categoriesFromProducts({
      async *read() {
        yield page(product('a', ['Giyim', 'Kadın']), product('b', ['Giyim', 'Erkek']))
        yield page(product('c', ['Giyim', 'Kadın']), product('d', ['Ev']))
      },
    })
    const keys: string[][] = []
    for await (const page of source.read({} as SourceContext))
      keys.push(page.records.map((r) => r.key))
    expect(keys).toEqual([['Giyim', 'Giyim > Kadın', 'Giyim > Erkek'], ['Ev']])
    expect(source.fullScan).toBe(true)
  })

  it('names each level and its parent', () => {
    expect(categoryPathOf(['A', 'B', 'C'])).toEqual([
      { key: 'A', name: 'A' },
      { key: 'A > B', name: 'B', parentKey: 'A' },
      { key: 'A > B > C', name: 'C', parentKey: 'A > B' },
    ])
  })
})
