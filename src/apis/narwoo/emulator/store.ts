/**
 * One Narwoo seller's state: products, orders and login tokens. The rules live in the domain
 * modules (`products.ts`, `orders.ts`, `cargo.ts`); this holds the data and its indexes.
 */
import type { CurrencyCode, ProductStatus } from '../schemas.ts'

export interface NameValue {
  name: string
  value: string
}

export interface StoredVariant {
  sku: string
  barcode: string
  price: number
  stock: number
  image: string
  attributes: NameValue[]
}

export interface StoredProduct {
  productId: number
  categoryId: number
  title: string
  description: string
  brandName: string
  /** the main product is itself one variant combination: its own sku, barcode, price and stock */
  sku: string
  barcode: string
  price: number
  /** 0 when there is no discount */
  salePrice: number
  currency: CurrencyCode
  stock: number
  cargoOption: 0 | 1
  cargoCompanyName: string
  cargoPrice: number
  minSaleQuantity: number
  maxCargoTime: number
  maxProductQuantityForCargoPrice: number
  images: { url: string; prime: boolean }[]
  /** as the seller wrote them; the variant attributes give the main product's combination */
  attributes: NameValue[]
  variants: StoredVariant[]
  status: ProductStatus
  /** deleted products stay for the orders that name them, and are listed nowhere */
  deleted: boolean
  createdAt: string
  updatedAt: string
}

export interface Address {
  name: string
  surname: string
  country: string
  zone: string
  town: string
  address: string
  zipcode: string
}

export interface OrderLine {
  productId: number
  name: string
  categoryName: string
  /** the main product's stock code, the document's `product_code` */
  code: string
  /** the unit bought: the main product's or a variant's sku and barcode */
  sku: string
  barcode: string
  /** the shop window image as the order detail links it (`…/imgbuffer?src=…&w=80&h=60`) */
  image: string
  quantity: number
  unitPrice: number
  /** the price before a discount, 0 when there was none */
  oldPrice: number
  cargoOption: 0 | 1
  cargoPrice: number
  /** null when the product was bought without choosing a variant */
  variant: { price: number; options: NameValue[] } | null
}

export type Cargo =
  | { integration: false; company: string; number: string; createdAt: string }
  | {
      integration: true
      company: string
      number: string
      labelKey: string
      /** Türkiye wall-clock time; the carrier's status follows from its age */
      createdAt: string
    }

export interface StoredOrder {
  orderNumber: string
  /** Türkiye wall-clock time, `2020-08-28 14:24:46` */
  placedAt: string
  currency: string
  paymentType: 0 | 1
  paymentStatus: 0 | 1 | 2
  canceled: boolean
  cancelReason: string
  confirmed: boolean
  /** a buyer's return (iade) is open on one of the lines */
  hasReturn: boolean
  customer: { name: string; surname: string; email: string }
  invoice: Address
  delivery: Address
  lines: OrderLine[]
  cargo: Cargo | null
}

export interface NarwooData {
  products: StoredProduct[]
  orders: StoredOrder[]
  /** token → issue time in ms */
  tokens: [string, number][]
  nextProductId: number
  /** the running part of the next UPS shipment number */
  nextShipment: number
}

export class NarwooStore {
  /** by id, ascending: the product list's order */
  readonly products: StoredProduct[]
  /** newest first */
  readonly orders: StoredOrder[]
  nextProductId: number
  nextShipment: number
  private readonly tokens: Map<string, number>
  private readonly productsById = new Map<number, StoredProduct>()
  private readonly ordersByNumber = new Map<string, StoredOrder>()

  constructor(data: NarwooData) {
    this.products = [...data.products].sort((a, b) => a.productId - b.productId)
    this.orders = [...data.orders].sort((a, b) => b.placedAt.localeCompare(a.placedAt))
    this.tokens = new Map(data.tokens)
    this.nextProductId = data.nextProductId
    this.nextShipment = data.nextShipment
    for (const product of this.products) this.productsById.set(product.productId, product)
    for (const order of this.orders) this.ordersByNumber.set(order.orderNumber, order)
  }

  product(id: number): StoredProduct | undefined {
    return this.productsById.get(id)
  }

  /** Products the seller has (not deleted), by id. */
  liveProducts(): StoredProduct[] {
    return this.products.filter((p) => !p.deleted)
  }

  /** Adds a new product or replaces the one with its id. */
  putProduct(product: StoredProduct): void {
    const existing = this.productsById.get(product.productId)
    if (existing) this.products[this.products.indexOf(existing)] = product
    else this.products.push(product)
    this.productsById.set(product.productId, product)
  }

  order(orderNumber: string): StoredOrder | undefined {
    return this.ordersByNumber.get(orderNumber.trim())
  }

  issueToken(token: string, nowMs: number, lifetimeMs: number): void {
    // forget the expired ones so that repeated logins do not grow the state
    for (const [known, issuedAt] of this.tokens)
      if (nowMs - issuedAt >= lifetimeMs) this.tokens.delete(known)
    this.tokens.set(token, nowMs)
  }

  /** Whether a token was issued and is younger than the lifetime now. */
  tokenValid(token: string, nowMs: number, lifetimeMs: number): boolean {
    const issuedAt = this.tokens.get(token)
    return issuedAt !== undefined && nowMs - issuedAt < lifetimeMs
  }

  toJSON(): NarwooData {
    return {
      products: this.products,
      orders: this.orders,
      tokens: [...this.tokens],
      nextProductId: this.nextProductId,
      nextShipment: this.nextShipment,
    }
  }
}
