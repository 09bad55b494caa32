/**
 * One thin handler per Loyaltii operation (part 2's in `handlers-marketing.ts`); the rules live in
 * the domain modules. Before any call is answered, the dispatches the clock has moved on are
 * prepared (`lifecycle.ts`), so that every answer sees the account as it is at that moment.
 */
import { RawJson, spliced } from '../../../emulator/json.ts'
import type { Handlers } from '../../../emulator/types.ts'
import type { LoyaltiiApi } from '../operations.ts'
import {
  contactBySecret,
  contactsByField,
  login,
  patchFields,
  patchMany,
  personDataUrl,
  registrations,
  unblockEmail,
} from './contact-access.ts'
import {
  addContact,
  companyContacts,
  companyOut,
  createCompanyRecord,
  createEvents,
  createStoreRecord,
  eventsAfter,
  filterEvents,
  patchCompanyRecord,
  patchStoreRecord,
  removeContact,
  requireCompany,
  requireStore,
  storeOut,
} from './companies.ts'
import {
  baseInfo,
  contactOut,
  createContactRecord,
  deleteContact,
  patchContactRecord,
  replaceContact,
  requireContact,
  setPassword,
} from './contacts.ts'
import { notFound } from './answers.ts'
import {
  addLine,
  createOrderRecord,
  deleteLine,
  deleteOrder,
  orderOut,
  orderTypes,
  ordersByExtId,
  ordersOfContact,
  patchLine,
  patchOrderRecord,
  requireOrder,
} from './orders.ts'
import {
  cancelPoint,
  createPointRecord,
  pageAfter,
  pointRows,
  pointTypes,
  selectPoints,
  sumsByCompany,
  sumsByContact,
  sumsByStore,
  totalOrNull,
  totals,
  balance,
} from './points.ts'
import type { LoyaltiiStore } from './store.ts'
import type { LoyaltiiContext, LoyaltiiSwitches } from './switches.ts'
import { stamp } from './time.ts'
import { marketingHandlers } from './handlers-marketing.ts'
import { settle } from './lifecycle.ts'

const contactHandlers: Pick<
  Handlers<LoyaltiiApi, LoyaltiiStore, LoyaltiiSwitches>,
  `contacts.${string}` & keyof LoyaltiiApi['operations']
> = {
  'contacts.list': (_, { state }) => spliced(contactIds(state)),
  'contacts.getByEmail': ({ query }, { state }) => {
    const contact = state.contactByEmail(query.email)
    if (!contact) throw notFound()
    return contactOut(state, contact)
  },
  'contacts.getByPhone': ({ query }, { state }) => {
    const contact = state.contactByPhone(query.phone)
    if (!contact) throw notFound()
    return contactOut(state, contact)
  },
  'contacts.getBySecret': ({ query }, ctx) =>
    contactOut(ctx.state, contactBySecret(ctx, query.secret, query.ip)),
  'contacts.listByField': ({ query }, { state }) =>
    contactsByField(state, query.field, query.value).map((c) => contactOut(state, c)),
  'contacts.listPatchFields': (_, { state }) => patchFields(state),
  'contacts.listDynamicFields': (_, { state }) => state.account.dynamicFields.Contacts,
  'contacts.listBaseInfo': (_, { state }) => [...state.contacts.values()].map(baseInfo),
  'contacts.listRegistrations': ({ query }, ctx) => registrations(ctx, query),
  'contacts.get': ({ params }, { state }) => contactOut(state, requireContact(state, params.id)),
  'contacts.getPersonDataFile': ({ params }, ctx) => personDataUrl(ctx, params.id),
  'contacts.create': ({ body }, ctx) => contactOut(ctx.state, createContactRecord(ctx, body)),
  'contacts.login': ({ params, body }, ctx) => login(ctx, params.id, body.Password),
  'contacts.setPassword': ({ params, body }, ctx) => {
    setPassword(ctx, params.id, body.NewPassword)
    return new Response(null, { status: 200 })
  },
  'contacts.unblockEmail': ({ params }, ctx) => unblockEmail(ctx, params.id),
  'contacts.update': ({ params, body }, ctx) =>
    contactOut(ctx.state, replaceContact(ctx, params.id, body)),
  'contacts.patchMany': ({ body }, ctx) => patchMany(ctx, body),
  'contacts.patch': ({ params, body }, ctx) =>
    contactOut(ctx.state, patchContactRecord(ctx, params.id, body)),
  'contacts.delete': ({ params }, ctx) => {
    deleteContact(ctx, params.id)
    return new Response(null, { status: 200 })
  },
}

const orderHandlers: Pick<
  Handlers<LoyaltiiApi, LoyaltiiStore, LoyaltiiSwitches>,
  `orders.${string}` & keyof LoyaltiiApi['operations']
> = {
  'orders.listByContact': ({ query }, ctx) =>
    ordersOfContact(ctx, query.contactId, query.orderType, query.withOrderLines ?? true),
  'orders.listByExtOrderId': ({ query }, ctx) => ordersByExtId(ctx, query.extOrderId),
  'orders.listTypes': (_, ctx) => orderTypes(ctx),
  'orders.get': ({ params }, { state }) => orderOut(state, requireOrder(state, params.id)),
  'orders.create': ({ body }, ctx) => orderOut(ctx.state, createOrderRecord(ctx, body)),
  'orders.lines.create': ({ params, body }, ctx) => addLine(ctx, params.id, body),
  'orders.update': ({ params, body }, ctx) => patchOrderRecord(ctx, params.id, body),
  'orders.lines.update': ({ params, body }, ctx) => patchLine(ctx, params.id, params.lid, body),
  'orders.delete': ({ params }, ctx) => deleteOrder(ctx, params.id),
  'orders.lines.delete': ({ params }, ctx) => deleteLine(ctx, params.id, params.lid),
}

const pointHandlers: Pick<
  Handlers<LoyaltiiApi, LoyaltiiStore, LoyaltiiSwitches>,
  `points.${string}` & keyof LoyaltiiApi['operations']
> = {
  'points.list': ({ query }, { state }) => pageAfter(state, query.lastId, query.type),
  'points.listBySource': ({ query }, { state }) =>
    pointRows(selectPoints(state, state.points, { sourceId: query.sourceId, type: query.type })),
  'points.listByPeriod': ({ query }, { state }) =>
    pointRows(selectPoints(state, state.points, query)),
  'points.listByContact': ({ query }, { state }) =>
    pointRows(
      selectPoints(state, state.pointsByContact.get(query.contactId) ?? [], {
        type: query.type,
        from: query.datetimeFrom,
        to: query.datetimeTo,
      }),
    ),
  'points.listTypes': (_, { state }) => pointTypes(state),
  'points.totals': ({ query }, { state }) => totals(state, query.type),
  'points.sums': ({ query }, { state }) =>
    sumsByContact(selectPoints(state, state.pointsByContact.get(query.contactId) ?? [], query)),
  'points.sumsByContact': ({ query }, { state }) =>
    sumsByContact(selectPoints(state, state.points, query)),
  'points.sumsByStore': ({ query }, { state }) =>
    sumsByStore(selectPoints(state, state.points, query)),
  'points.totalForContact': ({ query }, { state }) =>
    balance(state, query.contactId, query.type, query.subType),
  'points.sumsByContactCompanies': ({ query }, { state }) =>
    sumsByCompany(selectPoints(state, state.points, query)),
  'points.totalForContactCompany': ({ query }, { state }) =>
    totalOrNull(selectPoints(state, state.points, { ...query, companyId: query.contactCompanyId })),
  'points.listByContactCompany': ({ query }, { state }) =>
    pointRows(selectPoints(state, state.points, { ...query, companyId: query.contactCompanyId })),
  'points.get': ({ params }, { state }) => {
    const point = state.pointsById.get(params.id)
    if (!point) throw notFound()
    return point
  },
  'points.create': ({ body }, ctx) => createPointRecord(ctx, body),
  'points.cancel': ({ params }, ctx) => cancelPoint(ctx.state, stamp(ctx.now), params.id),
  'points.searchForStores': ({ query, body }, { state }) =>
    pointRows(selectPoints(state, state.points, { ...query, stores: new Set(body) })),
  'points.searchCompanySumsForStores': ({ query, body }, { state }) =>
    sumsByCompany(selectPoints(state, state.points, { ...query, stores: new Set(body) })),
}

const otherHandlers: Pick<
  Handlers<LoyaltiiApi, LoyaltiiStore, LoyaltiiSwitches>,
  `${'stores' | 'contactCompanies' | 'contactEvents'}.${string}` & keyof LoyaltiiApi['operations']
> = {
  'stores.getByNumber': ({ query }, { state }) => {
    const found = state.storesByNumber.get(query.number)
    if (!found) throw notFound()
    return found
  },
  'stores.list': ({ query }, { state }) =>
    [...state.stores.values()].map((s) => storeOut(s, query.withoutJsonString !== true)),
  'stores.get': ({ params }, { state }) => requireStore(state, params.id),
  'stores.create': ({ body }, ctx) => createStoreRecord(ctx, body),
  'stores.update': ({ body }, ctx) => patchStoreRecord(ctx, body),
  'contactCompanies.list': (_, { state }) =>
    [...state.companies.values()].map((c) => companyOut(state, c)),
  'contactCompanies.listByPrimaryContactEmail': ({ query }, { state }) => {
    const contact = state.contactByEmail(query.primaryContactEmail)
    if (!contact) return []
    return [...state.companies.values()]
      .filter((c) => c.PrimaryContactId === contact.Id)
      .map((c) => companyOut(state, c))
  },
  'contactCompanies.getByNumber': ({ query }, { state }) => {
    const found = state.companiesByNumber.get(query.contactCompanyNumber)
    if (!found) throw notFound()
    return companyOut(state, found)
  },
  'contactCompanies.get': ({ params }, { state }) =>
    companyOut(state, requireCompany(state, params.id)),
  'contactCompanies.listContacts': ({ params }, { state }) => companyContacts(state, params.id),
  'contactCompanies.create': ({ body }, ctx) =>
    companyOut(ctx.state, createCompanyRecord(ctx, body)),
  'contactCompanies.addContact': ({ params, body }, ctx) => {
    addContact(ctx, params.id, body.ContactId)
    return new Response(null, { status: 200 })
  },
  'contactCompanies.removeContact': ({ params, body }, ctx) => {
    removeContact(ctx, params.id, body.ContactId)
    return new Response(null, { status: 200 })
  },
  'contactCompanies.update': ({ body }, ctx) =>
    companyOut(ctx.state, patchCompanyRecord(ctx, body)),
  'contactEvents.list': ({ query }, { state }) => eventsAfter(state, query.type, query.lastId),
  'contactEvents.filter': ({ query }, { state }) => filterEvents(state, query),
  'contactEvents.create': ({ query, body }, ctx) =>
    createEvents(ctx, body, query.ignoreUnknownContacts ?? false),
}

type All = Handlers<LoyaltiiApi, LoyaltiiStore, LoyaltiiSwitches>

export const loyaltiiHandlers: All = settled({
  ...contactHandlers,
  ...orderHandlers,
  ...pointHandlers,
  ...otherHandlers,
  ...marketingHandlers,
})

function settled(handlers: All): All {
  type Any = (input: unknown, ctx: LoyaltiiContext) => unknown
  return Object.fromEntries(
    Object.entries(handlers as Record<string, Any>).map(([id, handle]) => [
      id,
      (input: unknown, ctx: LoyaltiiContext) => {
        settle(ctx)
        return handle(input, ctx)
      },
    ]),
  ) as unknown as All
}

/** Every contact id, ascending, as JSON: made again only once a contact came or went. */
const idLists = new WeakMap<LoyaltiiStore, { version: number; json: RawJson }>()
function contactIds(store: LoyaltiiStore): RawJson {
  const kept = idLists.get(store)
  if (kept?.version === store.contactsVersion) return kept.json
  const json = new RawJson(JSON.stringify([...store.contacts.keys()].sort((a, b) => a - b)))
  idLists.set(store, { version: store.contactsVersion, json })
  return json
}
