/**
 * The points ledger's rules, as tables of cases: the running Sum, cancelling, what is computed
 * from the ledger (so it cannot drift from it), ranges, and `lastId` paging capped at 1000.
 */
import { describe, expect, it } from 'vitest'
import { NOW, loyaltiiError, setup, tickLater, type Setup } from './setup.ts'

/** A contact with no points yet. */
async function fresh(s: Setup, company?: number) {
  return s.client.contacts.create({ RegistrationSource: 'App', ContactCompanyId: company ?? null })
}

describe('Sum is the running total of the contact’s points of the type', () => {
  it.each([
    [[100], [100]],
    [
      [100, -30, 50.5],
      [100, 70, 120.5],
    ],
    [
      [200, -500],
      [200, -300],
    ],
    [
      [0.1, 0.2],
      [0.1, 0.3],
    ],
  ])('amounts %j give sums %j', async (amounts, sums) => {
    const s = setup()
    const { Id } = await fresh(s)
    const got = []
    for (const Amount of amounts)
      got.push((await s.client.points.create({ ContactId: Id, Type: 'Bonuspoint', Amount })).Sum)
    expect(got).toEqual(sums)
  })

  it('keeps each type’s sum apart', async () => {
    const s = setup()
    const { Id } = await fresh(s)
    await s.client.points.create({ ContactId: Id, Type: 'Bonuspoint', Amount: 100 })
    const campaign = await s.client.points.create({
      ContactId: Id,
      Type: 'Kampagnepoint',
      Amount: 25,
    })
    expect(campaign.Sum).toBe(25)
    expect(await s.client.points.sums({ contactId: Id })).toEqual([
      { ContactId: Id, Type: 'Bonuspoint', Sum: 100, LastModified: expect.any(String) },
      { ContactId: Id, Type: 'Kampagnepoint', Sum: 25, LastModified: campaign.DateTime },
    ])
  })

  it('holds over the whole seeded ledger: each point’s Sum is the total of its kind so far', () => {
    const s = setup()
    const running = new Map<string, number>()
    for (const p of s.state.points) {
      const key = `${p.ContactId} ${p.Type}`
      const sum = Math.round(((running.get(key) ?? 0) + p.Amount) * 1e6) / 1e6
      running.set(key, sum)
      expect(p.Sum, `point ${p.Id}`).toBe(sum)
    }
  })
})

describe('cancelling a point', () => {
  it('adds the negative canceller, the two referring to each other, and nets the sums to zero', async () => {
    const s = setup()
    const { Id } = await fresh(s)
    const earned = await s.client.points.create({
      ContactId: Id,
      Type: 'Bonuspoint',
      Amount: 80,
      StoreId: 1,
      SubType: 'Køb',
    })
    const canceller = await s.client.points.cancel({ id: earned.Id })
    expect(canceller).toMatchObject({
      Amount: -80,
      Sum: 0,
      IsCanceller: true,
      CancellerPointId: earned.Id,
      StoreId: 1,
      SubType: 'Køb',
      ContactId: Id,
    })
    expect(await s.client.points.get({ id: earned.Id })).toMatchObject({
      IsCanceller: false,
      CancellerPointId: canceller.Id,
    })
    expect(await s.client.points.totalForContact({ contactId: Id, type: 'Bonuspoint' })).toBe(0)
  })

  it.each([
    ['twice', async (s: Setup, id: number) => (await s.client.points.cancel({ id }), id)],
    ['its canceller', async (s: Setup, id: number) => (await s.client.points.cancel({ id })).Id],
  ])('refuses to cancel a point %s (400), adding nothing', async (_, arrange) => {
    const s = setup()
    const { Id } = await fresh(s)
    const earned = await s.client.points.create({ ContactId: Id, Type: 'Bonuspoint', Amount: 10 })
    const target = await arrange(s, earned.Id)
    const length = s.state.points.length
    const error = await loyaltiiError(s.client.points.cancel({ id: target }))
    expect([error.httpStatus, error.Message]).toEqual([400, 'Point is already cancelled!'])
    expect(s.state.points).toHaveLength(length)
  })
})

describe('totals and sums are computed from the ledger', () => {
  it('totals per type equal the sum of every contact’s sums, before and after writes', async () => {
    const s = setup()
    const check = async () => {
      for (const { Type, Sum } of await s.client.points.totals()) {
        const byContact = await s.client.points.sumsByContact({ type: Type })
        expect(byContact.reduce((t, r) => t + r.Sum, 0)).toBeCloseTo(Sum, 6)
      }
    }
    await check()
    const created = await s.client.points.create({
      ContactId: 3,
      Type: 'Bonuspoint',
      Amount: 1234.5,
    })
    await s.client.points.cancel({
      id: s.state.points.find((p) => !p.IsCanceller && p.CancellerPointId === null)!.Id,
    })
    await s.client.contacts.delete({ id: s.state.points[0]!.ContactId })
    await check()
    expect(created.Sum).toBe(
      await s.client.points.totalForContact({ contactId: 3, type: 'Bonuspoint' }),
    )
  })

  it.each([
    [{ subType: 'Køb' }, 100],
    [{ subType: 'Indløsning' }, -40],
    [{}, 60],
  ])('TotalForContact with %j is %d', async (filter, total) => {
    const s = setup()
    const { Id } = await fresh(s)
    await s.client.points.create({ ContactId: Id, Type: 'Bonuspoint', Amount: 100, SubType: 'Køb' })
    await s.client.points.create({
      ContactId: Id,
      Type: 'Bonuspoint',
      Amount: -40,
      SubType: 'Indløsning',
    })
    expect(
      await s.client.points.totalForContact({ contactId: Id, type: 'Bonuspoint', ...filter }),
    ).toBe(total)
  })

  it('counts for a company the points recorded with it, the contact’s company by default', async () => {
    const s = setup()
    const company = await s.client.contactCompanies.create({ Name: 'Bach Design ApS' })
    expect(
      await s.client.points.totalForContactCompany({
        contactCompanyId: company.Id,
        type: 'Bonuspoint',
      }),
    ).toBeNull()
    const { Id } = await fresh(s, company.Id)
    await s.client.points.create({ ContactId: Id, Type: 'Bonuspoint', Amount: 70, StoreId: 2 })
    await s.client.points.create({
      ContactId: 1,
      Type: 'Bonuspoint',
      Amount: 5,
      ContactCompanyId: company.Id,
    })
    await s.client.points.create({
      ContactId: Id,
      Type: 'Bonuspoint',
      Amount: 9,
      ContactCompanyId: null,
    })
    expect(
      await s.client.points.totalForContactCompany({
        contactCompanyId: company.Id,
        type: 'Bonuspoint',
      }),
    ).toBe(84)
    expect(
      await s.client.points.sumsByContactCompanies({ type: 'Bonuspoint', storeId: 2 }),
    ).toContainEqual({
      ContactCompanyId: company.Id,
      Type: 'Bonuspoint',
      Sum: 70,
    })
    expect(
      await s.client.points.searchCompanySumsForStores({ type: 'Bonuspoint', body: [2] }),
    ).toContainEqual({
      ContactCompanyId: company.Id,
      Type: 'Bonuspoint',
      Sum: 70,
    })
  })

  it('sums per store only the points of a store, within the range', async () => {
    const s = setup()
    const { Id } = await fresh(s)
    await s.client.points.create({ ContactId: Id, Type: 'Kampagnepoint', Amount: 11, StoreId: 4 })
    await s.client.points.create({ ContactId: Id, Type: 'Kampagnepoint', Amount: 22 })
    const sums = await s.client.points.sumsByStore({ type: 'Kampagnepoint', from: NOW })
    expect(sums).toEqual([{ StoreId: 4, Type: 'Kampagnepoint', Sum: 11 }])
    expect(
      await s.client.points.searchForStores({ type: 'Kampagnepoint', from: NOW, body: [] }),
    ).toEqual([])
  })
})

describe('reads name the point type without case, as a write does', () => {
  type Made = { Id: number; ContactId: number }
  const minuteOn = new Date(NOW.getTime() + 60_000)
  const reads: [string, (s: Setup, made: Made, type: string) => Promise<unknown>][] = [
    [
      'TotalForContact',
      (s, m, type) => s.client.points.totalForContact({ contactId: m.ContactId, type }),
    ],
    [
      'Points?contactId',
      (s, m, type) => s.client.points.listByContact({ contactId: m.ContactId, type }),
    ],
    ['Points?lastId', (s, m, type) => s.client.points.list({ lastId: m.Id - 1, type })],
    [
      'Points?sourceId',
      (s, _, type) => s.client.points.listBySource({ sourceId: 'ordre-77', type }),
    ],
    [
      'Points?from&to',
      (s, _, type) => s.client.points.listByPeriod({ type, from: NOW, to: minuteOn }),
    ],
    ['Totals', (s, _, type) => s.client.points.totals({ type })],
    ['Sums', (s, m, type) => s.client.points.sums({ contactId: m.ContactId, type })],
    ['SumsByContact', (s, _, type) => s.client.points.sumsByContact({ type, storeId: 4 })],
    ['SumsByStore', (s, _, type) => s.client.points.sumsByStore({ type, from: NOW })],
  ]

  it.each(reads)('%s with `kampagnepoint` answers as with `Kampagnepoint`', async (_, read) => {
    const s = setup()
    const { Id } = await fresh(s)
    const made = await s.client.points.create({
      ContactId: Id,
      Type: ' kampagnePOINT',
      Amount: 100,
      StoreId: 4,
      SourceId: 'ordre-77',
    })
    expect(made.Type).toBe('Kampagnepoint')
    const exact = await read(s, made, 'Kampagnepoint')
    expect([0, [], null]).not.toContainEqual(exact)
    expect(await read(s, made, 'kampagnepoint')).toEqual(exact)
    expect(await read(s, made, 'KAMPAGNEPOINT')).toEqual(exact)
  })

  it('finds nothing for a type the account does not have', async () => {
    const s = setup()
    const { Id } = await fresh(s)
    await s.client.points.create({ ContactId: Id, Type: 'Bonuspoint', Amount: 100 })
    expect(await s.client.points.totalForContact({ contactId: Id, type: 'Stempel' })).toBe(0)
    expect(await s.client.points.listByContact({ contactId: Id, type: 'Stempel' })).toEqual([])
  })
})

describe('ranges: from included, to left out', () => {
  const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000)

  it.each([
    [{ from: at(0), to: at(10) }, [0, 5]],
    [{ from: at(5), to: at(10) }, [5]],
    [{ from: at(0), to: at(5) }, [0]],
    [{ from: '2026-03-15T11:05:00+01:00', to: '2026-03-15T10:20:00Z' }, [5, 10]],
    [{ from: '2026-03-15T11:05:00', to: '2026-03-15T11:20' }, [5, 10]],
  ])('%j finds the points made at minutes %j', async (range, minutes) => {
    const clock = { now: NOW }
    const s = setup({ clock: () => clock.now })
    const { Id } = await fresh(s)
    const made = new Map<number, number>()
    for (const minute of [0, 5, 10]) {
      clock.now = at(minute)
      made.set(
        (await s.client.points.create({ ContactId: Id, Type: 'Kampagnepoint', Amount: 1 })).Id,
        minute,
      )
    }
    const found = await s.client.points.listByContact({
      contactId: Id,
      datetimeFrom: range.from,
      datetimeTo: range.to,
    })
    expect(found.map((p) => made.get(p.Id))).toEqual(minutes)
    const period = await s.client.points.listByPeriod({ type: 'Kampagnepoint', ...range })
    expect(period.filter((p) => made.has(p.Id)).map((p) => made.get(p.Id))).toEqual(minutes)
  })

  it('compares to the 100 ns the times are answered with, not to the millisecond', async () => {
    // made within one millisecond of the clock: the last digits tell them apart
    const s = setup({ clock: () => at(1) })
    const { Id } = await fresh(s)
    const [a, b] = [
      await s.client.points.create({ ContactId: Id, Type: 'Kampagnepoint', Amount: 1 }),
      await s.client.points.create({ ContactId: Id, Type: 'Kampagnepoint', Amount: 2 }),
    ]
    expect(b.DateTime.slice(0, 23)).toBe(a.DateTime.slice(0, 23))
    const ids = (points: { Id: number }[]) => points.map((p) => p.Id)
    const period = (from: string, to: string) =>
      s.client.points.listByPeriod({ type: 'Kampagnepoint', from, to })
    expect(ids(await period(a.DateTime, b.DateTime))).toEqual([a.Id])
    expect(ids(await period(b.DateTime, tickLater(b.DateTime)))).toEqual([b.Id])
    const since = (datetimeFrom: string) =>
      s.client.points.listByContact({ contactId: Id, datetimeFrom })
    expect(ids(await since(b.DateTime))).toEqual([b.Id])
    expect(ids(await since(tickLater(b.DateTime)))).toEqual([])
  })
})
