/** `kopru emulate`: serve emulators over HTTP until interrupted. */
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { Command } from 'commander'
import { z } from 'zod'
import { apiEntry, apiNames } from '../../apis/registry.ts'
import type { OperationDef } from '../../core/operation.ts'
import { isLoopback } from '../../emulator/admin-guard.ts'
import { chaosSettingsSchema } from '../../emulator/chaos.ts'
import { createEmulator, type Emulator } from '../../emulator/host.ts'
import { serveEmulators, type Served, type Serving } from '../../emulator/serve.ts'
import { snapshotPath } from '../../emulator/persistence.ts'
import { kopruCommand } from '../invocation.ts'
import { didYouMean } from '../suggest.ts'
import {
  collectPairs,
  CommandError,
  parseFirstPort,
  parseInteger,
  parseJsonArgument,
  unknownApi,
  untilSignal,
  UsageError,
} from '../util.ts'

interface EmulateOptions {
  port?: string
  host: string
  seed: string
  size?: [string, string][]
  dataDir?: string
  chaos?: string
  credential?: [string, string][]
  adminToken?: string
  json?: boolean
}

/** The admin API's token: given, from the environment, or made up because the host is not loopback. */
interface AdminToken {
  token: string | undefined
  generated: boolean
}

const ADMIN_TOKEN_ENV = 'KOPRU_ADMIN_TOKEN'

export function emulateCommand(): Command {
  return new Command('emulate')
    .description('serve local emulators of the APIs (all when none is named), each on its own port')
    .argument('[api...]', `APIs to serve: ${apiNames.join(', ')}`)
    .option(
      '-p, --port <n>',
      "first port; further APIs take the next ones (default: each API's own port)",
    )
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--seed <n>', 'seed for the generated data; the same seed gives the same data', '1')
    .option(
      '--size <name=n>',
      'seed data size, e.g. orders=20000 or softtr.orders=20000 (repeatable)',
      collectPairs,
    )
    .option('--data-dir <dir>', 'keep state in this folder; it survives a restart')
    .option('--chaos <json>', 'faults to inject, as JSON, @file or - (see docs/emulators.md)')
    .option(
      '--credential <key=value>',
      'credential to accept, e.g. password=s3cret or softtr.password=s3cret (repeatable)',
      collectPairs,
    )
    .option(
      '--admin-token <token>',
      `token the admin API (/__kopru/) wants as "Authorization: Bearer <token>" (or ${ADMIN_TOKEN_ENV}); made up and printed when --host is not loopback and none is given`,
    )
    .option('--json', 'print one JSON line with each base URL and its credentials once listening')
    .addHelpText(
      'after',
      `
Each emulator accepts one set of credentials: --credential, else these environment variables,
else the demo value shown:
${credentialTable()}

Each emulator answers on the vendor's own paths; inspect and steer it under /__kopru/ (health,
reset, seed, state, requests, chaos, switches; docs/emulators.md). The admin API answers only
requests addressed to the listening host and port, never a web page (Origin), and takes writes as
content-type: application/json. On a --host other than loopback it also wants a token:
--admin-token, ${ADMIN_TOKEN_ENV}, or one made up and printed at start.

With --data-dir, an API whose state is saved there continues from it: --seed and --size apply
only to an API that starts from fresh seed data (kopru says so when they differ from the saved
state's; delete <dir>/<api>.json, or POST /__kopru/seed, for new data).

Examples:
  kopru emulate softtr
  kopru emulate softtr --port 9000 --size orders=20000 --data-dir .kopru/emulators
  kopru emulate --json
  kopru emulate softtr --chaos '{"errors":{"503":0.3},"drop":0.05}'`,
    )
    .action(async (names: string[], options: EmulateOptions, command: Command) => {
      const admin = adminToken(options)
      const seedGiven = command.getOptionValueSource('seed') === 'cli'
      const wanted = [...new Set(names.length ? names : apiNames)]
      const port =
        options.port === undefined
          ? 0
          : parseFirstPort(options.port, '--port', wanted.length, { free: true })
      const emulators = buildEmulators(wanted, options, admin.token, seedGiven)
      let serving: Serving
      try {
        serving = await serveEmulators(emulators, {
          port,
          hostname: options.host,
          ...(options.port === undefined
            ? { ports: emulators.map((e) => apiEntry(e.name).defaultPort) }
            : {}),
        })
      } catch (error) {
        // a port taken or an interface that does not exist: the user picks another
        throw new CommandError(`cannot listen: ${(error as Error).message} (try --port 0)`)
      }
      process.stdout.write(
        options.json
          ? `${JSON.stringify(describe(serving.served, admin))}\n`
          : banner(serving.served, admin, options.host),
      )
      await untilSignal()
      await serving.close()
      if (!options.json) process.stderr.write('kopru: emulators stopped\n')
    })
}

function adminToken(options: EmulateOptions): AdminToken {
  const given = options.adminToken ?? process.env[ADMIN_TOKEN_ENV]
  if (given !== undefined) {
    if (!given.trim()) throw new UsageError(`--admin-token (or ${ADMIN_TOKEN_ENV}) is empty`)
    return { token: given, generated: false }
  }
  // on loopback the Host and Origin checks keep pages out; elsewhere anyone on the network could call it
  if (isLoopback(options.host)) return { token: undefined, generated: false }
  return { token: randomBytes(24).toString('base64url'), generated: true }
}

function buildEmulators(
  names: string[],
  options: EmulateOptions,
  adminToken: string | undefined,
  seedGiven: boolean,
): Emulator<unknown, unknown>[] {
  const unknown = names.filter((name) => !apiNames.includes(name))
  if (unknown.length) throw new UsageError(unknownApi(unknown[0]!))
  const seed = parseInteger(options.seed, '--seed')
  const chaos = options.chaos ? parseChaos(options.chaos) : undefined
  const sizes = scoped(names, options.size ?? [], '--size', (api) =>
    Object.keys(apiEntry(api).emulator.sizes),
  )
  const credentials = scoped(names, options.credential ?? [], '--credential', (api) =>
    Object.keys(apiEntry(api).emulator.credentials),
  )
  return [...new Set(names)].map((name) => {
    const emulatorOptions = {
      seed,
      sizes: Object.fromEntries(
        Object.entries(sizes[name] ?? {}).map(([k, v]) => [k, parseSize(name, k, v)]),
      ),
      credentials: credentials[name] ?? {},
      ...(options.dataDir ? { dataDir: options.dataDir } : {}),
      ...(chaos ? { chaos } : {}),
      ...(adminToken === undefined ? {} : { adminToken }),
    }
    const saved = options.dataDir !== undefined && existsSync(snapshotPath(options.dataDir, name))
    try {
      const emulator = createEmulator(apiEntry(name).emulator, emulatorOptions)
      if (saved) {
        const file = snapshotPath(options.dataDir!, name)
        const ignored = savedStateWins(
          emulator,
          file,
          emulatorOptions.sizes,
          seedGiven ? seed : undefined,
        )
        if (ignored) process.stderr.write(`kopru: ${ignored}\n`)
      }
      return emulator
    } catch (error) {
      // the only file an emulator reads or writes while starting is its state in --data-dir
      if (options.dataDir && isFileProblem(error)) {
        throw new CommandError(
          `${name}: cannot keep state in --data-dir ${options.dataDir}: ${(error as Error).message}`,
        )
      }
      throw error
    }
  })
}

/**
 * An emulator that continued from its state in --data-dir ignored --seed and --size: which ones
 * differ from what the saved state was made with, and how to get fresh data; undefined when none do.
 */
function savedStateWins(
  emulator: Emulator<unknown, unknown>,
  file: string,
  sizes: Record<string, number>,
  seed: number | undefined,
): string | undefined {
  const made = emulator.seedOptions
  const defaults = emulator.def.sizes as Record<string, number>
  const madeSize = (key: string) => made.sizes[key] ?? defaults[key]
  const ignored = Object.entries(sizes)
    .filter(([key, n]) => madeSize(key) !== n)
    .map(([key, n]) => `--size ${key}=${n}`)
  if (seed !== undefined && seed !== made.seed) ignored.push(`--seed ${seed}`)
  if (!ignored.length) return undefined
  const was = [
    `seed ${made.seed}`,
    ...Object.keys(sizes).map((key) => `${key}=${madeSize(key)}`),
  ].join(', ')
  return `${emulator.name} continues from its saved state (${file}, made with ${was}): ${ignored.join(' and ')} apply only to fresh seed data; delete that file (or POST /__kopru/seed) for new data`
}

/** `  KOPRU_SOFTTR_USERNAME   softtr username (default: kopru)` for every credential of every API. */
function credentialTable(): string {
  const rows = apiNames.flatMap((api) =>
    Object.entries(apiEntry(api).emulator.credentials).map(([key, c]) => [
      c.env,
      `${api} ${key} (default: ${c.default})`,
    ]),
  )
  const width = Math.max(...rows.map(([env]) => env!.length))
  return rows.map(([env, what]) => `  ${env!.padEnd(width)}  ${what}`).join('\n')
}

/** A size within the API's maximum: seed data is made in memory, all of it at start. */
function parseSize(api: string, key: string, value: string): number {
  const size = parseInteger(value, `--size ${key}`)
  const max = apiEntry(api).emulator.maxSizes[key] ?? 0
  if (size > max) throw new UsageError(`--size ${key}=${value}: ${api} ${key} go up to ${max}`)
  return size
}

function parseChaos(text: string): z.output<typeof chaosSettingsSchema> {
  const parsed = chaosSettingsSchema.safeParse(parseJsonArgument(text, '--chaos'))
  if (parsed.success) return parsed.data
  throw new UsageError(`--chaos: ${z.prettifyError(parsed.error).replace(/\n\s*/g, ' ')}`)
}

function isFileProblem(error: unknown): boolean {
  return (
    error instanceof SyntaxError ||
    (error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string') ||
    (error instanceof Error && /state file/.test(error.message))
  )
}

/** `key=v` applies to every API that knows `key`; `api.key=v` to that API only. */
function scoped(
  names: string[],
  pairs: [string, string][],
  flag: string,
  keysOf: (api: string) => string[],
): Record<string, Record<string, string>> {
  const knows = (api: string, key: string) => keysOf(api).includes(key)
  const out: Record<string, Record<string, string>> = {}
  for (const [name, value] of pairs) {
    const dot = name.indexOf('.')
    const targets = dot > 0 ? [name.slice(0, dot)] : names
    const key = dot > 0 ? name.slice(dot + 1) : name
    const matched = targets.filter((api) => names.includes(api) && knows(api, key))
    if (!matched.length) {
      const known = [...new Set(targets.flatMap((api) => (names.includes(api) ? keysOf(api) : [])))]
      throw new UsageError(
        `${flag} ${name}: no API served here has "${key}"${didYouMean(key, known)}${known.length ? `; they take ${known.join(', ')}` : ''}`,
      )
    }
    for (const api of matched) (out[api] ??= {})[key] = value
  }
  return out
}

interface Described {
  baseUrl: string
  auth: Record<string, string>
  adminUrl: string
  /** only when the admin API wants one */
  adminToken?: string
}

function describe(served: Served[], admin: AdminToken): Record<string, Described> {
  const token = admin.token === undefined ? {} : { adminToken: admin.token }
  return Object.fromEntries(
    served.map(({ emulator, baseUrl, adminUrl }) => [
      emulator.name,
      { baseUrl, auth: credentialsBeside(emulator), adminUrl, ...token },
    ]),
  )
}

/** The credentials a client sends beside the base URL: one the URL holds (its path) is in it. */
function credentialsBeside(emulator: Served['emulator']): Record<string, string> {
  const inUrl = new Set(emulator.def.api.secrets.path ?? [])
  return Object.fromEntries(Object.entries(emulator.credentials).filter(([key]) => !inUrl.has(key)))
}

function banner(served: Served[], admin: AdminToken, host: string): string {
  const lines = ['', 'kopru emulators ready', '']
  if (admin.token !== undefined) {
    lines.push(
      `  admin API token: ${admin.token}`,
      admin.generated
        ? `  (made up because ${host} is not loopback; send it as "Authorization: Bearer <token>" to /__kopru/, or choose one with --admin-token or ${ADMIN_TOKEN_ENV})`
        : '  (send it as "Authorization: Bearer <token>" to /__kopru/)',
      '',
    )
  }
  for (const { emulator, baseUrl, adminUrl } of served) {
    const auth = Object.entries(emulator.credentials)
      .map(([k, v]) => `${k}=${v}`)
      .join('  ')
    lines.push(
      `  ${emulator.def.api.title.padEnd(12)} ${baseUrl}`,
      `  ${''.padEnd(12)} credentials: ${auth}`,
      `  ${''.padEnd(12)} admin: ${adminUrl}/health`,
      '',
    )
  }
  const first = served[0]
  if (first) {
    const credentialFlags = Object.entries(first.emulator.credentials)
      .map(([k, v]) => `--credential ${k}=${v}`)
      .join(' ')
    const example = exampleOperation(first.emulator.def.api.operations)
    if (example) {
      lines.push(
        'Try:',
        `  ${kopruCommand(`call ${first.emulator.name} ${example} --base-url ${first.baseUrl} ${credentialFlags}`)}`,
        '',
      )
    }
  }
  lines.push('Ctrl+C stops them.', '')
  return lines.join('\n')
}

/**
 * An operation a newcomer can call with no input and get data back: a read without path or
 * required query parameters, a paged list first, then any `.list`.
 */
function exampleOperation(operations: Record<string, OperationDef>): string | undefined {
  const callable = Object.entries(operations).filter(
    ([, op]) => op.method === 'GET' && !op.params && (!op.query || op.query.safeParse({}).success),
  )
  const rank = ([id, op]: [string, OperationDef]) =>
    op.pagination ? 0 : id.endsWith('.list') ? 1 : 2
  return callable.sort((a, b) => rank(a) - rank(b))[0]?.[0]
}
