/**
 * The five emulators as one local system, for `kopru demo` and `kopru serve --emulate`: served on
 * ports, with the starter kopru.yaml pointed at them and clients holding the credentials they take.
 */
import { parse } from 'yaml'
import { apiEntry } from '../apis/registry.ts'
import { createEmulator, type Emulator } from '../emulator/host.ts'
import type { Serving } from '../emulator/serve.ts'
import type { Hooks } from '../core/transport.ts'
import { configSchema, starterConfig, type KopruConfig } from '../sync/config.ts'
import { clientsFromConfig, type Clients } from '../sync/recipes.ts'

/** The five APIs, in the order the demo tells of them. */
export const emulatedApis = ['softtr', 'narwoo', 'setrow', 'loyaltii', 'mailkomplet'] as const

/** An emulator of each, with seed data of `seed` and each API's `sizes` (its defaults otherwise). */
export function createEmulated(
  seed: number,
  sizes: Partial<Record<(typeof emulatedApis)[number], Record<string, number>>> = {},
): Emulator[] {
  return emulatedApis.map((api) =>
    createEmulator(apiEntry(api).emulator, { seed, sizes: sizes[api] ?? {} }),
  )
}

/** The starter kopru.yaml (what kopru init writes) for the served emulators, its state beside it. */
export function emulatedConfig(
  serving: Serving,
  emulate: string,
  writer: string,
): { text: string; parsed: KopruConfig } {
  const portOf = (api: string) => serving.served.find((s) => s.emulator.name === api)!.port
  const ports = {
    softtr: portOf('softtr'),
    narwoo: portOf('narwoo'),
    setrow: portOf('setrow'),
    loyaltii: portOf('loyaltii'),
    mailkomplet: portOf('mailkomplet'),
  }
  const text = starterConfig({ ports, emulate, state: 'state.db' }).replace(
    /^# kopru\.yaml: .*$/m,
    (line) => `${line}\n# Written by ${writer} for its emulators (they answer while it runs).`,
  )
  return { text, parsed: configSchema.parse(parse(text)) }
}

/** Clients for the served emulators, given the credentials they accept under kopru.yaml's names. */
export function emulatedClients(
  serving: Serving,
  config: KopruConfig,
  hooks?: Hooks,
): Promise<Clients> {
  const env: Record<string, string> = {}
  for (const { emulator } of serving.served) {
    const names = config.connections[emulator.name]?.env ?? {}
    for (const [key, value] of Object.entries(emulator.credentials))
      if (names[key]) env[names[key]] = value
  }
  return clientsFromConfig(config, hooks ? { hooks } : {}, env)
}
