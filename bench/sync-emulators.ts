/**
 * The emulators of `sync.bench.ts`, in a process of their own so that the sync's process holds only
 * the sync (its peak RSS is what the bench reports). Softtr is seeded with the bench's orders and
 * customers, Setrow with its default account; both are served over loopback. Every request they
 * answer is counted by operation here (the request logs keep only the last 2,000).
 *
 * Talks with the bench over the fork IPC channel: one `EmulatorCall` in, one `EmulatorReply` out.
 */
import { setrowEmulator } from '../src/apis/setrow/emulator/index.ts'
import { softtrEmulator } from '../src/apis/softtr/emulator/index.ts'
import type { SofttrData, StoredOrder } from '../src/apis/softtr/emulator/store.ts'
import { createEmulator, type Emulator } from '../src/emulator/host.ts'
import { createRng } from '../src/emulator/random.ts'
import { answerCalls, jobOf, type Failure } from './child-process.ts'
import { serveCounted, type Endpoint } from './served-emulators.ts'

export interface EmulatorStart {
  orders: number
  customers: number
  seed: number
}

/** What the orders placed since a day hold: how many, and how many distinct customers. */
export interface WindowFacts {
  orders: number
  customers: number
}

export type EmulatorCall =
  | { kind: 'endpoints' }
  /** answered requests by `<api>.<operationId>` since the last `counts` */
  | { kind: 'counts' }
  /** Setrow back to its seed account, as before the first sync */
  | { kind: 'reset-setrow' }
  /** Softtr seeded again with these sizes (same seed), Setrow back to its seed account */
  | { kind: 'seed'; orders: number; customers: number }
  /** orders placed on or after `since` (ISO) */
  | { kind: 'window'; since: string }
  /** `count` orders placed on or after `since`, picked at random, 5% cheaper (see sync.bench.ts) */
  | { kind: 'change'; since: string; count: number }

export type EmulatorReply =
  | { ok: true; kind: 'endpoints'; softtr: Endpoint; setrow: Endpoint }
  | { ok: true; kind: 'counts'; counts: Record<string, number> }
  | { ok: true; kind: 'reset-setrow' }
  | { ok: true; kind: 'seed' }
  | { ok: true; kind: 'window'; facts: WindowFacts }
  | { ok: true; kind: 'change'; changed: WindowFacts }
  | Failure

const start = jobOf<EmulatorStart>(import.meta.url, 'sync.bench.ts')
const softtr = createEmulator(softtrEmulator, {
  seed: start.seed,
  sizes: { orders: start.orders, customers: start.customers },
})
const setrow = createEmulator(setrowEmulator, { seed: start.seed })
// the host's generic state type is its business; these two are only counted and served
const served = await serveCounted([softtr, setrow] as unknown as Emulator[])
const { endpoint } = served

const ordersSince = (since: string) =>
  (softtr.dump() as SofttrData).orders.filter((o) => o.placedAt >= since)

/** Distinct customers as the sync keys them: the invoice e-mail, lower-cased. */
const facts = (orders: readonly StoredOrder[]): WindowFacts => ({
  orders: orders.length,
  customers: new Set(orders.map((o) => o.invoiceDetails.invoiceMail.trim().toLowerCase())).size,
})

/**
 * Softtr's read API shows no status and nothing changes a placed order, so the bench changes what
 * both the list row and the detail show: the amount, 5% lower (a price correction). The changed
 * orders are new objects loaded as a new state, as `PUT /__kopru/state` would: the list's cached
 * row JSON belongs to the old objects.
 */
function change(since: string, count: number): WindowFacts {
  const data = softtr.dump() as SofttrData
  const candidates = data.orders.filter((o) => o.placedAt >= since)
  const random = createRng(12_345)
  for (let i = candidates.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[candidates[i], candidates[j]] = [candidates[j]!, candidates[i]!]
  }
  const picked = new Set(candidates.slice(0, count))
  const orders = data.orders.map((o) =>
    picked.has(o) ? { ...o, orderAmount: Math.round(o.orderAmount * 95) / 100 } : o,
  )
  softtr.load({ orders, products: data.products } satisfies SofttrData)
  return facts([...picked])
}

const endpoints = (): EmulatorReply => ({
  ok: true,
  kind: 'endpoints',
  softtr: endpoint(softtr),
  setrow: endpoint(setrow),
})

answerCalls(
  (call: EmulatorCall): EmulatorReply => {
    switch (call.kind) {
      case 'endpoints':
        return endpoints()
      case 'counts':
        return { ok: true, kind: 'counts', counts: served.takeCounts() }
      case 'reset-setrow':
        setrow.reset()
        return { ok: true, kind: 'reset-setrow' }
      case 'seed':
        softtr.reseed({
          seed: start.seed,
          sizes: { ...softtr.seedOptions.sizes, orders: call.orders, customers: call.customers },
        })
        setrow.reset()
        return { ok: true, kind: 'seed' }
      case 'window':
        return { ok: true, kind: 'window', facts: facts(ordersSince(call.since)) }
      case 'change':
        return { ok: true, kind: 'change', changed: change(call.since, call.count) }
    }
  },
  { ready: endpoints(), close: served.close },
)
