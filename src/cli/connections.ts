/**
 * kopru.yaml's connections as the CLI explains them: the clients a sync uses, each saying at once
 * when its vendor cannot be reached (which URL, from which config entry, and how to start the local
 * emulators); every missing credential named at once; a refused credential traced back to the
 * environment variable that holds it.
 */
import { relative } from 'node:path'
import { apiNames, directory, explainCode } from '../apis/directory.ts'
import { CallError, NetworkError, TimeoutError, VendorApiError } from '../core/errors.ts'
import type { Hooks } from '../core/transport.ts'
import { MissingCredentialsError, type KopruConfig, type LoadedConfig } from '../sync/config.ts'
import { clientsFromConfig, type Clients } from '../sync/recipes.ts'
import { kopruCommand } from './invocation.ts'
import { CommandError, isLoopback } from './util.ts'

/** kopru.yaml as the user named it, for messages (`shop.yaml`, not an absolute path). */
export function shownFile(loaded: LoadedConfig): string {
  const path = relative(process.cwd(), loaded.file)
  return path && !path.startsWith('..') ? path : loaded.file
}

/** A port of a base URL, the scheme's default when it names none. */
function portOf(url: URL): number {
  return url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80
}

/**
 * The `kopru emulate` command that serves emulators where kopru.yaml's local connections point:
 * plain `emulate` on the default ports, `emulate --port N` for the consecutive ports `init --port N`
 * writes; otherwise only `api`'s, on its port (one per API when none is named).
 */
export function emulateCommandFor(config: KopruConfig, api?: string): string {
  const local = Object.entries(config.connections)
    .filter(([name, c]) => directory[name] && isLoopback(c.baseUrl))
    .map(([name, c]) => ({ api: name, port: portOf(new URL(c.baseUrl)) }))
  const all = emulateAll(local)
  if (all) return all
  return emulateCommand(api ? local.filter((l) => l.api === api) : local)
}

/** The `kopru emulate` command that serves each API named on its port. */
export function emulateCommand(local: readonly { api: string; port: number }[]): string {
  return (
    emulateAll(local) ??
    local.map(({ api, port }) => kopruCommand(`emulate ${api} --port ${port}`)).join(' and ')
  )
}

/** One `kopru emulate` for them all, when their ports are the defaults or consecutive. */
function emulateAll(local: readonly { api: string; port: number }[]): string | undefined {
  if (local.every(({ api, port }) => port === directory[api]!.defaultPort))
    return kopruCommand('emulate')
  const first = local.find(({ api }) => api === apiNames[0])?.port
  if (first !== undefined && local.every(({ api, port }) => port === first + apiNames.indexOf(api)))
    return kopruCommand(`emulate --port ${first}`)
  return undefined
}

/** `$KOPRU_NARWOO_USER_EMAIL (connections.narwoo.env.userEmail)` for each credential of `api`. */
function credentialVariables(config: KopruConfig, api: string): string[] {
  const env = config.connections[api]?.env ?? {}
  return Object.entries(env).map(
    ([key, variable]) => `$${variable} (connections.${api}.env.${key})`,
  )
}

/** `export KOPRU_SOFTTR_USERNAME=kopru …`: what a local emulator accepts unless told otherwise. */
function emulatorExports(config: KopruConfig, apis: readonly string[]): string {
  const pairs = apis.flatMap((api) =>
    Object.entries(config.connections[api]?.env ?? {}).flatMap(([key, variable]) => {
      const accepted = directory[api]?.credentials[key]?.default
      return accepted === undefined ? [] : [`${variable}=${accepted}`]
    }),
  )
  return pairs.length ? `export ${pairs.join(' ')}` : ''
}

/**
 * What went wrong with a connection, in words a user can act on, with the facts for `--json`;
 * undefined for an error that is not about reaching or being let into a vendor.
 */
export interface ConnectionProblem {
  kind: 'unreachable' | 'credentials'
  api: string
  url: string
  /** `connections.softtr.baseUrl in kopru.yaml` */
  where: string
  message: string
  /** what to do */
  hint: string
}

export function connectionProblem(
  error: unknown,
  loaded: LoadedConfig,
): ConnectionProblem | undefined {
  if (!(error instanceof CallError)) return undefined
  const { api } = error
  const connection = loaded.config.connections[api]
  if (!connection) return undefined
  const file = shownFile(loaded)
  const url = connection.baseUrl
  const local = isLoopback(url)
  if (error instanceof NetworkError || error instanceof TimeoutError) {
    const reason =
      error instanceof TimeoutError
        ? `no answer within ${error.timeoutMs} ms`
        : (/network error \((.*)\)$/s.exec(error.message)?.[1] ?? error.message)
    return {
      kind: 'unreachable',
      api,
      url,
      where: `connections.${api}.baseUrl in ${file}`,
      message: `cannot reach ${api} at ${url} (connections.${api}.baseUrl in ${file}): ${reason}`,
      hint: local
        ? `Nothing listening there? Start the emulators in another terminal: ${emulateCommandFor(loaded.config, api)}`
        : `Check that ${url} is the service's address and that this machine can reach it.`,
    }
  }
  if (error instanceof VendorApiError && error.refusesCaller) {
    const exports = local ? emulatorExports(loaded.config, [api]) : ''
    return {
      kind: 'credentials',
      api,
      url,
      where: `connections.${api}.env in ${file}`,
      message: `${api} at ${url} refused the credentials: ${vendorAnswer(error)}`,
      hint:
        `Check ${credentialVariables(loaded.config, api).join(' and ') || `connections.${api}.env`} in ${file}` +
        (exports ? `; a kopru emulator accepts: ${exports}` : '.'),
    }
  }
  return undefined
}

/**
 * `HTTP 200, narwoo code 6: Yetkilendirilmemiş. (not authorised: the user e-mail or password is
 * wrong)`: the vendor's answer verbatim, and what its code means in English when its room says.
 */
export function vendorAnswer(
  error: VendorApiError,
  title = directory[error.api]?.title ?? error.api,
): string {
  const code = error.vendorCode === undefined ? '' : `, ${title} code ${error.vendorCode}`
  const text = error.vendorMessage ? `: ${error.vendorMessage}` : ''
  const meaning = explainCode(error.api, error.vendorCode)
  return `HTTP ${error.httpStatus}${code}${text}${meaning ? ` (${meaning})` : ''}`
}

/**
 * The clients of kopru.yaml for a CLI command. `onUnreachable` hears once per API, at its first
 * retry, that it cannot be reached: the clients go on retrying (a fault may pass), the user knows
 * at once why nothing moves. Missing credentials, of every connection, make one message that says
 * how to set them.
 */
export async function clientsFor(
  loaded: LoadedConfig,
  onUnreachable?: (problem: ConnectionProblem) => void,
  /** more hooks (the dashboard counts each run's requests) */
  more?: Hooks,
): Promise<Clients> {
  const told = new Set<string>()
  const hooks: Hooks = {
    ...more,
    beforeRetry: async (state) => {
      await more?.beforeRetry?.(state)
      const { api, error } = state
      if (told.has(api) || !(error instanceof NetworkError || error instanceof TimeoutError)) return
      const problem = connectionProblem(error, loaded)
      if (!problem) return
      told.add(api)
      onUnreachable?.(problem)
    },
  }
  try {
    return await clientsFromConfig(loaded.config, { hooks })
  } catch (error) {
    if (!(error instanceof MissingCredentialsError)) throw error
    // the values a local emulator accepts, for exactly the variables missing
    const pairs = error.missing.flatMap(({ api, key, variable, baseUrl }) => {
      const accepted = directory[api]?.credentials[key]?.default
      return variable && accepted !== undefined && isLoopback(baseUrl)
        ? [`${variable}=${accepted}`]
        : []
    })
    const exports = pairs.length ? `export ${pairs.join(' ')}` : ''
    throw new CommandError(
      `${error.message.replace('credentials missing', `credentials missing (${shownFile(loaded)})`)}` +
        (exports ? `\nfor the local emulators: ${exports}` : ''),
      { cause: error },
    )
  }
}
