/**
 * Contacts: created or updated by e-mail address (the address is the key, without regard to
 * case), custom columns by name, mailing-list membership (given lists are added, never taken away
 * by a create or an update: assumed, README.md), deletion from one list or from the database.
 */
import { z } from 'zod'
import { memoRows, type Shows } from '../../../emulator/memo.ts'
import type { contact, contactFields } from '../schemas.ts'
import { badRequest, notFound } from './answers.ts'
import { activeColumns, checkColumns, readColumns } from './columns.ts'
import type { StoredContact } from './state.ts'
import { stamp, type MailKompletStore } from './store.ts'

type Fields = { [K in keyof typeof contactFields]?: z.output<(typeof contactFields)[K]> } & {
  email?: string | undefined
}
type ContactView = z.output<typeof contact>

const PLAIN = ['name', 'surname', 'sex', 'title', 'mobilePhone', 'company'] as const

export function view(store: MailKompletStore, c: StoredContact): ContactView {
  return {
    customColumns: readColumns(store, c),
    contactId: c.contactId,
    name: c.name,
    surname: c.surname,
    email: c.email,
    sex: c.sex,
    mobilePhone: c.mobilePhone,
    company: c.company,
    title: c.title,
    created: c.created,
    userAgent: c.userAgent,
    ipAddress: c.ipAddress,
    lastOpen: c.lastOpen,
    lastClick: c.lastClick,
    dateCreated: null,
    lastUpdate: c.lastUpdate,
    confirmed: c.confirmed,
  }
}

const FIELDS_SHOWN = [
  'contactId',
  'name',
  'surname',
  'email',
  'sex',
  'mobilePhone',
  'company',
  'title',
  'created',
  'userAgent',
  'ipAddress',
  'lastOpen',
  'lastClick',
  'lastUpdate',
  'confirmed',
] as const

/**
 * The views of a page of contacts as JSON rows, each made again only when something it shows
 * changed: a field of the contact, a value of an active column, or the columns themselves.
 */
export function viewRows(store: MailKompletStore, page: readonly StoredContact[]) {
  const columns = activeColumns(store)
  // what of the columns a view shows: their names as shown and which are computed
  const layout = columns
    .map((c) => `${c.originalName}\u0000${c.name}\u0000${c.system}`)
    .join('\u0001')
  if (lastShows?.layout !== layout) {
    const values = columns.filter((c) => !c.system).map((c) => ['columns', c.name] as const)
    lastShows = { layout, shows: [...FIELDS_SHOWN, ...values] }
  }
  return memoRows(page, lastShows.shows, (c) => view(store, c), layout)
}

// the same array while the columns stay as they are: memoRows finds its reader by identity
let lastShows: { layout: string; shows: Shows<StoredContact> } | undefined

export function requireList(store: MailKompletStore, id: number) {
  const list = store.data.mailingLists.find((l) => l.mailingListId === id)
  if (!list) throw badRequest(`mailingListIds: mailing list ${id} does not exist`)
  return list
}

export function assign(c: StoredContact, listIds: readonly number[], now: Date): void {
  for (const id of listIds) {
    if (c.lists.some((l) => l.mailingListId === id)) continue
    const entry = { mailingListId: id, assigned: stamp(now) }
    // a first list makes the array: one pushed to while empty grows room for 17 (a bulk import
    // keeps a hundred thousand of them)
    if (c.lists.length) c.lists.push(entry)
    else c.lists = [entry]
  }
}

function blank(store: MailKompletStore, email: string, now: Date): StoredContact {
  return {
    contactId: store.nextId('contact'),
    email,
    name: null,
    surname: null,
    sex: null,
    mobilePhone: null,
    company: null,
    title: null,
    created: stamp(now),
    userAgent: '',
    ipAddress: '',
    lastOpen: null,
    lastClick: null,
    lastUpdate: stamp(now),
    confirmed: null,
    columns: {},
    lists: [],
  }
}

/**
 * Applies `fields` to a contact (all checks before any change): a given field replaces, an absent
 * one stays (`replace` blanks the absent ones, for a bulk import's overwrite mode 2).
 */
export function apply(
  store: MailKompletStore,
  c: StoredContact,
  fields: Fields,
  now: Date,
  { replace = false, created = false } = {},
): void {
  const listIds = fields.mailingListIds ?? []
  for (const id of listIds) requireList(store, id)
  if (
    fields.email !== undefined &&
    fields.email !== c.email &&
    fields.email.toLowerCase() !== c.email.toLowerCase()
  ) {
    const other = store.contactByEmail(fields.email)
    if (other && other !== c) throw badRequest(`email: ${fields.email} belongs to another contact`)
  }
  // the columns' checks are the last that can refuse: nothing changes before them
  const writeColumns =
    fields.customColumns || created
      ? checkColumns(store, c, fields.customColumns ?? {}, { created })
      : undefined
  writeColumns?.()
  for (const key of PLAIN) {
    const value = fields[key]
    if (value !== undefined) (c as Record<string, unknown>)[key] = value
    else if (replace) (c as Record<string, unknown>)[key] = null
  }
  if (fields.email !== undefined && fields.email !== c.email) {
    const previous = c.email
    c.email = fields.email
    store.renamed(c, previous)
  }
  assign(c, listIds, now)
  c.lastUpdate = stamp(now)
}

/** Creates the contact, or updates the one with the same address; its id. */
export function upsert(
  store: MailKompletStore,
  fields: Fields & { email: string },
  now: Date,
): { contact: StoredContact; created: boolean } {
  const existing = store.contactByEmail(fields.email)
  if (existing) {
    apply(store, existing, { ...fields, email: undefined }, now)
    return { contact: existing, created: false }
  }
  return { contact: create(store, fields, now), created: true }
}

/** A new contact with `fields`, its address not taken (the caller looked). */
export function create(
  store: MailKompletStore,
  fields: Fields & { email: string },
  now: Date,
): StoredContact {
  const c = blank(store, fields.email.trim(), now)
  // an address given as stored needs no rename
  apply(store, c, fields.email === c.email ? fields : { ...fields, email: undefined }, now, {
    created: true,
  })
  store.addContact(c)
  return c
}

export function update(store: MailKompletStore, id: number, fields: Fields, now: Date): void {
  const c = store.contactById(id)
  if (!c) throw notFound(`contact ${id}`)
  apply(store, c, fields, now)
}

/** From one list, or (without a list) from the database; unknown ids are a 404. */
export function remove(
  store: MailKompletStore,
  ids: readonly number[],
  mailingListId: number | undefined,
): void {
  const missing = ids.filter((id) => !store.contactById(id))
  if (missing.length) throw notFound(`contacts ${missing.join(', ')}`)
  if (mailingListId !== undefined) {
    const list = store.data.mailingLists.find((l) => l.mailingListId === mailingListId)
    if (!list) throw notFound(`mailing list ${mailingListId}`)
    for (const id of ids) {
      const c = store.contactById(id)!
      c.lists = c.lists.filter((l) => l.mailingListId !== mailingListId)
    }
    return
  }
  store.removeContacts(new Set(ids))
}

export function listContacts(
  store: MailKompletStore,
  q: {
    contactId?: number | undefined
    mailingListId?: number | undefined
    email?: string | undefined
  },
): readonly StoredContact[] {
  // no filter: the contacts as they stand, not a copy of them all for a page of them
  if (q.contactId === undefined && q.mailingListId === undefined && q.email === undefined)
    return store.data.contacts
  const part = q.email?.trim().toLowerCase()
  return store.data.contacts.filter(
    (c) =>
      (q.contactId === undefined || c.contactId === q.contactId) &&
      (q.mailingListId === undefined || c.lists.some((l) => l.mailingListId === q.mailingListId)) &&
      (part === undefined || c.email.toLowerCase().includes(part)),
  )
}
