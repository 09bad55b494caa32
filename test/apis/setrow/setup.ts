/** A small seeded Setrow emulator and a client on its in-process fetch, for every Setrow test. */
import { expect } from 'vitest'
import { createSetrowClient } from '../../../src/apis/setrow/client.ts'
import type { SetrowSwitches } from '../../../src/apis/setrow/emulator/account.ts'
import { setrowEmulator } from '../../../src/apis/setrow/emulator/index.ts'
import type { Channel, SetrowStore } from '../../../src/apis/setrow/emulator/store.ts'
import { VendorApiError } from '../../../src/core/errors.ts'
import { createEmulator, type EmulatorOptions } from '../../../src/emulator/host.ts'

export const NOW = new Date('2026-03-15T10:00:00Z')
/** `NOW` as Setrow stamps it: Türkiye's wall clock, UTC+03:00 */
export const NOW_STAMP = '2026-03-15 13:00:00'
export const SMALL = {
  emails: 40,
  numbers: 30,
  whatsapp: 20,
  products: 12,
  orders: 30,
  reports: 80,
  iysLogs: 60,
}

export function setup(options: EmulatorOptions = {}) {
  const emulator = createEmulator(setrowEmulator, {
    seed: 7,
    sizes: SMALL,
    clock: () => NOW,
    env: {},
    ...options,
  })
  const client = createSetrowClient({
    baseUrl: emulator.baseUrl(),
    apiKey: emulator.credentials.apiKey!,
    fetch: emulator.fetch,
    retry: false,
    validate: 'strict',
  })
  const state = emulator.state as SetrowStore
  const groupOf = (channel: Channel, index = 0) =>
    [...state.groups.values()].filter((g) => g.channel === channel)[index]!.id
  /** a contact of `channel` that is a member of a group, with that group */
  const member = (channel: Channel) => {
    const contact = [...state.contacts[channel].values()].find(
      (c) => c.groups.length && !onAnyList(c.address),
    )!
    return { address: contact.address, groupId: contact.groups[0]! }
  }
  const onAnyList = (address: string) =>
    Object.values(state.lists).some((list) => list.has(address))
  const product = () => [...state.products.values()].find((p) => p.productCode && p.productBarcode)!
  return {
    emulator,
    client,
    state,
    groupOf,
    member,
    product,
    foreignGroup: () => [...state.foreignGroupIds][0]!,
    setSwitches: (switches: Partial<SetrowSwitches>) => {
      emulator.switches = emulator.parseSwitches({ ...emulator.switches, ...switches })
    },
    /** an answer from a raw request: status and parsed body */
    raw: async (method: string, path: string, init: RequestInit = {}) => {
      const response = await emulator.fetch(`${emulator.baseUrl()}${path}`, {
        method,
        ...init,
        headers: {
          authorization: `Bearer ${emulator.credentials.apiKey}`,
          'content-type': 'application/json',
          ...(init.headers as Record<string, string> | undefined),
        },
      })
      return { status: response.status, body: (await response.json()) as Record<string, unknown> }
    },
  }
}

export type Setup = ReturnType<typeof setup>

interface BulkData {
  results: { status: string; code?: string }[]
}

/**
 * The E-code a call ends with: the thrown Setrow error's, a raw error body's, or the first refused
 * item's in a bulk answer. `undefined` when the call and all its items succeeded.
 */
export async function codeOf(call: Promise<unknown>): Promise<string | undefined> {
  try {
    const data = await call
    // a raw answer body
    if ((data as { status?: unknown } | undefined)?.status === 'error')
      return (data as { code: string }).code
    const results = (data as Partial<BulkData> | undefined)?.results
    if (Array.isArray(results)) return results.find((r) => r.status === 'error')?.code
    if (Array.isArray(data) && data.length && typeof data[0] === 'object' && 'ok' in data[0]) {
      const failed = (data as { ok: boolean; error?: unknown }[]).find((r) => !r.ok)
      return failed ? (failed.error as VendorApiError).vendorCode : undefined
    }
    return undefined
  } catch (error) {
    if (error instanceof VendorApiError) return error.vendorCode
    throw error
  }
}

export async function expectCode(call: Promise<unknown>, code: string): Promise<void> {
  expect(await codeOf(call)).toBe(code)
}

/** Days as `yyyy-mm-dd`, counted from the fixed clock. */
export function daysAgo(days: number): string {
  return new Date(NOW.getTime() - days * 86_400_000).toISOString().slice(0, 10)
}
