/**
 * Issue 5, "Benchmark": the sync engine end to end on the `customers-and-orders` pipeline with
 * `from: [softtr]`, Softtr seeded with 100,000 orders (10,000 with `--quick`) and Setrow with its
 * default account, both served over loopback by a process of their own (`sync-emulators.ts`).
 * Every sync runs in a fresh child process (`sync-run.ts`) with its own SQLite state file, so its
 * peak RSS is the sync's alone. Figures:
 *
 * 1. Requests of a full sync, counted by the emulators per operation (the request logs keep only
 *    2,000 entries, so the emulator process counts every answer itself; the sync's afterResponse
 *    hook must agree), against the minimum for the work: list pages (`ceil(orders/100)`), one detail
 *    per order, `orders/add` at 1,000 a batch, `email/add` and `sms/add` at 1,000 a batch (every
 *    seed customer has both). The Setrow customers sink asks Setrow once per new customer and
 *    channel whether it already has the contact (`lookupExisting`, on by design so a written `N`
 *    never overwrites consent held at Setrow): the default run is held against the minimum plus
 *    those lookups, and a run with `lookupExisting: false` (a connector option kopru.yaml does not
 *    reach; the bench sets it on the recipe's sink) against the bare minimum. Goal ≤ 1.05× both.
 * 2. Wall time of a full sync against the same minimal request sequence (recorded by an untimed
 *    sync: exact URLs, headers, bodies) replayed with plain `fetch` at the sync's concurrency
 *    (`sync-replay.ts`), from a fresh Setrow account each time. Goal ≤ 1.1× (it was 1.3× once).
 * 3. Peak RSS (`process.resourceUsage().maxRSS` of the sync's process, which loads what the
 *    `kopru sync` command loads) at half the orders against all of them: goal flat (≤ 1.1×, held
 *    from 50,000 orders up) and under 300 MB.
 * 4. An incremental run after changing 1% of the orders. Softtr's read API shows no status and no
 *    change date, and a run re-reads only the orders placed in its look-back window (the cursor's
 *    day minus `overlapDays`, 2): a change to an older order is not seen, by design. So the change
 *    is made where a run can see it: 1% of the orders, picked at random among those placed in the
 *    look-back window, get an amount 5% lower (a price correction), which both the list row and
 *    the detail show, in the emulator's process as `PUT /__kopru/state` would. Minimum: the
 *    look-back pages, one detail per changed order, their `orders/add` batches, and `email/add`
 *    and `sms/add` batches for their customers (whose totals changed). Goal ≤ 1.1×.
 *
 * Customers are seeded in the emulator's own proportion (1,800 to 5,000 orders): 36% of the orders.
 * `SYNC_BENCH_ORDERS` overrides the number of orders; `SYNC_BENCH_PROFILE=<dir>` has the emulators,
 * each sync and each replay write a CPU profile into that folder.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runChild, startChild } from './child-process.ts'
import { defineBench, interleave, report, type Sample } from './harness.ts'
import { count, figures, printAligned, seconds } from './report-tables.ts'
import type { EmulatorCall, EmulatorReply, EmulatorStart, WindowFacts } from './sync-emulators.ts'
import type { ReplayJob, ReplayReport } from './sync-replay.ts'
import type { SyncJob, SyncReport } from './sync-run.ts'

const DAY = 86_400_000
const PAGE = 100
const BATCH = 1000
/** the recipe's defaults (kopru.yaml's customers-and-orders) */
const OVERLAP_DAYS = 2
const INITIAL_DAYS = 366
const MB = 1024 * 1024
/** the fewest orders at which the flat-RSS goal is held (the issue's 50,000 vs 100,000) */
const RSS_GOAL_FROM = 50_000

export default defineBench({
  title: 'full and incremental sync of Softtr orders into Setrow: requests, time, memory',
  async run(ctx) {
    const orders = Number(process.env.SYNC_BENCH_ORDERS ?? (ctx.quick ? 10_000 : 100_000))
    const customersOf = (n: number) => Math.round(n * 0.36)
    const plan = ctx.plan({ rounds: 1, warmup: 0 }, { rounds: 3, warmup: 0 })
    const half = Math.round(orders / 2)
    const tenth = Math.round(orders / 10)
    const dir = mkdtempSync(join(tmpdir(), 'kopru-sync-bench-'))
    const progress = process.stderr.isTTY
      ? (text: string) => process.stderr.write(`\r\x1b[K${text && `  ${text}`}`)
      : () => true
    const emulators = await startEmulators({ orders: half, customers: customersOf(half), seed: 1 })
    try {
      const { softtr, setrow } = await emulators.call({ kind: 'endpoints' })
      const today = Math.floor(Date.now() / DAY) * DAY
      const iso = (ms: number) => new Date(ms).toISOString()
      const seed = async (n: number) => {
        progress(`seeding ${n} orders`)
        await emulators.call({ kind: 'seed', orders: n, customers: customersOf(n) })
        const { facts } = await emulators.call({
          kind: 'window',
          since: iso(today - INITIAL_DAYS * DAY),
        })
        return facts
      }
      let states = 0
      /** one sync in a child process, from a fresh Setrow account unless `state` continues one */
      const sync = async (what: string, options: Partial<SyncJob>) => {
        progress(what)
        if (!options.state) await emulators.call({ kind: 'reset-setrow' })
        const job: SyncJob = {
          softtr,
          setrow,
          state: options.state ?? join(dir, `state-${++states}.db`),
          lookupExisting: options.lookupExisting ?? false,
          ...(options.record ? { record: options.record } : {}),
        }
        await emulators.call({ kind: 'counts' })
        const report = await runChild<SyncReport>('./sync-run.ts', job, children)
        const { counts } = await emulators.call({ kind: 'counts' })
        checkSync(what, report, counts)
        return { ...report, state: job.state, counts }
      }
      const created = (r: SyncReport) => r.result.counts['softtr-orders']?.created ?? 0

      // peak RSS at half the orders
      const halfFacts = await emulators.call({
        kind: 'window',
        since: iso(today - INITIAL_DAYS * DAY),
      })
      const halfRun = await sync(`full sync of ${half} orders`, {})
      if (created(halfRun) !== halfFacts.facts.orders)
        throw new Error(`half run: ${created(halfRun)} orders created of ${halfFacts.facts.orders}`)

      // the full sync against the replay, in rounds; the requests to replay come from a sync of
      // their own, untimed: writing them down costs the recording process about a fifth more time
      const full = await seed(orders)
      const minimum = minimumFor(full, full)
      const record = join(dir, 'requests.ndjson')
      const recorded = await sync(`recording the requests of a full sync of ${orders} orders`, {
        record,
      })
      if (created(recorded) !== full.orders)
        throw new Error(`recording sync: ${created(recorded)} orders created of ${full.orders}`)
      const runs: Awaited<ReturnType<typeof sync>>[] = []
      const replays: ReplayReport[] = []
      const measured = await interleave<Sample>(
        [
          {
            name: 'kopru sync',
            run: async () => {
              const run = await sync(`full sync of ${orders} orders`, {})
              if (created(run) !== full.orders)
                throw new Error(`sync: ${created(run)} orders created of ${full.orders}`)
              runs.push(run)
              return { ops: minimum.total, ms: run.ms }
            },
          },
          {
            name: 'plain fetch replay',
            run: async () => {
              progress(`replaying the minimal requests of ${orders} orders`)
              await emulators.call({ kind: 'reset-setrow' })
              const job: ReplayJob = { record }
              const replay = await runChild<ReplayReport>('./sync-replay.ts', job, children)
              await emulators.call({ kind: 'counts' })
              const wrong = Object.keys(minimum.ops).filter(
                (op) => replay.requests[op] !== minimum.ops[op],
              )
              if (wrong.length)
                throw new Error(
                  `replay: sent ${JSON.stringify(replay.requests)}, minimum ${JSON.stringify(minimum.ops)}`,
                )
              replays.push(replay)
              return { ops: minimum.total, ms: replay.ms }
            },
          },
        ],
        plan,
      )
      const first = runs[0]!

      // 1% of the orders changed within the look-back window, then the next run
      const since = iso(today - OVERLAP_DAYS * DAY)
      const window = await emulators.call({ kind: 'window', since })
      const { changed } = await emulators.call({
        kind: 'change',
        since,
        count: Math.round(orders / 100),
      })
      const incremental = await sync(`incremental run after ${changed.orders} changed orders`, {
        state: runs.at(-1)!.state,
      })
      const incMinimum = minimumFor(window.facts, changed)

      // the recipe's default sink, which asks Setrow about each new customer, at a tenth
      const tenthFacts = await seed(tenth)
      const lookups = 2 * tenthFacts.customers
      const tenthMinimum = minimumFor(tenthFacts, tenthFacts)
      const byDesign = await sync(`full sync of ${tenth} orders, lookupExisting: true`, {
        lookupExisting: true,
      })
      progress('')

      // --- report ---------------------------------------------------------------------------
      const total = (counts: Record<string, number>) =>
        Object.values(counts).reduce((sum, n) => sum + n, 0)
      const requestsPassed = figures(
        ctx,
        `HTTP requests against the minimum (${orders} orders, ${full.customers} customers)`,
        ['run', 'requests', 'minimum', 'ratio', 'goal', ''],
        [
          {
            name: `full sync, ${orders} orders, lookupExisting: false`,
            value: total(first.counts),
            base: minimum.total,
            goal: { atMost: 1.05 },
          },
          {
            name: `incremental, ${changed.orders} orders changed`,
            value: total(incremental.counts),
            base: incMinimum.total,
            goal: { atMost: 1.1 },
          },
          {
            name: `full sync, ${tenth} orders, default (+ lookups by design)`,
            value: total(byDesign.counts),
            base: tenthMinimum.total + lookups,
            goal: { atMost: 1.05 },
          },
        ],
        count,
      )
      operationsTable([
        ['minimum', minimum.ops],
        [`${orders}`, first.counts],
        ['inc. minimum', incMinimum.ops],
        ['incremental', incremental.counts],
        [
          `${tenth} min.`,
          { ...tenthMinimum.ops, 'setrow.email.get': lookups / 2, 'setrow.sms.get': lookups / 2 },
        ],
        [`${tenth} default`, byDesign.counts],
      ])
      console.log(
        `  lookups by design: one email.get and one sms.get per new customer (${tenthFacts.customers} at ${tenth} orders); ` +
          `look-back window ${window.facts.orders} orders; ` +
          `dead letters (unsubscribed, by design): ${JSON.stringify(first.deadLetters)}`,
      )

      const rssPassed = figures(
        ctx,
        'peak RSS of the sync process (lookupExisting: false)',
        ['run', 'MB', 'half MB', 'ratio', 'goal', ''],
        [
          {
            name: `${orders} orders vs ${half}`,
            value: first.maxRss,
            base: halfRun.maxRss,
            // the issue sets it at 50,000 vs 100,000; below about 50,000 orders a sync's RSS is
            // mostly the ~160 MB of loaded code and a V8 heap still growing to its working size,
            // so the ratio is shown but not held to the goal
            goal: orders >= RSS_GOAL_FROM ? { atMost: 1.1 } : undefined,
          },
        ],
        (n) => (n / MB).toFixed(0),
      )
      const all = [halfRun, ...runs, incremental, byDesign]
      const heaviest = Math.max(...all.map((r) => r.maxRss))
      const under = heaviest < 300 * MB
      console.log(
        `  every sync under 300 MB: at most ${(heaviest / MB).toFixed(0)} MB ${under ? '✓' : '✗ MISSED'}; ` +
          `peak V8 heap ${(halfRun.maxHeap / MB).toFixed(0)} MB (${half}) vs ${(first.maxHeap / MB).toFixed(0)} MB (${orders}); ` +
          `incremental ${(incremental.maxRss / MB).toFixed(0)} MB`,
      )

      const timing = report(ctx, {
        unit: 'µs/call',
        baseline: 'plain fetch replay',
        measured,
        goals: { 'kopru sync': { atMost: 1.1 } },
        setup:
          `wall time of a full sync of ${orders} orders (lookupExisting: false) against its ` +
          `${count(minimum.total)} minimal requests replayed with plain fetch; µs per minimal ` +
          `request, ${plan.rounds} round${plan.rounds === 1 ? '' : 's'}`,
        notes: [
          `sync ${runs.map((r) => seconds(r.ms)).join(', ')}; replay ${replays.map((r) => seconds(r.ms)).join(', ')}; ` +
            `incremental ${seconds(incremental.ms)}; the untimed recording sync ${seconds(recorded.ms)}`,
        ],
        env: { SYNC_BENCH_ORDERS: process.env.SYNC_BENCH_ORDERS },
      })
      return { passed: requestsPassed && rssPassed && under && timing.passed }
    } finally {
      progress('')
      await emulators.close()
      rmSync(dir, { recursive: true, force: true })
    }
  },
})

/**
 * Codes of records Setrow's seed account refuses by design: its e-mail unsubscribe (E126), wrong
 * address (E127) and junk (E128) lists and its SMS unsubscribe list (E129). Which seed customers
 * happen to be on them depends on the size: at 50,000 orders some are on the junk list.
 */
const REFUSED: Record<string, true> = { E126: true, E127: true, E128: true, E129: true }

/**
 * Throws unless a sync succeeded, filed only what Setrow's seed account refuses by design, and
 * counted the very requests the emulators answered.
 */
export function checkSync(what: string, report: SyncReport, counts: Record<string, number>): void {
  if (report.result.status !== 'succeeded')
    throw new Error(`${what}: ${report.result.status}: ${report.result.error ?? ''}`)
  const unexpected = Object.keys(report.deadLetters).filter((code) => !REFUSED[code])
  if (unexpected.length)
    throw new Error(`${what}: dead letters ${JSON.stringify(report.deadLetters)}`)
  const differs = Object.keys({ ...counts, ...report.requests }).filter(
    (op) => counts[op] !== report.requests[op],
  )
  if (differs.length)
    throw new Error(
      `${what}: the emulators answered ${JSON.stringify(counts)}, the client counted ${JSON.stringify(report.requests)}`,
    )
}

/**
 * The fewest requests for a run that lists `listed` orders and delivers `changed` of them and
 * their customers: pages of 100, a detail each, writes of 1,000.
 */
function minimumFor(listed: WindowFacts, changed: WindowFacts) {
  const batches = (n: number) => Math.ceil(n / BATCH)
  const ops: Record<string, number> = {
    'softtr.orders.list': Math.max(1, Math.ceil(listed.orders / PAGE)),
    'softtr.orders.get': changed.orders,
    'setrow.orders.add': batches(changed.orders),
    'setrow.email.add': batches(changed.customers),
    'setrow.sms.add': batches(changed.customers),
  }
  return { ops, total: Object.values(ops).reduce((sum, n) => sum + n, 0) }
}

/** Requests per operation, one column per run. */
function operationsTable(columns: [string, Record<string, number>][]): void {
  const ops = [...new Set(columns.flatMap(([, counts]) => Object.keys(counts)))].sort()
  const rows = ops.map((op) => [
    op,
    ...columns.map(([, counts]) => (counts[op] ? count(counts[op]) : '·')),
  ])
  const numeric = new Set(columns.map((_, i) => i + 1))
  printAligned(
    '  by operation:',
    [['operation', ...columns.map(([name]) => name)], ...rows],
    numeric,
    '  ',
  )
}

// ---------------------------------------------------------------------------------------------
// Child processes

/** `SYNC_BENCH_PROFILE=<dir>`: every child writes a V8 CPU profile there (`--cpu-prof`) */
const profile = process.env.SYNC_BENCH_PROFILE
const children = { execArgv: profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : [] }

/** The emulators' process; calls are answered one at a time, in order. */
const startEmulators = (start: EmulatorStart) =>
  startChild<EmulatorCall, EmulatorReply>('./sync-emulators.ts', start, {
    ...children,
    name: 'emulators',
  })
