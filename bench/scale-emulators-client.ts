/**
 * The bench's side of `scale-emulators.ts`: the tenants' emulators split over a few processes
 * (shards), so that serving a few thousand requests a second is not one event loop's pace, and
 * spoken to as one.
 */
import type { ChaosSettings } from '../src/emulator/chaos.ts'
import { startChild, type Child } from './child-process.ts'
import { processCpuSeconds, profileArgv } from './scale-services.ts'
import type {
  ShardCall,
  ShardReply,
  ShardStart,
  TenantCounts,
  TenantEndpoints,
} from './scale-emulators.ts'
import type { WindowFacts } from './sync-emulators.ts'

type Shard = Child<ShardCall, ShardReply>

/** One shard's process; its calls are answered one at a time, in order. */
const startShard = (start: ShardStart): Promise<Shard> =>
  startChild<ShardCall, ShardReply>('./scale-emulators.ts', start, {
    name: 'emulators',
    execArgv: profileArgv,
    // a shard that does not end on its own within 5 s is ended
    killAfterMs: 5000,
  })

export interface TenantEmulators {
  /** each tenant's Softtr and Setrow, by tenant index */
  endpoints: TenantEndpoints[]
  chaos(
    api: 'softtr' | 'setrow',
    settings: Partial<ChaosSettings>,
    tenants?: number[],
  ): Promise<void>
  resetSetrow(): Promise<void>
  /** what each tenant's emulators answered since the last call */
  counts(): Promise<TenantCounts[]>
  window(since: string): Promise<WindowFacts[]>
  /** CPU seconds the emulators' processes have used so far */
  cpuSeconds(): number
  close(): Promise<void>
}

/** `tenants` tenants' emulators over `shards` processes (tenant i is seeded with `seed + i`). */
export async function startTenantEmulators(options: {
  tenants: number
  orders: number
  customers: number
  seed: number
  shards: number
}): Promise<TenantEmulators> {
  const shardCount = Math.max(1, Math.min(options.shards, options.tenants))
  const size = Math.ceil(options.tenants / shardCount)
  const started = await Promise.allSettled(
    Array.from({ length: shardCount }, (_, s) =>
      startShard({
        first: s * size,
        count: Math.min(size, options.tenants - s * size),
        orders: options.orders,
        customers: options.customers,
        seed: options.seed,
      }),
    ),
  )
  const shards = started.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []))
  const close = async () => void (await Promise.all(shards.map((s) => s.close())))
  const failed = started.find((r) => r.status === 'rejected')
  if (failed) {
    await close()
    throw failed.reason
  }
  const all = <K extends ShardCall['kind']>(call: Extract<ShardCall, { kind: K }>) =>
    Promise.all(shards.map((s) => s.call<K>(call)))
  const endpoints = (await all({ kind: 'endpoints' })).flatMap((r) => r.tenants)
  return {
    endpoints,
    chaos: async (api, settings, tenants) =>
      void (await all({ kind: 'chaos', api, settings, ...(tenants ? { tenants } : {}) })),
    resetSetrow: async () => void (await all({ kind: 'reset-setrow' })),
    counts: async () => (await all({ kind: 'counts' })).flatMap((r) => r.tenants),
    window: async (since) => (await all({ kind: 'window', since })).flatMap((r) => r.tenants),
    cpuSeconds: () => shards.reduce((sum, s) => sum + processCpuSeconds(s.pid), 0),
    close,
  }
}
