/**
 * `kopru sync` as a user runs it, behind a proxy that answers HTTP 200 with something that is not
 * the vendor's answer, and against emulators failing 30% of their answers: what the user sees, the
 * exit code, nothing filed as refused, and a plain next run that ends where a clean one does. The
 * commands run in this process (`main`), as the child would run them, without its start-up.
 */
const sync = (file: string) => kopru(['sync', '-c', file], { env: worldEnv })
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { stringify } from 'yaml'
import { SqliteStateStore } from '../../src/sync/sqlite.ts'
import { HostileProxy, type Rule } from '../support/hostile.ts'
import { kopru } from '../support/cli.ts'
import { serveWorld } from '../support/sync-cli.ts'
import {
  createWorld,
  syncedState,
  worldConfigInput,
  worldEnv,
  type World,
} from '../support/sync-world.ts'

const dir = mkdtempSync(join(tmpdir(), 'kopru-hostile-cli-'))
const NOW = new Date(Math.floor(Date.now() / 60_000) * 60_000)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** kopru.yaml for these base URLs: quick client retries, one second chance within a run. */
function writeConfig(name: string, urls: Record<string, string>): { file: string; state: string } {
  const state = join(dir, `${name}.db`)
  const input = worldConfigInput(urls as Parameters<typeof worldConfigInput>[0], state) as Record<
    string,
    unknown
  > & { connections: Record<string, Record<string, unknown>> }
  for (const connection of Object.values(input.connections))
    connection.retry = { retries: 2, baseDelayMs: 1, maxDelayMs: 5 }
  const file = join(dir, `${name}.yaml`)
  writeFileSync(file, stringify({ ...input, retryPauses: [0] }))
  return { file, state }
}

async function openDeadLetters(state: string) {
  const store = new SqliteStateStore(state)
  try {
    return await store.deadLetters({ status: 'open' })
  } finally {
    await store.close()
  }
}

/** What an uninterrupted `kopru sync` leaves in the emulators. */
let clean: ReturnType<typeof syncedState>

beforeAll(async () => {
  const world = createWorld({ now: NOW })
  const served = await serveWorld(world, mkdtempSync(join(dir, 'clean-')))
  try {
    const run = await sync(served.configFile)
    expect(run.code, run.stderr).toBe(0)
  } finally {
    await served.close()
  }
  clean = syncedState(world)
}, 120_000)

const setrowOps = [
  'groups.email.list',
  'groups.email.create',
  'groups.sms.list',
  'groups.sms.create',
  'email.get',
  'sms.get',
  'email.add',
  'sms.add',
  'orders.add',
  'categories.list',
  'categories.add',
  'products.add',
]

describe.each([
  [
    'Narwoo’s order list answers HTML after a good login',
    [{ api: 'narwoo', operationId: 'orders.list', corruption: 'html' }],
    /narwoo orders\.list answered HTTP 200 text\/html that is not its documented answer/,
  ],
  [
    'Softtr’s stock update answers HTML',
    [{ api: 'softtr', operationId: 'products.updateStockAndPrice', corruption: 'html' }],
    /softtr products\.updateStockAndPrice answered HTTP 200 text\/html/,
  ],
  [
    'Narwoo’s product update answers HTML',
    [{ api: 'narwoo', operationId: 'products.update', corruption: 'html' }],
    /narwoo products\.update answered HTTP 200 text\/html/,
  ],
  [
    'every Setrow answer is cut off',
    setrowOps.map((operationId) => ({ api: 'setrow', operationId, corruption: 'truncated' })),
    /setrow [\w.]+ answered HTTP 200 application\/json that is not its documented answer/,
  ],
] as [string, Rule[], RegExp][])('%s', (_, rules, message) => {
  let world: World
  let hostile: HostileProxy
  let config: { file: string; state: string }
  let close: () => Promise<void>

  beforeAll(async () => {
    world = createWorld({ now: NOW })
    hostile = new HostileProxy(world.all)
    const served = await hostile.serve()
    close = served.close
    config = writeConfig(rules[0]!.operationId.replace(/\W/g, '-') + rules.length, served.urls)
  })
  afterAll(() => close())

  it('exits 1 naming vendor, operation and what came back, with nothing dead-lettered', async () => {
    hostile.rules = rules
    const run = await sync(config.file)
    expect(run.code, run.stdout + run.stderr).toBe(1)
    expect(hostile.swapped).toBeGreaterThan(0)
    expect(run.stdout).toMatch(/failed: /)
    expect(run.stdout).toMatch(message)
    expect(run.stderr).not.toMatch(/\n\s+at /)
    expect(await openDeadLetters(config.state)).toEqual([])
  })

  it('once the vendor heals, the next plain run ends where an uninterrupted one does', async () => {
    hostile.heal()
    const run = await sync(config.file)
    expect(run.code, run.stdout + run.stderr).toBe(0)
    expect(await openDeadLetters(config.state)).toEqual([])
    expect(syncedState(world)).toEqual(clean)
  })
})

describe('30% of answers failing transiently in all three emulators', () => {
  it('one plain kopru sync, with default retries, finishes every pipeline as a clean run does', async () => {
    const faults = {
      seed: 5,
      errors: { '429': 0.1, '500': 0.05, '502': 0.05, '503': 0.05 },
      drop: 0.05,
      retryAfterSeconds: 0,
    }
    const world = createWorld({ now: NOW, chaos: faults })
    const served = await serveWorld(world, mkdtempSync(join(dir, 'chaos-')))
    try {
      const run = await sync(served.configFile)
      expect(run.code, run.stdout + run.stderr).toBe(0)
      const faulted = world.all.reduce(
        (n, e) => n + e.log.list({ limit: Number.MAX_SAFE_INTEGER }).filter((r) => r.chaos).length,
        0,
      )
      expect(faulted).toBeGreaterThan(100)
      expect(await openDeadLetters(served.statePath)).toEqual([])
      expect(syncedState(world)).toEqual(clean)
    } finally {
      await served.close()
    }
  }, 180_000)
})
