/**
 * Narwoo for the sync engine: its orders and products as canonical records, and the stock and price
 * of the shop's units written onto the matching Narwoo products and variants. Narwoo's quirks
 * (numbers as text, comma prices, Türkiye wall-clock times without a zone) end here.
 *
 * @example
 * const narwoo = createNarwooClient({ userEmail, userPassword })
 * defineStream<Order>({ name: 'narwoo-orders', source: narwooOrdersSource(narwoo), sink })
 * defineStream<StockLevel>({ name: 'narwoo-stock', source, sink: narwooStockSink(narwoo) })
 */
import { customerKey, orderFacts, type OrderFacts } from '../../model/customers.ts'
import { z } from 'zod'
import { VendorApiError, isRefusal } from '../../core/errors.ts'
import { mapConcurrent } from '../../core/limits.ts'
import { formatDateText } from '../../core/schema.ts'
import type { Order, OrderStatus, Product, StockLevel } from '../../model/index.ts'
import { contentHash } from '../../core/hash.ts'
import { foldTurkish } from '../../core/text.ts'
import type { Mapping } from '../../model/state.ts'
import {
  oncePerRun,
  type Keyed,
  type Outcome,
  type Sink,
  type Source,
  type SourceContext,
} from '../../model/connector.ts'
import type { NarwooClient } from './client.ts'
import { NarwooError } from './errors.ts'
import { parseOrderDetail, type NarwooOrder, type NarwooProduct } from './parse.ts'
import {
  DEFAULT_ORDER_MONTHS,
  MAX_LIMIT,
  type CategoryNode,
  type EditedMainProduct,
  type VariantInput,
  type WireOrderDetail,
} from './schemas.ts'

const DAY_MS = 86_400_000
/** Narwoo's times are Türkiye wall-clock times without a zone; Türkiye keeps UTC+03:00 all year. */
const TURKEY_OFFSET_MS = 3 * 3_600_000

/** An instant as order-list's bounds take it: the Türkiye wall clock, `2026-03-05 15:35`. */
export function narwooTime(instant: Date): string {
  return formatDateText(new Date(instant.getTime() + TURKEY_OFFSET_MS), 'yyyy-mm-dd hh:mm')
}

/** A parsed Narwoo time (its UTC fields show the Türkiye wall clock) as an ISO instant. */
function instantOf(wallClock: Date): string {
  return new Date(wallClock.getTime() - TURKEY_OFFSET_MS).toISOString()
}

function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T
}

async function* chunks<T>(items: AsyncIterable<T>, size: number): AsyncGenerator<T[]> {
  let chunk: T[] = []
  for await (const item of items) {
    chunk.push(item)
    if (chunk.length === size) {
      yield chunk
      chunk = []
    }
  }
  if (chunk.length) yield chunk
}

// --- orders ----------------------------------------------------------------------------------

/**
 * `order_canceled` → `order_payment_status` → canonical status: the one table. Narwoo shows no
 * confirmation, cargo or return on any read (order-detail has payment and cancellation only), so
 * a paid order is `confirmed` until it is cancelled; unpaid (0) and failed (1) payments are `new`,
 * waiting for a payment the buyer may still make.
 */
export const narwooOrderStatuses: Readonly<Record<'0' | '1', Record<string, OrderStatus>>> = {
  '0': { '0': 'new', '1': 'new', '2': 'confirmed' },
  '1': { '0': 'cancelled', '1': 'cancelled', '2': 'cancelled' },
}

/** An order-detail answer as a canonical order (`key` `narwoo:<order number>`). */
export function toCanonicalOrder(wire: WireOrderDetail): Order {
  const detail = parseOrderDetail(wire)
  const invoice = detail.invoiceAddress
  const status =
    narwooOrderStatuses[wire.order_canceled === '1' ? '1' : '0'][wire.order_payment_status] ?? 'new'
  const lines = detail.lines.map((line, i) => {
    // the unit bought: the selected variant's codes, else the product's
    const chosen = wire.order_products[i]!.product_selected_variant
    return defined({
      sku: chosen.variant_sku || line.sku || line.code,
      barcode: chosen.variant_barcode || line.barcode || undefined,
      title: line.variant ? `${line.name} (${line.variant.name})` : line.name,
      quantity: line.quantity,
      unitPrice: line.unitPrice,
    })
  })
  const shipping = detail.lines.reduce((sum, line) => sum + line.cargoPrice, 0)
  return defined({
    key: `narwoo:${detail.orderNumber}`,
    source: { api: 'narwoo', id: detail.orderNumber },
    number: detail.orderNumber,
    placedAt: detail.placedAt && instantOf(detail.placedAt),
    status,
    currency: detail.currency,
    total: detail.total,
    shipping: Math.round(shipping * 100) / 100,
    // Narwoo's order detail carries no phone number: its customers come with an e-mail only
    customer: defined({
      email: detail.customer.email.trim() || undefined,
      firstName: detail.customer.name,
      lastName: detail.customer.surname,
      city: invoice.invoice_zone || undefined,
      district: invoice.invoice_town || undefined,
    }),
    lines,
  })
}

export interface NarwooOrdersSourceOptions {
  /**
   * Days before the last run's start that a run reads again (default 14): order-list is by
   * placing date, so a payment or cancellation after a run is seen only by reading back.
   */
  lookBackDays?: number
  /**
   * Open orders placed this many days ago or less are fetched in detail every run even when their
   * list row is unchanged (default 7; 0 never): a cancellation shows in order-detail only, never in
   * the list row. At most `lookBackDays`.
   */
  recheckOpenDays?: number
  /** order-detail calls at once (default 4) */
  concurrency?: number
}

const cursorSchema = z.iso.datetime()
const openStatuses = new Set<string>(['new', 'confirmed', 'preparing', 'shipped'])

/**
 * Narwoo orders by placing date. The first run reads the last three months (Narwoo's default);
 * later runs read from `lookBackDays` before the previous run's start. Each list row's hash is the
 * order's `version`: a row the engine has delivered with the same version is reported `unchanged`
 * without fetching order-detail, unless it is open and recent (`recheckOpenDays`). The rest are
 * fetched, four at a time, and mapped. Rows come newest first, so the cursor (this run's start) is
 * given once, after the last page.
 */
export function narwooOrdersSource(
  narwoo: NarwooClient,
  options: NarwooOrdersSourceOptions = {},
): Source<Order> {
  const lookBackDays = options.lookBackDays ?? 14
  const recheckDays = Math.min(options.recheckOpenDays ?? 7, lookBackDays)
  const concurrency = options.concurrency ?? 4

  const due = (row: NarwooOrder, version: string, known: Mapping | undefined, now: Date) => {
    if (known?.version !== version) return true
    const facts = known.data as Partial<OrderFacts> | undefined
    const placed = row.placedAt && Date.parse(instantOf(row.placedAt))
    return (
      openStatuses.has(facts?.status ?? '') &&
      placed !== undefined &&
      now.getTime() - placed <= recheckDays * DAY_MS
    )
  }

  return {
    async *read(ctx: SourceContext) {
      const saved = cursorSchema.safeParse(ctx.cursor)
      if (ctx.cursor !== undefined && !saved.success)
        ctx.log.warn('narwoo orders: unreadable cursor, reading the default window', {
          cursor: ctx.cursor,
        })
      const from = saved.success
        ? new Date(Date.parse(saved.data) - lookBackDays * DAY_MS)
        : monthsBefore(ctx.now, DEFAULT_ORDER_MONTHS)
      const rows = narwoo.orders.iterate(
        { start_date: narwooTime(from), end_date: narwooTime(ctx.now) },
        { signal: ctx.signal },
      )
      for await (const page of chunks(rows, MAX_LIMIT)) {
        const keys = page.map((row) => `narwoo:${row.orderNumber}`)
        const known = await ctx.known(keys)
        const versions = page.map(rowVersion)
        const fetch = page.flatMap((row, i) =>
          due(row, versions[i]!, known.get(keys[i]!), ctx.now) ? [i] : [],
        )
        const records = await mapConcurrent(fetch, concurrency, async (i) => {
          const wire = await narwoo.orders.get(
            { order_number: page[i]!.orderNumber },
            { signal: ctx.signal },
          )
          return keyedOrder(toCanonicalOrder(wire), versions[i]!)
        })
        const fetched = new Set(fetch)
        const unchanged = keys.filter((_, i) => !fetched.has(i)).map((key) => ({ key }))
        yield { records, unchanged }
      }
      yield { records: [], cursor: ctx.now.toISOString() }
    },
  }
}

/** The list row's content: what order-list shows changes only when this does. */
function rowVersion(row: NarwooOrder): string {
  return contentHash([
    row.orderNumber,
    row.total,
    row.currency,
    row.placedAt?.getTime(),
    row.paymentStatus,
  ])
}

function keyedOrder(order: Order, version: string): Keyed<Order> {
  return {
    key: order.key,
    record: order,
    version,
    group: customerKey(order),
    data: orderFacts(order),
  }
}

function monthsBefore(date: Date, months: number): Date {
  const d = new Date(date)
  d.setUTCMonth(d.getUTCMonth() - months)
  return d
}

// --- stock -----------------------------------------------------------------------------------

/** A sellable unit of a Narwoo product: the main product (`variant` -1) or one variant. */
interface Unit {
  product: NarwooProduct
  variant: number
}

/** Narwoo's products indexed by barcode and by SKU (without case, as Narwoo compares them). */
class Catalogue {
  private readonly byBarcode = new Map<string, Unit>()
  private readonly bySku = new Map<string, Unit>()
  private readonly byId = new Map<number, NarwooProduct>()

  constructor(products: Iterable<NarwooProduct>) {
    for (const product of products) this.put(product)
  }

  put(product: NarwooProduct): void {
    this.byId.set(product.productId, product)
    const units = [product, ...product.variants]
    units.forEach((unit, i) => {
      const entry = { product, variant: i - 1 }
      if (unit.barcode) this.byBarcode.set(unit.barcode, entry)
      if (unit.sku) this.bySku.set(foldTurkish(unit.sku), entry)
    })
  }

  /** The current copy of a product (the index entries may hold an older one). */
  product(id: number): NarwooProduct {
    return this.byId.get(id)!
  }

  match(level: StockLevel): Unit | undefined {
    return (
      (level.barcode ? this.byBarcode.get(level.barcode) : undefined) ??
      this.bySku.get(foldTurkish(level.sku))
    )
  }
}

/** A product as edit-product takes it: the main product and all its variants, as product-list showed them. */
export function toEditedProductList(product: NarwooProduct): (EditedMainProduct | VariantInput)[] {
  const pairs = (list: NarwooProduct['attributes']) =>
    list.map((a) => ({ attributeName: a.name, attributeValue: a.value }))
  const buyerPays = product.cargoOption === 1
  const main: EditedMainProduct = defined({
    type: 'mainProduct' as const,
    productId: product.productId,
    title: product.title,
    brandName: product.brandName,
    categoryId: product.categoryId,
    quantity: product.stock,
    sku: product.sku,
    barcode: product.barcode,
    currency: product.currency,
    price: product.price,
    cargoOption: product.cargoOption,
    cargoCompanyName: buyerPays ? product.cargoCompanyName : undefined,
    cargoPrice: buyerPays ? product.cargoPrice : undefined,
    attributes: pairs(product.attributes),
  })
  const variants = product.variants.map((v): VariantInput => ({
    type: 'variant',
    sku: v.sku,
    barcode: v.barcode,
    price: v.price,
    quantity: v.stock,
    attributes: pairs(v.attributes),
  }))
  return [main, ...variants]
}

export interface NarwooStockSinkOptions {
  /** edit-product calls at once (default 4) */
  concurrency?: number
}

/**
 * Stock levels → the stock and price of the Narwoo product or variant with the same barcode, else
 * the same SKU. The catalogue is read once per run (`product-list`); each product whose units
 * change is written once per batch with all its variants (edit-product replaces the product; the
 * fields product-list does not show are kept, see the Narwoo README). A unit already at that stock
 * and price is not written. Negative stock is written as 0. A unit Narwoo does not list is skipped (offered again next run); a product
 * Narwoo refuses: `code: 'rejected'` with its `errList`. Note that Narwoo sends an edited `denied`
 * or `expired` product back for approval.
 */
export function narwooStockSink(
  narwoo: NarwooClient,
  options: NarwooStockSinkOptions = {},
): Sink<StockLevel> {
  const concurrency = options.concurrency ?? 4
  const catalogueOf = oncePerRun(
    async (ctx) =>
      new Catalogue(await narwoo.products.iterate({}, { signal: ctx.signal }).toArray()),
  )
  return {
    name: 'narwoo.stock',
    batchSize: 100,
    // one catalogue copy per run: batches go one at a time so edits of a product never cross
    concurrency: 1,
    async write(batch, ctx) {
      const catalogue = await catalogueOf(ctx)
      const out: Outcome[] = new Array(batch.length)
      const byProduct = new Map<number, { index: number; unit: Unit; level: StockLevel }[]>()
      batch.forEach(({ record }, index) => {
        const unit = catalogue.match(record)
        if (!unit) out[index] = unmatched(record)
        else if (!(record.price > 0))
          out[index] = {
            ok: false,
            reason: 'not sent: Narwoo needs a price above 0',
            code: 'invalid',
          }
        else {
          const items = byProduct.get(unit.product.productId) ?? []
          items.push({ index, unit, level: record })
          byProduct.set(unit.product.productId, items)
        }
      })
      await mapConcurrent([...byProduct], concurrency, async ([id, items]) => {
        const current = catalogue.product(id)
        const next = structuredClone(current)
        for (const { unit, level } of items) {
          const target = unit.variant < 0 ? next : next.variants[unit.variant]!
          target.stock = Math.max(0, level.stock)
          // Narwoo keeps kuruş: a price is compared and written as it will be stored
          target.price = Math.round(level.price * 100) / 100
        }
        let outcome: Outcome = { ok: true, destId: String(id) }
        if (JSON.stringify(next) !== JSON.stringify(current)) {
          try {
            const edit = { productList: toEditedProductList(next) }
            // a dry run checks the edit as it would go, and sends nothing
            if (ctx.dryRun) narwoo.prepare('products.update', edit)
            else await narwoo.products.update(edit, { signal: ctx.signal })
            catalogue.put(next)
          } catch (error) {
            outcome = rejected(error)
          }
        }
        for (const { index } of items) out[index] = outcome
      })
      return out
    },
  }
}

/** A unit the marketplace does not list is not an error: it is offered again when it is listed. */
function unmatched(_level: StockLevel): Outcome {
  return { ok: true, skipped: true }
}

function rejected(error: unknown): Outcome {
  // not a refusal of this product (an outage, an answer that is not Narwoo's, a defect): the
  // engine stops instead of filing the record as refused
  if (!isRefusal(error)) throw error
  if (error instanceof NarwooError && error.errList.length)
    return { ok: false, reason: error.errList.join('; '), code: 'rejected' }
  if (error instanceof VendorApiError)
    return { ok: false, reason: error.vendorMessage ?? error.message, code: error.vendorCode }
  return { ok: false, reason: error.message, code: 'invalid' }
}

// --- products --------------------------------------------------------------------------------

/** Category id → its path of names from the top, from category-list's id-keyed tree. */
export function categoryPaths(tree: Record<string, CategoryNode>): Map<number, string[]> {
  const paths = new Map<number, string[]>()
  const walk = (nodes: CategoryNode['sub'], above: string[]) => {
    for (const node of Object.values(nodes)) {
      const path = [...above, node.name]
      paths.set(Number(node.id), path)
      walk(node.sub, path)
    }
  }
  walk(tree, [])
  return paths
}

/** A product-list product as a canonical product (`key` `narwoo:<its sku, else its id>`). */
export function toCanonicalProduct(
  product: NarwooProduct,
  paths: ReadonlyMap<number, string[]>,
): Product {
  const code = product.sku || String(product.productId)
  return defined({
    key: `narwoo:${code}`,
    source: { api: 'narwoo', id: String(product.productId) },
    code,
    barcode: product.barcode || undefined,
    title: product.title,
    brand: product.brandName || undefined,
    categoryPath: paths.get(product.categoryId) ?? [],
    price: product.price,
    currency: product.currencyName,
    stock: product.stock,
    active: product.status === 'active',
    variants: product.variants.map((v) =>
      defined({
        sku: v.sku,
        barcode: v.barcode || undefined,
        options: Object.fromEntries(v.attributes.map((a) => [a.name, a.value])),
        price: v.price,
        stock: v.stock,
      }),
    ),
  })
}

/**
 * Every Narwoo product (every status but deleted), a page of 100 at a time, as canonical products;
 * a full scan, so products deleted at Narwoo reach the sink's `remove`.
 */
export function narwooProductsSource(narwoo: NarwooClient): Source<Product> {
  return {
    fullScan: true,
    async *read(ctx) {
      const tree = await narwoo.categories.list({}, { signal: ctx.signal })
      const paths = categoryPaths(tree.optionList)
      const products = narwoo.products.iterate({}, { signal: ctx.signal })
      for await (const page of chunks(products, MAX_LIMIT))
        yield {
          records: page.map((p) => {
            const record = toCanonicalProduct(p, paths)
            return { key: record.key, record }
          }),
        }
    },
  }
}
