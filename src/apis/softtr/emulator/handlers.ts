/** One thin handler per Softtr operation; the rules live in the store. */
import { spliced } from '../../../emulator/json.ts'
import type { Handlers } from '../../../emulator/types.ts'
import type { SofttrApi } from '../operations.ts'
import { MAX_PAGE_SIZE } from '../schemas.ts'
import { fail, ok } from './answers.ts'
import { toDetail, type SofttrStore } from './store.ts'

export const softtrHandlers: Handlers<SofttrApi, SofttrStore> = {
  'orders.list': ({ query }, ctx) => {
    const startDate = asDate(query.startDate)
    const endDate = asDate(query.endDate)
    if (startDate && endDate && endDate < startDate) throw fail(ctx, 'invalidParameter', 'endDate')
    const page = ctx.state.listOrders({
      page: query.page ?? 1,
      pageSize: query.pageSize ?? MAX_PAGE_SIZE,
      startDate,
      endDate,
    })
    const { count, ...rest } = page
    return ok(ctx, spliced({ orderCount: count, ...rest }))
  },

  'orders.get': ({ params }, ctx) => {
    const order = ctx.state.order(params.orderno)
    if (!order) throw fail(ctx, 'notFound')
    return ok(ctx, { content: toDetail(order) })
  },

  'orders.updateStatus': ({ body }, ctx) => {
    const { unknown } = ctx.state.updateStatuses(body)
    if (unknown.length) throw fail(ctx, 'invalidParameter', 'orderno', { unknown })
    return ok(ctx)
  },

  'products.list': ({ query }, ctx) => {
    const { count, ...rest } = ctx.state.listProducts({
      page: query.page ?? 1,
      pageSize: query.pageSize ?? query.size ?? MAX_PAGE_SIZE,
    })
    return ok(ctx, { productCount: count, ...rest })
  },

  'products.updateStockAndPrice': ({ body }, ctx) => {
    const { unknown } = ctx.state.updateStockAndPrice(body)
    if (unknown.length) throw fail(ctx, 'invalidParameter', 'barcode', { unknown })
    return ok(ctx)
  },
}

function asDate(value: Date | string | undefined): Date | undefined {
  return value === undefined ? undefined : new Date(value)
}
