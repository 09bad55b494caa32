/** Softtr's emulated shop: orders and products, with the rules of the seed (see ../README.md). */
import type { RawJson } from '../../../emulator/json.ts'
import { memoRows } from '../../../emulator/memo.ts'
import { firstIndex } from '../../../emulator/sorted.ts'
import type { OrderDetail, OrderStatus, OrderSummary, Product, ProductVariant } from '../schemas.ts'

export interface StoredOrder extends OrderDetail {
  /** when the order was placed (ISO); its wall-clock fields are the shop's local time */
  placedAt: string
  status: OrderStatus
  /** the summary's "TC Kimlik Numarası", which the detail does not carry */
  invoiceCivID: string
}

export interface SofttrData {
  orders: StoredOrder[]
  products: Product[]
}

export interface Page<C> {
  count: number
  pageCount: number
  size: number
  page: number
  content: C
}

export type StockAndPrice = {
  barcode: string
  mainProductPrice: number
  variantPrice: number
  stockAmount: number
}

export class SofttrStore {
  /** newest first */
  readonly orders: StoredOrder[]
  readonly products: Product[]
  private readonly ordersByNo = new Map<string, StoredOrder>()
  private readonly stockUnits = new Map<string, { product: Product; variant?: ProductVariant }>()

  constructor(data: SofttrData) {
    this.orders = [...data.orders].sort((a, b) =>
      a.placedAt < b.placedAt ? 1 : a.placedAt > b.placedAt ? -1 : 0,
    )
    this.products = data.products
    for (const order of this.orders) this.ordersByNo.set(order.orderno, order)
    for (const product of this.products) {
      if (product.barcode) this.stockUnits.set(product.barcode, { product })
      for (const variant of product.variants)
        this.stockUnits.set(variant.barcode, { product, variant })
    }
  }

  listOrders(query: {
    page: number
    pageSize: number
    startDate?: Date | undefined
    endDate?: Date | undefined
  }): Page<RawJson | RawJson[]> {
    const from = query.startDate?.toISOString()
    // the end date is a whole day: everything before the next midnight
    const until = query.endDate
      ? new Date(query.endDate.getTime() + 86_400_000).toISOString()
      : undefined
    // newest first: the window is a run of the list, found by halving
    const start = until ? firstIndex(this.orders, (o) => o.placedAt < until) : 0
    const end = from ? firstIndex(this.orders, (o) => o.placedAt < from) : this.orders.length
    const matching = from || until ? this.orders.slice(start, Math.max(start, end)) : this.orders
    // a summary shows nothing that changes after the order is placed: its JSON is made once
    return paginate(matching, query.page, query.pageSize, (orders) =>
      memoRows(orders, NOTHING, toSummary),
    )
  }

  order(orderno: string): StoredOrder | undefined {
    return this.ordersByNo.get(orderno)
  }

  /** All or nothing: any unknown order number rejects the whole batch and changes nothing. */
  updateStatuses(items: readonly { orderno: string; status: OrderStatus }[]): {
    unknown: string[]
  } {
    const unknown = [
      ...new Set(items.filter((i) => !this.ordersByNo.has(i.orderno)).map((i) => i.orderno)),
    ]
    if (unknown.length) return { unknown }
    for (const item of items) this.ordersByNo.get(item.orderno)!.status = item.status
    return { unknown }
  }

  listProducts(query: { page: number; pageSize: number }): Page<Product[]> {
    return paginate(this.products, query.page, query.pageSize, (products) => products)
  }

  stockUnit(barcode: string) {
    return this.stockUnits.get(barcode)
  }

  /**
   * All or nothing, like status updates. A variant's barcode sets that variant's stock and price and
   * its product's main price; a product's own barcode sets its stock and main price.
   */
  updateStockAndPrice(items: readonly StockAndPrice[]): { unknown: string[] } {
    const unknown = [
      ...new Set(items.filter((i) => !this.stockUnits.has(i.barcode)).map((i) => i.barcode)),
    ]
    if (unknown.length) return { unknown }
    const touched = new Set<Product>()
    for (const item of items) {
      const { product, variant } = this.stockUnits.get(item.barcode)!
      product.mainProductPrice = item.mainProductPrice
      if (variant) {
        variant.variantPrice = item.variantPrice
        variant.stockAmount = item.stockAmount
      } else {
        product.stockAmount = item.stockAmount
      }
      touched.add(product)
    }
    for (const product of touched) {
      if (product.variants.length)
        product.stockAmount = product.variants.reduce((sum, v) => sum + v.stockAmount, 0)
    }
    return { unknown }
  }

  toJSON(): SofttrData {
    return { orders: this.orders, products: this.products }
  }
}

export function toSummary(order: StoredOrder): OrderSummary {
  const { invoiceDetails: inv, shipmentDetails: ship } = order
  return {
    orderno: order.orderno,
    orderAmount: order.orderAmount,
    invoiceName: inv.invoiceName,
    invoiceTitle: inv.invoiceCompanyTitle,
    invoiceTaxOffice: inv.invoiceTaxOffice,
    invoiceTaxID: inv.invoiceTaxID,
    invoiceCivID: order.invoiceCivID,
    invoiceAddress: inv.invoiceAddress,
    invoiceDistrict: inv.invoiceDistrict,
    invoiceCity: inv.invoiceCity,
    shipmentName: ship.shipmentName,
    shipmentAddress: ship.shipmentAddress,
    shipmentDistrict: ship.shipmentDistrict,
    shipmentCity: ship.shipmentCity,
    orderSource: order.orderSource,
  }
}

/** The answer's detail: the stored order without kopru's bookkeeping fields. */
export function toDetail(order: StoredOrder): OrderDetail {
  const { placedAt: _placedAt, status: _status, invoiceCivID: _civ, ...detail } = order
  return detail
}

function paginate<T, C>(
  items: readonly T[],
  page: number,
  size: number,
  content: (slice: T[]) => C,
): Page<C> {
  const start = (page - 1) * size
  return {
    count: items.length,
    pageCount: Math.ceil(items.length / size),
    size,
    page,
    content: content(items.slice(start, start + size)),
  }
}

// a summary shows nothing that changes after the order is placed
const NOTHING = [] as const
