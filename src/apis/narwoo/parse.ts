/**
 * Narwoo's wire records as a caller wants them: numbers as numbers (`"20,00"` and `"180.00"` both
 * read), dates as `Date`, a main product and its variants as one object. The raw shapes stay what
 * the client's operations return; these are the helpers' view.
 */
import { parseDateText } from '../../core/schema.ts'
import {
  currencies,
  type CurrencyCode,
  type NewMainProduct,
  type ProductStatus,
  type VariantInput,
  type WireOrderDetail,
  type WireOrderSummary,
  type WireProduct,
} from './schemas.ts'

/** `"1.234,56"`, `"20,00"`, `"180.00"`, `"35"` → a number; NaN for anything else. */
export function parseAmount(text: string | null | undefined): number {
  const trimmed = (text ?? '').trim()
  if (/^-?\d{1,3}(\.\d{3})*,\d+$|^-?\d+,\d+$/.test(trimmed))
    return Number(trimmed.replace(/\./g, '').replace(',', '.'))
  return /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : NaN
}

/** `"2020-08-28 14:24:46"` (Türkiye time) → a `Date` whose UTC fields show that time. */
export function parseNarwooTime(text: string): Date | undefined {
  return parseDateText(text, 'yyyy-mm-dd hh:mm:ss') ?? parseDateText(text, 'yyyy-mm-dd hh:mm')
}

export interface NarwooOrder {
  orderNumber: string
  total: number
  currency: string
  placedAt: Date | undefined
  /** 0 not paid, 1 payment failed, 2 paid */
  paymentStatus: number
  paid: boolean
}

export function parseOrder(wire: WireOrderSummary): NarwooOrder {
  const paymentStatus = Number(wire.order_payment_status)
  return {
    orderNumber: wire.order_number,
    total: parseAmount(wire.order_price),
    currency: wire.order_currency,
    placedAt: parseNarwooTime(wire.order_date),
    paymentStatus,
    paid: paymentStatus === 2,
  }
}

export interface NarwooOrderLine {
  name: string
  sku: string
  barcode: string
  code: string
  category: string
  quantity: number
  unitPrice: number
  oldPrice: number
  cargoPrice: number
  total: number
  stock: number
  /** who pays the cargo: 0 seller, 1 buyer */
  cargoOption: number
  link: string
  imageLink: string
  /** the variant bought, or null for a product without variants */
  variant: { name: string; options: { name: string; value: string }[] } | null
}

export interface NarwooOrderDetail extends Omit<NarwooOrder, 'paid'> {
  paid: boolean
  /** 0 EFT/Havale, 1 Kredi Kartı */
  paymentType: number
  canceled: boolean
  customer: { name: string; surname: string; email: string }
  invoiceAddress: WireOrderDetail['order_addresses']['invoice']
  deliveryAddress: WireOrderDetail['order_addresses']['delivery']
  lines: NarwooOrderLine[]
}

export function parseOrderDetail(wire: WireOrderDetail): NarwooOrderDetail {
  const summary = parseOrder({
    order_number: wire.order_number,
    order_price: wire.order_total_price,
    order_currency: wire.order_currency,
    order_date: wire.order_date,
    order_payment_status: wire.order_payment_status,
  })
  return {
    ...summary,
    paymentType: Number(wire.order_payment_type),
    canceled: wire.order_canceled === '1',
    customer: wire.customer,
    invoiceAddress: wire.order_addresses.invoice,
    deliveryAddress: wire.order_addresses.delivery,
    lines: wire.order_products.map((p) => {
      const v = p.product_selected_variant
      const options = v.variant_option_list.flatMap((o) =>
        o ? [{ name: o.option_name, value: o.option_value }] : [],
      )
      return {
        name: p.product_name,
        sku: p.product_sku,
        barcode: p.product_barcode,
        code: p.product_code,
        category: p.product_category,
        quantity: Number(p.product_quantity),
        unitPrice: parseAmount(p.product_single_price),
        oldPrice: parseAmount(p.product_single_old_price),
        cargoPrice: parseAmount(p.product_cargo_price),
        total: parseAmount(p.product_total_price),
        stock: Number(p.product_stock),
        cargoOption: Number(p.product_cargo_option),
        link: p.product_link,
        imageLink: p.product_image_link,
        variant: v.variant_name === null ? null : { name: v.variant_name, options },
      }
    }),
  }
}

export interface NarwooAttribute {
  name: string
  value: string
}

export interface NarwooVariant {
  sku: string
  barcode: string
  price: number
  stock: number
  attributes: NarwooAttribute[]
}

/** A main product with its variants, as product-list shows it, numbers parsed. */
export interface NarwooProduct {
  productId: number
  categoryId: number
  title: string
  sku: string
  barcode: string
  price: number
  currency: CurrencyCode
  currencyName: string
  stock: number
  brandName: string
  /** 0 seller pays the cargo, 1 buyer pays */
  cargoOption: number
  cargoCompanyName: string | undefined
  cargoPrice: number | undefined
  status: ProductStatus
  attributes: NarwooAttribute[]
  variants: NarwooVariant[]
}

const attributes = (list: { attributeName: string; attributeValue: string }[]) =>
  list.map((a) => ({ name: a.attributeName, value: a.attributeValue }))

export function parseProduct(wire: WireProduct): NarwooProduct {
  const currency = Number(wire.currency) as CurrencyCode
  return {
    productId: Number(wire.productId),
    categoryId: Number(wire.categoryId),
    title: wire.title,
    sku: wire.sku,
    barcode: wire.barcode,
    price: parseAmount(wire.price),
    currency,
    currencyName: currencies[currency] ?? wire.currency,
    stock: Number(wire.stock),
    brandName: wire.brandName,
    cargoOption: Number(wire.cargoOption),
    cargoCompanyName: wire.cargoCompanyName,
    cargoPrice: wire.cargoPrice === undefined ? undefined : parseAmount(wire.cargoPrice),
    status: wire.status,
    attributes: attributes(wire.attributes),
    variants: (wire.variants ?? []).map((v) => ({
      sku: v.sku,
      barcode: v.barcode,
      price: parseAmount(v.price),
      stock: Number(v.stock),
      attributes: attributes(v.attributes),
    })),
  }
}

/** What `products.save` takes: one main product and its variants, `productId` to edit. */
export interface ProductDraft extends Omit<
  NewMainProduct,
  'type' | 'images' | 'attributes' | 'quantity'
> {
  productId?: number
  /** the main product's own stock */
  quantity: number
  /** the first one is the shop window image unless one says `prime: true` */
  images: (string | { url: string; prime?: boolean })[]
  attributes?: NarwooAttribute[]
  variants?: {
    sku?: string
    barcode?: string
    price: number
    quantity: number
    image?: string
    attributes: NarwooAttribute[]
  }[]
}

/**
 * The `productList` Narwoo takes for one product: the main product, then its variants.
 * `attributeType` is left out: it restates the catalogue's `variantStatus`, which Narwoo knows.
 */
export function toProductList(draft: ProductDraft): (NewMainProduct | VariantInput)[] {
  const { main, variants } = productParts(draft)
  return [main, ...variants]
}

export function productParts(draft: ProductDraft): {
  main: NewMainProduct
  variants: VariantInput[]
} {
  const { productId: _id, images, attributes = [], variants = [], ...fields } = draft
  const anyPrime = images.some((i) => typeof i !== 'string' && i.prime)
  const pairs = (list: NarwooAttribute[]) =>
    list.map((a) => ({ attributeName: a.name, attributeValue: a.value }))
  return {
    main: {
      type: 'mainProduct',
      ...fields,
      images: images.map((image, i) => {
        const url = typeof image === 'string' ? image : image.url
        const prime = anyPrime ? typeof image !== 'string' && image.prime === true : i === 0
        return { url, prime: prime ? 1 : 0 }
      }),
      attributes: pairs(attributes),
    },
    variants: variants.map(({ attributes: list, ...variant }) => ({
      type: 'variant',
      ...variant,
      attributes: pairs(list),
    })),
  }
}
