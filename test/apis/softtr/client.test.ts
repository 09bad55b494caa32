/**
 * The Softtr client's paging against the emulator, and against a vendor whose counts contradict
 * its pages: `orderCount` and `productCount` bound every walk.
 */
import { describe, expect, it } from 'vitest'
import { createSofttrClient } from '../../../src/apis/softtr/client.ts'
import { softtrEmulator } from '../../../src/apis/softtr/emulator/index.ts'
import type { SofttrStore } from '../../../src/apis/softtr/emulator/store.ts'
import { UnexpectedAnswerError, isRefusal } from '../../../src/core/errors.ts'
import { createEmulator, type Emulator } from '../../../src/emulator/host.ts'

const NOW = new Date('2026-11-23T09:00:00Z')
const emulator = () =>
  createEmulator(softtrEmulator, {
    seed: 3,
    sizes: { products: 30, orders: 120, customers: 40 },
    clock: () => NOW,
  })

type Page = { data: { orderCount?: number; productCount?: number; pageCount: number } }

/** A client on the emulator, each answer's `data` changed by `alter` (a vendor gone wrong). */
function client(e: Emulator<SofttrStore>, alter?: (page: Page, n: number) => void) {
  const requests: URL[] = []
  const fetch = async (input: string | URL | Request, init?: RequestInit) => {
    const request = new Request(input, init)
    requests.push(new URL(request.url))
    const response = await e.fetch(request)
    if (!alter) return response
    const body = (await response.json()) as Page
    alter(body, requests.length)
    return new Response(JSON.stringify(body), {
      status: response.status,
      headers: { 'content-type': 'application/json' },
    })
  }
  const softtr = createSofttrClient({
    baseUrl: e.baseUrl(),
    username: 'kopru',
    password: 'kopru-softtr',
    fetch: fetch as typeof globalThis.fetch,
    retry: false,
    validate: 'strict',
  })
  return { softtr, requests }
}

describe('paging', () => {
  it('walks the emulator’s orders and products to their counts, asking for no page past them', async () => {
    const e = emulator()
    const { softtr, requests } = client(e)
    const { orderCount } = await softtr.orders.list({ pageSize: 1 })
    expect(orderCount).toBeGreaterThan(40)
    requests.length = 0
    const orders = await softtr.orders.iterate({ pageSize: 20 }).toArray()
    expect(orders).toHaveLength(orderCount)
    expect(requests).toHaveLength(Math.ceil(orderCount / 20))
    const products = await softtr.products.iterate({ pageSize: 7 }).toArray()
    expect(products).toHaveLength(30)
  })

  it('does not end short of orderCount when pageCount says the page is the last', async () => {
    const { softtr } = client(emulator(), (page) => (page.data.pageCount = 1))
    const error = await softtr.orders
      .iterate({ pageSize: 20 })
      .toArray()
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(UnexpectedAnswerError)
    expect(isRefusal(error)).toBe(false)
    expect((error as Error).message).toMatch(
      /answered HTTP 200 .*page 1 is the last by pageCount 1, but orderCount \d+ counts \d+ more/,
    )
  })

  it('does not end short of productCount', async () => {
    const { softtr } = client(emulator(), (page) => {
      page.data.productCount! += 5
    })
    const error = await softtr.products
      .iterate()
      .toArray()
      .catch((e: unknown) => e)
    expect((error as Error).message).toMatch(/page 1 holds 30 items where 35 were due/)
  })
})
