import { describe, expect, it } from 'vitest'
import { generateSetrowData } from '../../../../src/apis/setrow/emulator/seed.ts'
import { isValidEan13 } from '../../../../src/emulator/locale/tr-catalog.ts'
import { cities, firstNamesFemale, firstNamesMale } from '../../../../src/emulator/locale/tr.ts'
import { NOW, SMALL } from '../setup.ts'

const data = (seed: number, sizes = SMALL, now = NOW) => generateSetrowData({ seed, now, sizes })

describe('seed data', () => {
  it('is the same for a seed on the same day, and differs for another seed', () => {
    const later = new Date(NOW.getTime() + 3 * 3_600_000)
    expect(JSON.stringify(data(3))).toBe(JSON.stringify(data(3, SMALL, later)))
    expect(JSON.stringify(data(3))).not.toBe(JSON.stringify(data(4)))
  })

  it('follows the sizes', () => {
    const d = data(1, { ...SMALL, emails: 300, numbers: 120, products: 25, orders: 70 })
    expect(d.contacts.email.length).toBeGreaterThan(290)
    expect(d.contacts.sms.length).toBeGreaterThan(115)
    expect(d.products).toHaveLength(25)
    expect(d.orders).toHaveLength(70)
  })

  it('keeps product i when products grows, whatever the other sizes', () => {
    const few = data(9, { ...SMALL, products: 20 })
    const more = data(9, {
      ...SMALL,
      emails: 300,
      numbers: 150,
      whatsapp: 90,
      products: 60,
      orders: 200,
      reports: 10,
    })
    expect(more.products.slice(0, 20)).toEqual(few.products)
  })

  it('has Turkish people, cities and GSM numbers, with consent areas that match the fields', () => {
    const d = data(2, { ...SMALL, emails: 200 })
    const names = new Set<string>([...firstNamesFemale, ...firstNamesMale])
    const cityNames = new Set<string>(cities.map((c) => c.name))
    for (const c of d.contacts.email) {
      expect(names.has(c.name)).toBe(true)
      expect(cityNames.has(c.areas.spArea4!)).toBe(true)
      expect(c.areas.spArea1).toBe(c.allowStatus)
      expect(c.groups.length).toBeGreaterThan(0)
      expect(c.createdAt <= c.updatedAt).toBe(true)
    }
    expect(d.contacts.sms.every((c) => /^5\d{9}$/.test(c.address))).toBe(true)
    expect(d.contacts.whatsapp.every((c) => /^905\d{9}$/.test(c.address))).toBe(true)
    const statuses = new Set(d.contacts.email.map((c) => c.allowStatus))
    expect([...statuses].sort()).toEqual(['L', 'N', 'X', 'Y'])
  })

  it('dates list entries over recent months, before the day the data is made', () => {
    const d = data(5, { ...SMALL, emails: 400 })
    const dates = Object.values(d.lists).flatMap((list) => list.map((e) => e.date))
    expect(dates.length).toBeGreaterThan(10)
    expect(dates.every((date) => date >= '2025-09-15' && date < '2026-03-15')).toBe(true)
    expect(
      d.lists.wrongEmail.every((e) =>
        /@(gmial|hotmial|outlok|yahooo)\.com$|\.con$/.test(e.address),
      ),
    ).toBe(true)
  })

  it('keeps the catalogue consistent: valid barcodes, known categories, orders of contacts', () => {
    const d = data(6)
    const categories = new Set(d.categories.map((c) => c.categoryId))
    for (const p of d.products) {
      expect(isValidEan13(p.productBarcode)).toBe(true)
      expect(p.categoryIds.every((id) => categories.has(id))).toBe(true)
    }
    const emails = new Set(d.contacts.email.map((c) => c.address))
    expect(d.orders.every((o) => emails.has(o.email))).toBe(true)
    expect(
      d.categories.every((c) => c.parentCategoryId === 0 || categories.has(c.parentCategoryId)),
    ).toBe(true)
  })

  it('keeps foreign group ids apart from the account’s own', () => {
    const d = data(8)
    const own = new Set(d.groups.map((g) => g.id))
    expect(d.foreignGroupIds.some((id) => own.has(id))).toBe(false)
    expect(d.nextGroupId).toBeGreaterThan(Math.max(...own))
  })
})
