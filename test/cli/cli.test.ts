import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { inventory } from '../../src/apis/registry.ts'
import { buildProgram, main } from '../../src/cli/main.ts'

const root = join(import.meta.dirname, '..', '..')
const bin = join(root, 'bin', 'kopru.js')
const SIZES = ['--size', 'orders=50', '--size', 'products=20', '--size', 'customers=30']
/** without the emulator's credential variables, so the defaults apply */
const env = Object.fromEntries(
  Object.entries(process.env).filter(([key]) => !key.startsWith('KOPRU_')),
) as NodeJS.ProcessEnv

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

/** Runs `kopru …` to the end; a run over `timeoutMs` is killed and fails the test. */
function kopru(args: string[], timeoutMs = 20_000): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: root, env })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`kopru ${args.join(' ')} did not finish in ${timeoutMs} ms\n${stderr}`))
    }, timeoutMs)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr })
    })
  })
}

/** `main` in this process, for the cases that need no exit of their own: much faster. */
async function inProcess(args: string[]): Promise<Run> {
  const out = { stdout: '', stderr: '' }
  const capture = (stream: 'stdout' | 'stderr') =>
    vi.spyOn(process[stream], 'write').mockImplementation((chunk: string | Uint8Array) => {
      out[stream] += chunk.toString()
      return true
    })
  const spies = [capture('stdout'), capture('stderr')]
  try {
    return { code: await main(args), ...out }
  } finally {
    for (const spy of spies) spy.mockRestore()
  }
}

interface Listening {
  child: ChildProcess
  softtr: { baseUrl: string; auth: { username: string; password: string }; adminUrl: string }
}

/** Starts `kopru …` and resolves with what it printed once `ready` says it is listening. */
function start(
  args: string[],
  ready: (stdout: string) => boolean,
): Promise<{ child: ChildProcess; stdout: string }> {
  const child = spawn(process.execPath, [bin, ...args], { cwd: root, env })
  return new Promise((resolve, reject) => {
    let stdout = ''
    let stderr = ''
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`kopru ${args.join(' ')} was not ready in 20 s\n${stderr}`))
    }, 20_000)
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
      if (!ready(stdout)) return
      clearTimeout(timer)
      resolve({ child, stdout })
    })
    child.on('exit', (code) => reject(new Error(`kopru exited with ${code}\n${stderr}`)))
  })
}

/** Starts `kopru emulate softtr --json …` and resolves with its one JSON line. */
async function emulate(extra: string[] = []): Promise<Listening> {
  const args = ['emulate', 'softtr', '--json', '--port', '0', ...SIZES, ...extra]
  const { child, stdout } = await start(args, (out) => out.includes('\n'))
  return { child, ...(JSON.parse(stdout) as Omit<Listening, 'child'>) }
}

/** SIGTERM, then the exit code and how long the emulator took to stop. */
function stop(child: ChildProcess): Promise<{ code: number | null; ms: number }> {
  const started = Date.now()
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error('the emulator ignored SIGTERM for 5 s'))
    }, 5000)
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

describe.concurrent('kopru help', () => {
  it('prints usage with exit 0 for kopru --help and each command --help', async () => {
    const commands = buildProgram().commands.map((c) => c.name())
    expect(commands).toEqual(expect.arrayContaining(['emulate', 'call', 'endpoints', 'openapi']))
    const runs = await Promise.all([
      kopru(['--help']),
      ...commands.map((name) => kopru([name, '--help'])),
    ])
    expect(runs.map((r) => r.code)).toEqual(runs.map(() => 0))
    expect(runs[0]!.stdout).toMatch(/^Usage: kopru \[options\] \[command\]/)
    for (const name of commands) expect(runs[0]!.stdout).toContain(name)
    for (const [i, name] of commands.entries())
      expect(runs[i + 1]!.stdout).toMatch(new RegExp(`^Usage: kopru ${name} `))
    expect(runs[2]!.stdout).toContain('Examples:')
  })

  it('describes every command, argument and option', () => {
    for (const command of buildProgram().commands) {
      expect(command.description(), command.name()).not.toBe('')
      for (const option of command.options) expect(option.description, option.flags).not.toBe('')
      for (const argument of command.registeredArguments)
        expect(argument.description, argument.name()).not.toBe('')
    }
  })
})

describe.concurrent('kopru endpoints and openapi', () => {
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
    const run = await inProcess(['endpoints', '--api', 'softtr'])
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('orders.updateStatus')
    expect(run.stdout).toContain('5 of 5 operations implemented in client and emulator')
  })

  it('openapi softtr prints the checked-in OpenAPI document as JSON', async () => {
    const run = await kopru(['openapi', 'softtr'])
    expect(run.code).toBe(0)
    expect(JSON.parse(run.stdout)).toMatchObject({ openapi: '3.1.0' })
    expect(run.stdout).toBe(readFileSync(join(root, 'openapi', 'softtr.json'), 'utf8'))
  })

  it('exits 2 with usage help for an unknown operation', async () => {
    const run = await kopru(['call', 'softtr', 'orders.delete', '--emulator'])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(
      /^kopru: softtr has no operation "orders.delete"; known: orders.list/,
    )
    expect(run.stderr).toContain('Usage: kopru call [options] <api> <operation>')
    noStack(run.stderr)
  })
})

describe('kopru main, in process', () => {
  it.each([
    ['an unknown API', ['call', 'nowhere', 'orders.list', '--emulator'], /unknown API "nowhere"/],
    ['a --param without =', ['call', 'softtr', 'orders.list', '--param', 'pageSize'], /key=value/],
    ['a missing path parameter', ['call', 'softtr', 'orders.get', '--emulator'], /orderno=…/],
    ['an unknown option', ['call', 'softtr', 'orders.list', '--nope'], /unknown option '--nope'/],
    ['a missing argument', ['call', 'softtr'], /missing required argument 'operation'/],
    ['an unknown API to openapi', ['openapi', 'nowhere'], /unknown API "nowhere"/],
    ['an unknown API to emulate', ['emulate', 'nowhere'], /unknown API nowhere/],
    ['an unknown size', ['emulate', 'softtr', '--size', 'carts=1'], /no API served here/],
    ['a malformed --chaos', ['emulate', 'softtr', '--chaos', '{"drop":2}'], /--chaos: .*drop/],
    ['a malformed --base-url', ['call', 'softtr', 'orders.list', '--base-url', 'x'], /http/],
    ['an unknown command', ['frobnicate'], /unknown command 'frobnicate'/],
    [
      'a --param its field cannot take',
      ['call', 'softtr', 'orders.list', '--emulator', '--param', 'pageSize=abc'],
      /--param pageSize=abc: expected an integer \(--no-validate sends it anyway\)/,
    ],
  ])('exits 2 with usage help for %s', async (_, args, message) => {
    const run = await inProcess(args)
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(message)
    expect(run.stderr).toMatch(
      new RegExp(`Usage: kopru ${args[0] === 'frobnicate' ? '' : args[0]}`),
    )
  })

  it('reads a --param as its field travels on the wire: a comma list for Setrow’s getAreas', async () => {
    const listed = await inProcess(['call', 'setrow', 'groups.email.list', '--emulator'])
    const [group] = JSON.parse(listed.stdout) as { groupId: number }[]
    const run = await inProcess([
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
    expect(await inProcess(['-v'])).toMatchObject({ code: 0, stdout: `${version}\n` })
  })

  it("reports the vendor's refusal on one line and exits 1", async () => {
    const body = JSON.stringify([
      { barcode: 'NOPE', mainProductPrice: 1, variantPrice: 0, stockAmount: 1 },
    ])
    const run = await inProcess([
      'call',
      'softtr',
      'products.updateStockAndPrice',
      '--emulator',
      '--body',
      body,
    ])
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(
      /^kopru: softtr products.updateStockAndPrice failed: HTTP 400, Softtr code 400: barcode Boş ya da Geçersiz \(request id [0-9a-f]{32}\)\n$/,
    )
    expect(run.stdout).toBe('')
  })

  it('says where nothing answered when the base URL has no server', async () => {
    const run = await inProcess([
      'call',
      'softtr',
      'orders.list',
      '--base-url',
      'http://127.0.0.1:9/api',
      '--credential',
      'username=a',
      '--credential',
      'password=b',
      '--no-retry',
    ])
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('network error')
    expect(run.stderr).toContain('at http://127.0.0.1:9/api; is the emulator running?')
  })
})

describe('kopru call --emulator', () => {
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

describe('kopru emulate', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kopru-cli-'))
  let served: Listening

  beforeAll(async () => {
    served = await emulate(['--data-dir', dataDir])
  })
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

  it("prints a wrong credential as one line with Softtr's code, and exits 1", async () => {
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
      /^kopru: softtr orders.list failed: HTTP 401, Softtr code 401: Kullanıcı bilgileri eksik yada yanlış/,
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
    expect(stopped.ms).toBeLessThan(3000)
    expect(existsSync(join(dataDir, 'softtr.json'))).toBe(true)

    served = await emulate(['--data-dir', dataDir])
    const again = (await state()).orders.find((o) => o.orderno === order!.orderno)
    expect(again?.status).toBe(status)
    expect((await stop(served.child)).code).toBe(0)
  })
})

describe('kopru emulate without --json', () => {
  it('prints a banner whose suggested call works as printed', async () => {
    const { child, stdout } = await start(
      ['emulate', '--port', '0', '--size', 'softtr.orders=50'],
      (out) => out.includes('Ctrl+C stops them.'),
    )
    try {
      const suggested = /npm run kopru -- (call .+)$/m.exec(stdout)?.[1]
      expect(suggested).toBeDefined()
      const run = await kopru(suggested!.split(' '))
      expect(run.stderr).toBe('')
      expect(run.code).toBe(0)
      expect(JSON.parse(run.stdout)).toBeTruthy()
    } finally {
      expect((await stop(child)).code).toBe(0)
    }
  })
})
