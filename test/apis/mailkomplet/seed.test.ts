import { describe, expect, it } from 'vitest'
import { mailkompletEmulator } from '../../../src/apis/mailkomplet/emulator/index.ts'
import { generateMailKompletData, maxSizes } from '../../../src/apis/mailkomplet/emulator/seed.ts'
import { mailkompletState } from '../../../src/apis/mailkomplet/emulator/state.ts'
import { createEmulator } from '../../../src/emulator/host.ts'
import { NOW, SMALL } from './support.ts'

const make = (seed = 7, sizes = SMALL) => generateMailKompletData({ seed, now: NOW, sizes })

describe('seed data', () => {
  it('is the same for the same seed and sizes, and differs for another seed', () => {
    expect(JSON.stringify(make())).toBe(JSON.stringify(make()))
    expect(make(8).contacts[0]!.email).not.toBe(make(7).contacts[0]!.email)
  })

  it('has the sizes asked for', () => {
    const data = make()
    expect(data.contacts).toHaveLength(SMALL.contacts)
    expect(data.mailingLists).toHaveLength(SMALL.mailingLists)
    expect(data.campaigns).toHaveLength(SMALL.campaigns)
    expect(data.executions).toHaveLength(SMALL.distributions)
    expect(data.transactionalEmails).toHaveLength(SMALL.transactionalEmails)
    expect(data.sms).toHaveLength(SMALL.sms)
    expect(data.coupons).toHaveLength(SMALL.coupons)
    expect(data.carts).toHaveLength(SMALL.carts)
  })

  it('is Czech: names with feminine surnames, +420 mobiles, Czech cities and subjects, CZK carts', () => {
    const data = make()
    const women = data.contacts.filter((c) => c.sex === false)
    expect(women.every((c) => /(ová|á)$/.test(c.surname!))).toBe(true)
    const phones = data.contacts.map((c) => c.mobilePhone).filter(Boolean)
    expect(phones.every((p) => /^\+420[67]\d{8}$/.test(p!))).toBe(true)
    expect(
      data.contacts.some((c) => c.columns.mesto === 'Praha' || c.columns.mesto === 'Brno'),
    ).toBe(true)
    expect(data.campaigns.some((c) => /[ěščřžýáíéůú]/.test(c.name))).toBe(true)
    expect(data.carts.every((c) => c.items.every((i) => i.currency === 5))).toBe(true)
  })

  it('is consistent: mail went through the rules (exclude list, outcomes, counts)', () => {
    const data = make()
    const hard = data.transactionalEmails.filter((e) => e.hardBounced)
    for (const e of hard)
      expect(data.excludeList.some((x) => x.sourceTransactionalEmailId === e.emailId)).toBe(true)
    expect(data.marketingEmails.length).toBeGreaterThan(0)
    expect(mailkompletState.safeParse(JSON.parse(JSON.stringify(data))).success).toBe(true)
  })

  it('refuses sizes above the maxima', () => {
    const e = createEmulator(mailkompletEmulator, { sizes: SMALL, env: {} })
    expect(() => e.reseed({ seed: 1, sizes: { contacts: maxSizes.contacts + 1 } })).toThrow(
      /out of range/,
    )
  })
})
