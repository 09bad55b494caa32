/** `kopru call`: any operation of any API, from the command line. */
import { Command } from 'commander'
import { z } from 'zod'
import { apiNames, type ApiEntry } from '../../apis/registry.ts'
import { InputError, NetworkError, TimeoutError, VendorApiError } from '../../core/errors.ts'
import { isObject, type OperationDef } from '../../core/operation.ts'
import type { Hooks } from '../../core/transport.ts'
import { createEmulator } from '../../emulator/host.ts'
import { isHttpUrl } from '../../sync/config.ts'
import { vendorAnswer } from '../connections.ts'
import { kopruCommand } from '../invocation.ts'
import { didYouMean } from '../suggest.ts'
import {
  collectPairs,
  CommandError,
  envName,
  isLoopback,
  parseInteger,
  parseJsonArgument,
  UsageError,
} from '../util.ts'
import { entryOf } from '../api-entry.ts'

interface CallOptions {
  param?: [string, string][]
  body?: string
  baseUrl?: string
  credential?: [string, string][]
  emulator?: boolean
  full?: boolean
  timeout?: string
  retry: boolean
  validate: boolean
}

export function callCommand(): Command {
  return new Command('call')
    .description('call one operation of an API and print the answer as JSON')
    .argument('<api>', `one of ${apiNames.join(', ')}`)
    .argument('<operation>', 'operation id, e.g. orders.list (kopru endpoints lists them)')
    .option(
      '--param <key=value>',
      'an input field (repeatable); numbers and JSON are read as such where the operation expects them',
      collectPairs,
    )
    .option('--body <json>', 'the request body: JSON text, @file.json, or - for standard input')
    .option('--base-url <url>', "the API's base URL (default: $KOPRU_<API>_BASE_URL)")
    .option(
      '--credential <key=value>',
      'a credential, e.g. username=… (default: $KOPRU_<API>_<KEY>, as the emulator reads)',
      collectPairs,
    )
    .option(
      '--emulator',
      'answer from an in-process emulator with its seed data (no server needed)',
    )
    .option(
      '--full',
      'print HTTP status, request id, attempts and the whole body, envelope included',
    )
    .option('--timeout <ms>', 'per-request timeout', '30000')
    .option('--no-retry', 'do not retry transient failures')
    .option(
      '--no-validate',
      'send the input as given, even when it does not match the documented schema',
    )
    .addHelpText(
      'after',
      `
Examples:
  kopru call softtr orders.list --emulator --param pageSize=2
  kopru call softtr orders.get --param orderno=01092022001221-AIK --base-url https://www.example.com/api \\
      --credential username=api --credential password=secret
  kopru call softtr products.updateStockAndPrice --body @stock.json --emulator`,
    )
    .action(async (apiName: string, operationId: string, options: CallOptions) => {
      const entry = entryOf(apiName)
      const op = entry.api.operations[operationId]
      if (!op) throw new UsageError(unknownOperation(entry, operationId))
      const { client, baseUrl } = buildClient(entry, options)
      const input = buildInput(op, options)
      const missing = Object.keys(op.params?.shape ?? {}).filter((key) => input[key] === undefined)
      if (missing.length) {
        throw new UsageError(
          `${apiName} ${operationId} needs ${missing.map((key) => `--param ${key}=…`).join(' and ')} (${op.method} ${op.path})`,
        )
      }
      const timeoutMs = parseInteger(options.timeout ?? '30000', '--timeout')
      try {
        const answer = await client.request(operationId, input, {
          timeoutMs,
          ...(options.retry ? {} : { retry: false as const }),
          validateInput: options.validate,
        })
        const shown = options.full
          ? {
              status: answer.status,
              requestId: answer.requestId,
              attempts: answer.attempts,
              body: answer.body,
            }
          : answer.data
        process.stdout.write(`${JSON.stringify(shown, null, 2)}\n`)
      } catch (error) {
        throw explain(error, entry, { baseUrl, full: options.full === true })
      }
    })
}

/** One line a user can act on for each way a call fails; the envelope too with `--full`. */
function explain(
  error: unknown,
  entry: ApiEntry,
  { baseUrl, full }: { baseUrl: string; full: boolean },
): unknown {
  const name = entry.api.name
  if (error instanceof VendorApiError) {
    if (full) {
      const shown = { status: error.httpStatus, requestId: error.requestId, body: error.body }
      process.stdout.write(`${JSON.stringify(shown, null, 2)}\n`)
    }
    const id = error.requestId ? ` (request id ${error.requestId})` : ''
    return new CommandError(
      `${name} ${error.operationId} failed: ${vendorAnswer(error, entry.api.title)}${id}${error.refusesCaller ? credentialHint(entry, baseUrl) : ''}`,
    )
  }
  if (error instanceof NetworkError || error instanceof TimeoutError) {
    const hint = isLoopback(baseUrl)
      ? `; is the emulator running? (${kopruCommand(`emulate ${name}`)})`
      : ''
    return new CommandError(`${error.message} at ${baseUrl}${hint}`)
  }
  if (error instanceof InputError)
    return new UsageError(`${error.message} (--no-validate sends it anyway)`)
  return error
}

/** `softtr has no operation "order.list" (did you mean orders.list?)` and where the list is. */
function unknownOperation(entry: ApiEntry, typed: string): string {
  const known = Object.keys(entry.api.operations)
  const name = entry.api.name
  const list =
    known.length <= 10
      ? `known: ${known.join(', ')}`
      : `${kopruCommand(`endpoints --api ${name}`)} lists its ${known.length} operations`
  return `${name} has no operation "${typed}"${didYouMean(typed, known)}; ${list}`
}

function emulatorDefaults(entry: ApiEntry): string {
  return Object.entries(entry.emulator.credentials)
    .map(([key, c]) => `--credential ${key}=${c.default}`)
    .join(' ')
}

function buildClient(entry: ApiEntry, options: CallOptions) {
  const name = entry.api.name
  const given = Object.fromEntries(options.credential ?? [])
  const unknown = Object.keys(given).filter((key) => !(key in entry.emulator.credentials))
  if (unknown.length) {
    throw new UsageError(
      `${name} takes credentials ${Object.keys(entry.emulator.credentials).join(', ')}; not ${unknown.join(', ')}`,
    )
  }
  if (options.emulator) {
    const emulator = createEmulator(entry.emulator, { credentials: given })
    const baseUrl = emulator.baseUrl()
    const client = entry.createClient({
      baseUrl,
      fetch: emulator.fetch,
      credentials: { ...emulator.credentials },
      hooks: retryNotes,
    })
    return { client, baseUrl }
  }
  const baseUrl = options.baseUrl ?? process.env[envName(name, 'baseUrl')]
  if (!baseUrl) {
    throw new UsageError(
      `no base URL for ${name}: pass --base-url, set ${envName(name, 'baseUrl')}, or use --emulator`,
    )
  }
  if (!isHttpUrl(baseUrl)) {
    throw new UsageError(
      `--base-url ${JSON.stringify(baseUrl)} is not an http(s) URL, e.g. ${entry.api.baseUrl}`,
    )
  }
  const credentials = Object.fromEntries(
    Object.entries(entry.emulator.credentials).map(([key, c]) => [
      key,
      given[key] ?? process.env[c.env] ?? '',
    ]),
  )
  const missing = Object.keys(credentials).filter((key) => !credentials[key])
  if (missing.length) {
    const hint = missing
      .map((key) => `--credential ${key}=… or $${entry.emulator.credentials[key]!.env}`)
      .join(', ')
    // a newcomer pointing at a local emulator most likely wants its defaults
    const local = isLoopback(baseUrl)
      ? `; a kopru emulator accepts ${emulatorDefaults(entry)} unless started with others`
      : ''
    throw new UsageError(`${name} needs ${missing.join(' and ')}: ${hint}${local}`)
  }
  return { client: entry.createClient({ baseUrl, credentials, hooks: retryNotes }), baseUrl }
}

/**
 * The vendor refused the caller: which credentials it was given and where they came from, and
 * what a local emulator accepts.
 */
function credentialHint(entry: ApiEntry, baseUrl: string): string {
  const sources = Object.entries(entry.emulator.credentials)
    .map(([key, c]) => `--credential ${key}=… or $${c.env}`)
    .join(', ')
  const local = isLoopback(baseUrl)
    ? `; a kopru emulator accepts ${emulatorDefaults(entry)} unless started with others`
    : ''
  return `; check the credentials (${sources})${local}`
}

/** A call waiting out a retry says so: a user would otherwise see nothing for seconds. */
const retryNotes: Hooks = (() => {
  let last = ''
  return {
    beforeRetry: ({ error, attempt, delayMs }) => {
      const why = error.message === last ? 'the same way' : `(${error.message.slice(0, 160)})`
      last = error.message
      process.stderr.write(
        `kopru: attempt ${attempt} failed ${why}; trying again in ${(delayMs / 1000).toFixed(1)} s\n`,
      )
    },
  }
})()

/** The call's input from `--param` (each read by `readParam`) and `--body`. */
function buildInput(op: OperationDef, options: CallOptions): Record<string, unknown> {
  const input: Record<string, unknown> = {}
  const fields: Record<string, z.ZodType> = {
    ...(op.params?.shape ?? {}),
    ...(op.query?.shape ?? {}),
    ...(isObject(op.body) ? op.body.shape : {}),
  }
  for (const [key, text] of options.param ?? []) {
    if (!Object.hasOwn(fields, key))
      throw new UsageError(unknownParam(op, key, Object.keys(fields)))
    input[key] = readParam(key, fields[key], text, options.validate)
  }
  if (options.body !== undefined) {
    if (!op.body) throw new UsageError(`${op.method} ${op.path} takes no body`)
    const body = parseJsonArgument(options.body, '--body')
    if (isObject(op.body) && typeof body === 'object' && body !== null && !Array.isArray(body))
      Object.assign(input, body)
    else input.body = body
  }
  return input
}

/** `--param pagesize: GET /orders takes no "pagesize" (did you mean pageSize?); it takes …` */
function unknownParam(op: OperationDef, key: string, known: readonly string[]): string {
  const body = op.body && !isObject(op.body) ? ' and a body (--body)' : ''
  const takes = known.length
    ? `it takes ${known.join(', ')}${body}`
    : op.body
      ? 'it takes only a body (--body)'
      : 'it takes no input'
  return `--param ${key}: ${op.method} ${op.path} takes no "${key}"${didYouMean(key, known)}; ${takes}`
}

/**
 * A `--param` value as the operation takes it: the text itself, its JSON, or the text read as it
 * travels on the wire (`05-03-2026` for a date). Text none of these fits is refused naming what
 * the wire wants (`expected an integer`), unless `--no-validate` sends it as it is.
 */
function readParam(
  key: string,
  schema: z.ZodType | undefined,
  text: string,
  validate: boolean,
): unknown {
  if (schema && z.safeEncode(schema, text).success) return text
  try {
    const parsed: unknown = JSON.parse(text)
    if (!schema || z.safeEncode(schema, parsed).success) return parsed
  } catch {
    // not JSON
  }
  if (!schema) return text
  const wire = z.safeDecode(schema, text)
  if (wire.success) return wire.data
  if (!validate) return text
  throw new UsageError(
    `--param ${key}=${text}: ${wire.error.issues[0]?.message ?? 'not a value this field takes'} (--no-validate sends it anyway)`,
  )
}
