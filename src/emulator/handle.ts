/**
 * An emulator as a user's own tests drive it, the way LocalStack or msw are used: started in
 * process or on a port, pointed at by the user's code, inspected, faulted, reset between tests.
 * Works with any emulator definition; `kopru/emulator` binds the APIs by name.
 */
import type { ApiDef } from '../core/operation.ts'
import type { ChaosSettings } from './chaos.ts'
import { createEmulator, type Emulator, type EmulatorOptions } from './host.ts'
import type { LoggedRequest } from './request-log.ts'
import { serveEmulators, type Serving } from './serve.ts'
import type { EmulatorDef } from './types.ts'

export interface StartOptions extends Omit<EmulatorOptions, 'env'> {
  /**
   * listen on a socket: `true` for a free port on 127.0.0.1, or where; without it the emulator is
   * reachable only through the handle's `fetch` (no socket at all, the fastest for unit tests)
   */
  serve?: boolean | { port?: number; host?: string }
  /** read credential variables from this environment instead of the demo defaults */
  env?: Record<string, string | undefined>
}

export interface EmulatorHandle<S = unknown> {
  readonly name: string
  /** what the user's client takes as `baseUrl`: the socket's URL, or an in-process one for `fetch` */
  readonly baseUrl: string
  /** the credentials it accepts, by the client's option names (`apiKey`, `username`, …) */
  readonly credentials: Readonly<Record<string, string>>
  /** answers in process, served or not: give it to a client as its `fetch` */
  readonly fetch: (input: string | URL | Request, init?: RequestInit) => Promise<Response>
  /** the emulator itself, for what the handle does not cover (its typed `state`) */
  readonly emulator: Emulator<S>
  /** the requests it answered, oldest first; by operation id (`email.add`) when given */
  requests(filter?: { operation?: string; limit?: number }): LoggedRequest[]
  clearRequests(): void
  /**
   * faults from now on, seeded and reproducible: `{ errors: { '429': 1 }, operations: ['email.add'] }`
   * answers every `email.add` with 429; `{}` turns chaos off
   */
  chaos(settings: Partial<ChaosSettings>): ChaosSettings
  /** back to the seed data it started with; the request log and chaos are cleared too */
  reset(): void
  /** new seed data (a seed, sizes, the moment it is generated relative to) */
  seed(options: { seed?: number; sizes?: Record<string, number>; now?: Date }): void
  /** the whole state as JSON, as `GET /__kopru/state` shows it */
  state(): unknown
  /** account switches only the vendor's panel could change (see the API's README) */
  switches(values?: Record<string, unknown>): unknown
  /** stops listening (when served); the in-process `fetch` keeps answering */
  close(): Promise<void>
}

/** Starts one emulator of `def`: see `startEmulator` in `kopru/emulator` for the APIs by name. */
export async function startEmulatorOf<A extends ApiDef, S, Z extends Record<string, number>, W>(
  def: EmulatorDef<A, S, Z, W>,
  { serve, env = {}, ...options }: StartOptions = {},
): Promise<EmulatorHandle<S>> {
  // the demo credentials unless the caller names others: a user's test must not depend on the
  // shell it runs in
  const emulator = createEmulator(def, { ...options, env }) as Emulator<S>
  let serving: Serving | undefined
  if (serve) {
    const where = serve === true ? {} : serve
    serving = await serveEmulators([emulator as Emulator], {
      port: where.port ?? 0,
      ...(where.host ? { hostname: where.host } : {}),
    })
  }
  const credentials = Object.fromEntries(
    Object.keys(def.credentials).map((key) => [key, emulator.credentials[key]!]),
  )
  return {
    name: emulator.name,
    baseUrl: serving ? serving.served[0]!.baseUrl : emulator.baseUrl(),
    credentials,
    fetch: emulator.fetch,
    emulator,
    requests: ({ operation, limit = Number.MAX_SAFE_INTEGER } = {}) =>
      emulator.log.list({ operationId: operation, limit }),
    clearRequests: () => emulator.log.clear(),
    chaos: (settings) => emulator.chaos.configure(settings),
    reset: () => {
      emulator.reset()
      emulator.log.clear()
      emulator.chaos.configure({})
    },
    seed: ({ seed = emulator.seedOptions.seed, sizes, now }) =>
      emulator.reseed({
        seed,
        sizes: { ...emulator.seedOptions.sizes, ...sizes },
        ...(now ? { now } : {}),
      }),
    state: () => JSON.parse(JSON.stringify(emulator.dump())) as unknown,
    switches: (values) => {
      if (values)
        emulator.switches = emulator.parseSwitches({ ...(emulator.switches as object), ...values })
      return emulator.switches
    },
    close: async () => serving?.close(),
  }
}
