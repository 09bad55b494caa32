/**
 * The emulators of `sync-latency.bench.ts`, in a process of their own as `sync-emulators.ts` serves
 * those of `sync.bench.ts`: Softtr seeded with the bench's orders and customers, Setrow with its
 * default account, both over loopback, each with the chaos settings it was started with (the bench
 * gives every vendor call a fixed latency, and a per-credential rate limit when asked; the admin
 * API is never subject to chaos). Every answer is counted here by operation, and every answer that
 * was not a 200 by operation and status, so a 429 the rate limit sent is seen whoever got it.
 *
 * Talks with the bench over the fork IPC channel: one `LatencyEmulatorCall` in, one
 * `LatencyEmulatorReply` out.
 */
import { setrowEmulator } from '../src/apis/setrow/emulator/index.ts'
import { softtrEmulator } from '../src/apis/softtr/emulator/index.ts'
import type { SofttrData } from '../src/apis/softtr/emulator/store.ts'
import type { ChaosSettings } from '../src/emulator/chaos.ts'
import { createEmulator, type Emulator } from '../src/emulator/host.ts'
import { answerCalls, jobOf, type Failure } from './child-process.ts'
import { onAnswer, serveCounted, type Endpoint } from './served-emulators.ts'
import type { WindowFacts } from './sync-emulators.ts'

export interface LatencyEmulatorStart {
  orders: number
  customers: number
  seed: number
  /** each emulator's chaos settings (`latencyMs`, `rateLimitPerSecond`, …) */
  chaos: { softtr: Partial<ChaosSettings>; setrow: Partial<ChaosSettings> }
}

export type LatencyEmulatorCall =
  | { kind: 'endpoints' }
  /** answers by `<api>.<operationId>` since the last `counts`, and those not a 200 */
  | { kind: 'counts' }
  /** Setrow back to its seed account, as before the first sync */
  | { kind: 'reset-setrow' }
  /** orders placed on or after `since` (ISO) */
  | { kind: 'window'; since: string }

export type LatencyEmulatorReply =
  | { ok: true; kind: 'endpoints'; softtr: Endpoint; setrow: Endpoint }
  | {
      ok: true
      kind: 'counts'
      counts: Record<string, number>
      /** `<api>.<operationId> <status>` → answers, for every status other than 200 */
      statuses: Record<string, number>
    }
  | { ok: true; kind: 'reset-setrow' }
  | { ok: true; kind: 'window'; facts: WindowFacts }
  | Failure

const start = jobOf<LatencyEmulatorStart>(import.meta.url, 'sync-latency.bench.ts')
const softtr = createEmulator(softtrEmulator, {
  seed: start.seed,
  sizes: { orders: start.orders, customers: start.customers },
  chaos: start.chaos.softtr,
})
const setrow = createEmulator(setrowEmulator, { seed: start.seed, chaos: start.chaos.setrow })
// the host's generic state type is its business; these two are only counted and served
const emulators = [softtr, setrow] as unknown as Emulator[]
let statuses: Record<string, number> = {}
for (const emulator of emulators)
  onAnswer(emulator, (key, entry) => {
    if (entry.status === 200) return
    const at = `${key} ${entry.status}`
    statuses[at] = (statuses[at] ?? 0) + 1
  })
const served = await serveCounted(emulators)
const { endpoint } = served

/** Orders placed on or after `since`, and their customers as the sync keys them (the e-mail). */
function window(since: string): WindowFacts {
  const orders = (softtr.dump() as SofttrData).orders.filter((o) => o.placedAt >= since)
  return {
    orders: orders.length,
    customers: new Set(orders.map((o) => o.invoiceDetails.invoiceMail.trim().toLowerCase())).size,
  }
}

const endpoints = (): LatencyEmulatorReply => ({
  ok: true,
  kind: 'endpoints',
  softtr: endpoint(softtr),
  setrow: endpoint(setrow),
})

answerCalls(
  (call: LatencyEmulatorCall): LatencyEmulatorReply => {
    switch (call.kind) {
      case 'endpoints':
        return endpoints()
      case 'counts': {
        const taken = statuses
        statuses = {}
        return { ok: true, kind: 'counts', counts: served.takeCounts(), statuses: taken }
      }
      case 'reset-setrow':
        setrow.reset()
        return { ok: true, kind: 'reset-setrow' }
      case 'window':
        return { ok: true, kind: 'window', facts: window(call.since) }
    }
  },
  { ready: endpoints(), close: served.close },
)
