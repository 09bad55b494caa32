/**
 * The consent pipeline end to end against the emulators in process: an opt-out (or hard bounce)
 * in any tool reaches the other two, an SMS one stays at Setrow, an opt-in travels only with its
 * source, a denied buyer's later order neither allows nor lists them, the same say twice is
 * written once; a second run writes nothing, a dry run plans the run, 30% faults change nothing,
 * and a run killed after a write leaves the ledger as a clean run does.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { webhookConsentEvent } from '../../src/apis/mailkomplet/consent.ts'
import { exclude } from '../../src/apis/mailkomplet/emulator/lists.ts'
import { BounceType, ExcludeOrigin, ExcludeReason } from '../../src/apis/mailkomplet/schemas.ts'
import type { WebhookPayload } from '../../src/apis/mailkomplet/webhooks.ts'
import type { StoredOrder as NarwooOrder } from '../../src/apis/narwoo/emulator/store.ts'
import { consentPerson, consentVerdict, type ConsentEvent } from '../../src/model/consent.ts'
import type { Commit } from '../../src/model/state.ts'
import { turkey } from '../support/sources.ts'
import { faults, fiveSync, planInto, type FiveSync } from '../support/sync-run.ts'
import {
  consentState,
  mailkompletState,
  writeCount,
  type ApiName,
  type World,
} from '../support/sync-world.ts'

const NOW = new Date(Math.floor(Date.now() / 60_000) * 60_000)
const LIST = 'Kopru zákazníci'
const opened: FiveSync[] = []
afterAll(async () => {
  for (const s of opened) await s.close()
})
const sync = async (options: Parameters<typeof fiveSync>[0] = { now: NOW }, pipelines = {}) => {
  const s = await fiveSync(options, { retry: { baseDelayMs: 1, maxDelayMs: 5 } }, pipelines)
  opened.push(s)
  return s
}
const tools = ['setrow', 'mailkomplet', 'loyaltii'] as const
const clearLogs = (world: World) => tools.forEach((t) => world[t].log.clear())
const writes = (world: World) => tools.map((t) => writeCount(world[t]))

/** A world whose seed opt-outs the consent pipeline has already carried, its logs cleared. */
async function settled(): Promise<FiveSync> {
  const s = await sync()
  const results = await s.run(['consent'])
  expect(results.map((r) => r.status)).toEqual(results.map(() => 'succeeded'))
  clearLogs(s.world)
  return s
}

interface Person {
  id: number
  email: string
}
/** The n-th Loyaltii contact with an address and no mail limit: one all three tools can hold. */
function person(s: FiveSync, n = 0): Person {
  const c = [...s.world.loyaltii.state.contacts.values()].filter(
    (c) => c.Email && !c.LimitMailsPermanently,
  )[n]!
  return { id: c.Id, email: c.Email!.toLowerCase() }
}

/** Where an address stands: Setrow's e-mail unsubscribe list, Mail Komplet's global exclude list, Loyaltii's limit. */
function standing(world: World, email: string) {
  return {
    setrow: world.setrow.state.lists.unsubscribeEmail.has(email),
    mailkomplet: world.mailkomplet.state.data.excludeList.some(
      (e) => e.email.toLowerCase() === email && e.mailingListId === null && e.campaignId === null,
    ),
    loyaltii: world.loyaltii.state.contactByEmail(email)?.LimitMailsPermanently ?? null,
  }
}
const nowhere = { setrow: false, mailkomplet: false, loyaltii: false }
const everywhere = { setrow: true, mailkomplet: true, loyaltii: true }

/** The requests since the logs were cleared that wrote (or tried to) something naming `email`. */
const writesOf = (world: World, api: ApiName, operationId: string, email: string) =>
  world[api].log
    .list({ operationId, limit: Number.MAX_SAFE_INTEGER })
    .filter((e) => e.body?.includes(`"${email}"`)).length
const consentWrites = (world: World, email: string) => ({
  setrow: writesOf(world, 'setrow', 'unsubscribe.email.add', email),
  mailkomplet: writesOf(world, 'mailkomplet', 'excludeLists.create', email),
  loyaltii: writesOf(world, 'loyaltii', 'contacts.patchMany', email),
})

// the ways a person says no in each tool, as the tool's own API (or the emulator) takes them
const optOuts = {
  setrow: (s: FiveSync, p: Person) => s.clients.setrow!.unsubscribe.email.add({ email: p.email }),
  mailkomplet: (s: FiveSync, p: Person) =>
    s.clients.mailkomplet!.excludeLists.create({ email: p.email }),
  // what the emulator's own bounce does: a global exclude-list entry of reason 2
  bounce: async (s: FiveSync, p: Person) => {
    exclude(
      s.world.mailkomplet.state,
      p.email,
      {
        origin: ExcludeOrigin.bounce,
        reasonId: ExcludeReason.hardBounce,
        bounceTypeId: BounceType.hard,
      },
      NOW,
    )
  },
  loyaltii: (s: FiveSync, p: Person) =>
    s.clients.loyaltii!.contacts.modify(p.id, () => ({ LimitMailsPermanently: true })),
}

async function verdictOf(s: FiveSync, person: string, channel: ConsentEvent['channel'] = 'email') {
  const v = consentVerdict(await s.store.consentOf([person]), person, channel)
  return v && [v.status, v.decidedBy.tool, v.decidedBy.reason]
}

describe('an opt-out in one tool', () => {
  it.each([
    ['a Setrow unsubscribe', optOuts.setrow, 'setrow', 'unsubscribe'],
    ['a Mail Komplet exclude', optOuts.mailkomplet, 'mailkomplet', 'unsubscribe'],
    // Setrow's wrong-address list takes no writes: its unsubscribe list stands in (README.md)
    ['a Mail Komplet hard bounce', optOuts.bounce, 'mailkomplet', 'hardBounce'],
    ['a Loyaltii mail limit set by PATCH', optOuts.loyaltii, 'loyaltii', 'limit'],
  ] as const)('%s reaches the other two tools', async (_, optOut, tool, reason) => {
    const s = await settled()
    const p = person(s)
    expect(standing(s.world, p.email)).toEqual(nowhere)
    await optOut(s, p)
    clearLogs(s.world)
    await s.run(['consent'])
    expect(standing(s.world, p.email)).toEqual(everywhere)
    expect(await verdictOf(s, p.email)).toEqual(['denied', tool, reason])
    // the tool it was said in holds it already: kopru writes nothing there
    expect(writeCount(s.world[tool])).toBe(0)
    // and once to each of the others
    const once = { setrow: 1, mailkomplet: 1, loyaltii: 1, [tool]: 0 }
    expect(consentWrites(s.world, p.email)).toEqual(once)
  })

  it('on SMS stays at Setrow: Mail Komplet and Loyaltii take e-mail only', async () => {
    const s = await settled()
    const lists = s.world.setrow.state.lists
    const number = [...s.world.setrow.state.contacts.sms.keys()].find(
      (n) => !lists.unsubscribeSms.has(n),
    )!
    await s.clients.setrow!.unsubscribe.sms.add({ number })
    clearLogs(s.world)
    await s.run(['consent'])
    expect(await verdictOf(s, consentPerson(number)!, 'sms')).toEqual([
      'denied',
      'setrow',
      'unsubscribe',
    ])
    expect(lists.unsubscribeSms.has(number)).toBe(true)
    expect(writes(s.world)).toEqual([0, 0, 0])
  })
})

describe('an İYS opt-in after an opt-out', () => {
  it.each([
    // without its source it counts nowhere: nothing is written anywhere
    ['without a source', undefined, everywhere, [0, 0, 0]],
    // with it, Setrow's list and Loyaltii's limit are lifted; Mail Komplet lifts none (README.md)
    ['with its source', 'HS_WEB', { ...nowhere, mailkomplet: true }, [1, 0, 1]],
  ] as const)('%s', async (_, source, after, written) => {
    const s = await settled()
    const p = person(s)
    const before = s.world.loyaltii.state.contacts.get(p.id)!.LatestPermissionSource
    await optOuts.loyaltii(s, p)
    await s.run(['consent'])
    expect(standing(s.world, p.email)).toEqual(everywhere)
    clearLogs(s.world)
    const at = new Date(NOW.getTime() + 60_000).toISOString()
    await s.store.recordConsent([
      {
        ...{ person: p.email, channel: 'email', status: 'allowed', tool: 'setrow', reason: 'iys' },
        ...{ at, ref: `setrow:iys:test:email:${p.email}`, source },
      },
    ])
    await s.run(['consent'])
    expect(standing(s.world, p.email)).toEqual(after)
    expect(writes(s.world)).toEqual(written)
    const contact = s.world.loyaltii.state.contacts.get(p.id)!
    expect(contact.LatestPermissionSource).toBe(source ?? before)
  })
})

/** A new Narwoo order by `email`, an hour ago: a recent paid order's copy under a new number. */
function orderAtNarwoo(world: World, email: string) {
  const dump = world.narwoo.dump() as { orders: NarwooOrder[] }
  const weekAgo = turkey(NOW.getTime() - 7 * 86_400_000)
  const model = dump.orders.find((o) => !o.canceled && o.placedAt >= weekAgo)!
  dump.orders.unshift({
    ...model,
    orderNumber: `${model.orderNumber}7`,
    placedAt: turkey(NOW.getTime() - 3_600_000),
    customer: { ...model.customer, email },
  })
  world.narwoo.load(dump)
}

describe('an opt-out, then a later order', () => {
  const buyer = 'yeni.alici@example.com'
  const all = ['setrow', 'mailkomplet', 'loyaltii']
  // the consent tools, the opt-out, and what the buyer must end as: Setrow's contact (none when
  // Setrow refuses an unsubscribed address), on kopru's Mail Komplet list, limited in Loyaltii
  const cases = [
    { said: 'at Mail Komplet', tools: all, optOut: optOuts.mailkomplet, allow: undefined },
    // Setrow no consent tool: only the ledger keeps them out of Setrow's e-mail contacts
    {
      said: 'at Mail Komplet, Setrow not a consent tool',
      tools: ['mailkomplet', 'loyaltii'],
      optOut: optOuts.mailkomplet,
      allow: undefined,
    },
    // Mail Komplet no consent tool: only the ledger can keep them off its list
    {
      said: 'at Setrow, Mail Komplet not a consent tool',
      tools: ['setrow', 'loyaltii'],
      optOut: optOuts.setrow,
      allow: undefined,
    },
    // the control: the same order of a buyer who never said no
    { said: 'nowhere', tools: all, optOut: undefined, allow: 'Y' },
  ]
  const worlds = new Map<string, Promise<FiveSync>>()
  const after = (c: (typeof cases)[number]) => {
    if (!worlds.has(c.said))
      worlds.set(
        c.said,
        (async () => {
          const s = await sync(
            { now: NOW },
            { 'customers-and-orders': { permission: 'Y' }, consent: { tools: c.tools } },
          )
          await c.optOut?.(s, { id: 0, email: buyer })
          await s.run(['consent'])
          orderAtNarwoo(s.world, buyer)
          const results = await s.run()
          expect(results.map((r) => r.status)).toEqual(results.map(() => 'succeeded'))
          return s
        })(),
      )
    return worlds.get(c.said)!
  }

  it.each(cases)('said $said: Setrow allow status $allow', async (c) => {
    const s = await after(c)
    expect(s.world.setrow.state.contacts.email.get(buyer)?.allowStatus).toBe(c.allow)
  })

  it.each(cases)('said $said: on the Mail Komplet list only if never', async (c) => {
    const s = await after(c)
    const contact = mailkompletState(s.world).contacts.find((x) => x.email === buyer)!
    expect(contact.lists).toEqual(c.optOut ? [] : [LIST])
  })

  it.each(cases)('said $said: the Loyaltii contact kopru creates is mail-limited', async (c) => {
    const s = await after(c)
    const contact = s.world.loyaltii.state.contactByEmail(buyer)!
    expect(contact.LimitMailsPermanently).toBe(!!c.optOut)
  })
})

describe('the same say twice', () => {
  // what is done, how many runs follow, how many ledger entries the person ends with, and the
  // writes naming them: once to each tool that did not hear it, never to one that did
  it.each([
    {
      what: 'an exclude read by two runs',
      act: optOuts.mailkomplet,
      runs: 2,
      entries: 1,
      written: { setrow: 1, mailkomplet: 0, loyaltii: 1 },
    },
    {
      what: 'an exclude both webhooked and read from the list',
      act: async (s: FiveSync, p: Person) => {
        await optOuts.mailkomplet(s, p)
        const entry = s.world.mailkomplet.state.data.excludeList.at(-1)!
        const stamp = '2026-03-15 09:00:00'
        const payload: WebhookPayload = {
          ...{ webhookTypeId: 8, mailId: 1, excludeListId: entry.excludeListId },
          ...{ created: stamp, sent: stamp, recipient: p.email, fromAddress: 'info@kopru.cz' },
        }
        await s.store.recordConsent([webhookConsentEvent(payload, NOW)!])
      },
      runs: 1,
      entries: 1,
      written: { setrow: 1, mailkomplet: 0, loyaltii: 1 },
    },
    {
      what: 'one opt-out said at Setrow and at Mail Komplet',
      act: async (s: FiveSync, p: Person) => {
        await optOuts.setrow(s, p)
        await optOuts.mailkomplet(s, p)
      },
      runs: 2,
      entries: 2,
      written: { setrow: 0, mailkomplet: 0, loyaltii: 1 },
    },
  ])('$what is written once', async ({ act, runs, entries, written }) => {
    const s = await settled()
    const p = person(s)
    // the person's permission at Loyaltii is in the ledger already
    const known = (await s.store.consentOf([p.email])).length
    await act(s, p)
    clearLogs(s.world)
    for (let i = 0; i < runs; i++) await s.run(['consent'])
    expect(await s.store.consentOf([p.email])).toHaveLength(known + entries)
    expect(standing(s.world, p.email)).toEqual(everywhere)
    const onList = s.world.mailkomplet.state.data.excludeList.filter((e) => e.email === p.email)
    expect(onList).toHaveLength(1)
    expect(consentWrites(s.world, p.email)).toEqual(written)
  })
})

const HOUR = 3_600_000

/** A settled world on a clock of its own that `step` moves on. */
async function onItsOwnClock() {
  const now = new Date(NOW)
  const s = await sync({ now })
  await s.run(['consent'])
  clearLogs(s.world)
  const step = (ms: number) => now.setTime(now.getTime() + ms)
  return { s, now, step }
}

/** An İYS opt-in of `email` through Setrow, at `at`, recorded as the Setrow source reads one. */
const iysOptIn = (s: FiveSync, email: string, at: Date) =>
  s.store.recordConsent([
    {
      ...{ person: email, channel: 'email', status: 'allowed', tool: 'setrow', reason: 'iys' },
      ...{ at: at.toISOString(), ref: `setrow:iys:test:email:${email}`, source: 'HS_WEB' },
    },
  ])

describe("a tool's say and kopru's own writes over time", () => {
  it("keeps kopru's own Mail Komplet exclude an echo after an opt-in Mail Komplet does not take", async () => {
    const { s, now, step } = await onItsOwnClock()
    const p = person(s)
    const said = now.getTime()
    await optOuts.loyaltii(s, p)
    // the next sync, three hours later, writes the opt-out to Mail Komplet's exclude list
    step(3 * HOUR)
    await s.run(['consent'])
    expect(standing(s.world, p.email)).toEqual(everywhere)
    // an İYS opt-in said between the opt-out and kopru's exclude entry, read by the next sync
    await iysOptIn(s, p.email, new Date(said + HOUR))
    step(HOUR)
    await s.run(['consent'])
    const allowed = { ...nowhere, mailkomplet: true }
    expect(standing(s.world, p.email)).toEqual(allowed)
    // nobody says anything: kopru's exclude entry is no opt-out of the person's
    step(HOUR)
    await s.run(['consent'])
    expect(await verdictOf(s, p.email)).toEqual(['allowed', 'setrow', 'iys'])
    expect(standing(s.world, p.email)).toEqual(allowed)
  })

  it('takes a second Loyaltii opt-out, after an opt-in lifted the first, to the other tools', async () => {
    const { s, step } = await onItsOwnClock()
    const p = person(s)
    step(60_000)
    await optOuts.loyaltii(s, p)
    await s.run(['consent'])
    step(60_000)
    await iysOptIn(s, p.email, new Date(NOW.getTime() + 2 * 60_000))
    await s.run(['consent'])
    expect(standing(s.world, p.email)).toEqual({ ...nowhere, mailkomplet: true })
    step(60_000)
    await optOuts.loyaltii(s, p)
    await s.run(['consent'])
    expect(await verdictOf(s, p.email)).toEqual(['denied', 'loyaltii', 'limit'])
    expect(standing(s.world, p.email)).toEqual(everywhere)
  })

  it('writes an opt-out to a tool whose own older opt-out kopru has lifted since', async () => {
    const { s, step } = await onItsOwnClock()
    const p = person(s)
    step(HOUR)
    await optOuts.loyaltii(s, p)
    await s.run(['consent'])
    step(3 * HOUR)
    await iysOptIn(s, p.email, new Date(NOW.getTime() + 4 * HOUR))
    await s.run(['consent'])
    expect(standing(s.world, p.email).loyaltii).toBe(false)
    step(HOUR)
    await optOuts.setrow(s, p)
    await s.run(['consent'])
    expect(await verdictOf(s, p.email)).toEqual(['denied', 'setrow', 'unsubscribe'])
    expect(standing(s.world, p.email)).toEqual(everywhere)
  })

  it.each([
    ['Setrow', optOuts.setrow, 'setrow'],
    ['Mail Komplet', optOuts.mailkomplet, 'mailkomplet'],
  ] as const)(
    'dates an opt-out at %s when it was said: half an hour after an opt-in, it wins',
    async (_, optOut, tool) => {
      const { s, now, step } = await onItsOwnClock()
      const p = person(s, 3)
      step(60_000)
      await iysOptIn(s, p.email, now)
      await s.run(['consent'])
      step(30 * 60_000)
      await optOut(s, p)
      await s.run(['consent'])
      const entry = (await s.store.consentOf([p.email])).find(
        (e) => e.tool === tool && e.status === 'denied',
      )
      expect(entry?.at).toBe(now.toISOString())
      expect(await verdictOf(s, p.email)).toEqual(['denied', tool, 'unsubscribe'])
      expect(standing(s.world, p.email).loyaltii).toBe(true)
    },
  )
})

describe('a consent run’s counts', () => {
  it('count as written only the verdicts sent to a tool, the others as skipped', async () => {
    const s = await sync()
    clearLogs(s.world)
    const [result] = await s.run(['consent'])
    const sent = (api: ApiName, operation: RegExp) =>
      s.world[api].log
        .list({ limit: Number.MAX_SAFE_INTEGER })
        .filter((r) => operation.test(r.operationId ?? ''))
    // the people each tool was sent: one a call at Setrow and Mail Komplet, a PATCH names many
    const written = {
      setrow: sent('setrow', /^unsubscribe\.\w+\.(add|delete)$/).length,
      mailkomplet: sent('mailkomplet', /^excludeLists\.create$/).length,
      loyaltii: sent('loyaltii', /^contacts\.patchMany$/)
        .map((r) => (JSON.parse(r.body ?? '{}') as { Keys: unknown[] }).Keys.length)
        .reduce((a, b) => a + b, 0),
    }
    for (const tool of tools) {
      const counts = result!.counts[`to-${tool}`]!
      expect(counts.created + counts.updated, tool).toBe(written[tool])
      // the verdicts a tool does not take, or holds already, are there too
      expect(counts.skipped, tool).toBeGreaterThan(0)
      expect(counts.created + counts.updated + counts.skipped, tool).toBe(counts.read)
    }
  })
})

/** One opt-out said in each tool, each by another Loyaltii contact. */
async function sayNoEverywhere(s: FiveSync): Promise<Person[]> {
  const people = [person(s, 0), person(s, 1), person(s, 2)]
  await optOuts.setrow(s, people[0]!)
  await optOuts.mailkomplet(s, people[1]!)
  await optOuts.loyaltii(s, people[2]!)
  return people
}

describe('consent runs', () => {
  it('write nothing the second time', async () => {
    const s = await sync()
    await sayNoEverywhere(s)
    await s.run()
    clearLogs(s.world)
    await s.run()
    expect(writes(s.world)).toEqual([0, 0, 0])
  })

  it('plan in a dry run exactly what the run then does, and write nothing', async () => {
    const s = await sync()
    const people = await sayNoEverywhere(s)
    clearLogs(s.world)
    const dry: string[] = []
    const wet: string[] = []
    await s.run(['consent'], { dryRun: true, onPlan: planInto(dry) })
    expect(writes(s.world)).toEqual([0, 0, 0])
    await s.run(['consent'], { onPlan: planInto(wet) })
    // Mail Komplet gets the opt-outs said elsewhere; its own global exclude it holds: none planned
    const [setrowSaid, mailkompletSaid, loyaltiiSaid] = people as [Person, Person, Person]
    for (const p of [setrowSaid, loyaltiiSaid])
      expect(wet).toContain(`to-mailkomplet create ${p.email}|email`)
    expect(wet).not.toContain(`to-mailkomplet create ${mailkompletSaid.email}|email`)
    expect(dry.sort()).toEqual(wet.sort())
  })

  it('end in the state of a clean run under 30% transient faults', async () => {
    // the seed's opt-outs in all three tools are what is carried
    const state = (world: World) => ({
      ...consentState(world),
      excluded: mailkompletState(world).excluded,
    })
    const clean = await sync()
    const untouched = state(clean.world)
    await clean.run(['consent'])
    expect(state(clean.world)).not.toEqual(untouched)
    const faulty = await sync({ now: NOW, chaos: faults(5) })
    const results = await faulty.run(['consent'])
    const faulted = tools.flatMap((t) =>
      faulty.world[t].log.list({ limit: Number.MAX_SAFE_INTEGER }).filter((r) => r.chaos),
    )
    expect(faulted.length).toBeGreaterThan(20)
    expect(results.map((r) => r.status)).toEqual(results.map(() => 'succeeded'))
    expect(state(faulty.world)).toEqual(state(clean.world))
  }, 60_000)
})

describe('a run killed between a write and its commit', () => {
  it("leaves no trace of kopru's own write as the person's say", async () => {
    const clean = await sync()
    await clean.run(['consent'])
    // Setrow takes the unsubscribes, but the run dies before it keeps that it wrote them
    const s = await sync()
    const dying = new Proxy(s.store, {
      get(target, name) {
        if (name === 'commit')
          return async (c: Commit) => {
            // the engine's commit after the batch, not the intents kept before writing
            if (c.scope === 'consent/to-setrow' && c.mappings?.length) throw new Error('killed')
            return target.commit(c)
          }
        const value: unknown = Reflect.get(target, name)
        return typeof value === 'function' ? value.bind(target) : value
      },
    })
    await s.run(['consent'], { store: dying }).catch(() => undefined)
    expect(writeCount(s.world.setrow)).toBeGreaterThan(0)
    const results = await s.run(['consent'])
    expect(results.map((r) => r.status)).toEqual(results.map(() => 'succeeded'))
    const refs = async (f: FiveSync) =>
      (await f.store.consentAfter(0, 10_000)).map((e) => e.ref).sort()
    expect(await refs(s)).toEqual(await refs(clean))
    expect(mailkompletState(s.world).excluded).toEqual(mailkompletState(clean.world).excluded)
  })
})
