/** A small seeded Loyaltii emulator and a client on its in-process fetch, for every Loyaltii test. */
import { afterAll, beforeAll, beforeEach, expect } from 'vitest'
import {
  createLoyaltiiClient,
  type LoyaltiiClientOptions,
} from '../../../src/apis/loyaltii/client.ts'
import { loyaltiiEmulator } from '../../../src/apis/loyaltii/emulator/index.ts'
import type { LoyaltiiStore } from '../../../src/apis/loyaltii/emulator/store.ts'
import type { LoyaltiiSwitches } from '../../../src/apis/loyaltii/emulator/switches.ts'
import { LoyaltiiError } from '../../../src/apis/loyaltii/errors.ts'
import { createEmulator, type Emulator, type EmulatorOptions } from '../../../src/emulator/host.ts'
import { serveEmulators, type Serving } from '../../../src/emulator/serve.ts'

export const NOW = new Date('2026-03-15T10:00:00Z')
export const SMALL = {
  contacts: 120,
  stores: 6,
  companies: 10,
  orders: 200,
  points: 600,
  events: 300,
}

export type LoyaltiiEmulator = Emulator<LoyaltiiStore, LoyaltiiSwitches>

export function setup(options: EmulatorOptions = {}, client: Partial<LoyaltiiClientOptions> = {}) {
  const emulator = createEmulator(loyaltiiEmulator, {
    seed: 7,
    sizes: SMALL,
    clock: () => NOW,
    env: {},
    ...options,
  }) as LoyaltiiEmulator
  const loyaltii = createLoyaltiiClient({
    baseUrl: emulator.baseUrl(),
    apiKey: emulator.credentials.apiKey!,
    fetch: emulator.fetch,
    retry: false,
    validate: 'strict',
    ...client,
  })
  return {
    emulator,
    client: loyaltii,
    /** the live store (a reset makes a new one) */
    get state() {
      return emulator.state
    },
    /** moves the emulator's clock ahead through the admin API (`POST /__kopru/clock`) */
    advance: async (seconds: number) => {
      const response = await emulator.fetch(`${emulator.baseUrl()}/__kopru/clock`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ advanceSeconds: seconds }),
      })
      expect(response.status).toBe(200)
    },
    setSwitches: (switches: Partial<LoyaltiiSwitches>) => {
      emulator.switches = emulator.parseSwitches({ ...emulator.switches, ...switches })
    },
    /** a raw call: status, parsed body (undefined when empty) and headers */
    raw: async (
      method: string,
      path: string,
      init: { body?: unknown; headers?: Record<string, string> } = {},
    ) => {
      const response = await emulator.fetch(`${emulator.baseUrl()}${path}`, {
        method,
        headers: {
          'x-apikey': emulator.credentials.apiKey!,
          ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
          ...init.headers,
        },
        ...(init.body === undefined
          ? {}
          : { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) }),
      })
      const text = await response.text()
      return {
        status: response.status,
        body: text ? (JSON.parse(text) as unknown) : undefined,
        headers: response.headers,
      }
    },
  }
}

export type Setup = ReturnType<typeof setup>

/** A time one tick (100 ns) after `time`, which has seven fractional digits below 9999999. */
export function tickLater(time: string): string {
  return time.replace(
    /\.(\d{7})/,
    (_, digits: string) => `.${String(Number(digits) + 1).padStart(7, '0')}`,
  )
}

/** The LoyaltiiError a call ends with (the test fails when it succeeds or throws anything else). */
export async function loyaltiiError(call: Promise<unknown>): Promise<LoyaltiiError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(LoyaltiiError)
  return error as LoyaltiiError
}

/** How a test reaches the emulator: its `fetch` in process, or node:http through undici's pool. */
export const modes = ['in process', 'over a socket'] as const
export type Mode = (typeof modes)[number]

/**
 * A seeded emulator for a `describe` block, reached the `mode` way, back to its seed data before
 * each test. Read `current()` inside tests.
 */
export function perTest(mode: Mode, options: EmulatorOptions = {}) {
  let s: Setup | undefined
  let serving: Serving | undefined
  beforeAll(async () => {
    const base = setup(options)
    if (mode === 'in process') {
      s = base
      return
    }
    serving = await serveEmulators([base.emulator as unknown as Emulator])
    const client = createLoyaltiiClient({
      baseUrl: serving.served[0]!.baseUrl,
      apiKey: base.emulator.credentials.apiKey!,
      retry: false,
      validate: 'strict',
    })
    s = Object.defineProperties({ ...base, client }, { state: { get: () => base.emulator.state } })
  })
  beforeEach(() => s!.emulator.reset())
  afterAll(() => serving?.close())
  return () => s!
}
