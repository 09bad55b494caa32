/**
 * Small pieces the commands share: errors for bad usage, `k=v` lists, reading `@file` and `-`,
 * opening the sync state.
 */
import { existsSync, readFileSync } from 'node:fs'
import type { Command } from 'commander'
import { apiNames } from '../apis/directory.ts'
import { KopruError } from '../core/errors.ts'
import { loadConfig, type LoadedConfig } from '../sync/config.ts'
import type { StateStore } from '../model/state.ts'
import { isPostgresUrl, openState } from '../sync/open-state.ts'
import { stateFileError } from '../sync/state-file.ts'
import { TENANT_NAME } from '../sync/tenants.ts'
import { configFlag, kopruCommand } from './invocation.ts'
import { didYouMean } from './suggest.ts'

/** Wrong flags or arguments: printed without a stack, with the command's usage, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError'
}

/** The command ran and failed for a reason the user can act on: printed without a stack, exit 1. */
export class CommandError extends Error {
  override name = 'CommandError'
}

/**
 * The exit code of a command that threw `error`: 2 for wrong usage, 1 for a failure it explains
 * in one line; undefined for anything else (a bug, printed with its stack).
 */
export function exitCodeOf(error: unknown): 1 | 2 | undefined {
  if (error instanceof UsageError) return 2
  if (error instanceof CommandError || error instanceof KopruError || error instanceof RangeError)
    return 1
  return undefined
}

// how a command that promises JSON on standard output with --json reports a failure there
const jsonFailures = new WeakMap<Command, (error: unknown) => unknown>()

/**
 * `command` with --json answers in JSON even when it fails, a usage mistake Commander finds
 * included: `summary` turns the error into that answer (see `printJsonFailure`).
 */
export function failsAsJson(command: Command, summary: (error: unknown) => unknown): Command {
  jsonFailures.set(command, summary)
  return command
}

/** Prints `error` as the JSON answer of `command` when it has one and `--json` was given. */
export function printJsonFailure(
  command: Command | undefined,
  args: readonly string[],
  error: unknown,
): void {
  const summary = command && jsonFailures.get(command)
  const end = args.indexOf('--')
  const flags = end < 0 ? args : args.slice(0, end)
  if (summary && flags.includes('--json'))
    process.stdout.write(`${JSON.stringify(summary(error))}\n`)
}

/** `unknown API "narwo" (did you mean narwoo?); known: setrow, softtr, narwoo` */
export function unknownApi(name: string, known: readonly string[] = apiNames): string {
  return `unknown API "${name}"${didYouMean(name, known)}; known: ${known.join(', ')}`
}

/** kopru.yaml, read and checked; a missing one names the init command as the user runs kopru. */
export function loadCliConfig(file: string): LoadedConfig {
  return loadConfig(file, { initCommand: kopruCommand(`init${configFlag(file)}`) })
}

/** Whether a base URL points at this machine, where `kopru emulate` listens by default. */
export function isLoopback(url: string): boolean {
  try {
    const host = new URL(url).hostname
    return host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host)
  } catch {
    return false
  }
}

/** Commander collector for repeatable `--flag k=v`. */
export function collectPairs(value: string, previous: [string, string][] = []): [string, string][] {
  const at = value.indexOf('=')
  if (at <= 0) throw new UsageError(`expected key=value, got "${value}"`)
  return [...previous, [value.slice(0, at), value.slice(at + 1)]]
}

/** `@path` reads a file, `-` reads standard input, anything else is the text itself. */
export function readTextArgument(value: string): string {
  if (value === '-') return readFileSync(0, 'utf8')
  if (value.startsWith('@')) {
    try {
      return readFileSync(value.slice(1), 'utf8')
    } catch (error) {
      throw new UsageError(`cannot read ${value.slice(1)}: ${(error as Error).message}`)
    }
  }
  return value
}

export function parseJsonArgument(value: string, what: string): unknown {
  const text = readTextArgument(value)
  try {
    return JSON.parse(text)
  } catch (error) {
    throw new UsageError(`${what} is not valid JSON: ${(error as Error).message}`)
  }
}

export function parseInteger(value: string, what: string): number {
  if (!/^\d+$/.test(value)) throw new UsageError(`${what} must be a whole number, got "${value}"`)
  const n = Number(value)
  // past 2^53 the number read is not the one typed (and SQLite takes it for a float)
  if (!Number.isSafeInteger(n)) throw new UsageError(`${what} is too large, got "${value}"`)
  return n
}

/** A whole number of at least 1: a count such as `--runs` or `--concurrency`. */
export function parsePositive(value: string, what: string): number {
  const n = parseInteger(value, what)
  if (n < 1) throw new UsageError(`${what} must be at least 1, got "${value}"`)
  return n
}

/**
 * A TCP port from 1 to 65535, or with `free` from 0, where 0 has the system pick a free one
 * (a command that listens and says where): a usage error here, not Node's RangeError later.
 */
export function parsePort(value: string, what: string, { free = false } = {}): number {
  const port = parseInteger(value, what)
  const min = free ? 0 : 1
  if (port < min || port > 65535)
    throw new UsageError(
      `${what} must be a port from ${min} to 65535${free ? ' (0 picks a free one)' : ''}, got "${value}"`,
    )
  return port
}

/** The first of `count` consecutive ports, one per API (`--port 5000` for the emulators). */
export function parseFirstPort(
  value: string,
  what: string,
  count: number,
  options: { free?: boolean } = {},
): number {
  const first = parsePort(value, what, options)
  const last = first + count - 1
  if (first !== 0 && last > 65535)
    throw new UsageError(`${what} ${value}: the ${count} APIs need ports up to ${last}`)
  return first
}

/** How a command that reads the state is told whose: kopru.yaml's, or a tenant's. */
export interface StateChoice {
  config: string
  /** a tenant of the PostgreSQL state (`kopru tenants list`) */
  tenant?: string
  /** that PostgreSQL state, when not in KOPRU_STATE_URL */
  state?: string
}

/**
 * The state a command reads: kopru.yaml's, or with `--tenant` that tenant's share of the PostgreSQL
 * state named by `--state`, `KOPRU_STATE_URL` or kopru.yaml's `state:`.
 */
export function chosenState(options: StateChoice): { statePath: string; tenant?: string } {
  if (options.tenant === undefined) {
    if (options.state) throw new UsageError('--state goes with --tenant')
    return { statePath: loadCliConfig(options.config).statePath }
  }
  if (!TENANT_NAME.test(options.tenant))
    throw new UsageError(`there is no tenant ${options.tenant}`)
  const configured = existsSync(options.config)
    ? loadCliConfig(options.config).statePath
    : undefined
  return { statePath: stateUrl(options.state ?? configured), tenant: options.tenant }
}

/** The PostgreSQL state from `--state`, else `KOPRU_STATE_URL`: where tenants live. */
export function stateUrl(given: string | undefined): string {
  const url = process.env.KOPRU_STATE_URL && !given ? process.env.KOPRU_STATE_URL : given
  if (!url || !isPostgresUrl(url))
    throw new UsageError(
      'tenants live in a PostgreSQL state: give --state postgres://user@host/database (or set KOPRU_STATE_URL)',
    )
  return url
}

/** Environment variable holding an API's setting: KOPRU_SOFTTR_USERNAME. */
export function envName(api: string, key: string): string {
  return `KOPRU_${api}_${key.replace(/[A-Z]/g, (c) => `_${c}`)}`.toUpperCase()
}

/**
 * Opens the sync state at `statePath`, runs `use` on it and closes it. A file that cannot be the
 * state (damaged, another program's, a directory, unreadable), when opened or found so on the way,
 * is a `StateFileError`: one line naming the file and what to do, exit code 1.
 */
export async function withState<T>(
  statePath: string,
  use: (store: StateStore) => Promise<T>,
  tenant?: string,
): Promise<T> {
  const store = await openState(statePath, tenant ? { tenant } : {})
  try {
    return await use(store)
  } catch (error) {
    throw stateFileError(statePath, error)
  } finally {
    await store.close()
  }
}

/**
 * Aborted at the first Ctrl-C or SIGTERM: a command that delivers records stops where it stands,
 * with what it committed kept and the rest left for the next run, instead of dying mid-write. Only
 * the first is taken: a second Ctrl-C ends the process at once. `release` gives both back to Node
 * when the command is done.
 */
export function stopOnSignal(): { signal: AbortSignal; stop(): void; release(): void } {
  const controller = new AbortController()
  const stop = () => controller.abort()
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  return {
    signal: controller.signal,
    stop,
    release() {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
    },
  }
}

/** Resolves at the first Ctrl-C or SIGTERM: what a command that serves waits for. */
export function untilSignal(): Promise<void> {
  const { signal, release } = stopOnSignal()
  return new Promise((resolve) =>
    signal.addEventListener(
      'abort',
      () => {
        release()
        resolve()
      },
      { once: true },
    ),
  )
}
