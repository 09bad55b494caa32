/**
 * The kopru command as a user meets it: help, usage mistakes (with "did you mean"), `call`, and
 * `emulate` serving over a socket. Commands run in this process (`main`) wherever they can; a child
 * process only where one is the point: an emulator serving until a signal, a closed pipe.
 */
import type { ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inventory } from '../../src/apis/inventory.ts'
import { apiNames, registry } from '../../src/apis/registry.ts'
import { narwooEmulator } from '../../src/apis/narwoo/emulator/index.ts'
import { buildProgram, commandNames } from '../../src/cli/main.ts'
import { createEmulator } from '../../src/emulator/host.ts'
import { serveEmulators } from '../../src/emulator/serve.ts'
import { cleanEnv, kopru as inProcess, root, spawnKopru } from '../support/cli.ts'

const SIZES = ['--size', 'orders=50', '--size', 'products=20', '--size', 'customers=30']
/** without the emulator's credential variables, so the defaults apply */
const env = Object.fromEntries(
  Object.keys(process.env)
    .filter((key) => key.startsWith('KOPRU_'))
    .map((key) => [key, undefined]),
)
const kopru = (args: string[], extra: Record<string, string | undefined> = {}) =>
  inProcess(args, { env: { ...env, ...extra } })

interface Listening {
  child: ChildProcess
  stderr: () => string
  softtr: { baseUrl: string; auth: { username: string; password: string }; adminUrl: string }
}

/** Starts `kopru emulate softtr --json …` as a child and resolves with its one JSON line. */
async function emulate(extra: string[] = []): Promise<Listening> {
  const args = ['emulate', 'softtr', '--json', '--port', '0', ...SIZES, ...extra]
  const spawned = spawnKopru(args, cleanEnv())
  const stdout = await spawned.waitFor(/\n/)
  return {
    child: spawned.child,
    stderr: () => spawned.output().stderr,
    ...(JSON.parse(stdout) as Omit<Listening, 'child' | 'stderr'>),
  }
}

/** SIGTERM, then the exit code and how long the emulator took to stop. */
function stop(child: ChildProcess): Promise<{ code: number | null; ms: number }> {
  const started = Date.now()
  return new Promise((resolve, reject) => {
    if (child.exitCode !== null) return resolve({ code: child.exitCode, ms: 0 })
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error('the emulator ignored SIGTERM for 30 s'))
    }, 30_000)
    child.on('exit', (code) => {
      clearTimeout(timer)
      resolve({ code, ms: Date.now() - started })
    })
    child.kill('SIGTERM')
  })
}

const basic = ({ username, password }: { username: string; password: string }) =>
  `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`
const noStack = (text: string) => expect(text).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m)

describe('kopru help', () => {
  it('prints usage with exit 0 for kopru --help and each command --help', async () => {
    const commands = (await buildProgram()).commands.map((c) => c.name())
    expect(commands).toEqual(expect.arrayContaining(['emulate', 'call', 'endpoints', 'openapi']))
    const runs = [await kopru(['--help'])]
    for (const name of commands) runs.push(await kopru([name, '--help']))
    expect(runs.map((r) => r.code)).toEqual(runs.map(() => 0))
    expect(runs[0]!.stdout).toMatch(/^Usage: kopru \[options\] \[command\]/)
    for (const name of commands) expect(runs[0]!.stdout).toContain(name)
    for (const [i, name] of commands.entries())
      expect(runs[i + 1]!.stdout).toMatch(new RegExp(`^Usage: kopru ${name} `))
    expect(runs[2]!.stdout).toContain('Examples:')
  })

  it('loads a command named first alone, the one its name says', async () => {
    for (const name of commandNames)
      expect((await buildProgram(name)).commands.map((c) => c.name())).toEqual([name])
    expect((await buildProgram('no-such-command')).commands.map((c) => c.name())).toEqual(
      commandNames,
    )
  })

  it('describes every command, argument and option', async () => {
    for (const command of (await buildProgram()).commands) {
      expect(command.description(), command.name()).not.toBe('')
      for (const option of command.options) expect(option.description, option.flags).not.toBe('')
      for (const argument of command.registeredArguments)
        expect(argument.description, argument.name()).not.toBe('')
    }
  })

  it('emulate --help names every credential variable of every API, and its default', async () => {
    const run = await kopru(['emulate', '--help'])
    expect(run.stdout).not.toContain('…')
    for (const api of apiNames)
      for (const [key, c] of Object.entries(registry[api]!.emulator.credentials))
        expect(run.stdout).toMatch(
          new RegExp(
            `^ {2}${c.env} +${api} ${key} \\(default: ${c.default.replace(/\./g, '\\.')}\\)$`,
            'm',
          ),
        )
  })
})

describe('kopru endpoints and openapi', () => {
  it('endpoints --json lists the Softtr operations as built in client and emulator', async () => {
    const run = await kopru(['endpoints', '--json'])
    expect(run.code).toBe(0)
    const rows = JSON.parse(run.stdout) as ReturnType<typeof inventory>
    expect(rows).toEqual(inventory())
    const softtr = rows.filter((r) => r.api === 'softtr')
    expect(softtr.map((r) => r.id)).toEqual([
      'orders.list',
      'orders.get',
      'orders.updateStatus',
      'products.list',
      'products.updateStockAndPrice',
    ])
    expect(softtr.every((r) => r.client && r.emulator)).toBe(true)
  })

  it('endpoints prints a table with a coverage line', async () => {
    const run = await kopru(['endpoints', '--api', 'softtr'])
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('orders.updateStatus')
    expect(run.stdout).toContain('5 of 5 documented operations implemented in client and emulator')
  })

  it('endpoints shows all 108 Loyaltii operations implemented, and counts all 240', async () => {
    const loyaltii = await kopru(['endpoints', '--api', 'loyaltii'])
    expect(loyaltii.code).toBe(0)
    expect(loyaltii.stdout).not.toContain('(not yet)')
    expect(loyaltii.stdout).toMatch(
      /loyaltii +segments\.get +yes +yes +GET +\/api\/v1\/Segments\/\{id\}/,
    )
    expect(loyaltii.stdout).toContain(
      '108 of 108 documented operations implemented in client and emulator',
    )
    const json = JSON.parse((await kopru(['endpoints', '--json'])).stdout) as ReturnType<
      typeof inventory
    >
    const rows = json.filter((r) => r.api === 'loyaltii')
    expect([rows.length, rows.filter((r) => r.client && r.emulator).length]).toEqual([108, 108])
    const all = await kopru(['endpoints'])
    const done = inventory().filter((r) => r.client && r.emulator).length
    expect(all.stdout).toMatch(
      new RegExp(`\\n${done} of 240 documented operations implemented in client and emulator\\n$`),
    )
  })

  it('openapi softtr prints the checked-in OpenAPI document as JSON', async () => {
    const run = await kopru(['openapi', 'softtr'])
    expect(run.code).toBe(0)
    expect(JSON.parse(run.stdout)).toMatchObject({ openapi: '3.1.0' })
    expect(run.stdout).toBe(readFileSync(join(root, 'openapi', 'softtr.json'), 'utf8'))
  })

  it('exits 2 with usage help for an unknown operation, listing a short list', async () => {
    const run = await kopru(['call', 'softtr', 'orders.delete', '--emulator'])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(
      /^kopru: softtr has no operation "orders.delete"; known: orders.list, orders.get/,
    )
    expect(run.stderr).toContain('Usage: kopru call [options] <api> <operation>')
    expect(run.stderr).toContain('Run "kopru call --help" for details.')
    noStack(run.stderr)
  })
})

describe('kopru main, in process', () => {
  it.each([
    [
      'an unknown API',
      ['call', 'nowhere', 'orders.list', '--emulator'],
      /unknown API "nowhere"; known/,
    ],
    ['a --param without =', ['call', 'softtr', 'orders.list', '--param', 'pageSize'], /key=value/],
    ['a missing path parameter', ['call', 'softtr', 'orders.get', '--emulator'], /orderno=…/],
    ['an unknown option', ['call', 'softtr', 'orders.list', '--nope'], /unknown option '--nope'/],
    ['a missing argument', ['call', 'softtr'], /missing required argument 'operation'/],
    ['an unknown API to openapi', ['openapi', 'nowhere'], /unknown API "nowhere"/],
    ['an unknown API to emulate', ['emulate', 'nowhere'], /unknown API "nowhere"/],
    ['an unknown size', ['emulate', 'softtr', '--size', 'carts=1'], /no API served here/],
    ['a malformed --chaos', ['emulate', 'softtr', '--chaos', '{"drop":2}'], /--chaos: .*drop/],
    ['a malformed --base-url', ['call', 'softtr', 'orders.list', '--base-url', 'x'], /http/],
    ['an unknown command', ['frobnicate'], /unknown command 'frobnicate'/],
    [
      'a port past 65535 to serve',
      ['serve', '--port', '70000'],
      /--port must be a port from 0 to 65535 \(0 picks a free one\), got "70000"/,
    ],
    [
      'a first port the next APIs cannot follow',
      ['emulate', '--port', '65535'],
      /--port 65535: the 5 APIs need ports up to 65539/,
    ],
    ['a port past 65535 to emulate', ['emulate', 'softtr', '--port', '65536'], /0 to 65535/],
    [
      'a first port the demo cannot follow',
      ['demo', '--port', '65533', '--state', join(tmpdir(), 'kopru-never-made')],
      /--port 65533: the 5 APIs need ports up to 65537/,
    ],
    [
      'a metrics port past 65535',
      ['worker', '--metrics-port', '70000'],
      /--metrics-port must be a port from 0 to 65535/,
    ],
    [
      'a --param its field cannot take',
      ['call', 'softtr', 'orders.list', '--emulator', '--param', 'pageSize=abc'],
      /--param pageSize=abc: expected an integer \(--no-validate sends it anyway\)/,
    ],
  ])('exits 2 with usage help for %s', async (_, args, message) => {
    const run = await kopru(args)
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(message)
    expect(run.stderr).toMatch(
      new RegExp(`Usage: kopru ${args[0] === 'frobnicate' ? '' : args[0]}`),
    )
  })

  it.each([
    [
      'a --param the operation does not take',
      ['call', 'softtr', 'orders.list', '--emulator', '--param', 'pagesize=2'],
      /^kopru: --param pagesize: GET \/orders takes no "pagesize" \(did you mean pageSize\?\); it takes page, pageSize, startDate, endDate\n/,
    ],
    [
      'a --param nothing is near',
      ['call', 'narwoo', 'orders.list', '--emulator', '--param', 'colour=red'],
      /^kopru: --param colour: GET \/order-list takes no "colour"; it takes /,
    ],
    [
      'a misspelt operation',
      ['call', 'narwoo', 'order.list', '--emulator'],
      /^kopru: narwoo has no operation "order.list" \(did you mean orders.list\?\); kopru endpoints --api narwoo lists its 18 operations\n/,
    ],
    [
      'a misspelt API',
      ['call', 'narwo', 'orders.list', '--emulator'],
      new RegExp(
        `^kopru: unknown API "narwo" \\(did you mean narwoo\\?\\); known: ${apiNames.join(', ')}\n`,
      ),
    ],
    [
      'a misspelt API to endpoints',
      ['endpoints', '--api', 'Softtr'],
      /unknown API "Softtr" \(did you mean softtr\?\)/,
    ],
    [
      'a misspelt size',
      ['emulate', 'softtr', '--size', 'order=5'],
      /--size order: no API served here has "order" \(did you mean orders\?\)/,
    ],
  ])('refuses %s with a suggestion, exit 2', async (_, args, message) => {
    const run = await kopru(args)
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(message)
    noStack(run.stderr)
  })

  it('names commands the way kopru was run: npm run kopru, npx, or kopru', async () => {
    const args = ['call', 'softtr', 'order.list', '--emulator']
    const runs = {
      kopru: await kopru(args, { npm_lifecycle_event: 'kopru' }),
      npx: await kopru(args, { npm_lifecycle_event: 'npx' }),
      shell: await kopru(args),
    }
    expect(runs.kopru.stderr).toContain('Run "npm run kopru -- call --help" for details.')
    expect(runs.npx.stderr).toContain('Run "npx kopru call --help" for details.')
    expect(runs.shell.stderr).toContain('Run "kopru call --help" for details.')
  })

  it('reads a --param as its field travels on the wire: a comma list for Setrow’s getAreas', async () => {
    const listed = await kopru(['call', 'setrow', 'groups.email.list', '--emulator'])
    const [group] = JSON.parse(listed.stdout) as { groupId: number }[]
    const run = await kopru([
      'call',
      'setrow',
      'groups.email.filter',
      '--emulator',
      '--param',
      `group_id=${group!.groupId}`,
      '--param',
      'getAreas=spArea1,spArea2',
    ])
    expect(run.code, run.stderr).toBe(0)
    const { members } = JSON.parse(run.stdout) as { members: Record<string, unknown>[] }
    expect(members.length).toBeGreaterThan(0)
    for (const member of members)
      expect(Object.keys(member)).toEqual(expect.arrayContaining(['spArea1', 'spArea2']))
  })

  it('prints the version with -v', async () => {
    const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      version: string
    }
    expect(await kopru(['-v'])).toMatchObject({ code: 0, stdout: `${version}\n` })
  })

  it("reports the vendor's refusal on one line, with what its code means, and exits 1", async () => {
    const body = JSON.stringify([
      { barcode: 'NOPE', mainProductPrice: 1, variantPrice: 0, stockAmount: 1 },
    ])
    const run = await kopru([
      'call',
      'softtr',
      'products.updateStockAndPrice',
      '--emulator',
      '--body',
      body,
    ])
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(
      /^kopru: softtr products.updateStockAndPrice failed: HTTP 400, Softtr code 400: barcode Boş ya da Geçersiz \(the request was refused: a field is empty or invalid .*\) \(request id [0-9a-f]{32}\)\n$/,
    )
    expect(run.stdout).toBe('')
  })

  /** `kopru call softtr orders.list` at `baseUrl`, once. */
  const softtrCall = (baseUrl: string) => [
    'call',
    'softtr',
    'orders.list',
    '--base-url',
    baseUrl,
    '--credential',
    'username=a',
    '--credential',
    'password=b',
    '--no-retry',
  ]

  it('says where nothing answered when the base URL has no server', async () => {
    const run = await kopru(softtrCall('http://127.0.0.1:9/api'))
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('network error')
    expect(run.stderr).toContain(
      'at http://127.0.0.1:9/api; is the emulator running? (kopru emulate softtr)',
    )
  })

  it('shows a redirect to a URL that is not http(s) as the vendor sent it', async () => {
    const server = createServer((_, res) =>
      res.writeHead(302, { location: 'file:///etc/passwd' }).end(),
    )
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const { port } = server.address() as AddressInfo
      const run = await kopru(softtrCall(`http://127.0.0.1:${port}/api`))
      expect(run.code).toBe(1)
      expect(run.stderr).toMatch(
        /^kopru: softtr \S+ was redirected \(HTTP 302\) to file:\/\/\/etc\/passwd: /,
      )
      noStack(run.stderr)
    } finally {
      await new Promise((resolve) => server.close(resolve))
    }
  })

  it('answers from an in-process emulator', async () => {
    const run = await kopru([
      'call',
      'softtr',
      'orders.list',
      '--emulator',
      '--param',
      'pageSize=2',
    ])
    expect(run.code).toBe(0)
    const data = JSON.parse(run.stdout) as { size: number; content: { orderno: string }[] }
    expect(data.size).toBe(2)
    expect(data.content).toHaveLength(2)
  })
})

describe('kopru call against Narwoo with a wrong password', () => {
  it('explains code 6 in English and names the variables and flags to fix', async () => {
    const serving = await serveEmulators([
      createEmulator(narwooEmulator, { sizes: { orders: 3, products: 2, customers: 2 }, env: {} }),
    ])
    try {
      const run = await kopru(
        ['call', 'narwoo', 'orders.list', '--base-url', serving.served[0]!.baseUrl],
        { KOPRU_NARWOO_USER_EMAIL: 'satici@kopru.dev', KOPRU_NARWOO_USER_PASSWORD: 'wrong' },
      )
      expect(run.code).toBe(1)
      expect(run.stderr).toBe(
        'kopru: narwoo auth.login failed: HTTP 200, Narwoo code 6: Yetkilendirilmemiş. (not authorised: the user e-mail or password is wrong); check the credentials (--credential userEmail=… or $KOPRU_NARWOO_USER_EMAIL, --credential userPassword=… or $KOPRU_NARWOO_USER_PASSWORD); a kopru emulator accepts --credential userEmail=satici@kopru.dev --credential userPassword=kopru-narwoo unless started with others\n',
      )
    } finally {
      await serving.close()
    }
  })
})

describe('kopru with its output closed early (kopru … | head)', () => {
  it('ends quietly, exit 0, with no stack trace', async () => {
    // the reader is gone before kopru writes: every write meets a closed pipe (EPIPE)
    const run = spawnKopru(['endpoints'], cleanEnv())
    run.child.stdout!.destroy()
    const { code } = await run.exit()
    expect(run.output().stderr).toBe('')
    expect(code).toBe(0)
  }, 120_000)
})

describe('kopru emulate', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kopru-cli-'))
  let served: Listening

  beforeAll(async () => {
    served = await emulate(['--data-dir', dataDir])
  }, 150_000)
  afterAll(() => {
    if (served.child.exitCode === null) served.child.kill('SIGKILL')
    rmSync(dataDir, { recursive: true, force: true })
  })

  const call = (...args: string[]) =>
    kopru(['call', 'softtr', ...args, '--base-url', served.softtr.baseUrl])
  const credentials = () => [
    '--credential',
    `username=${served.softtr.auth.username}`,
    '--credential',
    `password=${served.softtr.auth.password}`,
  ]
  const state = async () =>
    (await (await fetch(`${served.softtr.adminUrl}/state`)).json()) as {
      orders: { orderno: string; status: string }[]
    }

  it('prints one JSON line with the base URL, credentials and admin URL', () => {
    expect(served.softtr).toEqual({
      baseUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/api$/),
      auth: { username: 'kopru', password: 'kopru-softtr' },
      adminUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/__kopru$/),
    })
  })

  it('answers over the socket with Basic auth, and its admin health', async () => {
    const orders = await fetch(`${served.softtr.baseUrl}/orders?pageSize=3`, {
      headers: { authorization: basic(served.softtr.auth) },
    })
    expect(orders.status).toBe(200)
    expect(((await orders.json()) as { data: { orderCount: number } }).data.orderCount).toBe(50)
    const health = await fetch(`${served.softtr.adminUrl}/health`)
    expect(await health.json()).toMatchObject({ ok: true, api: 'softtr', operations: 5 })
  })

  it('serves kopru call with --base-url and credentials', async () => {
    const run = await call('orders.list', '--param', 'pageSize=2', ...credentials())
    expect(run.code).toBe(0)
    const data = JSON.parse(run.stdout) as { orderCount: number; content: unknown[] }
    expect([data.orderCount, data.content.length]).toEqual([50, 2])
  })

  it("prints a wrong credential as one line with Softtr's code, its meaning and the variables", async () => {
    const run = await call(
      'orders.list',
      '--credential',
      'username=kopru',
      '--credential',
      'password=x',
    )
    expect(run.code).toBe(1)
    const lines = run.stderr.trimEnd().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(
      /^kopru: softtr orders.list failed: HTTP 401, Softtr code 401: Kullanıcı bilgileri eksik yada yanlış \(the username or password is missing or wrong\)/,
    )
    expect(lines[0]).toContain(
      'check the credentials (--credential username=… or $KOPRU_SOFTTR_USERNAME, --credential password=… or $KOPRU_SOFTTR_PASSWORD)',
    )
    expect(lines[0]).toContain('--credential password=kopru-softtr')
  })

  it("hints the emulator's default credentials when a local URL comes without any", async () => {
    const run = await call('orders.list')
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('needs username and password')
    expect(run.stderr).toContain('--credential username=kopru --credential password=kopru-softtr')
  })

  it('keeps a status change in --data-dir across a stop and a start', async () => {
    const [order] = (await state()).orders
    const status = order!.status === 'CANCEL' ? 'SHIPPED' : 'CANCEL'
    const body = JSON.stringify([{ orderno: order!.orderno, status }])
    const run = await call('orders.updateStatus', '--body', body, ...credentials())
    expect(run.code).toBe(0)
    expect((await state()).orders[0]).toMatchObject({ orderno: order!.orderno, status })

    const stopped = await stop(served.child)
    expect(stopped.code).toBe(0)
    expect(existsSync(join(dataDir, 'softtr.json'))).toBe(true)

    served = await emulate(['--data-dir', dataDir])
    const again = (await state()).orders.find((o) => o.orderno === order!.orderno)
    expect(again?.status).toBe(status)
    // the same sizes as the saved state's: nothing to say
    expect(served.stderr()).toBe('')
    expect((await stop(served.child)).code).toBe(0)
  }, 150_000)

  it('says that the saved state wins over a --size or --seed that differs from it', async () => {
    served = await emulate(['--data-dir', dataDir, '--size', 'orders=60', '--seed', '7'])
    try {
      expect(served.stderr()).toBe(
        `kopru: softtr continues from its saved state (${join(dataDir, 'softtr.json')}, made with seed 1, orders=50, products=20, customers=30): --size orders=60 and --seed 7 apply only to fresh seed data; delete that file (or POST /__kopru/seed) for new data\n`,
      )
      // and it did: the saved 50 orders, not 60
      expect((await state()).orders).toHaveLength(50)
    } finally {
      expect((await stop(served.child)).code).toBe(0)
    }
  }, 150_000)
})

describe('kopru emulate without --json', () => {
  it('prints a banner whose suggested call works as printed', async () => {
    const spawned = spawnKopru(
      ['emulate', '--port', '0', '--size', 'softtr.orders=50'],
      cleanEnv({ npm_lifecycle_event: 'kopru' }),
    )
    try {
      const stdout = await spawned.waitFor(/Ctrl\+C stops them\./)
      const suggested = /npm run kopru -- (call .+)$/m.exec(stdout)?.[1]
      expect(suggested).toBeDefined()
      const run = await kopru(suggested!.split(' '))
      expect(run.stderr).toBe('')
      expect(run.code).toBe(0)
      expect(JSON.parse(run.stdout)).toBeTruthy()
    } finally {
      expect((await stop(spawned.child)).code).toBe(0)
    }
  }, 150_000)
})
