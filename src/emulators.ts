/**
 * `kopru/emulator`: kopru's emulators in a user's own tests. Start any set of them in process or on
 * a port, point the code under test at them, read what they received, inject faults, reset.
 *
 * @example
 * const setrow = await startEmulator('setrow')
 * const client = createSetrowClient({ baseUrl: setrow.baseUrl, fetch: setrow.fetch, ...setrow.credentials })
 * await client.email.add({ email: 'ayse@example.com', groupId: 104201 })
 * setrow.requests({ operation: 'email.add' }) // what arrived
 * setrow.chaos({ errors: { '429': 1 }, operations: ['email.add'] }) // every email.add now throttled
 */
import { apiEntry, apiNames } from './apis/registry.ts'
import { startEmulatorOf, type EmulatorHandle, type StartOptions } from './emulator/handle.ts'

export type { EmulatorHandle, StartOptions } from './emulator/handle.ts'
export type { ChaosSettings } from './emulator/chaos.ts'
export type { LoggedRequest } from './emulator/request-log.ts'
export { createEmulator, type Emulator, type EmulatorOptions } from './emulator/host.ts'

/** The APIs kopru emulates, by the names `startEmulator` takes. */
export const emulatedApis: readonly string[] = apiNames

/**
 * Starts the emulator of one API, by a name of `emulatedApis` (`setrow`, `softtr`, `narwoo`,
 * `loyaltii`, `mailkomplet`), with its seed data.
 */
export async function startEmulator(api: string, options?: StartOptions): Promise<EmulatorHandle> {
  return startEmulatorOf(apiEntry(api).emulator, options)
}

/** Several emulators at once, by name; `close()` stops them all. */
export async function startEmulators<N extends string>(
  apis: readonly N[],
  options?: StartOptions,
): Promise<Record<N, EmulatorHandle> & { close(): Promise<void> }> {
  const handles = {} as Record<N, EmulatorHandle>
  try {
    for (const api of apis) handles[api] = await startEmulator(api, options)
  } catch (error) {
    await Promise.all(Object.values<EmulatorHandle>(handles).map((h) => h.close()))
    throw error
  }
  const all = Object.values<EmulatorHandle>(handles)
  return { ...handles, close: async () => void (await Promise.all(all.map((h) => h.close()))) }
}
