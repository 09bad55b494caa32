/**
 * Orders: the list and the detail as the document prints them, and the life cycle rules of
 * order-confirm and order-cancel. Checks run in the order README.md gives: the request's own
 * parameters, then whether the order exists, then its state.
 */
import type { RawJson } from '../../../emulator/json.ts'
import { memoRows } from '../../../emulator/memo.ts'
import { firstIndex } from '../../../emulator/sorted.ts'
import type { NarwooErrorKey } from '../errors.ts'
import type { WireOrderDetail, WireOrderSummary } from '../schemas.ts'
import { commaMoney, dotMoney, slug, wallClockText } from './format.ts'
import type { NarwooStore, OrderLine, StoredOrder } from './store.ts'

export function orderTotal(order: StoredOrder): number {
  return Math.round(order.lines.reduce((sum, l) => sum + lineTotal(l), 0) * 100) / 100
}

function lineTotal(line: OrderLine): number {
  return line.unitPrice * line.quantity + line.cargoPrice
}

/**
 * One page of the orders placed within [from, until], bounds as Türkiye wall-clock text, newest
 * first. The store keeps them sorted, so the window is found by halving, not by reading them all.
 */
export function ordersBetween(
  store: NarwooStore,
  from: Date,
  until: Date,
  { offset = 0, limit = Infinity }: { offset?: number; limit?: number } = {},
): StoredOrder[] {
  const start = wallClockText(from)
  const end = wallClockText(until)
  const first = firstIndex(store.orders, (o) => o.placedAt <= end)
  const after = firstIndex(store.orders, (o) => o.placedAt < start)
  return store.orders.slice(first + offset, Math.min(after, first + offset + limit))
}

export function toWireSummary(order: StoredOrder): WireOrderSummary {
  return {
    order_number: order.orderNumber,
    order_price: dotMoney(orderTotal(order)),
    order_currency: order.currency,
    order_date: order.placedAt,
    order_payment_status: String(order.paymentStatus),
  }
}

/**
 * Orders' summaries as cached JSON, each made again only when a field it shows changes: the order
 * list then splices texts instead of serialising 100 objects per call.
 */
export function summariesJson(orders: readonly StoredOrder[]): RawJson | RawJson[] {
  return memoRows(orders, SUMMARY_SHOWS, toWireSummary)
}

const SUMMARY_SHOWS = ['orderNumber', 'placedAt', 'currency', 'paymentStatus', 'lines'] as const

const SITE = 'https://www.narwoo.com'

export function toWireDetail(store: NarwooStore, order: StoredOrder): WireOrderDetail {
  const { invoice: inv, delivery: del } = order
  return {
    order_number: order.orderNumber,
    order_total_price: dotMoney(orderTotal(order)),
    order_currency: order.currency,
    order_date: order.placedAt,
    order_payment_type: String(order.paymentType),
    order_payment_status: String(order.paymentStatus),
    order_canceled: order.canceled ? '1' : '0',
    customer: order.customer,
    order_addresses: {
      invoice: {
        invoice_recipient_name: inv.name,
        invoice_recipient_surname: inv.surname,
        invoice_country: inv.country,
        invoice_zone: inv.zone,
        invoice_town: inv.town,
        invoice_address: inv.address,
        invoice_zipcode: inv.zipcode,
      },
      delivery: {
        delivery_recipient_name: del.name,
        delivery_recipient_surname: del.surname,
        delivery_country: del.country,
        delivery_zone: del.zone,
        delivery_town: del.town,
        delivery_address: del.address,
        delivery_zipcode: del.zipcode,
      },
    },
    order_products: order.lines.map((line) => toWireLine(store, line)),
  }
}

function toWireLine(
  store: NarwooStore,
  line: OrderLine,
): WireOrderDetail['order_products'][number] {
  const product = store.product(line.productId)
  const unit = product?.variants.find((v) => v.sku === line.sku && v.sku !== '')
  const stock = product && !product.deleted ? (unit?.stock ?? product.stock) : 0
  const name = slug(line.name)
  const variant = line.variant
  return {
    product_name: line.name,
    product_link: `${SITE}/detail/${name}-${line.productId}`,
    product_image_link: line.image,
    product_category: line.categoryName,
    product_barcode: line.barcode,
    product_code: line.code,
    product_quantity: String(line.quantity),
    product_single_price: commaMoney(line.unitPrice),
    product_single_old_price: dotMoney(line.oldPrice),
    product_cargo_price: commaMoney(line.cargoPrice),
    product_total_price: commaMoney(lineTotal(line)),
    product_currency_symbol: '₺',
    product_stock: String(stock),
    product_cargo_option: String(line.cargoOption),
    product_sku: line.sku,
    product_selected_variant: variant
      ? {
          variant_name: variant.options.map((o) => o.value).join(' - '),
          variant_price: dotMoney(variant.price),
          variant_stock: String(stock),
          variant_type: variant.options.map((o) => o.name).join(' - '),
          variant_sku: line.sku,
          variant_barcode: line.barcode,
          variant_option_list: variant.options.map((o) => ({
            option_name: o.name,
            option_value: o.value,
          })),
        }
      : {
          variant_name: null,
          variant_price: null,
          variant_stock: null,
          variant_type: null,
          variant_sku: null,
          variant_barcode: null,
          variant_option_list: [null],
        },
  }
}

export type Outcome = { ok: true } | { ok: false; error: NarwooErrorKey }
const ok: Outcome = { ok: true }
const refuse = (error: NarwooErrorKey): Outcome => ({ ok: false, error })

/** The order, or the reason there is none: 8 for no number, 9 for an unknown one. */
export function findOrder(
  store: NarwooStore,
  orderNumber: string,
): { order: StoredOrder } | { error: NarwooErrorKey } {
  if (!orderNumber.trim()) return { error: 'orderNumberMissing' }
  const order = store.order(orderNumber)
  return order ? { order } : { error: 'orderNotFound' }
}

/**
 * order-confirm: 10 cancelled, 11 not paid, 4 already confirmed, 17 a return is open, 5 when a
 * line's product has since been deleted (nothing is confirmed then; assumed).
 */
export function confirmOrder(store: NarwooStore, order: StoredOrder): Outcome {
  if (order.canceled) return refuse('orderCancelled')
  if (order.paymentStatus !== 2) return refuse('notPaid')
  if (order.confirmed) return refuse('alreadyConfirmed')
  if (order.hasReturn) return refuse('hasReturn')
  const confirmable = (line: OrderLine) => {
    const product = store.product(line.productId)
    return product !== undefined && !product.deleted
  }
  if (!order.lines.every(confirmable)) return refuse('notAllConfirmed')
  order.confirmed = true
  return ok
}

/**
 * order-cancel: a reason is required (42); 10 already cancelled, 17 a return is open, 16 once a
 * cargo number is on the order (the parcel may be on its way; assumed).
 */
export function cancelOrder(order: StoredOrder, reason: string): Outcome {
  if (order.canceled) return refuse('orderCancelled')
  if (order.hasReturn) return refuse('hasReturn')
  if (order.cargo) return refuse('cargoNumberExists')
  order.canceled = true
  order.cancelReason = reason.trim()
  return ok
}
