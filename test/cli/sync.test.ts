/**
 * `kopru init`, `sync`, `status` and `dead-letters` as a user runs them, against the Softtr, Narwoo
 * and Setrow emulators served by this process. The commands run in this process (`main`), which is
 * what the child would run, without a child's start-up; the one test that needs a real process (it
 * watches kopru while it waits) spawns one.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { stringify } from 'yaml'
import { parseDuration } from '../../src/cli/commands/sync.ts'
import { SqliteStateStore } from '../../src/sync/sqlite.ts'
import { cleanEnv, kopru as cli, spawnKopru } from '../support/cli.ts'
import { serveWorld, type ServedWorld } from '../support/sync-cli.ts'
import {
  createWorld,
  worldConfigInput,
  worldEnv,
  writeCount,
  type World,
} from '../support/sync-world.ts'

const dir = mkdtempSync(join(tmpdir(), 'kopru-sync-cli-'))
let world: World
let served: ServedWorld
const kopru = (...args: string[]) => cli(args, { env: worldEnv })
const writes = () => world.all.reduce((n, e) => n + writeCount(e), 0)
const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at /)

beforeAll(async () => {
  world = createWorld({ now: new Date() })
  served = await serveWorld(world, dir)
})
afterAll(async () => {
  await served.close()
  rmSync(dir, { recursive: true, force: true })
})

/** A copy of the served kopru.yaml with its own state file, and `edit` applied to its content. */
function configCopy(
  name: string,
  edit: (input: ReturnType<typeof worldConfigInput>) => void = () => {},
) {
  // the first three APIs' pipelines: what these tests' messages name
  const urls = Object.fromEntries(
    served.serving.served
      .filter((s) => ['softtr', 'narwoo', 'setrow'].includes(s.emulator.name))
      .map((s) => [s.emulator.name, s.baseUrl]),
  ) as Parameters<typeof worldConfigInput>[0]
  const statePath = join(dir, `${name}.db`)
  const input = worldConfigInput(urls, statePath)
  edit(input)
  const file = join(dir, `${name}.yaml`)
  writeFileSync(file, stringify(input))
  return { file, statePath }
}

async function openLetters(statePath: string) {
  const store = new SqliteStateStore(statePath)
  try {
    return await store.deadLetters({ status: 'open' })
  } finally {
    await store.close()
  }
}

/** Consecutive ports nothing listens on: taken from the system, then given back. */
async function closedPorts(count = 1): Promise<number[]> {
  const listen = (port: number) =>
    new Promise<import('node:net').Server | undefined>((resolve) => {
      const server = createServer()
      server.once('error', () => resolve(undefined))
      server.listen(port, '127.0.0.1', () => resolve(server))
    })
  for (;;) {
    const first = await listen(0)
    const port = (first!.address() as { port: number }).port
    const rest = await Promise.all(
      Array.from({ length: count - 1 }, (_, i) => listen(port + i + 1)),
    )
    const servers = [first, ...rest]
    await Promise.all(
      servers.map((s) => s && new Promise<void>((resolve) => s.close(() => resolve()))),
    )
    if (servers.every(Boolean)) return servers.map((_, i) => port + i)
  }
}

describe('kopru sync, status and dead-letters', () => {
  it('names every environment variable a missing credential should be in, at once', async () => {
    const run = await cli(['sync', '-c', served.configFile], {
      env: {
        ...worldEnv,
        KOPRU_SETROW_API_KEY: undefined,
        KOPRU_NARWOO_USER_PASSWORD: undefined,
        KOPRU_SOFTTR_USERNAME: undefined,
      },
    })
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(
      /\$KOPRU_SETROW_API_KEY \(connections\.setrow\.env\.apiKey\) is not set/,
    )
    expect(run.stderr).toMatch(
      /\$KOPRU_NARWOO_USER_PASSWORD \(connections\.narwoo\.env\.userPassword\) is not set/,
    )
    expect(run.stderr).toMatch(
      /\$KOPRU_SOFTTR_USERNAME \(connections\.softtr\.env\.username\) is not set/,
    )
    // what the local emulators accept, for exactly the variables missing
    expect(run.stderr).toMatch(
      /for the local emulators: export KOPRU_SOFTTR_USERNAME=kopru KOPRU_NARWOO_USER_PASSWORD=kopru-narwoo KOPRU_SETROW_API_KEY=kopru-setrow-key\n$/,
    )
    noStack(run.stderr)
    expect(writes()).toBe(0)
  })

  it('asks a run of some pipelines only for the credentials of the connections they use', async () => {
    const { file } = configCopy('catalog-only')
    // catalog reads Softtr and writes Setrow: Narwoo's credentials are not needed
    const run = await cli(['sync', 'catalog', '--dry-run', '-c', file], {
      env: {
        ...worldEnv,
        KOPRU_NARWOO_USER_EMAIL: undefined,
        KOPRU_NARWOO_USER_PASSWORD: undefined,
      },
    })
    expect(run.stderr).not.toMatch(/credentials missing/)
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/catalog/)
    const without = await cli(['sync', 'catalog', '-c', file], {
      env: { ...worldEnv, KOPRU_NARWOO_USER_PASSWORD: undefined, KOPRU_SETROW_API_KEY: undefined },
    })
    expect(without.code).toBe(1)
    expect(without.stderr).toMatch(/setrow credentials missing/)
    expect(without.stderr).not.toMatch(/NARWOO/)
    expect(writes()).toBe(0)
  })

  it('refuses an unknown pipeline with a suggestion and usage help, exit 2', async () => {
    const run = await kopru('sync', 'inventori', '-c', served.configFile)
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(
      /unknown pipeline "inventori" \(did you mean inventory\?\); known: inventory, consent, customers-and-orders/,
    )
  })

  it('--dry-run prints what would be written, writes nothing and remembers nothing', async () => {
    const run = await kopru('sync', '--dry-run', '-c', served.configFile)
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toMatch(/would create softtr-orders: /)
    expect(run.stdout).toMatch(/customers-and-orders/)
    expect(writes()).toBe(0)
    const store = new SqliteStateStore(served.statePath)
    try {
      expect(await store.countMappings()).toBe(0)
      expect(await store.runs({ limit: 10 })).toEqual([])
    } finally {
      await store.close()
    }
  })

  it('syncs, says what was refused and how to see it, retries it once fixed, reports status', async () => {
    const orders = world.softtr.state.orders
    const shopper = orders[0]!.invoiceDetails.invoiceMail.trim().toLowerCase()
    const junk = [...new Set(orders.map((o) => o.invoiceDetails.invoiceMail.trim().toLowerCase()))]
      .filter((address) => address !== shopper)
      .slice(0, 2)
    world.setrow.state.lists.unsubscribeEmail.set(shopper, {
      address: shopper,
      date: '2026-11-01 10:00:00',
    })
    for (const address of junk)
      world.setrow.state.lists.junk.set(address, { address, date: '2026-11-01 10:00:00' })
    // without the consent pipeline, whose ledger would keep these people from Setrow's contacts:
    // here Setrow refuses them itself
    const { file: config } = configCopy('refusals')
    const run = await cli(['sync', '-c', config], {
      env: { ...worldEnv, npm_lifecycle_event: 'kopru' },
    })
    // refusals never stop the rest: the run succeeds, and says so
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toMatch(/^customers-and-orders \(.*succeeded, 3 refused$/m)
    expect(run.stdout).toContain('3 records refused in this run, kept as dead letters')
    expect(run.stdout).toMatch(/^ {2}2 refused by setrow \(E128 junk address\)$/m)
    expect(run.stdout).toMatch(
      /^ {2}1 refused by setrow \(E126 address unsubscribed from email\)$/m,
    )
    expect(run.stdout).toContain(`see them: npm run kopru -- dead-letters list -c ${config}\n`)
    // not a terminal: progress as JSON lines
    const progress = run.stderr
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { stream?: string })
    expect(progress.some((p) => p.stream === 'softtr-orders')).toBe(true)
    expect(writes()).toBeGreaterThan(0)

    const listed = await kopru('dead-letters', 'list', '--json', '-c', config)
    expect(listed.code, listed.stderr).toBe(0)
    const letters = JSON.parse(listed.stdout) as { id: number; key: string; code: string }[]
    expect(letters.map((d) => [d.key, d.code]).sort()).toEqual(
      [[shopper, 'E126'], ...junk.map((address) => [address, 'E128'])].sort(),
    )
    const unsubscribed = letters.find((d) => d.code === 'E126')!
    const text = await kopru('dead-letters', 'list', '-c', config)
    expect(text.stdout).toMatch(
      new RegExp(
        `#${unsubscribed.id} customers-and-orders/customers ${shopper} E126 .* \\[address unsubscribed from email\\] \\(tries 1`,
      ),
    )

    const status = await kopru('status', '-c', config)
    expect(status.code, status.stderr).toBe(0)
    expect(status.stdout).toMatch(/succeeded/)
    expect(status.stdout).toMatch(/open dead letters: 3\n/)
    expect(status.stdout).toContain(`see: kopru dead-letters list -c ${config}`)

    world.setrow.state.lists.unsubscribeEmail.delete(shopper)
    for (const address of junk) world.setrow.state.lists.junk.delete(address)
    const retried = await kopru('dead-letters', 'retry', '-c', config)
    expect(retried.code, retried.stderr).toBe(0)
    expect(retried.stdout).toMatch(/customers-and-orders: 3 retried, 3 delivered, 0 still refused/)
    expect(world.setrow.state.contacts.email.get(shopper)).toMatchObject({ allowStatus: 'N' })
    const none = await kopru('dead-letters', 'list', '-c', config)
    expect(none.stdout).toBe('no dead letters\n')

    const dismissed = await kopru('dead-letters', 'dismiss', String(unsubscribed.id), '-c', config)
    expect(dismissed.code).toBe(1)
    expect(dismissed.stderr).toMatch(new RegExp(`not open, left as they are: #${unsubscribed.id}`))
  })

  it('dead-letters retry stops at Ctrl-C, leaves the letters open and names the command again', async () => {
    const junk = [
      ...new Set(
        world.softtr.state.orders.map((o) => o.invoiceDetails.invoiceMail.trim().toLowerCase()),
      ),
    ].slice(-2)
    for (const address of junk)
      world.setrow.state.lists.junk.set(address, { address, date: '2026-11-01 10:00:00' })
    const { file: config, statePath } = configCopy('stopped-retry')
    try {
      expect((await kopru('sync', '-c', config)).code).toBe(0)
      const before = await openLetters(statePath)
      expect(before.map((d) => d.key).sort()).toEqual([...junk].sort())
      for (const address of junk) world.setrow.state.lists.junk.delete(address)

      // Setrow takes a minute to answer: the retry is stopped while it waits
      world.setrow.chaos.configure({ latencyMs: [60_000, 60_000] })
      const listening = process.listeners('SIGINT')
      const retry = kopru('dead-letters', 'retry', '-c', config)
      let ours: NodeJS.SignalsListener[] = []
      while (!ours.length) {
        await new Promise((resolve) => setTimeout(resolve, 20))
        ours = process.listeners('SIGINT').filter((l) => !listening.includes(l))
      }
      await new Promise((resolve) => setTimeout(resolve, 300))
      // what a Ctrl-C calls, without a signal to this test's process
      for (const listener of ours) listener('SIGINT')
      const stopped = await retry
      expect(stopped.code, stopped.stderr).toBe(1)
      expect(stopped.stderr).toContain(
        `stopped before customers-and-orders's retry ended: its letters stay open; to send them: kopru dead-letters retry -c ${config}`,
      )
      noStack(stopped.stderr)
      expect(process.listeners('SIGINT')).toEqual(listening)
      expect(await openLetters(statePath)).toEqual(before)

      world.setrow.chaos.configure({})
      const retried = await kopru('dead-letters', 'retry', '-c', config)
      expect(retried.stdout).toMatch(
        /customers-and-orders: 2 retried, 2 delivered, 0 still refused/,
      )
    } finally {
      world.setrow.chaos.configure({})
      for (const address of junk) world.setrow.state.lists.junk.delete(address)
    }
  }, 60_000)

  it('a second sync with nothing changed writes nothing and refuses nothing', async () => {
    // every pipeline, consent among them, once
    const first = await kopru('sync', '-c', served.configFile)
    expect(first.code, first.stderr).toBe(0)
    world.all.forEach((e) => e.log.clear())
    const run = await kopru('sync', '-c', served.configFile)
    expect(run.code, run.stderr).toBe(0)
    expect(writes()).toBe(0)
    expect(run.stdout).not.toMatch(/refused in this run/)
  })

  it('says so when kopru.yaml is missing, naming init as the user runs kopru', async () => {
    const missing = join(dir, 'nowhere.yaml')
    const plain = await kopru('sync', '-c', missing)
    expect(plain.code).toBe(1)
    expect(plain.stderr).toMatch(/nowhere\.yaml not found; run "kopru init -c .*nowhere\.yaml"/)
    const npm = await cli(['status', '-c', missing], { env: { npm_lifecycle_event: 'kopru' } })
    expect(npm.stderr).toMatch(/run "npm run kopru -- init -c .*nowhere\.yaml" to write/)
    const npx = await cli(['dead-letters', 'list'], { env: { npm_lifecycle_event: 'npx' } })
    expect(npx.stderr).toMatch(/kopru\.yaml not found; run "npx kopru init" to write/)
  })

  it('says so when -c names a directory, in one line from every command, exit 1', async () => {
    for (const command of [['sync'], ['status'], ['dead-letters', 'list']]) {
      const run = await kopru(...command, '-c', dir)
      expect(run.code, command.join(' ')).toBe(1)
      expect(run.stderr).toBe(`kopru: ${dir} is a directory, not a kopru configuration file\n`)
    }
  })

  it('refuses a base URL that is not http(s) when it reads kopru.yaml, not after minutes of retries', async () => {
    const { file } = configCopy('ftp', (input) => {
      input.connections.softtr.baseUrl = input.connections.softtr.baseUrl.replace(/^http/, 'ftp')
    })
    const before = writes()
    const run = await kopru('sync', 'catalog', '--dry-run', '-c', file)
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(
      /^kopru: .*ftp\.yaml has errors:\n {2}connections\.softtr\.baseUrl: "ftp:\/\/127\.0\.0\.1:\d+\/api" is not an http\(s\) URL\n$/,
    )
    expect(writes()).toBe(before)
  })

  it('dead-letters retry names the ids it did not send, as dismiss does, exit 1', async () => {
    // a letter of catalog, which this kopru.yaml has since disabled
    const { file, statePath } = configCopy('retry-ids', (input) => {
      input.pipelines.catalog = { enabled: false } as typeof input.pipelines.catalog
    })
    const store = new SqliteStateStore(statePath)
    try {
      await store.commit({
        pipeline: 'catalog',
        scope: 'catalog/products',
        deadLetters: [{ stream: 'products', key: 'p1', record: {}, code: 'E1', reason: 'refused' }],
      })
    } finally {
      await store.close()
    }
    const [letter] = await openLetters(statePath)
    const run = await kopru('dead-letters', 'retry', String(letter!.id), '99999', '-c', file)
    expect(run.code).toBe(1)
    expect(run.stderr).toBe(
      `kopru: not open, left as they are: #99999; left open, their pipeline is not enabled: #${letter!.id} (catalog)\n`,
    )
    expect((await openLetters(statePath)).map((d) => d.id)).toEqual([letter!.id])
    const unknown = await kopru('dead-letters', 'retry', '99999', '-c', file)
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toBe('kopru: not open, left as they are: #99999\n')
  })

  it('dead-letters list and retry name a note to check by hand; retry leaves it open, exit 1', async () => {
    // what a sink files when it cannot tell what its destination holds: no record to send
    const { file, statePath } = configCopy('retry-note')
    const store = new SqliteStateStore(statePath)
    try {
      await store.commit({
        pipeline: 'inventory',
        scope: 'inventory/narwoo-sales',
        deadLetters: [
          {
            stream: 'narwoo-sales',
            key: 'narwoo:999',
            record: null,
            code: 'stock-changed',
            reason: 'check unit 8690000000001 by hand',
          },
        ],
      })
    } finally {
      await store.close()
    }
    const [note] = await openLetters(statePath)
    const listed = await kopru('dead-letters', 'list', '-c', file)
    expect(listed.code, listed.stderr).toBe(0)
    expect(listed.stdout).toMatch(
      new RegExp(
        `^#${note!.id} inventory/narwoo-sales narwoo:999 stock-changed check unit 8690000000001 by hand.* \\{to check by hand, then dismiss\\} \\(tries 1`,
      ),
    )
    const run = await kopru('dead-letters', 'retry', '-c', file)
    expect(run.code).toBe(1)
    expect(run.stdout).toBe(
      'inventory: 1 retried, 0 delivered, 0 still refused, 1 to check by hand\n',
    )
    expect(run.stderr).toBe(
      `kopru: left open, notes to check by hand that keep no record to send: #${note!.id}; once checked: kopru dead-letters dismiss ${note!.id} -c ${file}\n`,
    )
    expect((await openLetters(statePath)).map((d) => d.id)).toEqual([note!.id])
  })
})

describe('kopru sync --json', () => {
  it('prints one object per pipeline and a summary on stdout, progress as JSON lines on stderr', async () => {
    const { file, statePath } = configCopy('json')
    const address = world.softtr.state.orders[1]!.invoiceDetails.invoiceMail.trim().toLowerCase()
    world.setrow.state.lists.junk.set(address, { address, date: '2026-11-01 10:00:00' })
    try {
      const run = await kopru('sync', '--json', '-c', file, 'inventory', 'customers-and-orders')
      expect(run.code, run.stderr).toBe(0)
      const objects = run.stdout
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>)
      expect(objects.map((o) => [o.type, o.pipeline ?? null])).toEqual([
        ['pipeline', 'inventory'],
        ['pipeline', 'customers-and-orders'],
        ['summary', null],
      ])
      const [inventory, orders, summary] = objects as [
        Record<string, unknown>,
        Record<string, unknown> & { streams: Record<string, { created: number }> },
        Record<string, unknown> & { totals: { created: number } },
      ]
      expect(inventory).toMatchObject({ status: 'succeeded', error: null, refused: [] })
      expect(orders).toMatchObject({
        status: 'succeeded',
        refused: [{ api: 'setrow', code: 'E128', count: 1, explanation: 'junk address' }],
      })
      expect(Object.keys(orders.streams)).toEqual(['softtr-orders', 'narwoo-orders', 'customers'])
      expect(orders.streams['softtr-orders']!.created).toBeGreaterThan(0)
      expect(summary).toMatchObject({
        status: 'succeeded',
        exitCode: 0,
        pipelines: 2,
        succeeded: 2,
        failed: 0,
        refused: 1,
        deadLettersCommand: `kopru dead-letters list -c ${file}`,
      })
      expect(summary.totals.created).toBeGreaterThan(orders.streams['softtr-orders']!.created)
      for (const line of run.stderr.split('\n').filter(Boolean))
        expect(JSON.parse(line)).toHaveProperty('event')
      expect((await openLetters(statePath)).map((d) => d.key)).toEqual([address])
    } finally {
      world.setrow.state.lists.junk.delete(address)
    }
  })

  it('a failed pipeline carries its error: vendor, operation, code and what it means', async () => {
    const { file } = configCopy('json-failed')
    const run = await cli(['sync', '--json', '-c', file, 'inventory'], {
      env: { ...worldEnv, KOPRU_NARWOO_USER_PASSWORD: 'wrong' },
    })
    expect(run.code).toBe(1)
    const [result, summary] = run.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>)
    expect(result).toMatchObject({
      type: 'pipeline',
      pipeline: 'inventory',
      status: 'failed',
      error: {
        kind: 'credentials',
        api: 'narwoo',
        operation: 'auth.login',
        httpStatus: 200,
        vendorCode: '6',
        vendorMessage: 'Yetkilendirilmemiş.',
        explanation: 'not authorised: the user e-mail or password is wrong',
      },
    })
    expect(summary).toMatchObject({ type: 'summary', status: 'failed', exitCode: 1, failed: 1 })
  })
})

describe('kopru sync --json when the run cannot start', () => {
  /** Its standard output: exactly one summary object. */
  const summaryOf = (stdout: string) => {
    expect(stdout.trimEnd().split('\n')).toHaveLength(1)
    return JSON.parse(stdout) as Record<string, unknown> & { error: Record<string, unknown> }
  }

  it.each([
    ['credentials are missing', [], { KOPRU_SETROW_API_KEY: undefined }, 1, 'config'],
    ['kopru.yaml is a directory', ['-c', dir], {}, 1, 'config'],
    ['a pipeline is unknown', ['inventori'], {}, 2, 'usage'],
    ['--max-duration cannot be read', ['--max-duration', 'soon'], {}, 2, 'usage'],
  ] as const)(
    'prints one summary with the error when %s, the exit code unchanged',
    async (_, args, env, code, kind) => {
      const before = writes()
      const run = await cli(['sync', '--json', '-c', served.configFile, ...args], {
        env: { ...worldEnv, ...env },
      })
      expect(run.code).toBe(code)
      const summary = summaryOf(run.stdout)
      expect(summary).toMatchObject({
        type: 'summary',
        status: 'failed',
        exitCode: code,
        pipelines: 0,
        error: { kind },
      })
      // the words people read stay on standard error
      expect(run.stderr).toContain(`kopru: ${summary.error.message as string}\n`)
      expect(writes()).toBe(before)
    },
  )

  it.each([
    ['an option is unknown', ['--bogus'], "unknown option '--bogus'"],
    [
      'an option lacks its value',
      ['--max-duration'],
      "option '--max-duration <time>' argument missing",
    ],
  ] as const)(
    'prints one usage summary when %s, as Commander finds it',
    async (_, args, message) => {
      const run = await cli(['sync', '--json', '-c', served.configFile, ...args], { env: worldEnv })
      expect(run.code).toBe(2)
      expect(summaryOf(run.stdout)).toMatchObject({
        type: 'summary',
        exitCode: 2,
        error: { kind: 'usage', message },
      })
      expect(run.stderr).toContain(`error: ${message}\n`)
    },
  )

  it('prints nothing on standard output for a usage mistake without --json', async () => {
    const run = await cli(['sync', '-c', served.configFile, '--bogus'], { env: worldEnv })
    expect([run.code, run.stdout]).toEqual([2, ''])
  })
})

describe('kopru sync against a destination that refuses the credentials', () => {
  it('fails each pipeline that writes there with the vendor’s answer, files no dead letters, exit 1', async () => {
    const { file, statePath } = configCopy('fresh')
    world.all.forEach((e) => e.log.clear())
    const run = await cli(['sync', '-c', file, 'catalog', 'customers-and-orders'], {
      env: { ...worldEnv, KOPRU_SETROW_API_KEY: 'not-the-key' },
    })
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(1)
    // catalog still ran after customers-and-orders (first in kopru.yaml) failed
    expect(run.stdout).toMatch(/^catalog \(.*failed: setrow .*E401: User auth failed\./m)
    expect(run.stdout).toMatch(/^customers-and-orders \(.*failed: setrow .*E401/m)
    // what it means and which variables to fix, once for both
    expect(run.stdout).toMatch(
      /^customers-and-orders, catalog failed: setrow at \S+ refused the credentials: HTTP 401, Setrow code E401: User auth failed\. \(the API key is wrong\)$/m,
    )
    expect(run.stdout).toContain(
      `Check $KOPRU_SETROW_API_KEY (connections.setrow.env.apiKey) in ${file}; a kopru emulator accepts: export KOPRU_SETROW_API_KEY=kopru-setrow-key`,
    )
    noStack(run.stderr)
    // each pipeline stopped at its first refused call: one orders/add, nothing taken
    const setrowCalls = world.setrow.log.list({ limit: Number.MAX_SAFE_INTEGER })
    expect(setrowCalls.map((c) => c.status)).toEqual(setrowCalls.map(() => 401))
    expect(writeCount(world.all[2]!)).toBe(1)
    expect(await openLetters(statePath)).toEqual([])
    const store = new SqliteStateStore(statePath)
    try {
      expect((await store.runs()).map((r) => [r.pipeline, r.status])).toEqual([
        ['catalog', 'failed'],
        ['customers-and-orders', 'failed'],
      ])
    } finally {
      await store.close()
    }
  })

  it('Narwoo’s wrong password (HTTP 200, code 6) fails every pipeline that uses Narwoo, in English too', async () => {
    const { file, statePath } = configCopy('narwoo-password')
    world.all.forEach((e) => e.log.clear())
    const run = await cli(['sync', '-c', file], {
      env: { ...worldEnv, KOPRU_NARWOO_USER_PASSWORD: 'wrong' },
    })
    expect(run.code, run.stdout).toBe(1)
    expect(run.stdout).toMatch(/^inventory \(.*failed: narwoo auth\.login failed with HTTP 200 6/m)
    expect(run.stdout).toMatch(/^customers-and-orders \(.*failed: narwoo auth\.login/m)
    // catalog does not read Narwoo: it succeeds
    expect(run.stdout).toMatch(/^catalog \(.*succeeded$/m)
    expect(run.stdout).toMatch(
      /^inventory, customers-and-orders failed: narwoo at \S+ refused the credentials: HTTP 200, Narwoo code 6: Yetkilendirilmemiş\. \(not authorised: the user e-mail or password is wrong\)$/m,
    )
    expect(run.stdout).toContain(
      'Check $KOPRU_NARWOO_USER_EMAIL (connections.narwoo.env.userEmail) and $KOPRU_NARWOO_USER_PASSWORD (connections.narwoo.env.userPassword)',
    )
    expect(await openLetters(statePath)).toEqual([])
    const store = new SqliteStateStore(statePath)
    try {
      const runs = await store.runs()
      expect(runs.find((r) => r.pipeline === 'inventory')?.status).toBe('failed')
      expect(runs.find((r) => r.pipeline === 'customers-and-orders')?.status).toBe('failed')
    } finally {
      await store.close()
    }
  })
})

describe('kopru sync with nothing listening', () => {
  it('names the URL, its kopru.yaml entry and the command that starts the emulators', async () => {
    const [port] = await closedPorts()
    const { file } = configCopy('down', (input) => {
      input.connections.softtr.baseUrl = `http://127.0.0.1:${port}/api`
      for (const connection of Object.values(input.connections) as Record<string, unknown>[])
        connection.retry = { retries: 2, baseDelayMs: 1, maxDelayMs: 5 }
      ;(input as Record<string, unknown>).retryPauses = [0]
    })
    const run = await kopru('sync', '-c', file)
    expect(run.code).toBe(1)
    const where = `cannot reach softtr at http://127.0.0.1:${port}/api (connections.softtr.baseUrl in ${file}): ECONNREFUSED`
    // every pipeline reads Softtr: all three failed, the cause said once
    expect(run.stdout).toContain(`inventory, customers-and-orders, catalog failed: ${where}`)
    expect(run.stdout).toContain(
      `Nothing listening there? Start the emulators in another terminal: kopru emulate softtr --port ${port}`,
    )
    // while it retried, at the first retry: what cannot be reached (a JSON line: not a terminal)
    const notes = run.stderr
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { event: string; api?: string; where?: string })
      .filter((line) => line.event === 'connection.unreachable')
    expect(notes).toEqual([
      expect.objectContaining({
        api: 'softtr',
        where: `connections.softtr.baseUrl in ${file}`,
      }),
    ])
  })

  it('says so within seconds, while the clients go on retrying (default retries)', async () => {
    const [setrow, softtr, narwoo] = await closedPorts(3)
    const { file } = configCopy('down-default', (input) => {
      input.connections.setrow.baseUrl = `http://127.0.0.1:${setrow}`
      input.connections.softtr.baseUrl = `http://127.0.0.1:${softtr}/api`
      input.connections.narwoo.baseUrl = `http://127.0.0.1:${narwoo}/api`
    })
    const child = spawnKopru(
      ['sync', '-c', file],
      cleanEnv({ ...worldEnv, npm_lifecycle_event: 'kopru' }),
    )
    try {
      const started = Date.now()
      const stderr = await child.waitFor(/"event":"connection.unreachable".*\n/, 'stderr')
      // the first retry comes within a second of the first refusal; tsx's start-up is the rest
      const note = JSON.parse(
        stderr.split('\n').find((line) => line.includes('connection.unreachable'))!,
      ) as { message: string; hint: string }
      // whichever is called first: named with its URL and kopru.yaml entry
      expect(note.message).toMatch(
        new RegExp(
          `^cannot reach (softtr|narwoo|setrow) at http://127\\.0\\.0\\.1:(${softtr}/api|${narwoo}/api|${setrow}) \\(connections\\.\\1\\.baseUrl in ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\): ECONNREFUSED`,
        ),
      )
      // the emulators at the ports kopru.yaml names: kopru init --port's layout, one command
      expect(note.hint).toBe(
        `Nothing listening there? Start the emulators in another terminal: npm run kopru -- emulate --port ${setrow}`,
      )
      expect(Date.now() - started).toBeLessThan(60_000)
      expect(child.output().stdout).toBe('')
    } finally {
      child.child.kill('SIGKILL')
      await child.exit()
    }
  }, 180_000)
})

describe('kopru sync --max-duration', () => {
  it('stops after the batch in flight when the time is up, exit 1; the next run finishes', async () => {
    const slow = createWorld({ now: new Date(), chaos: { latencyMs: [20, 30] } })
    const served = await serveWorld(slow, mkdtempSync(join(dir, 'slow-')))
    try {
      const bounded = await kopru('sync', '-c', served.configFile, '--max-duration', '1s')
      expect(bounded.code, bounded.stdout + bounded.stderr).toBe(1)
      expect(bounded.stderr).toMatch(/--max-duration reached: stopping after the batch in flight/)
      expect(bounded.stdout).toMatch(/interrupted/)
      const rest = await kopru('sync', '-c', served.configFile)
      expect(rest.code, rest.stdout + rest.stderr).toBe(0)
      const store = new SqliteStateStore(served.statePath)
      try {
        expect(await store.deadLetters({ status: 'open' })).toEqual([])
        const runs = await store.runs({ limit: 10 })
        expect(runs.filter((r) => r.status === 'interrupted').length).toBeGreaterThan(0)
        expect(runs.slice(0, 3).map((r) => r.status)).toEqual([
          'succeeded',
          'succeeded',
          'succeeded',
        ])
      } finally {
        await store.close()
      }
    } finally {
      await served.close()
    }
  }, 120_000)

  it('refuses a duration it cannot read, with usage help, exit 2', async () => {
    const run = await kopru('sync', '-c', served.configFile, '--max-duration', 'soon')
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/--max-duration takes a duration such as 90s, 15m or 2h, got "soon"/)
  })

  it.each([
    ['90s', 90_000],
    ['15m', 900_000],
    ['1h30m', 5_400_000],
    ['45', 45_000],
    ['250ms', 250],
  ])('reads %s as %d ms', (text, ms) => {
    expect(parseDuration(text, '--max-duration')).toBe(ms)
  })
})

describe('kopru status', () => {
  it('names the command that runs a first sync', async () => {
    const { file } = configCopy('never')
    const run = await kopru('status', '-c', file)
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/^no sync has run yet \(no .*never\.db\); /)
    expect(run.stdout).toContain(`; kopru sync -c ${file} runs one\n`)
  })

  it('--json before any sync prints the JSON a state without runs gives', async () => {
    const { file } = configCopy('never-json')
    const run = await kopru('status', '--json', '-c', file)
    expect(run.code).toBe(0)
    expect(JSON.parse(run.stdout)).toEqual({ runs: [], cursors: [], delivered: 0, deadLetters: [] })
  })

  it('--runs takes a whole number of at least 1, else a usage error without a stack', async () => {
    const shown = await kopru('status', '--runs', '2', '-c', served.configFile)
    expect(shown.code, shown.stderr).toBe(0)
    expect(shown.stdout.match(/^ {2}#\d+ /gm)).toHaveLength(2)
    for (const [runs, message] of [
      ['1.5', /--runs must be a whole number, got "1\.5"/],
      ['abc', /--runs must be a whole number, got "abc"/],
      ['-1', /--runs must be a whole number, got "-1"/],
      ['0', /--runs must be at least 1, got "0"/],
      ['99999999999999999999', /--runs is too large/],
    ] as const) {
      const run = await kopru('status', '--runs', runs, '-c', served.configFile)
      expect(run.code, runs).toBe(2)
      expect(run.stderr).toMatch(message)
      expect(run.stderr).toMatch(/Usage: kopru status/)
      expect(run.stdout).toBe('')
      noStack(run.stderr)
    }
  })
})
