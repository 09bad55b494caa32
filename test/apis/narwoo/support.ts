/** Shared set-up for the Narwoo tests: a small emulator, the client on its fetch, raw calls. */
import { expect } from 'vitest'
import { z } from 'zod'
import { createNarwooClient, type NarwooClientOptions } from '../../../src/apis/narwoo/client.ts'
import { narwooEmulator } from '../../../src/apis/narwoo/emulator/index.ts'
import type { NarwooStore, StoredOrder } from '../../../src/apis/narwoo/emulator/store.ts'
import type { NarwooSwitches } from '../../../src/apis/narwoo/emulator/switches.ts'
import { NarwooError } from '../../../src/apis/narwoo/errors.ts'
import { toProductList, type ProductDraft } from '../../../src/apis/narwoo/parse.ts'
import { newProductList } from '../../../src/apis/narwoo/schemas.ts'
import { createEmulator, type Emulator, type EmulatorOptions } from '../../../src/emulator/host.ts'
import { fakeClock } from '../../support/clock.ts'

export type NarwooEmulator = Emulator<NarwooStore, NarwooSwitches>

export const NOW = new Date('2026-11-23T09:00:00Z')
export const sizes = { products: 30, orders: 160, customers: 40 }

export function emulator(options: EmulatorOptions = {}): NarwooEmulator {
  return createEmulator(narwooEmulator, { seed: 7, sizes, clock: () => NOW, ...options })
}

export function client(e: NarwooEmulator, options: Partial<NarwooClientOptions> = {}) {
  return createNarwooClient({
    baseUrl: e.baseUrl(),
    userEmail: e.credentials.userEmail!,
    userPassword: e.credentials.userPassword!,
    fetch: e.fetch,
    clock: fakeClock(),
    random: () => 0.5,
    validate: 'strict',
    ...options,
  })
}

export interface Raw {
  status: number
  body: { o?: Record<string, unknown>; error?: number } & Record<string, unknown>
}

/** A call without the client: GET with a query, or POST with a form (default) or JSON body. */
export async function raw(
  e: NarwooEmulator,
  method: 'GET' | 'POST',
  path: string,
  fields: Record<string, string> = {},
  { json, token }: { json?: unknown; token?: string } = {},
): Promise<Raw> {
  const url = new URL(e.baseUrl() + path)
  const init: RequestInit = { method }
  if (method === 'GET') {
    for (const [k, v] of Object.entries(fields)) url.searchParams.set(k, v)
    if (token) url.searchParams.set('token', token)
  } else if (json !== undefined) {
    init.body = JSON.stringify(json)
    init.headers = { 'content-type': 'application/json' }
  } else {
    init.body = new URLSearchParams({ ...fields, ...(token ? { token } : {}) }).toString()
    init.headers = { 'content-type': 'application/x-www-form-urlencoded' }
  }
  const response = await e.fetch(url, init)
  return { status: response.status, body: (await response.json()) as Raw['body'] }
}

export async function login(e: NarwooEmulator): Promise<string> {
  const answer = await raw(e, 'GET', '/login', {
    userEmail: e.credentials.userEmail!,
    userPassword: e.credentials.userPassword!,
  })
  return String(answer.body.o?.token)
}

export async function narwooError(promise: Promise<unknown>): Promise<NarwooError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(NarwooError)
  return error as NarwooError
}

/**
 * An order of the seed data put into a known state: paid, open, unconfirmed, no return, no cargo,
 * with `state` on top. Each call takes the next order, so cases never share one.
 */
export function arrange(e: NarwooEmulator, state: Partial<StoredOrder> = {}): StoredOrder {
  const used = (arranged.get(e) ?? 0) + 1
  arranged.set(e, used)
  const order = e.state.orders[e.state.orders.length - used]!
  Object.assign(order, {
    paymentStatus: 2,
    canceled: false,
    cancelReason: '',
    confirmed: false,
    hasReturn: false,
    cargo: null,
    ...state,
  })
  for (const line of order.lines) {
    const product = e.state.product(line.productId)!
    product.deleted = false
  }
  return order
}
const arranged = new WeakMap<NarwooEmulator, number>()

/** How many requests of an operation reached the emulator. */
export function calls(e: NarwooEmulator, operationId: string): number {
  return e.log.list({ operationId, limit: 10_000 }).length
}

/** The productList of one product as the client puts it on the wire (JSON text, numbers as text). */
export function wireProductList(draft: ProductDraft): Record<string, unknown>[] {
  // encoding a list always gives its JSON text
  return JSON.parse(z.encode(newProductList, toProductList(draft)) as string) as Record<
    string,
    unknown
  >[]
}
