/**
 * Loyaltii as a sync destination: canonical orders become Loyaltii orders with lines, their buyers
 * Loyaltii contacts, and the points a rule set gives them a point per order (`SourceId` = the
 * order's key), cancelled through the vendor's own cancel when the order is cancelled or returned.
 *
 * @example
 * const loyaltii = createLoyaltiiClient({ apiKey: process.env.LOYALTII_API_KEY! })
 * const sink = loyaltiiOrdersSink(loyaltii, { orderTypes: { softtr: 'Webshop' }, rules })
 * defineStream<Order>({ name: 'softtr-orders', source, sink })
 */
import { createOnce } from '../../core/once.ts'
import { contentHash } from '../../core/hash.ts'
import { mapConcurrent } from '../../core/limits.ts'
import type { Order, OrderStatus } from '../../model/index.ts'
import {
  oncePerRun,
  refusedOutcome,
  type Outcome,
  type Planned,
  type Sink,
  type StreamContext,
} from '../../model/connector.ts'
import type { Mapping } from '../../model/state.ts'
import type { LoyaltiiClient } from './client.ts'
import { isLoyaltiiError } from './errors.ts'
import { contactMatcher, type ContactMatcher } from './contacts-match.ts'

/** Points for an order type: `points` for every whole `per` of the goods' value. */
export interface PointRule {
  orderType: string
  per: number
  points: number
}

export interface LoyaltiiOrdersSinkOptions {
  /** source API → Loyaltii order type (one of `Orders/Types`) */
  orderTypes: Readonly<Record<string, string>>
  /** source API → the number and name of its Loyaltii store (created when missing) */
  stores: Readonly<Record<string, { number: string; name: string }>>
  pointType: string
  rules: readonly PointRule[]
  /** statuses whose orders earn; a cancelled or returned one never does, and loses what it earned */
  earnOn: readonly OrderStatus[]
  /** whether a buyer said no to marketing e-mail: a contact made for them is created mail-limited */
  mailDenied?: (email: string, ctx: StreamContext) => Promise<boolean>
}

/** What kopru wrote for one order, kept as its mapping's `destId` (JSON). */
interface Written {
  /** Loyaltii order id, contact id */
  o?: number | undefined
  c?: number | undefined
  /** hash of the order's fields as last written */
  h?: string | undefined
  /** the point granted, and whether it was cancelled */
  p?: number | undefined
  x?: boolean | undefined
}

const LOST = new Set<OrderStatus>(['cancelled', 'returned'])

/** The goods' value (lines, without shipping), in the order's currency. */
export function goodsValue(order: Order): number {
  return Math.round(order.lines.reduce((s, l) => s + l.quantity * l.unitPrice, 0) * 100) / 100
}

/** The points an order earns under `rules` for its type: 0 for a status that does not earn. */
export function pointsFor(
  order: Order,
  orderType: string,
  { rules, earnOn }: Pick<LoyaltiiOrdersSinkOptions, 'rules' | 'earnOn'>,
): number {
  if (LOST.has(order.status) || !earnOn.includes(order.status)) return 0
  const rule = rules.find((r) => r.orderType.toLowerCase() === orderType.toLowerCase())
  return rule ? Math.floor(goodsValue(order) / rule.per) * rule.points : 0
}

/** An order as `POST Orders` takes it, its contact and store given. */
export function toLoyaltiiOrder(order: Order, type: string, contactId?: number, storeId?: number) {
  return {
    Type: type,
    ExtOrderId: order.key.slice(0, 100),
    ...(contactId ? { ContactId: contactId } : {}),
    ...(storeId ? { StoreId: storeId } : {}),
    FirstName: order.customer.firstName.slice(0, 50) || null,
    LastName: order.customer.lastName.slice(0, 50) || null,
    City: order.customer.city?.slice(0, 100) ?? null,
    Email: order.customer.email?.slice(0, 250) ?? null,
    OriginDate: order.placedAt ?? null,
    OrderLines: order.lines.map((l) => ({
      ExtProductId: l.sku.slice(0, 100),
      Name: l.title.slice(0, 250),
      Quantity: l.quantity,
      Price: l.unitPrice,
    })),
  }
}

const readWritten = (destId: string | undefined): Written => {
  try {
    return destId ? (JSON.parse(destId) as Written) : {}
  } catch {
    return {}
  }
}

/**
 * Orders → Loyaltii, each on its own (Loyaltii has no bulk order or point call), eight at once:
 * the buyer's contact (by e-mail, then phone, created when new with no consent), the order (found
 * by `ExtOrderId` after a killed run, else created; later changes PATCHed), then its point. Creating
 * an order or a point is not safe to repeat, so a batch records an intent first; the next run's
 * `recover` looks up what a killed batch left (`orders?extOrderId`, `Points?sourceId`) and files it
 * as written, so no order and no point is made twice. A cancel repeated is refused by Loyaltii
 * (`Point is already cancelled!`), which counts as done.
 */
export function loyaltiiOrdersSink(
  client: LoyaltiiClient,
  options: LoyaltiiOrdersSinkOptions,
): Sink<Order> {
  const storesOf = oncePerRun((ctx) => resolveStores(client, options.stores, ctx))
  const matcherOf = oncePerRun((ctx) =>
    Promise.resolve(contactMatcher(client, ctx, options.mailDenied)),
  )
  const typeOf = (order: Order) => options.orderTypes[order.source.api] ?? ''
  const bodyHash = (order: Order) => contentHash(toLoyaltiiOrder(order, typeOf(order)))

  const deliver = async (
    planned: Planned<Order>,
    ctx: StreamContext,
    stores: Map<string, number>,
    contacts: ContactMatcher,
    partial: Mapping[],
  ): Promise<Outcome> => {
    const order = planned.record
    const before = readWritten(planned.previous?.destId)
    const done: Written = { ...before }
    const type = typeOf(order)
    try {
      const storeId = stores.get(order.source.api)
      if (done.o === undefined) {
        done.c = await contacts.find(order, storeId)
        const input = toLoyaltiiOrder(order, type, done.c, storeId)
        if (ctx.dryRun) client.prepare('orders.create', input)
        else
          done.o = await createOnce(
            async () => (await client.orders.create(input, { signal: ctx.signal })).Id,
            async () => (await findOrders(client, order.key, ctx))[0]?.Id,
          )
        done.h = bodyHash(order)
      } else if (done.h !== bodyHash(order)) {
        const { OrderLines: _lines, ...fields } = toLoyaltiiOrder(order, type, done.c, storeId)
        if (!ctx.dryRun)
          await client.orders.update({ ...fields, id: done.o }, { signal: ctx.signal })
        done.h = bodyHash(order)
      }
      const points = pointsFor(order, type, options)
      if (done.p === undefined && points > 0 && done.c !== undefined) {
        const point = {
          ContactId: done.c,
          Type: options.pointType,
          Amount: points,
          SourceId: order.key,
          SourceDescription: `${order.source.api} ${order.number}`.slice(0, 255),
          ...(storeId ? { StoreId: storeId } : {}),
          PointCalculationBase: goodsValue(order),
        }
        if (ctx.dryRun) client.prepare('points.create', point)
        else
          done.p = await createOnce(
            async () => (await client.points.create(point, { signal: ctx.signal })).Id,
            async () => (await findPoint(client, order.key, ctx))?.Id,
          )
      } else if (done.p !== undefined && !done.x && LOST.has(order.status)) {
        if (!ctx.dryRun) await cancelPoint(client, done.p, ctx)
        done.x = true
      }
      return { ok: true, destId: JSON.stringify(done) }
    } catch (error) {
      const outcome = refusedOutcome(error)
      // an order or point made before the refusal is kept as written: its retry (or the run after
      // the order changes) plans the rest as an update, and never makes it twice
      if (done.o !== before.o || done.p !== before.p || done.x !== before.x)
        partial.push({
          key: planned.key,
          destId: JSON.stringify(done),
          hash: planned.previous?.hash ?? '',
          version: planned.previous?.version,
          group: planned.previous?.group,
          data: planned.previous?.data,
        })
      return outcome
    }
  }

  return {
    name: 'loyaltii.orders',
    batchSize: 50,
    async write(batch, ctx) {
      const stores = await storesOf(ctx)
      const contacts = await matcherOf(ctx)
      if (!ctx.dryRun)
        await ctx.store.commit({
          pipeline: ctx.pipeline,
          scope: ctx.scope,
          putIntents: batch.map((p) => ({ key: p.key, data: { hash: p.hash } })),
        })
      const partial: Mapping[] = []
      const outcomes = await mapConcurrent(batch, 8, (p) =>
        deliver(p, ctx, stores, contacts, partial),
      )
      await contacts.save()
      if (partial.length && !ctx.dryRun)
        await ctx.store.commit({ pipeline: ctx.pipeline, scope: ctx.scope, mappings: partial })
      return outcomes
    },
    recover: (ctx) => settleIntents(client, ctx),
  }
}

const findOrders = (client: LoyaltiiClient, key: string, ctx: StreamContext) =>
  client.orders.listByExtOrderId({ extOrderId: key.slice(0, 100) }, { signal: ctx.signal })

const findPoint = async (client: LoyaltiiClient, key: string, ctx: StreamContext) =>
  (await client.points.listBySource({ sourceId: key }, { signal: ctx.signal })).find(
    (p) => !p.IsCanceller,
  )

/**
 * Cancels a point; one already cancelled (a repeat after a lost answer) is done too, so a transient
 * failure is simply tried again.
 */
async function cancelPoint(client: LoyaltiiClient, id: number, ctx: StreamContext) {
  await createOnce(
    async () => {
      try {
        await client.points.cancel({ id }, { signal: ctx.signal })
      } catch (error) {
        if (!isLoyaltiiError(error, 'pointCancelled')) throw error
      }
      return true
    },
    async () => undefined,
  )
}

/**
 * After a killed run: each order of a batch that recorded its intent and was not committed is
 * looked up at Loyaltii, and what is found there is filed as written (with an empty hash, so the
 * run plans it again as an update and finishes what is missing).
 */
async function settleIntents(client: LoyaltiiClient, ctx: StreamContext): Promise<void> {
  const intents = await ctx.store.intents(ctx.scope)
  if (!intents.length) return
  const mapped = await ctx.store.mappings(
    ctx.scope,
    intents.map((i) => i.key),
  )
  const open = intents.filter((i) => mapped.get(i.key)?.hash !== (i.data as { hash: string }).hash)
  const found = await mapConcurrent(open, 8, async ({ key }) => {
    const order = (await findOrders(client, key, ctx))[0]
    const point = await findPoint(client, key, ctx)
    if (!order && !point) return undefined
    const written: Written = {
      o: order?.Id,
      c: order?.ContactId ?? point?.ContactId ?? undefined,
      p: point?.Id,
      x: point ? point.CancellerPointId !== null : undefined,
    }
    const before = mapped.get(key)
    return {
      key,
      destId: JSON.stringify(written),
      hash: '',
      group: before?.group,
      data: before?.data,
    }
  })
  await ctx.store.commit({
    pipeline: ctx.pipeline,
    scope: ctx.scope,
    clearIntents: intents.map((i) => i.key),
    mappings: found.filter((m) => m !== undefined),
    audit: open.map((i) => ({
      stream: ctx.stream,
      key: i.key,
      action: 'update' as const,
      detail: 'settled after an interrupted run',
    })),
  })
}

/**
 * The Loyaltii store of each source, by number, created when missing. Creating is not safe to
 * repeat, but the number is unique: a create whose answer was lost is refused (409) and found.
 */
async function resolveStores(
  client: LoyaltiiClient,
  stores: LoyaltiiOrdersSinkOptions['stores'],
  { dryRun, signal }: StreamContext,
): Promise<Map<string, number>> {
  const ids = new Map<string, number>()
  for (const [api, { number, name }] of Object.entries(stores)) {
    for (let attempt = 0; ; attempt++) {
      const found = await client.stores.getByNumber({ number }, { signal })
      if (found) {
        ids.set(api, found.Id)
        break
      }
      if (dryRun) break
      try {
        ids.set(api, (await client.stores.create({ Number: number, Name: name }, { signal })).Id)
        break
      } catch (error) {
        if (attempt > 2 || !isLoyaltiiError(error, 'duplicateValue')) throw error
      }
    }
  }
  return ids
}
