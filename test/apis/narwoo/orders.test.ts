/**
 * The order life cycle through the client against the emulator: confirm, cancel, manual and
 * integration cargo, their cancellations and the cargo detail, each refusal as a case.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import type { Cargo, StoredOrder } from '../../../src/apis/narwoo/emulator/store.ts'
import { NOW, arrange, client, emulator, narwooError, type NarwooEmulator } from './support.ts'

type Narwoo = ReturnType<typeof client>
type Op =
  | 'confirm'
  | 'cancel'
  | 'createManual'
  | 'cancelManual'
  | 'createIntegration'
  | 'cancelIntegration'
  | 'detail'

const manual: Cargo = {
  integration: false,
  company: 'Aras Kargo',
  number: '4455667788',
  createdAt: '2026-11-22 10:00:00',
}
// NOW is 12:00 in Türkiye: one hour old, not picked up yet; a day old, on its way
const freshUps: Cargo = {
  integration: true,
  company: 'UPS',
  number: '1Z964AX56800009991',
  labelKey: 'A1B2',
  createdAt: '2026-11-23 11:00:00',
}
const travellingUps: Cargo = {
  ...freshUps,
  number: '1Z964AX56800009992',
  createdAt: '2026-11-22 12:00:00',
}

function call(n: Narwoo, op: Op, order: StoredOrder, input: Record<string, string> = {}) {
  const order_number = order.orderNumber
  switch (op) {
    case 'confirm':
      return n.orders.confirm({ order_number, ...input })
    case 'cancel':
      return n.orders.cancel({ order_number, cancel_reason: 'Stokta kalmadı', ...input })
    case 'createManual':
      return n.cargo.createManual({
        order_number,
        cargoCompanyName: 'Yurtiçi Kargo',
        cargo_number: '102030405060',
        ...input,
      })
    case 'cancelManual':
      return n.cargo.cancelManual({ order_number, ...input })
    case 'createIntegration':
      return n.cargo.createIntegration({ order_number, ...input })
    case 'cancelIntegration':
      return n.cargo.cancelIntegration({ order_number, ...input })
    case 'detail':
      return n.cargo.getIntegration({
        order_number,
        cargo_number: order.cargo?.number ?? '4455667788',
        ...input,
      })
  }
}

interface Case {
  op: Op
  state?: Partial<StoredOrder>
  input?: Record<string, string>
  /** a line's product deleted since the order */
  deletedLine?: boolean
}

const unknown = { order_number: '999999999999' }
const refusals: [string, number, Case][] = [
  ['confirm without an order number', 8, { op: 'confirm', input: { order_number: '' } }],
  ['confirm of an unknown order', 9, { op: 'confirm', input: unknown }],
  ['confirm of a cancelled order', 10, { op: 'confirm', state: { canceled: true } }],
  [
    'confirm of a cancelled unpaid order',
    10,
    { op: 'confirm', state: { canceled: true, paymentStatus: 0 } },
  ],
  ['confirm of an unpaid order', 11, { op: 'confirm', state: { paymentStatus: 0 } }],
  ['confirm after a failed payment', 11, { op: 'confirm', state: { paymentStatus: 1 } }],
  ['a second confirm', 4, { op: 'confirm', state: { confirmed: true } }],
  ['confirm with a return open', 17, { op: 'confirm', state: { hasReturn: true } }],
  ['confirm when a line cannot be confirmed', 5, { op: 'confirm', deletedLine: true }],
  ['cancel without an order number', 8, { op: 'cancel', input: { order_number: '' } }],
  ['cancel without a reason', 42, { op: 'cancel', input: { cancel_reason: '  ' } }],
  ['cancel of an unknown order', 9, { op: 'cancel', input: unknown }],
  ['a second cancel', 10, { op: 'cancel', state: { canceled: true } }],
  ['cancel with a return open', 17, { op: 'cancel', state: { hasReturn: true } }],
  ['cancel once a cargo number is on the order', 16, { op: 'cancel', state: { cargo: manual } }],
  ['manual cargo without an order number', 8, { op: 'createManual', input: { order_number: '' } }],
  ['manual cargo without a company', 12, { op: 'createManual', input: { cargoCompanyName: '' } }],
  ['manual cargo without a number', 13, { op: 'createManual', input: { cargo_number: '' } }],
  [
    'manual cargo with an unknown company',
    12,
    { op: 'createManual', input: { cargoCompanyName: 'Kargocu' } },
  ],
  [
    'manual cargo with a 5-character number',
    14,
    { op: 'createManual', input: { cargo_number: '12345' } },
  ],
  ['manual cargo on an unknown order', 9, { op: 'createManual', input: unknown }],
  ['manual cargo on a cancelled order', 10, { op: 'createManual', state: { canceled: true } }],
  ['manual cargo on an unpaid order', 11, { op: 'createManual', state: { paymentStatus: 0 } }],
  [
    'manual cargo while UPS integration is used',
    18,
    { op: 'createManual', state: { cargo: freshUps } },
  ],
  ['a second manual cargo', 16, { op: 'createManual', state: { cargo: manual } }],
  ['manual cancel without an order number', 8, { op: 'cancelManual', input: { order_number: '' } }],
  ['manual cancel of an unknown order', 9, { op: 'cancelManual', input: unknown }],
  ['manual cancel of integration cargo', 18, { op: 'cancelManual', state: { cargo: freshUps } }],
  ['manual cancel without cargo', 15, { op: 'cancelManual' }],
  [
    'UPS cargo without an order number',
    8,
    { op: 'createIntegration', input: { order_number: '' } },
  ],
  ['UPS cargo on an unknown order', 9, { op: 'createIntegration', input: unknown }],
  ['UPS cargo on a cancelled order', 10, { op: 'createIntegration', state: { canceled: true } }],
  ['UPS cargo on an unpaid order', 11, { op: 'createIntegration', state: { paymentStatus: 0 } }],
  ['UPS cargo over a manual number', 16, { op: 'createIntegration', state: { cargo: manual } }],
  ['a second UPS cargo', 18, { op: 'createIntegration', state: { cargo: freshUps } }],
  [
    'UPS cancel without an order number',
    8,
    { op: 'cancelIntegration', input: { order_number: '' } },
  ],
  ['UPS cancel of an unknown order', 9, { op: 'cancelIntegration', input: unknown }],
  ['UPS cancel without cargo', 15, { op: 'cancelIntegration' }],
  ['UPS cancel of a manual number', 15, { op: 'cancelIntegration', state: { cargo: manual } }],
  [
    'UPS cancel once the parcel is picked up',
    1,
    { op: 'cancelIntegration', state: { cargo: travellingUps } },
  ],
  ['cargo detail without an order number', 8, { op: 'detail', input: { order_number: '' } }],
  ['cargo detail without a cargo number', 13, { op: 'detail', input: { cargo_number: '' } }],
  ['cargo detail of an unknown order', 9, { op: 'detail', input: unknown }],
  ['cargo detail without cargo', 15, { op: 'detail' }],
  [
    'cargo detail with another number',
    15,
    { op: 'detail', state: { cargo: manual }, input: { cargo_number: '1111111111' } },
  ],
]

describe('order life cycle refusals', () => {
  let e: NarwooEmulator
  let n: Narwoo
  beforeAll(() => {
    e = emulator()
    n = client(e)
  })

  it.each(refusals)('%s answers errCode %i', async (_, errCode, c) => {
    const order = arrange(e, c.state)
    if (c.deletedLine) e.state.product(order.lines[0]!.productId)!.deleted = true
    const before = JSON.stringify(order)
    const error = await narwooError(call(n, c.op, order, c.input))
    expect(error.errCode).toBe(errCode)
    expect(error.body).toMatchObject({ o: { errCode }, error: 0 })
    expect(error.httpStatus).toBe(200)
    expect(JSON.stringify(order)).toBe(before)
  })
})

describe('order life cycle effects', () => {
  let now = NOW
  let e: NarwooEmulator
  let n: Narwoo
  beforeAll(() => {
    e = emulator({ clock: () => now })
    n = client(e)
  })

  it('confirms a paid open order once', async () => {
    const order = arrange(e)
    expect(await n.orders.confirm({ order_number: order.orderNumber })).toEqual({
      errCode: 0,
      message: 'İşlem Başarılı',
    })
    expect(order.confirmed).toBe(true)
    expect((await narwooError(n.orders.confirm({ order_number: order.orderNumber }))).errCode).toBe(
      4,
    )
  })

  it('cancels with a reason: the detail shows it cancelled and it can no longer be confirmed', async () => {
    const order = arrange(e)
    await n.orders.cancel({ order_number: order.orderNumber, cancel_reason: 'Alıcı vazgeçti' })
    const detail = await n.orders.get({ order_number: order.orderNumber })
    expect(detail.order_canceled).toBe('1')
    expect(order.cancelReason).toBe('Alıcı vazgeçti')
    expect((await narwooError(n.orders.confirm({ order_number: order.orderNumber }))).errCode).toBe(
      10,
    )
  })

  it('records a manual cargo number, shows it as manual, and removes it on cancel', async () => {
    const order = arrange(e, { confirmed: true })
    const ref = { order_number: order.orderNumber }
    await n.cargo.createManual({
      ...ref,
      cargoCompanyName: 'aras kargo',
      cargo_number: ' 7766554433 ',
    })
    const { cargo_details } = await n.cargo.getIntegration({ ...ref, cargo_number: '7766554433' })
    expect(cargo_details).toEqual({
      cargo_status: 'Kargo Bilgisi Girildi',
      cargo_number: '7766554433',
      cargo_company_name: 'Aras Kargo',
      cargo_link: 'https://kargotakip.araskargo.com.tr/mainpage.aspx?code=7766554433',
      cargo_integration: '0',
    })
    await n.cargo.cancelManual(ref)
    expect((await narwooError(n.cargo.cancelManual(ref))).errCode).toBe(15)
    expect(order.cargo).toBeNull()
  })

  it('books UPS: a cargo key, a label the emulator serves, a status that follows the clock', async () => {
    const order = arrange(e, { confirmed: true })
    const ref = { order_number: order.orderNumber }
    const booked = await n.cargo.createIntegration(ref)
    expect(booked.cargoKey).toMatch(/^1Z964AX568\d{8}$/)
    const label = await e.fetch(booked.cargoLabelLink)
    expect(label.status).toBe(200)
    expect(await label.text()).toContain(booked.cargoKey)
    const detail = async () =>
      (await n.cargo.getIntegration({ ...ref, cargo_number: booked.cargoKey })).cargo_details
    expect(await detail()).toMatchObject({
      cargo_status: 'Kargo İşlem Görmemiş',
      cargo_company_name: 'UPS',
      cargo_link: `//www.ups.com.tr/WaybillSorgu.aspx?Waybill=${booked.cargoKey}`,
      cargo_integration: '1',
    })
    now = new Date(NOW.getTime() + 30 * 3_600_000)
    expect((await detail()).cargo_status).toBe('Transfer Merkezinde')
    now = NOW
  })

  it('cancels a UPS booking before pickup: the label is gone and a new booking gets a new key', async () => {
    const order = arrange(e, { confirmed: true })
    const ref = { order_number: order.orderNumber }
    const first = await n.cargo.createIntegration(ref)
    await n.cargo.cancelIntegration(ref)
    expect((await e.fetch(first.cargoLabelLink)).status).toBe(404)
    const second = await n.cargo.createIntegration(ref)
    expect(second.cargoKey).not.toBe(first.cargoKey)
    expect((await e.fetch(second.cargoLabelLink)).status).toBe(200)
  })

  it('refuses a label whose key does not match the shipment', async () => {
    const order = arrange(e, { confirmed: true })
    const booked = await n.cargo.createIntegration({ order_number: order.orderNumber })
    const forged = booked.cargoLabelLink.replace(/LabelKey=[^&]+/, 'LabelKey=0000')
    expect((await e.fetch(forged)).status).toBe(404)
  })
})
