/**
 * Orders' rules: a type the account has (`Invalid order type!`), at least one line and a
 * Quantity and Price on each (`Invalid orderlines!`, `Invalid order line!`), PriceTotal computed
 * per line (Quantity × Price) and per order (their sum) on every read, never the last line
 * deleted (`Invalid operation on order!`), and the deleted record as the answer to a delete.
 */
import { decimal } from '../codecs.ts'
import { createOrder, createOrderLine, patchOrder, patchOrderLine } from '../schemas/orders.ts'
import { fail, notFound } from './answers.ts'
import { flatDynamic, readDynamic } from './dynamic.ts'
import type { StoredLine, StoredOrder } from './state.ts'
import type { LoyaltiiStore } from './store.ts'
import type { LoyaltiiContext } from './switches.ts'
import { stamp } from './time.ts'

type Body = Record<string, unknown>

/** The contact's registration, which orders and lines show beside their own fields. */
function registration(store: LoyaltiiStore, contactId: number | null) {
  const contact = contactId === null ? undefined : store.contacts.get(contactId)
  return {
    ContactRegistrationSource: contact?.RegistrationSource ?? null,
    ContactRegistrationDateTime: contact?.RegistrationDateTime ?? null,
  }
}

export function lineOut(store: LoyaltiiStore, order: StoredOrder, line: StoredLine) {
  return {
    Id: line.Id,
    OrderId: line.OrderId,
    ExtProductId: line.ExtProductId,
    ImgUrl: line.ImgUrl,
    Name: line.Name,
    Description: line.Description,
    Quantity: line.Quantity,
    Price: line.Price,
    PriceTotal: decimal(line.Quantity * line.Price),
    LastModified: line.LastModified,
    ContactId: line.ContactId,
    ...registration(store, line.ContactId ?? order.ContactId),
    ...flatDynamic(store, 'OrderLines', line.Dynamic),
  }
}

export function orderOut(store: LoyaltiiStore, order: StoredOrder, withLines = true) {
  const total = decimal(order.OrderLines.reduce((sum, l) => sum + decimal(l.Quantity * l.Price), 0))
  return {
    Id: order.Id,
    Type: order.Type,
    ExtOrderId: order.ExtOrderId,
    ContactId: order.ContactId,
    FirstName: order.FirstName,
    LastName: order.LastName,
    Address: order.Address,
    PostCode: order.PostCode,
    City: order.City,
    Country: order.Country,
    Company: order.Company,
    PriceTotal: total,
    LastModified: order.LastModified,
    StoreId: order.StoreId,
    OriginDate: order.OriginDate,
    StartDate: order.StartDate,
    EndDate: order.EndDate,
    Email: order.Email,
    ...registration(store, order.ContactId),
    OrderLines: withLines ? order.OrderLines.map((line) => lineOut(store, order, line)) : null,
    ...flatDynamic(store, 'Orders', order.Dynamic),
  }
}

/** `Orders/Types`: the account's types but those the panel switched off. */
export function orderTypes(ctx: LoyaltiiContext): string[] {
  const off = new Set(ctx.switches.withoutOrderTypes.map((t) => t.toLowerCase()))
  return ctx.state.account.orderTypes.filter((t) => !off.has(t.toLowerCase()))
}

/** The account's own spelling of `type`, compared without case (assumed); else 400. */
function checkType(ctx: LoyaltiiContext, type: string): string {
  const found = orderTypes(ctx).find((t) => t.toLowerCase() === type.trim().toLowerCase())
  if (!found) throw fail('invalidOrderType')
  return found
}

function checkRefs(store: LoyaltiiStore, body: Body) {
  if (typeof body.ContactId === 'number' && !store.contacts.has(body.ContactId))
    throw fail('invalidContact')
  if (typeof body.StoreId === 'number' && !store.stores.has(body.StoreId))
    throw fail('invalidStore')
}

const orderKeys = new Set(Object.keys(createOrder.shape))
const patchKeys = new Set(Object.keys(patchOrder.shape))
const lineKeys = new Set(Object.keys(createOrderLine.shape))
const linePatchKeys = new Set(Object.keys(patchOrderLine.shape))
const orderFields = [
  'ExtOrderId',
  'ContactId',
  'FirstName',
  'LastName',
  'Address',
  'PostCode',
  'City',
  'Country',
  'Company',
  'StoreId',
  'OriginDate',
  'StartDate',
  'EndDate',
  'Email',
] as const
const lineText = ['ExtProductId', 'ImgUrl', 'Name', 'Description', 'ContactId'] as const
const lineFields = [...lineText, 'Quantity', 'Price'] as const

function pick<K extends string>(
  body: Body,
  keys: readonly K[],
  keepNull: boolean,
): Partial<Record<K, unknown>> {
  const out: Partial<Record<K, unknown>> = {}
  for (const key of keys) {
    const value = body[key]
    if (value === undefined || (value === null && !keepNull)) continue
    out[key] = value instanceof Date ? stamp(value) : value
  }
  return out
}

/** A new line's record; `bad` is the answer when Quantity or Price is missing. */
function newLine(
  ctx: LoyaltiiContext,
  orderId: number,
  body: Body,
  bad: 'invalidOrderLines' | 'invalidOrderLine',
): StoredLine {
  if (typeof body.Quantity !== 'number' || typeof body.Price !== 'number') throw fail(bad)
  checkRefs(ctx.state, { ContactId: body.ContactId })
  return {
    Id: 0,
    OrderId: orderId,
    ExtProductId: null,
    ImgUrl: null,
    Name: null,
    Description: null,
    ContactId: null,
    ...(pick(body, lineFields, true) as Partial<StoredLine>),
    Quantity: body.Quantity,
    Price: body.Price,
    LastModified: stamp(ctx.now),
    Dynamic: readDynamic(ctx.state, 'OrderLines', body, lineKeys),
  }
}

export function createOrderRecord(
  ctx: LoyaltiiContext,
  body: Body & { Type: string },
): StoredOrder {
  const store = ctx.state
  const type = checkType(ctx, body.Type)
  const lines = body.OrderLines
  if (!Array.isArray(lines) || lines.length === 0) throw fail('invalidOrderLines')
  checkRefs(store, body)
  const made = (lines as Body[]).map((line) => newLine(ctx, 0, line, 'invalidOrderLines'))
  const dynamic = readDynamic(store, 'Orders', body, orderKeys)
  const order: StoredOrder = {
    Id: store.nextId('order'),
    Type: type,
    ExtOrderId: null,
    ContactId: null,
    FirstName: null,
    LastName: null,
    Address: null,
    PostCode: null,
    City: null,
    Country: null,
    Company: null,
    StoreId: null,
    OriginDate: null,
    StartDate: null,
    EndDate: null,
    Email: null,
    ...(pick(body, orderFields, true) as Partial<StoredOrder>),
    LastModified: stamp(ctx.now),
    Dynamic: dynamic,
    OrderLines: made.map((line) => ({ ...line, Id: store.nextId('line') })),
  }
  for (const line of order.OrderLines) line.OrderId = order.Id
  store.indexOrder(order)
  return order
}

export function requireOrder(store: LoyaltiiStore, id: number): StoredOrder {
  const order = store.orders.get(id)
  if (!order) throw notFound()
  return order
}

function requireLine(store: LoyaltiiStore, id: number, lid: number) {
  const order = requireOrder(store, id)
  const line = order.OrderLines.find((l) => l.Id === lid)
  if (!line) throw notFound()
  return { order, line }
}

export function addLine(ctx: LoyaltiiContext, id: number, body: Body) {
  const store = ctx.state
  const order = requireOrder(store, id)
  const line = { ...newLine(ctx, order.Id, body, 'invalidOrderLine'), Id: store.nextId('line') }
  store.addLine(order, line)
  order.LastModified = line.LastModified
  return lineOut(store, order, line)
}

/** PATCH: the fields given change (null too, but not Type); lines are not touched. */
export function patchOrderRecord(ctx: LoyaltiiContext, id: number, body: Body) {
  const store = ctx.state
  const order = requireOrder(store, id)
  const type = typeof body.Type === 'string' ? checkType(ctx, body.Type) : order.Type
  checkRefs(store, body)
  const dynamic = readDynamic(store, 'Orders', body, patchKeys)
  store.unindexOrder(order)
  Object.assign(order, pick(body, orderFields, true), { Type: type })
  Object.assign(order.Dynamic, dynamic)
  order.LastModified = stamp(ctx.now)
  store.indexOrder(order)
  return orderOut(store, order)
}

/** PATCH a line: the fields given change (Quantity and Price only to numbers); PriceTotal follows. */
export function patchLine(ctx: LoyaltiiContext, id: number, lid: number, body: Body) {
  const store = ctx.state
  const { order, line } = requireLine(store, id, lid)
  checkRefs(store, { ContactId: body.ContactId })
  const dynamic = readDynamic(store, 'OrderLines', body, linePatchKeys)
  Object.assign(line, pick(body, lineText, true), pick(body, ['Quantity', 'Price'], false))
  Object.assign(line.Dynamic, dynamic)
  line.LastModified = order.LastModified = stamp(ctx.now)
  return lineOut(store, order, line)
}

export function deleteOrder(ctx: LoyaltiiContext, id: number) {
  const store = ctx.state
  const order = requireOrder(store, id)
  const out = orderOut(store, order)
  store.removeOrder(order)
  return out
}

/** An order keeps at least one line: deleting the last is refused; delete the order instead. */
export function deleteLine(ctx: LoyaltiiContext, id: number, lid: number) {
  const store = ctx.state
  const { order, line } = requireLine(store, id, lid)
  if (order.OrderLines.length === 1) throw fail('invalidOperationOnOrder')
  const out = lineOut(store, order, line)
  order.OrderLines = order.OrderLines.filter((l) => l !== line)
  store.lineOrders.delete(line.Id)
  order.LastModified = stamp(ctx.now)
  return out
}

export function ordersOfContact(
  ctx: LoyaltiiContext,
  contactId: number,
  orderType: string | undefined,
  withLines: boolean,
) {
  const store = ctx.state
  const type = orderType?.toLowerCase()
  return [...(store.ordersByContact.get(contactId) ?? [])]
    .filter((o) => type === undefined || o.Type.toLowerCase() === type)
    .sort((a, b) => a.Id - b.Id)
    .map((o) => orderOut(store, o, withLines))
}

export function ordersByExtId(ctx: LoyaltiiContext, extOrderId: string) {
  const store = ctx.state
  return [...(store.ordersByExtId.get(extOrderId) ?? [])]
    .sort((a, b) => a.Id - b.Id)
    .map((o) => orderOut(store, o))
}
