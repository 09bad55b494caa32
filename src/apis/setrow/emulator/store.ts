/**
 * One emulated Setrow account: contacts per channel, groups, suppression lists, reports, catalogue,
 * commerce records and IYS logs. Plain JSON-safe records, indexed by Maps; the rules that change
 * them live in the domain modules beside this file (contacts, groups, lists, catalogue, iys).
 * Every date is a wall-clock stamp `yyyy-mm-dd hh:mm:ss` (Türkiye's, see README.md).
 */
import type { AreaName } from '../codecs.ts'
import type { AllowStatus, Category, IysLog, Order, Product, Report } from '../schemas.ts'

export type Channel = 'email' | 'sms' | 'whatsapp'
export const channels: readonly Channel[] = ['email', 'sms', 'whatsapp']

export interface Contact {
  /** a lower-case e-mail address, or a number in its normal form */
  address: string
  name: string
  surname: string
  allowStatus: AllowStatus
  iysSource: number | null
  consentDate: string | null
  areas: Partial<Record<AreaName, string>>
  groups: number[]
  createdAt: string
  updatedAt: string
  iysTransactions: { requestId: string; transactionId: string; savedAt: string }[]
}

export interface GroupRecord {
  id: number
  name: string
  channel: Channel
  createdAt: string
}

/** What decides membership of an automatic e-mail group, evaluated on every call. */
export type AutoRule =
  | { kind: 'area'; area: AreaName; value: string }
  | { kind: 'allowStatus'; statuses: AllowStatus[] }
  | { kind: 'orderedWithinDays'; days: number }
  | { kind: 'hasBasket' }
  | { kind: 'createdWithinDays'; days: number }

export interface AutoGroupRecord {
  id: number
  name: string
  rule: AutoRule
  createdAt: string
}

export type ListName =
  | 'unsubscribeEmail'
  | 'unsubscribeSms'
  | 'unsubscribeWhatsapp'
  | 'junk'
  | 'wrongEmail'
  | 'wrongWhatsapp'

export interface ListEntry {
  address: string
  date: string
}

export interface FavoriteRecord {
  productCode: string
  addedAt: string
}

export interface BasketRecord {
  productCode: string
  quantity: number
  price: number
  addedAt: string
}

export interface OrderRecord extends Order {
  email: string
}

export interface SetrowData {
  contacts: Record<Channel, Contact[]>
  groups: GroupRecord[]
  autoGroups: AutoGroupRecord[]
  /** group ids that exist at Setrow but belong to other accounts (E105) */
  foreignGroupIds: number[]
  nextGroupId: number
  lists: Record<ListName, ListEntry[]>
  reports: { sms: Report[]; whatsapp: Report[] }
  categories: Category[]
  products: Product[]
  favorites: Record<string, FavoriteRecord[]>
  baskets: Record<string, BasketRecord[]>
  orders: OrderRecord[]
  iysLogs: IysLog[]
}

const listNames: readonly ListName[] = [
  'unsubscribeEmail',
  'unsubscribeSms',
  'unsubscribeWhatsapp',
  'junk',
  'wrongEmail',
  'wrongWhatsapp',
]

export class SetrowStore {
  readonly contacts: Record<Channel, Map<string, Contact>>
  readonly groups = new Map<number, GroupRecord>()
  readonly autoGroups = new Map<number, AutoGroupRecord>()
  readonly foreignGroupIds: Set<number>
  nextGroupId: number
  readonly lists: Record<ListName, Map<string, ListEntry>>
  readonly reports: { sms: Report[]; whatsapp: Report[] }
  readonly categories = new Map<number, Category>()
  /**
   * Products by code. One saved with a barcode only is keyed by itself, a key no code can take
   * (a text key such as `#<barcode>` is a code a caller may send); it is found by barcode.
   */
  readonly products = new Map<string | Product, Product>()
  readonly productsByBarcode = new Map<string, Product>()
  readonly favorites = new Map<string, Map<string, FavoriteRecord>>()
  readonly baskets = new Map<string, Map<string, BasketRecord>>()
  readonly orders = new Map<string, OrderRecord>()
  readonly iysLogs: IysLog[]

  constructor(data: SetrowData) {
    this.contacts = {
      email: byKey(data.contacts.email, (c) => c.address),
      sms: byKey(data.contacts.sms, (c) => c.address),
      whatsapp: byKey(data.contacts.whatsapp, (c) => c.address),
    }
    for (const group of data.groups) this.groups.set(group.id, group)
    for (const group of data.autoGroups) this.autoGroups.set(group.id, group)
    this.foreignGroupIds = new Set(data.foreignGroupIds)
    this.nextGroupId = data.nextGroupId
    this.lists = Object.fromEntries(
      listNames.map((name) => [name, byKey(data.lists[name] ?? [], (e) => e.address)]),
    ) as Record<ListName, Map<string, ListEntry>>
    this.reports = data.reports
    for (const category of data.categories) this.categories.set(category.categoryId, category)
    for (const product of data.products) this.putProduct(product)
    for (const [email, items] of Object.entries(data.favorites))
      this.favorites.set(
        email,
        byKey(items, (f) => f.productCode),
      )
    for (const [email, items] of Object.entries(data.baskets))
      this.baskets.set(
        email,
        byKey(items, (b) => b.productCode),
      )
    for (const order of data.orders) this.orders.set(order.orderId, order)
    this.iysLogs = data.iysLogs
  }

  putProduct(product: Product): void {
    this.products.set(product.productCode || product, product)
    if (product.productBarcode) this.productsByBarcode.set(product.productBarcode, product)
  }

  removeProduct(product: Product): void {
    this.products.delete(product.productCode || product)
    if (this.productsByBarcode.get(product.productBarcode) === product)
      this.productsByBarcode.delete(product.productBarcode)
  }

  toJSON(): SetrowData {
    const values = <T>(map: Map<unknown, T>) => [...map.values()]
    const nested = <T>(map: Map<string, Map<string, T>>) =>
      Object.fromEntries([...map].map(([key, inner]) => [key, values(inner)]))
    return {
      contacts: {
        email: values(this.contacts.email),
        sms: values(this.contacts.sms),
        whatsapp: values(this.contacts.whatsapp),
      },
      groups: values(this.groups),
      autoGroups: values(this.autoGroups),
      foreignGroupIds: [...this.foreignGroupIds],
      nextGroupId: this.nextGroupId,
      lists: Object.fromEntries(
        listNames.map((name) => [name, values(this.lists[name])]),
      ) as Record<ListName, ListEntry[]>,
      reports: this.reports,
      categories: values(this.categories),
      products: values(this.products),
      favorites: nested(this.favorites),
      baskets: nested(this.baskets),
      orders: values(this.orders),
      iysLogs: this.iysLogs,
    }
  }
}

function byKey<T>(items: readonly T[], key: (item: T) => string): Map<string, T> {
  const map = new Map<string, T>()
  for (const item of items) map.set(key(item), item)
  return map
}
