/**
 * The mailkomplet pipeline end to end against the emulators in process: every buyer with an
 * e-mail address a contact of kopru's list, columns checked against the sources, created or
 * updated, never put back on a list they left or joined while excluded; dry run and 30% faults.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { narwooWindow, round2 } from '../support/sources.ts'
import { faults, fiveSync, planInto, type FiveSync } from '../support/sync-run.ts'
import { mailkompletState, writeCount, type World } from '../support/sync-world.ts'

const NOW = new Date(Math.floor(Date.now() / 60_000) * 60_000)
const LIST = 'Kopru zákazníci'
const opened: FiveSync[] = []
afterAll(async () => {
  for (const s of opened) await s.close()
})
const mk = async (options: Parameters<typeof fiveSync>[0] = { now: NOW }) => {
  const s = await fiveSync(options, { retry: { baseDelayMs: 1, maxDelayMs: 5 } })
  opened.push(s)
  return s
}

/** Each buyer's order count and total over orders not cancelled, from the sources. */
function buyers(world: World): Map<string, { count: number; total: number }> {
  const out = new Map<string, { count: number; total: number }>()
  const add = (email: string, total: number, cancelled: boolean) => {
    const b = out.get(email) ?? { count: 0, total: 0 }
    if (!cancelled) out.set(email, { count: b.count + 1, total: round2(b.total + total) })
    else out.set(email, b)
  }
  for (const o of world.softtr.state.orders)
    add(o.invoiceDetails.invoiceMail.trim().toLowerCase(), o.orderAmount, false)
  for (const o of narwooWindow(world, NOW)) {
    const total = o.lines.reduce((s, l) => s + l.unitPrice * l.quantity + l.cargoPrice, 0)
    add(o.customer.email.trim().toLowerCase(), round2(total), o.canceled)
  }
  return out
}

describe('the mailkomplet pipeline', () => {
  let s: FiveSync
  let excludedBuyer: string

  beforeAll(async () => {
    s = await mk()
    // one buyer unsubscribed in Mail Komplet before kopru ever ran: never put on the list
    excludedBuyer = s.world.softtr.state.orders[1]!.invoiceDetails.invoiceMail.trim().toLowerCase()
    await s.clients.mailkomplet!.excludeLists.create({ email: excludedBuyer })
    const [result] = await s.run(['mailkomplet'])
    expect(result!.status).toBe('succeeded')
    expect(await s.store.deadLetters({ status: 'open' })).toEqual([])
  })

  it('writes every buyer as a contact of the list with order count, total spent and last order', () => {
    const want = buyers(s.world)
    const contacts = mailkompletState(s.world).contacts
    expect(contacts.map((c) => c.email.toLowerCase())).toEqual([...want.keys()].sort())
    for (const c of contacts) {
      const b = want.get(c.email.toLowerCase())!
      expect([c.columns.order_count, c.columns.total_spent], c.email).toEqual([b.count, b.total])
      if (b.count) expect(c.columns.last_order, c.email).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/)
      expect(c.columns.city, c.email).toEqual(expect.any(String))
      expect(c.lists.includes(LIST), c.email).toBe(c.email.toLowerCase() !== excludedBuyer)
    }
  })

  it('writes nothing on a second run', async () => {
    s.world.mailkomplet.log.clear()
    await s.run(['mailkomplet'])
    expect(writeCount(s.world.mailkomplet)).toBe(0)
  })

  it('updates a buyer who left the list without putting them back on it', async () => {
    const state = s.world.mailkomplet.state
    const list = state.data.mailingLists.find((l) => l.name === LIST)!
    const email = s.world.softtr.state.orders[2]!.invoiceDetails.invoiceMail.trim().toLowerCase()
    const contact = state.data.contacts.find((c) => c.email.toLowerCase() === email)!
    await s.clients.mailkomplet!.contacts.delete({
      contactIds: [contact.contactId],
      mailingListId: list.mailingListId,
    })
    // the customer's facts as kopru delivered them differ: the next run updates them
    const scope = 'mailkomplet/customers'
    const known = (await s.store.mappings(scope, [email])).get(email)!
    await s.store.commit({ pipeline: 'mailkomplet', scope, mappings: [{ ...known, hash: 'x' }] })
    s.world.mailkomplet.log.clear()
    const [result] = await s.run(['mailkomplet'])
    expect(result!.counts.customers!.updated).toBe(1)
    expect(writeCount(s.world.mailkomplet)).toBe(1)
    const after = mailkompletState(s.world).contacts.find((c) => c.email.toLowerCase() === email)!
    expect(after.lists).not.toContain(LIST)
  })
})

describe('mailkomplet dry run and faults', () => {
  it('plans exactly what the run then writes, and writes nothing itself', async () => {
    const s = await mk()
    const dry: string[] = []
    const wet: string[] = []
    await s.run(['mailkomplet'], { dryRun: true, onPlan: planInto(dry) })
    expect(writeCount(s.world.mailkomplet)).toBe(0)
    await s.run(['mailkomplet'], { onPlan: planInto(wet) })
    expect(dry.sort()).toEqual(wet.sort())
  })

  it('ends in the state of a clean run under 30% transient faults', async () => {
    const clean = await mk()
    await clean.run(['mailkomplet'])
    const chaos = faults(9)
    const faulty = await mk({ now: NOW, chaos })
    const [result] = await faulty.run(['mailkomplet'])
    expect(result!.status).toBe('succeeded')
    expect(mailkompletState(faulty.world)).toEqual(mailkompletState(clean.world))
  }, 60_000)
})
