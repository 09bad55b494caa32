/** One thin handler per Setrow operation; the rules live in the domain modules. */
import type { Handlers } from '../../../emulator/types.ts'
import { filterPairs, type AreaFilter } from '../codecs.ts'
import type { SetrowApi } from '../operations.ts'
import {
  requireIysPool,
  requireSmsSettings,
  type SetrowContext,
  type SetrowSwitches,
} from './account.ts'
import { stampOf } from './addresses.ts'
import { bulk, fail, ok } from './answers.ts'
import * as catalogue from './catalogue.ts'
import {
  cardOf,
  keyOf,
  removeContact,
  transferContact,
  upsertContact,
  type ContactFields,
} from './contacts.ts'
import { autoGroupMembers, createGroup, groupMembers, listGroups } from './groups.ts'
import { checkHours, iysGroupMembers, iysLogs, saveTransaction } from './iys.ts'
import {
  checkWindow,
  entriesIn,
  inWindow,
  listStatus,
  readAddress,
  resubscribe,
  unsubscribe,
  unsubscribeList,
  type DayWindow,
} from './lists.ts'
import type { Channel, ListName, SetrowStore } from './store.ts'

const stamps = new WeakMap<SetrowContext, string>()
/** The request's time as a stamp, formatted once per request (bulk items share it). */
function now(ctx: SetrowContext): string {
  let stamp = stamps.get(ctx)
  if (stamp === undefined) stamps.set(ctx, (stamp = stampOf(ctx.now)))
  return stamp
}
const byEmail = (item: { email: string }) => ({ email: item.email })
const byNumber = (item: { number: string }) => ({ number: item.number })

function card(
  ctx: SetrowContext,
  channel: Channel,
  text: string,
  unknown: 'E104' | 'E119' | 'E130',
) {
  const address = readAddress(channel, text)
  const contact = ctx.state.contacts[channel].get(address)
  if (!contact) throw fail(unknown)
  return ok(cardOf(ctx.state, channel, contact))
}

function upsert<T extends ContactFields & { groupId: number }>(
  ctx: SetrowContext,
  channel: Channel,
  items: readonly T[],
  addressOf: (item: T) => string,
) {
  const stamp = now(ctx)
  return bulk(
    items,
    (item) => ({ [keyOf(channel)]: addressOf(item) }),
    (item) => upsertContact(ctx.state, channel, addressOf(item), item, stamp),
  )
}

function report(
  ctx: SetrowContext,
  channel: 'sms' | 'whatsapp',
  query: {
    reportType?: number
    number?: string
    startDate?: Date | string
    lastDate?: Date | string
  },
) {
  const number = query.number === undefined ? undefined : readAddress(channel, query.number)
  const dated = query.startDate !== undefined || query.lastDate !== undefined
  if (number === undefined && !dated) throw fail('E133')
  let window: DayWindow | undefined
  if (dated) {
    if (query.startDate === undefined) throw fail('E100', 'startDate')
    if (query.lastDate === undefined) throw fail('E100', 'lastDate')
    window = checkWindow(query.startDate, query.lastDate)
  }
  const wanted = [undefined, 'DELIVERED', 'UNDELIVERED'][(query.reportType ?? 1) - 1]
  return ok(
    ctx.state.reports[channel].filter(
      (r) =>
        (number === undefined || r.number === number) &&
        (!window || inWindow(r.sendDate, window)) &&
        (wanted === undefined || r.status === wanted),
    ),
  )
}

function dated(ctx: SetrowContext, list: ListName, key: 'email' | 'number', q: DatedQuery) {
  const window = checkWindow(q.startDate, q.lastDate)
  return ok(entriesIn(ctx.state, list, window).map((e) => ({ [key]: e.address, date: e.date })))
}
type DatedQuery = { startDate: Date | string; lastDate: Date | string }

function status(ctx: SetrowContext, channel: Channel, text: string) {
  const address = readAddress(channel, text)
  const { on, date } = listStatus(ctx.state, unsubscribeList[channel], address)
  return ok({ [keyOf(channel)]: address, unsubscribed: on, date })
}

function listChange(
  channel: Channel,
  change: { address: string; status: 'added' | 'deleted'; date: string },
) {
  return ok({ [keyOf(channel)]: change.address, status: change.status, date: change.date })
}

type FilterQuery = {
  _filter?: AreaFilter | undefined
  _filters?: AreaFilter | undefined
  getAreas?: string[] | undefined
  updateDateArea?: string | undefined
  lastUpdateDate?: Date | string | undefined
}

function filtered(ctx: SetrowContext, channel: Channel, groupId: number, q: FilterQuery) {
  if ((q.updateDateArea === undefined) !== (q.lastUpdateDate === undefined))
    throw fail('E100', q.updateDateArea === undefined ? 'updateDateArea' : 'lastUpdateDate')
  return ok(
    groupMembers(ctx.state, channel, groupId, {
      // both spellings at once: the pairs of each, none overriding the other's
      filter: [...filterPairs(q._filters ?? {}), ...filterPairs(q._filter ?? {})],
      areas: q.getAreas,
      updateDateArea: q.updateDateArea,
      since: q.lastUpdateDate === undefined ? undefined : new Date(q.lastUpdateDate),
    }),
  )
}

function product(state: SetrowStore, by: 'code' | 'barcode', value: string) {
  const found = by === 'code' ? state.products.get(value) : state.productsByBarcode.get(value)
  if (!found) throw fail(by === 'code' ? 'E112' : 'E140')
  return found
}

export const setrowHandlers: Handlers<SetrowApi, SetrowStore, SetrowSwitches> = {
  'email.get': ({ params }, ctx) => card(ctx, 'email', params.email, 'E104'),
  'email.add': ({ body }, ctx) => upsert(ctx, 'email', body, (item) => item.email),
  'email.transfer': ({ body }, ctx) =>
    bulk(body, byEmail, (item) =>
      transferContact(ctx.state, 'email', { ...item, address: item.email }, now(ctx)),
    ),
  'email.delete': ({ body }, ctx) =>
    bulk(body, byEmail, (item) =>
      removeContact(ctx.state, 'email', { ...item, address: item.email }, now(ctx)),
    ),

  'sms.report': ({ query }, ctx) => {
    requireSmsSettings(ctx)
    return report(ctx, 'sms', query)
  },
  'sms.get': ({ params }, ctx) => {
    requireSmsSettings(ctx)
    return card(ctx, 'sms', params.number, 'E119')
  },
  'sms.add': ({ body }, ctx) => {
    requireSmsSettings(ctx)
    return upsert(ctx, 'sms', body, (item) => item.number)
  },
  'sms.transfer': ({ body }, ctx) => {
    requireSmsSettings(ctx)
    return bulk(body, byNumber, (item) =>
      transferContact(ctx.state, 'sms', { ...item, address: item.number }, now(ctx)),
    )
  },
  'sms.delete': ({ body }, ctx) => {
    requireSmsSettings(ctx)
    return bulk(body, byNumber, (item) =>
      removeContact(ctx.state, 'sms', { ...item, address: item.number }, now(ctx)),
    )
  },

  'whatsapp.report': ({ query }, ctx) => report(ctx, 'whatsapp', query),
  'whatsapp.get': ({ params }, ctx) => card(ctx, 'whatsapp', params.number, 'E130'),
  'whatsapp.add': ({ body }, ctx) => upsert(ctx, 'whatsapp', body, (item) => item.number),
  'whatsapp.delete': ({ body }, ctx) =>
    bulk(body, byNumber, (item) =>
      removeContact(ctx.state, 'whatsapp', { ...item, address: item.number }, now(ctx)),
    ),
  'wrong.whatsapp.list': ({ query }, ctx) => dated(ctx, 'wrongWhatsapp', 'number', query),
  'groups.whatsapp.list': (_, ctx) => ok(listGroups(ctx.state, 'whatsapp')),
  'groups.whatsapp.members': ({ params }, ctx) =>
    ok(groupMembers(ctx.state, 'whatsapp', params.whatsapp_group_id)),
  'groups.whatsapp.create': ({ body }, ctx) =>
    ok(createGroup(ctx.state, 'whatsapp', body.groupName, { now: now(ctx), miniPlan: false })),
  'unsubscribe.whatsapp.list': ({ query }, ctx) =>
    dated(ctx, 'unsubscribeWhatsapp', 'number', query),
  'unsubscribe.whatsapp.status': ({ params }, ctx) => status(ctx, 'whatsapp', params.number),
  'unsubscribe.whatsapp.add': ({ body }, ctx) =>
    listChange('whatsapp', unsubscribe(ctx.state, 'whatsapp', body.number, now(ctx))),
  'unsubscribe.whatsapp.delete': ({ body }, ctx) =>
    listChange('whatsapp', resubscribe(ctx.state, 'whatsapp', body.number, now(ctx))),

  'groups.email.list': (_, ctx) => ok(listGroups(ctx.state, 'email')),
  'groups.email.members': ({ params }, ctx) =>
    ok(groupMembers(ctx.state, 'email', params.group_id)),
  'groups.email.filter': ({ params, query }, ctx) => filtered(ctx, 'email', params.group_id, query),
  'groups.email.auto': ({ params }, ctx) =>
    ok(autoGroupMembers(ctx.state, params.group_id, ctx.now)),
  'groups.email.create': ({ body }, ctx) =>
    ok(
      createGroup(ctx.state, 'email', body.groupName, {
        now: now(ctx),
        miniPlan: ctx.switches.miniPlan,
      }),
    ),

  'groups.sms.list': (_, ctx) => {
    requireSmsSettings(ctx)
    return ok(listGroups(ctx.state, 'sms'))
  },
  'groups.sms.members': ({ params }, ctx) => {
    requireSmsSettings(ctx)
    return ok(groupMembers(ctx.state, 'sms', params.sms_group_id))
  },
  'groups.sms.filter': ({ params, query }, ctx) => {
    requireSmsSettings(ctx)
    return filtered(ctx, 'sms', params.sms_group_id, query)
  },
  'groups.sms.create': ({ body }, ctx) => {
    requireSmsSettings(ctx)
    return ok(createGroup(ctx.state, 'sms', body.groupName, { now: now(ctx), miniPlan: false }))
  },

  'categories.list': (_, ctx) =>
    ok([...ctx.state.categories.values()].sort((a, b) => a.categoryId - b.categoryId)),
  'categories.add': ({ body }, ctx) => {
    const outcomes = catalogue.addCategories(ctx.state, body)
    return bulk(
      body,
      (item) => ({ categoryId: item.categoryId }),
      (_, index) => outcomes[index]!,
    )
  },
  'categories.delete': ({ params }, ctx) =>
    ok(catalogue.deleteCategory(ctx.state, params.categoryId)),

  'products.list': ({ params }, ctx) =>
    ok([...ctx.state.products.values()].filter((p) => p.status === params.status)),
  'products.getByCode': ({ params }, ctx) => ok(product(ctx.state, 'code', params.productCode)),
  'products.getByBarcode': ({ params }, ctx) => ok(product(ctx.state, 'barcode', params.barcode)),
  'products.add': ({ body }, ctx) => ok(catalogue.saveProduct(ctx.state, body, now(ctx))),
  'products.deleteByCode': ({ params }, ctx) =>
    ok(catalogue.deleteProduct(ctx.state, product(ctx.state, 'code', params.productCode))),
  'products.deleteByBarcode': ({ params }, ctx) =>
    ok(catalogue.deleteProduct(ctx.state, product(ctx.state, 'barcode', params.barcode))),

  'favorites.list': ({ params }, ctx) =>
    ok(catalogue.favoritesOf(ctx.state, catalogue.readEmail(params.email))),
  'favorites.add': ({ body }, ctx) =>
    bulk(
      body,
      (item) => ({ email: item.email, productCode: item.productCode }),
      (item) => catalogue.addFavorite(ctx.state, item, now(ctx)),
    ),
  'favorites.delete': ({ body }, ctx) =>
    bulk(
      body,
      (item) => ({ email: item.email, productCode: item.productCode }),
      (item) => catalogue.removeFavorite(ctx.state, item),
    ),

  'baskets.list': ({ params }, ctx) =>
    ok(catalogue.basketOf(ctx.state, catalogue.readEmail(params.email))),
  'baskets.add': ({ body }, ctx) =>
    bulk(
      body,
      (item) => ({ email: item.email, productCode: item.productCode }),
      (item) => catalogue.addToBasket(ctx.state, item, now(ctx)),
    ),
  'baskets.delete': ({ body }, ctx) =>
    bulk(
      body,
      (item) => ({ email: item.email, productCode: item.productCode ?? null }),
      (item) => catalogue.removeFromBasket(ctx.state, item),
    ),

  'orders.list': ({ params }, ctx) =>
    ok(catalogue.ordersOf(ctx.state, catalogue.readEmail(params.email))),
  'orders.add': ({ body }, ctx) =>
    bulk(
      body,
      (item) => ({ orderId: item.orderId }),
      (item) => catalogue.saveOrder(ctx.state, item),
    ),
  'orders.updateStatus': ({ body }, ctx) =>
    bulk(
      body,
      (item) => ({ orderId: item.orderId }),
      (item) => catalogue.setOrderStatus(ctx.state, item),
    ),
  'orders.delete': ({ body }, ctx) =>
    bulk(
      body,
      (item) => ({ orderId: item.orderId }),
      (item) => catalogue.deleteOrder(ctx.state, item),
    ),

  'unsubscribe.email.list': ({ query }, ctx) => dated(ctx, 'unsubscribeEmail', 'email', query),
  'unsubscribe.email.add': ({ body }, ctx) =>
    listChange('email', unsubscribe(ctx.state, 'email', body.email, now(ctx))),
  'unsubscribe.email.delete': ({ body }, ctx) =>
    listChange('email', resubscribe(ctx.state, 'email', body.email, now(ctx))),
  'unsubscribe.email.status': ({ params }, ctx) => status(ctx, 'email', params.email),

  'unsubscribe.sms.list': ({ query }, ctx) => dated(ctx, 'unsubscribeSms', 'number', query),
  'unsubscribe.sms.add': ({ body }, ctx) =>
    listChange('sms', unsubscribe(ctx.state, 'sms', body.number, now(ctx))),
  'unsubscribe.sms.delete': ({ body }, ctx) =>
    listChange('sms', resubscribe(ctx.state, 'sms', body.number, now(ctx))),
  'unsubscribe.sms.status': ({ params }, ctx) => status(ctx, 'sms', params.number),

  'junk.list': ({ query }, ctx) => dated(ctx, 'junk', 'email', query),
  'junk.status': ({ params }, ctx) => {
    const email = catalogue.readEmail(params.email)
    const { on, date } = listStatus(ctx.state, 'junk', email)
    return ok({ email, junk: on, date })
  },
  'wrong.email.list': ({ query }, ctx) => dated(ctx, 'wrongEmail', 'email', query),

  'iys.errors': ({ params }, ctx) => {
    requireIysPool(ctx)
    return ok(iysLogs(ctx.state, 'errors', checkHours(params.hours, 'E135'), ctx.now))
  },
  'iys.successes': ({ params }, ctx) => {
    requireIysPool(ctx)
    return ok(iysLogs(ctx.state, 'successes', checkHours(params.hours, 'E135'), ctx.now))
  },
  'iys.email.list': ({ query }, ctx) => {
    requireIysPool(ctx)
    const hour = checkHours(query.hour, 'E136')
    return ok(
      iysGroupMembers(ctx.state, 'email', { ...query, hour, areas: query.getAreas }, ctx.now),
    )
  },
  'iys.sms.list': ({ query }, ctx) => {
    requireIysPool(ctx)
    requireSmsSettings(ctx)
    const hour = checkHours(query.hour, 'E136')
    return ok(iysGroupMembers(ctx.state, 'sms', { ...query, hour, areas: query.getAreas }, ctx.now))
  },
  'iys.transactions.save': ({ body }, ctx) => {
    requireIysPool(ctx)
    const options = { now: now(ctx), smsSettings: ctx.switches.smsSettings }
    return bulk(
      body,
      (item) => ({ recipient: item.email ?? item.number ?? '' }),
      (item) => saveTransaction(ctx.state, item, options),
    )
  },
}
