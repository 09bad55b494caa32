/**
 * The baseline of `sync-latency.bench.ts`: the minimal request sequence of a full sync (what
 * `sync-run.ts` recorded), replayed with plain `fetch` as `sync-replay.ts` replays it, but with the
 * requests in flight chosen per step kind, and a search for the best of them. In a process of its
 * own, as the sync runs in one.
 *
 * The sequence is kept to the operations of the minimum: list pages, order details, `orders/add`,
 * `email/add` and `sms/add`, each with the exact URL, headers and body the sync sent. Consecutive
 * requests of one kind form a step; a step starts when the one before has ended, as in the sync.
 * Every answer is read whole and checked as `sync-replay.ts` checks it: HTTP 200 and, from Setrow,
 * its success envelope (the items a bulk write refuses are counted). The Setrow group look-ups
 * (and creation) the recorded group ids stand on are sent first, untimed.
 *
 * Three jobs:
 * - `replay`: every step, each kind at `concurrency[kind]`; any answer but a 200 throws. The timed
 *   baseline.
 * - `replay` with `tolerate429`: the same, but a 429 is counted (by kind) instead of thrown, and
 *   its request not repeated: the check that the concurrencies found hold over the whole sequence.
 * - `search`: for each step kind, trials at increasing concurrencies (`ladder`, up to the kind's
 *   largest step: beyond it nothing changes), each on a fresh Setrow (reset through its admin API,
 *   the group set-up sent again) when the kind writes there. A trial runs the kind's steps in their
 *   recorded order until `budgetMs` has passed (whole steps; a reading kind's steps again from the
 *   first when they run out before, a writing kind's once), and ends at its first 429; the time per
 *   request is compared, and the ladder ends at the first trial a 429 answered. The fastest trial
 *   without a 429 gives the kind's concurrency.
 *
 * `alignToSecond`: every timed part starts at the start of a wall-clock second, so a per-second rate
 * limit (the emulators' chaos counts fixed one-second windows) starts each from an empty window.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { jobOf, reportOnce } from './child-process.ts'
import { readRecorded, sendRecorded } from './recorded.ts'
import type { RecordedRequest } from './sync-run.ts'

/** operation → step kind; the kinds in the order of sync-replay.ts */
const MINIMAL: Record<string, string> = {
  'softtr.orders.list': 'list',
  'softtr.orders.get': 'details',
  'setrow.orders.add': 'orders',
  'setrow.email.add': 'contacts',
  'setrow.sms.add': 'contacts',
}

export interface LatencyReplayJob {
  kind: 'replay'
  record: string
  /** requests in flight per step kind (`list`, `details`, `orders`, `contacts`); 1 when absent */
  concurrency: Record<string, number>
  /** count a 429 by step kind instead of throwing */
  tolerate429?: boolean
  alignToSecond?: boolean
}

export interface LatencySearchJob {
  kind: 'search'
  record: string
  /** concurrencies tried, increasing */
  ladder: number[]
  /** a trial ends with the first step that ends this long after its start */
  budgetMs: number
  /** Setrow's admin API (`<origin>/__kopru/`), to reset the account before a trial that writes */
  setrowAdmin: string
  alignToSecond?: boolean
}

export interface LatencyReplayReport {
  ok: true
  ms: number
  /** requests sent by operation (429s included when tolerated) */
  requests: Record<string, number>
  /** step kind → time spent in its steps, ms */
  kindMs: Record<string, number>
  /** step kind → answers that were a 429 (with `tolerate429`) */
  refused: Record<string, number>
  /** items a Setrow bulk write refused (the sync's dead letters, refused again) */
  failedItems: number
}

export interface Trial {
  concurrency: number
  /** requests answered 200 */
  requests: number
  ms: number
  /** answers that were a 429 */
  refused: number
}

export interface KindSearch {
  kind: string
  steps: number
  largestStep: number
  trials: Trial[]
  /** the concurrency of the fastest trial without a 429 */
  best: number
}

export interface LatencySearchReport {
  ok: true
  kinds: KindSearch[]
}

interface Step {
  kind: string
  requests: RecordedRequest[]
}

/** The steps, and the group look-ups and creations the writes' group ids stand on (untimed). */
async function load(file: string): Promise<{ setup: RecordedRequest[]; steps: Step[] }> {
  const setup: RecordedRequest[] = []
  const steps: Step[] = []
  for await (const request of readRecorded(file)) {
    if (request.op.startsWith('setrow.groups.')) setup.push(request)
    const kind = MINIMAL[request.op]
    if (!kind) continue
    if (steps.at(-1)?.kind !== kind) steps.push({ kind, requests: [] })
    steps.at(-1)!.requests.push(request)
  }
  return { setup, steps }
}

let failedItems = 0

/** Sends one request and checks its answer; a 429 is answered as `429` when `tolerate429`. */
async function exchange(request: RecordedRequest, tolerate429 = false): Promise<200 | 429> {
  const { status, failedItems: failed } = await sendRecorded(request, tolerate429)
  failedItems += failed
  return status
}

/**
 * Runs a step at `concurrency`; resolves with its 429s (with `tolerate429`). `stopAt429`: no
 * request is started after the first 429 (a search trial is over by then).
 */
async function run(
  step: Step,
  concurrency: number,
  { tolerate429 = false, stopAt429 = false } = {},
): Promise<{ answered: number; refused: number }> {
  let next = 0
  let answered = 0
  let refused = 0
  const lane = async () => {
    while (next < step.requests.length && !(stopAt429 && refused)) {
      if ((await exchange(step.requests[next++]!, tolerate429)) === 429) refused++
      else answered++
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, step.requests.length) }, lane))
  return { answered, refused }
}

/** Waits for the next wall-clock second to start, when asked to. */
const align = async (on: boolean | undefined) => {
  if (on) await sleep(1000 - (Date.now() % 1000) + 5)
}

async function replay(job: LatencyReplayJob): Promise<LatencyReplayReport> {
  const { setup, steps } = await load(job.record)
  for (const request of setup) await exchange(request)
  const requests: Record<string, number> = {}
  for (const step of steps)
    for (const { op } of step.requests) requests[op] = (requests[op] ?? 0) + 1
  const kindMs: Record<string, number> = {}
  const refused: Record<string, number> = {}
  await align(job.alignToSecond)
  const started = performance.now()
  for (const step of steps) {
    const stepStarted = performance.now()
    const done = await run(step, job.concurrency[step.kind] ?? 1, { tolerate429: job.tolerate429 })
    kindMs[step.kind] = (kindMs[step.kind] ?? 0) + performance.now() - stepStarted
    if (done.refused) refused[step.kind] = (refused[step.kind] ?? 0) + done.refused
  }
  return { ok: true, ms: performance.now() - started, requests, kindMs, refused, failedItems }
}

async function search(job: LatencySearchJob): Promise<LatencySearchReport> {
  const { setup, steps } = await load(job.record)
  const kinds = [...new Set(steps.map((s) => s.kind))]
  const fresh = async () => {
    const answer = await fetch(`${job.setrowAdmin}reset`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    })
    if (answer.status !== 200) throw new Error(`Setrow reset answered ${answer.status}`)
    await answer.text()
    for (const request of setup) await exchange(request)
  }
  const found: KindSearch[] = []
  for (const kind of kinds) {
    const ofKind = steps.filter((s) => s.kind === kind)
    const largestStep = Math.max(...ofKind.map((s) => s.requests.length))
    const writes = ofKind[0]!.requests[0]!.op.startsWith('setrow.')
    const trials: Trial[] = []
    for (const concurrency of job.ladder) {
      if (trials.length && trials.at(-1)!.concurrency >= largestStep) break
      if (writes) await fresh()
      await align(job.alignToSecond)
      const trial: Trial = { concurrency, requests: 0, ms: 0, refused: 0 }
      const started = performance.now()
      const over = () => trial.refused > 0 || performance.now() - started >= job.budgetMs
      // reads are sent again until the budget is spent: a per-second limit shows only in seconds
      do {
        for (const step of ofKind) {
          const done = await run(step, concurrency, { tolerate429: true, stopAt429: true })
          trial.requests += done.answered
          trial.refused += done.refused
          if (over()) break
        }
      } while (!writes && !over())
      trial.ms = performance.now() - started
      trials.push(trial)
      if (trial.refused) break
    }
    const clean = trials.filter((t) => !t.refused && t.requests)
    if (!clean.length) throw new Error(`${kind}: a 429 even one request at a time`)
    const best = clean.reduce((a, b) => (b.ms / b.requests < a.ms / a.requests ? b : a))
    found.push({ kind, steps: ofKind.length, largestStep, trials, best: best.concurrency })
  }
  return { ok: true, kinds: found }
}

const job = jobOf<LatencyReplayJob | LatencySearchJob>(import.meta.url, 'sync-latency.bench.ts')
if (job.kind === 'search') reportOnce(search(job))
else reportOnce(replay(job))
