import { describe, expect, it } from 'vitest'
import type { StoredCart } from '../../../src/apis/mailkomplet/emulator/state.ts'
import { Currency, type CartItem } from '../../../src/apis/mailkomplet/tracker-schema.ts'
import { NOW, setup, type Setup } from './support.ts'

const item = (code: string, amount = 1, extra: Partial<CartItem> = {}): CartItem => ({
  amount,
  name: `Zboží ${code}`,
  code,
  currency: Currency.CZK,
  price: 100,
  priceVat: 121,
  ...extra,
})

function tracker(s: Setup, visitorId = 'visitor-0001') {
  const origin = new URL(s.e.baseUrl()).origin
  const report = async (action: string, fields: object) => {
    const response = await s.e.fetch(`${origin}/tracker/events`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain;charset=UTF-8' },
      body: JSON.stringify({ instance: 'kopru-shop', visitorId, action, ...fields }),
    })
    return response.status
  }
  const cart = () =>
    s.state.data.carts.findLast((c) => c.visitorId === visitorId) as StoredCart | undefined
  return { report, cart, origin }
}

describe('the cart tracker (MkTracker)', () => {
  it('serves the tracking script with the six functions', async () => {
    const s = setup()
    const { origin } = tracker(s)
    const response = await s.e.fetch(`${origin}/tracker.js?instance=kopru-shop`)
    expect(response.headers.get('content-type')).toMatch(/javascript/)
    const script = await response.text()
    for (const name of [
      'updateBasketContent',
      'addBasketItem',
      'removeBasketItem',
      'sessionCompleted',
      'identifyVisitor',
      'pushEvent',
    ])
      expect(script).toContain(`${name}: function`)
  })

  it.each<[string, [string, object][], { code: string; amount: number }[]]>([
    [
      'adds, merging the same code and variant',
      [
        ['addBasketItem', { item: item('A') }],
        ['addBasketItem', { item: item('A', 2) }],
      ],
      [{ code: 'A', amount: 3 }],
    ],
    [
      'keeps another variant apart',
      [
        ['addBasketItem', { item: item('A', 1, { variant: 'M' }) }],
        ['addBasketItem', { item: item('A', 1, { variant: 'L' }) }],
      ],
      [
        { code: 'A', amount: 1 },
        { code: 'A', amount: 1 },
      ],
    ],
    [
      'removes by amount',
      [
        ['addBasketItem', { item: item('A', 3) }],
        ['removeBasketItem', { item: item('A', 2) }],
      ],
      [{ code: 'A', amount: 1 }],
    ],
    [
      'drops a line removed entirely',
      [
        ['addBasketItem', { item: item('A', 1) }],
        ['removeBasketItem', { item: item('A', 5) }],
      ],
      [],
    ],
    [
      'replaces the whole cart',
      [
        ['addBasketItem', { item: item('A') }],
        ['updateBasketContent', { items: [item('B', 2), item('C')] }],
      ],
      [
        { code: 'B', amount: 2 },
        { code: 'C', amount: 1 },
      ],
    ],
  ])('%s', async (_what, calls, expected) => {
    const s = setup()
    const t = tracker(s)
    for (const [action, fields] of calls) expect(await t.report(action, fields)).toBe(200)
    expect(t.cart()!.items.map(({ code, amount }) => ({ code, amount }))).toEqual(expected)
  })

  it('pairs the visitor with a contact, converts the cart, and starts a new one after', async () => {
    const s = setup()
    const t = tracker(s)
    const contact = s.state.data.contacts[0]!
    await t.report('addBasketItem', { item: item('A') })
    await t.report('identifyVisitor', { email: contact.email })
    expect(t.cart()).toMatchObject({ email: contact.email, contactId: contact.contactId })
    await t.report('sessionCompleted', { orderId: 'OBJ-1' })
    expect(t.cart()).toMatchObject({ status: 'converted', orderId: 'OBJ-1' })
    await t.report('addBasketItem', { item: item('B') })
    expect(t.cart()).toMatchObject({
      status: 'open',
      email: contact.email,
      items: [expect.objectContaining({ code: 'B' })],
    })
  })

  it.each([
    [59, 'open'],
    [61, 'abandoned'],
  ])('shows a cart idle %i minutes as %s through the admin API', async (minutes, state) => {
    const s = setup()
    const t = tracker(s)
    await t.report('addBasketItem', { item: item('A') })
    // the cart last changed `minutes` before the emulator's clock
    t.cart()!.updated = new Date(NOW.getTime() - minutes * 60_000).toISOString().slice(0, 19)
    const response = await s.e.app.request(`/__kopru/carts?state=${state}`, {
      headers: { host: 'localhost' },
    })
    const carts = (await response.json()) as { visitorId: string }[]
    expect(carts.map((c) => c.visitorId)).toContain('visitor-0001')
  })

  it('records a custom event with its data', async () => {
    const s = setup()
    const t = tracker(s)
    expect(await t.report('pushEvent', { eventName: 'wishlist', customData: { code: 'A' } })).toBe(
      200,
    )
    expect(s.state.data.trackerEvents.at(-1)).toMatchObject({
      name: 'wishlist',
      data: { code: 'A' },
    })
  })

  it.each([
    ['an unknown currency', 'addBasketItem', { item: { ...item('A'), currency: 8 } }],
    ['a negative amount', 'addBasketItem', { item: item('A', -1) }],
    ['an invalid address', 'identifyVisitor', { email: 'nikdo' }],
    ['an unknown action', 'dropTable', {}],
  ])('refuses %s with 400', async (_what, action, fields) => {
    const s = setup()
    expect(await tracker(s).report(action, fields)).toBe(400)
  })

  it('refuses another instance than the account’s', async () => {
    const s = setup()
    s.set({ trackerInstance: 'jiny-obchod' })
    expect(await tracker(s).report('addBasketItem', { item: item('A') })).toBe(400)
  })
})
