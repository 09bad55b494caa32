/**
 * The sync state on disk as the CLI meets it: a file that cannot be the state is one line naming it
 * and what to do (exit 1, no stack trace) from every command that opens it; a first run leaves the
 * state private; a run killed with SIGKILL shows in `kopru status` as interrupted, counted from what
 * it committed, before any next run. Commands run in process where they can, `kopru sync` as a
 * child where it has to be killed.
 */
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { stringify } from 'yaml'
import { liveStatus } from '../../src/sync/engine.ts'
import { main } from '../../src/cli/main.ts'
import type { RunRecord } from '../../src/model/state.ts'
import { runSync, serveWorld, type ServedWorld } from '../support/sync-cli.ts'
import { createWorld, worldConfigInput, worldEnv } from '../support/sync-world.ts'

const root = mkdtempSync(join(tmpdir(), 'kopru-state-cli-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))
let n = 0

/** `kopru <args>` in this process: its exit code and what it printed. */
async function kopru(...args: string[]) {
  let stdout = ''
  let stderr = ''
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk)
    return true
  })
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk)
    return true
  })
  try {
    return { code: await main(args), stdout, stderr }
  } finally {
    out.mockRestore()
    err.mockRestore()
    process.exitCode = undefined
  }
}

/** A kopru.yaml (emulators never reached) whose state is `state` in a folder of its own. */
function project(make: (statePath: string) => void) {
  const dir = join(root, `p${++n}`)
  mkdirSync(dir)
  const config = join(dir, 'kopru.yaml')
  const statePath = join(dir, 'state.db')
  const url = 'http://127.0.0.1:9'
  writeFileSync(
    config,
    stringify(
      worldConfigInput({ softtr: `${url}/api`, narwoo: `${url}/api`, setrow: url }, 'state.db'),
    ),
  )
  make(statePath)
  return { config, statePath }
}

const randomFile = (file: string) => writeFileSync(file, randomBytes(16_384))
const foreignDatabase = (file: string) => {
  const db = new Database(file)
  db.exec(`create table orders (id integer primary key, email text);
    insert into orders (email) values ('ayse@example.com')`)
  db.close()
}
const directory = (file: string) => mkdirSync(file)

const cases = [
  { name: 'a file of random bytes', make: randomFile, says: /is not an SQLite database/ },
  {
    name: 'another program’s SQLite database',
    make: foreignDatabase,
    says: /is not a kopru state database: .*other tables \(orders\)/,
  },
  { name: 'a directory', make: directory, says: /is a directory/ },
]

const commands = [
  ['sync'],
  ['status'],
  ['status', '--json'],
  ['dead-letters', 'list'],
  ['dead-letters', 'retry'],
  ['dead-letters', 'dismiss', '1'],
]

describe('a state file that cannot be kopru’s', () => {
  beforeEach(() => {
    for (const [name, value] of Object.entries(worldEnv)) vi.stubEnv(name, value)
  })
  afterEach(() => {
    vi.unstubAllEnvs()
  })

  for (const c of cases)
    it(`${c.name}: one line naming it and what to do, exit 1, from every command`, async () => {
      const { config, statePath } = project(c.make)
      const before = statSync(statePath).isFile() ? readFileSync(statePath) : undefined
      for (const command of commands) {
        const run = await kopru(...command, '-c', config)
        const what = `kopru ${command.join(' ')}: ${run.stderr}`
        expect(run.code, what).toBe(1)
        expect(run.stdout, what).toBe('')
        expect(run.stderr, what).toMatch(/^kopru: [^\n]+\n$/)
        expect(run.stderr, what).toContain(statePath)
        expect(run.stderr, what).toMatch(c.says)
        expect(run.stderr, what).toMatch(/move it away|point "state:"/)
        expect(run.stderr, what).not.toMatch(/\n\s+at /)
      }
      // nothing written into it
      if (before) expect(readFileSync(statePath)).toEqual(before)
      else expect(statSync(statePath).isDirectory()).toBe(true)
    })

  it(
    'as a user runs it: the one line on stderr, no stack trace, exit 1',
    { timeout: 150_000 },
    () => {
      const { config, statePath } = project(randomFile)
      const run = spawnSync(process.execPath, ['bin/kopru.js', 'status', '-c', config], {
        cwd: join(import.meta.dirname, '..', '..'),
        encoding: 'utf8',
        timeout: 120_000,
      })
      expect(run.status, run.stderr).toBe(1)
      expect(run.stderr).toMatch(/^kopru: [^\n]+\n$/)
      expect(run.stderr).toContain(`${statePath} is not an SQLite database`)
    },
  )
})

describe('a run’s status as kopru status shows it', () => {
  const run = (owner: string | undefined, heldForMs: number | undefined): RunRecord => ({
    id: 1,
    pipeline: 'catalog',
    dryRun: false,
    status: 'running',
    startedAt: new Date().toISOString(),
    counts: {},
    owner,
    heldUntil: heldForMs === undefined ? undefined : new Date(Date.now() + heldForMs).toISOString(),
  })
  const here = hostname()
  const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  }).stdout

  it('running while its process lives and holds its lock', () => {
    expect(liveStatus(run(`${here}:${process.pid}:a`, 60_000))).toBe('running')
    expect(liveStatus(run(`elsewhere:${process.pid}:a`, 60_000))).toBe('running')
  })

  it('interrupted once its process is gone from this host, its lock not yet lapsed', () => {
    expect(liveStatus(run(`${here}:${gone}:a`, 60_000))).toBe('interrupted')
  })

  it('interrupted once its lock lapsed or was released, wherever it ran', () => {
    expect(liveStatus(run(`elsewhere:${process.pid}:a`, -1))).toBe('interrupted')
    expect(liveStatus(run(`elsewhere:${process.pid}:a`, undefined))).toBe('interrupted')
    expect(liveStatus(run(`${here}:${process.pid}:a`, undefined))).toBe('interrupted')
  })

  it('a finished run as it was; one from before runs recorded their process as stored', () => {
    expect(liveStatus({ ...run(`${here}:${gone}:a`, undefined), status: 'succeeded' })).toBe(
      'succeeded',
    )
    expect(liveStatus(run(undefined, undefined))).toBe('running')
  })
})

describe('kopru sync killed with SIGKILL, then kopru status', () => {
  let served: ServedWorld | undefined
  afterEach(async () => served?.close())

  it('leaves .kopru/ 0700 and state.db 0600; status shows the run interrupted with what it committed', async () => {
    const world = createWorld({ now: new Date() })
    const dir = join(root, 'killed')
    mkdirSync(dir)
    served = await serveWorld(world, dir)
    const config = served.configFile
    writeFileSync(
      config,
      readFileSync(config, 'utf8').replace(/^state: .*$/m, 'state: .kopru/state.db'),
    )
    const statePath = join(dir, '.kopru', 'state.db')

    // inventory and customers-and-orders finish; catalog dies at its first product write, its
    // categories committed
    const killed = await runSync(
      world,
      ['-c', config],
      (request, api) => api === 'setrow' && request.operationId === 'products.add',
    )
    expect(killed.signal, `${killed.stderr}\n${killed.stdout}`).toBe('SIGKILL')

    if (process.platform !== 'win32') {
      expect(statSync(join(dir, '.kopru')).mode & 0o777).toBe(0o700)
      for (const file of [statePath, `${statePath}-wal`, `${statePath}-shm`])
        expect(statSync(file).mode & 0o777, file).toBe(0o600)
    }

    // what the killed run committed, read from the state itself
    const db = new Database(statePath, { readonly: true })
    const committed: Record<string, { created: number; updated: number; failed: number }> = {}
    try {
      const rows = db
        .prepare(
          `select stream, action, count(*) as n from audit where pipeline = 'catalog'
             group by stream, action`,
        )
        .all() as { stream: string; action: string; n: number }[]
      for (const { stream, action, n: count } of rows) {
        const counts = (committed[stream] ??= { created: 0, updated: 0, failed: 0 })
        if (action === 'create') counts.created += count
        else if (action === 'update' || action === 'delete') counts.updated += count
        else if (action === 'fail') counts.failed += count
      }
    } finally {
      db.close()
    }
    expect(committed.categories?.created).toBeGreaterThan(0)

    const json = await kopru('status', '--json', '-c', config)
    expect(json.code, json.stderr).toBe(0)
    const { runs } = JSON.parse(json.stdout) as { runs: RunRecord[] }
    expect(runs.map((r) => [r.pipeline, r.status])).toEqual([
      ['catalog', 'interrupted'],
      ['customers-and-orders', 'succeeded'],
      ['consent', 'succeeded'],
      ['inventory', 'succeeded'],
    ])
    const catalog = runs[0]!
    expect(catalog.countsFrom).toBe('commits')
    const shown = Object.fromEntries(
      Object.entries(catalog.counts).map(([stream, c]) => [
        stream,
        { created: c.created, updated: c.updated, failed: c.failed },
      ]),
    )
    expect(shown).toEqual(committed)
    for (const c of Object.values(catalog.counts))
      expect(c.read).toBe(c.created + c.updated + c.failed)

    const text = await kopru('status', '-c', config)
    expect(text.code, text.stderr).toBe(0)
    const line = text.stdout.split('\n').find((l) => l.includes(`#${catalog.id} catalog`))!
    expect(line).toMatch(/ interrupted /)
    const total = Object.values(committed).reduce(
      (t, c) => ({
        created: t.created + c.created,
        updated: t.updated + c.updated,
        failed: t.failed + c.failed,
      }),
      { created: 0, updated: 0, failed: 0 },
    )
    expect(line).toContain(
      `created ${total.created}, updated ${total.updated}, refused ${total.failed} committed before its process ended`,
    )
    expect(text.stdout).not.toMatch(/ running /)
  }, 180_000)
})
