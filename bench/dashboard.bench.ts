/**
 * The dashboard over a big state: 10,000 runs and 100,000 dead letters (half open, over the real
 * pipelines' streams and a dozen vendor codes), in SQLite and in PostgreSQL. Every page and the API
 * call behind it is fetched in rounds, in process (`kopru serve`'s Hono app, no socket), and timed;
 * goal: every answer under 300 ms (the slowest of the rounds). Beside it, the same page over a
 * small state (20 runs, 60 dead letters), side by side in the same rounds: the ratio says how much
 * the big state costs (paged and indexed, it should cost little).
 *
 * `DASHBOARD_BENCH_RUNS` and `DASHBOARD_BENCH_LETTERS` override the sizes (`--quick` uses a tenth).
 */
import type { StateStore } from '../src/model/state.ts'
import { PostgresStateStore } from '../src/sync/postgres.ts'
import { SqliteStateStore } from '../src/sync/sqlite.ts'
import { freshSchema } from '../test/support/postgres.ts'
import { startDashboard, type Dashboard } from '../test/support/dashboard.ts'
import { defineBench } from './harness.ts'
import { count, printAligned } from './report-tables.ts'

const GOAL_MS = 300

/** Pipelines, streams and the codes their vendors answer, as a real state holds them. */
const streams = [
  ['customers-and-orders', 'customers', ['E126', 'E128', 'E110', 'E127']],
  ['customers-and-orders', 'softtr-orders', ['E130', 'E131']],
  ['catalog', 'products', ['E140', 'E141']],
  ['inventory', 'stock', ['400', '422']],
  ['loyalty', 'softtr-orders', ['409', '400']],
  ['mailkomplet', 'customers', ['ERR_LIST']],
] as const

async function fill(
  store: StateStore,
  runs: number,
  letters: number,
): Promise<{ midRun: number; deepLetter: number }> {
  const counts = { read: 120, created: 30, updated: 12, skipped: 78, failed: 2 }
  let midRun = 0
  for (let i = 0; i < runs; i++) {
    const [pipeline] = streams[i % streams.length]!
    const id = await store.startRun(pipeline, { dryRun: i % 10 === 9 })
    await store.finishRun(id, {
      status: i % 50 === 0 ? 'failed' : 'succeeded',
      counts: { [streams[i % streams.length]![1]]: counts },
      requests: { setrow: { requests: 40, throttled: 1, retries: 1, failed: 0 } },
      ...(i % 50 === 0 ? { error: 'setrow unreachable' } : {}),
    })
    if (i === Math.floor(runs / 2)) midRun = id
  }
  const batch = 1_000
  for (let start = 0; start < letters; start += batch) {
    const byStream = new Map<
      number,
      { stream: string; key: string; record: unknown; code: string; reason: string }[]
    >()
    for (let i = start; i < Math.min(letters, start + batch); i++) {
      const s = i % streams.length
      const [, stream, codes] = streams[s]!
      const list = byStream.get(s) ?? []
      list.push({
        stream,
        key: `person${i}@example.com`,
        record: {
          email: `person${i}@example.com`,
          name: `Person ${i}`,
          total: i * 3.5,
          lines: [{ sku: `SKU-${i}`, qty: 1 }],
        },
        code: codes[i % codes.length]!,
        reason: `refused (${codes[i % codes.length]})`,
      })
      byStream.set(s, list)
    }
    for (const [s, list] of byStream) {
      const [pipeline, stream] = streams[s]!
      await store.commit({ pipeline, scope: `${pipeline}/${stream}`, deadLetters: list })
      // every other one delivered since: half the letters open
      await store.commit({
        pipeline,
        scope: `${pipeline}/${stream}`,
        resolveDeadLetters: list.filter((_, i) => i % 2 === 0).map((d) => ({ stream, key: d.key })),
      })
    }
  }
  const open = await store.deadLetters({
    status: 'open',
    limit: 1,
    after: Math.floor(letters * 0.8),
  })
  return { midRun, deepLetter: open[0]?.id ?? 1 }
}

export default defineBench({
  title: `every dashboard page over 10,000 runs and 100,000 dead letters (goal < ${GOAL_MS} ms)`,
  async run(ctx) {
    const runs = Number(process.env.DASHBOARD_BENCH_RUNS ?? (ctx.quick ? 1_000 : 10_000))
    const letters = Number(process.env.DASHBOARD_BENCH_LETTERS ?? (ctx.quick ? 10_000 : 100_000))
    const rounds = ctx.plan({ rounds: 15 }, { rounds: 5 }).rounds
    const pg = await freshSchema('dashboard_bench')
    const backends: { name: string; open: () => Promise<StateStore> }[] = [
      { name: 'SQLite', open: async () => new SqliteStateStore(':memory:') },
      {
        name: 'PostgreSQL',
        open: () => PostgresStateStore.open({ url: pg.url, tenant: `big${Date.now()}` }),
      },
    ]
    let passed = true
    try {
      for (const backend of backends) {
        const bigStore = await backend.open()
        const started = performance.now()
        const { midRun, deepLetter } = await fill(bigStore, runs, letters)
        console.log(
          `\n${backend.name}: ${count(runs)} runs and ${count(letters)} dead letters written in ${((performance.now() - started) / 1000).toFixed(1)} s`,
        )
        const big = await startDashboard({ store: bigStore })
        const smallStore = await backend.open()
        const small = await fill(smallStore, 20, 60)
        const empty = await startDashboard({ store: smallStore })
        await Promise.all([big.server.applier?.settled(), empty.server.applier?.settled()])
        const person = 'person4@example.com'
        const pages = ({
          midRun,
          deepLetter,
        }: {
          midRun: number
          deepLetter: number
        }): [string, string][] => [
          ['overview', '/'],
          ['runs', '/runs'],
          ['runs, a page deep in', `/runs?before=${midRun}`],
          ['a run', `/runs/${midRun}`],
          ['dead letters', '/dead-letters'],
          ['dead letters by vendor + code', '/dead-letters?vendor=setrow&code=E126'],
          ['dead letters, deep page', `/dead-letters?after=${deepLetter}`],
          ['dead letters, resolved', '/dead-letters?status=resolved'],
          ['consent', `/consent?address=${person}`],
          ['webhooks', '/webhooks'],
          ['API overview', '/api/overview'],
          ['API runs', `/api/runs?before=${midRun}`],
          ['API dead letters', '/api/dead-letters?pipeline=catalog&code=E140'],
        ]
        const paths = { big: pages({ midRun, deepLetter }), small: pages(small) }
        const times = new Map(
          paths.big.map(([name]) => [name, { big: [] as number[], small: [] as number[] }]),
        )
        const time = async (d: Dashboard, path: string) => {
          const t0 = performance.now()
          const response = await d.fetch(path)
          const body = await response.text()
          const ms = performance.now() - t0
          if (response.status !== 200)
            throw new Error(`${path}: ${response.status} ${body.slice(0, 200)}`)
          return ms
        }
        // round -1 is not recorded (JIT, prepared statements, the pool's connections); who goes
        // first alternates
        for (let round = -1; round < rounds; round++)
          for (const [i, [name, path]] of paths.big.entries()) {
            const smallPath = paths.small[i]![1]
            const bigFirst = round % 2 === 0
            const a = bigFirst ? await time(big, path) : await time(empty, smallPath)
            const b = bigFirst ? await time(empty, smallPath) : await time(big, path)
            if (round < 0) continue
            times.get(name)!.big.push(bigFirst ? a : b)
            times.get(name)!.small.push(bigFirst ? b : a)
          }
        const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!
        const table = [
          ['page', 'median ms', 'slowest ms', 'small state ms', 'ratio', `goal < ${GOAL_MS} ms`],
        ]
        for (const [name] of paths.big) {
          const t = times.get(name)!
          const slowest = Math.max(...t.big)
          const ok = slowest < GOAL_MS
          passed &&= ok
          table.push([
            name,
            median(t.big).toFixed(1),
            slowest.toFixed(1),
            median(t.small).toFixed(1),
            `${(median(t.big) / median(t.small)).toFixed(2)}×`,
            ok ? '✓' : '✗',
          ])
        }
        printAligned(`${backend.name}, ${rounds} rounds:`, table, new Set([1, 2, 3, 4]), '  ')
        await big.close()
        await empty.close()
      }
    } finally {
      await pg.drop()
    }
    console.log(`\nreproduce: ${ctx.reproduce}`)
    return { passed }
  },
})
