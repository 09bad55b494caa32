/**
 * Seed data for a realistic Turkish seller on Narwoo: the shared catalogue placed in the
 * marketplace's categories with options and brands, and orders over the last six months across
 * payment states, confirmations, cancellations, returns and cargo. Deterministic for a seed and day.
 */
import { sharedCatalog, type CatalogProduct } from '../../../emulator/locale/tr-catalog.ts'
import { address, cities, emailFor, person } from '../../../emulator/locale/tr.ts'
import {
  chance,
  createRng,
  digits,
  fork,
  hex,
  intBetween,
  pick,
  weightedPick,
  type Rng,
} from '../../../emulator/random.ts'
import type { SeedOptions } from '../../../emulator/types.ts'
import { SHIPMENT_PREFIX } from './cargo.ts'
import { cargoCompanies, categoryById, categoryForPath, optionsOf } from './catalogue.ts'
import { slug, turkeyTime } from './format.ts'
import type {
  Address,
  Cargo,
  NameValue,
  NarwooData,
  OrderLine,
  StoredOrder,
  StoredProduct,
} from './store.ts'

const DAY = 86_400_000
const HOUR = 3_600_000
const SITE = 'https://www.narwoo.com'
/** orders reach back this far; order-list shows the last three months by default */
const HISTORY_DAYS = 180

export type NarwooSizes = { products: number; orders: number; customers: number }

export function generateNarwooData({ seed, now, sizes }: SeedOptions<NarwooSizes>): NarwooData {
  const rng = createRng(seed)
  // a day's anchor keeps the data identical for every run on the same day
  const anchor = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())
  // the products every emulator of this seed sells, whatever the other sizes
  const catalog = sharedCatalog(seed, sizes.products)
  rng() // the draw the catalogue once took from this stream: the streams below stay as they were
  const productRng = fork(rng, 'products')
  let productId = 3100
  const products = catalog.map((item) => {
    productId += intBetween(productRng, 1, 4)
    return toProduct(productRng, item, productId, anchor)
  })
  const customerRng = fork(rng, 'customers')
  const customers = Array.from({ length: Math.max(1, sizes.customers) }, () =>
    customer(customerRng),
  )
  // pending and denied products were never on sale
  const sold = products
    .map((product, i) => ({ product, item: catalog[i]! }))
    .filter(({ product }) => product.status !== 'pending' && product.status !== 'denied')
  const orderRng = fork(rng, 'orders')
  const used = new Set<string>()
  const shipments = { next: 500 }
  const orders: StoredOrder[] = []
  for (let i = 0; i < sizes.orders && sold.length; i++) {
    // a few customers order often, most once or twice
    const buyer = customers[Math.floor(orderRng() ** 2.2 * customers.length)]!
    orders.push(order(orderRng, buyer, sold, anchor, used, shipments))
  }
  return {
    products,
    orders,
    tokens: [],
    nextProductId: productId + intBetween(productRng, 1, 4),
    nextShipment: shipments.next,
  }
}

function toProduct(rng: Rng, item: CatalogProduct, id: number, anchor: number): StoredProduct {
  const category = categoryForPath(item.categoryPath)
  const plain: NameValue[] = optionsOf(category)
    .filter((o) => !o.variantStatus)
    .map((o) => ({ name: o.name, value: pick(rng, o.values).name }))
  // the main product is the first combination; the others are its variants
  const [first, ...rest] = item.variants
  const name = slug(item.title)
  const image = (n: number) => `${SITE}/uploads/product/${id}-${name}-${n}.jpg`
  const imageCount = intBetween(rng, 1, 4)
  const buyerPays = chance(rng, 0.4)
  const price = round(item.price + (first?.priceDelta ?? 0))
  return {
    productId: id,
    categoryId: category.id,
    title: item.title,
    description: item.description,
    brandName: item.brand,
    sku: first?.sku ?? item.code,
    barcode: first?.barcode ?? item.barcode,
    price,
    salePrice: chance(rng, 0.2) ? Math.max(1, Math.round(price * 0.85)) - 0.01 : 0,
    currency: 1,
    stock: first?.stock ?? item.stock,
    cargoOption: buyerPays ? 1 : 0,
    cargoCompanyName: buyerPays ? pick(rng, cargoCompanies).name : '',
    cargoPrice: buyerPays ? pick(rng, [29.9, 34.9, 39.9, 49.9]) : 0,
    minSaleQuantity: 1,
    maxCargoTime: intBetween(rng, 0, 3),
    maxProductQuantityForCargoPrice: intBetween(rng, 1, 5),
    images: Array.from({ length: imageCount }, (_, n) => ({ url: image(n + 1), prime: n === 0 })),
    attributes: [...plain, ...(first?.options ?? [])],
    variants: rest.map((v, n) => ({
      sku: v.sku,
      barcode: v.barcode,
      price: round(item.price + v.priceDelta),
      stock: v.stock,
      image: image(imageCount + n + 1),
      attributes: v.options,
    })),
    status: weightedPick(rng, [
      { s: 'active' as const, weight: 80 },
      { s: 'passive' as const, weight: 6 },
      { s: 'pending' as const, weight: 5 },
      { s: 'denied' as const, weight: 3 },
      { s: 'expired' as const, weight: 6 },
    ]).s,
    deleted: chance(rng, 0.03),
    createdAt: turkeyTime(anchor - intBetween(rng, HISTORY_DAYS + 10, 700) * DAY),
    updatedAt: turkeyTime(anchor - intBetween(rng, 1, HISTORY_DAYS) * DAY),
  }
}

interface Customer {
  name: string
  surname: string
  email: string
  address: Address
}

function customer(rng: Rng): Customer {
  const who = person(rng)
  return {
    name: who.firstName,
    surname: who.lastName,
    email: emailFor(rng, who.firstName, who.lastName),
    address: postal(rng, who.firstName, who.lastName),
  }
}

function postal(rng: Rng, name: string, surname: string): Address {
  const city = weightedPick(rng, cities)
  return {
    name,
    surname,
    country: 'Turkey',
    zone: city.name,
    town: pick(rng, city.districts),
    address: address(rng),
    // Turkish postcodes start with the province's plate number
    zipcode: `${String(city.plate).padStart(2, '0')}${String(intBetween(rng, 0, 999)).padStart(3, '0')}`,
  }
}

interface Sold {
  product: StoredProduct
  item: CatalogProduct
}

function order(
  rng: Rng,
  buyer: Customer,
  sold: Sold[],
  anchor: number,
  used: Set<string>,
  shipments: { next: number },
): StoredOrder {
  // more orders in recent months: a shop that grows
  const age = Math.floor(HISTORY_DAYS * DAY * (1 - Math.sqrt(rng()))) + intBetween(rng, 1, DAY - 1)
  const placed = anchor - age
  const days = age / DAY
  const count = weightedPick(rng, [
    { n: 1, weight: 65 },
    { n: 2, weight: 25 },
    { n: 3, weight: 10 },
  ]).n
  const chosen = new Set<Sold>()
  while (chosen.size < Math.min(count, sold.length)) chosen.add(pick(rng, sold))
  const paymentType = chance(rng, 0.78) ? 1 : 0
  const paymentStatus = paid(rng, paymentType, days)
  const canceled =
    paymentStatus === 1
      ? chance(rng, 0.8)
      : paymentStatus === 0
        ? days > 3 && chance(rng, 0.9)
        : chance(rng, 0.04)
  const active = paymentStatus === 2 && !canceled
  const confirmed = active && chance(rng, days < 1 ? 0.35 : days < 2 ? 0.75 : 0.97)
  const cargo = confirmed && days > 1 && chance(rng, 0.93) ? shipment(rng, placed, shipments) : null
  const gift = chance(rng, 0.12) ? person(rng) : undefined
  return {
    orderNumber: orderNumber(rng, placed, used),
    placedAt: turkeyTime(placed),
    currency: 'TRY',
    paymentType,
    paymentStatus,
    canceled,
    cancelReason: canceled ? pick(rng, cancelReasons) : '',
    confirmed,
    // returns follow delivery; a few buyers open one before the seller confirms
    hasReturn: cargo
      ? days > 7 && chance(rng, 0.05)
      : active && !confirmed && days > 1 && chance(rng, 0.2),
    customer: { name: buyer.name, surname: buyer.surname, email: buyer.email },
    invoice: buyer.address,
    delivery: gift ? postal(rng, gift.firstName, gift.lastName) : buyer.address,
    lines: [...chosen].map((s) => line(rng, s)),
    cargo,
  }
}

const cancelReasons = [
  'Stokta kalmadı',
  'Alıcı iptal talep etti',
  'Ödeme alınamadı',
  'Adres bilgisi eksik',
]

function paid(rng: Rng, paymentType: 0 | 1, days: number): 0 | 1 | 2 {
  if (paymentType === 1) return chance(rng, 0.96) ? 2 : 1
  return chance(rng, days < 2 ? 0.5 : 0.88) ? 2 : 0
}

function line(rng: Rng, { product, item }: Sold): OrderLine {
  const units = [
    { sku: product.sku, barcode: product.barcode, price: product.price, own: true },
    ...product.variants.map((v) => ({ ...v, own: false })),
  ]
  const unit = pick(rng, units)
  const axes = new Set(item.variants[0]?.options.map((o) => o.name) ?? [])
  const options = unit.own
    ? product.attributes.filter((a) => axes.has(a.name))
    : (product.variants.find((v) => v.sku === unit.sku)?.attributes ?? [])
  const discounted = unit.own && product.salePrice > 0
  const category = categoryById.get(product.categoryId)!
  return {
    productId: product.productId,
    name: product.title,
    categoryName: category.name,
    code: item.code,
    sku: unit.sku,
    barcode: unit.barcode,
    image: `${SITE}/imgbuffer?src=/uploads/product/${product.productId}-${slug(product.title)}-${product.productId}-${hex(rng, 10)}.jpg&w=80&h=60`,
    quantity: chance(rng, 0.85) ? 1 : 2,
    unitPrice: discounted ? product.salePrice : unit.price,
    oldPrice: discounted ? product.price : 0,
    cargoOption: product.cargoOption,
    cargoPrice: product.cargoPrice,
    variant: axes.size ? { price: unit.price, options } : null,
  }
}

const manualCarriers = cargoCompanies.filter((c) => c.name !== 'UPS')

function shipment(rng: Rng, placed: number, shipments: { next: number }): Cargo {
  const createdAt = turkeyTime(placed + intBetween(rng, 2, 30) * HOUR)
  if (chance(rng, 0.4)) {
    const labelKey = [8, 4, 4, 4, 12]
      .map((n) => hex(rng, n))
      .join('-')
      .toUpperCase()
    const number = SHIPMENT_PREFIX + String(shipments.next++).padStart(8, '0')
    return { integration: true, company: 'UPS', number, labelKey, createdAt }
  }
  const company = pick(rng, manualCarriers)
  return {
    integration: false,
    company: company.name,
    number: digits(rng, intBetween(rng, 10, 12)),
    createdAt,
  }
}

/** Twelve digits as the document's `123456789123`: the day, then six digits (assumed). */
function orderNumber(rng: Rng, at: number, used: Set<string>): string {
  const day = turkeyTime(at).slice(2, 10).replace(/-/g, '')
  for (;;) {
    const candidate = `${day}${digits(rng, 6)}`
    if (!used.has(candidate)) {
      used.add(candidate)
      return candidate
    }
  }
}

function round(n: number): number {
  return Math.round(n * 100) / 100
}
