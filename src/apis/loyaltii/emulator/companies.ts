/**
 * Stores, contact companies and contact events. Store and company numbers are unique; companies
 * nest two levels at most (a parent has no parent, a company with children gets none), `0` as
 * the parent removes it; a contact belongs to one company. Events are added in batches, all or
 * none, with a unique `UniqueExtId` when one is given.
 */
import { spliced } from '../../../emulator/json.ts'
import { memoRows } from '../../../emulator/memo.ts'
import { firstIndex } from '../../../emulator/sorted.ts'
import { createContactCompany, patchContactCompany } from '../schemas/companies.ts'
import { PAGE_SIZE } from '../schemas/points.ts'
import { fail, notFound } from './answers.ts'
import { contactOut, requireContact, writeContact } from './contacts.ts'
import { flatDynamic, readDynamic } from './dynamic.ts'
import type { StoredCompany, StoredEvent, StoredStore } from './state.ts'
import type { LoyaltiiStore } from './store.ts'
import type { LoyaltiiContext } from './switches.ts'
import { stamp, timeWindow } from './time.ts'

type Body = Record<string, unknown>

function defined<T extends Body>(body: T): Partial<T> {
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined)) as Partial<T>
}

// --- stores ---------------------------------------------------------------------------------

export function requireStore(store: LoyaltiiStore, id: number): StoredStore {
  const found = store.stores.get(id)
  if (!found) throw notFound()
  return found
}

export function storeOut(s: StoredStore, withJson = true): StoredStore {
  return withJson ? s : { ...s, JsonString: null }
}

function checkStoreNumber(store: LoyaltiiStore, number: string, self?: StoredStore) {
  const taken = store.storesByNumber.get(number)
  if (taken && taken !== self) throw fail('duplicateValue', { value: number })
}

const storeText = ['Name', 'Phone', 'Address', 'ZipCode', 'City', 'Email', 'JsonString'] as const

export function createStoreRecord(
  ctx: LoyaltiiContext,
  body: Body & { Number: string },
): StoredStore {
  const store = ctx.state
  checkStoreNumber(store, body.Number)
  const record: StoredStore = {
    Id: store.nextId('store'),
    Number: body.Number,
    LastModified: stamp(ctx.now),
    ...(Object.fromEntries(
      storeText.map((k) => [k, (body[k] as string | null | undefined) ?? null]),
    ) as Pick<StoredStore, (typeof storeText)[number]>),
  }
  store.indexStore(record)
  return record
}

/** PATCH with the id in the body: the fields given change, null included (not Number). */
export function patchStoreRecord(ctx: LoyaltiiContext, body: Body & { Id: number }): StoredStore {
  const store = ctx.state
  const record = requireStore(store, body.Id)
  const number = typeof body.Number === 'string' ? body.Number : record.Number
  checkStoreNumber(store, number, record)
  store.unindexStore(record)
  const { Id: _id, Number: _number, ...rest } = defined(body)
  Object.assign(record, rest, { Number: number, LastModified: stamp(ctx.now) })
  store.indexStore(record)
  return record
}

// --- contact companies ------------------------------------------------------------------------

export function companyOut(store: LoyaltiiStore, c: StoredCompany) {
  return {
    Id: c.Id,
    Name: c.Name,
    PrimaryContactId: c.PrimaryContactId,
    ContactCompanyId: c.ContactCompanyId,
    EmailDomains: c.EmailDomains,
    Logo: c.Logo,
    Number: c.Number,
    LastModified: c.LastModified,
    ...flatDynamic(store, 'ContactCompanies', c.Dynamic),
  }
}

export function requireCompany(store: LoyaltiiStore, id: number): StoredCompany {
  const found = store.companies.get(id)
  if (!found) throw notFound()
  return found
}

/**
 * The rules a company's fields obey: a unique Number, an existing primary contact, and a parent
 * that exists, is not itself, has no parent of its own, while `self` has no children (two levels).
 */
function checkCompany(store: LoyaltiiStore, fields: Partial<StoredCompany>, self?: StoredCompany) {
  if (fields.Number) {
    const taken = store.companiesByNumber.get(fields.Number)
    if (taken && taken !== self) throw fail('duplicateValue', { value: fields.Number })
  }
  if (fields.PrimaryContactId != null && !store.contacts.has(fields.PrimaryContactId))
    throw fail('invalidContact')
  const parentId = fields.ContactCompanyId
  if (parentId == null) return
  const parent = store.companies.get(parentId)
  if (!parent || parent === self) throw fail('invalidContactCompany')
  const hasChildren =
    self && [...store.companies.values()].some((c) => c.ContactCompanyId === self.Id)
  if (parent.ContactCompanyId !== null || hasChildren) throw fail('invalidHierarchy')
}

const companyText = ['PrimaryContactId', 'EmailDomains', 'Logo', 'Number'] as const
const createKeys = new Set(Object.keys(createContactCompany.shape))
const patchKeys = new Set(Object.keys(patchContactCompany.shape))

export function createCompanyRecord(
  ctx: LoyaltiiContext,
  body: Body & { Name: string },
): StoredCompany {
  const store = ctx.state
  const fields: Partial<StoredCompany> = {
    ...(Object.fromEntries(companyText.map((k) => [k, body[k] ?? null])) as Partial<StoredCompany>),
    ContactCompanyId: (body.ContactCompanyId as number | null | undefined) ?? null,
  }
  checkCompany(store, fields)
  const company: StoredCompany = {
    Id: store.nextId('company'),
    Name: body.Name,
    PrimaryContactId: null,
    ContactCompanyId: null,
    EmailDomains: null,
    Logo: null,
    Number: null,
    ...fields,
    LastModified: stamp(ctx.now),
    Dynamic: readDynamic(store, 'ContactCompanies', body, createKeys),
  }
  store.indexCompany(company)
  return company
}

export function patchCompanyRecord(ctx: LoyaltiiContext, body: Body & { Id: number }) {
  const store = ctx.state
  const company = requireCompany(store, body.Id)
  const { Id: _id, ...given } = defined(body)
  const change: Partial<StoredCompany> = {}
  for (const key of [...companyText, 'Name', 'ContactCompanyId'] as const)
    if (key in given) (change as Body)[key] = given[key]
  if (change.Name === null) delete change.Name
  // 0 removes the parent (the Help Page's PatchContactCompanyDto)
  if (change.ContactCompanyId === 0) change.ContactCompanyId = null
  checkCompany(store, change, company)
  const dynamic = readDynamic(store, 'ContactCompanies', body, patchKeys)
  store.unindexCompany(company)
  Object.assign(company, change, { LastModified: stamp(ctx.now) })
  Object.assign(company.Dynamic, dynamic)
  store.indexCompany(company)
  return company
}

/** A company's contacts; 404 when it has none, as the Help Page says (and when it does not exist). */
export function companyContacts(store: LoyaltiiStore, id: number) {
  requireCompany(store, id)
  const members = [...store.contacts.values()].filter((c) => c.ContactCompanyId === id)
  if (!members.length) throw notFound()
  return members.map((c) => contactOut(store, c))
}

/** AddContact: the contact's company becomes this one (a contact has one company). */
export function addContact(ctx: LoyaltiiContext, id: number, contactId: number): void {
  requireCompany(ctx.state, id)
  const contact = requireContact(ctx.state, contactId)
  if (contact.ContactCompanyId !== id) writeContact(ctx, contact, { ContactCompanyId: id })
}

/** RemoveContact: done when the contact is in no company or another one too (assumed). */
export function removeContact(ctx: LoyaltiiContext, id: number, contactId: number): void {
  requireCompany(ctx.state, id)
  const contact = requireContact(ctx.state, contactId)
  if (contact.ContactCompanyId === id) writeContact(ctx, contact, { ContactCompanyId: null })
}

// --- contact events ---------------------------------------------------------------------------

interface NewEvent {
  ContactId?: number | null | undefined
  ContactSecret?: string | null | undefined
  Type: string
  SubType: string
  ParentId?: string | null | undefined
  ParentType?: string | null | undefined
  UniqueExtId?: string | null | undefined
  InfoJson?: unknown
}

/**
 * A batch of events, all or none: each names its contact by id or secret. An unknown contact is
 * a bare 404, unless `ignoreUnknown`, which skips its events. A UniqueExtId already used, by an
 * event stored or one before it in the batch, is 409. Answers a JSON string (assumed text).
 */
export function createEvents(
  ctx: LoyaltiiContext,
  events: readonly NewEvent[],
  ignoreUnknown: boolean,
): string {
  const store = ctx.state
  const accepted: { event: NewEvent; contactId: number }[] = []
  const extIds = new Set<string>()
  for (const event of events) {
    const contact =
      event.ContactId != null
        ? store.contacts.get(event.ContactId)
        : event.ContactSecret
          ? store.contactsBySecret.get(event.ContactSecret)
          : undefined
    if (!contact) {
      if (ignoreUnknown) continue
      throw notFound()
    }
    const ext = event.UniqueExtId
    if (ext) {
      if (store.eventsByExtId.has(ext) || extIds.has(ext))
        throw fail('duplicateValue', { value: ext })
      extIds.add(ext)
    }
    accepted.push({ event, contactId: contact.Id })
  }
  const created = stamp(ctx.now)
  for (const { event, contactId } of accepted)
    store.addEvent({
      Id: store.nextId('event'),
      Created: created,
      ContactId: contactId,
      Type: event.Type,
      SubType: event.SubType,
      ParentId: event.ParentId ?? null,
      ParentType: event.ParentType ?? null,
      UniqueExtId: event.UniqueExtId ?? null,
      InfoJson: event.InfoJson ?? null,
    })
  return `${accepted.length} events created.`
}

const eventShown = ['Id'] as const
const eventAsIs = (e: StoredEvent) => e

/** `lastId` paging of one event type: the next 1000 after `lastId`, in id order. */
export function eventsAfter(store: LoyaltiiStore, type: string, lastId: number) {
  const page: StoredEvent[] = []
  for (
    let i = firstIndex(store.events, (e) => e.Id > lastId);
    i < store.events.length && page.length < PAGE_SIZE;
    i++
  )
    if (store.events[i]!.Type === type) page.push(store.events[i]!)
  return spliced(memoRows(page, eventShown, eventAsIs))
}

export function filterEvents(
  store: LoyaltiiStore,
  q: {
    type: string
    subtype?: string | undefined
    from?: string | Date | undefined
    to?: string | Date | undefined
    contactId?: number | undefined
  },
): StoredEvent[] {
  const dated = timeWindow(q.from, q.to)
  return store.events.filter((e) => {
    if (e.Type !== q.type) return false
    if (q.subtype !== undefined && e.SubType !== q.subtype) return false
    if (q.contactId !== undefined && e.ContactId !== q.contactId) return false
    return dated === undefined || dated(store.createdAt(e, e.Created))
  })
}
