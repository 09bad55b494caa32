/**
 * Orders' rules, as tables of cases: PriceTotal per line and per order, the account's order
 * types, lines required, the last line kept, and what PATCH changes.
 */
import { describe, expect, it } from 'vitest'
import { loyaltiiError, setup } from './setup.ts'

const line = (Quantity: number, Price: number) => ({ Name: 'Vare', Quantity, Price })

describe('PriceTotal is Quantity × Price per line, and their sum per order', () => {
  it.each([
    [[line(1, 499)], [499], 499],
    [[line(3, 19.95)], [59.85], 59.85],
    [[line(2, 299.25), line(1, 0.1)], [598.5, 0.1], 598.6],
    [[line(1.5, 2.99), line(0.1, 0.2)], [4.485, 0.02], 4.505],
    [[line(-1, 129)], [-129], -129],
  ])('lines %j → %j, order %d', async (lines, totals, total) => {
    const s = setup()
    const order = await s.client.orders.create({ Type: 'Webshop', OrderLines: lines })
    expect(order.OrderLines!.map((l) => l.PriceTotal)).toEqual(totals)
    expect(order.PriceTotal).toBe(total)
  })

  it('follows a line added, changed or deleted', async () => {
    const s = setup()
    const order = await s.client.orders.create({
      Type: 'Butik',
      OrderLines: [line(1, 100), line(2, 50)],
    })
    const added = await s.client.orders.lines.create({ id: order.Id, ...line(1, 25) })
    expect((await s.client.orders.get({ id: order.Id }))!.PriceTotal).toBe(225)
    await s.client.orders.lines.update({ id: order.Id, lid: added.Id, Quantity: 4 })
    expect((await s.client.orders.get({ id: order.Id }))!.PriceTotal).toBe(300)
    await s.client.orders.lines.delete({ id: order.Id, lid: order.OrderLines![0]!.Id })
    expect((await s.client.orders.get({ id: order.Id }))!.PriceTotal).toBe(200)
  })
})

describe('order types are the account’s', () => {
  it.each([
    ['Webshop', 'Webshop'],
    ['webshop', 'Webshop'],
    ['ClickCollect', 'ClickCollect'],
  ])('%s is taken as %s', async (type, stored) => {
    const s = setup()
    expect((await s.client.orders.create({ Type: type, OrderLines: [line(1, 1)] })).Type).toBe(
      stored,
    )
  })

  it.each(['Telefon', 'Web shop', 'Webshop2'])(
    '%s is refused: Invalid order type!',
    async (type) => {
      const s = setup()
      const error = await loyaltiiError(
        s.client.orders.create({ Type: type, OrderLines: [line(1, 1)] }),
      )
      expect([error.httpStatus, error.Message]).toEqual([400, 'Invalid order type!'])
    },
  )

  it('leaves out a type the account does not have (panel switch), and refuses its orders', async () => {
    const s = setup()
    s.setSwitches({ withoutOrderTypes: ['Abonnement'] })
    expect(await s.client.orders.listTypes()).toEqual(['Webshop', 'Butik', 'ClickCollect'])
    const error = await loyaltiiError(
      s.client.orders.create({ Type: 'Abonnement', OrderLines: [line(1, 1)] }),
    )
    expect(error.vendorCode).toBe('invalidOrderType')
    await loyaltiiError(s.client.orders.update({ id: 1, Type: 'Abonnement' }))
  })
})

describe('an order needs lines, each with Quantity and Price', () => {
  it.each([
    ['no OrderLines', {}],
    ['OrderLines null', { OrderLines: null }],
    ['no lines', { OrderLines: [] }],
    ['a line without Quantity', { OrderLines: [line(1, 1), { Price: 10 }] }],
    ['a line without Price', { OrderLines: [{ Quantity: 2 }] }],
    ['a line with Price null', { OrderLines: [{ Quantity: 2, Price: null }] }],
  ])('%s: 400 Invalid orderlines!, nothing stored', async (_, body) => {
    const s = setup()
    const before = s.state.orders.size
    const answer = await s.raw('POST', '/api/v1/Orders', { body: { Type: 'Webshop', ...body } })
    expect(answer).toMatchObject({ status: 400, body: { Message: 'Invalid orderlines!' } })
    expect(s.state.orders.size).toBe(before)
  })

  it.each([
    ['without Quantity', { Price: 10 }],
    ['without Price', { Quantity: 1 }],
  ])('a line added %s: 400 Invalid order line!', async (_, body) => {
    const s = setup()
    const answer = await s.raw('POST', '/api/v1/Orders/1/Lines', { body })
    expect(answer).toMatchObject({ status: 400, body: { Message: 'Invalid order line!' } })
  })
})

describe('deleting', () => {
  it('refuses the last line with 400 Invalid operation on order!, keeping it', async () => {
    const s = setup()
    const order = await s.client.orders.create({
      Type: 'Webshop',
      OrderLines: [line(1, 10), line(1, 20)],
    })
    const [first, second] = order.OrderLines!
    await s.client.orders.lines.delete({ id: order.Id, lid: first!.Id })
    const answer = await s.raw('DELETE', `/api/v1/Orders/${order.Id}/Lines/${second!.Id}`)
    expect(answer).toMatchObject({ status: 400, body: { Message: 'Invalid operation on order!' } })
    expect((await s.client.orders.get({ id: order.Id }))!.OrderLines).toHaveLength(1)
  })

  it('answers the deleted order, and a bare 404 for it afterwards', async () => {
    const s = setup()
    const before = (await s.client.orders.get({ id: 7 }))!
    expect(await s.client.orders.delete({ id: 7 })).toEqual(before)
    expect(await s.raw('GET', '/api/v1/Orders/7')).toMatchObject({ status: 404, body: undefined })
    expect(await s.client.orders.listByExtOrderId({ extOrderId: before.ExtOrderId! })).toEqual([])
  })
})

describe('PATCH changes only what it names', () => {
  it.each([
    [{ City: 'Odense C' }, { City: 'Odense C' }],
    [{ Company: null }, { Company: null }],
    [{ ExtOrderId: 'NY-1' }, { ExtOrderId: 'NY-1' }],
    [
      { DeliveryCompany: 'Bring', PaymentMethod: 'Faktura' },
      { DeliveryCompany: 'Bring', PaymentMethod: 'Faktura' },
    ],
  ])('%j', async (change, expected) => {
    const s = setup()
    const before = (await s.client.orders.get({ id: 2 }))!
    const after = await s.client.orders.update({ id: 2, ...change })
    const { LastModified: _a, ...rest } = after
    const { LastModified: _b, ...was } = before
    expect(rest).toEqual({ ...was, ...expected })
    expect(after.LastModified > before.LastModified).toBe(true)
  })

  it('moves an order to another contact and external id in the look-ups', async () => {
    const s = setup()
    const order = await s.client.orders.create({
      Type: 'Webshop',
      ContactId: 1,
      ExtOrderId: 'A',
      OrderLines: [line(1, 1)],
    })
    await s.client.orders.update({ id: order.Id, ContactId: 2, ExtOrderId: 'B' })
    expect((await s.client.orders.listByContact({ contactId: 1 })).map((o) => o.Id)).not.toContain(
      order.Id,
    )
    expect((await s.client.orders.listByContact({ contactId: 2 })).map((o) => o.Id)).toContain(
      order.Id,
    )
    expect(await s.client.orders.listByExtOrderId({ extOrderId: 'A' })).toEqual([])
    expect(
      (await s.client.orders.listByExtOrderId({ extOrderId: 'B' }))[0]!.ContactRegistrationSource,
    ).toBe(s.state.contacts.get(2)!.RegistrationSource)
  })

  it.each([
    ['PaymentMethod', 'Kontant'],
    ['DeliveryCompany', 12],
  ])('checks the dynamic order field %s (%j refused)', async (field, value) => {
    const s = setup()
    const error = await loyaltiiError(s.client.orders.update({ id: 1, [field]: value }))
    expect(error.Message).toBe(`Invalid value for field '${field}'!`)
  })
})

describe('reading a contact’s orders', () => {
  it.each([
    [{}, true],
    [{ withOrderLines: true }, true],
    [{ withOrderLines: false }, false],
  ])('%j → lines %s', async (query, lines) => {
    const s = setup()
    const contactId = s.state.orders.get(1)!.ContactId!
    const orders = await s.client.orders.listByContact({ contactId, ...query })
    expect(orders.every((o) => Array.isArray(o.OrderLines) === lines)).toBe(true)
  })

  it('filters by order type, and is empty for an unknown contact', async () => {
    const s = setup()
    const contactId = s.state.orders.get(1)!.ContactId!
    const all = await s.client.orders.listByContact({ contactId })
    const webshop = await s.client.orders.listByContact({ contactId, orderType: 'webshop' })
    expect(webshop).toEqual(all.filter((o) => o.Type === 'Webshop'))
    expect(await s.client.orders.listByContact({ contactId: 99999 })).toEqual([])
  })
})
