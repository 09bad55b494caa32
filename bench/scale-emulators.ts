/**
 * The emulators of `scale.bench.ts`, in a process of their own (one per shard of tenants), so that
 * the workers and the bench keep their cores: a Softtr and a Setrow per tenant, each on a port of
 * its own, so every tenant is a vendor account of its own. Every answer is counted here, by tenant
 * and operation, and Softtr's also by second and status (the request logs keep only 2,000 entries).
 *
 * Talks with the bench over the fork IPC channel: one `ShardCall` in, one `ShardReply` out.
 */
import { setrowEmulator } from '../src/apis/setrow/emulator/index.ts'
import { softtrEmulator } from '../src/apis/softtr/emulator/index.ts'
import type { SofttrData } from '../src/apis/softtr/emulator/store.ts'
import type { ChaosSettings } from '../src/emulator/chaos.ts'
import { createEmulator, type Emulator } from '../src/emulator/host.ts'
import { serveEmulators } from '../src/emulator/serve.ts'
import { answerCalls, jobOf, type Failure } from './child-process.ts'
import { endpointOf, onAnswer, type Endpoint } from './served-emulators.ts'
import type { WindowFacts } from './sync-emulators.ts'

export interface ShardStart {
  /** the first tenant's index: tenant i is seeded with `seed + i` */
  first: number
  count: number
  orders: number
  customers: number
  seed: number
}

export interface TenantEndpoints {
  softtr: Endpoint
  setrow: Endpoint
}

/** Softtr's answers in one wall-clock second: all of them, and those refused with 429. */
export interface SecondCount {
  answered: number
  throttled: number
}

export interface TenantCounts {
  /** answers by `<api>.<operationId>` */
  ops: Record<string, number>
  /** Softtr's answers by the wall-clock second (epoch seconds) their request came in */
  softtrSeconds: Record<number, SecondCount>
}

export type ShardCall =
  | { kind: 'endpoints' }
  /** replaces the chaos of one API's emulators (of the tenants given, else all); `{}` turns it off */
  | {
      kind: 'chaos'
      api: 'softtr' | 'setrow'
      settings: Partial<ChaosSettings>
      tenants?: number[]
    }
  /** every Setrow back to its seed account, as before a first sync */
  | { kind: 'reset-setrow' }
  /** the counts since the last `counts`, per tenant of the shard */
  | { kind: 'counts' }
  /** per tenant: the orders placed on or after `since` (ISO) and their distinct customers */
  | { kind: 'window'; since: string }

export type ShardReply =
  | { ok: true; kind: 'endpoints'; tenants: TenantEndpoints[] }
  | { ok: true; kind: 'chaos' | 'reset-setrow' }
  | { ok: true; kind: 'counts'; tenants: TenantCounts[] }
  | { ok: true; kind: 'window'; tenants: WindowFacts[] }
  | Failure

const start = jobOf<ShardStart>(import.meta.url, 'scale.bench.ts')
const tenants = Array.from({ length: start.count }, (_, i) => {
  const seed = start.seed + start.first + i
  const softtr = createEmulator(softtrEmulator, {
    seed,
    sizes: { orders: start.orders, customers: start.customers },
  })
  const setrow = createEmulator(setrowEmulator, { seed })
  const counts: TenantCounts = { ops: {}, softtrSeconds: {} }
  return { softtr, setrow, counts }
})

for (const tenant of tenants) {
  // the host's generic state type is its business; these are only counted and served
  for (const emulator of [tenant.softtr, tenant.setrow] as unknown as Emulator[]) {
    const isSofttr = emulator.name === 'softtr'
    onAnswer(emulator, (key, entry) => {
      const { counts } = tenant
      counts.ops[key] = (counts.ops[key] ?? 0) + 1
      if (isSofttr) {
        // the second the request came in, as the rate limit's window counts it (not when the
        // answer left, a latency later)
        const second = Math.floor(Date.parse(entry.at) / 1000)
        const slot = (counts.softtrSeconds[second] ??= { answered: 0, throttled: 0 })
        slot.answered++
        if (entry.status === 429) slot.throttled++
      }
    })
  }
}

const serving = await serveEmulators(
  tenants.flatMap((t) => [t.softtr, t.setrow] as unknown as Emulator[]),
)
const endpoints = (): TenantEndpoints[] =>
  tenants.map((t) => ({
    softtr: endpointOf(serving, t.softtr),
    setrow: endpointOf(serving, t.setrow),
  }))

/** Distinct customers as the sync keys them: the invoice e-mail, lower-cased. */
function window(softtr: Emulator, since: string): WindowFacts {
  const orders = (softtr.dump() as SofttrData).orders.filter((o) => o.placedAt >= since)
  return {
    orders: orders.length,
    customers: new Set(orders.map((o) => o.invoiceDetails.invoiceMail.trim().toLowerCase())).size,
  }
}

answerCalls(
  (call: ShardCall): ShardReply => {
    switch (call.kind) {
      case 'endpoints':
        return { ok: true, kind: 'endpoints', tenants: endpoints() }
      case 'chaos':
        tenants.forEach((t, i) => {
          if (!call.tenants || call.tenants.includes(start.first + i))
            t[call.api].chaos.configure(call.settings)
        })
        return { ok: true, kind: 'chaos' }
      case 'reset-setrow':
        for (const t of tenants) t.setrow.reset()
        return { ok: true, kind: 'reset-setrow' }
      case 'counts': {
        const counts = tenants.map((t) => t.counts)
        for (const t of tenants) t.counts = { ops: {}, softtrSeconds: {} }
        return { ok: true, kind: 'counts', tenants: counts }
      }
      case 'window':
        return {
          ok: true,
          kind: 'window',
          tenants: tenants.map((t) => window(t.softtr as unknown as Emulator, call.since)),
        }
    }
  },
  { ready: { ok: true, kind: 'endpoints', tenants: endpoints() }, close: serving.close },
)
