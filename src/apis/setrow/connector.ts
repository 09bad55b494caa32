/**
 * Setrow as a sync destination: canonical customers become e-mail and SMS contacts, orders become
 * Setrow orders, categories and products its catalogue. Each mapping canonical → Setrow wire lives
 * in one function here (`toContactFields`, `toSetrowOrder`, `toSetrowProduct`, and the category
 * tree in `CategoryTree`); the engine sees only the sinks.
 *
 * @example
 * const setrow = createSetrowClient({ apiKey: process.env.SETROW_API_KEY! })
 * const sink = setrowCustomersSink(setrow, { emailGroupId: 104201, smsGroupId: 104305 })
 * defineStream<Customer>({ name: 'customers', source, sink })
 */
import { z } from 'zod'
import { runBatches, type ItemResult } from '../../core/batch.ts'
import {
  InputError,
  KopruError,
  isRefusal,
  isTransient,
  type SchemaIssue,
} from '../../core/errors.ts'
import { mapConcurrent } from '../../core/limits.ts'
import { formatDateText, parseDateText } from '../../core/schema.ts'
import type { CallOptions } from '../../core/types.ts'
import type { Category, Customer, Order, OrderStatus, Product } from '../../model/index.ts'
import { contentHash } from '../../core/hash.ts'
import { foldEmail, foldTurkish } from '../../core/text.ts'
import {
  oncePerRun,
  type Outcome,
  type Planned,
  type Sink,
  type StreamContext,
} from '../../model/connector.ts'
import { isSetrowError, type SetrowClient } from './client.ts'
import type { AreaName } from './codecs.ts'
import {
  MAX_ITEMS,
  categoryInput,
  type AllowStatus,
  type EmailContactInput,
  type OrderInput,
  type PhoneContactInput,
  type ProductInput,
} from './schemas.ts'

// --- wire helpers ----------------------------------------------------------------------------

/** Setrow's dates are Türkiye wall-clock times without a zone; Türkiye keeps UTC+03:00 all year. */
const TURKEY_OFFSET_MS = 3 * 3_600_000

/** `2026-03-15T07:00:00Z` → `2026-03-15 10:00:00`, the Türkiye time Setrow's panel shows. */
export function setrowTime(iso: string): string {
  return formatDateText(new Date(Date.parse(iso) + TURKEY_OFFSET_MS), 'yyyy-mm-dd hh:mm:ss')
}

/** `2026-03-15 10:00:00` (Türkiye, as Setrow dates) → `2026-03-15T07:00:00.000Z`; other text as it is. */
export function setrowInstant(text: string): string {
  const wall = parseDateText(text, 'yyyy-mm-dd hh:mm:ss')
  return wall ? new Date(wall.getTime() - TURKEY_OFFSET_MS).toISOString() : text
}

/** kopru's `905321234567` → Setrow's 10-digit `5321234567`; other numbers go as they are. */
export function setrowGsm(gsm: string): string {
  return /^905\d{9}$/.test(gsm) ? gsm.slice(2) : gsm
}

/** An object without its undefined members: the wire carries only what is known. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T
}

/** A wire item, or why the record cannot be sent. */
type Prepared<T> = { item: T } | { refused: string }

const notSent = (reason: string): Outcome => ({
  ok: false,
  reason: `not sent: ${reason}`,
  code: 'invalid',
})

function failure(error: unknown): Outcome {
  // not a refusal of this record (an outage, an answer that is not Setrow's, a defect): the
  // engine stops instead of filing the record as refused
  if (!isRefusal(error)) throw error
  // the client refused to send it: the first issue, its path without where it travels ("body")
  if (error instanceof InputError)
    return notSent(error.issues[0] ? describe(error.issues[0], 1) : error.message)
  return { ok: false, reason: error.vendorMessage ?? error.message, code: error.vendorCode }
}

const describe = (issue: SchemaIssue, skip: number) =>
  `${issue.path.slice(skip).join('.')}: ${issue.message}`

/**
 * A dry run's stand-in for a bulk call: each chunk checked as the call would send it (an item the
 * check refuses fails its chunk with an `InputError`, as the real call does), nothing sent.
 */
function checkOnly<T>(setrow: SetrowClient, id: Parameters<SetrowClient['prepare']>[0]) {
  return (items: T[]) =>
    runBatches(items, MAX_ITEMS, async (chunk) => {
      setrow.prepare(id, { body: chunk })
    })
}

/** A bulk helper's per-item results as outcomes, `destId` taken from the item. */
function outcomesOf<T>(results: ItemResult<T, unknown>[], destId: (item: T) => string): Outcome[] {
  return results.map((r) => (r.ok ? { ok: true, destId: destId(r.item) } : failure(r.error)))
}

/** The first issue of each item a bulk request's input check refused, by position in its chunk. */
function itemIssues(error: InputError): Map<number, SchemaIssue> {
  const issues = new Map<number, SchemaIssue>()
  for (const issue of error.issues) {
    const [where, position] = issue.path
    if (where === 'body' && typeof position === 'number' && !issues.has(position))
      issues.set(position, issue)
  }
  return issues
}

/**
 * Sends what can be sent and answers one outcome per entry (undefined: nothing to do). Setrow
 * refuses a whole bulk request for one item its schema rejects (E100, E103). The client checks each
 * request before it goes (`validateInput`), so the items that check names fail alone, with code
 * `invalid`, and the rest go again without them: valid items are checked once, not twice.
 */
async function sendPrepared<T>(
  prepared: readonly (Prepared<T> | undefined)[],
  send: (items: T[], call: CallOptions) => Promise<ItemResult<T, unknown>[]>,
  destId: (item: T) => string,
  signal: AbortSignal,
): Promise<(Outcome | undefined)[]> {
  const out = prepared.map((p) => (p && 'refused' in p ? notSent(p.refused) : undefined))
  let ready = prepared.flatMap((p, i) => (p && 'item' in p ? [i] : []))
  while (ready.length) {
    const results = await send(
      ready.map((i) => (prepared[i] as { item: T }).item),
      { validateInput: true, signal },
    )
    // a refused chunk's items share its error; the first of them starts the chunk
    const chunkStart = new Map<unknown, number>()
    const again: number[] = []
    results.forEach((r, j) => {
      const index = ready[j]!
      const issues = !r.ok && r.error instanceof InputError ? itemIssues(r.error) : undefined
      if (r.ok || !issues?.size) {
        out[index] = outcomesOf([r], destId)[0]
        return
      }
      if (!chunkStart.has(r.error)) chunkStart.set(r.error, r.index)
      const issue = issues.get(r.index - chunkStart.get(r.error)!)
      if (issue) out[index] = notSent(describe(issue, 2))
      else again.push(index)
    })
    ready = again
  }
  return out
}

// --- customers -------------------------------------------------------------------------------

/** The customer facts Setrow keeps in custom areas. */
export type CustomerArea = 'city' | 'firstOrderAt' | 'lastOrderAt' | 'orderCount' | 'totalSpent'

/**
 * Which custom area holds which fact. Setrow contacts have no city field: the city goes to
 * `spArea4`, where Setrow accounts keep it (the İstanbul auto group reads it). First and last order
 * dates go to `spArea9`/`spArea10` as Türkiye time `yyyy-mm-dd hh:mm:ss` (so `updateDateArea`
 * filters can read them), the order count to `spArea11` as a whole number, the total spent to
 * `spArea12` with two decimals (`1234.50`).
 */
export const defaultCustomerAreas: Readonly<Record<CustomerArea, AreaName>> = {
  city: 'spArea4',
  firstOrderAt: 'spArea9',
  lastOrderAt: 'spArea10',
  orderCount: 'spArea11',
  totalSpent: 'spArea12',
}

export interface SetrowCustomersSinkOptions {
  /** the e-mail group customers join; without it no e-mail contacts are written */
  emailGroupId?: number
  /** the SMS group customers with a GSM number join; without it no SMS contacts are written */
  smsGroupId?: number
  /**
   * The allow status of contacts kopru creates: `N` (not allowed) unless the caller knows better.
   * Commercial messages in Türkiye need consent registered with İYS; an order is not consent, so
   * kopru never invents it. Give `Y` only for customers whose consent you can show İYS.
   */
  permission?: AllowStatus
  /**
   * Before a customer's first delivery, ask Setrow (`GET /email/{address}`, `/sms/{number}`)
   * whether it already has the address, and leave the permission of one it has alone (default
   * true): a written `N` would overwrite consent recorded at Setrow. Costs one request per new
   * customer and channel; turn it off only for an account that holds none of these addresses.
   */
  lookupExisting?: boolean
  /** whether the person said no on this channel (a consent ledger): then they are not written to it */
  denied?: (customer: Customer, channel: 'email' | 'sms', ctx: StreamContext) => Promise<boolean>
  /** overrides of `defaultCustomerAreas`; null leaves a fact out */
  areas?: Partial<Record<CustomerArea, AreaName | null>>
}

type ContactFields = Omit<EmailContactInput, 'email' | 'groupId'>

/** Name, the custom areas and, for a contact kopru creates, the permission. */
export function toContactFields(
  customer: Customer,
  areas: Partial<Record<CustomerArea, AreaName | null>>,
  allowStatus: AllowStatus | undefined,
): ContactFields {
  const facts: Record<CustomerArea, string | undefined> = {
    city: customer.city,
    firstOrderAt: customer.firstOrderAt && setrowTime(customer.firstOrderAt),
    lastOrderAt: customer.lastOrderAt && setrowTime(customer.lastOrderAt),
    orderCount: String(customer.orderCount),
    totalSpent: customer.totalSpent.toFixed(2),
  }
  const fields: Record<string, unknown> = {
    name: customer.firstName.slice(0, 100),
    surname: customer.lastName.slice(0, 100),
    allowStatus,
  }
  for (const [fact, area] of Object.entries(areas) as [CustomerArea, AreaName | null][])
    if (area) fields[area] = facts[fact]?.slice(0, 255)
  return defined(fields) as ContactFields
}

/** One contact channel: where its address comes from, how it is written and looked up. */
interface ContactChannel<W> {
  name: 'email' | 'sms'
  /** the bulk operation that writes it */
  operation: 'email.add' | 'sms.add'
  address(customer: Customer): string | undefined
  wire(address: string, fields: ContactFields): W
  send(items: W[], call: CallOptions): Promise<ItemResult<W, unknown>[]>
  destId(item: W): string
  exists(address: string, call: CallOptions): Promise<boolean>
}

/**
 * Customers → Setrow contacts, 1000 a batch (`email/add`, `sms/add`, both upserts). A customer with
 * an e-mail address and a GSM number is one record delivered to both channels, and succeeds only
 * when both took it: when one refuses (the e-mail written, the number on the SMS unsubscribe list),
 * the record fails with the refusing channel's code (`E129`) and a reason naming the channel
 * (`sms: …`); a retry sends both again, which the upserts make harmless. A customer without an
 * address for any configured channel is delivered with nothing to do.
 */
export function setrowCustomersSink(
  setrow: SetrowClient,
  options: SetrowCustomersSinkOptions,
): Sink<Customer> {
  const permission = options.permission ?? 'N'
  const lookup = options.lookupExisting ?? true
  const areas = { ...defaultCustomerAreas, ...options.areas }
  const { emailGroupId, smsGroupId } = options
  const channels: ContactChannel<unknown>[] = []
  if (emailGroupId !== undefined) {
    const email: ContactChannel<EmailContactInput> = {
      name: 'email',
      operation: 'email.add',
      address: (c) => (c.email && foldEmail(c.email)) || undefined,
      wire: (address, fields) => ({ email: address, groupId: emailGroupId, ...fields }),
      send: (items, call) => setrow.email.addAll(items, { call }),
      destId: (item) => item.email,
      exists: (address, call) => found(setrow.email.get({ email: address }, call), 'E104'),
    }
    channels.push(email)
  }
  if (smsGroupId !== undefined) {
    const sms: ContactChannel<PhoneContactInput> = {
      name: 'sms',
      operation: 'sms.add',
      address: (c) => (c.gsm ? setrowGsm(c.gsm) : undefined),
      wire: (address, fields) => ({ number: address, groupId: smsGroupId, ...fields }),
      send: (items, call) => setrow.sms.addAll(items, { call }),
      destId: (item) => item.number,
      exists: (address, call) => found(setrow.sms.get({ number: address }, call), 'E119'),
    }
    channels.push(sms)
  }
  if (!channels.length)
    throw new KopruError('setrow customers sink: give emailGroupId, smsGroupId or both')

  const deliver = async <W>(
    channel: ContactChannel<W>,
    batch: Planned<Customer>[],
    ctx: StreamContext,
  ) => {
    const addresses = batch.map((p) => channel.address(p.record))
    // only a customer kopru has never delivered may get the permission, and only a new address
    const asked = addresses.map((a, i) => a !== undefined && batch[i]!.action === 'create')
    const known = lookup
      ? await mapConcurrent(
          addresses,
          8,
          async (a, i) => !asked[i] || channel.exists(a!, { signal: ctx.signal }),
        )
      : asked.map((a) => !a)
    const denied = options.denied
      ? await mapConcurrent(batch, 8, (p, i) =>
          addresses[i] === undefined
            ? Promise.resolve(false)
            : options.denied!(p.record, channel.name, ctx),
        )
      : []
    const prepared = batch.map((p, i): Prepared<W> | undefined => {
      const address = addresses[i]
      // a person who said no on this channel is not written to it: nothing to do (Setrow would
      // refuse an unsubscribed address anyway, E126)
      if (address === undefined || denied[i]) return undefined
      const fields = toContactFields(p.record, areas, known[i] ? undefined : permission)
      return { item: channel.wire(address, fields) }
    })
    const send = ctx.dryRun ? checkOnly<W>(setrow, channel.operation) : channel.send
    return sendPrepared(prepared, send, channel.destId, ctx.signal)
  }

  return {
    name: 'setrow.contacts',
    batchSize: MAX_ITEMS,
    async write(batch, ctx) {
      // settled together: a failed channel returns only once the other's writes have ended
      const results = await mapConcurrent(channels, channels.length, (channel) =>
        deliver(channel, batch, ctx),
      )
      return batch.map((_, i) =>
        combine(channels.map((channel, n) => [channel.name, results[n]![i]])),
      )
    },
  }
}

/** A record's channels as one outcome: ok when every channel that had work took it. */
function combine(parts: [string, Outcome | undefined][]): Outcome {
  const failed = parts.flatMap(([name, o]) => (o && !o.ok ? [{ name, ...o }] : []))
  if (failed.length)
    return {
      ok: false,
      reason: failed.map((f) => `${f.name}: ${f.reason}`).join('; '),
      code: failed[0]!.code,
    }
  const delivered = parts.flatMap(([, o]) => (o?.ok ? [o] : []))
  return { ok: true, destId: delivered[0]?.destId }
}

/**
 * Whether a contact lookup found the contact; `missing` is Setrow's "not a contact" code. A
 * malformed address (E103) is no contact either: the add then refuses it for that customer alone.
 */
async function found(lookup: Promise<unknown>, missing: 'E104' | 'E119'): Promise<boolean> {
  try {
    await lookup
    return true
  } catch (error) {
    if (isSetrowError(error, missing, 'E103')) return false
    throw error
  }
}

// --- orders ----------------------------------------------------------------------------------

/** Canonical status → Setrow's order status, which is free text (the one table). */
export const defaultOrderStatuses: Readonly<Record<OrderStatus, string>> = {
  new: 'new',
  confirmed: 'confirmed',
  preparing: 'preparing',
  shipped: 'shipped',
  delivered: 'delivered',
  cancelled: 'cancelled',
  returned: 'returned',
}

export interface SetrowOrdersSinkOptions {
  /** overrides of `defaultOrderStatuses`, for an account that uses other words */
  statuses?: Partial<Record<OrderStatus, string>>
  /** Setrow's `orderId` of an order: its number unless given; must be stable, it makes writes upserts */
  orderId?: (order: Order) => string
}

/** An order as `orders/add` takes it, or why Setrow cannot take it. */
export function toSetrowOrder(order: Order, orderId: string, status: string): Prepared<OrderInput> {
  const email = order.customer.email && foldEmail(order.customer.email)
  if (!email) return { refused: 'Setrow keeps orders by e-mail address and this one has none' }
  if (!order.placedAt) return { refused: 'the order has no date' }
  if (!order.lines.length) return { refused: 'the order has no lines' }
  return {
    item: {
      orderId,
      email,
      orderDate: setrowTime(order.placedAt),
      status,
      totalPrice: order.total,
      currency: order.currency,
      products: order.lines.map((line) => ({
        productCode: line.sku || line.barcode || line.title.slice(0, 100),
        productName: line.title.slice(0, 500),
        quantity: line.quantity,
        price: line.unitPrice,
      })),
    },
  }
}

/**
 * Orders → `orders/add`, 1000 a batch: an upsert by `orderId`, so the batch a crash repeats creates
 * no duplicate. When only the status changed since the last delivery, `orders/updateStatus`
 * instead: the sink's hash is `<hash of all but the status>:<status>`, so `previous.hash` tells a
 * status change from any other. An order Setrow no longer has (E144) is sent whole again.
 */
export function setrowOrdersSink(
  setrow: SetrowClient,
  options: SetrowOrdersSinkOptions = {},
): Sink<Order> {
  const statuses = { ...defaultOrderStatuses, ...options.statuses }
  const idOf = options.orderId ?? ((order: Order) => order.number)
  const bodyHash = (order: Order) => contentHash({ ...order, status: undefined })
  const statusOnly = ({ previous, record }: Planned<Order>) => {
    const [body, status] = previous?.hash.split(':') ?? []
    return status !== undefined && status !== record.status && body === bodyHash(record)
  }

  return {
    name: 'setrow.orders',
    batchSize: MAX_ITEMS,
    hash: (order) => `${bodyHash(order)}:${order.status}`,
    async write(batch, ctx) {
      const out: (Outcome | undefined)[] = new Array(batch.length)
      const updates = batch.flatMap((p, i) => (statusOnly(p) ? [i] : []))
      const adds = batch.flatMap((p, i) => (statusOnly(p) ? [] : [i]))
      if (updates.length) {
        const changes = updates.map((i) => ({
          orderId: idOf(batch[i]!.record),
          status: statuses[batch[i]!.record.status],
        }))
        const results = await (ctx.dryRun
          ? checkOnly<(typeof changes)[number]>(setrow, 'orders.updateStatus')(changes)
          : setrow.orders.updateStatusAll(changes, { call: { signal: ctx.signal } }))
        results.forEach((result, j) => {
          if (!result.ok && isSetrowError(result.error, 'E144')) adds.push(updates[j]!)
          else out[updates[j]!] = outcomesOf([result], (item) => item.orderId)[0]
        })
      }
      const added = await sendPrepared(
        adds.map((i) => {
          const { record } = batch[i]!
          return toSetrowOrder(record, idOf(record), statuses[record.status])
        }),
        ctx.dryRun
          ? checkOnly(setrow, 'orders.add')
          : (items, call) => setrow.orders.addAll(items, { call }),
        (item) => item.orderId,
        ctx.signal,
      )
      adds.forEach((index, j) => (out[index] = added[j]))
      return out as Outcome[]
    },
  }
}

// --- categories ------------------------------------------------------------------------------

type CategoryInput = z.output<typeof categoryInput>

/** The separator of canonical category keys: the full path joined with " > ". */
const PATH_SEPARATOR = ' > '

/**
 * Setrow's category tree by name. Setrow wants numeric ids and canonical categories have none, so a
 * category is found by its name under its parent (case-insensitive), and a new one gets the next
 * free id. Finding before allocating is what makes a repeated batch harmless: after a crash, the
 * categories it wrote are found again, not created twice.
 */
export class CategoryTree {
  private readonly ids = new Map<string, number>()
  private next = 1

  constructor(
    categories: readonly { categoryId: number; categoryName: string; parentCategoryId: number }[],
  ) {
    const sorted = [...categories].sort((a, b) => a.categoryId - b.categoryId)
    for (const c of sorted) {
      const key = this.keyOf(c.parentCategoryId, c.categoryName)
      if (!this.ids.has(key)) this.ids.set(key, c.categoryId)
      this.next = Math.max(this.next, c.categoryId + 1)
    }
  }

  private keyOf(parentId: number, name: string): string {
    return `${parentId}\u0000${foldTurkish(name)}`
  }

  find(parentId: number, name: string): number | undefined {
    return this.ids.get(this.keyOf(parentId, name))
  }

  /** The id of `name` under `parentId`, a new one when Setrow has none. */
  idFor(parentId: number, name: string): { id: number; created: boolean } {
    const id = this.find(parentId, name)
    if (id !== undefined) return { id, created: false }
    this.ids.set(this.keyOf(parentId, name), this.next)
    return { id: this.next++, created: true }
  }

  forget(parentId: number, name: string): void {
    this.ids.delete(this.keyOf(parentId, name))
  }

  /**
   * The id of a path of names from the top. Without `create`, undefined when a part is missing;
   * with it, missing parts get ids and are handed to `create` to be written, parents first.
   */
  resolve(path: readonly string[], create?: (item: CategoryInput) => void): number | undefined {
    let parent = 0
    for (const name of path) {
      if (!create) {
        const id = this.find(parent, name)
        if (id === undefined) return undefined
        parent = id
        continue
      }
      const { id, created } = this.idFor(parent, name)
      if (created) create({ categoryId: id, categoryName: name, parentCategoryId: parent })
      parent = id
    }
    return parent
  }
}

const loadTree = (setrow: SetrowClient) =>
  oncePerRun(
    async (ctx) => new CategoryTree(await setrow.categories.list({}, { signal: ctx.signal })),
  )

/**
 * Categories → `category/add` (an upsert by id), 1000 a batch, parents before children. The id is
 * Setrow's category of the same name under the same parent, else the next free id (see
 * `CategoryTree`). A parent missing from Setrow and from the batch is written too, named by its
 * path (its own record later updates it in place), so the order a source emits them in does not
 * matter.
 */
export function setrowCategoriesSink(setrow: SetrowClient): Sink<Category> {
  const treeOf = loadTree(setrow)
  return {
    name: 'setrow.categories',
    batchSize: MAX_ITEMS,
    // ids are handed out from one tree: batches go one at a time
    concurrency: 1,
    async write(batch, ctx) {
      const tree = await treeOf(ctx)
      const depth = (c: Category) => (c.parentKey ? c.parentKey.split(PATH_SEPARATOR).length : 0)
      const order = batch
        .map((_, i) => i)
        .sort((a, b) => depth(batch[a]!.record) - depth(batch[b]!.record))
      const items: CategoryInput[] = []
      const own = new Map<number, number>()
      for (const index of order) {
        const { record } = batch[index]!
        const parentPath = record.parentKey ? record.parentKey.split(PATH_SEPARATOR) : []
        const parentId = tree.resolve(parentPath, (item) => items.push(item))!
        const { id } = tree.idFor(parentId, record.name)
        own.set(index, items.length)
        items.push({ categoryId: id, categoryName: record.name, parentCategoryId: parentId })
      }
      const results = await (ctx.dryRun
        ? checkOnly<CategoryInput>(setrow, 'categories.add')(items)
        : setrow.categories.addAll(items, { concurrency: 1, call: { signal: ctx.signal } }))
      for (const result of results)
        if (!result.ok) tree.forget(result.item.parentCategoryId ?? 0, result.item.categoryName)
      const outcomes = outcomesOf(results, (item) => String(item.categoryId))
      return batch.map((_, i) => outcomes[own.get(i)!]!)
    },
  }
}

// --- products --------------------------------------------------------------------------------

/**
 * How a delivered product is named at Setrow: its code, or `#<barcode>` for one without; a code
 * that starts with `#` is written `##<code>`, so that it never reads as a barcode (`productKey`).
 */
function productRef(product: Product): string {
  if (!product.code) return `#${product.barcode ?? ''}`
  return product.code.startsWith('#') ? `#${product.code}` : product.code
}

/** The key `product/add` finds the product named `ref` by (`productRef`). */
function productKey(ref: string): { productCode: string } | { productBarcode: string } {
  if (ref.startsWith('##')) return { productCode: ref.slice(1) }
  return ref.startsWith('#') ? { productBarcode: ref.slice(1) } : { productCode: ref }
}

/** A product as `product/add` takes it, in the category `categoryId` (none when undefined). */
export function toSetrowProduct(product: Product, categoryId: number | undefined): ProductInput {
  return defined({
    productCode: product.code || undefined,
    productBarcode: product.barcode || undefined,
    productName: product.title.slice(0, 500),
    brand: product.brand?.slice(0, 255),
    price: product.price,
    // canonical products carry one price: a discount Setrow held before is ended, not kept stale
    salePrice: product.price,
    currency: product.currency,
    stock: Math.max(0, product.stock),
    categoryIds: categoryId === undefined ? [] : [categoryId],
    productUrl: product.url,
    imageUrl: product.imageUrl,
    status: product.active ? 1 : 2,
  })
}

/**
 * Products → `product/add`, one product per call (Setrow has no bulk product call), by code with
 * its barcode, four calls at once. The category is the leaf of `categoryPath`, found by name in
 * Setrow's tree (write categories first: a path Setrow does not have fails with E141). "Nothing
 * would change" (E139) counts as delivered. `remove` makes a product gone from the source passive
 * (`status: 2`): Setrow keeps it for the orders and favorites that name it.
 */
export function setrowProductsSink(setrow: SetrowClient): Sink<Product> {
  const treeOf = loadTree(setrow)
  const save = async (
    input: ProductInput,
    ref: string,
    ctx: StreamContext,
    gone = false,
  ): Promise<Outcome> => {
    try {
      // checked before it goes: an input Setrow would refuse fails here with code `invalid`
      if (ctx.dryRun) setrow.prepare('products.add', input)
      else await setrow.products.add(input, { validateInput: true, signal: ctx.signal })
      return { ok: true, destId: ref }
    } catch (error) {
      // E139: already so. E100 on a removal: Setrow has no such product to make passive.
      if (isSetrowError(error, 'E139') || (gone && isSetrowError(error, 'E100')))
        return { ok: true, destId: ref }
      return failure(error)
    }
  }
  return {
    name: 'setrow.products',
    batchSize: 25,
    concurrency: 4,
    async write(batch, ctx) {
      const tree = await treeOf(ctx)
      return mapConcurrent(batch, 1, async ({ record }) => {
        const path = record.categoryPath
        const categoryId = path.length ? tree.resolve(path) : undefined
        if (path.length && categoryId === undefined)
          return {
            ok: false,
            reason: `not sent: category ${path.join(PATH_SEPARATOR)} is not in Setrow (write categories first)`,
            code: 'E141',
          }
        return save(toSetrowProduct(record, categoryId), productRef(record), ctx)
      })
    },
    async remove(batch, ctx) {
      return mapConcurrent(batch, 1, async ({ previous }) => {
        const ref = previous?.destId
        if (!ref) return { ok: true }
        return save({ ...productKey(ref), status: 2 }, ref, ctx, true)
      })
    },
  }
}

/** The id a dry run writes contacts to when the run would create their group first. */
export const DRY_RUN_GROUP_ID = 2 ** 31 - 1

/**
 * The id of a manual email or SMS group given by id or by name; a name Setrow does not have yet is
 * created, so a fresh account needs no setup before the first sync. Creating is not safe to repeat
 * (a second group of the same name), so each try looks the name up first: a create whose answer
 * was lost is found instead of made twice.
 */
export async function setrowGroupId(
  setrow: SetrowClient,
  channel: 'email' | 'sms',
  group: number | string,
  { dryRun = false, signal }: Partial<Pick<StreamContext, 'dryRun' | 'signal'>> = {},
  tries = 5,
): Promise<number> {
  if (typeof group === 'number') return group
  const groups = channel === 'email' ? setrow.groups.email : setrow.groups.sms
  const name = foldTurkish(group)
  for (let attempt = 1; ; attempt++) {
    const existing = (await groups.list({}, { signal })).find(
      (g) => foldTurkish(g.groupName) === name,
    )
    if (existing) return existing.groupId
    // a dry run creates nothing: a group the run would create stands in by an id Setrow never gives
    if (dryRun) return DRY_RUN_GROUP_ID
    try {
      return (await groups.create({ groupName: group }, { signal })).groupId
    } catch (error) {
      // E109: another run on the same account created it meanwhile; the next look finds it
      const takenMeanwhile = isSetrowError(error, 'E109')
      if (attempt >= tries || !(takenMeanwhile || isTransient(error))) throw error
    }
  }
}
