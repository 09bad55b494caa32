/**
 * Softtr in kopru's canonical records: orders and products as sources, and a sink that takes sold
 * quantities off Softtr's stock exactly once. All Softtr knowledge the sync engine needs is here.
 */
import { mapConcurrent } from '../../core/limits.ts'
import type { Order, Product, StockLevel } from '../../model/index.ts'
import { normaliseTurkishGsm } from '../../model/phone.ts'
import { foldEmail } from '../../core/text.ts'
import { customerKey, orderFacts } from '../../model/customers.ts'
import { contentHash } from '../../core/hash.ts'
import type { CallOptions } from '../../core/types.ts'
import type { Outcome, Planned, Sink, Source, StreamContext } from '../../model/connector.ts'
import type { SofttrClient } from './client.ts'
import type { OrderDetail, OrderSummary, Product as SofttrProduct } from './schemas.ts'

const DAY = 86_400_000

export interface SofttrOrdersOptions {
  /** days read again before the cursor: Softtr filters by whole days and orders arrive late */
  overlapDays?: number
  /** how far back the first run reads */
  initialDays?: number
  /**
   * order details fetched at once at most; by default a page's all, paced by the client (its
   * adaptive limiter grows the requests in flight while Softtr answers fast, within the
   * connection's `concurrency`), so a slow vendor is waited on in parallel
   */
  detailConcurrency?: number
  /** the shop's UTC offset, for the time in an order number (Türkiye: +03:00) */
  utcOffset?: string
  currency?: string
}

/**
 * New and changed orders since the last run. Softtr lists newest first, so the cursor (the day the
 * run started) is committed after the last page; a list row whose hash matches the one delivered
 * before is not fetched in detail.
 */
export function softtrOrders(
  client: SofttrClient,
  options: SofttrOrdersOptions = {},
): Source<Order> {
  const overlap = options.overlapDays ?? 2
  return {
    async *read(ctx) {
      const today = new Date(Math.floor(ctx.now.getTime() / DAY) * DAY)
      const since =
        typeof ctx.cursor === 'string'
          ? new Date(Date.parse(ctx.cursor) - overlap * DAY)
          : new Date(today.getTime() - (options.initialDays ?? 366) * DAY)
      const pages = client.orders.iterate({ startDate: since }, { signal: ctx.signal }).pages()
      let listed = pages.next()
      // a page read, its changed orders' details asked for (not yet all answered); the list page
      // after it is asked for at once, ahead of those details in the client's queue
      const nextPage = async () => {
        const { value: payload, done } = await listed
        if (done) return undefined
        listed = pages.next()
        listed.catch(() => undefined)
        const page = payload as { orderCount: number; content: OrderSummary[] }
        const rows = page.content.map((row) => ({
          row,
          key: orderKey(row.orderno),
          version: contentHash(row),
        }))
        const known = await ctx.known(rows.map((r) => r.key))
        const fresh = rows.filter((r) => known.get(r.key)?.version !== r.version)
        // each detail becomes its order as it arrives: the answer is garbage before the page ends
        const records = mapConcurrent(
          fresh,
          Math.max(1, options.detailConcurrency ?? fresh.length),
          async (r) => {
            const detail = await client.orders.get(
              { orderno: r.row.orderno },
              { signal: ctx.signal },
            )
            const order = toOrder(r.row, detail.content, options)
            return {
              key: r.key,
              record: order,
              version: r.version,
              group: customerKey(order),
              data: orderFacts(order),
            }
          },
        )
        records.catch(() => undefined)
        const unchanged = rows.filter((r) => known.get(r.key)?.version === r.version)
        return { records, unchanged, total: page.orderCount }
      }
      for (let next = nextPage(); ;) {
        const page = await next
        if (!page) break
        // the next page and its details are on their way while this one's last details come and
        // the engine plans and writes it: the requests in flight stay as many as the client's
        // pacing allows across pages (a run that stops early leaves them unread)
        next = nextPage()
        next.catch(() => undefined)
        yield { records: await page.records, unchanged: page.unchanged, total: page.total }
      }
      yield { records: [], cursor: today.toISOString().slice(0, 10) }
    },
  }
}

export const orderKey = (orderno: string) => `softtr:${orderno}`

export function toOrder(
  summary: OrderSummary,
  detail: OrderDetail,
  options: Pick<SofttrOrdersOptions, 'utcOffset' | 'currency'> = {},
): Order {
  const invoice = detail.invoiceDetails
  const [firstName, lastName] = splitName(invoice.invoiceName || summary.invoiceName)
  const email = foldEmail(invoice.invoiceMail)
  const gsm =
    normaliseTurkishGsm(invoice.invoiceGsm) ??
    normaliseTurkishGsm(detail.shipmentDetails.shipmentGsm)
  return {
    key: orderKey(detail.orderno),
    source: { api: 'softtr', id: detail.orderno },
    number: detail.orderno,
    placedAt: placedAtOf(detail.orderno, options.utcOffset ?? '+03:00'),
    // Softtr's read API shows no order status: every order enters as new
    status: 'new',
    currency: options.currency ?? 'TRY',
    total: detail.orderAmount,
    shipping: detail.cargoCharge,
    customer: {
      ...(email ? { email } : {}),
      ...(gsm ? { gsm } : {}),
      firstName,
      lastName,
      city: invoice.invoiceCity || summary.invoiceCity,
      district: invoice.invoiceDistrict || summary.invoiceDistrict,
    },
    lines: detail.items.map((item) => ({
      sku: item.itemCode,
      title: item.itemTitle,
      quantity: item.itemQuantity,
      unitPrice: item.itemUnitPrice,
      taxRate: item.itemTaxRate,
    })),
  }
}

/** "Ayşe Nur Yılmaz" → ["Ayşe Nur", "Yılmaz"]. */
export function splitName(full: string): [string, string] {
  const parts = full.trim().split(/\s+/).filter(Boolean)
  if (parts.length < 2) return [parts[0] ?? '', '']
  return [parts.slice(0, -1).join(' '), parts.at(-1)!]
}

/**
 * The seed's order numbers start with the time the order was placed (`01092022001221-AIK`:
 * 01.09.2022 00:12:21, assumed shop local time); undefined for any other form.
 */
export function placedAtOf(orderno: string, utcOffset: string): string | undefined {
  const m = /^(\d{2})(\d{2})(\d{4})(\d{2})(\d{2})(\d{2})-/.exec(orderno)
  if (!m) return undefined
  const [, dd, mm, yyyy, hh, mi, ss] = m
  const at = Date.parse(`${yyyy}-${mm}-${dd}T${hh}:${mi}:${ss}${utcOffset}`)
  return Number.isNaN(at) ? undefined : new Date(at).toISOString()
}

/** Every product, each run (a full scan: products gone from Softtr are handed to the sink). */
export function softtrProducts(
  client: SofttrClient,
  options: { currency?: string } = {},
): Source<Product> {
  return {
    fullScan: true,
    async *read(ctx) {
      for await (const payload of client.products.iterate({}, { signal: ctx.signal }).pages()) {
        const page = payload as { productCount: number; content: SofttrProduct[] }
        yield {
          records: page.content.map((p) => {
            const record = toProduct(p, options.currency)
            return { key: record.key, record }
          }),
          total: page.productCount,
        }
      }
    },
  }
}

export function toProduct(p: SofttrProduct, currency = p.currency || 'TRY'): Product {
  return {
    key: `softtr:${p.code}`,
    source: { api: 'softtr', id: String(p.productId) },
    code: p.code,
    ...(p.barcode ? { barcode: p.barcode } : {}),
    title: p.title_tr,
    brand: p.brandName,
    categoryPath: p.products_cat_associate
      .split('>')
      .map((s) => s.trim())
      .filter(Boolean),
    price: p.mainProductPrice,
    currency,
    taxRate: p.taxRate,
    stock: p.stockAmount,
    ...(p.picture ? { imageUrl: p.picture } : {}),
    active: true,
    variants: p.variants.map((v) => ({
      sku: v.stockCode,
      barcode: v.barcode,
      options: Object.fromEntries(v.options.map((o) => [o.name, o.value])),
      price: v.variantPrice || p.mainProductPrice,
      stock: v.stockAmount,
    })),
  }
}

/**
 * Each sellable unit's stock and price: a product without variants, or each variant. A dry run
 * reads the stock as the run's decrements (`decrementsScope`, the scope of the stream whose sink
 * is `softtrStockDecrements`) would have left it, since it took nothing off Softtr itself.
 */
export function softtrStockLevels(
  client: SofttrClient,
  options: { decrementsScope?: string } = {},
): Source<StockLevel> {
  return {
    fullScan: true,
    async *read(ctx) {
      const taken =
        ctx.dryRun && options.decrementsScope
          ? await projectedStock(ctx, options.decrementsScope)
          : undefined
      for await (const payload of client.products.iterate({}, { signal: ctx.signal }).pages()) {
        const page = payload as { content: SofttrProduct[] }
        yield {
          records: page.content.flatMap(stockLevelsOf).map((record) => {
            const left = record.barcode ? taken?.get(record.barcode) : undefined
            return {
              key: record.key,
              record: left === undefined ? record : { ...record, stock: left },
            }
          }),
        }
      }
    },
  }
}

/**
 * What a dry run's decrements would have left of each unit's stock, by barcode: the lowest target
 * of the intents it recorded in its scratch state (a later batch starts from an earlier one's).
 */
async function projectedStock(ctx: StreamContext, scope: string): Promise<Map<string, number>> {
  const left = new Map<string, number>()
  for (const { data } of await ctx.store.intents(scope))
    for (const unit of (data as DecrementIntent).units)
      left.set(unit.barcode, Math.min(unit.target, left.get(unit.barcode) ?? Infinity))
  return left
}

export function stockLevelsOf(p: SofttrProduct): StockLevel[] {
  if (!p.variants.length) {
    return [
      {
        key: p.barcode || p.code,
        ...(p.barcode ? { barcode: p.barcode } : {}),
        sku: p.code,
        productCode: p.code,
        stock: p.stockAmount,
        price: p.mainProductPrice,
      },
    ]
  }
  return p.variants.map((v) => ({
    key: v.barcode || v.stockCode,
    ...(v.barcode ? { barcode: v.barcode } : {}),
    sku: v.stockCode,
    productCode: p.code,
    stock: v.stockAmount,
    price: v.variantPrice || p.mainProductPrice,
  }))
}

interface Unit {
  barcode: string
  sku: string
  stock: number
  mainProductPrice: number
  variantPrice: number
}

/** What a decrement batch declared before writing: enough to tell afterwards whether it landed. */
interface DecrementIntent {
  orders: { key: string; hash: string; group?: string | undefined }[]
  units: {
    barcode: string
    base: number
    target: number
    mainProductPrice: number
    variantPrice: number
  }[]
}

/**
 * Takes each new order's quantities off Softtr's stock, exactly once. Softtr only sets absolute
 * stock, so a repeated write is harmless but a repeated decrement is not: before writing, the sink
 * records an intent (each unit's stock before and after); a killed run's intent is settled on the
 * next start by reading the stock back: units still at their stock before or after are finished and
 * the orders counted; a unit someone else changed meanwhile goes to dead letters for a person.
 */
export function softtrStockDecrements(client: SofttrClient): Sink<Order> {
  const loadUnits = async (call: CallOptions, taken?: Map<string, number>) => {
    const bySku = new Map<string, Unit>()
    const byBarcode = new Map<string, Unit>()
    for await (const p of client.products.iterate({}, call)) {
      const units: Unit[] = p.variants.length
        ? p.variants.map((v) => ({
            barcode: v.barcode,
            sku: v.stockCode,
            stock: v.stockAmount,
            mainProductPrice: p.mainProductPrice,
            variantPrice: v.variantPrice,
          }))
        : [
            {
              barcode: p.barcode,
              sku: p.code,
              stock: p.stockAmount,
              mainProductPrice: p.mainProductPrice,
              variantPrice: 0,
            },
          ]
      for (const unit of units) {
        unit.stock = taken?.get(unit.barcode) ?? unit.stock
        if (unit.barcode) byBarcode.set(unit.barcode, unit)
        bySku.set(unit.sku, unit)
      }
    }
    return (line: { barcode?: string | undefined; sku: string }) =>
      (line.barcode ? byBarcode.get(line.barcode) : undefined) ?? bySku.get(line.sku)
  }

  const write = async (units: DecrementIntent['units'], call: CallOptions) => {
    if (!units.length) return
    const results = await client.products.updateStockAndPriceAll(
      units.map((u) => ({
        barcode: u.barcode,
        mainProductPrice: u.mainProductPrice,
        variantPrice: u.variantPrice,
        stockAmount: u.target,
      })),
      { call },
    )
    const failed = results.find((r) => !r.ok)
    if (failed && !failed.ok) throw failed.error
  }

  return {
    name: 'softtr stock',
    batchSize: 100,
    concurrency: 1,

    async write(batch: Planned<Order>[], ctx: StreamContext): Promise<Outcome[]> {
      // a dry run's earlier batches took nothing off Softtr: their intents say what they would have
      const call = { signal: ctx.signal }
      const find = await loadUnits(
        call,
        ctx.dryRun ? await projectedStock(ctx, ctx.scope) : undefined,
      )
      const outcomes: Outcome[] = []
      const take = new Map<Unit, number>()
      const counted: Planned<Order>[] = []
      for (const planned of batch) {
        const order = planned.record
        // an order seen before was counted then; a cancelled one never takes stock
        if (planned.action !== 'create' || order.status === 'cancelled') {
          outcomes.push({ ok: true })
          continue
        }
        const missing = order.lines.filter((line) => !find(line))
        if (missing.length) {
          outcomes.push({
            ok: false,
            code: 'unmatched',
            reason: `no Softtr product with barcode or SKU ${missing.map((l) => l.barcode ?? l.sku).join(', ')}`,
          })
          continue
        }
        for (const line of order.lines) {
          const unit = find(line)!
          take.set(unit, (take.get(unit) ?? 0) + line.quantity)
        }
        counted.push(planned)
        outcomes.push({ ok: true })
      }
      if (!take.size) return outcomes
      const intent: DecrementIntent = {
        orders: counted.map((p) => ({ key: p.key, hash: p.hash })),
        units: [...take].map(([unit, quantity]) => ({
          barcode: unit.barcode,
          base: unit.stock,
          target: Math.max(0, unit.stock - quantity),
          mainProductPrice: unit.mainProductPrice,
          variantPrice: unit.variantPrice,
        })),
      }
      const intentKey = `decrement:${counted[0]!.key}`
      await ctx.store.commit({
        pipeline: ctx.pipeline,
        scope: ctx.scope,
        putIntents: [{ key: intentKey, data: intent }],
      })
      // a dry run records its intent in its scratch state, for the stock it reads next, and takes
      // nothing
      if (!ctx.dryRun) await write(intent.units, call)
      return outcomes
    },

    async recover(ctx: StreamContext): Promise<void> {
      const intents = await ctx.store.intents(ctx.scope)
      if (!intents.length) return
      const call = { signal: ctx.signal }
      const find = await loadUnits(call)
      for (const { key, data } of intents) {
        const intent = data as DecrementIntent
        const mapped = await ctx.store.mappings(
          ctx.scope,
          intent.orders.map((o) => o.key),
        )
        const delivered = intent.orders.every((o) => mapped.get(o.key)?.hash === o.hash)
        if (delivered) {
          await ctx.store.commit({ pipeline: ctx.pipeline, scope: ctx.scope, clearIntents: [key] })
          continue
        }
        const stocks = intent.units.map((u) => find({ barcode: u.barcode, sku: u.barcode })?.stock)
        // every unit still at its stock before or after: finish the write, then count the orders
        const settled = intent.units.every((u, i) => stocks[i] === u.base || stocks[i] === u.target)
        if (settled)
          await write(
            intent.units.filter((u, i) => stocks[i] !== u.target),
            call,
          )
        // either way these orders must never be counted again; a unit changed by someone else
        // since is left for a person to check: a note, with no record a retry could send
        const changed = intent.units.flatMap((u, i) =>
          stocks[i] === u.base || stocks[i] === u.target
            ? []
            : [`${u.barcode} (${u.base} → ${u.target} pending, now ${stocks[i] ?? 'not found'})`],
        )
        await ctx.store.commit({
          pipeline: ctx.pipeline,
          scope: ctx.scope,
          clearIntents: [key],
          mappings: intent.orders.map((o) => ({ key: o.key, hash: o.hash })),
          ...(settled
            ? { resolveDeadLetters: intent.orders.map((o) => ({ stream: ctx.stream, key: o.key })) }
            : {
                deadLetters: intent.orders.map((o) => ({
                  stream: ctx.stream,
                  key: o.key,
                  record: null,
                  code: 'stock-changed',
                  reason: `Softtr stock changed while an interrupted decrement was pending; check these units by hand, then dismiss: ${changed.join(', ')}`,
                })),
              }),
          audit: intent.orders.map((o) => ({
            stream: ctx.stream,
            key: o.key,
            action: 'update' as const,
            detail: settled ? 'decrement completed after restart' : 'decrement state unknown',
          })),
        })
      }
    },
  }
}
