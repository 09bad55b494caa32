/**
 * The states a dashboard serves: a configuration's, or each tenant's of a PostgreSQL state. A space
 * pairs a store with its pipelines, whose clients count each run's requests for the dashboard.
 */
import type { Hooks } from '../core/transport.ts'
import type { StateStore } from '../model/state.ts'
import { openState } from '../sync/open-state.ts'
import { buildPipelines, clientsFromConfig } from '../sync/recipes.ts'
import type { PipelineDef } from '../sync/stream.ts'
import { TenantRegistry } from '../sync/tenants.ts'
import type { Space } from './data.ts'
import { Launches } from './launches.ts'

/**
 * A space over `store`; `pipelines` builds them with the hooks their clients must carry (the
 * requests of the dashboard's runs are counted through them).
 */
export async function spaceOver(
  store: StateStore,
  pipelines: (hooks: Hooks) => PipelineDef[] | Promise<PipelineDef[]>,
  options: { tenant?: string; everySeconds?: number | undefined } = {},
): Promise<Space> {
  // the clients exist before the launches that count their requests: the hooks look them up late
  const late: { launches?: Launches } = {}
  const built = await pipelines({
    afterResponse: (state) => late.launches?.hooks.afterResponse?.(state),
    beforeRetry: (state) => late.launches?.hooks.beforeRetry?.(state),
  })
  const launches = (late.launches = new Launches({ store, pipelines: () => built }))
  return {
    tenant: options.tenant ?? 'default',
    store,
    pipelines: () => built,
    launches,
    everySeconds: options.everySeconds,
  }
}

/** Every tenant of the PostgreSQL state at `url`, each with its pipelines as a worker builds them. */
export async function tenantSpaces(
  url: string,
  env: Record<string, string | undefined> = process.env,
): Promise<Space[]> {
  const registry = await TenantRegistry.open(url, env)
  const spaces: Space[] = []
  try {
    for (const { name } of await registry.list()) {
      const tenant = await registry.get(name)
      if (!tenant) continue
      const store = await openState(url, { tenant: name })
      const secrets = { ...env, ...tenant.secrets }
      spaces.push(
        await spaceOver(
          store,
          async (hooks) =>
            buildPipelines(
              tenant.config,
              await clientsFromConfig(tenant.config, { hooks }, secrets),
            ),
          { tenant: name, everySeconds: tenant.everySeconds },
        ),
      )
    }
  } catch (error) {
    for (const space of spaces) await space.store.close()
    throw error
  } finally {
    await registry.close()
  }
  return spaces
}

/**
 * Runs each pipeline of each space once its `everySeconds` have passed since its last run started
 * (at once when it never ran), one at a time per space; a pipeline running already (its lock held
 * by a sync elsewhere) is left to that run. Checks every `tickMs`.
 */
export function scheduleRuns(spaces: readonly Space[], tickMs = 1_000): NodeJS.Timeout {
  const due = async (space: Space, pipeline: string) => {
    const last = (await space.store.runs({ pipeline, limit: 20 })).find((r) => !r.dryRun)
    return !last || Date.now() - Date.parse(last.startedAt) >= space.everySeconds! * 1000
  }
  const tick = async () => {
    for (const space of spaces) {
      if (!space.everySeconds) continue
      for (const pipeline of space.pipelines())
        if (await due(space, pipeline.name))
          await space.launches.start(pipeline.name, false).then(
            (launch) => space.launches.settled(launch.id),
            () => undefined,
          )
    }
  }
  let ticking = false
  const timer = setInterval(() => {
    if (ticking) return
    ticking = true
    tick()
      .catch(() => undefined) // the state unreachable for now: the next tick tries again
      .finally(() => (ticking = false))
  }, tickMs)
  timer.unref()
  return timer
}
