/** Handlers of the audience operations: thin, the rules are in the domain modules. */
import { spliced } from '../../../emulator/json.ts'
import type { EmulatorContext, Handlers } from '../../../emulator/types.ts'
import type { MailKompletApi } from '../operations.ts'
import { created, noBody } from './answers.ts'
import { importInfo, queueImport } from './bulk.ts'
import {
  checkSettings,
  columnByName,
  deleteColumn,
  newColumn,
  PREFIX,
  updateColumn,
} from './columns.ts'
import * as contacts from './contacts.ts'
import type { Sim } from './delivery.ts'
import { createList, deleteLists, excludeByApi, listView, unexclude, updateList } from './lists.ts'
import { pageOf, type MailKompletStore } from './store.ts'
import { subscribe } from './subscribe.ts'
import type { MailKompletSwitches } from './switches.ts'
import { badRequest } from './answers.ts'

export type Ctx = EmulatorContext<MailKompletStore, MailKompletSwitches>
export type MkHandlers = Handlers<MailKompletApi, MailKompletStore, MailKompletSwitches>

export function sim(ctx: Ctx): Sim {
  return { store: ctx.state, switches: ctx.switches, now: ctx.now, emit: (e, p) => ctx.emit(e, p) }
}

export const audienceHandlers = {
  'mailingLists.list': ({ query: q }, { state }) => {
    const lists = state.data.mailingLists.filter(
      (l) =>
        (q.mailingListId === undefined || l.mailingListId === q.mailingListId) &&
        (q.isTesting === undefined || l.isTest === q.isTesting),
    )
    return pageOf(
      lists.map((l) => listView(state, l, q)),
      q,
    )
  },
  'mailingLists.create': ({ body }, { state, now }) =>
    created({ mailingListId: createList(state, body, now).mailingListId }),
  'mailingLists.update': ({ params, body }, { state, now }) => {
    updateList(state, params.mailingListId, body, now)
    return noBody()
  },
  'mailingLists.delete': ({ query }, { state }) => {
    deleteLists(state, query.mailingListIds, query.unassign ?? true)
    return noBody()
  },

  'contacts.list': ({ query }, { state }) => {
    // the page first: views are made for the contacts shown, not for the whole account
    const page = pageOf(contacts.listContacts(state, query), query)
    return spliced({ ...page, data: contacts.viewRows(state, page.data) })
  },
  'contacts.create': ({ body }, { state, now }) =>
    created({ contactId: contacts.upsert(state, body, now).contact.contactId }),
  'contacts.update': ({ params, body }, { state, now }) => {
    contacts.update(state, params.contactId, body, now)
    return noBody()
  },
  'contacts.delete': ({ query }, { state }) => {
    contacts.remove(state, query.contactIds, query.mailingListId)
    return noBody()
  },
  'contacts.import': ({ body }, { state, now }) => ({
    data: { operationId: queueImport(state, body, now) },
  }),
  'contacts.bulkInfo': ({ query }, { state, now, switches }) => ({
    data: importInfo(state, query.operationId, switches.bulkChunk, now),
  }),
  'contacts.activity': ({ query }, { state }) => {
    const email = query.email.toLowerCase()
    return { data: state.data.activity.filter((a) => a.email.toLowerCase() === email) }
  },
  'contacts.subscribe': ({ body }, ctx) =>
    created({ subscribeRequestId: subscribe(sim(ctx), body) }),

  'customColumns.list': ({ query: q }, { state }) =>
    pageOf(
      state.data.customColumns.filter(
        (c) =>
          c.deleted === null &&
          (q.customColumnId === undefined || c.customColumnId === q.customColumnId) &&
          (q.isSystem === undefined || c.system === q.isSystem),
      ),
      q,
    ),
  'customColumns.create': ({ body }, { state }) => {
    if (body.name.startsWith(PREFIX)) throw badRequest(`name: without the ${PREFIX} prefix`)
    if (columnByName(state, body.name)) throw badRequest(`name: a column ${body.name} exists`)
    const { defaultValue, ...rest } = body
    // absent fields keep the column's defaults
    const given = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined))
    const settings = {
      ...given,
      name: body.name,
      dataTypeId: body.dataTypeId,
      defaultValue: defaultValue == null ? null : String(defaultValue),
    }
    checkSettings(state, { minValue: null, maxValue: null, unique: false, ...settings })
    const column = newColumn(state, settings)
    return created({ customColumnId: column.customColumnId })
  },
  'customColumns.update': ({ body }, { state }) => {
    updateColumn(state, body)
    return noBody()
  },
  'customColumns.delete': ({ query }, { state, now }) => {
    deleteColumn(state, query.id, now)
    return noBody()
  },

  'excludeLists.list': ({ query: q }, { state }) =>
    pageOf(
      state.data.excludeList.filter(
        (e) =>
          (q.excludeListId === undefined || e.excludeListId === q.excludeListId) &&
          (q.mailingListId === undefined || e.mailingListId === q.mailingListId),
      ),
      q,
    ),
  'excludeLists.create': ({ body }, { state, now }) => {
    excludeByApi(state, body, now)
    return noBody(201)
  },
  'excludeLists.delete': ({ query }, { state }) => {
    unexclude(state, query.id)
    return noBody()
  },
} satisfies Partial<MkHandlers>
