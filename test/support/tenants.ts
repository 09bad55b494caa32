/** Pieces the distributed tests share: tenants' configs from served emulators, runs to wait for. */
import type { Servable, Serving } from '../../src/emulator/serve.ts'
import type { TenantRegistry } from '../../src/sync/tenants.ts'
import type { ApiName } from './sync-world.ts'

/** The base URL of every emulator `serving` serves, by API: what a tenant's kopru.yaml names. */
export function servedUrls<E extends Servable>(serving: Serving<E>) {
  return Object.fromEntries(serving.served.map((s) => [s.emulator.name, s.baseUrl])) as Record<
    'softtr' | 'narwoo' | 'setrow',
    string
  > &
    Partial<Record<ApiName, string>>
}

/** How many runs make these tenants done: one per enabled pipeline of each. */
export async function runsExpected(
  registry: TenantRegistry,
  tenants: readonly string[],
): Promise<number> {
  return (await registry.list())
    .filter((t) => tenants.includes(t.name))
    .reduce((n, t) => n + t.pipelines.length, 0)
}
