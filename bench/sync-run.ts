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
import { buildPipelines } from '../src/sync/recipes.ts'
import { deferredSink } from '../src/model/connector.ts'
import { jobOf, reportOnce } from './child-process.ts'
import { benchClients, measuredRun, type RunReport } from './pipeline-run.ts'
import type { Endpoint } from './served-emulators.ts'

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

export interface SyncReport extends RunReport {
  /** largest V8 heap in use seen (sampled every 100 ms), bytes */
  maxHeap: number
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

async function main(job: SyncJob): Promise<SyncReport> {
  const recorder = job.record ? new Recorder(job.record) : undefined
  const { config, clients, requests } = await benchClients(
    { softtr: job.softtr, setrow: job.setrow },
    { 'customers-and-orders': { from: ['softtr'] } },
    ({ api, operationId, request }) =>
      recorder?.add({
        op: `${api}.${operationId}`,
        method: request.method,
        url: request.url.toString(),
        headers: Object.fromEntries(request.headers),
        ...(request.body !== undefined ? { body: request.body } : {}),
      }),
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
  const sampleHeap = () => {
    maxHeap = Math.max(maxHeap, process.memoryUsage().heapUsed)
  }
  const sample = setInterval(sampleHeap, 100)
  try {
    const report = await measuredRun(pipeline, job.state, requests, sampleHeap)
    return { ...report, maxHeap }
  } finally {
    clearInterval(sample)
    recorder?.close()
  }
}

reportOnce(main(jobOf<SyncJob>(import.meta.url, 'sync.bench.ts')))
