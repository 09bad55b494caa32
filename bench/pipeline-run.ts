/**
 * One pipeline run in a bench's sync child (`sync-run.ts`, `loyalty-run.ts`), as `kopru sync`
 * builds it from kopru.yaml: a connection per emulator, clients that count every HTTP exchange by
 * operation, and a timed run against a SQLite state file, with what it left behind.
 */
import { buildProgram } from '../src/cli/main.ts'
import type { HookState } from '../src/core/transport.ts'
import { configSchema } from '../src/sync/config.ts'
import { runPipeline, type RunResult } from '../src/sync/engine.ts'
import { clientsFromConfig } from '../src/sync/recipes.ts'
import { SqliteStateStore } from '../src/sync/sqlite.ts'
import type { PipelineDef } from '../src/sync/stream.ts'
import type { Endpoint } from './served-emulators.ts'

/** What a sync child reports of its run. */
export interface RunReport {
  ok: true
  /** runPipeline's own time, from lock to finish */
  ms: number
  /** peak resident set size of this process, bytes */
  maxRss: number
  /** HTTP exchanges by `<api>.<operationId>`, as the client saw them */
  requests: Record<string, number>
  /** open dead letters by code after the run */
  deadLetters: Record<string, number>
  result: Pick<RunResult, 'status' | 'counts' | 'error'>
}

/**
 * The config kopru.yaml would give for `pipelines`, with a connection to each endpoint (its
 * credentials in `env` as `BENCH_<API>_<KEY>`), and the clients built from it, each exchange
 * counted in `requests`; `beforeRequest` sees every request first. The `kopru sync` command is
 * loaded first, so the child holds what the command's process holds: its peak RSS is then the
 * command's (V8 lets garbage grow to a few times what stays live).
 */
export async function benchClients(
  endpoints: Record<string, Endpoint>,
  pipelines: Record<string, unknown>,
  beforeRequest?: (state: HookState) => void,
) {
  await buildProgram('sync')
  const env: Record<string, string> = {}
  const connections = Object.fromEntries(
    Object.entries(endpoints).map(([api, endpoint]) => {
      const names: Record<string, string> = {}
      for (const [key, value] of Object.entries(endpoint.credentials)) {
        const name = `BENCH_${api.toUpperCase()}_${key.toUpperCase()}`
        names[key] = name
        env[name] = value
      }
      return [api, { baseUrl: endpoint.baseUrl, env: names }]
    }),
  )
  const config = configSchema.parse({ connections, pipelines })
  const requests: Record<string, number> = {}
  const clients = await clientsFromConfig(
    config,
    {
      hooks: {
        ...(beforeRequest ? { beforeRequest } : {}),
        afterResponse: ({ api, operationId }) => {
          const key = `${api}.${operationId}`
          requests[key] = (requests[key] ?? 0) + 1
        },
      },
    },
    env,
  )
  return { config, clients, requests }
}

/**
 * Runs `pipeline` against the SQLite state in `state` (a missing file is a first run), timing
 * runPipeline alone; `finished` is called as soon as it returns, before the dead letters are read.
 */
export async function measuredRun(
  pipeline: PipelineDef,
  state: string,
  requests: Record<string, number>,
  finished?: () => void,
): Promise<RunReport> {
  const store = new SqliteStateStore(state)
  try {
    const started = performance.now()
    const result = await runPipeline(pipeline, { store })
    const ms = performance.now() - started
    finished?.()
    const deadLetters: Record<string, number> = {}
    for (const d of await store.deadLetters({ status: 'open', limit: 1_000_000 }))
      deadLetters[d.code ?? '?'] = (deadLetters[d.code ?? '?'] ?? 0) + 1
    return {
      ok: true,
      ms,
      maxRss: process.resourceUsage().maxRSS * 1024,
      requests,
      deadLetters,
      result: { status: result.status, counts: result.counts, error: result.error },
    }
  } finally {
    await store.close()
  }
}
