/**
 * Seed data for a realistic Turkish Setrow account (an online shop, `magazam.com`): groups per
 * channel, contacts with consent states and custom areas, suppression lists over recent months,
 * SMS/WhatsApp reports, the shared product catalogue with its categories, favorites, baskets, orders
 * and IYS logs. Deterministic for a seed and a day.
 */
import {
  categoryTree,
  sharedCatalog,
  type CatalogProduct,
} from '../../../emulator/locale/tr-catalog.ts'
import {
  asciiFold,
  cities,
  emailFor,
  gsm,
  person,
  type Person,
} from '../../../emulator/locale/tr.ts'
import {
  chance,
  createRng,
  fork,
  hex,
  intBetween,
  pick,
  seedStream,
  weightedPick,
  type Rng,
} from '../../../emulator/random.ts'
import type { SeedOptions } from '../../../emulator/types.ts'
import type { Category, IysLog, Product, Report } from '../schemas.ts'
import { IysOptInSource, IysOptOutSource } from '../schemas.ts'
import { stampOf } from './addresses.ts'
import type {
  AutoGroupRecord,
  Channel,
  Contact,
  GroupRecord,
  ListEntry,
  OrderRecord,
  SetrowData,
} from './store.ts'

const DAY = 86_400_000
const HOUR = 3_600_000

export type SetrowSizes = {
  emails: number
  numbers: number
  whatsapp: number
  products: number
  orders: number
  reports: number
  iysLogs: number
}

export const defaultSizes: SetrowSizes = {
  emails: 4000,
  numbers: 2500,
  whatsapp: 1200,
  products: 150,
  orders: 1500,
  reports: 3000,
  iysLogs: 600,
}

/**
 * The largest sizes: about 2.8 KiB of memory per contact and 2 KiB per order, report or IYS log,
 * so about 1.7 GiB with every size at its largest.
 */
export const maxSizes: SetrowSizes = {
  emails: 200_000,
  numbers: 100_000,
  whatsapp: 100_000,
  products: 20_000,
  orders: 100_000,
  reports: 100_000,
  iysLogs: 100_000,
}

/** What the account's custom areas hold (the seed's examples: spArea1 `Y`, spArea2 `HS_WEB`). */
export const accountAreas = {
  spArea1: 'İzin durumu (Y/N/L/X)',
  spArea2: 'İzin kaynağı',
  spArea3: 'Son güncelleme',
  spArea4: 'Şehir',
  spArea5: 'Cinsiyet',
  spArea6: 'Doğum tarihi',
  spArea7: 'Müşteri tipi',
  spArea8: 'İzin tarihi',
} as const

const FIRST_GROUP_ID = 104_201

const groupNames: Record<Channel, string[]> = {
  email: [
    'Bülten Aboneleri',
    'Müşteriler',
    'VIP Müşteriler',
    'Blog Okurları',
    'Yaz Kampanyası 2025',
    'Mağaza Kayıtları',
  ],
  sms: ['SMS Kampanya', 'Sadakat Programı', 'Kargo Bilgilendirme'],
  whatsapp: ['WhatsApp Müşteri Hizmetleri', 'WhatsApp Kampanya'],
}

const autoGroups = [
  { name: 'Son 30 Günde Sipariş Verenler', rule: { kind: 'orderedWithinDays', days: 30 } },
  { name: 'Sepeti Terk Edenler', rule: { kind: 'hasBasket' } },
  { name: 'İstanbul Aboneleri', rule: { kind: 'area', area: 'spArea4', value: 'İstanbul' } },
  { name: 'İzinli Aboneler', rule: { kind: 'allowStatus', statuses: ['Y', 'L'] } },
  { name: 'Son 7 Günde Katılanlar', rule: { kind: 'createdWithinDays', days: 7 } },
] as const satisfies readonly Pick<AutoGroupRecord, 'name' | 'rule'>[]

const typoDomains = ['gmial.com', 'hotmial.com', 'gmail.con', 'outlok.com', 'yahooo.com']

export function generateSetrowData({ seed, now, sizes }: SeedOptions<SetrowSizes>): SetrowData {
  const rng = createRng(seed)
  // a day's anchor keeps the data identical for every run on the same day
  const anchor = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())
  const at = (ms: number) => stampOf(new Date(ms))
  const ago = (r: Rng, maxDays: number) => anchor - Math.floor(r() * maxDays * DAY)

  const groups: GroupRecord[] = []
  let nextGroupId = FIRST_GROUP_ID
  for (const channel of ['email', 'sms', 'whatsapp'] as const) {
    for (const name of groupNames[channel]) {
      groups.push({ id: nextGroupId, name, channel, createdAt: at(ago(rng, 900)) })
      nextGroupId += intBetween(rng, 1, 40)
    }
  }
  // ids between and below ours belong to other Setrow accounts
  const ours = new Set(groups.map((g) => g.id))
  const foreignGroupIds: number[] = []
  for (let id = FIRST_GROUP_ID - 12; foreignGroupIds.length < 12; id += 3)
    if (!ours.has(id)) foreignGroupIds.push(id)

  const people = Array.from({ length: Math.max(sizes.emails, sizes.numbers, sizes.whatsapp) }, () =>
    person(fork(rng, 'person')),
  )
  const contactRng = fork(rng, 'contacts')
  const usedEmails = new Set<string>()
  const usedNumbers = new Set<string>()
  const usedWhatsapp = new Set<string>()
  const byChannel = (channel: Channel) => groups.filter((g) => g.channel === channel)
  const contacts: Record<Channel, Contact[]> = { email: [], sms: [], whatsapp: [] }
  const wrongEmails: string[] = []
  for (let i = 0; i < sizes.emails; i++) {
    const who = people[i]!
    let email = emailFor(contactRng, who.firstName, who.lastName)
    const wrong = chance(contactRng, 0.02)
    if (wrong) email = email.replace(/@.*$/, `@${pick(contactRng, typoDomains)}`)
    if (usedEmails.has(email)) continue
    usedEmails.add(email)
    if (wrong) wrongEmails.push(email)
    contacts.email.push(contact(contactRng, who, email, byChannel('email'), anchor, 'email'))
  }
  for (let i = 0; i < sizes.numbers; i++) {
    const number = gsm(contactRng).slice(1)
    if (usedNumbers.has(number)) continue
    usedNumbers.add(number)
    contacts.sms.push(contact(contactRng, people[i]!, number, byChannel('sms'), anchor, 'sms'))
  }
  for (let i = 0; i < sizes.whatsapp; i++) {
    // most WhatsApp contacts are SMS contacts too
    const own = contacts.sms[i]?.address ?? gsm(contactRng).slice(1)
    const number = `90${own}`
    if (usedWhatsapp.has(number)) continue
    usedWhatsapp.add(number)
    contacts.whatsapp.push(
      contact(contactRng, people[i]!, number, byChannel('whatsapp'), anchor, 'whatsapp'),
    )
  }

  const listRng = fork(rng, 'lists')
  const entry = (address: string, maxDays = 180): ListEntry => ({
    address,
    date: at(anchor - Math.floor(listRng() * maxDays * DAY) - intBetween(listRng, 0, DAY - 1)),
  })
  // unsubscribers are the contacts whose allow status is X, plus some addresses never imported
  const unsubscribed = (channel: Channel) =>
    contacts[channel].filter((c) => c.allowStatus === 'X').map((c) => entry(c.address))
  const strangers = Array.from({ length: Math.ceil(sizes.emails / 100) }, () => {
    const who = person(listRng)
    return `${asciiFold(who.firstName).toLowerCase()}.${intBetween(listRng, 10, 9999)}@gmail.com`
  }).filter((email) => !usedEmails.has(email))
  const lists = {
    unsubscribeEmail: [...unsubscribed('email'), ...strangers.map((e) => entry(e))],
    unsubscribeSms: unsubscribed('sms'),
    unsubscribeWhatsapp: unsubscribed('whatsapp'),
    junk: contacts.email
      .filter((c) => c.allowStatus !== 'X' && chance(listRng, 0.015))
      .map((c) => entry(c.address)),
    wrongEmail: wrongEmails.map((e) => entry(e)),
    wrongWhatsapp: contacts.whatsapp
      .filter((c) => c.allowStatus !== 'X' && chance(listRng, 0.04))
      .map((c) => entry(c.address)),
  }

  // the products every emulator of this seed sells, and Setrow's own facts about each, drawn from
  // the seed alone: more or fewer contacts before them never change them
  const { categories, products } = catalogue(seed, sizes.products, anchor)
  rng() // the draw the catalogue once took from this stream: the streams below stay as they were
  const buyers = contacts.email.filter((c) => c.groups.length && !wrongEmails.includes(c.address))
  const commerceRng = fork(rng, 'commerce')
  const favorites: SetrowData['favorites'] = {}
  const baskets: SetrowData['baskets'] = {}
  if (products.length) {
    for (const buyer of buyers) {
      if (chance(commerceRng, 0.1)) {
        const codes = new Set(
          Array.from(
            { length: intBetween(commerceRng, 1, 5) },
            () => pick(commerceRng, products).productCode,
          ),
        )
        favorites[buyer.address] = [...codes].map((productCode) => ({
          productCode,
          addedAt: at(ago(commerceRng, 120)),
        }))
      }
      if (chance(commerceRng, 0.06)) {
        const picked = new Map<string, Product>()
        for (let n = intBetween(commerceRng, 1, 3); n > 0; n--) {
          const product = pick(commerceRng, products)
          picked.set(product.productCode, product)
        }
        baskets[buyer.address] = [...picked.values()].map((p) => ({
          productCode: p.productCode,
          quantity: chance(commerceRng, 0.85) ? 1 : 2,
          price: p.salePrice,
          addedAt: at(ago(commerceRng, 30)),
        }))
      }
    }
  }
  const orders =
    products.length && buyers.length
      ? orderList(commerceRng, sizes.orders, buyers, products, anchor)
      : []

  return {
    contacts,
    groups,
    autoGroups: autoGroups.map((g, i) => ({
      id: 9001 + i,
      name: g.name,
      rule: structuredClone(g.rule) as AutoGroupRecord['rule'],
      createdAt: at(anchor - (400 - i * 30) * DAY),
    })),
    foreignGroupIds,
    nextGroupId,
    lists,
    reports: {
      sms: reports(fork(rng, 'sms-reports'), sizes.reports, contacts.sms, anchor, 'MAGAZAM'),
      whatsapp: reports(
        fork(rng, 'whatsapp-reports'),
        Math.floor(sizes.reports / 2),
        contacts.whatsapp,
        anchor,
        'Magazam',
      ),
    },
    categories,
    products,
    favorites,
    baskets,
    orders,
    iysLogs: iysLogs(fork(rng, 'iys'), sizes.iysLogs, contacts, anchor),
  }
}

function contact(
  rng: Rng,
  who: Person,
  address: string,
  groups: GroupRecord[],
  anchor: number,
  channel: Channel,
): Contact {
  const created = anchor - Math.floor(rng() ** 1.6 * 1000 * DAY) - intBetween(rng, 0, DAY - 1)
  const updated = Math.min(anchor, created + Math.floor(rng() * (anchor - created)))
  const status = weightedPick(rng, [
    { s: 'Y' as const, weight: 70 },
    { s: 'L' as const, weight: 8 },
    { s: 'N' as const, weight: 14 },
    { s: 'X' as const, weight: 8 },
  ]).s
  const optIn = status === 'Y' || status === 'L'
  const source = optIn
    ? weightedPick(rng, [
        { v: IysOptInSource.HS_WEB, weight: 50 },
        { v: IysOptInSource.HS_MOBIL, weight: 20 },
        { v: IysOptInSource.HS_FIZIKSELORTAM, weight: 10 },
        { v: IysOptInSource.HS_ETKINLIK, weight: 5 },
        { v: IysOptInSource.HS_2015, weight: 10 },
        { v: IysOptInSource.IYS_WEB, weight: 5 },
      ]).v
    : pick(rng, [
        channel === 'email' ? IysOptOutSource.HS_EPOSTA : IysOptOutSource.HS_MESAJ,
        IysOptOutSource.HS_WEB,
        IysOptOutSource.IYS_WEB,
        IysOptOutSource.IYS_KISA_LINK,
      ])
  // a share of consents changed in the last four days, so the IYS lists have recent members
  const consent = chance(rng, 0.04) ? anchor - intBetween(rng, 1, 95) * HOUR : updated
  const city = weightedPick(rng, cities)
  const member = [pick(rng, groups)]
  if (groups.length > 1 && chance(rng, 0.3)) member.push(pick(rng, groups))
  const sourceName = Object.entries(optIn ? IysOptInSource : IysOptOutSource).find(
    ([, v]) => v === source,
  )![0]
  return {
    address,
    name: who.firstName,
    surname: who.lastName,
    allowStatus: status,
    iysSource: source,
    consentDate: stampOf(new Date(consent)),
    areas: {
      spArea1: status,
      spArea2: sourceName,
      spArea3: stampOf(new Date(updated)),
      spArea4: city.name,
      spArea5: who.gender === 'F' ? 'Kadın' : 'Erkek',
      spArea6: stampOf(
        new Date(
          Date.UTC(intBetween(rng, 1960, 2006), intBetween(rng, 0, 11), intBetween(rng, 1, 28)),
        ),
      ).slice(0, 10),
      spArea7: chance(rng, 0.12) ? 'Kurumsal' : 'Bireysel',
      spArea8: stampOf(new Date(consent)),
    },
    groups: [...new Set(member.map((g) => g.id))],
    createdAt: stampOf(new Date(created)),
    updatedAt: stampOf(new Date(Math.max(updated, consent))),
    iysTransactions: [],
  }
}

function slug(text: string): string {
  return asciiFold(text)
    .toLowerCase()
    .replace(/&/g, 've')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
}

function catalogue(seed: number, count: number, anchor: number) {
  const categories: Category[] = []
  const leafIds = new Map<string, number>()
  let id = 1
  for (const top of categoryTree) {
    const topId = id++
    categories.push({
      categoryId: topId,
      categoryName: top.name,
      parentCategoryId: 0,
      categoryUrl: `https://www.magazam.com/${slug(top.name)}`,
    })
    for (const group of top.children) {
      const groupId = id++
      categories.push({
        categoryId: groupId,
        categoryName: group.name,
        parentCategoryId: topId,
        categoryUrl: `https://www.magazam.com/${slug(top.name)}/${slug(group.name)}`,
      })
      for (const leaf of group.children) {
        const leafId = id++
        leafIds.set(leaf.path.join(' > '), leafId)
        categories.push({
          categoryId: leafId,
          categoryName: leaf.path[2],
          parentCategoryId: groupId,
          categoryUrl: `https://www.magazam.com/${leaf.path.map(slug).join('/')}`,
        })
      }
    }
  }
  const rng = seedStream(seed, 'setrow-products')
  const products = sharedCatalog(seed, count).map((item: CatalogProduct): Product => {
    const created = stampOf(new Date(anchor - intBetween(rng, 30, 700) * DAY))
    const discounted = chance(rng, 0.35)
    return {
      productCode: item.code,
      // Setrow keeps one barcode per product: a product with variants shows its first variant's
      productBarcode: item.barcode || item.variants[0]?.barcode || '',
      productName: item.title,
      brand: item.brand,
      price: item.price,
      salePrice: discounted ? Math.round(item.price * 0.85 * 100) / 100 : item.price,
      currency: 'TRY',
      stock: item.stock,
      categoryIds: [leafIds.get(item.categoryPath.join(' > '))!],
      productUrl: `https://www.magazam.com/${slug(item.title)}-${item.code.toLowerCase()}`,
      imageUrl: `https://www.magazam.com${item.image}`,
      status: chance(rng, 0.08) ? 2 : 1,
      createdAt: created,
      updatedAt: created,
    }
  })
  return { categories, products }
}

function orderList(
  rng: Rng,
  count: number,
  buyers: Contact[],
  products: Product[],
  anchor: number,
): OrderRecord[] {
  const orders: OrderRecord[] = []
  let serial = intBetween(rng, 100_000, 199_999)
  for (let i = 0; i < count; i++) {
    const buyer = buyers[Math.floor(rng() ** 2.2 * buyers.length)]!
    const ageDays = 365 * (1 - Math.sqrt(rng()))
    const placed = anchor - Math.floor(ageDays * DAY) - intBetween(rng, 1, DAY - 1)
    const lines = Array.from({ length: intBetween(rng, 1, 3) }, () => {
      const product = pick(rng, products)
      return {
        productCode: product.productCode,
        productName: product.productName,
        quantity: chance(rng, 0.85) ? 1 : 2,
        price: product.salePrice,
      }
    })
    const total = lines.reduce((sum, l) => sum + l.price * l.quantity, 0)
    serial += intBetween(rng, 1, 7)
    orders.push({
      orderId: `SP${serial}`,
      email: buyer.address,
      orderDate: stampOf(new Date(placed)),
      status: statusFor(rng, ageDays),
      totalPrice: Math.round((total + (total >= 500 ? 0 : 39.9)) * 100) / 100,
      currency: 'TRY',
      products: lines,
    })
  }
  return orders
}

function statusFor(rng: Rng, ageDays: number): string {
  if (ageDays < 1) return pick(rng, ['new', 'new', 'preparing'])
  if (ageDays < 4) return pick(rng, ['preparing', 'shipped'])
  if (ageDays < 8) return pick(rng, ['shipped', 'delivered'])
  return weightedPick(rng, [
    { s: 'delivered', weight: 88 },
    { s: 'returned', weight: 5 },
    { s: 'cancelled', weight: 7 },
  ]).s
}

const messages = [
  'Sepetinizde ürün unuttunuz! SEPET15 koduyla %15 indirim sizi bekliyor. B001',
  'Yaz indirimi başladı: seçili ürünlerde %40a varan fırsatlar magazam.com da. B001',
  'Siparişiniz kargoya verildi. Takip no: {n}. İyi alışverişler dileriz.',
  'Doğum gününüz kutlu olsun! Size özel DOGUMGUNU kodu ile %20 indirim. B001',
  'Favorilerinizdeki ürünün fiyatı düştü, kaçırmayın! B001',
  'Üyeliğiniz için teşekkürler. Hoş geldin hediyesi: HOSGELDIN10. B001',
]

function reports(
  rng: Rng,
  count: number,
  contacts: Contact[],
  anchor: number,
  sender: string,
): Report[] {
  if (!contacts.length) return []
  const out: Report[] = []
  for (let i = 0; i < count; i++) {
    const sent = anchor - Math.floor(rng() * 90 * DAY) - intBetween(rng, 0, DAY - 1)
    const recent = anchor - sent < DAY
    const status =
      recent && chance(rng, 0.3)
        ? 'WAITING'
        : weightedPick(rng, [
            { s: 'DELIVERED' as const, weight: 90 },
            { s: 'UNDELIVERED' as const, weight: 10 },
          ]).s
    out.push({
      number: pick(rng, contacts).address,
      sender,
      message: pick(rng, messages).replace('{n}', String(intBetween(rng, 10_000_000, 99_999_999))),
      status,
      sendDate: stampOf(new Date(sent)),
      reportDate:
        status === 'WAITING' ? null : stampOf(new Date(sent + intBetween(rng, 2, 600) * 1000)),
    })
  }
  return out.sort((a, b) => a.sendDate.localeCompare(b.sendDate))
}

/** İYS answers the account could have seen (assumed codes and texts, see README.md). */
const iysErrors = [
  { code: 'H174', message: 'Alıcı formatı hatalı.' },
  { code: 'H178', message: 'İzin tarihi gelecekte olamaz.' },
  { code: 'H183', message: 'Bu alıcı için daha yeni tarihli bir izin kaydı mevcut.' },
  { code: 'H190', message: 'Kaynak bilgisi izin tipi ile uyumsuz.' },
]

function iysLogs(
  rng: Rng,
  count: number,
  contacts: Record<Channel, Contact[]>,
  anchor: number,
): IysLog[] {
  const pool = [
    ...contacts.email.map((c) => ['EPOSTA', c] as const),
    ...contacts.sms.map((c) => ['MESAJ', c] as const),
  ]
  if (!pool.length) return []
  const out: IysLog[] = []
  for (let i = 0; i < count; i++) {
    const [recipientType, contact] = pick(rng, pool)
    const sentAt = anchor - Math.floor(rng() * 10 * DAY)
    const failed = chance(rng, 0.15)
    out.push({
      recipient: recipientType === 'MESAJ' ? `+90${contact.address}` : contact.address,
      recipientType,
      type: contact.allowStatus === 'Y' || contact.allowStatus === 'L' ? 'ONAY' : 'RET',
      source: contact.areas.spArea2 ?? 'HS_WEB',
      consentDate: contact.consentDate ?? stampOf(new Date(sentAt)),
      requestId: `${hex(rng, 8)}-${hex(rng, 4)}-${hex(rng, 4)}-${hex(rng, 4)}-${hex(rng, 12)}`,
      transactionId: failed ? null : hex(rng, 32),
      sentAt: stampOf(new Date(sentAt)),
      error: failed ? pick(rng, iysErrors) : null,
    })
  }
  return out.sort((a, b) => a.sentAt.localeCompare(b.sentAt))
}
