import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Hono } from 'hono'
import { afterEach, describe, expect, it } from 'vitest'
import type { Outcome } from '../../../src/apis/mailkomplet/emulator/state.ts'
import { createWebhookReceiver, type WebhookEvent } from '../../../src/apis/mailkomplet/receiver.ts'
import { webhookEvents } from '../../../src/apis/mailkomplet/webhooks.ts'
import { setup, type Setup } from './support.ts'
import { heapKeptBy } from '../../support/heap.ts'

const servers: Server[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))))
})

function listen(handler: Parameters<typeof createServer>[1], port = 0): Promise<number> {
  const server = createServer(handler)
  servers.push(server)
  return new Promise((resolve) =>
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  )
}

function receiver() {
  const events: WebhookEvent[] = []
  const r = createWebhookReceiver({ onEvent: (e) => void events.push(e) })
  return { r, events }
}

const target = (s: Setup, url: string, retry: object = { baseDelayMs: 20, timeoutMs: 500 }) =>
  s.e.webhooks.configure({ targets: [{ url }], retry })

const sendTo = (s: Setup, address: string, outcome: Outcome) => {
  s.set({ forcedOutcomes: { [address]: outcome } })
  return s.mk.transactionalEmails.send({
    email: {
      fromAddress: 'obchod@kopru-eshop.cz',
      fromDisplayName: 'Kopru e-shop',
      to: [{ address }],
      subject: 'Test of transactional e-mails',
      bodyHtml: '<a href="https://www.mail-komplet.cz">odkaz</a>',
    },
  })
}

describe('the eight webhooks, delivered to a receiver on a socket', () => {
  it.each<[Outcome, number[]]>([
    ['delivered', [1]],
    ['click', [1, 3, 2]],
    ['open', [1, 3]],
    ['softBounce', [4]],
    ['hardBounce', [5]],
    ['unsubscribe', [1, 3, 6]],
    ['spam', [1, 7]],
  ])('a %s sends webhook types %j with the seed’s payloads', async (outcome, types) => {
    const s = setup()
    const { r, events } = receiver()
    target(s, `http://127.0.0.1:${await listen(r.node)}/mk`)
    const [sent] = await sendTo(s, 'prijemce@example.cz', outcome)
    await s.e.webhooks.settled()
    expect(events.map((e) => e.payload.webhookTypeId)).toEqual(types)
    for (const { payload } of events) {
      expect(payload).toMatchObject({ recipient: 'prijemce@example.cz', guid: sent!.guid })
      expect(payload).toHaveProperty('subject', 'Test of transactional e-mails')
    }
    expect(r.rejected).toEqual([])
  })

  it('sends the mass-mail unsubscribe (type 8) when a distribution’s recipient unsubscribes', async () => {
    const s = setup()
    const { r, events } = receiver()
    target(s, `http://127.0.0.1:${await listen(r.node)}/mk`)
    const campaign = s.state.data.campaigns.find((c) => c.mailingListIds.length)!
    const contact = s.state.data.contacts.find((c) =>
      c.lists.some((l) => campaign.mailingListIds.includes(l.mailingListId)),
    )!
    s.set({ forcedOutcomes: { [contact.email.toLowerCase()]: 'unsubscribe' } })
    const run = await s.e.app.request('/__kopru/distributions', {
      method: 'POST',
      headers: { host: 'localhost', 'content-type': 'application/json' },
      body: JSON.stringify({ campaignId: campaign.campaignId }),
    })
    expect(run.status).toBe(200)
    await s.e.webhooks.settled()
    const mass = events.filter((e) => e.payload.webhookTypeId === 8)
    expect(mass.map((e) => e.payload.recipient)).toContain(contact.email)
    const entry = s.state.data.excludeList.find(
      (x) => x.excludeListId === (mass[0]!.payload as { excludeListId: number }).excludeListId,
    )
    expect(entry?.email).toBe(contact.email)
  })

  it('only sends a target the events it asked for', async () => {
    const s = setup()
    const { r, events } = receiver()
    const port = await listen(r.node)
    s.e.webhooks.configure({
      targets: [{ url: `http://127.0.0.1:${port}/`, events: ['transactional.open'] }],
    })
    await sendTo(s, 'jen-otevreni@example.cz', 'click')
    await s.e.webhooks.settled()
    expect(events.map((e) => e.event)).toEqual(['transactional.open'])
  })
})

describe('webhook targets through the admin API', () => {
  it('refuses an event name Mail Komplet never sends with 400 listing the eight', async () => {
    const s = setup()
    const answer = await s.e.app.request('/__kopru/webhooks', {
      method: 'PUT',
      headers: { host: 'localhost', 'content-type': 'application/json' },
      body: JSON.stringify({ targets: [{ url: 'http://x', events: ['bogus'] }] }),
    })
    expect(answer.status).toBe(400)
    const { error } = (await answer.json()) as { error: string }
    expect(error).toBe(
      `targets.events: unknown bogus; known: ${Object.values(webhookEvents).join(', ')}`,
    )
    expect(s.e.webhooks.settings.targets).toEqual([])
  })
})

describe('delivery guarantees', () => {
  it('retries with backoff after a receiver outage and records every attempt', async () => {
    const s = setup()
    const { r, events } = receiver()
    const port = await listen(r.node)
    await new Promise((resolve) => servers.pop()!.close(resolve))
    target(s, `http://127.0.0.1:${port}/`, { baseDelayMs: 60, timeoutMs: 500, attempts: 8 })
    await sendTo(s, 'vypadek@example.cz', 'delivered')
    await new Promise((resolve) => setTimeout(resolve, 100))
    await listen(r.node, port)
    await s.e.webhooks.settled()
    const [delivery] = s.e.webhooks.list()
    expect(delivery!.state).toBe('delivered')
    expect(delivery!.attempts.length).toBeGreaterThan(1)
    expect(delivery!.attempts[0]!.error).toMatch(/ECONNREFUSED/)
    expect(delivery!.attempts.at(-1)!.status).toBe(200)
    expect(events).toHaveLength(1)
  })

  it('gives up after the last attempt and says so', async () => {
    const s = setup()
    target(s, `http://127.0.0.1:${await listen((_, res) => void res.writeHead(503).end())}/`, {
      baseDelayMs: 5,
      attempts: 3,
    })
    await sendTo(s, 'nikdy@example.cz', 'delivered')
    await s.e.webhooks.settled()
    const [delivery] = s.e.webhooks.list()
    expect(delivery).toMatchObject({ state: 'failed' })
    expect(delivery!.attempts.map((a) => a.status)).toEqual([503, 503, 503])
  })

  it('recognises a repeat: a slow answer retried hands the event on once', async () => {
    const s = setup()
    const { r, events } = receiver()
    let calls = 0
    const port = await listen((req, res) => {
      if (++calls > 1) return r.node(req, res)
      // the first is taken, but its answer comes after the emulator stopped waiting: sent again
      let body = ''
      req.on('data', (chunk: Buffer) => (body += chunk.toString()))
      req.on('end', () => {
        void r.fetch(new Request('http://x/', { method: 'POST', body }))
        setTimeout(() => res.writeHead(200).end(), 300)
      })
    })
    target(s, `http://127.0.0.1:${port}/`, { baseDelayMs: 10, timeoutMs: 100 })
    await sendTo(s, 'dvakrat@example.cz', 'delivered')
    await s.e.webhooks.settled()
    await new Promise((resolve) => setTimeout(resolve, 350))
    expect(calls).toBe(2)
    expect(events).toHaveLength(1)
    expect(r.counts).toMatchObject({ accepted: 1, duplicates: 1 })
  })

  it('never holds up the vendor route while a receiver hangs', async () => {
    const s = setup()
    const port = await listen(() => undefined)
    target(s, `http://127.0.0.1:${port}/`, { timeoutMs: 5000 })
    const started = performance.now()
    await sendTo(s, 'rychle@example.cz', 'click')
    expect(performance.now() - started).toBeLessThan(1000)
    expect(s.e.webhooks.list({ state: 'pending' }).length).toBe(3)
    s.e.webhooks.close()
  })

  it('redelivers a delivery through the admin API under the same id', async () => {
    const s = setup()
    const { r } = receiver()
    target(s, `http://127.0.0.1:${await listen(r.node)}/`)
    await sendTo(s, 'znovu@example.cz', 'delivered')
    await s.e.webhooks.settled()
    const [delivery] = s.e.webhooks.list()
    const again = await s.e.app.request(`/__kopru/webhooks/deliveries/${delivery!.id}/redeliver`, {
      method: 'POST',
      headers: { host: 'localhost', 'content-type': 'application/json' },
    })
    expect(again.status).toBe(200)
    await s.e.webhooks.settled()
    expect(delivery!.attempts).toHaveLength(2)
    expect(r.counts.duplicates).toBe(1)
  })
})

describe('the receiver', () => {
  const valid = {
    webhookTypeId: 3,
    transactionalEmailId: 989209,
    openId: 562610,
    created: '2021-08-03T08:10:49.897',
    recipient: 'jan@example.cz',
    fromAddress: 'info@example.cz',
    subject: 'Test of transactional e-mails',
    guid: '2a84821c-2344-ea11-aeff-00155d012d0b',
    sent: '2021-08-03T06:50:15',
    delivered: '2021-08-03T06:50:34',
    userAgent: 'Mozilla/4.0 (compatible; ms-office; MSOffice 16)',
  }

  it.each([
    ['not JSON', '{"webhookTypeId": 3,'],
    ['an unknown type', JSON.stringify({ ...valid, webhookTypeId: 9 })],
    ['a field missing', JSON.stringify({ ...valid, openId: undefined })],
  ])('answers %s with 400 and keeps it for inspection', async (_what, body) => {
    const { r, events } = receiver()
    const answer = await r.fetch(new Request('http://x/', { method: 'POST', body }))
    expect(answer.status).toBe(400)
    expect(r.rejected).toEqual([expect.objectContaining({ body })])
    expect(events).toEqual([])
  })

  it('keeps 64 KiB of a rejected body, not the body: it keeps a thousand of them', async () => {
    const { r } = receiver()
    const { bytes } = await heapKeptBy(async () => {
      for (let i = 0; i < 20; i++) {
        // about 900 KB of text that is not JSON, 18 MB in all
        const body = `<html>${`<p>maintenance ${i}</p>`.repeat(40_000)}`
        const answer = await r.fetch(new Request('http://x/', { method: 'POST', body }))
        expect(answer.status).toBe(400)
      }
    })
    expect(r.rejected.map((entry) => entry.body.length)).toEqual(Array(20).fill(65_536))
    // the 20 kept starts are 1.3 MB
    expect(bytes).toBeLessThan(6 * 1024 * 1024)
  })

  it('types and hands on a valid event after answering, through Hono', async () => {
    const { r, events } = receiver()
    const app = new Hono().post('/mk', (c) => r.fetch(c.req.raw))
    const answer = await app.request('/mk', { method: 'POST', body: JSON.stringify(valid) })
    expect(answer.status).toBe(200)
    expect(events).toEqual([])
    await new Promise((resolve) => setImmediate(resolve))
    expect(events).toEqual([
      expect.objectContaining({
        event: 'transactional.open',
        key: '3:transactionalEmailId=989209,openId=562610',
      }),
    ])
  })

  it('reads a body an Express JSON parser already parsed', async () => {
    const { r } = receiver()
    let status = 0
    const res = {
      setHeader: () => undefined,
      end: () => undefined,
      set statusCode(v: number) {
        status = v
      },
    }
    r.express({ body: valid } as never, res as never)
    expect(status).toBe(200)
    r.express({ body: { webhookTypeId: 1 } } as never, res as never)
    expect(status).toBe(400)
  })
})
