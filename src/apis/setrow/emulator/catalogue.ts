/**
 * Catalogue and commerce: categories (upsert, own-parent rule), products keyed by code or barcode,
 * favorites, baskets and orders per e-mail address.
 */
import type { Category, OrderInput, Product, ProductInput } from '../schemas.ts'
import { normalEmail, stampText } from './addresses.ts'
import { fail, type Outcome } from './answers.ts'
import type { SetrowStore } from './store.ts'

// --- categories ----------------------------------------------------------------------------

export interface CategoryInput {
  categoryId: number
  categoryName: string
  parentCategoryId?: number | undefined
  categoryUrl?: string | undefined
}

/**
 * Judges every item against the tree the whole request leaves, so a parent may come later in the
 * same request: E142 for an item that is its own parent or ancestor (assumed for the latter), E141
 * for a parent neither stored nor sent in an item that is kept.
 */
export function addCategories(store: SetrowStore, items: readonly CategoryInput[]): Outcome[] {
  const refused = new Map<number, Outcome>()
  for (const [at, item] of items.entries())
    if (item.parentCategoryId === item.categoryId) refused.set(at, 'E142')
  // refusing an item can orphan others (a new parent gone) or loop them (a moved category stays)
  let more = true
  while (more) more = refuseBreaks(store, items, refused)
  return items.map((item, at) => {
    const fault = refused.get(at)
    if (fault) return fault
    const parent = item.parentCategoryId ?? 0
    const existing = store.categories.get(item.categoryId)
    const category: Category = {
      categoryId: item.categoryId,
      categoryName: item.categoryName,
      parentCategoryId: parent,
      categoryUrl: item.categoryUrl ?? existing?.categoryUrl ?? '',
    }
    store.categories.set(item.categoryId, category)
    return existing ? 'updated' : 'added'
  })
}

/** Refuses the kept items that break the tree the kept items leave; true when it refused any. */
function refuseBreaks(
  store: SetrowStore,
  items: readonly CategoryInput[],
  refused: Map<number, Outcome>,
): boolean {
  const before = refused.size
  const kept = [...items.entries()].filter(([at]) => !refused.has(at))
  const sent = new Map(kept.map(([, item]) => [item.categoryId, item.parentCategoryId ?? 0]))
  const parentOf = (id: number) => sent.get(id) ?? store.categories.get(id)?.parentCategoryId
  for (const [at, item] of kept)
    if (item.parentCategoryId && parentOf(item.parentCategoryId) === undefined)
      refused.set(at, 'E141')
  if (refused.size > before) return true
  // ids whose ancestors end at the top, so that a walk stops there: one pass stays linear
  const rooted = new Set([0])
  for (const [at, item] of kept) {
    const path = new Set<number>()
    let id = item.parentCategoryId ?? 0
    while (!rooted.has(id) && id !== item.categoryId && !path.has(id)) {
      path.add(id)
      id = parentOf(id) ?? 0
    }
    if (id === item.categoryId) refused.set(at, 'E142')
    else if (rooted.has(id)) for (const step of path) rooted.add(step)
  }
  return refused.size > before
}

/** Its children move to the top level and products lose the id (assumed). */
export function deleteCategory(store: SetrowStore, id: number) {
  if (!store.categories.delete(id)) throw fail('E141', 'categoryId')
  for (const category of store.categories.values())
    if (category.parentCategoryId === id) category.parentCategoryId = 0
  for (const product of store.products.values())
    if (product.categoryIds.includes(id))
      product.categoryIds = product.categoryIds.filter((c) => c !== id)
  return { categoryId: id, status: 'deleted' as const }
}

// --- products ------------------------------------------------------------------------------

const editable = [
  'productName',
  'brand',
  'price',
  'salePrice',
  'currency',
  'stock',
  'categoryIds',
  'productUrl',
  'imageUrl',
  'status',
] as const

/**
 * Upsert by code, else by barcode. E137 without either, E138 when the barcode is another code's,
 * E139 when every field sent already has that value, E100 for a new product without name or price.
 */
export function saveProduct(store: SetrowStore, input: ProductInput, now: string) {
  const code = input.productCode ?? ''
  const barcode = input.productBarcode ?? ''
  if (!code && !barcode) throw fail('E137')
  const byBarcode = barcode ? store.productsByBarcode.get(barcode) : undefined
  if (code && byBarcode && byBarcode.productCode !== code) throw fail('E138', 'productBarcode')
  const existing = code ? store.products.get(code) : byBarcode
  for (const id of input.categoryIds ?? [])
    if (!store.categories.has(id)) throw fail('E141', 'categoryIds')
  if (!existing) {
    if (input.productName === undefined) throw fail('E100', 'productName')
    if (input.price === undefined) throw fail('E100', 'price')
    const product: Product = {
      productCode: code,
      productBarcode: barcode,
      productName: input.productName,
      brand: input.brand ?? '',
      price: input.price,
      salePrice: input.salePrice ?? input.price,
      currency: input.currency ?? 'TRY',
      stock: input.stock ?? 0,
      categoryIds: input.categoryIds ?? [],
      productUrl: input.productUrl ?? '',
      imageUrl: input.imageUrl ?? '',
      status: input.status === 2 ? 2 : 1,
      createdAt: now,
      updatedAt: now,
    }
    store.putProduct(product)
    return { productCode: code, productBarcode: barcode, status: 'added' as const }
  }
  const changes: Partial<Product> = {}
  for (const field of editable) {
    const value = input[field]
    if (value !== undefined && JSON.stringify(value) !== JSON.stringify(existing[field]))
      Object.assign(changes, { [field]: value })
  }
  const newBarcode = barcode && barcode !== existing.productBarcode
  if (!newBarcode && Object.keys(changes).length === 0) throw fail('E139')
  store.removeProduct(existing)
  Object.assign(existing, changes, { updatedAt: now })
  if (newBarcode) existing.productBarcode = barcode
  store.putProduct(existing)
  return {
    productCode: existing.productCode,
    productBarcode: existing.productBarcode,
    status: 'updated' as const,
  }
}

export function deleteProduct(store: SetrowStore, product: Product) {
  store.removeProduct(product)
  return {
    productCode: product.productCode,
    productBarcode: product.productBarcode,
    status: 'deleted' as const,
  }
}

// --- favorites, baskets, orders ------------------------------------------------------------

export function readEmail(text: string): string {
  const email = normalEmail(text)
  if (!email) throw fail('E103', 'email')
  return email
}

export function favoritesOf(store: SetrowStore, email: string) {
  return [...(store.favorites.get(email)?.values() ?? [])].map((f) => ({
    productCode: f.productCode,
    productName: store.products.get(f.productCode)?.productName ?? '',
    addedAt: f.addedAt,
  }))
}

export function addFavorite(
  store: SetrowStore,
  item: { email: string; productCode: string },
  now: string,
): Outcome {
  const email = normalEmail(item.email)
  if (!email) return 'E103'
  if (!store.products.has(item.productCode)) return 'E112'
  const list = store.favorites.get(email) ?? new Map()
  if (list.has(item.productCode)) return 'E114'
  list.set(item.productCode, { productCode: item.productCode, addedAt: now })
  store.favorites.set(email, list)
  return 'added'
}

export function removeFavorite(
  store: SetrowStore,
  item: { email: string; productCode: string },
): Outcome {
  const email = normalEmail(item.email)
  if (!email) return 'E103'
  return store.favorites.get(email)?.delete(item.productCode) ? 'deleted' : 'E143'
}

export function basketOf(store: SetrowStore, email: string) {
  return [...(store.baskets.get(email)?.values() ?? [])]
}

export function addToBasket(
  store: SetrowStore,
  item: { email: string; productCode: string; quantity?: number | undefined; price?: number },
  now: string,
): Outcome {
  const email = normalEmail(item.email)
  if (!email) return 'E103'
  const basket = store.baskets.get(email) ?? new Map()
  const product = store.products.get(item.productCode)
  const existing = basket.get(item.productCode)
  basket.set(item.productCode, {
    productCode: item.productCode,
    quantity: item.quantity ?? 1,
    price: item.price ?? existing?.price ?? product?.salePrice ?? 0,
    addedAt: existing?.addedAt ?? now,
  })
  store.baskets.set(email, basket)
  return existing ? 'updated' : 'added'
}

/** One line, or the whole basket without a product code; nothing to remove is not an error. */
export function removeFromBasket(
  store: SetrowStore,
  item: { email: string; productCode?: string | undefined },
): Outcome {
  const email = normalEmail(item.email)
  if (!email) return 'E103'
  if (item.productCode === undefined) store.baskets.delete(email)
  else store.baskets.get(email)?.delete(item.productCode)
  return 'deleted'
}

export function ordersOf(store: SetrowStore, email: string) {
  const out = []
  for (const { email: owner, ...order } of store.orders.values())
    if (owner === email) out.push(order)
  return out.sort((a, b) => b.orderDate.localeCompare(a.orderDate))
}

export function saveOrder(store: SetrowStore, item: OrderInput): Outcome {
  const email = normalEmail(item.email)
  if (!email) return 'E103'
  const existing = store.orders.get(item.orderId)
  store.orders.set(item.orderId, {
    orderId: item.orderId,
    email,
    orderDate: stampText(item.orderDate),
    status: item.status ?? existing?.status ?? 'new',
    totalPrice: item.totalPrice,
    currency: item.currency ?? 'TRY',
    products: item.products.map((line) => ({
      productCode: line.productCode,
      productName:
        line.productName ?? store.products.get(line.productCode)?.productName ?? line.productCode,
      quantity: line.quantity,
      price: line.price,
    })),
  })
  return existing ? 'updated' : 'added'
}

export function setOrderStatus(
  store: SetrowStore,
  item: { orderId: string; status: string },
): Outcome {
  const order = store.orders.get(item.orderId)
  if (!order) return 'E144'
  order.status = item.status
  return 'updated'
}

export function deleteOrder(store: SetrowStore, item: { orderId: string }): Outcome {
  return store.orders.delete(item.orderId) ? 'deleted' : 'E144'
}
