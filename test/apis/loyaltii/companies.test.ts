/**
 * Stores, contact companies and contact events, as tables of cases: unique numbers, the two-level
 * company hierarchy, membership, events added all or none with unique external ids, and paging.
 */
import { describe, expect, it } from 'vitest'
import { NOW, loyaltiiError, setup, tickLater, type Setup } from './setup.ts'

describe('stores', () => {
  it.each([
    ['create', (s: Setup) => s.client.stores.create({ Number: '104' })],
    ['update', (s: Setup) => s.client.stores.update({ Id: 1, Number: '104' })],
  ])('%s refuses a number another store has: 409 Cannot save duplicate value', async (_, call) => {
    const s = setup()
    const error = await loyaltiiError(call(s))
    expect([error.httpStatus, error.Message]).toEqual([409, "Cannot save duplicate value '104'!"])
  })

  it('finds a store by its new number after PATCH, and not by the old one', async () => {
    const s = setup()
    await s.client.stores.update({ Id: 1, Number: 'KBH-1', JsonString: null })
    expect(await s.client.stores.getByNumber({ number: '101' })).toBeNull()
    expect(await s.client.stores.getByNumber({ number: 'KBH-1' })).toMatchObject({
      Id: 1,
      JsonString: null,
    })
  })

  it('answers the client’s own spelling, api/v1/Stores/?number=', async () => {
    const s = setup()
    expect(await s.raw('GET', '/api/v1/Stores/?number=102')).toMatchObject({
      status: 200,
      body: { Id: 2 },
    })
  })
})

describe('contact companies nest two levels at most', () => {
  /** a top-level company with one child */
  async function family(s: Setup) {
    const parent = await s.client.contactCompanies.create({ Name: 'Mor A/S' })
    const child = await s.client.contactCompanies.create({
      Name: 'Datter ApS',
      ContactCompanyId: parent.Id,
    })
    const single = await s.client.contactCompanies.create({ Name: 'Alene I/S' })
    return { parent: parent.Id, child: child.Id, single: single.Id }
  }

  it.each([
    [
      'a child under a child',
      (f: Family) => ({ Id: f.single, ContactCompanyId: f.child }),
      'invalidHierarchy',
    ],
    [
      'a parent under another company',
      (f: Family) => ({ Id: f.parent, ContactCompanyId: f.single }),
      'invalidHierarchy',
    ],
    [
      'a company under itself',
      (f: Family) => ({ Id: f.single, ContactCompanyId: f.single }),
      'invalidContactCompany',
    ],
    [
      'a company under none that exists',
      (f: Family) => ({ Id: f.single, ContactCompanyId: 999 }),
      'invalidContactCompany',
    ],
  ])('refuses %s', async (_, change, code) => {
    const s = setup()
    const f = await family(s)
    expect((await loyaltiiError(s.client.contactCompanies.update(change(f)))).vendorCode).toBe(code)
  })

  it.each([
    [
      'a top-level company under another',
      (f: Family) => ({ Id: f.single, ContactCompanyId: f.parent }),
      (f: Family) => f.parent,
    ],
    [
      '0, which removes the parent',
      (f: Family) => ({ Id: f.child, ContactCompanyId: 0 }),
      () => null,
    ],
    ['null, which leaves it', (f: Family) => ({ Id: f.child, ContactCompanyId: null }), () => null],
  ])('accepts %s', async (_, change, parent) => {
    const s = setup()
    const f = await family(s)
    const updated = await s.client.contactCompanies.update(change(f))
    expect(updated.ContactCompanyId).toBe(parent(f))
  })

  it('refuses a number another company has, and a primary contact that does not exist', async () => {
    const s = setup()
    const number = s.state.companies.get(1)!.Number!
    expect(
      (await loyaltiiError(s.client.contactCompanies.update({ Id: 2, Number: number }))).httpStatus,
    ).toBe(409)
    expect(
      (
        await loyaltiiError(
          s.client.contactCompanies.create({ Name: 'X', PrimaryContactId: 99999 }),
        )
      ).vendorCode,
    ).toBe('invalidContact')
  })
})
type Family = { parent: number; child: number; single: number }

describe('membership', () => {
  it('moves a contact between companies: one company at a time, each write a new Version', async () => {
    const s = setup()
    const a = await s.client.contactCompanies.create({ Name: 'A ApS' })
    const b = await s.client.contactCompanies.create({ Name: 'B ApS' })
    await s.client.contactCompanies.addContact({ id: a.Id, ContactId: 5 })
    await s.client.contactCompanies.addContact({ id: b.Id, ContactId: 5 })
    expect(await s.client.contactCompanies.listContacts({ id: a.Id })).toBeNull()
    expect((await s.client.contactCompanies.listContacts({ id: b.Id }))!.map((c) => c.Id)).toEqual([
      5,
    ])
    await s.client.contactCompanies.removeContact({ id: a.Id, ContactId: 5 })
    expect(s.state.contacts.get(5)!.ContactCompanyId).toBe(b.Id)
    await s.client.contactCompanies.removeContact({ id: b.Id, ContactId: 5 })
    expect(await s.raw('GET', `/api/v1/ContactCompanies/${b.Id}/Contacts`)).toMatchObject({
      status: 404,
      body: undefined,
    })
  })

  it('lists the companies whose primary contact has an e-mail, found without case', async () => {
    const s = setup()
    const contact = [...s.state.contacts.values()].find((c) => c.Email)!
    const company = await s.client.contactCompanies.create({
      Name: 'P ApS',
      PrimaryContactId: contact.Id,
    })
    const found = await s.client.contactCompanies.listByPrimaryContactEmail({
      primaryContactEmail: contact.Email!.toUpperCase(),
    })
    expect(found.map((c) => c.Id)).toEqual([company.Id])
    expect(
      await s.client.contactCompanies.listByPrimaryContactEmail({
        primaryContactEmail: 'ingen@example.dk',
      }),
    ).toEqual([])
  })
})

describe('contact events', () => {
  const event = (extra: Record<string, unknown> = {}) => ({
    ContactId: 1,
    Type: 'Web',
    SubType: 'Besøg',
    ...extra,
  })

  it.each([
    ['an unknown contact id', [event(), event({ ContactId: 99999 })], 404],
    ['an unknown secret', [event({ ContactId: null, ContactSecret: 'ukendt' })], 404],
    ['neither id nor secret', [{ Type: 'Web', SubType: 'x' }], 404],
    [
      'a UniqueExtId twice in the batch',
      [event({ UniqueExtId: 'u1' }), event({ UniqueExtId: 'u1' })],
      409,
    ],
  ])('a batch with %s is refused whole (HTTP %i)', async (_, body, status) => {
    const s = setup()
    const before = s.state.events.length
    expect((await s.raw('POST', '/api/v1/ContactEvents', { body })).status).toBe(status)
    expect(s.state.events).toHaveLength(before)
  })

  it('skips the events of unknown contacts with ignoreUnknownContacts=true', async () => {
    const s = setup()
    const answer = await s.client.contactEvents.create({
      ignoreUnknownContacts: true,
      body: [
        event(),
        event({ ContactId: 99999 }),
        event({ ContactSecret: s.state.contacts.get(2)!.Secret, ContactId: null }),
      ],
    })
    expect(answer).toBe('2 events created.')
    expect(s.state.events.slice(-2).map((e) => e.ContactId)).toEqual([1, 2])
  })

  it('pages one type by lastId, 1000 at most, ascending', async () => {
    const s = setup({ sizes: { events: 3000 } })
    const emails = s.state.events.filter((e) => e.Type === 'Email')
    const first = await s.client.contactEvents.list({ type: 'Email', lastId: 0 })
    expect(first.map((e) => e.Id)).toEqual(emails.slice(0, 1000).map((e) => e.Id))
    const all = await s.client.contactEvents.iterate({ type: 'Email', lastId: 0 }).toArray()
    expect(all.map((e) => e.Id)).toEqual(emails.map((e) => e.Id))
  })

  it.each([
    [{ type: 'App' }, (e: Ev) => e.Type === 'App'],
    [
      { type: 'Email', subtype: 'Klikket' },
      (e: Ev) => e.Type === 'Email' && e.SubType === 'Klikket',
    ],
    [{ type: 'Web', contactId: 3 }, (e: Ev) => e.Type === 'Web' && e.ContactId === 3],
    [
      { type: 'Email', from: '2026-01-01', to: '2026-02-01' },
      (e: Ev) => e.Type === 'Email' && e.Created >= '2026-01-01' && e.Created < '2026-02-01',
    ],
  ])('filters %j', async (query, holds) => {
    const s = setup()
    const found = await s.client.contactEvents.filter(query)
    expect(found.map((e) => e.Id)).toEqual(s.state.events.filter(holds).map((e) => e.Id))
  })

  it('filters from and to at the 100 ns the times are answered with', async () => {
    // two calls within one millisecond of the clock: the last digits tell them apart
    const s = setup({ clock: () => new Date(NOW.getTime() + 1) })
    const { Id } = await s.client.contacts.create({ RegistrationSource: 'App' })
    for (const SubType of ['a', 'b'])
      await s.client.contactEvents.create({ body: [event({ ContactId: Id, SubType })] })
    const [a, b] = s.state.events.slice(-2).map((e) => e.Created)
    expect(b!.slice(0, 23)).toBe(a!.slice(0, 23))
    const found = async (from: string, to?: string) =>
      (await s.client.contactEvents.filter({ type: 'Web', contactId: Id, from, to })).map(
        (e) => e.SubType,
      )
    expect(await found(a!, b!)).toEqual(['a'])
    expect(await found(b!)).toEqual(['b'])
    expect(await found(tickLater(b!))).toEqual([])
  })

  it('stamps what it creates with the server’s time, Danish, seven digits', async () => {
    const s = setup()
    await s.client.contactEvents.create({ body: [event({ InfoJson: { Url: '/', Count: 2 } })] })
    const made = s.state.events.at(-1)!
    expect(made.Created).toMatch(/^2026-03-15T11:00:00\.000\d{4}\+01:00$/)
    expect(Date.parse(made.Created)).toBe(NOW.getTime())
    expect(made.InfoJson).toEqual({ Url: '/', Count: 2 })
  })
})
type Ev = { Type: string; SubType: string | null; ContactId: number; Created: string }
