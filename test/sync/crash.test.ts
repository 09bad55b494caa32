/**
 * `kopru sync` as a separate process against emulators served by this one: killed with SIGKILL at
 * several points of a run and started again, it ends in exactly the state of a run never killed.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { createRng } from '../../src/emulator/random.ts'
import { openState } from '../../src/sync/open-state.ts'
import { freshSchema } from '../support/postgres.ts'
import { runSync, serveWorld, type ServedWorld } from '../support/sync-cli.ts'
import {
  createWorld,
  syncedState,
  uninterrupted,
  withoutEdgeOrders,
} from '../support/sync-world.ts'

const dirs: string[] = []
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'kopru-crash-'))
  dirs.push(dir)
  return dir
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})
let served: ServedWorld | undefined
let dropSchema: (() => Promise<void>) | undefined
afterEach(async () => {
  await served?.close()
  served = undefined
  await dropSchema?.()
  dropSchema = undefined
})

describe.each(['SQLite', 'PostgreSQL'])(
  'kopru sync killed with SIGKILL, its state in %s',
  (backend) => {
    it('converges to the state of an uninterrupted run: no duplicate order, no double decrement', async () => {
      const now = new Date()
      const reference = await uninterrupted(withoutEdgeOrders(createWorld({ now }), now))
      const world = withoutEdgeOrders(createWorld({ now }), now)
      served = await serveWorld(world, tempDir())
      let statePath = served.statePath
      if (backend === 'PostgreSQL') {
        const schema = await freshSchema('crash')
        dropSchema = schema.drop
        statePath = schema.url
        const text = readFileSync(served.configFile, 'utf8')
        writeFileSync(served.configFile, text.replace(/^state: .*$/m, `state: ${statePath}`))
      }

      // kill points, one per attempt, each at a write whose answer the child never reads: the
      // decrement of Softtr's stock, Narwoo's stock, the consent pipeline's opt-outs to Setrow,
      // Mail Komplet and Loyaltii, Setrow's orders and contacts, Setrow's catalogue, Loyaltii's
      // orders and points, Mail Komplet's contacts; which occurrence of each is drawn from a
      // seeded random
      const rng = createRng(20_260_315)
      const nth = (max: number) => 1 + Math.floor(rng() * max)
      const plan = [
        { api: 'softtr', op: 'products.updateStockAndPrice', nth: nth(2) },
        { api: 'narwoo', op: 'products.update', nth: nth(10) },
        // consent runs second: its writes must be killed before an attempt runs past it. The
        // seed's opt-outs give a first run 5 unsubscribes, 8 excludes and 8 patches
        { api: 'setrow', op: 'unsubscribe.email.add', nth: nth(4) },
        { api: 'mailkomplet', op: 'excludeLists.create', nth: nth(4) },
        { api: 'loyaltii', op: 'contacts.patchMany', nth: nth(4) },
        { api: 'setrow', op: 'orders.add', nth: nth(2) },
        { api: 'setrow', op: 'email.add', nth: 1 },
        { api: 'setrow', op: 'products.add', nth: nth(20) },
        { api: 'loyaltii', op: 'orders.create', nth: nth(30) },
        { api: 'loyaltii', op: 'points.create', nth: nth(30) },
        { api: 'mailkomplet', op: 'contacts.create', nth: nth(30) },
      ]
      const killedAt: string[] = []
      for (const at of plan) {
        let seen = 0
        const run = await runSync(world, ['-c', served.configFile], (request, api) => {
          if (api !== at.api || request.operationId !== at.op || ++seen !== at.nth) return false
          killedAt.push(`${api} ${at.op} #${seen}`)
          return true
        })
        expect(run.signal, `not killed at ${at.op}\n${run.stderr}\n${run.stdout}`).toBe('SIGKILL')
      }
      const last = await runSync(world, ['-c', served.configFile])
      expect(last.code, `${last.stderr}\n${last.stdout}`).toBe(0)
      expect(killedAt).toHaveLength(plan.length)

      const state = syncedState(world)
      expect(state.setrow.orders).toEqual(reference.setrow.orders)
      expect(state.setrow.email).toEqual(reference.setrow.email)
      expect(state.setrow.sms).toEqual(reference.setrow.sms)
      expect(state.softtr).toEqual(reference.softtr)
      expect(state.narwoo).toEqual(reference.narwoo)
      // no Loyaltii order and no point granted twice
      expect(state.loyaltii.orders).toEqual(reference.loyaltii.orders)
      expect(state.loyaltii.points).toEqual(reference.loyaltii.points)
      expect(state).toEqual(reference)

      const store = await openState(statePath)
      try {
        expect(await store.deadLetters({ status: 'open' })).toEqual([])
        const runs = await store.runs({ limit: 100 })
        expect(runs.filter((r) => r.status === 'interrupted').length).toBeGreaterThanOrEqual(1)
      } finally {
        await store.close()
      }
    }, 120_000)
  },
)
