/**
 * Mail Komplet's webhooks through `kopru serve`: an unsubscribe reaches Setrow and Loyaltii at once
 * and once, whether delivered twice, out of order with the list read that also reports it, or to a
 * server killed between recording it and applying it.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { configSchema } from '../../src/sync/config.ts'
import { kopruServer, type KopruServer } from '../../src/sync/serve.ts'
import { SqliteStateStore } from '../../src/sync/sqlite.ts'
import type { Emulator } from '../../src/emulator/host.ts'
import { serveWorld, startKopru, type ServedWorld } from '../support/sync-cli.ts'
import { fiveSync, type FiveSync } from '../support/sync-run.ts'
import { createWorld, worldConfigInput, worldUrls, type World } from '../support/sync-world.ts'

const NOW = new Date(Math.floor(Date.now() / 60_000) * 60_000)
const cleanups: (() => Promise<void> | void)[] = []
afterAll(async () => {
  for (const undo of cleanups.reverse()) await undo()
})

/** A person who is a Loyaltii contact with an address no tool has opted out yet. */
function freshPerson(world: World, nth = 0): string {
  const denied = new Set([
    ...world.setrow.state.lists.unsubscribeEmail.keys(),
    ...world.mailkomplet.state.data.excludeList.map((e) => e.email.toLowerCase()),
  ])
  const people = [...world.loyaltii.state.contacts.values()]
    .filter((c) => c.Email && !c.LimitMailsPermanently && !denied.has(c.Email.toLowerCase()))
    .map((c) => c.Email!.toLowerCase())
  return people[nth]!
}

let excludeIds = 90_000
/** Mail Komplet's unsubscribe webhook (type 6) for `email`. */
function unsubscribe(email: string, excludeListId = ++excludeIds) {
  return {
    webhookTypeId: 6,
    transactionalEmailId: excludeListId,
    created: '2026-12-01T10:00:00',
    recipient: email,
    fromAddress: 'shop@kopru.dev',
    subject: 'Kampanya',
    guid: `g-${excludeListId}`,
    sent: '2026-12-01T10:00:01',
    excludeListId,
    delivered: '2026-12-01T10:00:02',
  }
}

const post = (server: Pick<KopruServer, 'fetch'>, url: string, body: unknown) =>
  server.fetch(
    new Request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
  )

/** How many requests of `operation` the emulator logged with `text` in their body. */
function calls(emulator: Pick<Emulator, 'log'>, operation: string, text: string): number {
  return emulator.log
    .list({ operationId: operation, limit: 2000 })
    .filter((r) => r.status < 400 && (r.body ?? '').includes(text)).length
}

describe('kopru serve, in process', () => {
  let s: FiveSync
  let server: KopruServer
  const url = 'http://kopru.test/webhooks/mailkomplet'

  const start = async () => {
    s = await fiveSync({ now: NOW }, { retry: { baseDelayMs: 1, maxDelayMs: 5 } })
    cleanups.push(() => s.close())
    // the ledger holds what the tools said before: the webhooks add to it
    expect((await s.run(['consent']))[0]!.status).toBe('succeeded')
    const config = configSchema.parse(worldConfigInput(worldUrls(s.world)))
    server = kopruServer({ config, clients: s.clients, store: s.store })
    cleanups.push(() => server.close())
  }

  it('applies an unsubscribe to Setrow and Loyaltii once, however often it is delivered', async () => {
    await start()
    const email = freshPerson(s.world)
    const payload = unsubscribe(email)
    // the first run wrote the person's permission source back to Loyaltii: count from here
    const patched = calls(s.world.loyaltii, 'contacts.patchMany', email)
    const answers = await Promise.all([1, 2, 3].map(() => post(server, url, payload)))
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200])
    await server.applier!.settled()
    // delivered once more after it was applied
    expect((await post(server, url, payload)).status).toBe(200)
    await server.applier!.settled()

    expect(s.world.setrow.state.lists.unsubscribeEmail.has(email)).toBe(true)
    const contact = [...s.world.loyaltii.state.contacts.values()].find(
      (c) => c.Email?.toLowerCase() === email,
    )!
    expect(contact.LimitMailsPermanently).toBe(true)
    expect(calls(s.world.setrow, 'unsubscribe.email.add', email)).toBe(1)
    expect(calls(s.world.loyaltii, 'contacts.patchMany', email)).toBe(patched + 1)
    // Mail Komplet said it for one e-mail: kopru makes it its global exclude, once
    expect(calls(s.world.mailkomplet, 'excludeLists.create', email)).toBe(1)
    const ledger = await s.store.consentOf([email])
    expect(ledger.map((e) => [e.tool, e.reason, e.status, e.ref])).toEqual([
      ['loyaltii', 'permission', 'allowed', expect.stringMatching(/^loyaltii:permission:/)],
      ['mailkomplet', 'unsubscribe', 'denied', `mailkomplet:exclude:${payload.excludeListId}`],
    ])
  })

  it('takes a webhook that arrives after the list read reported the same unsubscribe as known', async () => {
    const email = freshPerson(s.world, 1)
    const patched = calls(s.world.loyaltii, 'contacts.patchMany', email)
    // the person unsubscribes in Mail Komplet; a sync reads the exclude list before the webhook comes
    await s.clients.mailkomplet!.excludeLists.create({ email })
    expect((await s.run(['consent']))[0]!.status).toBe('succeeded')
    const entry = s.world.mailkomplet.state.data.excludeList.find(
      (e) => e.email.toLowerCase() === email,
    )!
    expect(calls(s.world.setrow, 'unsubscribe.email.add', email)).toBe(1)
    const late = await post(server, url, unsubscribe(email, entry.excludeListId))
    expect(late.status).toBe(200)
    await server.applier!.settled()
    expect(calls(s.world.setrow, 'unsubscribe.email.add', email)).toBe(1)
    expect(calls(s.world.loyaltii, 'contacts.patchMany', email)).toBe(patched + 1)
    // the permission it gave at registration, then the unsubscribe, once
    const ledger = await s.store.consentOf([email])
    expect(ledger.map((e) => [e.tool, e.status])).toEqual([
      ['loyaltii', 'allowed'],
      ['mailkomplet', 'denied'],
    ])
  })

  it('refuses what is not a Mail Komplet payload with 400, keeps it, and records nothing', async () => {
    const before = (await s.store.consentAfter(0, 1_000_000)).length
    const refused = await post(server, url, { webhookTypeId: 6, recipient: 'x@y.tr' })
    expect(refused.status).toBe(400)
    const html = await server.fetch(new Request(url, { method: 'POST', body: '<html>' }))
    expect(html.status).toBe(400)
    expect(server.receiver!.rejected.map((r) => r.reason)).toContain('not JSON')
    expect((await s.store.consentAfter(0, 1_000_000)).length).toBe(before)
  })

  it('answers 503, so Mail Komplet delivers again, when the ledger cannot take the event', async () => {
    const store = new SqliteStateStore(':memory:')
    const config = configSchema.parse(worldConfigInput(worldUrls(s.world)))
    const broken = kopruServer({ config, clients: s.clients, store })
    await store.close()
    const answer = await post(broken, url, unsubscribe(freshPerson(s.world, 2)))
    expect(answer.status).toBe(503)
    expect(broken.receiver!.counts.accepted).toBe(0)
    await broken.close()
  })
})

describe("kopru serve's record of the run that applied a webhook", () => {
  it('names the run that started after the event was recorded, not one already going', async () => {
    const s = await fiveSync({ now: NOW }, { retry: { baseDelayMs: 1, maxDelayMs: 5 } })
    cleanups.push(() => s.close())
    await s.run(['consent'])
    const config = configSchema.parse(worldConfigInput(worldUrls(s.world)))
    const runs: (number | undefined)[] = []
    const server = kopruServer({
      config,
      clients: s.clients,
      store: s.store,
      onRun: (r) => runs.push(r.runId),
    })
    cleanups.push(() => server.close())
    await server.applier!.settled()
    runs.length = 0
    // Setrow slow to answer: the first event's run is still going when the second comes
    s.world.setrow.chaos.configure({ latencyMs: [500, 500] })
    const [first, second] = [freshPerson(s.world, 0), freshPerson(s.world, 1)]
    const url = 'http://kopru.test/webhooks/mailkomplet'
    expect((await post(server, url, unsubscribe(first))).status).toBe(200)
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect((await post(server, url, unsubscribe(second))).status).toBe(200)
    await server.applier!.settled()
    expect(runs).toHaveLength(2)
    const appliedBy = new Map(server.effects.map((e) => [e.event.person, e.appliedByRun]))
    expect([appliedBy.get(first), appliedBy.get(second)]).toEqual(runs)
    expect(server.effects.map((e) => e.appliedStatus)).toEqual(['succeeded', 'succeeded'])
  })
})

describe('kopru serve as a process', () => {
  let served: ServedWorld
  it('killed between recording an unsubscribe and applying it, applies it once on its next start', async () => {
    const world = createWorld({ now: new Date() })
    const dir = mkdtempSync(join(tmpdir(), 'kopru-serve-'))
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
    served = await serveWorld(world, dir)
    cleanups.push(() => served.close())
    const email = freshPerson(world)
    const payload = unsubscribe(email)
    const args = ['serve', '-c', served.configFile, '--port', '0', '--json']

    // the first server dies as Setrow gets the opt-out, before its answer is read
    const first = startKopru(world, args, {
      watch: (r, api) =>
        api === 'setrow' &&
        r.operationId === 'unsubscribe.email.add' &&
        (r.body ?? '').includes(email),
    })
    const { webhooks } = JSON.parse(await first.firstLine) as { webhooks: { mailkomplet: string } }
    const answer = await fetch(webhooks.mailkomplet, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload),
    })
    expect(answer.status).toBe(200)
    expect((await first.done).signal).toBe('SIGKILL')
    expect(world.setrow.state.lists.unsubscribeEmail.has(email)).toBe(true)
    expect(world.loyaltii.state.contacts.size).toBeGreaterThan(0)

    // the next start finishes the work; the same webhook delivered again changes nothing
    const second = startKopru(world, args)
    try {
      const line = JSON.parse(await second.firstLine) as { webhooks: { mailkomplet: string } }
      const again = await fetch(line.webhooks.mailkomplet, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(payload),
      })
      expect(again.status).toBe(200)
      const limited = () =>
        [...world.loyaltii.state.contacts.values()].find((c) => c.Email?.toLowerCase() === email)
          ?.LimitMailsPermanently
      for (let i = 0; i < 200 && !limited(); i++) await new Promise((r) => setTimeout(r, 50))
      expect(limited()).toBe(true)
      // the killed attempt's write and no other: the run after the kill finds it done (E115)
      expect(calls(world.setrow, 'unsubscribe.email.add', email)).toBeLessThanOrEqual(2)
      expect(
        [...world.setrow.state.lists.unsubscribeEmail.keys()].filter((a) => a === email),
      ).toHaveLength(1)
      expect(calls(world.loyaltii, 'contacts.patchMany', email)).toBe(1)
    } finally {
      second.kill('SIGTERM')
      await second.done
    }
  }, 60_000)
})
