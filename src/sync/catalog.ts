/** Categories are read off the products that use them: every level of every category path. */
import type { Category, Product } from '../model/index.ts'
import type { Source } from '../model/connector.ts'

/** The category tree of a full product scan, parents before children, each category once. */
export function categoriesFromProducts(products: Source<Product>): Source<Category> {
  return {
    fullScan: true,
    async *read(ctx) {
      const seen = new Set<string>()
      for await (const page of products.read(ctx)) {
        const fresh: Category[] = []
        for (const { record } of page.records) {
          for (const category of categoryPathOf(record.categoryPath)) {
            if (seen.has(category.key)) continue
            seen.add(category.key)
            fresh.push(category)
          }
        }
        yield { records: fresh.map((record) => ({ key: record.key, record })) }
      }
    },
  }
}

/** ["Giyim", "Kadın"] → Giyim, then Giyim > Kadın under it. */
export function categoryPathOf(path: readonly string[]): Category[] {
  return path.map((name, i) => {
    const key = path.slice(0, i + 1).join(' > ')
    const parentKey = i ? path.slice(0, i).join(' > ') : undefined
    return { key, name, ...(parentKey ? { parentKey } : {}) }
  })
}
