/**
 * The baseline of `sync.bench.ts`: the minimal request sequence of a full sync, replayed with plain
 * `fetch` at the sync's own concurrency, in a process of its own as the sync runs in one.
 *
 * The sequence is what `sync-run.ts` recorded, kept to the operations of the minimum (`MINIMAL`):
 * list pages, order details, `orders/add`, `email/add` and `sms/add`, each with the exact URL,
 * headers and body the sync sent. Consecutive requests of one kind form a step, run at the
 * concurrency the sync used for it (a page alone, its details 4 at once, order writes 2 at once,
 * contact writes 2 batches × 2 channels), and a step starts when the one before has ended, as in the
 * sync. Every answer is read whole and checked: HTTP 200 and, from Setrow, its success envelope
 * (the items a bulk write refuses are counted). The Setrow group look-ups (and creation) the recorded group ids stand on are sent first,
 * untimed.
 */
import { jobOf, reportOnce } from './child-process.ts'
import { readRecorded, sendRecorded } from './recorded.ts'
import type { RecordedRequest } from './sync-run.ts'

/** operation → (step kind, requests in flight) */
const MINIMAL: Record<string, { step: string; concurrency: number }> = {
  'softtr.orders.list': { step: 'list', concurrency: 1 },
  'softtr.orders.get': { step: 'details', concurrency: 4 },
  'setrow.orders.add': { step: 'orders', concurrency: 2 },
  'setrow.email.add': { step: 'contacts', concurrency: 4 },
  'setrow.sms.add': { step: 'contacts', concurrency: 4 },
}

export interface ReplayJob {
  record: string
}

export interface ReplayReport {
  ok: true
  ms: number
  requests: Record<string, number>
  /** items a Setrow bulk write refused (the sync's dead letters, refused again) */
  failedItems: number
}

interface Step {
  concurrency: number
  requests: RecordedRequest[]
}

/** The steps, and the group look-ups and creations the writes' group ids stand on (untimed). */
async function load(file: string): Promise<{ setup: RecordedRequest[]; steps: Step[] }> {
  const setup: RecordedRequest[] = []
  const steps: Step[] = []
  let kind: string | undefined
  for await (const request of readRecorded(file)) {
    if (request.op.startsWith('setrow.groups.')) setup.push(request)
    const minimal = MINIMAL[request.op]
    if (!minimal) continue
    if (minimal.step !== kind) {
      steps.push({ concurrency: minimal.concurrency, requests: [] })
      kind = minimal.step
    }
    steps.at(-1)!.requests.push(request)
  }
  return { setup, steps }
}

let failedItems = 0

async function exchange(request: RecordedRequest): Promise<void> {
  failedItems += (await sendRecorded(request)).failedItems
}

async function run(step: Step): Promise<void> {
  let next = 0
  const lane = async () => {
    while (next < step.requests.length) await exchange(step.requests[next++]!)
  }
  await Promise.all(Array.from({ length: Math.min(step.concurrency, step.requests.length) }, lane))
}

async function main(job: ReplayJob): Promise<ReplayReport> {
  const { setup, steps } = await load(job.record)
  for (const request of setup) await exchange(request)
  const requests: Record<string, number> = {}
  for (const step of steps)
    for (const { op } of step.requests) requests[op] = (requests[op] ?? 0) + 1
  const started = performance.now()
  for (const step of steps) await run(step)
  return { ok: true, ms: performance.now() - started, requests, failedItems }
}

reportOnce(main(jobOf<ReplayJob>(import.meta.url, 'sync.bench.ts')))
