/**
 * The APIs kopru knows, in one list: what the CLI, the OpenAPI generator and the inventory walk.
 * Adding an API means adding its entry here and nothing else outside its room.
 */
import type { ApiClient, ClientOptions } from '../core/client.ts'
import type { ApiDef } from '../core/operation.ts'
import type { EmulatorDef } from '../emulator/types.ts'
import { createLoyaltiiWireClient } from './loyaltii/client.ts'
import { loyaltiiExplanations } from './loyaltii/errors.ts'
import { loyaltiiEmulator } from './loyaltii/emulator/index.ts'
import { loyaltiiApi, type LoyaltiiApi } from './loyaltii/operations.ts'
import type { LoyaltiiStore } from './loyaltii/emulator/store.ts'
import type { LoyaltiiSizes } from './loyaltii/emulator/seed.ts'
import type { LoyaltiiSwitches } from './loyaltii/emulator/switches.ts'
import { createMailKompletClient } from './mailkomplet/client.ts'
import { mailkompletExplanations } from './mailkomplet/errors.ts'
import { mailkompletEmulator } from './mailkomplet/emulator/index.ts'
import { mailkompletApi, type MailKompletApi } from './mailkomplet/operations.ts'
import type { Sizes as MailKompletSizes } from './mailkomplet/emulator/seed.ts'
import type { MailKompletStore } from './mailkomplet/emulator/store.ts'
import type { MailKompletSwitches } from './mailkomplet/emulator/switches.ts'
import { createNarwooWireClient } from './narwoo/client.ts'
import { narwooExplanations } from './narwoo/errors.ts'
import { narwooEmulator } from './narwoo/emulator/index.ts'
import { narwooApi } from './narwoo/operations.ts'
import { createSetrowClient } from './setrow/client.ts'
import { setrowExplanations } from './setrow/errors.ts'
import { setrowEmulator } from './setrow/emulator/index.ts'
import { setrowApi } from './setrow/operations.ts'
import { createSofttrClient } from './softtr/client.ts'
import { softtrExplanations } from './softtr/errors.ts'
import { softtrEmulator } from './softtr/emulator/index.ts'
import { softtrApi } from './softtr/operations.ts'

export interface ApiEntry {
  api: ApiDef
  emulator: EmulatorDef<ApiDef, unknown, Record<string, number>, unknown>
  /** the port `kopru emulate` uses unless told otherwise */
  defaultPort: number
  /** the vendor's error codes in a few English words (from the API's errors.ts), for the CLI */
  errorExplanations: Readonly<Record<string, string>>
  /** builds a client from a base URL and the same credential names the emulator accepts */
  createClient(
    options: ClientOptions & { baseUrl: string; credentials: Record<string, string> },
  ): ApiClient<ApiDef>
}

function entry<A extends ApiDef, S, Z extends Record<string, number>, W>(e: {
  api: A
  emulator: EmulatorDef<A, S, Z, W>
  defaultPort: number
  errorExplanations: Readonly<Record<string, string>>
  createClient(
    options: ClientOptions & { baseUrl: string; credentials: Record<string, string> },
  ): ApiClient<A>
}): ApiEntry {
  // the registry only passes these through to the generic host and CLI
  return e as unknown as ApiEntry
}

export const registry: Record<string, ApiEntry> = {
  setrow: entry({
    api: setrowApi,
    emulator: setrowEmulator,
    defaultPort: 4401,
    errorExplanations: setrowExplanations,
    createClient: ({ credentials, ...options }) =>
      createSetrowClient({ ...options, apiKey: credentials.apiKey ?? '' }),
  }),
  softtr: entry({
    api: softtrApi,
    emulator: softtrEmulator,
    defaultPort: 4402,
    errorExplanations: softtrExplanations,
    createClient: ({ credentials, ...options }) =>
      createSofttrClient({
        ...options,
        username: credentials.username ?? '',
        password: credentials.password ?? '',
      }),
  }),
  narwoo: entry({
    api: narwooApi,
    emulator: narwooEmulator,
    defaultPort: 4403,
    errorExplanations: narwooExplanations,
    createClient: ({ credentials, ...options }) =>
      createNarwooWireClient({
        ...options,
        userEmail: credentials.userEmail ?? '',
        userPassword: credentials.userPassword ?? '',
      }),
  }),
  // type arguments spelled out: inferring them from 64 operations overflows tsc's stack
  loyaltii: entry<LoyaltiiApi, LoyaltiiStore, LoyaltiiSizes, LoyaltiiSwitches>({
    api: loyaltiiApi,
    emulator: loyaltiiEmulator,
    defaultPort: 4404,
    errorExplanations: loyaltiiExplanations,
    createClient: ({ credentials, ...options }) =>
      createLoyaltiiWireClient({ ...options, apiKey: credentials.apiKey ?? '' }),
  }),
  // type arguments spelled out, as for Loyaltii: inferring them overflows tsc's stack
  mailkomplet: entry<MailKompletApi, MailKompletStore, MailKompletSizes, MailKompletSwitches>({
    api: mailkompletApi,
    emulator: mailkompletEmulator,
    defaultPort: 4405,
    errorExplanations: mailkompletExplanations,
    // the base URL holds the baseCrypt; a given baseCrypt builds it when no URL says otherwise
    createClient: ({ credentials, ...options }) =>
      createMailKompletClient({
        ...options,
        apiKey: credentials.apiKey ?? '',
        ...(credentials.baseCrypt ? { baseCrypt: credentials.baseCrypt } : {}),
      }),
  }),
}

export const apiNames = Object.keys(registry)

export function apiEntry(name: string): ApiEntry {
  const found = registry[name]
  if (!found) throw new RangeError(`unknown API "${name}"; known: ${apiNames.join(', ')}`)
  return found
}

/** What a vendor's error code means in a few English words, when its room explains it. */
export function explainCode(api: string, code: string | undefined): string | undefined {
  if (code === undefined) return undefined
  const table = registry[api]?.errorExplanations
  return table && Object.hasOwn(table, code) ? table[code] : undefined
}
