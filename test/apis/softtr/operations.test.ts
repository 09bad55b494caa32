/**
 * Every Softtr operation through the real client against the emulator: the documented answers,
 * each documented error, the stored effects, chaos, sockets and persistence.
 */
import fc from 'fast-check'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { createSofttrClient, softtrBaseUrl } from '../../../src/apis/softtr/client.ts'
import { softtrEmulator } from '../../../src/apis/softtr/emulator/index.ts'
import type { SofttrStore } from '../../../src/apis/softtr/emulator/store.ts'
import {
  InputError,
  NetworkError,
  TimeoutError,
  UnexpectedAnswerError,
  VendorApiError,
} from '../../../src/core/errors.ts'
import type { ClientOptions } from '../../../src/core/client.ts'
import { createEmulator, type Emulator } from '../../../src/emulator/host.ts'
import { serveEmulators } from '../../../src/emulator/serve.ts'
import { fakeClock } from '../../support/clock.ts'

const NOW = new Date('2026-11-23T09:00:00Z')
const sizes = { products: 40, orders: 260, customers: 60 }

function emulator(options: Parameters<typeof createEmulator>[1] = {}): Emulator<SofttrStore> {
  return createEmulator(softtrEmulator, { seed: 7, sizes, clock: () => NOW, ...options })
}

function client(
  e: Emulator<SofttrStore>,
  options: Partial<ClientOptions> & { password?: string } = {},
) {
  return createSofttrClient({
    baseUrl: e.baseUrl(),
    username: 'kopru',
    password: 'kopru-softtr',
    fetch: e.fetch,
    clock: fakeClock(),
    random: () => 0.5,
    validate: 'strict',
    ...options,
  })
}

/** A raw call, for what a typed client refuses to send. */
async function raw(e: Emulator<SofttrStore>, path: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers)
  if (init.body !== undefined && !headers.has('content-type'))
    headers.set('content-type', 'application/json')
  if (!headers.has('authorization'))
    headers.set('authorization', `Basic ${Buffer.from('kopru:kopru-softtr').toString('base64')}`)
  const response = await e.fetch(e.baseUrl() + path, { ...init, headers })
  return { status: response.status, body: (await response.json()) as SofttrBody }
}

interface SofttrBody {
  status: number
  message: { code: number; detail: { requestID: string; message?: string } }
  data?: unknown
}

async function vendorError(promise: Promise<unknown>): Promise<VendorApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(VendorApiError)
  return error as VendorApiError
}

let e: Emulator<SofttrStore>
let softtr: ReturnType<typeof client>
beforeEach(() => {
  e = emulator()
  softtr = client(e)
})

describe('GET /orders', () => {
  it('answers the first page of 100, newest first, with the counts', async () => {
    const page = await softtr.orders.list()
    expect(page).toMatchObject({ orderCount: 260, pageCount: 3, size: 100, page: 1 })
    expect(page.content).toHaveLength(100)
    const stored = e.state.orders.slice(0, 100).map((o) => o.orderno)
    expect(page.content.map((o) => o.orderno)).toEqual(stored)
  })

  it('pages with page and pageSize; a page past the end is empty', async () => {
    const second = await softtr.orders.list({ page: 2, pageSize: 7 })
    expect(second).toMatchObject({ page: 2, size: 7, pageCount: 38 })
    expect(second.content.map((o) => o.orderno)).toEqual(
      e.state.orders.slice(7, 14).map((o) => o.orderno),
    )
    expect((await softtr.orders.list({ page: 99 })).content).toEqual([])
  })

  it('filters by whole days, dates given as Date or ISO text and sent as dd-mm-yyyy', async () => {
    const seen: string[] = []
    const watched = client(e, {
      hooks: { beforeRequest: ({ request }) => void seen.push(request.url.search) },
    })
    const page = await watched.orders.list({
      startDate: new Date('2026-10-01T00:00:00Z'),
      endDate: '2026-10-31',
      pageSize: 100,
    })
    expect(seen[0]).toContain('startDate=01-10-2026&endDate=31-10-2026')
    const expected = e.state.orders.filter(
      (o) => o.placedAt >= '2026-10-01' && o.placedAt < '2026-11-01',
    )
    expect(expected.length).toBeGreaterThan(5)
    expect(page.orderCount).toBe(expected.length)
    expect(page.content.map((o) => o.orderno)).toEqual(expected.map((o) => o.orderno))
  })

  it('finds exactly the orders of any window, on any page (the store halves its sorted list)', () => {
    const day = 86_400_000
    const first = Date.parse(e.state.orders.at(-1)!.placedAt.slice(0, 10))
    const span = Math.ceil((Date.parse(e.state.orders[0]!.placedAt) - first) / day)
    const anyDay = fc.integer({ min: -5, max: span + 5 }).map((n) => new Date(first + n * day))
    fc.assert(
      fc.property(
        anyDay,
        fc.option(anyDay, { nil: undefined }),
        fc.integer({ min: 1, max: 4 }),
        (startDate, endDate, page) => {
          const from = startDate.toISOString()
          const until = endDate && new Date(endDate.getTime() + day).toISOString()
          const expected = e.state.orders.filter(
            (o) => o.placedAt >= from && (!until || o.placedAt < until),
          )
          const found = e.state.listOrders({ page, pageSize: 7, startDate, endDate })
          expect(found.count).toBe(expected.length)
          const shown = JSON.parse(JSON.stringify(found.content)) as { orderno: string }[]
          expect(shown.map((o) => o.orderno)).toEqual(
            expected.slice((page - 1) * 7, page * 7).map((o) => o.orderno),
          )
        },
      ),
      { numRuns: 200, seed: 11 },
    )
  })

  it('takes startDate alone (from that day on) but refuses endDate without it', async () => {
    const since = await softtr.orders.list({ startDate: '2026-11-01' })
    expect(since.orderCount).toBe(e.state.orders.filter((o) => o.placedAt >= '2026-11-01').length)

    await expect(softtr.orders.list({ endDate: '2026-11-01' })).rejects.toBeInstanceOf(InputError)
    const answer = await raw(e, '/orders?endDate=01-11-2026')
    expect(answer.status).toBe(400)
    expect(answer.body.message.detail.message).toBe('startDate Boş ya da Geçersiz')
  })

  it.each([
    ['pageSize=101', 'pageSize'],
    ['pageSize=0', 'pageSize'],
    ['page=abc', 'page'],
    ['startDate=2026-11-01', 'startDate'],
    ['startDate=31-02-2026', 'startDate'],
    ['startDate=10-11-2026&endDate=01-11-2026', 'endDate'],
  ])('answers 400 naming the parameter for %s', async (query, field) => {
    const answer = await raw(e, `/orders?${query}`)
    expect(answer.status).toBe(400)
    expect(answer.body).toMatchObject({
      status: 400,
      message: { code: 400, detail: { message: `${field} Boş ya da Geçersiz` } },
    })
  })

  it('orders.iterate walks every page and yields each order once', async () => {
    const all = await softtr.orders.iterate({ pageSize: 50 }).toArray()
    expect(all.map((o) => o.orderno)).toEqual(e.state.orders.map((o) => o.orderno))
    const sources = new Set(all.map((o) => o.orderSource))
    expect([...sources].sort()).toEqual([
      'CICEKSEPETI',
      'HEPSIBURADA',
      'N11',
      'TRENDYOL',
      'WEBSITE',
    ])
  })
})

describe('GET /order/{ORDERNO}', () => {
  it('answers the full detail of an order', async () => {
    const stored = e.state.orders[3]!
    const { content } = await softtr.orders.get({ orderno: stored.orderno })
    expect(content.orderno).toBe(stored.orderno)
    expect(content.items.length).toBeGreaterThan(0)
    expect(content).toHaveProperty('shipmentDetails.shipmentGsm')
    expect(content).toHaveProperty('invoiceDetails.invoiceMail')
    for (const key of [
      'cargoCharge',
      'taxAmount',
      'discount_coupon',
      'partner_code',
      'paymentType',
    ])
      expect(content).toHaveProperty(key)
    const itemsTotal = content.items.reduce((s, i) => s + i.itemUnitPrice * i.itemQuantity, 0)
    // a coupon takes a discount off the items; without one the total is items plus cargo
    if (content.discount_coupon)
      expect(content.orderAmount).toBeLessThan(itemsTotal + content.cargoCharge)
    else expect(content.orderAmount).toBeCloseTo(itemsTotal + content.cargoCharge, 2)
  })

  it('answers 404 in the envelope for an unknown order', async () => {
    const error = await vendorError(softtr.orders.get({ orderno: 'NO-SUCH-ORDER' }))
    expect(error).toMatchObject({
      httpStatus: 404,
      vendorCode: '404',
      vendorMessage: 'Geçersiz veya bulunamayan kaynak',
      operationId: 'orders.get',
      retryable: false,
    })
    expect(error.requestId).toMatch(/^[0-9a-f]{32}$/)
  })
})

describe('POST /orders/updateOrderStatus', () => {
  it('stores each new status and answers the bare envelope', async () => {
    const [a, b] = e.state.orders
    const answer = await softtr.orders.updateStatus({
      body: [
        { orderno: a!.orderno, status: 'SHIPPED' },
        { orderno: b!.orderno, status: 'CANCEL' },
      ],
    })
    expect(answer).toMatchObject({ status: 200, message: { code: 200 } })
    expect(e.state.order(a!.orderno)!.status).toBe('SHIPPED')
    expect(e.state.order(b!.orderno)!.status).toBe('CANCEL')
  })

  it('refuses 101 items with Data sınırı aşıldı (the client refuses before sending)', async () => {
    const items = e.state.orders
      .slice(0, 101)
      .map((o) => ({ orderno: o.orderno, status: 'PREPARING' as const }))
    await expect(softtr.orders.updateStatus({ body: items })).rejects.toBeInstanceOf(InputError)
    const unchecked = client(e, { validateInput: false })
    const error = await vendorError(unchecked.orders.updateStatus({ body: items }))
    expect(error).toMatchObject({ httpStatus: 400, vendorMessage: 'Data sınırı aşıldı' })
    expect(e.state.orders.filter((o) => o.status === 'PREPARING').length).toBe(
      emulator().state.orders.filter((o) => o.status === 'PREPARING').length,
    )
  })

  it.each([
    [[{ orderno: 'X', status: 'LOST' }], 'status'],
    [[{ status: 'SHIPPED' }], 'orderno'],
    [[{ orderno: '  ', status: 'SHIPPED' }], 'orderno'],
    [[{ orderno: 12, status: 'SHIPPED' }], 'orderno'],
    [{ orderno: 'X', status: 'SHIPPED' }, 'parametre'],
  ])('answers 400 naming the field for %j', async (body, field) => {
    const answer = await raw(e, '/orders/updateOrderStatus', {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    })
    expect(answer.status).toBe(400)
    expect(answer.body.message.detail.message).toBe(
      field === 'parametre' ? 'Geçersiz istek' : `${field} Boş ya da Geçersiz`,
    )
  })

  it('answers 400 Geçersiz istek to malformed JSON and to an empty list', async () => {
    for (const body of ['{"orderno":', '', 'not json']) {
      const answer = await raw(e, '/orders/updateOrderStatus', {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json' },
      })
      expect(answer.status).toBe(400)
      expect(answer.body.message.detail.message).toBe('Geçersiz istek')
    }
    const empty = await raw(e, '/orders/updateOrderStatus', { method: 'POST', body: '[]' })
    expect(empty.status).toBe(400)
  })

  it('refuses the whole batch when one order number is unknown and names it', async () => {
    const known = e.state.orders[0]!
    const before = known.status
    const error = await vendorError(
      softtr.orders.updateStatus({
        body: [
          { orderno: known.orderno, status: before === 'CANCEL' ? 'SHIPPED' : 'CANCEL' },
          { orderno: 'GHOST-1', status: 'CANCEL' },
        ],
      }),
    )
    expect(error).toMatchObject({ httpStatus: 400, vendorMessage: 'orderno Boş ya da Geçersiz' })
    expect(error.body).toMatchObject({ message: { detail: { unknown: ['GHOST-1'] } } })
    expect(e.state.order(known.orderno)!.status).toBe(before)
  })

  it('updateStatusAll splits at 100, sends each chunk once and reports per item', async () => {
    const items = e.state.orders
      .slice(0, 230)
      .map((o) => ({ orderno: o.orderno, status: 'DELIVERED' as const }))
    items[150] = { orderno: 'GHOST-2', status: 'DELIVERED' }
    const results = await softtr.orders.updateStatusAll(items)
    expect(e.log.count('orders.updateStatus')).toBe(3)
    expect(results).toHaveLength(230)
    // the second chunk (100…199) held the unknown number: all of it refused, the rest applied
    expect(results.filter((r) => !r.ok).map((r) => r.index)).toEqual(
      Array.from({ length: 100 }, (_, i) => 100 + i),
    )
    expect(e.state.order(items[0]!.orderno)!.status).toBe('DELIVERED')
    expect(e.state.order(items[229]!.orderno)!.status).toBe('DELIVERED')
  })
})

describe('GET /products/list', () => {
  it('answers products with variants and barcodes, paged like orders', async () => {
    const page = await softtr.products.list({ pageSize: 15 })
    expect(page).toMatchObject({ productCount: 40, pageCount: 3, size: 15, page: 1 })
    const withVariants = page.content.filter((p) => p.variants.length > 0)
    expect(withVariants.length).toBeGreaterThan(0)
    for (const product of withVariants) {
      expect(product.barcode).toBe('')
      expect(product.stockAmount).toBe(product.variants.reduce((s, v) => s + v.stockAmount, 0))
    }
    const all = await softtr.products.iterate({ pageSize: 15 }).toArray()
    expect(all.map((p) => p.code)).toEqual(e.state.products.map((p) => p.code))
  })

  it('reads size as pageSize when pageSize is absent; pageSize wins', async () => {
    expect((await softtr.products.list({ size: 4 })).content).toHaveLength(4)
    expect((await softtr.products.list({ size: 4, pageSize: 6 })).content).toHaveLength(6)
  })
})

describe('POST /products/updateStokAndPrice', () => {
  it('sets stock and prices by product or variant barcode, visible in products/list', async () => {
    const plain = e.state.products.find((p) => p.variants.length === 0)!
    const varied = e.state.products.find((p) => p.variants.length > 1)!
    const [v1, v2] = varied.variants
    await softtr.products.updateStockAndPrice({
      body: [
        { barcode: plain.barcode, mainProductPrice: 123.45, variantPrice: 0, stockAmount: 9 },
        { barcode: v1!.barcode, mainProductPrice: 500, variantPrice: 520, stockAmount: 3 },
      ],
    })
    const listed = await softtr.products.iterate().toArray()
    const p = listed.find((x) => x.code === plain.code)!
    expect(p).toMatchObject({ mainProductPrice: 123.45, stockAmount: 9 })
    const v = listed.find((x) => x.code === varied.code)!
    expect(v.mainProductPrice).toBe(500)
    expect(v.variants[0]).toMatchObject({ barcode: v1!.barcode, variantPrice: 520, stockAmount: 3 })
    expect(v.stockAmount).toBe(3 + v2!.stockAmount + sum(v.variants.slice(2)))
  })

  it('refuses the whole batch when a barcode is unknown and names it', async () => {
    const plain = e.state.products.find((p) => p.variants.length === 0)!
    const before = plain.stockAmount
    const error = await vendorError(
      softtr.products.updateStockAndPrice({
        body: [
          { barcode: plain.barcode, mainProductPrice: 1, variantPrice: 0, stockAmount: before + 5 },
          { barcode: '0000000000000', mainProductPrice: 1, variantPrice: 0, stockAmount: 1 },
        ],
      }),
    )
    expect(error).toMatchObject({ httpStatus: 400, vendorMessage: 'barcode Boş ya da Geçersiz' })
    expect(e.state.stockUnit(plain.barcode)!.product.stockAmount).toBe(before)
  })

  it.each([
    [{ mainProductPrice: 1, variantPrice: 0, stockAmount: 1 }, 'barcode'],
    [{ barcode: 'x', mainProductPrice: -1, variantPrice: 0, stockAmount: 1 }, 'mainProductPrice'],
    [{ barcode: 'x', mainProductPrice: 1, variantPrice: 0, stockAmount: 1.5 }, 'stockAmount'],
    [{ barcode: 'x', mainProductPrice: '1', variantPrice: 0, stockAmount: 1 }, 'mainProductPrice'],
  ])('answers 400 naming the field for %j', async (item, field) => {
    const answer = await raw(e, '/products/updateStokAndPrice', {
      method: 'POST',
      body: JSON.stringify([item]),
    })
    expect(answer.status).toBe(400)
    expect(answer.body.message.detail.message).toBe(`${field} Boş ya da Geçersiz`)
  })

  it('refuses 101 items with Data sınırı aşıldı; the All helper splits them', async () => {
    const units = e.state.products.flatMap((p) =>
      p.variants.length ? p.variants.map((v) => v.barcode) : [p.barcode],
    )
    expect(units.length).toBeGreaterThan(101)
    const items = units
      .slice(0, 101)
      .map((barcode) => ({ barcode, mainProductPrice: 10, variantPrice: 0, stockAmount: 42 }))
    const answer = await raw(e, '/products/updateStokAndPrice', {
      method: 'POST',
      body: JSON.stringify(items),
    })
    expect(answer.body.message.detail.message).toBe('Data sınırı aşıldı')
    const results = await softtr.products.updateStockAndPriceAll(items)
    expect(results.every((r) => r.ok)).toBe(true)
    expect(e.log.count('products.updateStockAndPrice')).toBe(3)
    expect(units.slice(0, 101).every((b) => stockOf(e, b) === 42)).toBe(true)
  })
})

describe('answers every call gets', () => {
  it('401 for missing and wrong credentials, with the document’s message, never retried', async () => {
    const missing = await raw(e, '/orders', { headers: { authorization: '' } })
    expect(missing).toMatchObject({
      status: 401,
      body: {
        status: 401,
        message: { code: 401, detail: { message: 'Kullanıcı bilgileri eksik yada yanlış' } },
      },
    })
    const wrong = await vendorError(client(e, { password: 'nope' } as never).orders.list())
    expect(wrong).toMatchObject({ httpStatus: 401, vendorCode: '401', attempts: 1 })
    expect(wrong.message).toContain('Kullanıcı bilgileri eksik yada yanlış')
    expect(JSON.stringify(wrong.request ?? {})).not.toContain('kopru-softtr')
  })

  it('404 for an unknown path, 405 for a known path with the wrong method', async () => {
    const notFound = await raw(e, '/nowhere')
    expect(notFound.status).toBe(404)
    expect(notFound.body.message.detail.message).toBe('Geçersiz veya bulunamayan kaynak')
    const wrongMethod = await raw(e, '/orders', { method: 'DELETE' })
    expect(wrongMethod.status).toBe(405)
    expect(wrongMethod.body.message.detail.message).toBe('Geçersiz istek')
    const getOnPost = await raw(e, '/orders/updateOrderStatus')
    expect(getOnPost.status).toBe(405)
  })

  it('500 with the document’s message when something unexpected fails', async () => {
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {})
    e.state.order = () => {
      throw new Error('disk on fire')
    }
    const error = await vendorError(
      client(e, { retry: false }).orders.get({ orderno: e.state.orders[0]!.orderno }),
    )
    quiet.mockRestore()
    expect(error).toMatchObject({
      httpStatus: 500,
      vendorMessage: 'Beklenmedik bir sorun oluştu.',
      retryable: true,
    })
  })

  it('reads any envelope but status 200 with code 200 as a failure, whatever the HTTP status', async () => {
    const detail = { requestID: 'a'.repeat(32), message: 'barcode Boş ya da Geçersiz' }
    const cases: [unknown, string][] = [
      [{ status: 200, message: { code: 500, detail } }, '500'],
      [{ status: 400, message: { code: 200, detail } }, '400'],
      [{ status: 'error', message: { code: 400, detail } }, '400'],
      [{ status: '400', message: { code: 400, detail } }, '400'],
      [{ status: 'error', message: { code: '404', detail } }, '404'],
    ]
    const unit = [{ barcode: '1', mainProductPrice: 1, variantPrice: 0, stockAmount: 1 }]
    for (const validate of ['strict', 'warn', 'off'] as const)
      for (const [body, code] of cases) {
        const answering = client(e, {
          retry: false,
          validate,
          logger: { warn: () => {} },
          fetch: async () => Response.json(body),
        })
        const error = await vendorError(answering.products.updateStockAndPrice({ body: unit }))
        expect(error, JSON.stringify(body)).toMatchObject({ httpStatus: 200, vendorCode: code })
        const results = await answering.products.updateStockAndPriceAll(unit)
        expect(results.map((r) => r.ok)).toEqual([false])
      }
  })

  it('tries a failure inside an HTTP 200 again as its code says: a 500 is, a 400 is not', async () => {
    const detail = { requestID: 'a'.repeat(32), message: 'Veritabanı hatası' }
    const unit = [{ barcode: '1', mainProductPrice: 1, variantPrice: 0, stockAmount: 1 }]
    for (const [code, sent] of [
      [500, 3],
      [400, 1],
    ] as const) {
      let calls = 0
      const answering = client(e, {
        retry: { retries: 2, baseDelayMs: 1 },
        fetch: async () => {
          calls++
          return Response.json({ status: 200, message: { code, detail } })
        },
      })
      const error = await vendorError(answering.products.updateStockAndPrice({ body: unit }))
      expect([error.vendorCode, calls]).toEqual([String(code), sent])
    }
  })

  it('takes an envelope that names no failure code and is not the success as not Softtr’s', async () => {
    const detail = { requestID: 'a'.repeat(32) }
    for (const body of [
      { status: 'error', message: { code: 200, detail } },
      { status: '200', message: { code: 200, detail } },
      { status: 200, message: { code: 'E1', detail } },
      { status: 200, message: { detail } },
    ]) {
      const answering = client(e, {
        retry: false,
        validate: 'off',
        fetch: async () => Response.json(body),
      })
      const error = await answering.orders
        .updateStatus({ body: [{ orderno: 'X', status: 'SHIPPED' }] })
        .catch((thrown: unknown) => thrown)
      expect(error, JSON.stringify(body)).toBeInstanceOf(UnexpectedAnswerError)
    }
  })

  it('a fresh requestID on every answer, success or error', async () => {
    const ids = new Set<string>()
    for (const path of ['/orders', '/orders', '/nowhere', '/order/none'])
      ids.add((await raw(e, path)).body.message.detail.requestID)
    expect(ids.size).toBe(4)
  })
})

describe('under chaos', () => {
  it('orders.iterate through 30% 429/503 and 10% drops yields exactly the clean run', async () => {
    const clean = await softtr.orders.iterate({ pageSize: 20 }).toArray()
    const chaotic = emulator({
      chaos: { seed: 3, errors: { '429': 0.15, '503': 0.15 }, drop: 0.1, retryAfterSeconds: 2 },
    })
    const clock = fakeClock()
    const tolerant = client(chaotic, { clock, retry: { retries: 10 } })
    const all = await tolerant.orders.iterate({ pageSize: 20 }).toArray()
    expect(all).toEqual(clean)
    const faults = chaotic.log.list({ limit: 1000 }).filter((r) => r.chaos)
    expect(faults.length).toBeGreaterThan(3)
    // a 429 or 503 names its wait: the client waited exactly that long
    expect(clock.sleeps).toContain(2000)
  })

  it('never repeats a status update after a dropped connection: it may have been applied', async () => {
    const chaotic = emulator({ chaos: { drop: 1, operations: ['orders.updateStatus'] } })
    const error = await client(chaotic)
      .orders.updateStatus({
        body: [{ orderno: chaotic.state.orders[0]!.orderno, status: 'CANCEL' }],
      })
      .catch((x: unknown) => x)
    expect(error).toBeInstanceOf(NetworkError)
    expect((error as NetworkError).notSent).toBe(false)
    expect(chaotic.log.count()).toBe(1)
  })

  it('repeats a status update refused with 429, which the server did not process', async () => {
    const chaotic = emulator({
      chaos: { seed: 5, errors: { '429': 0.5 }, operations: ['orders.updateStatus'] },
    })
    const orderno = chaotic.state.orders[0]!.orderno
    for (let i = 0; i < 6; i++)
      await client(chaotic).orders.updateStatus({ body: [{ orderno, status: 'SHIPPED' }] })
    const statuses = chaotic.log.list().map((r) => r.status)
    expect(statuses).toContain(429)
    expect(statuses.filter((s) => s === 200)).toHaveLength(6)
  })

  it('a slow answer ends in a typed TimeoutError', async () => {
    const slow = emulator({ chaos: { latencyMs: [300, 300] } })
    const error = await client(slow, { timeoutMs: 50, retry: false })
      .orders.list()
      .catch((x: unknown) => x)
    expect(error).toBeInstanceOf(TimeoutError)
    expect((error as TimeoutError).timeoutMs).toBe(50)
  })
})

describe('over a socket', () => {
  it('serves the client on a real port with keep-alive fetch', async () => {
    const served = await serveEmulators([e])
    try {
      const overHttp = createSofttrClient({
        baseUrl: served.served[0]!.baseUrl,
        username: 'kopru',
        password: 'kopru-softtr',
        validate: 'strict',
      })
      const page = await overHttp.orders.list({ pageSize: 3 })
      expect(page.content).toHaveLength(3)
      const orderno = page.content[0]!.orderno
      await overHttp.orders.updateStatus({ body: [{ orderno, status: 'PENDING' }] })
      expect(e.state.order(orderno)!.status).toBe('PENDING')
      const health = await fetch(`${served.served[0]!.adminUrl}/health`)
      expect(health.status).toBe(200)
    } finally {
      await served.close()
    }
  })
})

describe('persistence', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kopru-softtr-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('keeps changes across a restart with a data dir', async () => {
    const first = emulator({ dataDir: dir })
    const orderno = first.state.orders[5]!.orderno
    await client(first).orders.updateStatus({ body: [{ orderno, status: 'RETURNED' }] })
    const second = emulator({ dataDir: dir, seed: 99 })
    expect(second.state.order(orderno)!.status).toBe('RETURNED')
    const detail = await client(second).orders.get({ orderno })
    expect(detail.content.orderno).toBe(orderno)
  })
})

describe('client helpers', () => {
  it('softtrBaseUrl builds the documented URL from a shop domain', () => {
    expect(softtrBaseUrl('magazam.com')).toBe('https://www.magazam.com/api')
    expect(softtrBaseUrl('https://www.magazam.com/api/')).toBe('https://www.magazam.com/api')
  })

  it('refuses a client without credentials or with an unknown option', () => {
    expect(() => createSofttrClient({ baseUrl: 'http://x', username: '', password: 'p' })).toThrow(
      /username and password/,
    )
    expect(() =>
      createSofttrClient({
        baseUrl: 'http://x',
        username: 'u',
        password: 'p',
        timeout: 5,
      } as never),
    ).toThrow(/unknown option timeout/)
  })
})

function sum(variants: readonly { stockAmount: number }[]): number {
  return variants.reduce((s, v) => s + v.stockAmount, 0)
}

function stockOf(e: Emulator<SofttrStore>, barcode: string): number | undefined {
  const unit = e.state.stockUnit(barcode)
  return unit?.variant ? unit.variant.stockAmount : unit?.product.stockAmount
}
