/**
 * Issue 16, "Benchmark": the distributed mode. Each tenant is a Softtr shop seeded with 5,000 orders
 * (1,800 customers) and a Setrow account of its own, running `customers-and-orders` from Softtr;
 * the emulators run in processes of their own (`scale-emulators.ts`). Figures:
 *
 * 1. Twenty tenants (`--quick`: 4 of 500 orders), every call answered 20 ms late so that waiting
 *    dominates: orders synced per second across all tenants by 1, 2 and 4 `kopru worker`
 *    processes, from the scheduler's pass to the last tenant's run. Each worker runs one tenant
 *    at a time (`--concurrency 1`): one worker then waits far more than it computes, so the
 *    ratios show what more processes add until the machine's cores run out, and the tenants
 *    divide evenly among 1, 2 and 4 workers, none idle at the end. Goals ≥ 1.8× at 2 workers,
 *    ≥ 3× at 4. Every sample starts from a fresh state (a private PostgreSQL schema, a private
 *    Redis key prefix) and fresh Setrow accounts. One round (a sample lasts minutes), 2 with
 *    `--quick`.
 * 2. One tenant's full sync by `kopru sync`, its state in PostgreSQL against SQLite, with no added
 *    latency (where the state's cost shows most): the run's own time, goal ≤ 1.5×.
 * 3. Requests of every run above and of 4 against the minimum for the work, counted by the
 *    emulators per operation (`scale-report.ts`), goal ≤ 1.05×.
 * 4. One tenant's full sync by `kopru sync` against a Softtr answering 50 ms late and refusing with
 *    429 above R requests a second (its fixed one-second window), a limit kopru.yaml does not name:
 *    Softtr's accepted answers per second once the limit is found (after a warm-up) ≥ 0.9 R, and
 *    fewer than 1 % of its answers 429, counted by the emulator.
 *
 * Needs PostgreSQL (KOPRU_TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test) and
 * Redis (KOPRU_REDIS_URL, else 127.0.0.1:6379): without them it fails, it never skips.
 * `SCALE_BENCH_PROFILE=<dir>` has every worker, `kopru sync` and emulator process write a CPU
 * profile into that folder; `SCALE_BENCH_ONLY=pace` runs item 4 alone (minutes, not most of an hour).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { defineBench, interleave, median, report, type Sample } from './harness.ts'
import { startTenantEmulators } from './scale-emulators-client.ts'
import type { TenantCounts } from './scale-emulators.ts'
import { count, figures, seconds, type Figure } from './report-tables.ts'
import { againstMinimum, steadyPace } from './scale-report.ts'
import { runCliSync, runDistributed, type DistributedRun } from './scale-runs.ts'
import { Cleanup, privateSchema, sharedRedis } from './scale-services.ts'

const DAY = 86_400_000
/** the recipe's first-run look-back (kopru.yaml's customers-and-orders) */
const INITIAL_DAYS = 366
/** the seed's proportion of customers to orders (Softtr's default sizes: 1,800 to 5,000) */
const CUSTOMERS_PER_ORDER = 0.36
const WORKERS = [1, 2, 4]
/** Softtr's limit in item 4: half what a run asks (4 details in flight, 50 ms each: 80 a second) */
const RATE_LIMIT = 40

const full = { tenants: 20, orders: 5000, latencyMs: 20, timeoutMs: 60 * 60_000, warmupS: 10 }
const quick = { tenants: 4, orders: 500, latencyMs: 20, timeoutMs: 5 * 60_000, warmupS: 3 }

export default defineBench({
  title:
    'distributed mode: throughput by workers, PostgreSQL against SQLite, requests, pace under an unknown rate limit',
  async run(ctx) {
    const size = ctx.quick ? quick : full
    const customers = Math.round(size.orders * CUSTOMERS_PER_ORDER)
    const progress = process.stderr.isTTY
      ? (text: string) => process.stderr.write(`\r\x1b[K${text && `  ${text}`}`)
      : () => true
    const cleanup = new Cleanup()
    // Ctrl-C or a kill still drops the schemas and ends the children
    const interrupted = (signal: NodeJS.Signals) =>
      void cleanup.run().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143))
    process.once('SIGINT', interrupted)
    process.once('SIGTERM', interrupted)
    try {
      // both services first: a missing one fails the bench before anything is timed
      const redis = await sharedRedis(cleanup)
      await privateSchema(cleanup)
      progress(`starting ${size.tenants} tenants' emulators`)
      const emulators = await startTenantEmulators({
        tenants: size.tenants,
        orders: size.orders,
        customers,
        seed: 1,
        shards: availableParallelism(),
      })
      cleanup.add('emulators', () => emulators.close())
      const dir = mkdtempSync(join(tmpdir(), 'kopru-scale-bench-'))
      cleanup.add('temporary folder', async () => rmSync(dir, { recursive: true, force: true }))
      const today = Math.floor(Date.now() / DAY) * DAY
      const facts = await emulators.window(new Date(today - INITIAL_DAYS * DAY).toISOString())
      const expected = facts.map((f) => f.orders)
      const latency = { latencyMs: [size.latencyMs, size.latencyMs] as [number, number] }

      // 1. throughput by workers ------------------------------------------------------------
      await emulators.chaos('softtr', latency)
      await emulators.chaos('setrow', latency)
      const concurrency = 1
      const runs = new Map<string, DistributedRun[]>()
      const workersName = (n: number) => `${n} worker${n === 1 ? '' : 's'}`
      const scalingPlan = ctx.plan({ rounds: 1, warmup: 0 }, { rounds: 2, warmup: 0 })
      const onlyPace = process.env.SCALE_BENCH_ONLY === 'pace'
      const scaling = onlyPace
        ? undefined
        : await interleave<Sample>(
            WORKERS.map((workers) => ({
              name: workersName(workers),
              run: async () => {
                progress(`${workersName(workers)}, ${size.tenants} tenants`)
                const run = await runDistributed({
                  emulators,
                  redis,
                  workers,
                  concurrency,
                  expected,
                  timeoutMs: size.timeoutMs,
                  cleanup,
                })
                runs.set(workersName(workers), [...(runs.get(workersName(workers)) ?? []), run])
                return { ops: run.orders, ms: run.ms }
              },
            })),
            scalingPlan,
          )

      // 2. PostgreSQL against SQLite, one tenant -----------------------------------------------
      await emulators.chaos('softtr', {})
      await emulators.chaos('setrow', {})
      const single = emulators.endpoints[0]!
      const singleCounts = new Map<string, TenantCounts[]>()
      const cliTimes = new Map<string, number[]>()
      let samples = 0
      const cliSync = async (name: string, state: string) => {
        await emulators.resetSetrow()
        await emulators.counts()
        const run = await runCliSync(single, state, dir, `kopru-${++samples}.yaml`)
        if (run.orders !== expected[0])
          throw new Error(`${name}: ${run.orders} orders delivered of ${expected[0]}`)
        singleCounts.set(name, [...(singleCounts.get(name) ?? []), (await emulators.counts())[0]!])
        cliTimes.set(name, [...(cliTimes.get(name) ?? []), run.processMs])
        return { ops: run.orders, ms: run.ms }
      }
      const statePlan = ctx.plan({ rounds: 5, warmup: 1 }, { rounds: 3, warmup: 1 })
      const stores = onlyPace
        ? undefined
        : await interleave<Sample>(
            [
              {
                name: 'SQLite',
                run: () => {
                  progress('kopru sync, SQLite state')
                  return cliSync('SQLite', join(dir, `state-${samples + 1}.db`))
                },
              },
              {
                name: 'PostgreSQL',
                run: async () => {
                  progress('kopru sync, PostgreSQL state')
                  const own = cleanup.scope()
                  try {
                    return await cliSync('PostgreSQL', await privateSchema(own))
                  } finally {
                    await own.run()
                  }
                },
              },
            ],
            statePlan,
          )

      // 4. an unknown rate limit -------------------------------------------------------------
      progress(`kopru sync against a Softtr limited to ${RATE_LIMIT} requests a second`)
      await emulators.chaos('softtr', { latencyMs: [50, 50], rateLimitPerSecond: RATE_LIMIT }, [0])
      await emulators.resetSetrow()
      await emulators.counts()
      const limited = await runCliSync(single, join(dir, 'limited.db'), dir, 'limited.yaml')
      if (limited.orders !== expected[0])
        throw new Error(`rate-limited run: ${limited.orders} orders delivered of ${expected[0]}`)
      const [limitedCounts] = await emulators.counts()
      await emulators.chaos('softtr', {}, [0])
      progress('')

      // --- report ---------------------------------------------------------------------------
      const medianOf = (name: string, pick: (r: DistributedRun) => number) =>
        median((runs.get(name) ?? []).map(pick))
      const scalingOutcome = !scaling
        ? { passed: true }
        : report(ctx, {
            unit: 'req/s',
            baseline: workersName(1),
            measured: scaling,
            goals: { [workersName(2)]: { atLeast: 1.8 }, [workersName(4)]: { atLeast: 3 } },
            env: { SCALE_BENCH_PROFILE: process.env.SCALE_BENCH_PROFILE },
            setup:
              `orders synced per second (the "req/s" column) across ${size.tenants} tenants × ` +
              `${size.orders} orders, every call ${size.latencyMs} ms late; kopru worker --concurrency ` +
              `${concurrency}; ${scalingPlan.rounds} round${scalingPlan.rounds === 1 ? '' : 's'}`,
            notes: [
              ...WORKERS.map(workersName).map((name) => {
                const cores = availableParallelism()
                const cpu = (pick: (r: DistributedRun) => number) =>
                  `${medianOf(name, pick).toFixed(0)} s`
                // all the CPU the machine spent in the round, less the workers' and the emulators'
                const rest = (r: DistributedRun) =>
                  (r.busy ?? NaN) * cores * (r.ms / 1000) - r.workerCpu - r.emulatorCpu
                return (
                  `${name}: ${seconds(medianOf(name, (r) => r.ms))} a round; CPU: workers ` +
                  `${cpu((r) => r.workerCpu)}, emulators ${cpu((r) => r.emulatorCpu)}, the rest ` +
                  `(PostgreSQL, Redis, anything else running) ${cpu(rest)}; machine busy ` +
                  `${Math.round(100 * medianOf(name, (r) => r.busy ?? NaN))}% of ${cores} cores (medians)`
                )
              }),
              `emulators: ${size.tenants} Softtr and ${size.tenants} Setrow in ` +
                `${Math.min(availableParallelism(), size.tenants)} processes`,
            ],
          })

      const storesOutcome = !stores
        ? { passed: true }
        : report(ctx, {
            unit: 'µs/call',
            baseline: 'SQLite',
            measured: stores,
            goals: { PostgreSQL: { atMost: 1.5 } },
            env: { SCALE_BENCH_PROFILE: process.env.SCALE_BENCH_PROFILE },
            setup:
              `one tenant's full sync (${expected[0]} orders) by kopru sync, no added latency: µs per ` +
              `order of the run's own time; ${statePlan.rounds} rounds (+${statePlan.warmup} warm-up)`,
            notes: [...cliTimes].map(
              ([name, times]) =>
                `${name}: kopru sync process ${seconds(median(times))} from start to exit (median)`,
            ),
          })

      const requestRows: Figure[] = []
      const beyond: string[] = []
      const worst = (name: string, all: readonly TenantCounts[][], of = facts) => {
        if (!all.length) return
        const checked = all.map((counts) => againstMinimum(counts, of))
        const top = checked.reduce((a, b) => (b.sent / b.minimum > a.sent / a.minimum ? b : a))
        requestRows.push({ name, value: top.sent, base: top.minimum, goal: { atMost: 1.05 } })
        if (top.beyond.length) beyond.push(`${name}: ${top.beyond.join(', ')}`)
      }
      for (const name of WORKERS.map(workersName))
        worst(
          `${name}, ${size.tenants} tenants`,
          (runs.get(name) ?? []).map((r) => r.counts),
        )
      for (const [name, all] of singleCounts)
        worst(
          `kopru sync, ${name}, 1 tenant`,
          all.map((c) => [c]),
          facts.slice(0, 1),
        )
      worst(`kopru sync, Softtr limited to ${RATE_LIMIT}/s`, [[limitedCounts!]], facts.slice(0, 1))
      const requestsPassed = figures(
        ctx,
        'HTTP requests counted by the emulators against the minimum for the work (worst round of each)',
        ['run', 'requests', 'minimum', 'ratio', 'goal', ''],
        requestRows,
        count,
        [
          'minimum: list pages of 100, a detail per order, writes of 1,000, and by design one ' +
            'email.get and one sms.get per new customer',
          ...beyond.map((line) => `beyond the minimum: ${line}`),
        ],
      )

      const pace = steadyPace(limitedCounts!.softtrSeconds, size.warmupS)
      const paceFormat = (n: number) => (Number.isInteger(n) ? count(n) : n.toFixed(1))
      const pacePassed = figures(
        ctx,
        `one tenant's full sync against a Softtr answering 50 ms late and refusing above ${RATE_LIMIT} requests a second`,
        ['figure', 'value', 'of', 'ratio', 'goal', ''],
        [
          {
            name: `accepted answers a second once found (${pace.seconds} s after a ${size.warmupS} s warm-up) vs R`,
            value: pace.perSecond,
            base: RATE_LIMIT,
            goal: { atLeast: 0.9 },
          },
          {
            name: "Softtr's answers that were 429, whole run",
            value: pace.throttled,
            base: pace.answered,
            goal: { below: 0.01 },
          },
        ],
        paceFormat,
        [
          `steady seconds accepted between ${pace.slowest} and ${pace.busiest}; ` +
            `run ${seconds(limited.ms)} for ${expected[0]} orders`,
          `429s came in ${pace.refusingSeconds} of the run's seconds, ` +
            `${(pace.throttled / pace.refusingSeconds).toFixed(1)} in each; the second after ` +
            `one accepted ${pace.acceptedAfter.toFixed(1)} on average`,
          `reproduce: ${ctx.reproduce}`,
        ],
      )
      return {
        passed: scalingOutcome.passed && storesOutcome.passed && requestsPassed && pacePassed,
      }
    } finally {
      progress('')
      process.off('SIGINT', interrupted)
      process.off('SIGTERM', interrupted)
      await cleanup.run()
    }
  },
})
