/**
 * `kopru serve`: kopru's HTTP server over the configured state: the dashboard and its JSON API,
 * Mail Komplet's webhooks applied at once, a person's ledger. With `--emulate` the five emulators
 * run in this process and a kopru.yaml is written for them; with `--tenants` every tenant of a
 * PostgreSQL state is served, each with its own pipelines.
 */
import { randomBytes } from 'node:crypto'
import { createServer } from 'node:http'
import { join, resolve } from 'node:path'
import { writeFileSync } from 'node:fs'
import { getRequestListener } from '@hono/node-server'
import { Command } from 'commander'
import { isLoopback } from '../../emulator/admin-guard.ts'
import type { Emulator } from '../../emulator/host.ts'
import { serveEmulators, type Serving } from '../../emulator/serve.ts'
import type { StateStore } from '../../model/state.ts'
import { configSchema, type KopruConfig } from '../../sync/config.ts'
import { openState } from '../../sync/open-state.ts'
import { redactPassword } from '../../core/errors.ts'
import { buildPipelines, type Clients } from '../../sync/recipes.ts'
import { NO_WEBHOOKS, kopruServer } from '../../sync/serve.ts'
import { SqliteStateStore } from '../../sync/sqlite.ts'
import type { Space } from '../../web/data.ts'
import { mountDashboard } from '../../web/dashboard.ts'
import { scheduleRuns, spaceOver, tenantSpaces } from '../../web/spaces.ts'
import { clientsFor } from '../connections.ts'
import { createEmulated, emulatedClients, emulatedConfig } from '../emulated.ts'
import { kopruCommand } from '../invocation.ts'
import {
  CommandError,
  UsageError,
  loadCliConfig,
  parsePort,
  stateUrl,
  untilSignal,
} from '../util.ts'
import { DEMO_CONFIG, prepareStateFolder } from './demo-state.ts'
import { parseDuration } from './sync.ts'

const TOKEN_ENV = 'KOPRU_SERVE_TOKEN'

interface ServeOptions {
  config: string
  host: string
  port: string
  token?: string
  json?: boolean
  emulate?: boolean
  state?: string
  tenants?: boolean
  every?: string
}

/** What is served: one space per state, and what closes them. */
interface Served {
  spaces: Space[]
  config: KopruConfig
  clients: Clients
  store: StateStore
  statePath: string
  emulators?: { emulator: Emulator; baseUrl: string }[]
  close(): Promise<void>
}

export function serveCommand(): Command {
  return new Command('serve')
    .description(
      "kopru's dashboard and HTTP server: runs, dry-run diffs, dead letters, consent, webhooks",
    )
    .option('-c, --config <file>', 'the configuration file', 'kopru.yaml')
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on (0 picks a free one)', '4400')
    .option(
      '--token <token>',
      `token every request must carry (Authorization: Bearer, or ?token= in a URL, kept by the browser); default ${TOKEN_ENV}, made up and printed when --host is not loopback`,
    )
    .option('--json', 'print one JSON line with the URLs once listening')
    .option(
      '--emulate',
      'also run the five emulators in this process, with a kopru.yaml for them (in --state)',
    )
    .option(
      '--state <dir|url>',
      'with --emulate: the folder for its state and kopru.yaml (default .kopru/serve); with --tenants: the PostgreSQL state (default KOPRU_STATE_URL)',
    )
    .option('--tenants', 'serve every tenant of a PostgreSQL state (kopru tenants list)')
    .option('--every <time>', 'also run every pipeline on this schedule (90s, 15m, 2h)')
    .addHelpText(
      'after',
      `
Open the printed URL for the dashboard: every pipeline's last runs, a run followed live, a dry run's
changes field by field before anything is written, dead letters with the vendor's own code to retry
or dismiss, a person's consent across Setrow, Mail Komplet and Loyaltii. Its JSON API is under /api/
(openapi/kopru.json).

Give Mail Komplet the printed webhook URL: each unsubscribe, spam complaint or hard bounce goes into
the consent ledger before the answer, then to Setrow and Loyaltii through kopru.yaml's consent
pipeline within a second, once, however often it is delivered.

Examples:
  kopru serve --emulate              the whole system on this machine, nothing else needed
  kopru serve
  kopru serve --port 0 --json
  kopru serve --tenants --state postgres://kopru@db/kopru --host 0.0.0.0`,
    )
    .action(async (options: ServeOptions) => {
      const port = parsePort(options.port, '--port', { free: true })
      const given = options.token ?? process.env[TOKEN_ENV]
      if (given !== undefined && !given.trim())
        throw new UsageError(`--token (or ${TOKEN_ENV}) is empty`)
      if (options.emulate && options.tenants)
        throw new UsageError('--emulate and --tenants do not go together')
      if (options.every && options.tenants)
        throw new UsageError(
          '--every does not go with --tenants: each tenant runs on its own interval (kopru worker)',
        )
      if (options.state && !options.emulate && !options.tenants)
        throw new UsageError('--state goes with --emulate or --tenants')
      const everySeconds =
        options.every === undefined
          ? undefined
          : Math.round(parseDuration(options.every, '--every') / 1000)
      // on loopback only this machine reaches it; elsewhere anyone on the network could
      const token =
        given ?? (isLoopback(options.host) ? undefined : randomBytes(24).toString('base64url'))
      const log = {
        info: () => {},
        warn: (message: string) => process.stderr.write(`kopru serve: ${message}\n`),
      }
      const served = options.emulate
        ? await emulated(options, everySeconds)
        : options.tenants
          ? await tenants(options)
          : await configured(options, everySeconds)
      const app = kopruServer({
        config: served.config,
        clients: served.clients,
        store: served.store,
        log,
        token,
        extend: (hono, server) =>
          mountDashboard(hono, {
            spaces: served.spaces,
            ...(served.emulators ? { emulators: served.emulators } : {}),
            ...(token ? {} : { hostCheck: { hostNames: new Set([options.host]) } }),
            server,
          }),
      })
      const schedule = everySeconds ? scheduleRuns(served.spaces) : undefined
      const server = createServer(getRequestListener(app.fetch))
      try {
        await new Promise<void>((resolve, reject) => {
          server.once('error', reject)
          server.listen(port, options.host, resolve)
        })
      } catch (error) {
        clearInterval(schedule)
        await app.close()
        await served.close()
        throw new CommandError(`cannot listen: ${(error as Error).message} (try --port 0)`)
      }
      const address = server.address()
      const bound = typeof address === 'object' && address ? address.port : port
      const host = options.host.includes(':') ? `[${options.host}]` : options.host
      const url = `http://${host}:${bound}`
      const query = token ? `?token=${encodeURIComponent(token)}` : ''
      const webhooks = app.receiver ? { mailkomplet: `${url}/webhooks/mailkomplet${query}` } : {}
      const state = redactPassword(served.statePath)
      if (options.json)
        process.stdout.write(
          `${JSON.stringify({
            url,
            dashboard: `${url}/${query}`,
            webhooks,
            state,
            tenants: served.spaces.map((s) => s.tenant),
            ...(served.emulators
              ? {
                  emulators: Object.fromEntries(
                    served.emulators.map((e) => [e.emulator.name, e.baseUrl]),
                  ),
                }
              : {}),
          })}\n`,
        )
      else
        process.stdout.write(
          [
            `kopru serve: listening on ${url} (state ${state})`,
            `  dashboard: ${url}/${query}`,
            ...(served.emulators
              ? [
                  `  emulators in this process: ${served.emulators.map((e) => `${e.emulator.name} ${e.baseUrl}`).join(', ')}`,
                ]
              : []),
            ...(served.spaces.length > 1
              ? [`  tenants: ${served.spaces.map((s) => s.tenant).join(', ')}`]
              : []),
            ...app.routes.map((r) => `  ${r}`),
            app.receiver
              ? `  Mail Komplet webhook URL: ${webhooks.mailkomplet}`
              : `  ${NO_WEBHOOKS}`,
            ...(token && !given
              ? [`  token (made up: ${options.host} is not loopback): ${token}`]
              : []),
            ...(everySeconds ? [`  every pipeline runs every ${options.every}`] : []),
            '  Ctrl-C stops it',
            '',
          ].join('\n'),
        )
      await untilSignal()
      clearInterval(schedule)
      await new Promise<void>((resolve) => server.close(() => resolve()))
      server.closeAllConnections()
      for (const space of served.spaces) await space.launches.close()
      await app.close()
      await served.close()
      if (!options.json) process.stderr.write('kopru serve: stopped\n')
    })
}

/** kopru.yaml's connections and state. */
async function configured(
  options: ServeOptions,
  everySeconds: number | undefined,
): Promise<Served> {
  const loaded = loadCliConfig(options.config)
  const store = await openState(loaded.statePath)
  let clients: Clients = {}
  const space = await spaceOver(
    store,
    async (hooks) =>
      buildPipelines(loaded.config, (clients = await clientsFor(loaded, undefined, hooks))),
    { everySeconds },
  )
  return {
    spaces: [space],
    config: loaded.config,
    clients,
    store,
    statePath: loaded.statePath,
    close: () => store.close(),
  }
}

/** The five emulators in process on free ports, a fresh state and kopru.yaml for them. */
async function emulated(options: ServeOptions, everySeconds: number | undefined): Promise<Served> {
  const shown = options.state ?? '.kopru/serve'
  const dir = resolve(shown)
  prepareStateFolder(dir, shown, dir === resolve('.kopru/serve'), 'kopru serve --emulate')
  const emulators = createEmulated(1)
  const serving: Serving = await serveEmulators(emulators, {})
  const config = emulatedConfig(serving, kopruCommand('serve --emulate'), 'kopru serve --emulate')
  writeFileSync(join(dir, DEMO_CONFIG), config.text)
  const statePath = join(dir, 'state.db')
  const store = new SqliteStateStore(statePath)
  let clients: Clients = {}
  const space = await spaceOver(
    store,
    async (hooks) =>
      buildPipelines(
        config.parsed,
        (clients = await emulatedClients(serving, config.parsed, hooks)),
      ),
    { everySeconds },
  )
  return {
    spaces: [space],
    config: config.parsed,
    clients,
    store,
    statePath,
    emulators: serving.served.map((s) => ({ emulator: s.emulator, baseUrl: s.baseUrl })),
    close: async () => {
      await store.close()
      await serving.close()
    },
  }
}

/** Every tenant of a PostgreSQL state. */
async function tenants(options: ServeOptions): Promise<Served> {
  const url = stateUrl(options.state)
  const spaces = await tenantSpaces(url)
  if (!spaces.length)
    throw new CommandError(`no tenants in ${redactPassword(url)} (kopru tenants add)`)
  return {
    spaces,
    // webhooks take a configuration's consent pipeline: none among tenants
    config: configSchema.parse({ connections: {}, pipelines: {} }),
    clients: {},
    store: spaces[0]!.store,
    statePath: url,
    close: async () => {
      for (const space of spaces) await space.store.close()
    },
  }
}
