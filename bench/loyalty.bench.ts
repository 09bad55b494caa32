/**
 * The `loyalty` pipeline end to end: Softtr seeded with 100,000 orders (10,000 with `--quick`;
 * customers in the emulator's own proportion, 36% of the orders) and Loyaltii with its default
 * account, both served over loopback by a process of their own (`loyalty-emulators.ts`), and one
 * full first run with `from: [softtr]` in a child process (`loyalty-run.ts`) with its own SQLite
 * state. Every request is counted by operation on the emulators' side (the sync's `afterResponse`
 * hook must agree) and held against the fewest the work needs:
 *
 * - Softtr: `orders.list`, one page per 100 orders; `orders.get`, one detail per order.
 * - Loyaltii, per order: one `orders.create` (its lines go in the same call), and one
 *   `points.create` per order that earns (the recipe's default rules: a point per 10 TRY of goods,
 *   status `new` earns). Loyaltii has no batch form of either (`operations/orders.ts`,
 *   `operations/points.ts`: `orders.create` and `points.create` take one each; the only batch
 *   write is `contacts.patchMany`, which patches existing contacts and cannot create one).
 * - Loyaltii, per distinct buyer (keyed as the sink keys them, `customerKey`: the e-mail, else the
 *   GSM), counted as the minimum: one `contacts.getByEmail` when the buyer has an e-mail; one
 *   `contacts.getByPhone` when they have a GSM and the e-mail found no contact; one
 *   `contacts.create` when neither did. Worked out from the seed with the buyer's first order met
 *   (newest first, as Softtr lists them), a contact created earlier in the run counting as found.
 * - Loyaltii, once: the store the Softtr orders go to, `stores.getByNumber`, and `stores.create`
 *   when it is missing. (The sink resolves every store kopru.yaml lists, the Narwoo one too, even
 *   with `from: [softtr]`: two more calls, counted against it.)
 *
 * Goal: requests / minimum ≤ 1.05. Also printed: the run's wall time (runPipeline's own, lock to
 * finish), orders per second, the peak RSS of the sync's process, and what Loyaltii holds of
 * kopru's afterwards (every order once, every earning order's point once). `LOYALTY_BENCH_ORDERS`
 * overrides the number of orders.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runChild, startChild } from './child-process.ts'
import { defineBench } from './harness.ts'
import type {
  LoyaltyEmulatorCall,
  LoyaltyEmulatorReply,
  LoyaltyEmulatorStart,
  LoyaltyFacts,
} from './loyalty-emulators.ts'
import type { LoyaltyRunJob, LoyaltyRunReport } from './loyalty-run.ts'
import { count, printAligned } from './report-tables.ts'

const DAY = 86_400_000
const PAGE = 100
/** the recipe's default: how far back a first run reads */
const INITIAL_DAYS = 366
const GOAL = 1.05
const MB = 1024 * 1024

export default defineBench({
  title: 'full loyalty sync of Softtr orders into Loyaltii: requests against the minimum, time',
  async run(ctx) {
    const orders = Number(process.env.LOYALTY_BENCH_ORDERS ?? (ctx.quick ? 10_000 : 100_000))
    const dir = mkdtempSync(join(tmpdir(), 'kopru-loyalty-bench-'))
    const progress = process.stderr.isTTY
      ? (text: string) => process.stderr.write(`\r\x1b[K${text && `  ${text}`}`)
      : () => true
    progress(`seeding ${orders} orders`)
    const emulators = await startEmulators({
      orders,
      customers: Math.round(orders * 0.36),
      seed: 1,
    })
    try {
      const { softtr, loyaltii } = await emulators.call({ kind: 'endpoints' })
      const today = Math.floor(Date.now() / DAY) * DAY
      const since = new Date(today - INITIAL_DAYS * DAY).toISOString()
      const { facts } = await emulators.call({ kind: 'facts', since })
      const minimum = minimumFor(facts)

      progress(`loyalty sync of ${facts.orders} orders`)
      await emulators.call({ kind: 'counts' })
      const job: LoyaltyRunJob = { softtr, loyaltii, state: join(dir, 'state.db') }
      const run = await runChild<LoyaltyRunReport>('./loyalty-run.ts', job)
      const { counts } = await emulators.call({ kind: 'counts' })
      const { written } = await emulators.call({ kind: 'written' })
      progress('')
      if (run.result.status !== 'succeeded')
        throw new Error(`loyalty run ${run.result.status}: ${run.result.error ?? ''}`)
      if (Object.keys(run.deadLetters).length)
        throw new Error(`loyalty run left dead letters: ${JSON.stringify(run.deadLetters)}`)
      const differs = Object.keys({ ...counts, ...run.requests }).filter(
        (op) => counts[op] !== run.requests[op],
      )
      if (differs.length)
        throw new Error(
          `the emulators answered ${JSON.stringify(counts)}, the client counted ${JSON.stringify(run.requests)}`,
        )
      const wrong = [
        written.orders !== facts.orders && `${written.orders} orders of ${facts.orders}`,
        written.points !== facts.earning && `${written.points} points of ${facts.earning}`,
        written.duplicateOrders && `${written.duplicateOrders} orders twice`,
        written.duplicatePoints && `${written.duplicatePoints} points twice`,
        written.contacts !== facts.creates && `${written.contacts} contacts of ${facts.creates}`,
      ].filter(Boolean)
      // a contact count off by a few is a race of two buyers sharing a phone, not a wrong write
      if (wrong.some((w) => !String(w).includes('contacts')))
        throw new Error(`Loyaltii after the run: ${wrong.join(', ')}`)

      const total = sum(counts)
      const ratio = total / minimum.total
      const met = ratio <= GOAL
      printAligned(
        `\n${ctx.name}: HTTP requests of a full run against the minimum (${count(facts.orders)} orders, ` +
          `${count(facts.earning)} earning, ${count(facts.buyers)} buyers)`,
        [
          ['run', 'requests', 'minimum', 'ratio', 'goal', ''],
          [
            `full loyalty sync, ${count(facts.orders)} orders`,
            count(total),
            count(minimum.total),
            ratio.toFixed(3),
            `≤ ${GOAL}`,
            met ? '✓' : '✗ MISSED',
          ],
        ],
        new Set([1, 2, 3]),
      )
      const ops = [...new Set([...Object.keys(minimum.ops), ...Object.keys(counts)])].sort()
      const rows = ops.map((op) => {
        const min = minimum.ops[op] ?? 0
        const got = counts[op] ?? 0
        return [
          op,
          min ? count(min) : '·',
          got ? count(got) : '·',
          got === min ? '' : `${got > min ? '+' : ''}${count(got - min)}`,
        ]
      })
      printAligned(
        '  by operation:',
        [['operation', 'minimum', 'run', 'over'], ...rows],
        new Set([1, 2, 3]),
        '  ',
      )
      const seconds = run.ms / 1000
      console.log(
        `  wall time ${seconds.toFixed(1)} s (runPipeline, lock to finish): ` +
          `${count(facts.orders / seconds)} orders/s, ${count(total / seconds)} requests/s; ` +
          `peak RSS of the sync's process ${(run.maxRss / MB).toFixed(0)} MB`,
      )
      console.log(
        `  Loyaltii afterwards: ${count(written.orders)} kopru orders, ${count(written.points)} points ` +
          `(each SourceId once: ${written.duplicatePoints === 0 ? 'yes' : 'NO'}), ` +
          `${count(written.contacts)} contacts created` +
          (wrong.length ? ` — ${wrong.join(', ')}` : ''),
      )
      if (!met) {
        const over = rows
          .filter((r) => r[3]!.startsWith('+'))
          .map((r) => `${r[0]} ${r[3]}`)
          .join(', ')
        console.log(`  over the minimum: ${over}`)
      }
      console.log(
        `reproduce: ${[process.env.LOYALTY_BENCH_ORDERS ? `LOYALTY_BENCH_ORDERS=${orders}` : '', ctx.reproduce].filter(Boolean).join(' ')}`,
      )
      return { passed: met }
    } finally {
      progress('')
      await emulators.close()
      rmSync(dir, { recursive: true, force: true })
    }
  },
})

function minimumFor(facts: LoyaltyFacts) {
  const ops: Record<string, number> = {
    'softtr.orders.list': Math.max(1, Math.ceil(facts.orders / PAGE)),
    'softtr.orders.get': facts.orders,
    'loyaltii.orders.create': facts.orders,
    'loyaltii.points.create': facts.earning,
    'loyaltii.contacts.getByEmail': facts.byEmail,
    'loyaltii.contacts.getByPhone': facts.byPhone,
    'loyaltii.contacts.create': facts.creates,
    'loyaltii.stores.getByNumber': 1,
    'loyaltii.stores.create': facts.storeExists ? 0 : 1,
  }
  for (const [op, n] of Object.entries(ops)) if (!n) delete ops[op]
  return { ops, total: sum(ops) }
}

const sum = (counts: Record<string, number>) => Object.values(counts).reduce((s, n) => s + n, 0)

/** The emulators' process; calls are answered one at a time, in order. */
const startEmulators = (start: LoyaltyEmulatorStart) =>
  startChild<LoyaltyEmulatorCall, LoyaltyEmulatorReply>('./loyalty-emulators.ts', start, {
    name: 'emulators',
  })
