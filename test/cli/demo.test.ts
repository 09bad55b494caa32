/**
 * `kopru demo` (npm start) end to end, at small sizes: the second run writes only the changes; the
 * state folder it is given is never emptied of anything it did not write; with --keep its emulators
 * stay up and the kopru.yaml it leaves beside its state serves `kopru status` and `kopru sync`.
 */
import { createServer, type Server } from 'node:net'
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { prepareStateFolder } from '../../src/cli/commands/demo-state.ts'
import { createEmulator } from '../../src/emulator/host.ts'
import { serveEmulators } from '../../src/emulator/serve.ts'
import { softtrEmulator } from '../../src/apis/softtr/emulator/index.ts'
import { cleanEnv, kopru, spawnKopru } from '../support/cli.ts'
import { worldEnv } from '../support/sync-world.ts'

const dir = mkdtempSync(join(tmpdir(), 'kopru-demo-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const SIZES = [
  'softtr.orders=150',
  'softtr.products=30',
  'softtr.customers=50',
  'narwoo.orders=900',
  'narwoo.products=20',
  'narwoo.customers=50',
  'setrow.emails=200',
  'setrow.numbers=100',
  'setrow.whatsapp=50',
  'setrow.orders=50',
  'setrow.reports=50',
  'loyaltii.contacts=100',
  'loyaltii.orders=100',
  'loyaltii.points=200',
  'loyaltii.events=100',
  'mailkomplet.contacts=100',
].flatMap((s) => ['--size', s])

/** stream → [read, created, updated, skipped, refused] from one summary table. */
function table(text: string): Map<string, number[]> {
  const rows = new Map<string, number[]>()
  for (const line of text.split('\n')) {
    const m = /^(\S+\/\S+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)/.exec(line)
    if (m) rows.set(m[1]!, m.slice(2).map(Number))
  }
  return rows
}

describe('kopru demo', () => {
  it('syncs everything once, then writes exactly the records changed in between', async () => {
    const state = join(dir, 'state')
    const run = await kopru(['demo', '--state', state, ...SIZES])
    expect(run.code, run.stderr).toBe(0)
    const [, firstText, secondText] = run.stdout.split(/First run|Second run/)
    const first = table(firstText!)
    const second = table(secondText!)
    expect(first.get('customers-and-orders/softtr-orders')).toEqual([150, 150, 0, 0, 0])
    expect(first.get('catalog/products')!.slice(0, 2)).toEqual([30, 30])
    // the new order, the three cancellations and the five price changes, nothing else
    expect(second.get('customers-and-orders/softtr-orders')!.slice(1, 3)).toEqual([1, 0])
    expect(second.get('customers-and-orders/narwoo-orders')!.slice(1, 3)).toEqual([0, 3])
    expect(second.get('loyalty/softtr-orders')!.slice(1, 3)).toEqual([1, 0])
    expect(second.get('loyalty/narwoo-orders')!.slice(1, 3)).toEqual([0, 3])
    expect(second.get('catalog/products')!.slice(1, 3)).toEqual([0, 5])
    expect(second.get('catalog/categories')!.slice(1, 3)).toEqual([0, 0])
    expect(second.get('customers-and-orders/customers')![2]).toBeLessThanOrEqual(4)
    // the webhook's opt-out was applied before the second run: it has nothing left to write
    for (const stream of ['from-setrow', 'from-mailkomplet', 'from-loyaltii', 'to-setrow'])
      expect(second.get(`consent/${stream}`)!.slice(1, 3), stream).toEqual([0, 0])
    expect(run.stdout).toMatch(
      /unsubscribes from an e-mail; its webhook reaches kopru serve .*\n.*Setrow unsubscribe list: yes; Loyaltii LimitMailsPermanently: true/,
    )
    expect(run.stdout).toMatch(/Loyaltii: order \S+-KPR earned [1-9]\d* points/)
    expect(
      run.stdout.match(/its point cancelled \(1 canceller\)|had earned no points/g),
    ).toHaveLength(3)
    // the state can be read with kopru status, through the kopru.yaml beside it
    expect(run.stdout).toContain(`kopru status -c ${join(state, 'kopru.yaml')}\n`)
    expect(run.stdout).toContain('The dashboard over the five emulators: kopru serve --emulate\n')
    const status = await kopru(['status', '-c', join(state, 'kopru.yaml')])
    expect(status.code, status.stderr).toBe(0)
    // the last ten runs (what status lists), every one of them succeeded
    expect(status.stdout.match(/ succeeded /g)).toHaveLength(10)
    expect(status.stdout).not.toMatch(/ (failed|interrupted) /)
  }, 180_000)
})

describe('kopru demo --state', () => {
  const refusedFolder = (name: string, files: Record<string, string>) => {
    const folder = join(dir, name)
    mkdirSync(folder, { recursive: true })
    for (const [file, text] of Object.entries(files)) writeFileSync(join(folder, file), text)
    return folder
  }

  it('refuses a folder holding files it did not write, and touches nothing in it', async () => {
    const folder = refusedFolder('checkout', {
      'package.json': '{}',
      'README.md': '# mine',
      'state.db': 'not the demo’s',
    })
    const run = await kopru(['demo', '--state', folder, ...SIZES])
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(
      /^kopru: --state .*checkout holds files kopru demo did not write \(README\.md, package\.json\); it replaces only its own state, so give it a new or empty folder/,
    )
    expect(readFileSync(join(folder, 'README.md'), 'utf8')).toBe('# mine')
    expect(readFileSync(join(folder, 'state.db'), 'utf8')).toBe('not the demo’s')
    expect(existsSync(join(folder, '.kopru-demo'))).toBe(false)
    expect(run.stdout).toBe('')
  })

  it('takes over the default folder an older demo left (its own files only, no mark)', () => {
    const legacy = refusedFolder('legacy', { 'state.db': 'old', 'state.db-wal': '' })
    expect(() => prepareStateFolder(legacy, 'legacy', false)).toThrow(/holds files kopru demo/)
    expect(readFileSync(join(legacy, 'state.db'), 'utf8')).toBe('old')
    prepareStateFolder(legacy, '.kopru/demo', true)
    expect(readdirSync(legacy)).toEqual(['.kopru-demo'])
  })

  it('refuses a file', async () => {
    const file = join(dir, 'a-file')
    writeFileSync(file, 'keep me')
    const run = await kopru(['demo', '--state', file, ...SIZES])
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/--state .*a-file is not a folder/)
    expect(readFileSync(file, 'utf8')).toBe('keep me')
  })

  it('in a folder it made, replaces only its own files; anything else stays', async () => {
    const folder = refusedFolder('reused', {})
    const first = await kopru(['demo', '--state', folder, ...SIZES])
    expect(first.code, first.stderr).toBe(0)
    expect(existsSync(join(folder, '.kopru-demo'))).toBe(true)
    writeFileSync(join(folder, 'notes.txt'), 'mine')
    mkdirSync(join(folder, 'sub'))
    writeFileSync(join(folder, 'sub', 'state.db'), 'mine too')
    const second = await kopru(['demo', '--state', folder, ...SIZES])
    expect(second.code, second.stderr).toBe(0)
    // a fresh state: the first run creates everything again
    const [, firstText] = second.stdout.split(/First run|Second run/)
    expect(table(firstText!).get('customers-and-orders/softtr-orders')).toEqual([150, 150, 0, 0, 0])
    expect(readFileSync(join(folder, 'notes.txt'), 'utf8')).toBe('mine')
    expect(readFileSync(join(folder, 'sub', 'state.db'), 'utf8')).toBe('mine too')
  }, 180_000)
})

describe('kopru demo --keep', () => {
  it('serves on after the runs, with a kopru.yaml that kopru status and kopru sync use', async () => {
    const state = join(dir, 'kept')
    const demo = spawnKopru(
      ['demo', '--keep', '--port', '0', '--state', state, ...SIZES],
      cleanEnv({ npm_lifecycle_event: 'kopru' }),
    )
    try {
      const out = await demo.waitFor(/npm run kopru -- sync -c \S+\n/, 'stdout', 150_000)
      const config = join(state, 'kopru.yaml')
      expect(out).toContain(`npm run kopru -- status -c ${config}\n`)
      expect(out).toMatch(
        /^ {2}export KOPRU_SOFTTR_USERNAME=kopru .*KOPRU_SETROW_API_KEY=\S+ .*KOPRU_MAILKOMPLET_BASE_CRYPT=\S+$/m,
      )
      const text = readFileSync(config, 'utf8')
      for (const url of out.match(/http:\/\/127\.0\.0\.1:\d+(\/api)?(?=\s)/g)!)
        expect(text).toContain(`baseUrl: ${url}\n`)

      const status = await kopru(['status', '-c', config])
      expect(status.code, status.stderr).toBe(0)
      expect(status.stdout.match(/ succeeded /g)).toHaveLength(10)

      // the emulators answer: a sync with nothing changed since the demo writes nothing
      const sync = await kopru(['sync', '-c', config], { env: worldEnv })
      expect(sync.code, sync.stdout + sync.stderr).toBe(0)
      const rows = [...table(sync.stdout).values()]
      expect(rows.length).toBe(18)
      for (const [, created, updated] of rows) expect(created! + updated!).toBe(0)
    } finally {
      demo.child.kill('SIGTERM')
      expect((await demo.exit()).code).toBe(0)
    }
  }, 240_000)

  it('takes an API’s usual port when free, and a free one when it is taken', async () => {
    const taken: Server = createServer()
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve))
    const port = (taken.address() as { port: number }).port
    const emulator = () => createEmulator(softtrEmulator, { sizes: { orders: 1, products: 1 } })
    try {
      await expect(serveEmulators([emulator()], { ports: [port] })).rejects.toThrow(
        `port ${port} is already in use (softtr)`,
      )
      const serving = await serveEmulators([emulator()], { ports: [port], whenTaken: 'free' })
      try {
        expect(serving.served[0]!.port).not.toBe(port)
        expect(serving.served[0]!.port).toBeGreaterThan(0)
      } finally {
        await serving.close()
      }
    } finally {
      await new Promise<void>((resolve) => taken.close(() => resolve()))
    }
  })
})
