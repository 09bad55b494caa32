/**
 * Emulators served over loopback by a bench's emulator process (`sync-emulators.ts` and the
 * like), every request they answer counted there by operation: their request logs keep only the
 * last 2,000.
 */
import type { Emulator } from '../src/emulator/host.ts'
import type { LoggedRequest } from '../src/emulator/request-log.ts'
import { serveEmulators, type Serving } from '../src/emulator/serve.ts'

/** Where a bench's child reaches an emulator, and the credentials it takes. */
export interface Endpoint {
  baseUrl: string
  credentials: Record<string, string>
}

/**
 * Calls `see` for every request `emulator` answers, with its operation as the counts name it
 * (`<api>.<operationId>`, else `<api>.<METHOD> <path>`) and its log entry.
 */
export function onAnswer(
  emulator: Emulator,
  see: (key: string, entry: Omit<LoggedRequest, 'seq'>) => void,
): void {
  const add = emulator.log.add.bind(emulator.log)
  emulator.log.add = (entry) => {
    see(`${emulator.name}.${entry.operationId ?? `${entry.method} ${entry.path}`}`, entry)
    add(entry)
  }
}

/** Where `serving` serves `emulator`, and its credentials. */
export function endpointOf<S, W>(serving: Serving, emulator: Emulator<S, W>): Endpoint {
  return {
    baseUrl: serving.served.find((s) => s.emulator === (emulator as unknown))!.baseUrl,
    credentials: { ...emulator.credentials },
  }
}

/**
 * Serves `emulators` over loopback, counting the requests they answer by operation, all of them
 * together; `takeCounts()` hands over the counts since it was last called.
 */
export async function serveCounted(emulators: Emulator[]) {
  let counts: Record<string, number> = {}
  for (const emulator of emulators)
    onAnswer(emulator, (key) => {
      counts[key] = (counts[key] ?? 0) + 1
    })
  const serving = await serveEmulators(emulators)
  return {
    endpoint: <S, W>(emulator: Emulator<S, W>) => endpointOf(serving, emulator),
    takeCounts(): Record<string, number> {
      const taken = counts
      counts = {}
      return taken
    },
    close: () => serving.close(),
  }
}
