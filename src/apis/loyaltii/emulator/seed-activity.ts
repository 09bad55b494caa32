/**
 * The seed's activity: orders with lines from the shops and the web shop, the points ledger that
 * follows them (a bonus point per 10 kr., welcome and birthday points, campaign points, vouchers
 * redeemed, returns cancelled), and contact events (mails opened and clicked, visits). Ids follow
 * time, as they would have been given out.
 */
import { chance, intBetween, pick, seedStream, weightedPick } from '../../../emulator/random.ts'
import { address, town } from '../../../emulator/locale/da.ts'
import { firstIndex } from '../../../emulator/sorted.ts'
import { decimal, instantOf } from '../codecs.ts'
import { addPoint } from './points.ts'
import type { LoyaltiiSizes } from './seed.ts'
import type { LoyaltiiData, StoredContact, StoredEvent, StoredLine, StoredOrder } from './state.ts'
import { LoyaltiiStore } from './store.ts'
import { dotnetTime, pastTime } from './time.ts'

const DAY = 86_400_000

// prettier-ignore
const catalogue = [
  ['40011', 'Uldplaid, grå', 'Tekstiler', 499], ['40012', 'Uldplaid, okker', 'Tekstiler', 499],
  ['40021', 'Puderbetræk, velour 50x50', 'Tekstiler', 149], ['40022', 'Linned sengesæt 140x200', 'Tekstiler', 699],
  ['40031', 'Håndklæde, økologisk bomuld', 'Tekstiler', 89.95], ['40041', 'Duftlys, Hygge', 'Dekoration', 129],
  ['40042', 'Kronelys, 8 stk.', 'Dekoration', 59.95], ['40043', 'Lysestage, messing', 'Dekoration', 249],
  ['40051', 'Vase, mundblæst glas', 'Dekoration', 349], ['40061', 'Keramikkop, sand', 'Køkken', 79],
  ['40062', 'Tallerken, stentøj 27 cm', 'Køkken', 99], ['40063', 'Kaffebrygger, pour-over', 'Køkken', 299],
  ['40064', 'Skærebræt, eg', 'Køkken', 229], ['40071', 'Bordlampe, opal', 'Belysning', 899],
  ['40072', 'Pendel, papir 45 cm', 'Belysning', 599], ['40073', 'Gulvlampe, sort metal', 'Belysning', 1299],
  ['40081', 'Spisebordsstol, eg', 'Møbler', 1899], ['40082', 'Sofabord, valnød', 'Møbler', 2799],
  ['40083', 'Skammel, flet', 'Møbler', 649], ['40091', 'Krukke, terracotta', 'Have', 199],
  ['40092', 'Havelanterne', 'Have', 279], ['40101', 'Børnetæppe, stjerner', 'Børneværelse', 399],
] as const
const carriers = ['PostNord', 'GLS', 'DAO', 'Bring']
const payments = [
  { name: 'MobilePay', weight: 45 },
  { name: 'Dankort', weight: 25 },
  { name: 'Visa', weight: 15 },
  { name: 'Mastercard', weight: 10 },
  { name: 'Faktura', weight: 5 },
] as const
const kinds = [
  { name: 'Webshop', weight: 58 },
  { name: 'Butik', weight: 36 },
  { name: 'ClickCollect', weight: 5 },
  { name: 'Abonnement', weight: 1 },
] as const

function seedOrders(data: LoyaltiiData, seed: number, now: number, count: number): StoredOrder[] {
  const rng = seedStream(seed, 'loyaltii.orders')
  const { contacts, stores } = data
  const times = Array.from({ length: count }, () => pastTime(rng, now, 730, 0.8)).sort(
    (a, b) => a - b,
  )
  // contacts are in registration order: those registered before an order can have placed it
  const registered = contacts.map((c) => instantOf(c.RegistrationDateTime))
  const orders: StoredOrder[] = []
  let lineId = 0
  for (let i = 0; i < count; i++) {
    const at = times[i]!
    // 15% are guests without a contact
    const members = firstIndex(registered, (ms) => ms > at)
    const member: StoredContact | undefined =
      members && chance(rng, 0.85) ? contacts[intBetween(rng, 0, members - 1)] : undefined
    const kind = stores.length ? weightedPick(rng, kinds).name : 'Webshop'
    const shop = kind === 'Butik' || kind === 'ClickCollect' ? pick(rng, stores) : undefined
    const place = town(rng)
    const when = dotnetTime(rng, at)
    const lines: StoredLine[] = Array.from({ length: weightedPick(rng, lineCounts).n }, () => {
      const [product, name, category, price] = pick(rng, catalogue)
      const discounted = chance(rng, 0.15)
      return {
        Id: ++lineId,
        OrderId: i + 1,
        ExtProductId: product,
        ImgUrl: `https://cdn.nordlysbolig.dk/produkter/${product}.jpg`,
        Name: name,
        Description: null,
        Quantity: weightedPick(rng, quantities).n,
        Price: discounted ? decimal(price * 0.8) : price,
        LastModified: when,
        ContactId: member?.Id ?? null,
        Dynamic: { Category: category, Discount: discounted ? decimal(price * 0.2) : null },
      }
    })
    const delivered = kind === 'Webshop' || kind === 'Abonnement'
    orders.push({
      Id: i + 1,
      Type: kind,
      ExtOrderId: `NB-${new Date(at).getUTCFullYear()}-${String(100000 + i).padStart(6, '0')}`,
      ContactId: member?.Id ?? null,
      FirstName: member?.FirstName ?? null,
      LastName: member?.LastName ?? null,
      Address: delivered ? address(rng) : null,
      PostCode: delivered ? pick(rng, place.postcodes) : null,
      City: delivered ? place.name : null,
      Country: delivered ? 'Danmark' : null,
      Company: null,
      LastModified: when,
      StoreId: shop?.Id ?? null,
      OriginDate: when,
      StartDate: null,
      EndDate: null,
      Email: member?.Email ?? null,
      Dynamic: {
        DeliveryCompany: delivered ? pick(rng, carriers) : null,
        PaymentMethod: weightedPick(rng, payments).name,
      },
      OrderLines: lines,
    })
  }
  data.last.order = orders.length
  data.last.line = lineId
  return orders
}
const lineCounts = [
  { n: 1, weight: 50 },
  { n: 2, weight: 28 },
  { n: 3, weight: 14 },
  { n: 4, weight: 8 },
]
const quantities = [
  { n: 1, weight: 75 },
  { n: 2, weight: 18 },
  { n: 3, weight: 5 },
  { n: 6, weight: 2 },
]

interface Planned {
  at: number
  contact: StoredContact
  kind: 'earn' | 'welcome' | 'birthday' | 'campaign' | 'return' | 'redeem'
  order?: StoredOrder
  /** for a return: the earning it cancels */
  pointId?: number
}

const descriptions = {
  earn: ['Point for køb', 'Køb'],
  welcome: ['Velkomstpoint', 'Velkomst'],
  birthday: ['Fødselsdagspoint', 'Fødselsdag'],
  campaign: ['Kampagne: Sommerudsalg', 'Kampagne'],
} as const

/** Inserts `step` into `queue`, kept in time order. */
function later(queue: Planned[], step: Planned): void {
  let i = queue.length
  while (i > 0 && queue[i - 1]!.at > step.at) i--
  queue.splice(i, 0, step)
}

/**
 * The ledger, `count` points long: planned earnings walked in time order; after an earning, now
 * and then a return (the earning cancelled days later) or a voucher redeemed (500 points for a
 * 50 kr. voucher, when the balance allows it), queued at their own later time.
 */
function seedPoints(
  store: LoyaltiiStore,
  data: LoyaltiiData,
  seed: number,
  now: number,
  count: number,
) {
  const rng = seedStream(seed, 'loyaltii.points')
  const plan: Planned[] = []
  for (const order of data.orders) {
    const contact = order.ContactId === null ? undefined : store.contacts.get(order.ContactId)
    if (contact)
      plan.push({ at: store.createdAt(order, order.OriginDate!).ms, contact, kind: 'earn', order })
  }
  for (const contact of data.contacts) {
    const at = store.createdAt(contact, contact.RegistrationDateTime).ms
    if (chance(rng, 0.6)) plan.push({ at: at + 60_000, contact, kind: 'welcome' })
    if (contact.Dynamic.Birthday && chance(rng, 0.3))
      plan.push({ at: Math.max(at, pastTime(rng, now, 365)), contact, kind: 'birthday' })
  }
  while (plan.length < count && data.contacts.length)
    plan.push({
      at: pastTime(rng, now, 730, 0.8),
      contact: pick(rng, data.contacts),
      kind: 'campaign',
    })
  plan.sort((a, b) => a.at - b.at)
  const deferred: Planned[] = []
  let last = 0
  for (let i = 0; store.points.length < count && (i < plan.length || deferred.length);) {
    const step =
      deferred.length && (i >= plan.length || deferred[0]!.at <= plan[i]!.at)
        ? deferred.shift()!
        : plan[i++]!
    // ids follow time: a point made in the same millisecond as the last comes a millisecond later
    const dateTime = dotnetTime(rng, (last = Math.max(step.at, last + 1)))
    const contact = step.contact
    const base = {
      ContactId: contact.Id,
      ContactCompanyId: contact.ContactCompanyId,
      IsCanceller: false,
      CancellerPointId: null,
    }
    if (step.kind === 'return') {
      const original = store.pointsById.get(step.pointId!)!
      const canceller = addPoint(store, dateTime, {
        ...base,
        ContactCompanyId: original.ContactCompanyId,
        Type: original.Type,
        Amount: -original.Amount,
        Description: `Annullering af point ${original.Id}`,
        SourceId: original.SourceId,
        SourceDescription: original.SourceDescription,
        StoreId: original.StoreId,
        BookValue: original.BookValue === null ? null : -original.BookValue,
        SubType: original.SubType,
        PointCalculationBase:
          original.PointCalculationBase === null ? null : -original.PointCalculationBase,
        IsCanceller: true,
        CancellerPointId: original.Id,
      })
      original.CancellerPointId = canceller.Id
      continue
    }
    if (step.kind === 'redeem') {
      if (bonusOf(store, contact.Id) < 500) continue
      addPoint(store, dateTime, {
        ...base,
        Type: 'Bonuspoint',
        Amount: -500,
        Description: 'Værdibevis 50 kr.',
        SourceId: `VB-${String(store.last.point + 1).padStart(7, '0')}`,
        SourceDescription: 'Indløsning',
        StoreId: null,
        BookValue: -50,
        SubType: 'Indløsning',
        PointCalculationBase: null,
      })
      continue
    }
    const order = step.order
    const total = order
      ? decimal(order.OrderLines.reduce((s, l) => s + l.Quantity * l.Price, 0))
      : 0
    const [description, subType] = descriptions[step.kind]
    const point = addPoint(store, dateTime, {
      ...base,
      Type: step.kind === 'campaign' ? 'Kampagnepoint' : 'Bonuspoint',
      Amount:
        step.kind === 'earn'
          ? Math.floor(total / 10)
          : step.kind === 'welcome'
            ? 100
            : step.kind === 'birthday'
              ? 200
              : pick(rng, [25, 50, 100]),
      Description: description,
      SourceId: order?.ExtOrderId ?? null,
      SourceDescription: order ? (order.StoreId ? 'Køb i butik' : 'Webshop ordre') : null,
      StoreId: order?.StoreId ?? null,
      BookValue: order ? total : null,
      SubType: subType,
      PointCalculationBase: order ? total : null,
    })
    const returned = step.kind === 'earn' && chance(rng, 0.03)
    const redeemed = !returned && step.kind !== 'campaign' && chance(rng, 0.3)
    const at = step.at + intBetween(rng, 1, returned ? 14 : 30) * DAY
    if ((returned || redeemed) && at < now)
      later(deferred, { at, contact, kind: returned ? 'return' : 'redeem', pointId: point.Id })
  }
}

function bonusOf(store: LoyaltiiStore, contactId: number): number {
  let sum = 0
  for (const p of store.pointsByContact.get(contactId) ?? [])
    if (p.Type === 'Bonuspoint') sum += p.Amount
  return sum
}

const eventKinds = [
  { type: 'Email', subTypes: ['Leveret', 'Åbnet', 'Klikket'], weight: 55 },
  { type: 'Web', subTypes: ['Besøg', 'Kurv', 'Ønskeliste'], weight: 25 },
  { type: 'Butik', subTypes: ['Besøg', 'Kundeklub'], weight: 12 },
  { type: 'App', subTypes: ['Login', 'Push åbnet'], weight: 8 },
]
const campaigns = [
  'Sommerudsalg',
  'Black Friday',
  'Julekatalog',
  'Nyhedsbrev uge 12',
  'Medlemsaften',
]

function seedEvents(data: LoyaltiiData, seed: number, now: number, count: number): StoredEvent[] {
  const rng = seedStream(seed, 'loyaltii.events')
  if (!data.contacts.length) return []
  const times = Array.from({ length: count }, () => pastTime(rng, now, 365, 0.9)).sort(
    (a, b) => a - b,
  )
  return times.map((at, i): StoredEvent => {
    const kind = weightedPick(rng, eventKinds)
    const campaign = kind.type === 'Email' ? pick(rng, campaigns) : undefined
    return {
      Id: i + 1,
      Created: dotnetTime(rng, at),
      ContactId: pick(rng, data.contacts).Id,
      Type: kind.type,
      SubType: pick(rng, kind.subTypes),
      ParentId: campaign ? `kampagne-${campaigns.indexOf(campaign) + 1}` : null,
      ParentType: campaign ? 'EmailCampaign' : null,
      UniqueExtId: campaign && chance(rng, 0.5) ? `mail-${seed}-${i + 1}` : null,
      InfoJson: campaign
        ? { Campaign: campaign }
        : kind.type === 'Web'
          ? {
              Url: `https://nordlysbolig.dk/${pick(rng, ['tekstiler', 'belysning', 'koekken', 'moebler'])}`,
            }
          : null,
    }
  })
}

/** Fills in the account's activity, each part from its own stream. */
export function seedActivity(
  data: LoyaltiiData,
  seed: number,
  now: number,
  sizes: LoyaltiiSizes,
): LoyaltiiData {
  data.orders = seedOrders(data, seed, now, sizes.orders)
  data.events = seedEvents(data, seed, now, sizes.events)
  data.last.event = data.events.length
  // the ledger is built through the store's own rules, so every Sum is the one it would compute
  const store = new LoyaltiiStore(data)
  seedPoints(store, data, seed, now, sizes.points)
  data.points = store.points
  return data
}
