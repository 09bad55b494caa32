/** A small seeded Mail Komplet emulator, the client on its fetch, and raw calls for wire tests. */
import { expect } from 'vitest'
import {
  createMailKompletClient,
  type MailKompletClientOptions,
} from '../../../src/apis/mailkomplet/client.ts'
import { mailkompletEmulator } from '../../../src/apis/mailkomplet/emulator/index.ts'
import type { MailKompletStore } from '../../../src/apis/mailkomplet/emulator/store.ts'
import type { MailKompletSwitches } from '../../../src/apis/mailkomplet/emulator/switches.ts'
import { MailKompletError } from '../../../src/apis/mailkomplet/errors.ts'
import { createEmulator, type Emulator, type EmulatorOptions } from '../../../src/emulator/host.ts'

export type MkEmulator = Emulator<MailKompletStore, MailKompletSwitches>

export const NOW = new Date('2026-11-23T09:00:00Z')
export const SMALL = {
  contacts: 60,
  mailingLists: 4,
  campaigns: 5,
  distributions: 3,
  transactionalEmails: 30,
  sms: 10,
  coupons: 30,
  carts: 8,
}

export function emulator(options: EmulatorOptions = {}): MkEmulator {
  return createEmulator(mailkompletEmulator, {
    seed: 7,
    sizes: SMALL,
    clock: () => NOW,
    env: {},
    ...options,
  }) as MkEmulator
}

export function client(e: MkEmulator, options: Partial<MailKompletClientOptions> = {}) {
  return createMailKompletClient({
    baseUrl: e.baseUrl(),
    apiKey: e.credentials.apiKey!,
    fetch: e.fetch,
    retry: false,
    validate: 'strict',
    ...options,
  })
}

export function setup(options: EmulatorOptions = {}) {
  const e = emulator(options)
  const mk = client(e)
  const state = e.state
  return {
    e,
    mk,
    state,
    /** switches changed for the rest of the test */
    set: (switches: Partial<MailKompletSwitches>) => {
      e.switches = e.parseSwitches({ ...e.switches, ...switches })
    },
    raw: (method: string, path: string, init: RawInit = {}) => raw(e, method, path, init),
  }
}
export type Setup = ReturnType<typeof setup>

export interface RawInit {
  body?: string | object
  auth?: string | null
  headers?: Record<string, string>
  /** the whole base instead of the emulator's (another baseCrypt) */
  base?: string
}

/** A call without the client: status and body (JSON when it parses, else the text). */
export async function raw(e: MkEmulator, method: string, path: string, init: RawInit = {}) {
  const headers: Record<string, string> = { ...init.headers }
  const auth = init.auth === undefined ? `Basic ${e.credentials.apiKey}` : init.auth
  if (auth !== null) headers.authorization = auth
  let body: string | undefined
  if (init.body !== undefined) {
    body = typeof init.body === 'string' ? init.body : JSON.stringify(init.body)
    headers['content-type'] ??= 'application/json'
  }
  const response = await e.fetch(`${init.base ?? e.baseUrl()}${path}`, { method, headers, body })
  const text = await response.text()
  let parsed: unknown = text
  try {
    parsed = text ? JSON.parse(text) : undefined
  } catch {
    // kept as text
  }
  return { status: response.status, body: parsed as Record<string, unknown> | undefined, text }
}

/** Awaits a rejection and checks it is Mail Komplet's, with this status. */
export async function refused(call: Promise<unknown>, status: number): Promise<MailKompletError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(MailKompletError)
  expect((error as MailKompletError).httpStatus).toBe(status)
  return error as MailKompletError
}
