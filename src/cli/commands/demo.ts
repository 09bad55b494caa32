/**
 * `kopru demo` (what `npm start` runs): the five emulators (Softtr, Narwoo, Setrow, Loyaltii, Mail
 * Komplet) in this process
 * with their seed data, every pipeline once, a few changes made through the vendors' own APIs, and
 * a second run that writes only those.
 */
import { join, resolve } from 'node:path'
import { writeFileSync } from 'node:fs'
import { Command } from 'commander'
import { apiEntry, apiNames } from '../../apis/registry.ts'
import { serveEmulators, type Serving } from '../../emulator/serve.ts'
import { buildPipelines } from '../../sync/recipes.ts'
import { SqliteStateStore } from '../../sync/sqlite.ts'
import { kopruCommand, quoteArg } from '../invocation.ts'
import { textReport } from '../sync-report.ts'
import { collectPairs, parseFirstPort, parseInteger, UsageError } from '../util.ts'
import { DEMO_CONFIG, DEMO_STATE, prepareStateFolder } from './demo-state.ts'
import { changeOrders, pointsOf, unsubscribeByWebhook } from './demo-changes.ts'
import { runAll } from './sync.ts'
import { createEmulated, emulatedApis, emulatedClients, emulatedConfig } from '../emulated.ts'

const apis = emulatedApis

interface DemoOptions {
  seed: string
  size?: [string, string][]
  state: string
  keep?: boolean
  port?: string
}

export function demoCommand(): Command {
  return new Command('demo')
    .description('run every pipeline on local emulators, change a few records, run again')
    .option('--seed <n>', 'seed for the emulators’ data', '1')
    .option(
      '--size <api.name=n>',
      'seed data size, e.g. softtr.orders=20000 (repeatable)',
      collectPairs,
    )
    .option(
      '--state <dir>',
      `where the demo keeps its sync state and a kopru.yaml for it; a new or empty folder, or one an earlier demo made (only its own files are replaced)`,
      '.kopru/demo',
    )
    .option(
      '--keep',
      'leave the emulators running afterwards (on their usual ports when free), to explore with kopru call, sync and status',
    )
    .option(
      '-p, --port <n>',
      'first port for the emulators, as kopru emulate --port takes it; 0 picks free ports (default: free ports, or with --keep each API’s own port when free)',
    )
    .addHelpText(
      'after',
      `
The state folder holds state.db and a kopru.yaml pointing at the demo's emulators, so that
kopru status -c <dir>/kopru.yaml shows what the demo did (and, with --keep, kopru sync -c … runs
against them). kopru demo never deletes anything it did not write: a folder that holds other files
and no ${DEMO_STATE} mark is refused.

Examples:
  kopru demo
  kopru demo --keep
  kopru demo --size softtr.orders=20000 --state /tmp/kopru-demo`,
    )
    .action(async (options: DemoOptions) => {
      const seed = parseInteger(options.seed, '--seed')
      const sizes = Object.fromEntries(apis.map((api) => [api, sizesFor(api, options.size ?? [])]))
      const port =
        options.port === undefined
          ? undefined
          : parseFirstPort(options.port, '--port', apis.length, { free: true })
      const dir = resolve(options.state)
      // before anything else: a folder that is not the demo's stops the demo, untouched
      prepareStateFolder(dir, options.state, dir === resolve('.kopru/demo'))
      const emulators = createEmulated(seed, sizes)
      const serving = await serveEmulators(emulators, servePorts(port, options.keep === true))
      try {
        const config = emulatedConfig(serving, kopruCommand('demo --keep'), 'kopru demo')
        writeFileSync(join(dir, DEMO_CONFIG), config.text)
        const configFile = join(options.state, DEMO_CONFIG)
        const clients = await emulatedClients(serving, config.parsed)
        const pipelines = buildPipelines(config.parsed, clients)
        const store = new SqliteStateStore(join(dir, 'state.db'))
        try {
          say('\nFirst run: everything is new\n')
          const first = await runAll(pipelines, store, { dryRun: false })
          say(textReport(first, configFile))
          say('\nChanging a few records through the vendors’ APIs:\n')
          const byName = {
            softtr: emulators[0]!,
            loyaltii: emulators[3]!,
            mailkomplet: emulators[4]!,
          }
          const orders = await changeOrders(clients, byName)
          for (const line of orders.lines) say(`  ${line}\n`)
          for (const line of await unsubscribeByWebhook(config.parsed, clients, store, byName))
            say(`  ${line}\n`)
          say('\nSecond run: only what changed is written\n')
          const second = await runAll(pipelines, store, { dryRun: false })
          say(textReport(second, configFile))
          for (const line of await pointsOf(clients, orders.newOrder, orders.cancelled))
            say(`  ${line}\n`)
          say(`\nState: ${join(dir, 'state.db')}\n`)
          say(`  ${kopruCommand(`status -c ${quoteArg(configFile)}`)}\n`)
          say(`\nThe dashboard over the five emulators: ${kopruCommand('serve --emulate')}\n`)
        } finally {
          await store.close()
        }
        if (options.keep) await keepServing(serving, configFile)
      } finally {
        await serving.close()
      }
    })
}

/**
 * Where the emulators listen: `--port` as kopru emulate takes it (each API at its place in the
 * registry's order); with --keep and no --port each API's own port, a free one when it is taken
 * (a \`kopru emulate\` already running, say); otherwise free ports.
 */
function servePorts(port: number | undefined, keep: boolean) {
  if (port !== undefined)
    return port === 0 ? {} : { ports: apis.map((api) => port + apiNames.indexOf(api)) }
  if (!keep) return {}
  return { ports: apis.map((api) => apiEntry(api).defaultPort), whenTaken: 'free' as const }
}

function say(text: string) {
  process.stdout.write(text)
}

/** `softtr.orders=200` applies to Softtr only; `orders=200` to every API that has orders. */
function sizesFor(api: string, pairs: [string, string][]): Record<string, number> {
  const known = apiEntry(api).emulator.sizes
  const sizes: Record<string, number> = {}
  for (const [key, value] of pairs) {
    const [scope, name] = key.includes('.') ? key.split('.', 2) : [undefined, key]
    if (!(apis as readonly string[]).includes(scope ?? api))
      throw new UsageError(
        `--size ${key}: no API "${scope}" in the demo; it runs ${apis.join(', ')}`,
      )
    if (scope && scope !== api) continue
    if (!(name! in known)) {
      if (scope)
        throw new UsageError(`--size ${key}: ${api} sizes are ${Object.keys(known).join(', ')}`)
      continue
    }
    sizes[name!] = parseInteger(value, `--size ${key}`)
  }
  return sizes
}

async function keepServing(serving: Serving, configFile: string): Promise<void> {
  say('\nThe emulators keep running (Ctrl-C stops them):\n')
  const exports: string[] = []
  for (const { emulator, baseUrl } of serving.served) {
    const auth = Object.entries(emulator.credentials)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')
    say(`  ${emulator.name.padEnd(7)} ${baseUrl}  ${auth}\n`)
    for (const [key, value] of Object.entries(emulator.credentials))
      exports.push(`${emulator.def.credentials[key]!.env}=${quoteArg(value)}`)
  }
  const first = serving.served.find((s) => s.emulator.name === 'softtr')!
  const flags = Object.entries(first.emulator.credentials)
    .map(([k, v]) => `--credential ${k}=${quoteArg(v)}`)
    .join(' ')
  const config = quoteArg(configFile)
  say(
    [
      '',
      'Try:',
      `  ${kopruCommand(`call softtr orders.list --param pageSize=2 --base-url ${first.baseUrl} ${flags}`)}`,
      `  ${kopruCommand(`status -c ${config}`)}`,
      `  export ${exports.join(' ')}`,
      `  ${kopruCommand(`sync -c ${config}`)}`,
      '',
    ].join('\n'),
  )
  await new Promise<void>((done) => {
    process.once('SIGINT', () => done())
    process.once('SIGTERM', () => done())
  })
}
