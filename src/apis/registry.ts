/**
 * The APIs kopru knows, whole: what the CLI's API commands, the OpenAPI generator and the inventory
 * walk. Each entry is the API's light facts (`directory.ts`) with its operations, emulator and
 * client; adding an API means adding it here and there, and nothing else outside its room.
 */
import type { ApiClient, ClientOptions } from '../core/client.ts'
import type { ApiDef } from '../core/operation.ts'
import type { EmulatorDef } from '../emulator/types.ts'
import { apiNames, directory, type ApiFacts } from './directory.ts'
import { createLoyaltiiWireClient } from './loyaltii/client.ts'
import { loyaltiiEmulator } from './loyaltii/emulator/index.ts'
import { loyaltiiApi, type LoyaltiiApi } from './loyaltii/operations.ts'
import type { LoyaltiiStore } from './loyaltii/emulator/store.ts'
import type { LoyaltiiSizes } from './loyaltii/emulator/seed.ts'
import type { LoyaltiiSwitches } from './loyaltii/emulator/switches.ts'
import { createMailKompletClient } from './mailkomplet/client.ts'
import { mailkompletEmulator } from './mailkomplet/emulator/index.ts'
import { mailkompletApi, type MailKompletApi } from './mailkomplet/operations.ts'
import type { Sizes as MailKompletSizes } from './mailkomplet/emulator/seed.ts'
import type { MailKompletStore } from './mailkomplet/emulator/store.ts'
import type { MailKompletSwitches } from './mailkomplet/emulator/switches.ts'
import { createNarwooWireClient } from './narwoo/client.ts'
import { narwooEmulator } from './narwoo/emulator/index.ts'
import { narwooApi } from './narwoo/operations.ts'
import { createSetrowClient } from './setrow/client.ts'
import { setrowEmulator } from './setrow/emulator/index.ts'
import { setrowApi } from './setrow/operations.ts'
import { createSofttrClient } from './softtr/client.ts'
import { softtrEmulator } from './softtr/emulator/index.ts'
import { softtrApi } from './softtr/operations.ts'

export interface ApiEntry extends ApiFacts {
  api: ApiDef
  emulator: EmulatorDef<ApiDef, unknown, Record<string, number>, unknown>
  /** builds a client from a base URL and the same credential names the emulator accepts */
  createClient(
    options: ClientOptions & { baseUrl: string; credentials: Record<string, string> },
  ): ApiClient<ApiDef>
}

function entry<A extends ApiDef, S, Z extends Record<string, number>, W>(e: {
  api: A
  emulator: EmulatorDef<A, S, Z, W>
  createClient(
    options: ClientOptions & { baseUrl: string; credentials: Record<string, string> },
  ): ApiClient<A>
}): ApiEntry {
  // the registry only passes these through to the generic host and CLI
  return { ...directory[e.api.name]!, ...e } as unknown as ApiEntry
}

export const registry: Record<string, ApiEntry> = {
  setrow: entry({
    api: setrowApi,
    emulator: setrowEmulator,
    createClient: ({ credentials, ...options }) =>
      createSetrowClient({ ...options, apiKey: credentials.apiKey ?? '' }),
  }),
  softtr: entry({
    api: softtrApi,
    emulator: softtrEmulator,
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
    createClient: ({ credentials, ...options }) =>
      createLoyaltiiWireClient({ ...options, apiKey: credentials.apiKey ?? '' }),
  }),
  // type arguments spelled out, as for Loyaltii: inferring them overflows tsc's stack
  mailkomplet: entry<MailKompletApi, MailKompletStore, MailKompletSizes, MailKompletSwitches>({
    api: mailkompletApi,
    emulator: mailkompletEmulator,
    // the base URL holds the baseCrypt; a given baseCrypt builds it when no URL says otherwise
    createClient: ({ credentials, ...options }) =>
      createMailKompletClient({
        ...options,
        apiKey: credentials.apiKey ?? '',
        ...(credentials.baseCrypt ? { baseCrypt: credentials.baseCrypt } : {}),
      }),
  }),
}

export { apiNames, explainCode } from './directory.ts'

export function apiEntry(name: string): ApiEntry {
  const found = registry[name]
  if (!found) throw new RangeError(`unknown API "${name}"; known: ${apiNames.join(', ')}`)
  return found
}
