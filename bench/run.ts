/**
 * `npm run bench [-- names…] [--quick] [--rounds=N] [--ms=N]`: runs every `bench/*.bench.ts`, or the
 * named ones, one after the other, and prints each one's table (`harness.ts` says how to write one).
 * Goals are reported, not enforced: the exit code is 0 unless a bench could not run (1) or the
 * arguments are wrong (2).
 *
 * Of several benches, each runs in a process of its own: what one leaves in a process changes the
 * next one's figures (softtr-client run after loyaltii-client's `fetch` contender: 1.12× against
 * 1.03× run after the bulk-write benches).
 */
import { spawn } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { benchContext, parseBenchArgs, type Bench, type BenchArgs } from './harness.ts'

const SUFFIX = '.bench.ts'

async function main(argv: readonly string[]): Promise<number> {
  let args: BenchArgs
  try {
    args = parseBenchArgs(argv)
  } catch (error) {
    console.error((error as Error).message)
    return 2
  }
  const dir = fileURLToPath(new URL('.', import.meta.url))
  const known = readdirSync(dir)
    .filter((file) => file.endsWith(SUFFIX))
    .map((file) => file.slice(0, -SUFFIX.length))
    .sort()
  const unknown = args.names.filter((name) => !known.includes(name))
  if (unknown.length) {
    console.error(`unknown bench ${unknown.join(', ')}; known: ${known.join(', ') || '(none)'}`)
    return 2
  }
  const names = args.names.length ? args.names : known
  const flags = argv.filter((arg) => arg.startsWith('--'))
  const missed: string[] = []
  for (const name of names) {
    const passed = names.length === 1 ? await runHere(name, args) : await runApart(name, flags)
    if (!passed) missed.push(name)
  }
  // a bench's own process tells its parent by its exit code
  if (process.env[ONE_BENCH]) return missed.length ? MISSED : 0
  console.log(
    `\n${names.length} bench${names.length === 1 ? '' : 'es'} run; ` +
      (missed.length ? `goal missed in ${missed.join(', ')}` : 'every goal met'),
  )
  return 0
}

/** set in a bench's own process: it exits with MISSED when a goal was missed */
const ONE_BENCH = 'KOPRU_BENCH_APART'
const MISSED = 3

async function runHere(name: string, args: BenchArgs): Promise<boolean> {
  const bench = (
    (await import(new URL(`./${name}${SUFFIX}`, import.meta.url).href)) as { default: Bench }
  ).default
  console.log(`\n== ${name}: ${bench.title}${args.quick ? ' (quick)' : ''}`)
  return (await bench.run(benchContext(name, args))).passed
}

/** Runs one bench in a child process; whether its goals were met. A bench that fails throws. */
function runApart(name: string, flags: readonly string[]): Promise<boolean> {
  const child = spawn(
    process.execPath,
    ['--import', import.meta.resolve('tsx'), fileURLToPath(import.meta.url), name, ...flags],
    { stdio: 'inherit', env: { ...process.env, [ONE_BENCH]: '1' } },
  )
  return new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('exit', (code, signal) => {
      if (code === 0 || code === MISSED) resolve(code === 0)
      else reject(new Error(`bench ${name} could not run (${signal ?? `exit code ${code}`})`))
    })
  })
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error)
    process.exit(1)
  },
)
