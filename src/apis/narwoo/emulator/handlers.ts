/** One thin handler per Narwoo operation; the rules live in the domain modules. */
import { randomBytes } from 'node:crypto'
import { spliced } from '../../../emulator/json.ts'
import { sameSecret } from '../../../emulator/secrets.ts'
import { ErrorReply, json, type Handlers } from '../../../emulator/types.ts'
import { narwooErrors } from '../errors.ts'
import type { NarwooApi } from '../operations.ts'
import { DEFAULT_LIMIT, DEFAULT_ORDER_MONTHS, MAX_LIMIT, type CategoryNode } from '../schemas.ts'
import { done, fail, productProblems, reply } from './answers.ts'
import {
  cancelIntegrationCargo,
  cancelManualCargo,
  cargoDetail,
  createIntegrationCargo,
  createManualCargo,
  labelLink,
} from './cargo.ts'
import {
  brandsOf,
  cargoCompanies,
  categoryById,
  categoryTreeWithIds,
  findCargoCompany,
  optionsOf,
  type Category,
} from './catalogue.ts'
import { sameName, turkeyTime, wallClock } from './format.ts'
import {
  cancelOrder,
  confirmOrder,
  findOrder,
  ordersBetween,
  summariesJson,
  toWireDetail,
  type Outcome,
} from './orders.ts'
import { productsBySku, saveProducts, toWireProduct } from './products.ts'
import type { NarwooStore, StoredOrder } from './store.ts'
import type { NarwooSwitches } from './switches.ts'

type Ctx = { state: NarwooStore; now: Date }

export const narwooHandlers: Handlers<NarwooApi, NarwooStore, NarwooSwitches> = {
  'auth.login': ({ query }, ctx) => {
    if (!query.userEmail.trim() || !query.userPassword) throw fail('missingParameter')
    // both compared whatever the first says: the time tells nothing about which one was wrong
    const email = sameName(query.userEmail, ctx.credentials.userEmail ?? '')
    const password = sameSecret(query.userPassword, ctx.credentials.userPassword ?? '')
    if (!ctx.switches.apiAccess || !email || !password) throw fail('unauthorized')
    // the document's token is 51 hex characters
    const token = randomBytes(26).toString('hex').slice(0, 51)
    ctx.state.issueToken(token, ctx.now.getTime(), ctx.switches.tokenLifetimeSeconds * 1000)
    return reply({ errCode: 0, token })
  },

  'orders.list': ({ query }, ctx) => {
    const wallNow = wallClock(ctx.now)
    const from = new Date(wallNow)
    from.setUTCMonth(from.getUTCMonth() - DEFAULT_ORDER_MONTHS)
    const start = query.start_date === undefined ? from : new Date(query.start_date)
    const end = query.end_date === undefined ? wallNow : new Date(query.end_date)
    const orders = ordersBetween(ctx.state, start, end, paging(query))
    return spliced({ order_list: summariesJson(orders) })
  },

  'categories.list': () => reply({ optionList: wireTree(), errCode: 0 }),

  'options.list': ({ query }) => {
    const found = category(query.categoryId)
    const options = found ? optionsOf(found) : []
    const optionList = Object.fromEntries(
      options.map((o) => [
        String(o.id),
        {
          id: String(o.id),
          name: o.name,
          variantStatus: o.variantStatus,
          values: Object.fromEntries(
            o.values.map((v) => [String(v.id), { id: String(v.id), name: v.name }]),
          ),
        },
      ]),
    )
    return reply({ optionList, errCode: 0 })
  },

  'brands.list': ({ query }) => {
    const found = category(query.categoryId)
    const brandList = (found ? brandsOf(found) : []).map((b) => ({
      id: String(b.id),
      name: b.name,
    }))
    return reply({ brandList, errCode: 0 })
  },

  'products.list': ({ query }, ctx) => {
    const { offset, limit } = paging(query)
    let products = ctx.state.liveProducts()
    if (query.type === 'bySku') {
      if (!query.sku?.trim()) throw fail('missingParameter')
      products = productsBySku(ctx.state, query.sku)
    }
    return reply({ productList: products.slice(offset, offset + limit).map(toWireProduct) })
  },

  'products.create': ({ body }, ctx) =>
    saveAnswer(saveProducts(ctx.state, body.productList, ctx.now)),
  'products.update': ({ body }, ctx) =>
    saveAnswer(saveProducts(ctx.state, body.productList, ctx.now)),

  'products.delete': ({ query }, ctx) => {
    if (!query.productId.trim()) throw fail('missingParameter')
    const product = /^\d+$/.test(query.productId.trim())
      ? ctx.state.product(Number(query.productId))
      : undefined
    if (!product || product.deleted) {
      const { code, message } = narwooErrors.deleteFailed
      throw new ErrorReply(json(reply({ status: 'error', errCode: Number(code), message })))
    }
    product.deleted = true
    product.updatedAt = turkeyTime(ctx.now)
    return reply({ status: 'deleted', errCode: 0 })
  },

  'orders.get': ({ query }, ctx) => toWireDetail(ctx.state, order(ctx, query.order_number)),

  'orders.confirm': ({ body }, ctx) =>
    outcome(confirmOrder(ctx.state, order(ctx, body.order_number))),

  'orders.cancel': ({ body }, ctx) => {
    if (!body.order_number.trim()) throw fail('orderNumberMissing')
    if (!body.cancel_reason.trim()) throw fail('missingParameter')
    return outcome(cancelOrder(order(ctx, body.order_number), body.cancel_reason))
  },

  'cargoCompanies.list': () => ({
    cargo_companies_list: cargoCompanies.map((c) => ({
      cargo_id: String(c.id),
      cargo_name: c.name,
    })),
  }),

  'cargo.createManual': ({ body }, ctx) => {
    if (!body.order_number.trim()) throw fail('orderNumberMissing')
    if (!body.cargoCompanyName.trim()) throw fail('cargoCompanyNotFound')
    if (!body.cargo_number.trim()) throw fail('cargoNumberMissing')
    if (!findCargoCompany(body.cargoCompanyName)) throw fail('cargoCompanyNotFound')
    if (body.cargo_number.trim().length < 6) throw fail('cargoNumberTooShort')
    const target = order(ctx, body.order_number)
    return outcome(createManualCargo(target, body.cargoCompanyName, body.cargo_number, ctx.now))
  },

  'cargo.cancelManual': ({ body }, ctx) =>
    outcome(cancelManualCargo(order(ctx, body.order_number))),

  'cargo.createIntegration': ({ body }, ctx) => {
    const booked = createIntegrationCargo(ctx.state, order(ctx, body.order_number), ctx.now)
    if (!booked.ok) return outcome(booked)
    const origin = new URL(ctx.request.url).origin
    return done({
      cargoKey: booked.cargoKey,
      cargoLabelLink: labelLink(origin, booked.cargoKey!, booked.labelKey!),
    })
  },

  'cargo.cancelIntegration': ({ body }, ctx) =>
    outcome(cancelIntegrationCargo(order(ctx, body.order_number), ctx.now)),

  'cargo.getIntegration': ({ query }, ctx) => {
    if (!query.order_number.trim()) throw fail('orderNumberMissing')
    if (!query.cargo_number.trim()) throw fail('cargoNumberMissing')
    const found = cargoDetail(order(ctx, query.order_number), query.cargo_number, ctx.now)
    if ('error' in found) throw fail(found.error)
    return done({ cargo_details: found.details })
  },
}

/** offset from 0; limit 20 by default, at most 100 ("en fazla 100 adet veri gösterilir"). */
function paging(query: { offset?: number | undefined; limit?: number | undefined }) {
  const limit = query.limit === undefined || query.limit < 1 ? DEFAULT_LIMIT : query.limit
  return { offset: Math.max(0, query.offset ?? 0), limit: Math.min(limit, MAX_LIMIT) }
}

function order(ctx: Ctx, orderNumber: string): StoredOrder {
  const found = findOrder(ctx.state, orderNumber)
  if ('error' in found) throw fail(found.error)
  return found.order
}

function outcome(result: Outcome) {
  if (!result.ok) throw fail(result.error)
  return done()
}

function saveAnswer(errList: string[]) {
  if (errList.length) throw productProblems(errList)
  return reply({ status: 'success', errList: [] })
}

/** A category by id; missing is 42, unknown is none (no options, no brands; assumed). */
function category(categoryId: string): Category | undefined {
  if (!categoryId.trim()) throw fail('missingParameter')
  return /^\d+$/.test(categoryId.trim()) ? categoryById.get(Number(categoryId)) : undefined
}

let tree: Record<string, CategoryNode> | undefined
function wireTree(): Record<string, CategoryNode> {
  const toNode = (c: Category): CategoryNode => ({
    id: String(c.id),
    parent_id: String(c.parentId),
    name: c.name,
    sub: c.children.length
      ? Object.fromEntries(c.children.map((child) => [String(child.id), toNode(child)]))
      : [],
  })
  tree ??= Object.fromEntries(categoryTreeWithIds.map((c) => [String(c.id), toNode(c)]))
  return tree
}
