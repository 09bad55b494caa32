/**
 * Issue "At the limit": against real vendors a full sync waits far more than it computes. The
 * emulators of `sync.bench.ts` (Softtr seeded with 10,000 orders, 2,000 with `--quick`, and
 * `SYNC_LATENCY_ORDERS` overrides; Setrow with its default account; both served by a process of
 * their own, `sync-latency-emulators.ts`) answer every vendor call 50 ms late (chaos `latencyMs`,
 * `SYNC_LATENCY_MS` overrides; the admin API is never delayed). Compared:
 *
 * - kopru's full sync of the `customers-and-orders` pipeline with `from: [softtr]` (lookupExisting
 *   off, as in sync.bench.ts), in a fresh child process (`sync-run.ts`) from a fresh Setrow
 *   account, its clients paced as `kopru sync` paces them (adaptive concurrency per account);
 *   timed in its child: runPipeline's time.
 * - the same minimal request sequence (recorded by an untimed sync, as sync.bench.ts does) replayed
 *   with plain `fetch` (`sync-latency-replay.ts`), each step at the best concurrency the emulators
 *   allow without a 429: for each step kind (list pages, order details, `orders/add`, contact
 *   writes) trials at 1, 2, 4, … up to 64 (`SYNC_LATENCY_MAX_CONCURRENCY`) requests in flight,
 *   on a fresh Setrow when the kind writes there, each running the kind's steps for about three
 *   seconds (a reading kind's again from the first when they run out: a per-second limit shows
 *   only over seconds); the fastest trial per request without a 429 wins. A replay of the whole sequence at
 *   the concurrencies found then checks that no 429 comes (a kind that gets one is halved and the
 *   check repeated), and the timed replays run at them, every answer checked.
 *
 * Goal: the sync within 1.2× the replay's time, and its requests within 1.05× the minimum (the
 * replay sends exactly the minimum).
 *
 * Rate limits: neither Softtr's nor Setrow's document names one (src/apis/softtr/README.md and
 * src/apis/setrow/README.md, "Emulator limits", mention none; openapi/ has no 429 for either), and
 * the emulators answer 429 only when chaos sets `rateLimitPerSecond`, which is 0 (off) by default.
 * So by default none is set, and "the best concurrency allowed" is the top of the ladder or the
 * largest step, whichever is smaller. `SYNC_LATENCY_RATE_LIMITS=softtr=200,setrow=20` sets a
 * per-credential limit per emulator (fixed one-second windows, as chaos counts them); kopru is not
 * told it (no `rateLimit` on the connection): it finds it from the 429s, and its retries count in
 * its requests.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runChild, startChild } from './child-process.ts'
import { defineBench, interleave, report, type Sample } from './harness.ts'
import { count, figures, printAligned, seconds } from './report-tables.ts'
import { checkSync } from './sync.bench.ts'
import type {
  LatencyEmulatorCall,
  LatencyEmulatorReply,
  LatencyEmulatorStart,
} from './sync-latency-emulators.ts'
import type {
  LatencyReplayJob,
  LatencyReplayReport,
  LatencySearchJob,
  LatencySearchReport,
} from './sync-latency-replay.ts'
import type { WindowFacts } from './sync-emulators.ts'
import type { SyncJob, SyncReport } from './sync-run.ts'

const DAY = 86_400_000
const PAGE = 100
const BATCH = 1000
/** the recipe's first run reads this far back (kopru.yaml's customers-and-orders) */
const INITIAL_DAYS = 366
/** how long a search trial runs a step kind's steps */
const TRIAL_MS = 3000
/** the check of the concurrencies found is repeated at most this many times */
const CHECKS = 6

export default defineBench({
  title:
    'full sync with 50 ms per vendor call against its minimal requests at the best concurrency',
  async run(ctx) {
    const env = {
      SYNC_LATENCY_ORDERS: process.env.SYNC_LATENCY_ORDERS,
      SYNC_LATENCY_MS: process.env.SYNC_LATENCY_MS,
      SYNC_LATENCY_RATE_LIMITS: process.env.SYNC_LATENCY_RATE_LIMITS,
      SYNC_LATENCY_MAX_CONCURRENCY: process.env.SYNC_LATENCY_MAX_CONCURRENCY,
    }
    const orders = Number(env.SYNC_LATENCY_ORDERS ?? (ctx.quick ? 2_000 : 10_000))
    const latencyMs = Number(env.SYNC_LATENCY_MS ?? 50)
    const limits = rateLimits(env.SYNC_LATENCY_RATE_LIMITS)
    const maxConcurrency = Number(env.SYNC_LATENCY_MAX_CONCURRENCY ?? 64)
    const ladder: number[] = []
    for (let c = 1; c <= maxConcurrency; c *= 2) ladder.push(c)
    if (ladder.at(-1) !== maxConcurrency) ladder.push(maxConcurrency)
    const limited = Object.values(limits).some((n) => n > 0)
    const plan = ctx.plan({ rounds: 3, warmup: 0 }, { rounds: 1, warmup: 0 })
    const dir = mkdtempSync(join(tmpdir(), 'kopru-sync-latency-'))
    const progress = process.stderr.isTTY
      ? (text: string) => process.stderr.write(`\r\x1b[K${text && `  ${text}`}`)
      : () => true
    const chaosOf = (api: 'softtr' | 'setrow') => ({
      latencyMs: [latencyMs, latencyMs] as [number, number],
      rateLimitPerSecond: limits[api] ?? 0,
    })
    const emulators = await startChild<LatencyEmulatorCall, LatencyEmulatorReply>(
      './sync-latency-emulators.ts',
      {
        orders,
        customers: Math.round(orders * 0.36),
        seed: 1,
        chaos: { softtr: chaosOf('softtr'), setrow: chaosOf('setrow') },
      } satisfies LatencyEmulatorStart,
      { name: 'emulators' },
    )
    try {
      const { softtr, setrow } = await emulators.call({ kind: 'endpoints' })
      const today = Math.floor(Date.now() / DAY) * DAY
      const { facts } = await emulators.call({
        kind: 'window',
        since: new Date(today - INITIAL_DAYS * DAY).toISOString(),
      })
      const minimum = minimumFor(facts)
      const record = join(dir, 'requests.ndjson')
      let states = 0
      /** one sync in a child process, from a fresh Setrow account */
      const sync = async (what: string, record?: string) => {
        progress(what)
        await emulators.call({ kind: 'reset-setrow' })
        const job: SyncJob = {
          softtr,
          setrow,
          state: join(dir, `state-${++states}.db`),
          lookupExisting: false,
          ...(record ? { record } : {}),
        }
        await emulators.call({ kind: 'counts' })
        const report = await runChild<SyncReport>('./sync-run.ts', job)
        const { counts, statuses } = await emulators.call({ kind: 'counts' })
        checkSync(what, report, counts)
        const created = report.result.counts['softtr-orders']?.created ?? 0
        if (created !== facts.orders)
          throw new Error(`${what}: ${created} orders created of ${facts.orders}`)
        return { ...report, counts, statuses }
      }
      /** the replay in a child process, from a fresh Setrow account */
      const replay = async (job: Omit<LatencyReplayJob, 'kind' | 'record'>) => {
        await emulators.call({ kind: 'reset-setrow' })
        await emulators.call({ kind: 'counts' })
        const result = await runChild<LatencyReplayReport>('./sync-latency-replay.ts', {
          kind: 'replay',
          record,
          alignToSecond: limited,
          ...job,
        } satisfies LatencyReplayJob)
        const { counts, statuses } = await emulators.call({ kind: 'counts' })
        return { ...result, counts, statuses }
      }

      // the requests to replay, from an untimed sync of their own
      const recorded = await sync(
        `recording the requests of a full sync of ${orders} orders`,
        record,
      )

      // the best concurrency per step kind, then a whole replay at it that no 429 answers
      progress(`searching the best concurrency per step (${ladder.join(', ')})`)
      const searched = await runChild<LatencySearchReport>('./sync-latency-replay.ts', {
        kind: 'search',
        record,
        ladder,
        budgetMs: TRIAL_MS,
        setrowAdmin: new URL('/__kopru/', setrow.baseUrl).href,
        alignToSecond: limited,
      } satisfies LatencySearchJob)
      const concurrency = Object.fromEntries(searched.kinds.map((k) => [k.kind, k.best]))
      const halved: string[] = []
      for (let check = 1; ; check++) {
        progress(`checking the concurrencies found: ${JSON.stringify(concurrency)}`)
        const { refused } = await replay({ concurrency, tolerate429: true })
        const over = Object.keys(refused)
        if (!over.length) break
        if (check === CHECKS || over.every((kind) => concurrency[kind] === 1))
          throw new Error(
            `the replay at ${JSON.stringify(concurrency)} got 429s: ${JSON.stringify(refused)}`,
          )
        for (const kind of over) {
          concurrency[kind] = Math.max(1, Math.floor(concurrency[kind]! / 2))
          halved.push(`${kind} → ${concurrency[kind]}`)
        }
      }
      await emulators.call({ kind: 'counts' })

      // the sync against the replay, in rounds
      const runs: Awaited<ReturnType<typeof sync>>[] = []
      const replays: Awaited<ReturnType<typeof replay>>[] = []
      const measured = await interleave<Sample>(
        [
          {
            name: 'kopru sync',
            run: async () => {
              const run = await sync(`full sync of ${orders} orders`)
              runs.push(run)
              return { ops: minimum.total, ms: run.ms }
            },
          },
          {
            name: 'plain fetch replay',
            run: async () => {
              progress(`replaying the minimal requests of ${orders} orders`)
              const result = await replay({ concurrency })
              const wrong = Object.keys({ ...minimum.ops, ...result.requests }).filter(
                (op) => result.requests[op] !== minimum.ops[op],
              )
              if (wrong.length)
                throw new Error(
                  `replay: sent ${JSON.stringify(result.requests)}, minimum ${JSON.stringify(minimum.ops)}`,
                )
              // the set-up (group look-ups) is answered too; the minimal operations must agree
              const unanswered = Object.keys(minimum.ops).filter(
                (op) => result.counts[op] !== minimum.ops[op],
              )
              if (unanswered.length || Object.keys(result.statuses).length)
                throw new Error(
                  `replay: the emulators answered ${JSON.stringify(result.counts)}, not a 200: ${JSON.stringify(result.statuses)}`,
                )
              replays.push(result)
              return { ops: minimum.total, ms: result.ms }
            },
          },
        ],
        plan,
      )
      progress('')

      // --- report ---------------------------------------------------------------------------
      const rows = searched.kinds.map((k) => [
        k.kind,
        count(k.steps),
        count(k.largestStep),
        k.trials
          .map(
            (t) =>
              `${t.concurrency}: ${((t.ms / Math.max(1, t.requests)) * 1000).toFixed(0)}` +
              (t.refused ? ` (${t.refused}×429)` : ''),
          )
          .join(', '),
        String(concurrency[k.kind]),
      ])
      printAligned(
        `\n${ctx.name}: the best concurrency per step kind without a 429 (µs per request of each trial)`,
        [['step kind', 'steps', 'largest', 'trials (concurrency: µs/request)', 'found'], ...rows],
        new Set([1, 2, 4]),
        '  ',
      )
      if (halved.length)
        console.log(`  halved after a 429 in the whole replay: ${halved.join(', ')}`)

      const total = (counts: Record<string, number>) =>
        Object.values(counts).reduce((sum, n) => sum + n, 0)
      const first = runs[0]!
      const throttled = (statuses: Record<string, number>) =>
        Object.entries(statuses)
          .filter(([key]) => key.endsWith(' 429'))
          .reduce((sum, [, n]) => sum + n, 0)
      const requestsPassed = figures(
        ctx,
        `HTTP requests against the minimum (${count(facts.orders)} orders, ${count(facts.customers)} customers)`,
        ['run', 'requests', 'minimum', 'ratio', 'goal', ''],
        [
          {
            name: 'kopru sync',
            value: total(first.counts),
            base: minimum.total,
            goal: { atMost: 1.05 },
          },
          {
            name: 'plain fetch replay',
            value: total(replays[0]!.requests),
            base: minimum.total,
            goal: { atMost: 1 },
          },
        ],
        count,
        [
          `by operation, sync: ${JSON.stringify(first.counts)}; minimum: ${JSON.stringify(minimum.ops)}`,
          `429s: sync ${runs.map((r) => throttled(r.statuses)).join(', ')}; replay ${replays.map((r) => throttled(r.statuses)).join(', ')}; ` +
            `other non-200 answers to the sync: ${JSON.stringify(
              Object.fromEntries(
                Object.entries(first.statuses).filter(([key]) => !key.endsWith(' 429')),
              ),
            )}`,
        ],
      )

      const kindTimes = (r: LatencyReplayReport) =>
        Object.entries(r.kindMs)
          .map(([kind, ms]) => `${kind} ${seconds(ms)}`)
          .join(', ')
      const timing = report(ctx, {
        unit: 'µs/call',
        baseline: 'plain fetch replay',
        measured,
        goals: { 'kopru sync': { atMost: 1.2 } },
        setup:
          `wall time of a full sync of ${count(orders)} orders with ${latencyMs} ms per vendor call ` +
          `(rate limits: ${limited ? JSON.stringify(limits) : 'none'}) against its ${count(minimum.total)} ` +
          `minimal requests replayed at ${JSON.stringify(concurrency)}; µs per minimal request, ` +
          `${plan.rounds} round${plan.rounds === 1 ? '' : 's'}`,
        notes: [
          `sync ${runs.map((r) => seconds(r.ms)).join(', ')}; replay ${replays.map((r) => seconds(r.ms)).join(', ')} ` +
            `(${kindTimes(replays[0]!)}); the untimed recording sync ${seconds(recorded.ms)}`,
          `about what latency alone costs the replay's steps (${latencyMs} ms a call, a page then its details): ${seconds(floorMs(minimum.ops, concurrency, latencyMs))}`,
        ],
        env,
      })
      return { passed: requestsPassed && timing.passed }
    } finally {
      progress('')
      await emulators.close()
      rmSync(dir, { recursive: true, force: true })
    }
  },
})

/** `softtr=200,setrow=20` → requests a second per emulator; none: {} */
function rateLimits(spec: string | undefined): Record<string, number> {
  const limits: Record<string, number> = {}
  for (const part of (spec ?? '').split(',').filter(Boolean)) {
    const [api, value] = part.split('=', 2).map((s) => s.trim())
    const n = Number(value)
    if ((api !== 'softtr' && api !== 'setrow') || !(n >= 0))
      throw new Error(`SYNC_LATENCY_RATE_LIMITS: expected softtr=N,setrow=M, got ${spec}`)
    limits[api] = n
  }
  return limits
}

/** The fewest requests of a full sync of `facts`: pages of 100, a detail each, writes of 1,000. */
function minimumFor(facts: WindowFacts) {
  const batches = (n: number) => Math.ceil(n / BATCH)
  const ops: Record<string, number> = {
    'softtr.orders.list': Math.max(1, Math.ceil(facts.orders / PAGE)),
    'softtr.orders.get': facts.orders,
    'setrow.orders.add': batches(facts.orders),
    'setrow.email.add': batches(facts.customers),
    'setrow.sms.add': batches(facts.customers),
  }
  return { ops, total: Object.values(ops).reduce((sum, n) => sum + n, 0) }
}

/**
 * What latency alone costs the replay's step structure: each page, then its details in rounds of
 * `concurrency.details`, then the writes in rounds; the emulators' own work not counted.
 */
function floorMs(
  ops: Record<string, number>,
  concurrency: Record<string, number>,
  latencyMs: number,
): number {
  const pages = ops['softtr.orders.list']!
  const perPage = Math.ceil(PAGE / (concurrency.details ?? 1))
  const writes =
    Math.ceil(ops['setrow.orders.add']! / (concurrency.orders ?? 1)) +
    Math.ceil((ops['setrow.email.add']! + ops['setrow.sms.add']!) / (concurrency.contacts ?? 1))
  return (pages * (1 + perPage) + writes) * latencyMs
}
