/**
 * One emulated Loyaltii account: the records of `state.ts`, indexed by Maps for the look-ups the
 * API offers (e-mail, phone, secret, store and company numbers, orders by contact and external id,
 * points by contact). The rules that change them live in the domain modules beside this file;
 * they go through the `index…`/`unindex…` pairs here so that no index drifts from its records.
 */
import { exactInstant, type Instant } from '../codecs.ts'
import type {
  LoyaltiiData,
  StoredCompany,
  StoredContact,
  StoredEvent,
  StoredLine,
  StoredOrder,
  StoredPoint,
  StoredStore,
} from './state.ts'
import type {
  AnyDispatch,
  StoredDispatch,
  StoredEmail2Dispatch,
  StoredMedia,
  StoredReceiver,
  StoredSegment,
  StoredTable,
} from './state-marketing.ts'

export class LoyaltiiStore {
  readonly account: LoyaltiiData['account']
  readonly last: LoyaltiiData['last']
  readonly stores = new Map<number, StoredStore>()
  readonly storesByNumber = new Map<string, StoredStore>()
  readonly companies = new Map<number, StoredCompany>()
  readonly companiesByNumber = new Map<string, StoredCompany>()
  readonly contacts = new Map<number, StoredContact>()
  /**
   * Moves whenever a contact comes (`indexContact`) or goes (`dropContact`): `contacts.list`
   * answers from a cache until then.
   */
  contactsVersion = 0
  readonly contactsByEmail = new Map<string, StoredContact>()
  readonly contactsByPhone = new Map<string, StoredContact>()
  readonly contactsBySecret = new Map<string, StoredContact>()
  readonly orders = new Map<number, StoredOrder>()
  readonly ordersByContact = new Map<number, Set<StoredOrder>>()
  readonly ordersByExtId = new Map<string, Set<StoredOrder>>()
  /** each line's order, by line id */
  readonly lineOrders = new Map<number, StoredOrder>()
  /** the ledger in id order: ids only grow, so a push keeps it sorted */
  points: StoredPoint[]
  readonly pointsById = new Map<number, StoredPoint>()
  readonly pointsByContact = new Map<number, StoredPoint[]>()
  events: StoredEvent[]
  readonly eventsByExtId = new Map<string, StoredEvent>()
  /** unknown secrets asked for, by IP address: not state, forgotten on a restart */
  readonly secretMisses = new Map<string, { count: number; since: number }>()
  private readonly instants = new WeakMap<object, Instant>()
  // part 2 (state-marketing.ts): the records looked up by id in maps, the short lists as stored
  readonly segmentFolders: LoyaltiiData['segmentFolders']
  readonly segments = new Map<number, StoredSegment>()
  readonly emailCampaigns: LoyaltiiData['emailCampaigns']
  readonly dispatches = new Map<number, StoredDispatch>()
  readonly email2Messages: LoyaltiiData['email2Messages']
  readonly email2Dispatches = new Map<string, StoredEmail2Dispatch>()
  /** v1 and Email2 receivers in id order, and by dispatch */
  readonly receivers: StoredReceiver[]
  readonly receiversByDispatch = new Map<number | string, StoredReceiver[]>()
  /** dispatches not prepared yet (nor cancelled): the ones the clock still has to move */
  readonly unprepared = new Set<AnyDispatch>()
  readonly emailTemplates: LoyaltiiData['emailTemplates']
  readonly builderBlocks: LoyaltiiData['builderBlocks']
  readonly builderCampaigns: LoyaltiiData['builderCampaigns']
  /** dynamic tables by name, without regard to case */
  readonly tables = new Map<string, StoredTable>()
  readonly mediaFolders: LoyaltiiData['mediaFolders']
  readonly media = new Map<number, StoredMedia>()
  readonly actions: LoyaltiiData['actions']
  readonly banners: LoyaltiiData['banners']
  readonly feeds: LoyaltiiData['feeds']
  readonly iframeTokens: LoyaltiiData['iframeTokens']
  readonly permissionSourceCategories: LoyaltiiData['permissionSourceCategories']
  readonly permissionSourceCategoryRelations: LoyaltiiData['permissionSourceCategoryRelations']
  readonly exports: LoyaltiiData['exports']

  constructor(data: LoyaltiiData) {
    this.account = data.account
    this.last = data.last
    for (const store of data.stores) this.indexStore(store)
    for (const company of data.companies) this.indexCompany(company)
    for (const contact of data.contacts) this.indexContact(contact)
    for (const order of data.orders) this.indexOrder(order)
    this.points = data.points
    for (const point of data.points) this.indexPoint(point)
    this.events = data.events
    for (const event of data.events)
      if (event.UniqueExtId) this.eventsByExtId.set(event.UniqueExtId, event)
    this.segmentFolders = data.segmentFolders
    for (const segment of data.segments) this.segments.set(segment.Id, segment)
    this.emailCampaigns = data.emailCampaigns
    for (const d of data.dispatches) this.addDispatch(d)
    this.email2Messages = data.email2Messages
    for (const d of data.email2Dispatches) this.addDispatch(d)
    this.receivers = []
    for (const receiver of data.receivers) this.addReceiver(receiver)
    this.emailTemplates = data.emailTemplates
    this.builderBlocks = data.builderBlocks
    this.builderCampaigns = data.builderCampaigns
    for (const table of data.tables) this.tables.set(table.Name.toLowerCase(), table)
    this.mediaFolders = data.mediaFolders
    for (const media of data.media) this.media.set(media.Id, media)
    this.actions = data.actions
    this.banners = data.banners
    this.feeds = data.feeds
    this.iframeTokens = data.iframeTokens
    this.permissionSourceCategories = data.permissionSourceCategories
    this.permissionSourceCategoryRelations = data.permissionSourceCategoryRelations
    this.exports = data.exports
  }

  addDispatch(dispatch: AnyDispatch): void {
    if (typeof dispatch.Id === 'number')
      this.dispatches.set(dispatch.Id, dispatch as StoredDispatch)
    else this.email2Dispatches.set(dispatch.Id, dispatch as StoredEmail2Dispatch)
    if (dispatch.PreparedAt === null && dispatch.CancelledAt === null) this.unprepared.add(dispatch)
  }

  /** Receivers are only ever added, with growing ids. */
  addReceiver(receiver: StoredReceiver): void {
    this.receivers.push(receiver)
    let list = this.receiversByDispatch.get(receiver.DispatchId)
    if (!list) this.receiversByDispatch.set(receiver.DispatchId, (list = []))
    list.push(receiver)
  }

  nextId(kind: Exclude<keyof LoyaltiiData['last'], 'version'>): number {
    return ++this.last[kind]
  }

  /** A new row version: SQL Server's rowversion grows across the whole database. */
  nextVersion(): number {
    return ++this.last.version
  }

  /**
   * The instant a record was created (a point's DateTime, an event's Created), to the tick: read
   * once, as these texts never change.
   */
  createdAt(owner: object, text: string): Instant {
    const known = this.instants.get(owner)
    if (known !== undefined) return known
    const at = exactInstant(text)
    this.instants.set(owner, at)
    return at
  }

  indexStore(store: StoredStore): void {
    this.stores.set(store.Id, store)
    this.storesByNumber.set(store.Number, store)
  }

  unindexStore(store: StoredStore): void {
    if (this.storesByNumber.get(store.Number) === store) this.storesByNumber.delete(store.Number)
  }

  indexCompany(company: StoredCompany): void {
    this.companies.set(company.Id, company)
    if (company.Number) this.companiesByNumber.set(company.Number, company)
  }

  unindexCompany(company: StoredCompany): void {
    if (company.Number && this.companiesByNumber.get(company.Number) === company)
      this.companiesByNumber.delete(company.Number)
  }

  indexContact(contact: StoredContact): void {
    this.contactsVersion++
    this.contacts.set(contact.Id, contact)
    this.indexContactKeys(contact)
    this.contactsBySecret.set(contact.Secret, contact)
  }

  /** Puts a contact in the e-mail and phone indexes, after those fields changed. */
  indexContactKeys(contact: StoredContact): void {
    if (contact.Email) this.contactsByEmail.set(emailKey(contact.Email), contact)
    if (contact.Phone) this.contactsByPhone.set(phoneKey(contact.Phone), contact)
  }

  /** Takes a contact out of the account and every index of it (its records are the caller's). */
  dropContact(contact: StoredContact): void {
    this.unindexContact(contact)
    this.contacts.delete(contact.Id)
    this.contactsVersion++
    this.contactsBySecret.delete(contact.Secret)
  }

  /** Takes a contact out of the e-mail and phone indexes, before those fields change. */
  unindexContact(contact: StoredContact): void {
    if (contact.Email && this.contactsByEmail.get(emailKey(contact.Email)) === contact)
      this.contactsByEmail.delete(emailKey(contact.Email))
    if (contact.Phone && this.contactsByPhone.get(phoneKey(contact.Phone)) === contact)
      this.contactsByPhone.delete(phoneKey(contact.Phone))
  }

  contactByEmail(email: string): StoredContact | undefined {
    return this.contactsByEmail.get(emailKey(email))
  }

  contactByPhone(phone: string): StoredContact | undefined {
    return this.contactsByPhone.get(phoneKey(phone))
  }

  indexOrder(order: StoredOrder): void {
    this.orders.set(order.Id, order)
    if (order.ContactId !== null) setOf(this.ordersByContact, order.ContactId).add(order)
    if (order.ExtOrderId !== null) setOf(this.ordersByExtId, order.ExtOrderId).add(order)
    for (const line of order.OrderLines) this.lineOrders.set(line.Id, order)
  }

  /** Takes an order out of the contact and external-id indexes, before those fields change. */
  unindexOrder(order: StoredOrder): void {
    if (order.ContactId !== null) this.ordersByContact.get(order.ContactId)?.delete(order)
    if (order.ExtOrderId !== null) this.ordersByExtId.get(order.ExtOrderId)?.delete(order)
  }

  removeOrder(order: StoredOrder): void {
    this.unindexOrder(order)
    this.orders.delete(order.Id)
    for (const line of order.OrderLines) this.lineOrders.delete(line.Id)
  }

  addLine(order: StoredOrder, line: StoredLine): void {
    order.OrderLines.push(line)
    this.lineOrders.set(line.Id, order)
  }

  indexPoint(point: StoredPoint): void {
    this.pointsById.set(point.Id, point)
    let list = this.pointsByContact.get(point.ContactId)
    if (!list) this.pointsByContact.set(point.ContactId, (list = []))
    list.push(point)
  }

  addPoint(point: StoredPoint): void {
    this.points.push(point)
    this.indexPoint(point)
  }

  addEvent(event: StoredEvent): void {
    this.events.push(event)
    if (event.UniqueExtId) this.eventsByExtId.set(event.UniqueExtId, event)
  }

  toJSON(): LoyaltiiData {
    return {
      account: this.account,
      last: this.last,
      stores: [...this.stores.values()],
      companies: [...this.companies.values()],
      contacts: [...this.contacts.values()],
      orders: [...this.orders.values()],
      points: this.points,
      events: this.events,
      segmentFolders: this.segmentFolders,
      segments: [...this.segments.values()],
      emailCampaigns: this.emailCampaigns,
      dispatches: [...this.dispatches.values()],
      email2Messages: this.email2Messages,
      email2Dispatches: [...this.email2Dispatches.values()],
      receivers: this.receivers,
      emailTemplates: this.emailTemplates,
      builderBlocks: this.builderBlocks,
      builderCampaigns: this.builderCampaigns,
      tables: [...this.tables.values()],
      mediaFolders: this.mediaFolders,
      media: [...this.media.values()],
      actions: this.actions,
      banners: this.banners,
      feeds: this.feeds,
      iframeTokens: this.iframeTokens,
      permissionSourceCategories: this.permissionSourceCategories,
      permissionSourceCategoryRelations: this.permissionSourceCategoryRelations,
      exports: this.exports,
    }
  }
}

/** E-mail addresses are unique and found without regard to case. */
export function emailKey(email: string): string {
  return email.trim().toLowerCase()
}

/** Phones are unique and found without the spaces people write in them (`20 12 34 56`). */
export function phoneKey(phone: string): string {
  return phone.replace(/[\s-]/g, '')
}

function setOf<K, V>(map: Map<K, Set<V>>, key: K): Set<V> {
  let set = map.get(key)
  if (!set) map.set(key, (set = new Set()))
  return set
}
