/**
 * kopru's benchmark harness. A benchmark prints **ratios measured side by side in one run**, never
 * an absolute time as a pass/fail: the machines are small (2 cores) and noisy, so contenders run
 * in interleaved rounds and the figure that counts is the median of the per-round ratios.
 *
 * Running: `npm run bench` runs every `bench/*.bench.ts`; `npm run bench -- softtr-orders` the
 * named ones; `--quick` shrinks each to a few seconds; `--rounds=N` and `--ms=N` override the plan.
 *
 * Writing one: add `bench/<name>.bench.ts` whose default export is `defineBench({ title, run })`.
 * An emulator's answer against node:http sending the same bytes is `compareServedAnswer` (see
 * softtr-orders.bench.ts). Any other server benchmark:
 *
 * ```ts
 * export default defineBench({
 *   title: 'what is compared with what',
 *   async run(ctx) {
 *     const plan = ctx.plan({ rounds: 7, sampleMs: 2000 }) // the quick plan is used with --quick
 *     const helper = spawnHelper() // the load driver runs in a second thread
 *     const bare = await startBareServer({ body: capturedBytes }) // servers stay in this thread
 *     const load = (url: string) => ({ url, concurrency: 16, durationMs: plan.sampleMs })
 *     const measured = await interleave(
 *       [
 *         { name: 'bare', run: async () => expectOk('bare', await helper.drive(load(bare.url))) },
 *         { name: 'kopru', run: async () => expectOk('kopru', await helper.drive(load(kopruUrl))) },
 *       ],
 *       plan,
 *     )
 *     await Promise.all([bare.close(), helper.close()])
 *     return report(ctx, {
 *       unit: 'req/s',
 *       baseline: 'bare',
 *       measured,
 *       goals: { kopru: { atLeast: 0.5 } },
 *       notes: loadNotes(measured),
 *     })
 *   },
 * })
 * ```
 *
 * A client benchmark turns it round (see softtr-client.bench.ts): the bare server runs in the
 * helper (`helper.serve({ body })`), the calls in this thread through `callLoop`, and the unit is
 * `µs/call` (ratios of time, lower is better).
 *
 * Pieces:
 * - `interleave` runs every contender once per round, rotating who goes first, after warm-up
 *   rounds that are not recorded; `report` prints median, range, ratio to the baseline (median of
 *   per-round ratios, `pairedRatio`), goal and mark, notes, and the command that reproduces the run.
 *   `ratioNote` adds a ratio to a second floor; `measuredApart` measures a contender that would
 *   disturb the others (raw `fetch`) after the rounds, as a note.
 * - `startBareServer` (bare.ts) is a plain `node:http` server answering fixed bytes, or whatever a function
 *   returns per request, optionally reading and `JSON.parse`-ing each request body first.
 *   `rowKeeper` makes it keep each row of a bulk body too, `rowPatcher` find and update a record
 *   by each key of one: a second floor for a bulk write.
 * - `driveLoad` (load.ts) keeps N keep-alive HTTP/1.1 requests in flight for a while and counts
 *   answers by status and body bytes; `callLoop` keeps N calls of any async function in flight.
 * - `spawnHelper()` runs `driveLoad` / `startBareServer` in a worker thread, so the code under test
 *   keeps this thread's event loop and core. `loadNotes` says how busy each thread was: a driver
 *   near 100% limited its contender.
 * - Every sample checks its answers: `expectOk` throws on an error, an unexpected status or a
 *   wrong body size, so a broken contender cannot look fast.
 */
import { Worker } from 'node:worker_threads'
import { startBareServer, type BareServerOptions } from './bare.ts'
import type { LoadOptions, LoadResult } from './load.ts'
import type { HelperCall, HelperReply } from './worker.ts'

export {
  closeServer,
  rowKeeper,
  rowPatcher,
  startBareServer,
  type BareServer,
  type BareServerOptions,
} from './bare.ts'
export { closeConnections, driveLoad, type LoadOptions, type LoadResult } from './load.ts'

// ---------------------------------------------------------------------------------------------
// Definition and run context

export interface BenchPlan {
  /** recorded rounds; each runs every contender once */
  rounds: number
  /** length of one contender's timed sample */
  sampleMs: number
  /** unrecorded rounds first (JIT, connection pools, caches) */
  warmup: number
}

export interface BenchContext {
  /** the file's name without `.bench.ts` */
  name: string
  quick: boolean
  /** rounds and sample length for this run: the bench's defaults, or the quick ones, or flags */
  plan(full: Partial<BenchPlan>, quick?: Partial<BenchPlan>): BenchPlan
  /** the command that repeats this run */
  reproduce: string
}

export interface BenchOutcome {
  /** every goal met */
  passed: boolean
}

export interface Bench {
  title: string
  run(ctx: BenchContext): Promise<BenchOutcome>
}

export function defineBench(bench: Bench): Bench {
  return bench
}

export interface BenchArgs {
  names: string[]
  quick: boolean
  rounds?: number
  sampleMs?: number
}

/** `[names…] [--quick] [--rounds=N] [--ms=N]`, as `npm run bench -- …` passes them. */
export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  const args: BenchArgs = { names: [], quick: false }
  for (const arg of argv) {
    const [flag, value] = arg.split('=', 2)
    if (flag === '--quick') args.quick = true
    else if (flag === '--rounds') args.rounds = positive(flag, value)
    else if (flag === '--ms') args.sampleMs = positive(flag, value)
    else if (arg.startsWith('-'))
      throw new Error(`unknown flag ${arg}; known: --quick --rounds=N --ms=N`)
    else args.names.push(arg)
  }
  return args
}

function positive(flag: string, value: string | undefined): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`${flag} needs a positive integer, e.g. ${flag}=5`)
  return n
}

const fullDefaults: BenchPlan = { rounds: 9, sampleMs: 2000, warmup: 1 }
const quickDefaults: BenchPlan = { rounds: 3, sampleMs: 400, warmup: 1 }

export function benchContext(name: string, args: BenchArgs): BenchContext {
  const flags = [
    args.quick ? '--quick' : '',
    args.rounds ? `--rounds=${args.rounds}` : '',
    args.sampleMs ? `--ms=${args.sampleMs}` : '',
  ].filter(Boolean)
  return {
    name,
    quick: args.quick,
    reproduce: ['npm run bench --', name, ...flags].join(' '),
    plan: (full, quick = {}) => ({
      ...(args.quick ? { ...quickDefaults, ...quick } : { ...fullDefaults, ...full }),
      ...(args.rounds ? { rounds: args.rounds } : {}),
      ...(args.sampleMs ? { sampleMs: args.sampleMs } : {}),
    }),
  }
}

// ---------------------------------------------------------------------------------------------
// Measuring

/** `ops` operations completed in `ms` milliseconds. */
export interface Sample {
  ops: number
  ms: number
}

export interface Contender<S extends Sample = Sample> {
  name: string
  /** one timed sample; throw when the contender answered wrongly */
  run(): Promise<S>
}

export interface Measured<S extends Sample = Sample> {
  name: string
  /** the recorded samples, in round order (whatever else `run` returned included) */
  samples: S[]
  /** ops/s per recorded round, in round order */
  rates: number[]
}

/** Runs each contender once per round, rotating the order; warm-up rounds are not recorded. */
export async function interleave<S extends Sample>(
  contenders: readonly Contender<S>[],
  { rounds, warmup = 1 }: Pick<BenchPlan, 'rounds'> & Partial<BenchPlan>,
): Promise<Measured<S>[]> {
  const measured = contenders.map((c) => ({
    name: c.name,
    samples: [] as S[],
    rates: [] as number[],
  }))
  const progress = process.stderr.isTTY ? (text: string) => process.stderr.write(text) : () => true
  for (let round = -warmup; round < rounds; round++) {
    progress(`\r  ${round < 0 ? 'warm-up' : `round ${round + 1}/${rounds}`}   `)
    for (let k = 0; k < contenders.length; k++) {
      const index = (Math.max(round, 0) + k) % contenders.length
      const sample = await contenders[index]!.run()
      if (round < 0) continue
      measured[index]!.samples.push(sample)
      measured[index]!.rates.push(rate(sample))
    }
  }
  progress('\r\x1b[K')
  return measured
}

export function rate({ ops, ms }: Sample): number {
  return ms > 0 ? (ops * 1000) / ms : 0
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/** Keeps `concurrency` calls of `fn` in flight for `durationMs`; every call must resolve. */
export async function callLoop(
  fn: () => Promise<unknown>,
  { concurrency = 1, durationMs }: { concurrency?: number; durationMs: number },
): Promise<Sample> {
  let ops = 0
  const started = performance.now()
  const until = started + durationMs
  const lane = async () => {
    while (performance.now() < until) {
      await fn()
      ops++
    }
  }
  await Promise.all(Array.from({ length: concurrency }, lane))
  return { ops, ms: performance.now() - started }
}

// ---------------------------------------------------------------------------------------------
// Checking answers

/**
 * Throws unless every request of `result` got `status` (default 200) and, when `bodyBytes` is
 * given, a body of exactly that size: a contender that answers wrongly must not look fast.
 */
export function expectOk<R extends LoadResult>(
  name: string,
  result: R,
  { status = 200, bodyBytes }: { status?: number; bodyBytes?: number } = {},
): R {
  const wrong = Object.keys(result.statuses).some((s) => s !== String(status))
  if (wrong || result.ops === 0) {
    throw new Error(
      `${name}: expected every answer to be ${status}, got ${JSON.stringify(result.statuses)}` +
        (result.firstError ? ` (${result.firstError})` : ''),
    )
  }
  if (bodyBytes !== undefined && result.bytes !== result.ops * bodyBytes) {
    throw new Error(
      `${name}: expected ${bodyBytes} body bytes per answer, got ${(result.bytes / result.ops).toFixed(1)}`,
    )
  }
  return result
}

// ---------------------------------------------------------------------------------------------
// The helper thread

/** A load sample driven from the helper thread, with how busy this thread was meanwhile. */
export interface DrivenResult extends LoadResult {
  /** share of the sample this (the server's) thread's event loop was busy */
  hostBusy: number
}

/**
 * Two report lines for a server benchmark: how busy the server's thread and the driver's thread
 * were (medians). A driver near 100% means the driver, not the server, set that contender's pace.
 */
export function loadNotes(measured: readonly Measured<DrivenResult>[]): string[] {
  const busy = (m: Measured<DrivenResult>, pick: 'driverBusy' | 'hostBusy') =>
    median(m.samples.map((s) => s[pick]))
  const list = (pick: 'driverBusy' | 'hostBusy') =>
    measured.map((m) => `${m.name} ${Math.round(100 * busy(m, pick))}%`).join(', ')
  const limited = measured.filter((m) => busy(m, 'driverBusy') > 0.9).map((m) => m.name)
  return [
    `server thread busy: ${list('hostBusy')}`,
    `load driver busy: ${list('driverBusy')}` +
      (limited.length
        ? ` — WARNING: the driver limited ${limited.join(', ')}; its rate is a lower bound`
        : ' (the servers, not the driver, set the pace)'),
  ]
}

export interface Helper {
  /** `driveLoad` in the helper thread, against a server in this thread (or anywhere) */
  drive(options: LoadOptions): Promise<DrivenResult>
  serve(options: BareServerOptions): Promise<{ url: string; port: number }>
  /** closes the helper's servers and ends the thread */
  close(): Promise<void>
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never

/** A worker thread running a TypeScript file of bench/, named as from this folder. */
function tsxWorker(name: string): Worker {
  const file = new URL(name, import.meta.url).href
  const tsx = import.meta.resolve('tsx/esm/api')
  // Node 20 does not pass tsx's hooks on to workers: register them before importing the .ts file
  return new Worker(
    `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(file)}) })`,
    { eval: true, execArgv: [] },
  )
}

type Reply = { id: number; ok: true } | { id: number; ok: false; error: string }

/**
 * Calls into a worker thread that answers each message `{id, …}` with `{id, ok: true, …}` or
 * `{id, ok: false, error}`: a call resolves with the good reply and rejects with the error, or
 * with the thread's own failure. `idle: 'unref'` lets the process exit while no call waits.
 */
function threadCalls<Call extends { id: number }, R extends Reply>(
  worker: Worker,
  label: string,
  { idle }: { idle?: 'unref' } = {},
) {
  const pending = new Map<number, { resolve(reply: R): void; reject(error: Error): void }>()
  let next = 0
  const fail = (error: Error) => {
    for (const { reject } of pending.values()) reject(error)
    pending.clear()
  }
  if (idle) worker.unref()
  worker.on('message', (reply: R) => {
    pending.get(reply.id)?.resolve(reply)
    pending.delete(reply.id)
  })
  worker.on('error', fail)
  worker.on('exit', (code) => fail(new Error(`${label}: its worker exited with code ${code}`)))
  return (message: DistributiveOmit<Call, 'id'>) =>
    new Promise<Extract<R, { ok: true }>>((resolve, reject) => {
      const id = next++
      pending.set(id, {
        resolve: (reply) =>
          reply.ok
            ? resolve(reply as Extract<R, { ok: true }>)
            : reject(new Error(`${label}: ${reply.error}`)),
        reject,
      })
      if (idle) worker.ref()
      worker.postMessage({ ...message, id })
    }).finally(() => {
      if (idle && pending.size === 0) worker.unref()
    })
}

/** A bench's own worker thread (`./<name>.worker.ts`), called as `threadCalls` describes. */
export function workerCalls<Call extends { id: number }, R extends Reply>(name: string) {
  const worker = tsxWorker(`./${name}.worker.ts`)
  return {
    call: threadCalls<Call, R>(worker, name),
    close: () => worker.terminate().then(() => undefined),
  }
}

/** A worker thread running `bench/worker.ts`. */
export function spawnHelper(): Helper {
  const worker = tsxWorker('./worker.ts')
  const calls = threadCalls<HelperCall, HelperReply>(worker, 'bench helper', { idle: 'unref' })
  const call = async <T>(message: DistributiveOmit<HelperCall, 'id'>): Promise<T> =>
    (await calls(message)).value as T
  return {
    drive: async (args) => {
      const before = performance.eventLoopUtilization()
      const result = await call<LoadResult>({ kind: 'drive', args })
      return { ...result, hostBusy: performance.eventLoopUtilization(before).utilization }
    },
    serve: (args) => call({ kind: 'serve', args }),
    close: async () => {
      await call({ kind: 'close' })
      await worker.terminate()
    },
  }
}

// ---------------------------------------------------------------------------------------------
// Reporting

export type Goal = { atLeast: number } | { atMost: number }

export interface ReportOptions {
  /** `req/s` (higher is better, ratio of rates) or `µs/call` (lower is better, ratio of times) */
  unit: 'req/s' | 'µs/call'
  /** the contender every ratio is taken against */
  baseline: string
  measured: readonly Measured[]
  /** ratio goals by contender name; a contender without one is reported for information */
  goals?: Record<string, Goal>
  /** the setup in one line: target, concurrency, rounds */
  setup?: string
  notes?: readonly string[]
  /** environment knobs the bench read; those that are set prefix the reproduce line */
  env?: Record<string, string | undefined>
}

/** Prints the table and the reproduce line; the outcome says whether every goal was met. */
export function report(ctx: BenchContext, options: ReportOptions): BenchOutcome {
  const base = named(options.measured, options.baseline)
  const perTime = options.unit === 'µs/call'
  const value = (r: number) => (perTime ? 1e6 / r : r)
  const rows = options.measured.map((m) => {
    const values = m.rates.map(value)
    const ratio = pairedRatio(m, base, options.unit)
    const goal = m === base ? undefined : options.goals?.[m.name]
    const met = goal && ('atLeast' in goal ? ratio >= goal.atLeast : ratio <= goal.atMost)
    const cells = [
      m.name,
      formatNumber(median(values)),
      `${formatNumber(Math.min(...values))}–${formatNumber(Math.max(...values))}`,
      ratio.toFixed(2),
      m === base ? 'baseline' : goalText(goal),
      goal ? (met ? '✓' : '✗ MISSED') : '',
    ]
    return { cells, met }
  })
  const header = ['contender', `median ${options.unit}`, 'range', 'ratio', 'goal', '']
  const table = [header, ...rows.map((r) => r.cells)]
  const widths = header.map((_, i) => Math.max(...table.map((cells) => cells[i]!.length)))
  const numeric = new Set([1, 2, 3])
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (numeric.has(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd()
  console.log(`\n${ctx.name}: ${options.setup ?? ''}`.trimEnd())
  for (const cells of table) console.log(line(cells))
  for (const note of options.notes ?? []) console.log(`  ${note}`)
  const env = Object.entries(options.env ?? {}).filter(([, value]) => value !== undefined)
  console.log(`reproduce: ${[...env.map(([k, v]) => `${k}=${v}`), ctx.reproduce].join(' ')}`)
  return { passed: rows.every((r) => r.met !== false) }
}

function goalText(goal: Goal | undefined): string {
  if (!goal) return '—'
  return 'atLeast' in goal ? `≥ ${goal.atLeast}` : `≤ ${goal.atMost}`
}

/**
 * `a` against `b`: the median over rounds of a's rate / b's rate (`req/s`) or of a's time / b's
 * time (`µs/call`). Paired by round, because both ran back to back under the same noise.
 */
export function pairedRatio(a: Measured, b: Measured, unit: ReportOptions['unit']): number {
  return median(a.rates.map((r, i) => (unit === 'µs/call' ? b.rates[i]! / r : r / b.rates[i]!)))
}

/** A note with `a`'s ratio to another contender than the baseline (a second floor), paired by round. */
export function ratioNote(
  measured: readonly Measured[],
  a: string,
  b: string,
  unit: ReportOptions['unit'],
): string {
  return `${a} against ${b}: ${pairedRatio(named(measured, a), named(measured, b), unit).toFixed(2)}×`
}

function named(measured: readonly Measured[], name: string): Measured {
  const found = measured.find((m) => m.name === name)
  if (!found) throw new Error(`no contender named ${name}`)
  return found
}

/**
 * A contender measured after the paired rounds, on its own, as a note against the median of
 * `baseline` in `measured`: one that would disturb the others. With `fetch` interleaved among
 * them, calls through undici's pool spent about twenty times as long in the collector.
 */
export async function measuredApart(
  contender: Contender,
  { measured, baseline }: { measured: readonly Measured[]; baseline: string },
  { rounds }: Pick<BenchPlan, 'rounds'>,
  unit: ReportOptions['unit'],
): Promise<string> {
  const [apart] = await interleave([contender], { rounds: Math.min(rounds, 3), warmup: 1 })
  const value = (r: number) => (unit === 'µs/call' ? 1e6 / r : r)
  const own = median(apart!.rates.map(value))
  const ratio = own / median(named(measured, baseline).rates.map(value))
  return `${contender.name}, measured after the rounds above: ${formatNumber(own)} ${unit}, ${ratio.toFixed(2)}× the baseline's median`
}

export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n)
  if (n >= 100) return Math.round(n).toLocaleString('en-US')
  return n.toPrecision(3)
}

// ---------------------------------------------------------------------------------------------
// An emulator's answer against node:http sending the same bytes

export interface ServedAnswerOptions {
  /** the emulator's URL for the call measured, served in this thread */
  url: string
  headers: Record<string, string>
  /** whether the captured answer is the one meant (say, a full page): it is what everyone sends */
  accept(status: number, body: unknown): boolean
  plan: BenchPlan
  /** requests in flight, each on its own keep-alive connection */
  concurrency?: number
  env?: ReportOptions['env']
  /** the emulator's goal, a share of the bare server's requests (default 0.5) */
  goal?: number
}

/**
 * The emulator benchmarks' common run: one real answer captured first, then three servers driven
 * side by side from the helper thread. A bare node:http server sending the captured bytes (the
 * baseline), one running `JSON.stringify` on the same answer per request (the floor for any server
 * that builds its answers, as an emulator must, reported against the emulator in a note), and the
 * emulator. Goal: the emulator answers at least half as many requests as the bare server (`goal`).
 */
export async function compareServedAnswer(
  ctx: BenchContext,
  { url, headers, accept, plan, concurrency = 16, env, goal = 0.5 }: ServedAnswerOptions,
): Promise<BenchOutcome> {
  const answer = await fetch(url, { headers })
  const body = new Uint8Array(await answer.arrayBuffer())
  const parsed: unknown = JSON.parse(Buffer.from(body).toString('utf8'))
  if (!accept(answer.status, parsed))
    throw new Error(`${ctx.name}: unexpected emulator answer ${answer.status}`)
  const contentType = { 'content-type': answer.headers.get('content-type')! }
  const helper = spawnHelper()
  const bare = await startBareServer({ body, headers: contentType })
  const stringify = await startBareServer({
    body: () => JSON.stringify(parsed),
    headers: contentType,
  })
  try {
    const { pathname, search } = new URL(url)
    const contender = (name: string, target: string): Contender<DrivenResult> => ({
      name,
      run: async () =>
        expectOk(
          name,
          await helper.drive({ url: target, headers, concurrency, durationMs: plan.sampleMs }),
          { bodyBytes: body.byteLength },
        ),
    })
    const measured = await interleave(
      [
        contender('bare node:http', bare.url + pathname + search),
        contender('node:http + JSON.stringify', stringify.url + pathname + search),
        contender('kopru emulator', url),
      ],
      plan,
    )
    const [, floor, kopru] = measured as [unknown, Measured, Measured]
    return report(ctx, {
      unit: 'req/s',
      baseline: 'bare node:http',
      measured,
      goals: { 'kopru emulator': { atLeast: goal } },
      setup:
        `${(body.byteLength / 1024).toFixed(1)} KiB answer, ${concurrency} keep-alive connections, ` +
        `${plan.rounds} rounds × ${plan.sampleMs} ms each (+${plan.warmup} warm-up)`,
      env,
      notes: [
        `kopru emulator vs node:http + JSON.stringify: ${pairedRatio(kopru, floor, 'req/s').toFixed(2)}`,
        ...loadNotes(measured),
      ],
    })
  } finally {
    await Promise.all([bare.close(), stringify.close()])
    await helper.close()
  }
}
