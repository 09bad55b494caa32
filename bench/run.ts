/**
 * `npm run bench [-- names…] [--quick] [--rounds=N] [--ms=N]`: runs every `bench/*.bench.ts`, or the
 * named ones, one after the other, and prints each one's table (`harness.ts` says how to write one).
 * Goals are reported, not enforced: the exit code is 0 unless a bench could not run (1) or the
 * arguments are wrong (2).
 */
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
  const missed: string[] = []
  for (const name of names) {
    const bench = (
      (await import(new URL(`./${name}${SUFFIX}`, import.meta.url).href)) as { default: Bench }
    ).default
    console.log(`\n== ${name}: ${bench.title}${args.quick ? ' (quick)' : ''}`)
    const outcome = await bench.run(benchContext(name, args))
    if (!outcome.passed) missed.push(name)
  }
  console.log(
    `\n${names.length} bench${names.length === 1 ? '' : 'es'} run; ` +
      (missed.length ? `goal missed in ${missed.join(', ')}` : 'every goal met'),
  )
  return 0
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error)
    process.exit(1)
  },
)
