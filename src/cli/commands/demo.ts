/**
 * `kopru demo` (what `npm start` runs): the Softtr, Narwoo and Setrow emulators in this process
 * with their seed data, every pipeline once, a few changes made through the vendors' own APIs, and
 * a second run that writes only those.
 */
import { mkdirSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { Command } from 'commander'
import { apiEntry } from '../../apis/registry.ts'
import { createEmulator } from '../../emulator/host.ts'
import { serveEmulators, type Serving } from '../../emulator/serve.ts'
import { configSchema } from '../../sync/config.ts'
import { buildPipelines, clientsFromConfig, type Clients } from '../../sync/recipes.ts'
import { SqliteStateStore } from '../../sync/sqlite.ts'
import { summaryTable } from '../progress.ts'
import { collectPairs, parseInteger, UsageError } from '../util.ts'
import { runAll } from './sync.ts'

const apis = ['softtr', 'narwoo', 'setrow'] as const

export function demoCommand(): Command {
  return new Command('demo')
    .description('run every pipeline on local emulators, change a few records, run again')
    .option('--seed <n>', 'seed for the emulators’ data', '1')
    .option(
      '--size <api.name=n>',
      'seed data size, e.g. softtr.orders=20000 (repeatable)',
      collectPairs,
    )
    .option('--state <dir>', 'where the demo keeps its sync state (emptied first)', '.kopru/demo')
    .option('--keep', 'leave the emulators running afterwards, to explore with kopru call')
    .action(
      async (options: {
        seed: string
        size?: [string, string][]
        state: string
        keep?: boolean
      }) => {
        const seed = parseInteger(options.seed, '--seed')
        const emulators = apis.map((api) =>
          createEmulator(apiEntry(api).emulator, {
            seed,
            sizes: sizesFor(api, options.size ?? []),
          }),
        )
        const serving = await serveEmulators(emulators)
        try {
          const clients = demoClients(serving)
          const pipelines = buildPipelines(demoConfig(serving), clients)
          const dir = resolve(options.state)
          rmSync(dir, { recursive: true, force: true })
          mkdirSync(dir, { recursive: true })
          const store = new SqliteStateStore(join(dir, 'state.db'))
          try {
            say('\nFirst run: everything is new\n')
            const first = await runAll(pipelines, store, { dryRun: false })
            say(`${summaryTable(first)}\n`)
            say('\nChanging a few records through the vendors’ APIs:\n')
            for (const line of await changeSomething(clients)) say(`  ${line}\n`)
            say('\nSecond run: only what changed is written\n')
            const second = await runAll(pipelines, store, { dryRun: false })
            say(`${summaryTable(second)}\n`)
            const dead = await store.deadLetters({ status: 'open' })
            if (dead.length) {
              say(
                `\n${dead.length} record(s) refused by a destination are in dead letters, e.g. ${dead[0]!.key}: ${dead[0]!.code ?? ''} ${dead[0]!.reason}\n`,
              )
            }
            say(
              `\nState: ${join(dir, 'state.db')} (npm run kopru -- status -c … reads a kopru.yaml)\n`,
            )
          } finally {
            await store.close()
          }
          if (options.keep) await keepServing(serving)
        } finally {
          await serving.close()
        }
      },
    )
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
      throw new UsageError(`--size ${key}: no API "${scope}" in the demo`)
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

const envName = (api: string, key: string) =>
  `KOPRU_DEMO_${api}_${key}`.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()

function demoConfig(serving: Serving) {
  const connections = Object.fromEntries(
    serving.served.map(({ emulator, baseUrl }) => [
      emulator.name,
      {
        baseUrl,
        env: Object.fromEntries(
          Object.keys(emulator.credentials).map((key) => [key, envName(emulator.name, key)]),
        ),
      },
    ]),
  )
  return configSchema.parse({
    connections,
    pipelines: { inventory: {}, 'customers-and-orders': {}, catalog: {} },
  })
}

function demoClients(serving: Serving): Clients {
  const env = Object.fromEntries(
    serving.served.flatMap(({ emulator }) =>
      Object.entries(emulator.credentials).map(([key, value]) => [
        envName(emulator.name, key),
        value,
      ]),
    ),
  )
  return clientsFromConfig(demoConfig(serving), {}, env)
}

/** Five Softtr prices and three Narwoo cancellations, made as a shop owner would. */
async function changeSomething(clients: Clients): Promise<string[]> {
  const { softtr, narwoo } = clients
  const lines: string[] = []
  const products = (await softtr!.products.list({ pageSize: 5 })).content
  await softtr!.products.updateStockAndPrice({
    body: products.map((p) => {
      const unit = p.variants[0]
      return {
        barcode: unit ? unit.barcode : p.barcode,
        mainProductPrice: Math.round(p.mainProductPrice * 1.1 * 100) / 100,
        variantPrice: unit ? unit.variantPrice : 0,
        stockAmount: (unit ? unit.stockAmount : p.stockAmount) + 10,
      }
    }),
  })
  lines.push(
    `Softtr: 5 products 10% dearer, 10 more in stock (${products.map((p) => p.code).join(', ')})`,
  )
  const cancelled: string[] = []
  // recent ones: a run reads Narwoo's last days again for changes the order list does not show
  const recent = Date.now() - 5 * 86_400_000
  for await (const order of narwoo!.orders.iterate()) {
    if (cancelled.length === 3) break
    if (!order.placedAt || order.placedAt.getTime() < recent) continue
    try {
      await narwoo!.orders.cancel({
        order_number: order.orderNumber,
        cancel_reason: 'Müşteri vazgeçti',
      })
      cancelled.push(order.orderNumber)
    } catch {
      // already confirmed or cancelled: try the next one
    }
  }
  lines.push(`Narwoo: ${cancelled.length} recent orders cancelled (${cancelled.join(', ')})`)
  return lines
}

async function keepServing(serving: Serving): Promise<void> {
  say('\nThe emulators keep running (Ctrl-C stops them):\n')
  for (const { emulator, baseUrl } of serving.served) {
    const auth = Object.entries(emulator.credentials)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')
    say(`  ${emulator.name.padEnd(7)} ${baseUrl}  ${auth}\n`)
  }
  const first = serving.served.find((s) => s.emulator.name === 'softtr')!
  say(
    `\nTry: npm run kopru -- call softtr orders.list --param pageSize=2 --base-url ${first.baseUrl} --credential username=kopru --credential password=kopru-softtr\n`,
  )
  await new Promise<void>((done) => {
    process.once('SIGINT', () => done())
    process.once('SIGTERM', () => done())
  })
}
