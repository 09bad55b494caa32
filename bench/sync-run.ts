/**
 * One `customers-and-orders` run (from Softtr only) of `sync.bench.ts`, in a process of its own so
 * its peak RSS is the sync's alone: config and clients as `kopru sync` builds them from kopru.yaml,
 * the SQLite state store in `state`, the emulators of `sync-emulators.ts` over loopback.
 *
 * Counts each HTTP exchange by operation (an `afterResponse` hook), optionally writes every request
 * it sends to `record` (one JSON line each, for `sync-replay.ts`), and answers one `SyncReport` over
 * the fork IPC channel.
 */
import { closeSync, openSync, writeSync } from 'node:fs'
import { setrowCustomersSink, setrowGroupId } from '../src/apis/setrow/connector.ts'
import { configSchema } from '../src/sync/config.ts'
import { runPipeline, type RunResult } from '../src/sync/engine.ts'
import { buildPipelines, clientsFromConfig } from '../src/sync/recipes.ts'
import { SqliteStateStore } from '../src/sync/sqlite.ts'
import { deferredSink } from '../src/model/connector.ts'
import type { Endpoint } from './sync-emulators.ts'

export interface SyncJob {
  softtr: Endpoint
  setrow: Endpoint
  /** the state file; a missing one is a first run */
  state: string
  /** the Setrow customers sink's `lookupExisting` (kopru.yaml cannot set it; true is its default) */
  lookupExisting: boolean
  /** where to write the requests sent, one JSON line each (`RecordedRequest`) */
  record?: string
}

/**
 * A recorded request: a JSON line without the body, then the body as it went (a JSON or form body
 * holds no line break) on a line of its own when `body` was sent.
 */
export interface RecordedRequest {
  /** `<api>.<operationId>` */
  op: string
  method: string
  url: string
  headers: Record<string, string>
  body?: string
}

export interface SyncReport {
  ok: true
  /** runPipeline's own time, from lock to finish */
  ms: number
  /** peak resident set size of this process, bytes */
  maxRss: number
  /** largest V8 heap in use seen (sampled every 100 ms), bytes */
  maxHeap: number
  /** HTTP exchanges by `<api>.<operationId>` */
  requests: Record<string, number>
  /** open dead letters by code after the run */
  deadLetters: Record<string, number>
  result: Pick<RunResult, 'status' | 'counts' | 'error'>
}

/** Writes recorded requests in 1 MB chunks: the timed run pays no per-request write. */
class Recorder {
  private readonly fd: number
  private parts: string[] = []
  private size = 0

  constructor(file: string) {
    this.fd = openSync(file, 'w')
  }

  add({ body, ...meta }: RecordedRequest): void {
    this.push(`${JSON.stringify({ ...meta, hasBody: body !== undefined })}\n`)
    if (body !== undefined) this.push(`${body}\n`)
  }

  private push(text: string): void {
    this.parts.push(text)
    this.size += text.length
    if (this.size > 1 << 20) this.flush()
  }

  private flush(): void {
    writeSync(this.fd, this.parts.join(''))
    this.parts = []
    this.size = 0
  }

  close(): void {
    this.flush()
    closeSync(this.fd)
  }
}

const send = (reply: SyncReport | { ok: false; error: string }) =>
  new Promise<void>((resolve) => process.send!(reply, () => resolve()))
if (!process.send) throw new Error('bench/sync-run.ts runs as a child of sync.bench.ts')

async function main(job: SyncJob): Promise<SyncReport> {
  const envNames = { softtr: 'BENCH_SOFTTR', setrow: 'BENCH_SETROW' } as const
  const env: Record<string, string> = {}
  const connection = (api: keyof typeof envNames, endpoint: Endpoint) => {
    const names = Object.fromEntries(
      Object.keys(endpoint.credentials).map((key) => [
        key,
        `${envNames[api]}_${key.toUpperCase()}`,
      ]),
    )
    for (const [key, name] of Object.entries(names)) env[name] = endpoint.credentials[key]!
    return { baseUrl: endpoint.baseUrl, env: names }
  }
  const config = configSchema.parse({
    connections: {
      softtr: connection('softtr', job.softtr),
      setrow: connection('setrow', job.setrow),
    },
    pipelines: { 'customers-and-orders': { from: ['softtr'] } },
  })

  const requests: Record<string, number> = {}
  const recorder = job.record ? new Recorder(job.record) : undefined
  const clients = clientsFromConfig(
    config,
    {
      hooks: {
        beforeRequest: ({ api, operationId, request }) =>
          recorder?.add({
            op: `${api}.${operationId}`,
            method: request.method,
            url: request.url.toString(),
            headers: Object.fromEntries(request.headers),
            ...(request.body !== undefined ? { body: request.body } : {}),
          }),
        afterResponse: ({ api, operationId }) => {
          const key = `${api}.${operationId}`
          requests[key] = (requests[key] ?? 0) + 1
        },
      },
    },
    env,
  )
  const [pipeline] = buildPipelines(config, clients)
  if (!pipeline) throw new Error('no customers-and-orders pipeline built')
  if (!job.lookupExisting) {
    // the recipe's sink with the one option kopru.yaml does not reach
    const co = config.pipelines['customers-and-orders']!
    const setrow = clients.setrow!
    const customers = pipeline.streams.find((s) => s.name === 'customers')!
    customers.sink = deferredSink('setrow contacts', 1000, async () =>
      setrowCustomersSink(setrow, {
        emailGroupId: await setrowGroupId(setrow, 'email', co.emailGroup),
        smsGroupId: await setrowGroupId(setrow, 'sms', co.smsGroup),
        permission: co.permission,
        lookupExisting: false,
      }),
    ) as typeof customers.sink
  }

  let maxHeap = 0
  const sample = setInterval(() => {
    maxHeap = Math.max(maxHeap, process.memoryUsage().heapUsed)
  }, 100)
  const store = new SqliteStateStore(job.state)
  try {
    const started = performance.now()
    const result = await runPipeline(pipeline, { store })
    const ms = performance.now() - started
    maxHeap = Math.max(maxHeap, process.memoryUsage().heapUsed)
    const deadLetters: Record<string, number> = {}
    for (const d of await store.deadLetters({ status: 'open', limit: 1_000_000 }))
      deadLetters[d.code ?? '?'] = (deadLetters[d.code ?? '?'] ?? 0) + 1
    return {
      ok: true,
      ms,
      maxRss: process.resourceUsage().maxRSS * 1024,
      maxHeap,
      requests,
      deadLetters,
      result: { status: result.status, counts: result.counts, error: result.error },
    }
  } finally {
    clearInterval(sample)
    await store.close()
    recorder?.close()
  }
}

main(JSON.parse(process.argv[2]!) as SyncJob).then(
  async (report) => {
    await send(report)
    process.exit(0)
  },
  async (error: unknown) => {
    await send({
      ok: false,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    })
    process.exit(1)
  },
)
