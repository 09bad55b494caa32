/**
 * Loyaltii's seed data: the same for the same seed and sizes, each part independent of the other
 * parts' sizes, bounded, and a realistic Danish loyalty programme that obeys the emulator's rules.
 */
import { describe, expect, it } from 'vitest'
import { dynamicValueOf } from '../../../src/apis/loyaltii/emulator/dynamic.ts'
import { defaultSizes, maxSizes } from '../../../src/apis/loyaltii/emulator/seed.ts'
import { loyaltiiState } from '../../../src/apis/loyaltii/emulator/state.ts'
import {
  firstNamesFemale,
  firstNamesMale,
  isValidCvr,
  lastNames,
  towns,
} from '../../../src/emulator/locale/da.ts'
import { NOW, SMALL, setup } from './setup.ts'

const dump = (seed: number, sizes: Partial<typeof SMALL> = {}) =>
  setup({ seed, sizes: { ...SMALL, ...sizes } }).emulator.dump()

describe('determinism and bounds', () => {
  it('gives the same data for the same seed and sizes, other data for another seed', () => {
    expect(JSON.stringify(dump(7))).toBe(JSON.stringify(dump(7)))
    expect(JSON.stringify(dump(8))).not.toBe(JSON.stringify(dump(7)))
  })

  it('keeps each part’s data when another part’s size changes', () => {
    const a = dump(7) as Record<string, unknown>
    const b = dump(7, { events: 50, points: 100 }) as Record<string, unknown>
    expect(b.contacts).toEqual(a.contacts)
    expect(b.orders).toEqual(a.orders)
    expect(b.stores).toEqual(a.stores)
  })

  it('makes exactly the sizes asked for', () => {
    const s = setup({
      sizes: { contacts: 77, stores: 3, companies: 5, orders: 90, points: 333, events: 44 },
    })
    const st = s.state
    expect([
      st.contacts.size,
      st.stores.size,
      st.companies.size,
      st.orders.size,
      st.points.length,
      st.events.length,
    ]).toEqual([77, 3, 5, 90, 333, 44])
  })

  it.each(Object.entries(maxSizes))('refuses %s above its maximum of %i', (name, max) => {
    expect(() => setup({ sizes: { ...SMALL, [name]: max + 1 } })).toThrow(/out of range/)
  })

  it('has thousands of contacts by default', () => {
    expect(defaultSizes.contacts).toBeGreaterThanOrEqual(2000)
  })

  it('passes its own state schema, and answers the same after a dump and reload', async () => {
    const s = setup()
    const before = await s.client.contacts.get({ id: 5 })
    s.emulator.load(JSON.parse(JSON.stringify(s.emulator.dump())))
    expect(loyaltiiState.safeParse(s.emulator.dump()).success).toBe(true)
    expect(await s.client.contacts.get({ id: 5 })).toEqual(before)
  })
})

describe('a realistic Danish loyalty programme', () => {
  const s = setup({
    sizes: { contacts: 600, stores: 12, companies: 20, orders: 900, points: 2500, events: 500 },
  })
  const st = s.state
  const contacts = [...st.contacts.values()]

  it('has Danish names, +45 mobile numbers and lower-case unique e-mail addresses', () => {
    const first = new Set<string>([...firstNamesFemale, ...firstNamesMale])
    for (const c of contacts) {
      expect(first.has(c.FirstName!)).toBe(true)
      expect((lastNames as readonly string[]).includes(c.LastName!)).toBe(true)
      if (c.Phone)
        expect([c.PhoneCountryCode, c.Phone]).toEqual([
          '+45',
          expect.stringMatching(/^[2-9]\d{7}$/),
        ])
      if (c.Email) expect(c.Email).toMatch(/^[a-z0-9._]+@[a-z0-9.]+\.(dk|com)$/)
    }
    const emails = contacts.flatMap((c) => (c.Email ? [c.Email] : []))
    expect(new Set(emails).size).toBe(emails.length)
    expect(emails.length / contacts.length).toBeGreaterThan(0.85)
  })

  it('has stores and delivery addresses in Danish towns with their postcodes', () => {
    const byName = new Map(towns.map((t) => [t.name as string, t.postcodes as readonly string[]]))
    for (const store of st.stores.values()) expect(byName.get(store.City!)).toContain(store.ZipCode)
    for (const order of st.orders.values())
      if (order.City)
        expect([order.Country, byName.get(order.City)?.includes(order.PostCode!)]).toEqual([
          'Danmark',
          true,
        ])
  })

  it('has companies with valid CVR numbers, two levels deep at most', () => {
    for (const company of st.companies.values()) {
      expect(isValidCvr(company.Number!)).toBe(true)
      const parent =
        company.ContactCompanyId === null ? undefined : st.companies.get(company.ContactCompanyId)
      if (company.ContactCompanyId !== null) expect(parent?.ContactCompanyId).toBeNull()
    }
  })

  it('has dynamic values that pass their own fields, and permissions for about two thirds with e-mail', () => {
    for (const c of contacts)
      for (const field of st.account.dynamicFields.Contacts)
        expect(
          dynamicValueOf(field, c.Dynamic[field.Name] ?? null),
          `${c.Id} ${field.Name}`,
        ).not.toBeUndefined()
    const withEmail = contacts.filter((c) => c.Email)
    const share = withEmail.filter((c) => c.Dynamic.PermissionEmail).length / withEmail.length
    expect(share).toBeGreaterThan(0.55)
    expect(share).toBeLessThan(0.85)
  })

  it('has orders placed by members after they registered, in DKK amounts with two decimals at most', () => {
    for (const order of st.orders.values()) {
      const contact = order.ContactId === null ? undefined : st.contacts.get(order.ContactId)
      if (contact)
        expect(Date.parse(contact.RegistrationDateTime)).toBeLessThanOrEqual(
          Date.parse(order.OriginDate!),
        )
      for (const l of order.OrderLines)
        expect(Math.round(l.Price * 100)).toBeCloseTo(l.Price * 100, 6)
    }
  })

  it('keeps a ledger in time order of earnings, redemptions and cancellations that refer to each other', () => {
    const kinds = new Set(st.points.map((p) => p.SubType))
    expect([...kinds]).toEqual(expect.arrayContaining(['Køb', 'Velkomst', 'Indløsning']))
    expect(st.points.some((p) => p.IsCanceller)).toBe(true)
    for (let i = 1; i < st.points.length; i++)
      expect(Date.parse(st.points[i]!.DateTime)).toBeGreaterThanOrEqual(
        Date.parse(st.points[i - 1]!.DateTime),
      )
    for (const p of st.points.filter((x) => x.IsCanceller)) {
      const original = st.pointsById.get(p.CancellerPointId!)!
      expect([original.CancellerPointId, original.Amount]).toEqual([p.Id, -p.Amount])
    }
    expect(Date.parse(st.points.at(-1)!.DateTime)).toBeLessThanOrEqual(NOW.getTime())
  })

  it('stamps every date as .NET writes a DateTimeOffset in Denmark', () => {
    const dates = [
      ...contacts.map((c) => c.RegistrationDateTime),
      ...st.points.map((p) => p.DateTime),
      ...st.events.map((e) => e.Created),
    ]
    for (const date of dates)
      expect(date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}\+0[12]:00$/)
    expect(dates.some((d) => d.endsWith('+02:00')) && dates.some((d) => d.endsWith('+01:00'))).toBe(
      true,
    )
  })

  it('mails members as they allow: newsletter receivers have permission and no mail limit', () => {
    const newsletters = [...st.dispatches.values()].filter((d) => d.Type === 'Newsletter')
    const sent = newsletters.flatMap((d) => st.receiversByDispatch.get(d.Id) ?? [])
    expect(sent.length).toBeGreaterThan(contacts.length)
    for (const r of sent) {
      const c = st.contacts.get(r.ContactId!)!
      expect([c.Dynamic.PermissionEmail, c.LimitMailsPermanently, c.EmailBounced, r.Email]).toEqual(
        [true, false, false, c.Email],
      )
    }
  })

  it('has dispatches sent, one ended on a bounced contact, one planned for next week', async () => {
    const all = await s.client.emailDispatches.list()
    const statuses = new Set(all.map((d) => d.Status))
    expect(statuses).toEqual(new Set(['Finished', 'EndedByBounceMarkedContact', 'Waiting']))
    const waiting = all.find((d) => d.Status === 'Waiting')!
    expect(Date.parse(waiting.PlannedUtc)).toBeGreaterThan(NOW.getTime())
    expect(all.filter((d) => d.Type === 'Transactional').length).toBeGreaterThan(5)
  })

  it('has dynamic tables whose entities pass their own fields, and media that decode to their size', () => {
    for (const table of st.tables.values()) {
      expect(table.Entities.length).toBeGreaterThan(0)
      for (const e of table.Entities)
        for (const field of table.Fields) {
          const value = e.Dynamic[field.Name] ?? null
          expect(dynamicValueOf(field, value), `${table.Name}.${field.Name}`).toEqual(value)
        }
    }
    for (const m of st.media.values())
      expect(Buffer.from(m.Content, 'base64').length).toBe(m.SizeInBytes)
  })

  it('has segments in folders, rules naming fields the account has, and List segments of members', () => {
    for (const segment of st.segments.values()) {
      expect(st.segmentFolders.map((f) => f.Id)).toContain(segment.FolderId)
      for (const id of segment.ContactIds ?? []) expect(st.contacts.has(id)).toBe(true)
      expect(segment.Type === 'List').toBe(segment.Conditions === null)
    }
  })
})
