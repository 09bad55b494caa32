/**
 * Every Loyaltii operation of part 1 through the real client against the emulator, in process and
 * over a socket: its success, then each failure the reference documents or records for it. Part 2's
 * groups have their own files (segments, dispatches, campaigns, tables, media, account).
 */
import { describe, expect, it } from 'vitest'
import { encodeVersion } from '../../../src/apis/loyaltii/codecs.ts'
import { loyaltiiApi } from '../../../src/apis/loyaltii/operations.ts'
import { accountOperations } from '../../../src/apis/loyaltii/operations/account.ts'
import {
  companyOperations,
  eventOperations,
  storeOperations,
} from '../../../src/apis/loyaltii/operations/companies.ts'
import { contactOperations } from '../../../src/apis/loyaltii/operations/contacts.ts'
import { dispatchOperations } from '../../../src/apis/loyaltii/operations/dispatches.ts'
import { mediaOperations } from '../../../src/apis/loyaltii/operations/media.ts'
import { orderOperations } from '../../../src/apis/loyaltii/operations/orders.ts'
import { pointOperations } from '../../../src/apis/loyaltii/operations/points.ts'
import { segmentOperations } from '../../../src/apis/loyaltii/operations/segments.ts'
import { tableOperations } from '../../../src/apis/loyaltii/operations/tables.ts'
import { referenceEndpoints } from '../../support/reference.ts'
import { checkOperations, type Check, type Failure } from './checks.ts'
import type { Setup } from './setup.ts'

const part1 = {
  ...contactOperations,
  ...orderOperations,
  ...eventOperations,
  ...pointOperations,
  ...storeOperations,
  ...companyOperations,
}
const part2 = {
  ...segmentOperations,
  ...dispatchOperations,
  ...tableOperations,
  ...mediaOperations,
  ...accountOperations,
}

const firstContact = (s: Setup) => [...s.state.contacts.values()].find((c) => c.Email && c.Phone)!
const memberCompany = (s: Setup) =>
  [...s.state.companies.values()].find((c) =>
    [...s.state.contacts.values()].some((k) => k.ContactCompanyId === c.Id),
  )!
const line = { Name: 'Duftlys, Hygge', ExtProductId: '40041', Quantity: 2, Price: 129 }
const customer = (s: Setup) =>
  [...s.state.orders.values()].find((o) => o.ContactId !== null)!.ContactId!

describe('the definition', () => {
  const rows = referenceEndpoints().filter((r) => r.api === 'loyaltii')

  it('declares the 108 operations of the seed, each with its seed line as summary', () => {
    expect(rows).toHaveLength(108)
    const declared = Object.values(loyaltiiApi.operations)
    expect(declared).toHaveLength(108)
    for (const row of rows) {
      const path = row.path.replace(/\?.*$/, '')
      const found = declared.filter(
        (op) => op.method === row.method && op.path === path && op.summary.startsWith(row.title),
      )
      expect(found, `${row.method} ${row.path}`).toHaveLength(1)
    }
  })

  it('keeps the 64 of part 1 and the 44 of part 2 in their groups, each checked by its file', () => {
    expect(Object.keys(part1)).toHaveLength(64)
    expect(Object.keys(part2)).toHaveLength(44)
    expect([...Object.keys(part1), ...Object.keys(part2)].sort()).toEqual(
      Object.keys(loyaltiiApi.operations).sort(),
    )
  })
})

const success: Record<keyof typeof part1, Check> = {
  'contacts.list': async (s) => {
    const ids = await s.client.contacts.list()
    expect(ids).toHaveLength(120)
    expect(ids).toEqual([...ids].sort((a, b) => a - b))
  },
  'contacts.getByEmail': async (s) => {
    const c = firstContact(s)
    expect((await s.client.contacts.getByEmail({ email: c.Email!.toUpperCase() }))?.Id).toBe(c.Id)
  },
  'contacts.getByPhone': async (s) => {
    const c = firstContact(s)
    expect((await s.client.contacts.getByPhone({ phone: c.Phone! }))?.Id).toBe(c.Id)
  },
  'contacts.getBySecret': async (s) => {
    const c = firstContact(s)
    const found = await s.client.contacts.getBySecret({ secret: c.Secret, ip: '10.0.0.1' })
    expect(found).toMatchObject({ Id: c.Id, Secret: c.Secret })
  },
  'contacts.listByField': async (s) => {
    const gold = await s.client.contacts.listByField({ field: 'MemberLevel', value: 'Guld' })
    expect(gold.length).toBeGreaterThan(0)
    expect(gold.every((c) => c.MemberLevel === 'Guld')).toBe(true)
  },
  'contacts.listPatchFields': async (s) => {
    const fields = await s.client.contacts.listPatchFields()
    expect(fields).toEqual(
      expect.arrayContaining(['FirstName', 'Phone', 'MemberLevel', 'PermissionEmail']),
    )
  },
  'contacts.listDynamicFields': async (s) => {
    const fields = await s.client.contacts.listDynamicFields()
    expect(fields).toContainEqual({
      Name: 'MemberLevel',
      Type: 'String',
      Label: 'Medlemsniveau',
      Values: ['Bronze', 'Sølv', 'Guld'],
    })
  },
  'contacts.listBaseInfo': async (s) => {
    const info = await s.client.contacts.listBaseInfo()
    expect(info).toHaveLength(120)
    expect(Object.keys(info[0]!)).toEqual([
      'Id',
      'Secret',
      'Email',
      'Phone',
      'FirstName',
      'LastName',
    ])
  },
  'contacts.listRegistrations': async (s) => {
    const recent = await s.client.contacts.listRegistrations({
      timespan: 60 * 24 * 30,
      source: 'webshop',
    })
    expect(recent.every((c) => c.RegistrationSource === 'Webshop')).toBe(true)
    const all = await s.client.contacts.listRegistrations({ source: 'Webshop' })
    expect(all.length).toBeGreaterThan(recent.length)
  },
  'contacts.get': async (s) => {
    const c = firstContact(s)
    const got = await s.client.contacts.get({ id: c.Id })
    expect(got).toMatchObject({ Id: c.Id, Email: c.Email, Version: encodeVersion(c.Version) })
    expect(got!.LastModified).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}\+0[12]:00$/)
  },
  'contacts.getPersonDataFile': async (s) => {
    const c = firstContact(s)
    const url = await s.client.contacts.getPersonDataFile({ id: c.Id })
    expect(url).toMatch(new RegExp(`/PersonDataFiles/${c.Secret}\\.json$`))
    const file = (await (await s.emulator.fetch(url)).json()) as { Contact: { Id: number } }
    expect(file.Contact.Id).toBe(c.Id)
  },
  'contacts.create': async (s) => {
    const made = await s.client.contacts.create({
      RegistrationSource: 'Webshop',
      Email: 'ny.kunde@example.dk',
      FirstName: 'Signe',
      MemberLevel: 'Bronze',
    })
    expect(made).toMatchObject({ Email: 'ny.kunde@example.dk', MemberLevel: 'Bronze', Phone: null })
    expect(made.Secret).toMatch(/^[A-Za-z0-9]{16}$/)
    expect(s.state.contacts.get(made.Id)?.FirstName).toBe('Signe')
  },
  'contacts.login': async (s) => {
    const c = firstContact(s)
    await s.client.contacts.setPassword({ id: c.Id, NewPassword: 'Hygge-2026' })
    const me = await s.client.contacts.login({
      id: c.Id,
      Password: 'Hygge-2026',
      Ip: '10.0.0.2',
      Source: 'App',
    })
    expect(me.Id).toBe(c.Id)
  },
  'contacts.setPassword': async (s) => {
    const c = firstContact(s)
    const before = c.Version
    expect(
      await s.client.contacts.setPassword({ id: c.Id, NewPassword: 'ny-kode' }),
    ).toBeUndefined()
    expect(s.state.contacts.get(c.Id)!.PasswordHash).toMatch(/^sha256\$/)
    expect(s.state.contacts.get(c.Id)!.Version).toBeGreaterThan(before)
  },
  'contacts.unblockEmail': async (s) => {
    const c = firstContact(s)
    c.EmailBounced = true
    expect(await s.client.contacts.unblockEmail({ id: c.Id })).toBe(true)
    expect(await s.client.contacts.unblockEmail({ id: c.Id })).toBe(false)
  },
  'contacts.update': async (s) => {
    const c = (await s.client.contacts.get({ id: firstContact(s).Id }))!
    const put = await s.client.contacts.update({ id: c.Id, Version: c.Version, FirstName: 'Mette' })
    expect(put).toMatchObject({
      FirstName: 'Mette',
      Email: null,
      Phone: null,
      MemberLevel: c.MemberLevel,
    })
    expect(put.Version).not.toBe(c.Version)
  },
  'contacts.patchMany': async (s) => {
    const [a, b] = [...s.state.contacts.values()]
    const answer = await s.client.contacts.patchMany({
      KeyType: 'Id',
      Keys: [String(a!.Id), '999999', String(b!.Id)],
      Fields: { MemberLevel: 'Guld', LastName: 'Holm' },
    })
    expect(answer).toEqual({ Updated: [String(a!.Id), String(b!.Id)], NotFound: ['999999'] })
    expect(s.state.contacts.get(b!.Id)).toMatchObject({
      LastName: 'Holm',
      Dynamic: { MemberLevel: 'Guld' },
    })
  },
  'contacts.patch': async (s) => {
    const c = (await s.client.contacts.get({ id: firstContact(s).Id }))!
    const patched = await s.client.contacts.patch({
      id: c.Id,
      Version: c.Version,
      Phone: '',
      HouseholdSize: 3,
    })
    expect(patched).toMatchObject({
      Phone: null,
      Email: c.Email,
      HouseholdSize: 3,
      FirstName: c.FirstName,
    })
  },
  'contacts.delete': async (s) => {
    const id = customer(s)
    expect(await s.client.contacts.delete({ id })).toBeUndefined()
    expect(await s.client.contacts.get({ id })).toBeNull()
    expect(await s.client.orders.listByContact({ contactId: id })).toEqual([])
  },
  'orders.listByContact': async (s) => {
    const id = customer(s)
    const orders = await s.client.orders.listByContact({ contactId: id, withOrderLines: false })
    expect(orders.length).toBeGreaterThan(0)
    expect(orders.every((o) => o.ContactId === id && o.OrderLines === null)).toBe(true)
  },
  'orders.listByExtOrderId': async (s) => {
    const order = s.state.orders.get(3)!
    const found = await s.client.orders.listByExtOrderId({ extOrderId: order.ExtOrderId! })
    expect(found.map((o) => o.Id)).toEqual([3])
  },
  'orders.listTypes': async (s) => {
    expect(await s.client.orders.listTypes()).toEqual([
      'Webshop',
      'Butik',
      'ClickCollect',
      'Abonnement',
    ])
  },
  'orders.get': async (s) => {
    const order = (await s.client.orders.get({ id: 1 }))!
    const sum = order.OrderLines!.reduce((total, l) => total + l.PriceTotal, 0)
    expect(order.PriceTotal).toBeCloseTo(sum, 6)
  },
  'orders.create': async (s) => {
    const order = await s.client.orders.create({
      Type: 'Webshop',
      ExtOrderId: 'TEST-1',
      ContactId: customer(s),
      PaymentMethod: 'MobilePay',
      OrderLines: [line, { ...line, Quantity: 3, Price: 19.95, Category: 'Dekoration' }],
    })
    expect(order.PriceTotal).toBe(317.85)
    expect(order.OrderLines!.map((l) => l.PriceTotal)).toEqual([258, 59.85])
    expect(order).toMatchObject({
      PaymentMethod: 'MobilePay',
      ContactRegistrationSource: expect.any(String),
    })
  },
  'orders.lines.create': async (s) => {
    const added = await s.client.orders.lines.create({ id: 1, ...line })
    expect(added).toMatchObject({ OrderId: 1, PriceTotal: 258 })
    expect((await s.client.orders.get({ id: 1 }))!.OrderLines!.at(-1)!.Id).toBe(added.Id)
  },
  'orders.update': async (s) => {
    const order = await s.client.orders.update({
      id: 2,
      City: 'Aarhus C',
      DeliveryCompany: 'Bring',
    })
    expect(order).toMatchObject({ Id: 2, City: 'Aarhus C', DeliveryCompany: 'Bring' })
  },
  'orders.lines.update': async (s) => {
    const lid = s.state.orders.get(1)!.OrderLines[0]!.Id
    const updated = await s.client.orders.lines.update({ id: 1, lid, Quantity: 4, Price: 10.5 })
    expect(updated).toMatchObject({ Quantity: 4, Price: 10.5, PriceTotal: 42 })
  },
  'orders.delete': async (s) => {
    const deleted = await s.client.orders.delete({ id: 4 })
    expect(deleted.Id).toBe(4)
    expect(await s.client.orders.get({ id: 4 })).toBeNull()
  },
  'orders.lines.delete': async (s) => {
    const { Id } = await s.client.orders.lines.create({ id: 5, ...line })
    expect((await s.client.orders.lines.delete({ id: 5, lid: Id })).Id).toBe(Id)
  },
  'points.list': async (s) => {
    const page = await s.client.points.list({ lastId: 100, type: 'Bonuspoint' })
    expect(page[0]!.Id).toBeGreaterThan(100)
    expect(page.every((p) => p.Type === 'Bonuspoint')).toBe(true)
  },
  'points.listBySource': async (s) => {
    const source = s.state.points.find((p) => p.SourceId)!.SourceId!
    const points = await s.client.points.listBySource({ sourceId: source })
    expect(points.length).toBeGreaterThan(0)
    expect(points.every((p) => p.SourceId === source)).toBe(true)
  },
  'points.listByPeriod': async (s) => {
    const points = await s.client.points.listByPeriod({
      type: 'Bonuspoint',
      from: '2025-01-01',
      to: '2025-07-01',
    })
    expect(points.length).toBeGreaterThan(0)
    expect(points.every((p) => p.DateTime >= '2025-01-01' && p.DateTime < '2025-07-01')).toBe(true)
  },
  'points.listByContact': async (s) => {
    const id = s.state.points[0]!.ContactId
    const points = await s.client.points.listByContact({ contactId: id, type: 'Bonuspoint' })
    expect(points.map((p) => p.ContactId)).toEqual(points.map(() => id))
  },
  'points.listTypes': async (s) => {
    expect(await s.client.points.listTypes()).toEqual(['Bonuspoint', 'Kampagnepoint'])
  },
  'points.totals': async (s) => {
    const totals = await s.client.points.totals({ type: 'Kampagnepoint' })
    expect(totals).toEqual([
      { Type: 'Kampagnepoint', Sum: expect.any(Number), Count: expect.any(Number) },
    ])
  },
  'points.sums': async (s) => {
    const id = s.state.points[0]!.ContactId
    const sums = await s.client.points.sums({ contactId: id })
    expect(sums.map((r) => r.ContactId)).toEqual(sums.map(() => id))
  },
  'points.sumsByContact': async (s) => {
    const sums = await s.client.points.sumsByContact({ type: 'Bonuspoint' })
    expect(new Set(sums.map((r) => r.ContactId)).size).toBe(sums.length)
  },
  'points.sumsByStore': async (s) => {
    const sums = await s.client.points.sumsByStore({ type: 'Bonuspoint' })
    expect(sums.length).toBeGreaterThan(0)
    expect(sums.every((r) => s.state.stores.has(r.StoreId))).toBe(true)
  },
  'points.totalForContact': async (s) => {
    const id = s.state.points[0]!.ContactId
    const total = await s.client.points.totalForContact({ contactId: id, type: 'Bonuspoint' })
    const sums = await s.client.points.sums({ contactId: id, type: 'Bonuspoint' })
    expect(total).toBe(sums[0]!.Sum)
  },
  'points.sumsByContactCompanies': async (s) => {
    const company = memberCompany(s)
    const contact = [...s.state.contacts.values()].find((c) => c.ContactCompanyId === company.Id)!
    await s.client.points.create({ ContactId: contact.Id, Type: 'Kampagnepoint', Amount: 40 })
    const sums = await s.client.points.sumsByContactCompanies({ type: 'Kampagnepoint' })
    expect(sums.find((r) => r.ContactCompanyId === company.Id)!.Sum).toBeGreaterThanOrEqual(40)
  },
  'points.totalForContactCompany': async (s) => {
    const company = memberCompany(s)
    const contact = [...s.state.contacts.values()].find((c) => c.ContactCompanyId === company.Id)!
    await s.client.points.create({ ContactId: contact.Id, Type: 'Kampagnepoint', Amount: 40 })
    const total = await s.client.points.totalForContactCompany({
      contactCompanyId: company.Id,
      type: 'Kampagnepoint',
      from: '2026-03-15',
    })
    expect(total).toBe(40)
  },
  'points.listByContactCompany': async (s) => {
    const company = memberCompany(s)
    const contact = [...s.state.contacts.values()].find((c) => c.ContactCompanyId === company.Id)!
    const made = await s.client.points.create({
      ContactId: contact.Id,
      Type: 'Bonuspoint',
      Amount: 10,
    })
    const points = await s.client.points.listByContactCompany({ contactCompanyId: company.Id })
    expect(points.map((p) => p.Id)).toContain(made.Id)
  },
  'points.get': async (s) => {
    expect((await s.client.points.get({ id: 5 }))?.Id).toBe(5)
  },
  'points.create': async (s) => {
    const id = s.state.points[0]!.ContactId
    const before = await s.client.points.totalForContact({ contactId: id, type: 'Bonuspoint' })
    const made = await s.client.points.create({
      ContactId: id,
      Type: 'Bonuspoint',
      Amount: 75,
      SubType: 'Køb',
    })
    expect(made).toMatchObject({
      Amount: 75,
      Sum: before + 75,
      IsCanceller: false,
      CancellerPointId: null,
    })
  },
  'points.cancel': async (s) => {
    const original = s.state.points.find((p) => !p.IsCanceller && p.CancellerPointId === null)!
    const canceller = await s.client.points.cancel({ id: original.Id })
    expect(canceller).toMatchObject({
      Amount: -original.Amount,
      IsCanceller: true,
      CancellerPointId: original.Id,
    })
    expect((await s.client.points.get({ id: original.Id }))!.CancellerPointId).toBe(canceller.Id)
  },
  'points.searchForStores': async (s) => {
    const [a, b] = [...s.state.stores.keys()]
    const points = await s.client.points.searchForStores({ type: 'Bonuspoint', body: [a!, b!] })
    expect(points.length).toBeGreaterThan(0)
    expect(points.every((p) => p.StoreId === a || p.StoreId === b)).toBe(true)
  },
  'points.searchCompanySumsForStores': async (s) => {
    const company = memberCompany(s)
    const contact = [...s.state.contacts.values()].find((c) => c.ContactCompanyId === company.Id)!
    const store = [...s.state.stores.keys()][0]!
    await s.client.points.create({
      ContactId: contact.Id,
      Type: 'Bonuspoint',
      Amount: 30,
      StoreId: store,
    })
    const sums = await s.client.points.searchCompanySumsForStores({
      type: 'Bonuspoint',
      body: [store],
    })
    expect(sums).toContainEqual({
      ContactCompanyId: company.Id,
      Type: 'Bonuspoint',
      Sum: expect.any(Number),
    })
  },
  'stores.getByNumber': async (s) => {
    expect((await s.client.stores.getByNumber({ number: '102' }))?.Id).toBe(2)
  },
  'stores.list': async (s) => {
    const light = await s.client.stores.list({ withoutJsonString: true })
    expect(light).toHaveLength(6)
    expect(light.every((store) => store.JsonString === null)).toBe(true)
    expect((await s.client.stores.list())[0]!.JsonString).toContain('OpeningHours')
  },
  'stores.get': async (s) => {
    expect((await s.client.stores.get({ id: 3 }))?.Number).toBe('103')
  },
  'stores.create': async (s) => {
    const store = await s.client.stores.create({
      Number: 'N-900',
      Name: 'Nordlys Bolig Ribe',
      City: 'Ribe',
      ZipCode: '6760',
    })
    expect(store).toMatchObject({ Number: 'N-900', City: 'Ribe', Phone: null })
  },
  'stores.update': async (s) => {
    const store = await s.client.stores.update({ Id: 2, Phone: '70 20 30 40' })
    expect(store).toMatchObject({ Id: 2, Number: '102', Phone: '70 20 30 40' })
  },
  'contactCompanies.list': async (s) => {
    expect(await s.client.contactCompanies.list()).toHaveLength(10)
  },
  'contactCompanies.listByPrimaryContactEmail': async (s) => {
    const contact = firstContact(s)
    const company = await s.client.contactCompanies.create({
      Name: 'Test ApS',
      PrimaryContactId: contact.Id,
    })
    const found = await s.client.contactCompanies.listByPrimaryContactEmail({
      primaryContactEmail: contact.Email!,
    })
    expect(found.map((c) => c.Id)).toEqual([company.Id])
  },
  'contactCompanies.getByNumber': async (s) => {
    const company = s.state.companies.get(2)!
    expect(
      (await s.client.contactCompanies.getByNumber({ contactCompanyNumber: company.Number! }))?.Id,
    ).toBe(2)
  },
  'contactCompanies.get': async (s) => {
    expect(await s.client.contactCompanies.get({ id: 1 })).toMatchObject({
      Id: 1,
      Industry: expect.any(String),
    })
  },
  'contactCompanies.listContacts': async (s) => {
    const company = memberCompany(s)
    const contacts = (await s.client.contactCompanies.listContacts({ id: company.Id }))!
    expect(contacts.every((c) => c.ContactCompanyId === company.Id)).toBe(true)
  },
  'contactCompanies.create': async (s) => {
    const company = await s.client.contactCompanies.create({
      Name: 'Holm & Søn VVS A/S',
      Number: '12345674',
      EmployeeCount: 12,
    })
    expect(company).toMatchObject({
      Name: 'Holm & Søn VVS A/S',
      ContactCompanyId: null,
      EmployeeCount: 12,
    })
  },
  'contactCompanies.addContact': async (s) => {
    const contact = firstContact(s)
    expect(
      await s.client.contactCompanies.addContact({ id: 3, ContactId: contact.Id }),
    ).toBeUndefined()
    expect((await s.client.contacts.get({ id: contact.Id }))!.ContactCompanyId).toBe(3)
  },
  'contactCompanies.removeContact': async (s) => {
    const contact = firstContact(s)
    await s.client.contactCompanies.addContact({ id: 3, ContactId: contact.Id })
    expect(
      await s.client.contactCompanies.removeContact({ id: 3, ContactId: contact.Id }),
    ).toBeUndefined()
    expect(s.state.contacts.get(contact.Id)!.ContactCompanyId).toBeNull()
  },
  'contactCompanies.update': async (s) => {
    const company = await s.client.contactCompanies.update({
      Id: 4,
      Logo: 'https://example.dk/logo.svg',
    })
    expect(company).toMatchObject({ Id: 4, Logo: 'https://example.dk/logo.svg' })
  },
  'contactEvents.list': async (s) => {
    const events = await s.client.contactEvents.list({ type: 'Email', lastId: 0 })
    expect(events.length).toBeGreaterThan(0)
    expect(events.every((e) => e.Type === 'Email')).toBe(true)
  },
  'contactEvents.filter': async (s) => {
    const events = await s.client.contactEvents.filter({
      type: 'Web',
      subtype: 'Besøg',
      from: '2025-06-01',
    })
    expect(events.every((e) => e.SubType === 'Besøg' && e.Created >= '2025-06-01')).toBe(true)
  },
  'contactEvents.create': async (s) => {
    const contact = firstContact(s)
    const answer = await s.client.contactEvents.create({
      body: [
        {
          ContactId: contact.Id,
          Type: 'Web',
          SubType: 'Besøg',
          UniqueExtId: 'visit-1',
          InfoJson: { Url: '/tekstiler' },
        },
        { ContactSecret: contact.Secret, Type: 'App', SubType: 'Login' },
      ],
    })
    expect(answer).toBe('2 events created.')
    expect(s.state.events.slice(-2).map((e) => e.ContactId)).toEqual([contact.Id, contact.Id])
  },
}

/** The failures each operation documents or the reference records, as the client raises them. */
const failures: Failure[] = [
  [
    'contacts.get',
    'an unknown id',
    (s) => s.client.request('contacts.get', { id: 99999 }),
    'notFound',
    404,
  ],
  [
    'contacts.getByEmail',
    'an unknown e-mail',
    (s) => s.client.request('contacts.getByEmail', { email: 'ingen@example.dk' }),
    'notFound',
    404,
  ],
  [
    'contacts.getByPhone',
    'an unknown phone',
    (s) => s.client.request('contacts.getByPhone', { phone: '11111111' }),
    'notFound',
    404,
  ],
  [
    'contacts.getBySecret',
    'an unknown secret',
    (s) => s.client.request('contacts.getBySecret', { secret: 'nope' }),
    'notFound',
    404,
  ],
  [
    'contacts.getPersonDataFile',
    'an unknown id',
    (s) => s.client.contacts.getPersonDataFile({ id: 99999 }),
    'notFound',
    404,
  ],
  [
    'contacts.create',
    'a taken e-mail',
    (s) => s.client.contacts.create({ RegistrationSource: 'Butik', Email: firstContact(s).Email }),
    'contactConflict',
    409,
  ],
  [
    'contacts.create',
    'an unknown PreferredStoreId',
    (s) => s.client.contacts.create({ RegistrationSource: 'Butik', PreferredStoreId: 999 }),
    'storeNotFound',
    409,
  ],
  [
    'contacts.create',
    'no RegistrationSource',
    (s) => s.client.contacts.create({ Email: 'x@example.dk' } as never, { validateInput: false }),
    'invalidRequest',
    400,
  ],
  [
    'contacts.create',
    'a value a dynamic field does not allow',
    (s) => s.client.contacts.create({ RegistrationSource: 'App', MemberLevel: 'Platin' }),
    'invalidFieldValue',
    400,
  ],
  [
    'contacts.login',
    'a wrong password',
    (s) =>
      s.client.contacts.login({
        id: firstContact(s).Id,
        Password: 'forkert',
        Ip: '1.2.3.4',
        Source: 'App',
      }),
    'wrongPassword',
    422,
  ],
  [
    'contacts.login',
    'an unknown contact',
    (s) => s.client.contacts.login({ id: 99999, Password: 'x', Ip: '1.2.3.4', Source: 'App' }),
    'notFound',
    404,
  ],
  [
    'contacts.setPassword',
    'an unknown contact',
    (s) => s.client.contacts.setPassword({ id: 99999, NewPassword: 'x' }),
    'notFound',
    404,
  ],
  [
    'contacts.unblockEmail',
    'an unknown contact',
    (s) => s.client.contacts.unblockEmail({ id: 99999 }),
    'notFound',
    404,
  ],
  [
    'contacts.update',
    'a stale Version',
    (s) => s.client.contacts.update({ id: firstContact(s).Id, Version: encodeVersion(1) }),
    'contactConflict',
    409,
  ],
  [
    'contacts.update',
    'an unknown id',
    (s) => s.client.contacts.update({ id: 99999, Version: encodeVersion(1) }),
    'notFound',
    404,
  ],
  [
    'contacts.patch',
    'a stale Version',
    (s) =>
      s.client.contacts.patch({
        id: firstContact(s).Id,
        Version: encodeVersion(1),
        FirstName: 'X',
      }),
    'contactConflict',
    409,
  ],
  [
    'contacts.patch',
    'an unknown company',
    (s) =>
      s.client.contacts.patch({
        id: firstContact(s).Id,
        Version: encodeVersion(firstContact(s).Version),
        ContactCompanyId: 999,
      }),
    'companyNotFound',
    409,
  ],
  [
    'contacts.patchMany',
    'a field that cannot be patched',
    (s) =>
      s.client.contacts.patchMany({ KeyType: 'Email', Keys: ['a@b.dk'], Fields: { Secret: 'x' } }),
    'invalidField',
    400,
  ],
  [
    'contacts.patchMany',
    'one e-mail for two contacts',
    (s) =>
      s.client.contacts.patchMany({
        KeyType: 'Id',
        Keys: ['1', '2'],
        Fields: { Email: 'delt@example.dk' },
      }),
    'duplicateValue',
    409,
  ],
  [
    'contacts.delete',
    'an unknown id',
    (s) => s.client.contacts.delete({ id: 99999 }),
    'notFound',
    404,
  ],
  [
    'orders.get',
    'an unknown id',
    (s) => s.client.request('orders.get', { id: 99999 }),
    'notFound',
    404,
  ],
  [
    'orders.create',
    'an unknown order type',
    (s) => s.client.orders.create({ Type: 'Telefon', OrderLines: [line] }),
    'invalidOrderType',
    400,
  ],
  [
    'orders.create',
    'no order lines',
    (s) => s.client.orders.create({ Type: 'Webshop', OrderLines: [] }),
    'invalidOrderLines',
    400,
  ],
  [
    'orders.create',
    'a line without Price',
    (s) => s.client.orders.create({ Type: 'Webshop', OrderLines: [{ Quantity: 1 }] }),
    'invalidOrderLines',
    400,
  ],
  [
    'orders.create',
    'an unknown contact',
    (s) => s.client.orders.create({ Type: 'Webshop', ContactId: 99999, OrderLines: [line] }),
    'invalidContact',
    400,
  ],
  [
    'orders.lines.create',
    'an unknown order',
    (s) => s.client.orders.lines.create({ id: 99999, ...line }),
    'notFound',
    404,
  ],
  [
    'orders.lines.create',
    'a line without Quantity',
    (s) => s.client.orders.lines.create({ id: 1, Price: 10 }),
    'invalidOrderLine',
    400,
  ],
  [
    'orders.update',
    'an unknown order',
    (s) => s.client.orders.update({ id: 99999, City: 'Odense C' }),
    'notFound',
    404,
  ],
  [
    'orders.update',
    'an unknown order type',
    (s) => s.client.orders.update({ id: 1, Type: 'Fax' }),
    'invalidOrderType',
    400,
  ],
  [
    'orders.lines.update',
    'a line of another order',
    (s) =>
      s.client.orders.lines.update({
        id: 2,
        lid: s.state.orders.get(1)!.OrderLines[0]!.Id,
        Quantity: 1,
      }),
    'notFound',
    404,
  ],
  [
    'orders.delete',
    'an unknown order',
    (s) => s.client.orders.delete({ id: 99999 }),
    'notFound',
    404,
  ],
  [
    'orders.lines.delete',
    'the last line',
    (s) => s.client.orders.lines.delete({ id: onlyLine(s).id, lid: onlyLine(s).lid }),
    'invalidOperationOnOrder',
    400,
  ],
  [
    'orders.lines.delete',
    'an unknown line',
    (s) => s.client.orders.lines.delete({ id: 1, lid: 99999 }),
    'notFound',
    404,
  ],
  [
    'points.get',
    'an unknown id',
    (s) => s.client.request('points.get', { id: 99999 }),
    'notFound',
    404,
  ],
  [
    'points.create',
    'an unknown contact',
    (s) => s.client.points.create({ ContactId: 99999, Type: 'Bonuspoint', Amount: 1 }),
    'notFound',
    404,
  ],
  [
    'points.create',
    'an unknown point type',
    (s) => s.client.points.create({ ContactId: 1, Type: 'Stjerner', Amount: 1 }),
    'invalidPointType',
    400,
  ],
  [
    'points.create',
    'an unknown store',
    (s) => s.client.points.create({ ContactId: 1, Type: 'Bonuspoint', Amount: 1, StoreId: 999 }),
    'invalidStore',
    400,
  ],
  [
    'points.cancel',
    'an unknown point',
    (s) => s.client.points.cancel({ id: 99999 }),
    'notFound',
    404,
  ],
  [
    'points.cancel',
    'a canceller',
    (s) => s.client.points.cancel({ id: s.state.points.find((p) => p.IsCanceller)!.Id }),
    'pointCancelled',
    400,
  ],
  [
    'stores.get',
    'an unknown id',
    (s) => s.client.request('stores.get', { id: 999 }),
    'notFound',
    404,
  ],
  [
    'stores.getByNumber',
    'an unknown number',
    (s) => s.client.request('stores.getByNumber', { number: '999' }),
    'notFound',
    404,
  ],
  [
    'stores.create',
    'a taken number',
    (s) => s.client.stores.create({ Number: '101' }),
    'duplicateValue',
    409,
  ],
  [
    'stores.update',
    'an unknown id',
    (s) => s.client.stores.update({ Id: 999, Name: 'X' }),
    'notFound',
    404,
  ],
  [
    'stores.update',
    'another store’s number',
    (s) => s.client.stores.update({ Id: 1, Number: '102' }),
    'duplicateValue',
    409,
  ],
  [
    'contactCompanies.get',
    'an unknown id',
    (s) => s.client.request('contactCompanies.get', { id: 999 }),
    'notFound',
    404,
  ],
  [
    'contactCompanies.getByNumber',
    'an unknown number',
    (s) => s.client.request('contactCompanies.getByNumber', { contactCompanyNumber: 'x' }),
    'notFound',
    404,
  ],
  [
    'contactCompanies.listContacts',
    'a company without contacts',
    (s) => s.client.request('contactCompanies.listContacts', { id: emptyCompany(s) }),
    'notFound',
    404,
  ],
  [
    'contactCompanies.create',
    'a taken number',
    (s) =>
      s.client.contactCompanies.create({ Name: 'X', Number: s.state.companies.get(1)!.Number }),
    'duplicateValue',
    409,
  ],
  [
    'contactCompanies.create',
    'a third level',
    (s) => s.client.contactCompanies.create({ Name: 'X', ContactCompanyId: child(s) }),
    'invalidHierarchy',
    400,
  ],
  [
    'contactCompanies.addContact',
    'an unknown contact',
    (s) => s.client.contactCompanies.addContact({ id: 1, ContactId: 99999 }),
    'notFound',
    404,
  ],
  [
    'contactCompanies.removeContact',
    'an unknown company',
    (s) => s.client.contactCompanies.removeContact({ id: 999, ContactId: 1 }),
    'notFound',
    404,
  ],
  [
    'contactCompanies.update',
    'an unknown id',
    (s) => s.client.contactCompanies.update({ Id: 999, Name: 'X' }),
    'notFound',
    404,
  ],
  [
    'contactEvents.create',
    'an unknown contact',
    (s) =>
      s.client.contactEvents.create({
        body: [{ ContactId: 99999, Type: 'Web', SubType: 'Besøg' }],
      }),
    'notFound',
    404,
  ],
  [
    'contactEvents.create',
    'a UniqueExtId used before',
    (s) =>
      s.client.contactEvents.create({
        body: [
          {
            ContactId: 1,
            Type: 'Web',
            SubType: 'x',
            UniqueExtId: s.state.events.find((e) => e.UniqueExtId)!.UniqueExtId,
          },
        ],
      }),
    'duplicateValue',
    409,
  ],
]

function onlyLine(s: Setup) {
  const order = [...s.state.orders.values()].find((o) => o.OrderLines.length === 1)!
  return { id: order.Id, lid: order.OrderLines[0]!.Id }
}
function emptyCompany(s: Setup): number {
  const used = new Set([...s.state.contacts.values()].map((c) => c.ContactCompanyId))
  return [...s.state.companies.keys()].find((id) => !used.has(id))!
}
function child(s: Setup): number {
  return [...s.state.companies.values()].find((c) => c.ContactCompanyId !== null)!.Id
}

checkOperations(part1, success, failures)
