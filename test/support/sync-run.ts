/**
 * All five emulators in process with every pipeline of kopru.yaml, a SQLite state in memory, and a
 * `run` that runs the named pipelines (default: all) on the tests' clock.
 */
import type { ClientOptions } from '../../src/core/client.ts'
import type { Planned } from '../../src/model/connector.ts'
import { runPipeline, type RunOptions, type RunResult } from '../../src/sync/engine.ts'
import { buildPipelines, type Clients } from '../../src/sync/recipes.ts'
import { SqliteStateStore } from '../../src/sync/sqlite.ts'
import type { PipelineDef } from '../../src/sync/stream.ts'
import {
  createWorld,
  inProcessClients,
  worldConfigInput,
  worldUrls,
  type World,
  type WorldOptions,
} from './sync-world.ts'
import { configSchema } from '../../src/sync/config.ts'

export interface FiveSync {
  world: World
  clients: Clients
  pipelines: PipelineDef[]
  store: SqliteStateStore
  run(names?: string[], options?: Partial<RunOptions>): Promise<RunResult[]>
  close(): Promise<void>
}

export async function fiveSync(
  options: WorldOptions,
  clientOptions: ClientOptions = {},
  pipelines: Record<string, unknown> = {},
): Promise<FiveSync> {
  const world = createWorld(options)
  const clients = await inProcessClients(world, clientOptions)
  const input = worldConfigInput(worldUrls(world))
  const config = configSchema.parse({ ...input, pipelines: { ...input.pipelines, ...pipelines } })
  const defs = buildPipelines(config, clients)
  const store = new SqliteStateStore(':memory:')
  return {
    world,
    clients,
    pipelines: defs,
    store,
    async run(names, runOptions = {}) {
      const results: RunResult[] = []
      for (const pipeline of defs)
        if (!names || names.includes(pipeline.name))
          results.push(
            await runPipeline(pipeline, {
              store,
              clock: () => options.now,
              streamRetryDelaysMs: [0, 0, 0, 0, 0],
              ...runOptions,
            }),
          )
      return results
    },
    close: () => store.close(),
  }
}

/** 30% transient faults: throttling, server errors and dropped connections, seeded. */
export const faults = (seed: number) => ({
  seed,
  errors: { '429': 0.1, '500': 0.05, '502': 0.05, '503': 0.05 },
  drop: 0.05,
  retryAfterSeconds: 0,
})

/** Collects `<stream> <action> <key>` of each record a run planned, for `onPlan`. */
export const planInto = (into: string[]) => (stream: string, p: Planned<unknown>) => {
  into.push(`${stream} ${p.action} ${p.key}`)
}
