/**
 * Seed data for a realistic Turkish shop: the shared catalogue as Softtr products, a customer
 * base, and orders over the last 12 months from all five sources. Deterministic for a seed and day.
 */
import { sharedCatalog, type CatalogProduct } from '../../../emulator/locale/tr-catalog.ts'
import {
  address,
  cities,
  companyName,
  emailFor,
  gsm,
  person,
  taxOffices,
  tcKimlikNo,
  vergiNo,
} from '../../../emulator/locale/tr.ts'
import {
  chance,
  fork,
  createRng,
  intBetween,
  pick,
  weightedPick,
  type Rng,
} from '../../../emulator/random.ts'
import type { SeedOptions } from '../../../emulator/types.ts'
import type { OrderSource, OrderStatus, Product } from '../schemas.ts'
import type { SofttrData, StoredOrder } from './store.ts'

const DAY = 86_400_000

export type SofttrSizes = { products: number; orders: number; customers: number }

export function generateSofttrData({ seed, now, sizes }: SeedOptions<SofttrSizes>): SofttrData {
  const rng = createRng(seed)
  // the products every emulator of this seed sells, whatever the other sizes
  const catalog = sharedCatalog(seed, sizes.products)
  rng() // the draw the catalogue once took from this stream: customers and orders stay as they were
  const products = catalog.map(toProduct)
  const customers = Array.from({ length: Math.max(1, sizes.customers) }, () =>
    customer(fork(rng, 'customer')),
  )
  // a day's anchor keeps the data identical for every run on the same day
  const anchor = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())
  const orderRng = fork(rng, 'orders')
  const used = new Set<string>()
  const orders: StoredOrder[] = []
  for (let i = 0; i < sizes.orders && products.length; i++) {
    // a few customers order often, most once or twice
    const buyer = customers[Math.floor(orderRng() ** 2.2 * customers.length)]!
    orders.push(order(orderRng, buyer, catalog, anchor, used))
  }
  return { orders, products }
}

function toProduct(item: CatalogProduct, index: number): Product {
  const variants = item.variants.map((v, i) => ({
    variantId: (index + 1) * 100 + i + 1,
    barcode: v.barcode,
    stockCode: v.sku,
    variantPrice: v.priceDelta ? round(item.price + v.priceDelta) : 0,
    stockAmount: v.stock,
    options: v.options,
  }))
  return {
    productId: index + 1,
    code: item.code,
    barcode: item.barcode,
    title_tr: item.title,
    brandName: item.brand,
    products_cat_associate: item.categoryPath.join(' > '),
    mainProductPrice: item.price,
    currency: 'TRY',
    taxRate: item.taxRate,
    stockAmount: variants.length ? variants.reduce((sum, v) => sum + v.stockAmount, 0) : item.stock,
    desi: item.desi,
    picture: item.image,
    variants,
  }
}

interface Customer {
  name: string
  email: string
  gsm: string
  phone: string
  city: string
  district: string
  address: string
  civId: string
  company?: { title: string; taxId: string; taxOffice: string }
}

/** Landline area codes of the biggest cities; elsewhere the invoice phone is the GSM. */
const areaCodes: Record<string, readonly number[]> = {
  İstanbul: [212, 216],
  Ankara: [312],
  İzmir: [232],
  Bursa: [224],
  Antalya: [242],
  Adana: [322],
  Konya: [332],
  Kocaeli: [262],
  Gaziantep: [342],
}

function customer(rng: Rng): Customer {
  const who = person(rng)
  const city = weightedPick(rng, cities)
  const mobile = gsm(rng)
  return {
    name: `${who.firstName} ${who.lastName}`,
    email: emailFor(rng, who.firstName, who.lastName),
    gsm: mobile,
    phone:
      city.name in areaCodes && chance(rng, 0.2)
        ? `0${pick(rng, areaCodes[city.name]!)}${intBetween(rng, 2000000, 9999999)}`
        : mobile,
    city: city.name,
    district: pick(rng, city.districts),
    address: address(rng),
    civId: chance(rng, 0.6) ? tcKimlikNo(rng) : '',
    ...(chance(rng, 0.15)
      ? {
          company: {
            title: companyName(rng, who.lastName),
            taxId: vergiNo(rng),
            taxOffice: pick(rng, taxOffices),
          },
        }
      : {}),
  }
}

const sources: readonly { value: OrderSource; weight: number }[] = [
  { value: 'WEBSITE', weight: 45 },
  { value: 'TRENDYOL', weight: 25 },
  { value: 'HEPSIBURADA', weight: 15 },
  { value: 'N11', weight: 10 },
  { value: 'CICEKSEPETI', weight: 5 },
]
const payments = [
  { value: 'Kredi Kartı', weight: 70 },
  { value: 'Havale/EFT', weight: 14 },
  { value: 'Kapıda Ödeme', weight: 10 },
  { value: 'Kapıda Kredi Kartı', weight: 6 },
]
const coupons = ['HOSGELDIN10', 'YAZ25', 'SEPETTE15', 'KARGOBEDAVA', 'SOFTTR1']
const partners = ['INSTAGRAM', 'BLOGGER01', 'SOFTTR', 'AFILI']

function order(
  rng: Rng,
  buyer: Customer,
  catalog: CatalogProduct[],
  anchor: number,
  used: Set<string>,
): StoredOrder {
  // more orders in recent months: a shop that grows
  const age = Math.floor(365 * DAY * (1 - Math.sqrt(rng())))
  const placedAt = new Date(anchor - age - intBetween(rng, 1, DAY - 1))
  const source = weightedPick(rng, sources).value
  const items = Array.from(
    {
      length: weightedPick(rng, [
        { n: 1, weight: 55 },
        { n: 2, weight: 28 },
        { n: 3, weight: 12 },
        { n: 4, weight: 5 },
      ]).n,
    },
    () => orderItem(rng, pick(rng, catalog)),
  )
  const subtotal = round(items.reduce((sum, i) => sum + i.itemUnitPrice * i.itemQuantity, 0))
  const coupon = source === 'WEBSITE' && chance(rng, 0.12) ? pick(rng, coupons) : ''
  const discount = coupon ? round(subtotal * 0.1) : 0
  const cargoCharge =
    subtotal - discount >= 500 || coupon === 'KARGOBEDAVA' ? 0 : pick(rng, [29.9, 39.9, 49.9])
  const taxAmount = round(
    items.reduce(
      (sum, i) => sum + (i.itemUnitPrice * i.itemQuantity * i.itemTaxRate) / (100 + i.itemTaxRate),
      0,
    ),
  )
  const gift = chance(rng, 0.12) ? person(rng) : undefined
  const c = buyer.company
  return {
    orderno: orderNumber(rng, placedAt, used),
    orderAmount: round(subtotal - discount + cargoCharge),
    cargoCharge,
    taxAmount,
    discount_coupon: coupon,
    partner_code: source === 'WEBSITE' && chance(rng, 0.06) ? pick(rng, partners) : '',
    orderSource: source,
    paymentType: source === 'WEBSITE' ? weightedPick(rng, payments).value : 'Kredi Kartı',
    shipmentDetails: {
      shipmentName: gift ? `${gift.firstName} ${gift.lastName}` : buyer.name,
      shipmentAddress: gift ? address(rng) : buyer.address,
      shipmentDistrict: buyer.district,
      shipmentCity: buyer.city,
      shipmentGsm: gift ? gsm(rng) : buyer.gsm,
    },
    invoiceDetails: {
      invoiceName: buyer.name,
      invoiceCompanyTitle: c?.title ?? '',
      invoiceTaxID: c?.taxId ?? '',
      invoiceTaxOffice: c?.taxOffice ?? '',
      invoiceAddress: buyer.address,
      invoiceDistrict: buyer.district,
      invoiceCity: buyer.city,
      invoiceGsm: buyer.gsm,
      invoicePhone: buyer.phone,
      invoiceMail: buyer.email,
    },
    items,
    placedAt: placedAt.toISOString(),
    status: statusFor(rng, age),
    invoiceCivID: c ? '' : buyer.civId,
  }
}

function orderItem(rng: Rng, product: CatalogProduct) {
  const variant = product.variants.length ? pick(rng, product.variants) : undefined
  const label = variant ? ` ${variant.options.map((o) => o.value).join(' / ')}` : ''
  return {
    itemTitle: product.title + label,
    itemBrand: product.brand,
    itemCode: product.code,
    itemTaxRate: product.taxRate,
    itemQuantity: chance(rng, 0.85) ? 1 : intBetween(rng, 2, 3),
    itemUnitPrice: round(product.price + (variant?.priceDelta ?? 0)),
  }
}

/** `ddmmyyyyhhmmss-XYZ`, as the seed's examples (`01092022001221-AIK`). */
/** The time part of an order number, `ddmmyyyyhhmmss`. */
export function orderStamp(at: Date): string {
  const p = (n: number) => String(n).padStart(2, '0')
  return `${p(at.getUTCDate())}${p(at.getUTCMonth() + 1)}${at.getUTCFullYear()}${p(at.getUTCHours())}${p(at.getUTCMinutes())}${p(at.getUTCSeconds())}`
}

function orderNumber(rng: Rng, at: Date, used: Set<string>): string {
  const stamp = orderStamp(at)
  for (;;) {
    const letters = Array.from({ length: 3 }, () =>
      String.fromCharCode(65 + Math.floor(rng() * 26)),
    ).join('')
    const candidate = `${stamp}-${letters}`
    if (!used.has(candidate)) {
      used.add(candidate)
      return candidate
    }
  }
}

function statusFor(rng: Rng, ageMs: number): OrderStatus {
  const days = ageMs / DAY
  if (days < 1) return pick(rng, ['WAITING', 'WAITING', 'PREPARING'])
  if (days < 3) return pick(rng, ['PREPARING', 'PENDING', 'SHIPPED'])
  if (days < 8) return pick(rng, ['SHIPPED', 'SHIPPED', 'DELIVERED'])
  return weightedPick(rng, [
    { s: 'DELIVERED' as const, weight: 88 },
    { s: 'RETURNED' as const, weight: 5 },
    { s: 'CANCEL' as const, weight: 7 },
  ]).s
}

function round(n: number): number {
  return Math.round(n * 100) / 100
}
