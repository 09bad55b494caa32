/**
 * `kopru serve`: kopru's HTTP server over the configured state. Today it takes Mail Komplet's
 * webhooks and applies their opt-outs at once through the consent pipeline, and shows a person's
 * ledger; `src/sync/serve.ts` lists the routes.
 */
import { randomBytes } from 'node:crypto'
import { createServer } from 'node:http'
import { getRequestListener } from '@hono/node-server'
import { Command } from 'commander'
import { isLoopback } from '../../emulator/admin-guard.ts'
import { openState } from '../../sync/open-state.ts'
import { kopruServer } from '../../sync/serve.ts'
import { clientsFor } from '../connections.ts'
import { redactPassword } from '../../sync/postgres.ts'
import { CommandError, UsageError, loadCliConfig, parseInteger, untilSignal } from '../util.ts'

const TOKEN_ENV = 'KOPRU_SERVE_TOKEN'

interface ServeOptions {
  config: string
  host: string
  port: string
  token?: string
  json?: boolean
}

export function serveCommand(): Command {
  return new Command('serve')
    .description("kopru's HTTP server: Mail Komplet's webhooks applied at once, the consent ledger")
    .option('-c, --config <file>', 'the configuration file', 'kopru.yaml')
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on (0 picks a free one)', '4400')
    .option(
      '--token <token>',
      `token every request must carry (Authorization: Bearer, or ?token= in a webhook URL); default ${TOKEN_ENV}, made up and printed when --host is not loopback`,
    )
    .option('--json', 'print one JSON line with the URLs once listening')
    .addHelpText(
      'after',
      `
Give Mail Komplet the printed webhook URL: each unsubscribe, spam complaint or hard bounce goes into
the consent ledger before the answer, then to Setrow and Loyaltii through kopru.yaml's consent
pipeline within a second, once, however often it is delivered.

Examples:
  kopru serve
  kopru serve --port 0 --json
  curl http://127.0.0.1:4400/consent/ayse@example.com`,
    )
    .action(async (options: ServeOptions) => {
      const loaded = loadCliConfig(options.config)
      const port = parseInteger(options.port, '--port')
      const given = options.token ?? process.env[TOKEN_ENV]
      if (given !== undefined && !given.trim())
        throw new UsageError(`--token (or ${TOKEN_ENV}) is empty`)
      // on loopback only this machine reaches it; elsewhere anyone on the network could
      const token =
        given ?? (isLoopback(options.host) ? undefined : randomBytes(24).toString('base64url'))
      const clients = clientsFor(loaded)
      const store = await openState(loaded.statePath)
      const log = {
        info: () => {},
        warn: (message: string) => process.stderr.write(`kopru serve: ${message}\n`),
      }
      const app = kopruServer({ config: loaded.config, clients, store, log, token })
      const server = createServer(getRequestListener(app.fetch))
      try {
        await new Promise<void>((resolve, reject) => {
          server.once('error', reject)
          server.listen(port, options.host, resolve)
        })
      } catch (error) {
        await app.close()
        await store.close()
        throw new CommandError(`cannot listen: ${(error as Error).message} (try --port 0)`)
      }
      const address = server.address()
      const bound = typeof address === 'object' && address ? address.port : port
      const host = options.host.includes(':') ? `[${options.host}]` : options.host
      const url = `http://${host}:${bound}`
      const query = token ? `?token=${encodeURIComponent(token)}` : ''
      const webhooks = app.receiver ? { mailkomplet: `${url}/webhooks/mailkomplet${query}` } : {}
      if (options.json)
        process.stdout.write(
          `${JSON.stringify({ url, webhooks, state: redactPassword(loaded.statePath) })}\n`,
        )
      else
        process.stdout.write(
          [
            `kopru serve: listening on ${url} (state ${redactPassword(loaded.statePath)})`,
            ...app.routes.map((r) => `  ${r}`),
            app.receiver
              ? `  Mail Komplet webhook URL: ${webhooks.mailkomplet}`
              : '  no webhooks: enable pipelines.consent and a mailkomplet connection in kopru.yaml',
            ...(token && !given
              ? [`  token (made up: ${options.host} is not loopback): ${token}`]
              : []),
            '  Ctrl-C stops it',
            '',
          ].join('\n'),
        )
      await untilSignal()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      server.closeAllConnections()
      await app.close()
      await store.close()
      if (!options.json) process.stderr.write('kopru serve: stopped\n')
    })
}
