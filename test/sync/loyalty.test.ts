/**
 * The loyalty pipeline end to end against the emulators in process: Softtr and Narwoo orders in
 * Loyaltii field by field, buyers matched by e-mail, points per the rule set granted once and
 * cancelled once, dead letters with Loyaltii's own code, a dry run equal to the run, and 30% faults.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { configSchema } from '../../src/sync/config.ts'
import { retryDeadLetters, type RunResult } from '../../src/sync/engine.ts'
import { buildPipelines } from '../../src/sync/recipes.ts'
import { narwooWindow, round2 } from '../support/sources.ts'
import { faults, fiveSync, planInto, type FiveSync } from '../support/sync-run.ts'
import {
  loyaltiiState,
  worldConfigInput,
  worldUrls,
  writeCount,
  type World,
} from '../support/sync-world.ts'

const NOW = new Date(Math.floor(Date.now() / 60_000) * 60_000)
const opened: FiveSync[] = []
afterAll(async () => {
  for (const s of opened) await s.close()
})
const loyalty = async (options: Parameters<typeof fiveSync>[0] = { now: NOW }) => {
  const s = await fiveSync(options, { retry: { baseDelayMs: 1, maxDelayMs: 5 } })
  opened.push(s)
  return s
}

interface Expected {
  ext: string
  email: string
  store: string
  lines: [number, number][]
  points: number
  cancelled: boolean
}

/** What the sources say each order should become, computed without the connectors. */
function expected(world: World): Expected[] {
  const points = (lines: [number, number][]) =>
    Math.floor(round2(lines.reduce((s, [q, p]) => s + q * p, 0)) / 10)
  const softtr = world.softtr.state.orders.map((o): Expected => {
    const lines = o.items.map((i): [number, number] => [i.itemQuantity, i.itemUnitPrice])
    return {
      ext: `softtr:${o.orderno}`,
      email: o.invoiceDetails.invoiceMail.trim().toLowerCase(),
      store: 'kopru-softtr',
      lines,
      points: points(lines),
      cancelled: false,
    }
  })
  const narwoo = narwooWindow(world, NOW).map((o): Expected => {
    const lines = o.lines.map((l): [number, number] => [l.quantity, l.unitPrice])
    return {
      ext: `narwoo:${o.orderNumber}`,
      email: o.customer.email.trim().toLowerCase(),
      store: 'kopru-narwoo',
      lines,
      points: o.canceled ? 0 : points(lines),
      cancelled: o.canceled,
    }
  })
  return [...softtr, ...narwoo].sort((a, b) => a.ext.localeCompare(b.ext))
}

describe('the loyalty pipeline', () => {
  let s: FiveSync
  let first: RunResult[]
  let existing: number

  beforeAll(async () => {
    s = await loyalty()
    // a shop buyer Loyaltii already knows: matched by e-mail, not created again
    const buyer = s.world.softtr.state.orders[0]!.invoiceDetails.invoiceMail.trim().toLowerCase()
    const contact = [...s.world.loyaltii.state.contacts.values()].find((c) => c.Email)!
    s.world.loyaltii.state.unindexContact(contact)
    contact.Email = buyer
    s.world.loyaltii.state.indexContact(contact)
    existing = contact.Id
    first = await s.run(['loyalty'])
  })

  it('runs to the end with nothing refused', async () => {
    expect(first.map((r) => [r.pipeline, r.status])).toEqual([['loyalty', 'succeeded']])
    expect(await s.store.deadLetters({ status: 'open' })).toEqual([])
  })

  it('writes every order with its lines, buyer and store, ExtOrderId the source key', () => {
    const state = loyaltiiState(s.world)
    const want = expected(s.world)
    expect(want.length).toBeGreaterThan(40)
    expect(state.orders.map((o) => o.ext)).toEqual(want.map((w) => w.ext))
    state.orders.forEach((o, i) => {
      const w = want[i]!
      expect([o.contact, o.store, o.type], o.ext!).toEqual([w.email, w.store, 'Webshop'])
      expect(o.lines.map((l) => [l[2], l[3]])).toEqual(w.lines)
    })
    expect(state.stores.filter(([n]) => n!.startsWith('kopru'))).toEqual([
      ['kopru-narwoo', 'Pazaryeri (Narwoo)'],
      ['kopru-softtr', 'Web mağazası (Softtr)'],
    ])
  })

  it('grants one point per 10 TRY of goods, once per order, none to a cancelled one', () => {
    const granted = loyaltiiState(s.world).points
    const want = expected(s.world).filter((w) => w.points > 0)
    expect(granted).toEqual(want.map((w) => [w.ext, w.email, 'Bonuspoint', w.points, false]))
  })

  it('matches a known buyer by e-mail and creates the others without consent', () => {
    const orders = [...s.world.loyaltii.state.orders.values()]
    const first = s.world.softtr.state.orders[0]!.orderno
    expect(orders.find((o) => o.ExtOrderId === `softtr:${first}`)!.ContactId).toBe(existing)
    const created = loyaltiiState(s.world).contacts
    expect(created.length).toBeGreaterThan(10)
    for (const c of created) {
      expect(c.LimitMailsPermanently).toBe(false)
      expect(c.LatestPermissionSource).toBeNull()
      expect(c.Dynamic.PermissionEmail ?? null).toBeNull()
    }
  })

  it('writes nothing on a second run', async () => {
    s.world.loyaltii.log.clear()
    const again = await s.run(['loyalty'])
    expect(writeCount(s.world.loyaltii)).toBe(0)
    expect(Object.values(again[0]!.counts).every((c) => c.created + c.updated === 0)).toBe(true)
  })

  it('cancels the points of an order cancelled since, exactly once', async () => {
    const order = narwooWindow(s.world, NOW).find(
      (o) => !o.canceled && !o.confirmed && !o.hasReturn && o.placedAt > '2000' && recent(o),
    )!
    await s.clients.narwoo!.orders.cancel({
      order_number: order.orderNumber,
      cancel_reason: 'Müşteri vazgeçti',
    })
    const before = loyaltiiState(s.world).points.length
    await s.run(['loyalty'])
    await s.run(['loyalty'])
    const points = loyaltiiState(s.world).points.filter(
      (p) => p[0] === `narwoo:${order.orderNumber}`,
    )
    expect(points.map((p) => [p[3], p[4]])).toEqual([
      [points[0]![3], false],
      [-(points[0]![3] as number), true],
    ])
    expect(loyaltiiState(s.world).points.length).toBe(before + 1)
  })
})

const recent = (o: { placedAt: string }) =>
  Date.parse(`${o.placedAt.replace(' ', 'T')}+03:00`) > NOW.getTime() - 6 * 86_400_000

describe('loyalty dead letters and dry run', () => {
  it('files orders of a type the account lacks with Loyaltii’s code, the rest delivered', async () => {
    const s = await loyalty()
    s.world.loyaltii.switches = { ...s.world.loyaltii.switches, withoutOrderTypes: ['Webshop'] }
    const [result] = await s.run(['loyalty'])
    expect(result!.status).toBe('succeeded')
    const letters = await s.store.deadLetters({ status: 'open', limit: 10_000 })
    expect(letters.length).toBe(expected(s.world).length)
    expect(new Set(letters.map((d) => d.code))).toEqual(new Set(['invalidOrderType']))
    expect(letters[0]!.reason).toContain('Invalid order type!')
  })

  it('plans exactly what the run then writes, and writes nothing itself', async () => {
    const s = await loyalty()
    const dry: string[] = []
    const wet: string[] = []
    await s.run(['loyalty'], { dryRun: true, onPlan: planInto(dry) })
    expect(writeCount(s.world.loyaltii)).toBe(0)
    await s.run(['loyalty'], { onPlan: planInto(wet) })
    expect(dry.sort()).toEqual(wet.sort())
    expect(wet.length).toBe(expected(s.world).length)
  })
})

describe('loyalty dead letters of orders whose point was refused', () => {
  // the account has no point type `Bonuspuan`: each order is created, its point refused
  const refusingPoints = async () => {
    const s = await fiveSync(
      { now: NOW },
      { retry: { baseDelayMs: 1, maxDelayMs: 5 } },
      { loyalty: { from: ['softtr'], pointType: 'Bonuspuan' } },
    )
    opened.push(s)
    const [result] = await s.run(['loyalty'])
    expect(result!.status).toBe('succeeded')
    const letters = await s.store.deadLetters({ status: 'open', limit: 10_000 })
    expect(letters.length).toBe(s.world.softtr.state.orders.length)
    expect(new Set(letters.map((d) => d.code))).toEqual(new Set(['invalidPointType']))
    // the operator corrects kopru.yaml's point type
    const input = worldConfigInput(worldUrls(s.world))
    const fixed = configSchema.parse({
      ...input,
      pipelines: { ...input.pipelines, loyalty: { from: ['softtr'] } },
    })
    const pipeline = buildPipelines(fixed, s.clients).find((p) => p.name === 'loyalty')!
    const clean = await fiveSync({ now: NOW }, {}, { loyalty: { from: ['softtr'] } })
    opened.push(clean)
    await clean.run(['loyalty'])
    return { s, letters, pipeline, clean }
  }
  const ordersOf = (s: FiveSync, key: string) =>
    s.world.loyaltii.state.ordersByExtId.get(key)?.size ?? 0

  it('retried once fixed, creates no order twice and grants each point once', async () => {
    const { s, letters, pipeline, clean } = await refusingPoints()
    expect(letters.every((d) => ordersOf(s, d.key) === 1)).toBe(true)
    expect(await retryDeadLetters(pipeline, { store: s.store })).toEqual({
      retried: letters.length,
      delivered: letters.length,
      failed: 0,
    })
    expect(letters.filter((d) => ordersOf(s, d.key) !== 1)).toEqual([])
    expect(loyaltiiState(s.world)).toEqual(loyaltiiState(clean.world))
  })

  it('keeps the id of an order made before its point was refused: no order twice without recover', async () => {
    const { s, letters, pipeline, clean } = await refusingPoints()
    const mapped = await s.store.mappings(
      'loyalty/orders',
      letters.map((d) => d.key),
    )
    expect(mapped.size).toBe(letters.length)
    for (const d of letters) {
      const order = [...s.world.loyaltii.state.ordersByExtId.get(d.key)!][0]!
      expect(JSON.parse(mapped.get(d.key)!.destId!)).toMatchObject({ o: order.Id })
    }
    // what a killed batch's intents would have told is gone: the mappings alone say it
    const intents = await s.store.intents('loyalty/orders')
    expect(intents.length).toBe(letters.length)
    await s.store.commit({
      pipeline: 'loyalty',
      scope: 'loyalty/orders',
      clearIntents: intents.map((i) => i.key),
    })
    await retryDeadLetters(pipeline, { store: s.store })
    expect(letters.filter((d) => ordersOf(s, d.key) !== 1)).toEqual([])
    expect(loyaltiiState(s.world)).toEqual(loyaltiiState(clean.world))
  })
})

describe('loyalty under 30% transient faults', () => {
  it('ends in the state of a clean run: no order and no point twice', async () => {
    const clean = await loyalty()
    await clean.run(['loyalty'])
    const chaos = faults(7)
    const faulty = await loyalty({ now: NOW, chaos })
    const results = await faulty.run(['loyalty'])
    const faulted = faulty.world.loyaltii.log
      .list({ limit: Number.MAX_SAFE_INTEGER })
      .filter((r) => r.chaos).length
    expect(faulted).toBeGreaterThan(20)
    expect(results[0]!.status).toBe('succeeded')
    expect(loyaltiiState(faulty.world)).toEqual(loyaltiiState(clean.world))
  }, 60_000)
})

describe('loyalty when one order of a batch stops the stream', () => {
  it('lets the batch’s other creates land before the stream runs again: nothing twice', async () => {
    const clean = await loyalty()
    await clean.run(['loyalty'])
    // no client retries: one order's creates fail 503 until its every try is spent (six), which
    // stops the stream; the other creates of its batch land 30 ms late, while the stream's second
    // chance would already be looking for what the batch left
    const s = await fiveSync({ now: NOW }, { retry: { retries: 0 } })
    opened.push(s)
    const emulator = s.world.loyaltii as { fetch: typeof globalThis.fetch }
    const real = emulator.fetch
    let victim: string | undefined
    let refused = 0
    emulator.fetch = async (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input))
      if (init?.method === 'POST' && url.pathname.endsWith('/Orders')) {
        const ext = (JSON.parse(String(init.body)) as { ExtOrderId: string }).ExtOrderId
        victim ??= ext
        if (ext === victim && refused < 6) {
          refused++
          return new Response('Service Unavailable', { status: 503 })
        }
        await new Promise((resolve) => setTimeout(resolve, 30))
      }
      return real(input, init)
    }
    const [result] = await s.run(['loyalty'])
    expect(refused).toBe(6)
    expect(result!.status).toBe('succeeded')
    expect(loyaltiiState(s.world)).toEqual(loyaltiiState(clean.world))
  }, 60_000)
})
