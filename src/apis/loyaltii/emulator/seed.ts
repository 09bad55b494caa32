/**
 * Seed data: the loyalty programme of "Nordlys Bolig", a Danish interior chain with shops across
 * Denmark and a webshop. Its account: order and point types, dynamic fields, stores, business
 * customers (contact companies), members with permissions and dynamic fields, the activity of
 * `seed-activity.ts` (orders, the points ledger, contact events), the mail of `seed-marketing.ts`
 * (segments, campaigns, dispatches and receivers) and the rest of `seed-library.ts` (dynamic
 * tables, media, actions, banners, feeds, tokens). Every part draws from its own
 * seeded stream, so the same seed and sizes give the same data, and each part's size moves no
 * other part's data.
 */
import {
  COUNTRY_CODE,
  address,
  asciiFold,
  companyName,
  cvr,
  emailFor,
  fromDanishWallClock,
  lastNames,
  mobile,
  person,
  spacedNumber,
  town,
} from '../../../emulator/locale/da.ts'
import { chance, intBetween, pick, seedStream, weightedPick } from '../../../emulator/random.ts'
import type { SeedOptions } from '../../../emulator/types.ts'
import { danishTime } from '../codecs.ts'
import { hashPassword } from './contacts.ts'
import { seedActivity } from './seed-activity.ts'
import { seedLibrary } from './seed-library.ts'
import { seedMail } from './seed-marketing.ts'
import type { LoyaltiiData, StoredCompany, StoredContact, StoredStore } from './state.ts'
import { emptyMarketing, zeroCounters } from './state-marketing.ts'
import { LoyaltiiStore } from './store.ts'
import { dotnetTime, pastTime } from './time.ts'

export const defaultSizes = {
  contacts: 3000,
  stores: 24,
  companies: 60,
  orders: 6000,
  points: 10_000,
  events: 8000,
}
export type LoyaltiiSizes = typeof defaultSizes

/** Made in memory all at once: about 1.5 GiB with every size at its maximum. */
export const maxSizes: { readonly [K in keyof LoyaltiiSizes]: number } = {
  contacts: 200_000,
  stores: 2_000,
  companies: 20_000,
  orders: 200_000,
  points: 500_000,
  events: 500_000,
}

export const orderTypes = ['Webshop', 'Butik', 'ClickCollect', 'Abonnement']
export const pointTypes = ['Bonuspoint', 'Kampagnepoint']

const dynamicFields: LoyaltiiData['account']['dynamicFields'] = {
  Contacts: [
    { Name: 'Birthday', Type: 'DateTimeOffset', Label: 'Fødselsdag', Values: null },
    { Name: 'Gender', Type: 'String', Label: 'Køn', Values: ['Kvinde', 'Mand', 'Andet'] },
    {
      Name: 'MemberLevel',
      Type: 'String',
      Label: 'Medlemsniveau',
      Values: ['Bronze', 'Sølv', 'Guld'],
    },
    { Name: 'PermissionEmail', Type: 'Boolean', Label: 'Samtykke til e-mail', Values: null },
    { Name: 'PermissionSms', Type: 'Boolean', Label: 'Samtykke til SMS', Values: null },
    { Name: 'HouseholdSize', Type: 'Number', Label: 'Husstandens størrelse', Values: null },
    { Name: 'Interests', Type: 'String', Label: 'Interesser', Values: null },
    { Name: 'Metadata', Type: 'String', Label: 'Metadata', Values: null },
  ],
  Orders: [
    { Name: 'DeliveryCompany', Type: 'String', Label: 'Fragtfirma', Values: null },
    {
      Name: 'PaymentMethod',
      Type: 'String',
      Label: 'Betalingsmetode',
      Values: ['MobilePay', 'Dankort', 'Visa', 'Mastercard', 'Faktura'],
    },
  ],
  OrderLines: [
    { Name: 'Category', Type: 'String', Label: 'Kategori', Values: null },
    { Name: 'Discount', Type: 'Decimal', Label: 'Rabat (kr.)', Values: null },
  ],
  ContactCompanies: [
    { Name: 'Industry', Type: 'String', Label: 'Branche', Values: null },
    { Name: 'EmployeeCount', Type: 'Number', Label: 'Antal ansatte', Values: null },
  ],
}

function slug(text: string): string {
  return asciiFold(text)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '')
}

function seedStores(seed: number, count: number, now: number): StoredStore[] {
  const rng = seedStream(seed, 'loyaltii.stores')
  const used = new Map<string, number>()
  return Array.from({ length: count }, (_, i) => {
    const place = town(rng)
    const city = place.name.replace(/ (C|K|N|Ø|S|SØ|J|V)$/, '')
    const n = (used.get(city) ?? 0) + 1
    used.set(city, n)
    const name = `Nordlys Bolig ${city}${n > 1 ? ` ${n}` : ''}`
    const opened = pastTime(rng, now, 365 * 6)
    return {
      Id: i + 1,
      Number: String(101 + i),
      LastModified: dotnetTime(rng, opened),
      Name: name,
      Phone: spacedNumber(`${intBetween(rng, 3, 9)}${intBetween(rng, 1000000, 9999999)}`),
      Address: address(rng).split(',')[0]!,
      ZipCode: pick(rng, place.postcodes),
      City: place.name,
      Email: `${slug(city)}${n > 1 ? n : ''}@nordlysbolig.dk`,
      JsonString: JSON.stringify({
        OpeningHours: pick(rng, [
          'Man-Fre 10-18, Lør 10-16',
          'Man-Fre 10-19, Lør-Søn 10-17',
          'Man-Tor 10-17:30, Fre 10-19, Lør 10-15',
        ]),
        Manager: `${person(rng).firstName} ${pick(rng, lastNames)}`,
        Region: place.region,
      }),
    }
  })
}

function seedCompanies(seed: number, count: number, now: number): StoredCompany[] {
  const rng = seedStream(seed, 'loyaltii.companies')
  const numbers = new Set<string>()
  const companies: StoredCompany[] = []
  for (let i = 0; i < count; i++) {
    const name = companyName(rng)
    let number = cvr(rng)
    while (numbers.has(number)) number = cvr(rng)
    numbers.add(number)
    const domain = `${slug(name.replace(/ (ApS|A\/S|I\/S|K\/S)$/, ''))}.dk`
    // a fifth are departments of an earlier top-level company: two levels at most
    const parents = companies.filter((c) => c.ContactCompanyId === null)
    const parent = i > 3 && chance(rng, 0.2) ? pick(rng, parents) : undefined
    companies.push({
      Id: i + 1,
      Name: name,
      PrimaryContactId: null,
      ContactCompanyId: parent?.Id ?? null,
      EmailDomains: domain,
      Logo: chance(rng, 0.6) ? `https://${domain}/logo.png` : null,
      Number: number,
      LastModified: dotnetTime(rng, pastTime(rng, now, 365 * 3)),
      Dynamic: {
        Industry: name.split(' ').at(-2) ?? null,
        EmployeeCount: intBetween(rng, 2, 250),
      },
    })
  }
  return companies
}

// registrations come from the web shop, the shops, the app and campaigns
const sources = [
  { name: 'Webshop', weight: 48 },
  { name: 'Butik', weight: 34 },
  { name: 'App', weight: 12 },
  { name: 'Kampagne', weight: 6 },
] as const
const interests = [
  'Køkken',
  'Tekstiler',
  'Belysning',
  'Møbler',
  'Have',
  'Dekoration',
  'Børneværelse',
]
const ipBlocks = ['87.62', '80.62', '2.104', '5.186', '93.176', '185.45', '188.176', '90.185']

function seedContacts(
  seed: number,
  count: number,
  now: number,
  stores: readonly StoredStore[],
  companies: readonly StoredCompany[],
): StoredContact[] {
  const rng = seedStream(seed, 'loyaltii.contacts')
  const emails = new Set<string>()
  const phones = new Set<string>()
  const contacts: StoredContact[] = []
  // registered over four years, most recently more: Id order is registration order
  const times = Array.from({ length: count }, () => pastTime(rng, now, 365 * 4, 0.7)).sort(
    (a, b) => a - b,
  )
  for (let i = 0; i < count; i++) {
    const who = person(rng)
    const registered = times[i]!
    const source = weightedPick(rng, sources).name
    const shop =
      stores.length && (source === 'Butik' || chance(rng, 0.1)) ? pick(rng, stores) : undefined
    let email: string | null = chance(rng, 0.93) ? emailFor(rng, who.firstName, who.lastName) : null
    while (email && emails.has(email)) email = email.replace('@', `${intBetween(rng, 1, 99)}@`)
    if (email) emails.add(email)
    let phone: string | null = chance(rng, 0.8) || !email ? mobile(rng) : null
    while (phone && phones.has(phone)) phone = mobile(rng)
    if (phone) phones.add(phone)
    const company = companies.length && chance(rng, 0.04) ? pick(rng, companies) : undefined
    const updated = chance(rng, 0.4) ? registered + Math.floor(rng() * (now - registered)) : null
    const birthday = chance(rng, 0.7)
      ? danishTime(
          fromDanishWallClock(
            Date.UTC(intBetween(rng, 1940, 2007), intBetween(rng, 0, 11), intBetween(rng, 1, 28)),
          ),
        )
      : null
    const level = weightedPick(rng, [
      { name: 'Bronze', weight: 60 },
      { name: 'Sølv', weight: 30 },
      { name: 'Guld', weight: 10 },
    ]).name
    contacts.push({
      Id: i + 1,
      Secret: Array.from({ length: 16 }, () =>
        pick(rng, [...'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789']),
      ).join(''),
      RegistrationDateTime: dotnetTime(rng, registered),
      RegistrationSource: source,
      RegistrationIp:
        source === 'Butik'
          ? null
          : `${pick(rng, ipBlocks)}.${intBetween(rng, 0, 255)}.${intBetween(rng, 1, 254)}`,
      LastModified: dotnetTime(rng, updated ?? registered),
      Version: 0,
      RegistrationStoreId: source === 'Butik' && shop ? shop.Id : null,
      Email: email,
      PhoneCountryCode: phone ? COUNTRY_CODE : null,
      Phone: phone,
      FirstName: who.firstName,
      LastName: who.lastName,
      LimitMailsPermanently: email !== null && chance(rng, 0.03),
      LimitMailsTemporarilyUntil:
        email && chance(rng, 0.02)
          ? dotnetTime(rng, now + intBetween(rng, 5, 60) * 86_400_000)
          : null,
      ProfileLastUpdated: updated === null ? null : dotnetTime(rng, updated),
      PreferredStoreId: shop && chance(rng, 0.8) ? shop.Id : null,
      ContactCompanyId: company?.Id ?? null,
      LatestPermissionSource: pick(rng, [
        'Webshop tilmelding',
        'Butik',
        'App',
        'Kampagne: Sommerudsalg',
        'Kundeservice',
      ]),
      Dynamic: {
        Birthday: birthday,
        Gender: who.gender === 'F' ? 'Kvinde' : 'Mand',
        MemberLevel: level,
        PermissionEmail: email !== null && chance(rng, 0.72),
        PermissionSms: phone !== null && chance(rng, 0.45),
        HouseholdSize: chance(rng, 0.5) ? intBetween(rng, 1, 5) : null,
        Interests: chance(rng, 0.35)
          ? [pick(rng, interests), pick(rng, interests)]
              .filter((v, k, a) => a.indexOf(v) === k)
              .join(', ')
          : null,
        Metadata: null,
      },
      // a third set a password in the app or web shop (unknown: only SetPassword gives one)
      PasswordHash: chance(rng, 0.35) ? hashPassword(`seed-${seed}-${i}-${rng()}`, `s${i}`) : null,
      EmailBounced: email !== null && chance(rng, 0.02),
    })
  }
  // row versions in order of the last write, as SQL Server would have stamped them
  ;[...contacts]
    .sort((a, b) => a.LastModified.localeCompare(b.LastModified) || a.Id - b.Id)
    .forEach((c, k) => (c.Version = 2001 + k))
  return contacts
}

export function generateLoyaltiiData({
  seed,
  now,
  sizes,
}: SeedOptions<LoyaltiiSizes>): LoyaltiiData {
  const at = now.getTime()
  const stores = seedStores(seed, sizes.stores, at)
  const companies = seedCompanies(seed, sizes.companies, at)
  const contacts = seedContacts(seed, sizes.contacts, at, stores, companies)
  // each company's primary contact is one of its members, when it has any
  for (const company of companies) {
    const member = contacts.find((c) => c.ContactCompanyId === company.Id && c.Email)
    company.PrimaryContactId = member?.Id ?? null
  }
  const data: LoyaltiiData = {
    account: {
      orderTypes: [...orderTypes],
      pointTypes: [...pointTypes],
      dynamicFields: structuredClone(dynamicFields),
    },
    last: {
      contact: contacts.length,
      order: 0,
      line: 0,
      point: 0,
      event: 0,
      store: stores.length,
      company: companies.length,
      version: 2000 + contacts.length,
      ...zeroCounters(),
    },
    stores,
    companies,
    contacts,
    orders: [],
    points: [],
    events: [],
    ...emptyMarketing(),
  }
  // part 2 reads what part 1 made (members, orders, points) through the store's own rules
  const store = new LoyaltiiStore(seedActivity(data, seed, at, sizes))
  seedMail(store, data, seed, at)
  seedLibrary(store, data, seed, at)
  return store.toJSON()
}
