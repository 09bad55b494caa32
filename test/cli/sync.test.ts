/**
 * `kopru init`, `sync`, `status` and `dead-letters` as a user runs them: child processes against
 * the Softtr, Narwoo and Setrow emulators served by this one.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { parseDuration } from '../../src/cli/commands/sync.ts'
import { configSchema } from '../../src/sync/config.ts'
import { SqliteStateStore } from '../../src/sync/sqlite.ts'
import { runKopru, serveWorld, type ServedWorld } from '../support/sync-cli.ts'
import { createWorld, writeCount, type World } from '../support/sync-world.ts'

const dir = mkdtempSync(join(tmpdir(), 'kopru-sync-cli-'))
let world: World
let served: ServedWorld
const kopru = (...args: string[]) => runKopru(world, args)
const writes = () => world.all.reduce((n, e) => n + writeCount(e), 0)

beforeAll(async () => {
  world = createWorld({ now: new Date() })
  served = await serveWorld(world, dir)
})
afterAll(async () => {
  await served.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('kopru init', () => {
  it('writes a commented starter kopru.yaml that parses, and never overwrites one', async () => {
    const file = join(dir, 'starter.yaml')
    const first = await kopru('init', '-c', file)
    expect(first.code, first.stderr).toBe(0)
    const text = readFileSync(file, 'utf8')
    expect(text).toMatch(/^# /m)
    const config = configSchema.parse(parse(text))
    expect(Object.keys(config.connections).sort()).toEqual(['narwoo', 'setrow', 'softtr'])
    const again = await kopru('init', '-c', file)
    expect(again.code).toBe(1)
    expect(again.stderr).toMatch(/exists; --force overwrites it/)
  })
})

describe('kopru sync, status and dead-letters', () => {
  it('names the environment variable a missing credential should be in', async () => {
    const run = await runKopru(world, ['sync', '-c', served.configFile], {
      env: { KOPRU_SETROW_API_KEY: undefined },
    })
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/\$KOPRU_SETROW_API_KEY .*is not set/)
    expect(run.stderr).not.toMatch(/\n\s+at /) // no stack trace
    expect(writes()).toBe(0)
  })

  it('refuses an unknown pipeline with usage help, exit 2', async () => {
    const run = await kopru('sync', 'orders', '-c', served.configFile)
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/unknown pipeline "orders"; known: inventory, customers-and-orders/)
  })

  it('--dry-run prints what would be written, writes nothing and remembers nothing', async () => {
    const run = await kopru('sync', '--dry-run', '-c', served.configFile)
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toMatch(/create/)
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

  it('syncs, lists a refused customer with its code, retries it once fixed, reports status', async () => {
    const shopper = world.softtr.state.orders[0]!.invoiceDetails.invoiceMail.trim().toLowerCase()
    world.setrow.state.lists.unsubscribeEmail.set(shopper, {
      address: shopper,
      date: '2026-11-01 10:00:00',
    })
    const run = await kopru('sync', '-c', served.configFile)
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toMatch(/customers-and-orders/)
    // not a terminal: progress as JSON lines
    const progress = run.stderr
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { stream?: string })
    expect(progress.some((p) => p.stream === 'softtr-orders')).toBe(true)
    expect(writes()).toBeGreaterThan(0)

    const listed = await kopru('dead-letters', 'list', '--json', '-c', served.configFile)
    expect(listed.code, listed.stderr).toBe(0)
    const letters = JSON.parse(listed.stdout) as { id: number; key: string; code: string }[]
    expect(letters.map((d) => [d.key, d.code])).toEqual([[shopper, 'E126']])
    const text = await kopru('dead-letters', 'list', '-c', served.configFile)
    expect(text.stdout).toMatch(
      new RegExp(`#${letters[0]!.id} customers-and-orders/customers ${shopper} E126`),
    )

    const status = await kopru('status', '-c', served.configFile)
    expect(status.code, status.stderr).toBe(0)
    expect(status.stdout).toMatch(/succeeded/)
    expect(status.stdout).toMatch(/open dead letters: 1\n/)

    world.setrow.state.lists.unsubscribeEmail.delete(shopper)
    const retried = await kopru('dead-letters', 'retry', '-c', served.configFile)
    expect(retried.code, retried.stderr).toBe(0)
    expect(retried.stdout).toMatch(/customers-and-orders: 1 retried, 1 delivered, 0 still refused/)
    expect(world.setrow.state.contacts.email.get(shopper)).toMatchObject({ allowStatus: 'N' })
    const none = await kopru('dead-letters', 'list', '-c', served.configFile)
    expect(none.stdout).toBe('no dead letters\n')

    const dismissed = await kopru(
      'dead-letters',
      'dismiss',
      String(letters[0]!.id),
      '-c',
      served.configFile,
    )
    expect(dismissed.code).toBe(1)
    expect(dismissed.stderr).toMatch(new RegExp(`not open, left as they are: #${letters[0]!.id}`))
  })

  it('a second sync with nothing changed writes nothing', async () => {
    world.all.forEach((e) => e.log.clear())
    const run = await kopru('sync', '-c', served.configFile)
    expect(run.code, run.stderr).toBe(0)
    expect(writes()).toBe(0)
  })

  it('says so when kopru.yaml is missing', async () => {
    const missing = join(dir, 'nowhere.yaml')
    const run = await kopru('sync', '-c', missing)
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/nowhere\.yaml/)
    expect(run.stderr).toMatch(/kopru init/)
    expect(existsSync(missing)).toBe(false)
  })
})

describe('kopru sync against a destination that refuses the credentials', () => {
  it('fails each pipeline that writes there with the vendor’s answer, files no dead letters, exit 1', async () => {
    const config = join(dir, 'fresh.yaml')
    const statePath = join(dir, 'fresh.db')
    writeFileSync(
      config,
      readFileSync(served.configFile, 'utf8').replace(/^state: .*$/m, `state: ${statePath}`),
    )
    world.all.forEach((e) => e.log.clear())
    const run = await runKopru(world, ['sync', '-c', config, 'catalog', 'customers-and-orders'], {
      env: { KOPRU_SETROW_API_KEY: 'not-the-key' },
    })
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(1)
    // catalog still ran after customers-and-orders (first in kopru.yaml) failed
    expect(run.stdout).toMatch(/^catalog \(.*failed: setrow .*E401: User auth failed\./m)
    expect(run.stdout).toMatch(/^customers-and-orders \(.*failed: setrow .*E401/m)
    expect(run.stderr).not.toMatch(/\n\s+at /)
    // each pipeline stopped at its first refused call: one orders/add, nothing taken
    const setrowCalls = world.setrow.log.list({ limit: Number.MAX_SAFE_INTEGER })
    expect(setrowCalls.map((c) => c.status)).toEqual(setrowCalls.map(() => 401))
    expect(writeCount(world.all[2]!)).toBe(1)
    const store = new SqliteStateStore(statePath)
    try {
      expect(await store.deadLetters({ status: 'open' })).toEqual([])
      expect((await store.runs()).map((r) => [r.pipeline, r.status])).toEqual([
        ['catalog', 'failed'],
        ['customers-and-orders', 'failed'],
      ])
    } finally {
      await store.close()
    }
  })
})

describe('kopru sync --max-duration', () => {
  it('stops after the batch in flight when the time is up, exit 1; the next run finishes', async () => {
    const slow = createWorld({ now: new Date(), chaos: { latencyMs: [20, 30] } })
    const served = await serveWorld(slow, mkdtempSync(join(dir, 'slow-')))
    try {
      const bounded = await runKopru(slow, [
        'sync',
        '-c',
        served.configFile,
        '--max-duration',
        '1s',
      ])
      expect(bounded.code, bounded.stdout + bounded.stderr).toBe(1)
      expect(bounded.stderr).toMatch(/--max-duration reached: stopping after the batch in flight/)
      expect(bounded.stdout).toMatch(/interrupted/)
      const rest = await runKopru(slow, ['sync', '-c', served.configFile])
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
  })

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
