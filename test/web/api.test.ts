/**
 * The dashboard's JSON API, every endpoint and its refusals, against the five emulators in
 * process: runs started and followed (server-sent events), a dry run's field-by-field plan, dead
 * letters filtered, retried once their cause is fixed and dismissed, consent, emulators, webhooks.
 */
import { hostname } from 'node:os'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LaunchView, PlanRow } from '../../src/web/launches.ts'
import { scheduleRuns } from '../../src/web/spaces.ts'
import { startDashboard, type Dashboard } from '../support/dashboard.ts'

let d: Dashboard
beforeAll(async () => {
  d = await startDashboard()
})
afterAll(() => d.close())

const json = async <T = Record<string, unknown>>(response: Response | Promise<Response>) =>
  (await (await response).json()) as T

/** Starts a run and waits for its end. */
async function runToEnd(pipeline: string, dryRun = false): Promise<LaunchView> {
  const started = await d.post('/api/runs', { pipeline, dryRun })
  expect(started.status).toBe(202)
  const { launch } = await json<{ launch: LaunchView }>(started)
  return (await d.space.launches.settled(launch.id))!
}

/** The events of a launch's stream, parsed, until it ends. */
async function events(id: number): Promise<{ event: string; data: LaunchView }[]> {
  const response = await d.fetch(`/api/launches/${id}/events`)
  expect(response.headers.get('content-type')).toMatch(/text\/event-stream/)
  const text = await response.text()
  return text
    .split('\n\n')
    .filter((block) => block.includes('data:'))
    .map((block) => {
      const event = /^event: (.*)$/m.exec(block)![1]!
      const data = JSON.parse(/^data: (.*)$/m.exec(block)![1]!) as LaunchView
      return { event, data }
    })
}

describe('the dashboard API', () => {
  it('gives an overview of every pipeline before any run', async () => {
    await d.server.applier?.settled()
    const view = await json<{
      pipelines: { name: string; lastRun?: unknown }[]
      openDeadLetters: number
    }>(d.fetch('/api/overview'))
    expect(view.pipelines.map((p) => p.name)).toEqual([
      'inventory',
      'consent',
      'customers-and-orders',
      'catalog',
      'loyalty',
      'mailkomplet',
    ])
    // only the consent pipeline's catch-up at the server's start has run
    expect(view.pipelines.filter((p) => p.lastRun).map((p) => p.name)).toEqual(
      d.server.applier ? ['consent'] : [],
    )
    expect(view.openDeadLetters).toBe(0)
  })

  it('starts a run, streams its progress to the final counts, and records its requests per vendor', async () => {
    const started = await d.post('/api/runs', { pipeline: 'catalog' })
    expect(started.status).toBe(202)
    const { launch } = await json<{ launch: LaunchView }>(started)
    expect(launch.runId).toBeGreaterThan(0)
    const stream = await events(launch.id)
    const last = stream.at(-1)!
    expect(last.event).toBe('done')
    expect(last.data.state).toBe('succeeded')
    const run = await json<{
      run: {
        status: string
        counts: Record<string, { created: number }>
        requests: Record<string, { requests: number }>
      }
    }>(d.fetch(`/api/runs/${launch.runId}`))
    expect(run.run.status).toBe('succeeded')
    // the stream's last counts are the run's own
    expect(
      Object.fromEntries(Object.entries(last.data.streams).map(([s, p]) => [s, p.counts])),
    ).toEqual(run.run.counts)
    expect(run.run.counts.products!.created).toBeGreaterThan(0)
    // every request the run made, counted by the vendor that answered it
    const sent = d.world.setrow.log.list({ limit: 1e9 }).length
    expect(run.run.requests.setrow!.requests).toBe(sent)
    expect(run.run.requests.softtr!.requests).toBe(d.world.softtr.log.list({ limit: 1e9 }).length)
  })

  it('refuses a run it cannot start, saying why', async () => {
    expect((await d.post('/api/runs', {})).status).toBe(400)
    expect((await d.post('/api/runs', { pipeline: 'catalog', dryRun: 'yes' })).status).toBe(400)
    const unknown = await d.post('/api/runs', { pipeline: 'catalogue' })
    expect(unknown.status).toBe(404)
    expect(await json(unknown)).toMatchObject({ pipelines: expect.arrayContaining(['catalog']) })
    const notJson = await d.fetch('/api/runs', { method: 'POST', body: 'pipeline=catalog' })
    expect(notJson.status).toBe(415)
    const broken = await d.fetch('/api/runs', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"pipeline":',
    })
    expect(broken.status).toBe(400)
    // the same pipeline twice at once: its lock refuses the second
    const [first, second] = await Promise.all([
      d.post('/api/runs', { pipeline: 'inventory' }),
      d.post('/api/runs', { pipeline: 'inventory' }),
    ])
    expect([first.status, second.status].sort()).toEqual([202, 409])
    const ok = first.status === 202 ? first : second
    await d.space.launches.settled((await json<{ launch: LaunchView }>(ok)).launch.id)
  })

  it('pages the runs, newest first', async () => {
    const all = await json<{ runs: { id: number }[]; older?: number }>(
      d.fetch('/api/runs?limit=500'),
    )
    expect(all.runs.length).toBeGreaterThanOrEqual(2)
    const first = await json<{ runs: { id: number }[]; older?: number }>(
      d.fetch('/api/runs?limit=1'),
    )
    expect(first.runs.map((r) => r.id)).toEqual([all.runs[0]!.id])
    expect(first.older).toBe(all.runs[0]!.id)
    const next = await json<{ runs: { id: number }[] }>(
      d.fetch(`/api/runs?limit=1&before=${first.older}`),
    )
    expect(next.runs.map((r) => r.id)).toEqual([all.runs[1]!.id])
    expect((await d.fetch('/api/runs?limit=0')).status).toBe(400)
    expect((await d.fetch('/api/runs?before=x')).status).toBe(400)
    expect((await d.fetch('/api/runs/999999')).status).toBe(404)
  })

  it('shows what a dry run would change, field by field, and writes nothing', async () => {
    const product = d.world.softtr.state.products[0]!
    const before = product.mainProductPrice
    product.mainProductPrice = before + 10
    const setrowWrites = d.world.setrow.log
      .list({ limit: 1e9 })
      .filter((r) => r.method !== 'GET').length
    const dry = await runToEnd('catalog', true)
    expect(dry.state).toBe('succeeded')
    expect(dry.runId).toBeUndefined()
    expect(d.world.setrow.log.list({ limit: 1e9 }).filter((r) => r.method !== 'GET').length).toBe(
      setrowWrites,
    )
    const plan = await json<{ rows: PlanRow[]; total: number }>(
      d.fetch(`/api/launches/${dry.id}/plan`),
    )
    expect(plan.total).toBeGreaterThanOrEqual(1)
    const row = plan.rows.find(
      (r) => r.action === 'update' && r.changes.some((c) => c.before === before),
    )
    expect(row, JSON.stringify(plan.rows.slice(0, 3))).toBeDefined()
    expect(row!.changes).toContainEqual(expect.objectContaining({ before, after: before + 10 }))
    expect(row!.unchanged).toBeGreaterThan(0)
    expect((await d.fetch(`/api/launches/${dry.id}/plan?limit=501`)).status).toBe(400)
    expect((await d.fetch('/api/launches/424242')).status).toBe(404)
  })

  it('lists dead letters by vendor and code, retries one after its cause is fixed, and refuses a dismissed one', async () => {
    const orders = d.world.softtr.state.orders
    const junk = [
      ...new Set(orders.map((o) => o.invoiceDetails.invoiceMail.trim().toLowerCase())),
    ].slice(0, 2)
    for (const address of junk)
      d.world.setrow.state.lists.junk.set(address, { address, date: '2026-11-01 10:00:00' })
    // without a consent run first, the ledger does not know them: Setrow refuses them itself
    const run = await runToEnd('customers-and-orders')
    expect(run.state).toBe('succeeded')
    const page = await json<{
      letters: { id: number; key: string; code: string; vendor: string; explanation: string }[]
      total: number
      matching: number
      facets: { vendor: Record<string, number>; code: Record<string, number> }
    }>(d.fetch('/api/dead-letters?vendor=setrow&code=E128'))
    expect(page.letters.map((l) => l.key).sort()).toEqual([...junk].sort())
    expect(page.letters[0]).toMatchObject({
      vendor: 'setrow',
      code: 'E128',
      explanation: 'junk address',
    })
    expect(page.facets.code.E128).toBe(2)
    expect(page.matching).toBe(2)
    expect(await json(d.fetch('/api/dead-letters?vendor=loyaltii'))).toMatchObject({ letters: [] })
    const [fixed, given] = page.letters
    d.world.setrow.state.lists.junk.delete(fixed!.key)

    const retried = await d.post('/api/dead-letters/retry', { ids: [fixed!.id] })
    expect(await json(retried)).toEqual({ retried: 1, delivered: 1, failed: 0 })
    expect(d.world.setrow.state.contacts.email.has(fixed!.key)).toBe(true)
    const dismissed = await d.post('/api/dead-letters/dismiss', { ids: [given!.id] })
    expect(await json(dismissed)).toEqual({ dismissed: [given!.id] })
    expect(await json(d.fetch('/api/dead-letters?code=E128'))).toMatchObject({
      letters: [],
      total: 0,
    })
    expect(await json(d.fetch('/api/dead-letters?status=dismissed'))).toMatchObject({ total: 1 })

    // a dismissed one, a delivered one and an unknown one: refused, nothing done
    const again = await d.post('/api/dead-letters/retry', { ids: [given!.id, fixed!.id, 999_999] })
    expect(again.status).toBe(409)
    const refused = await json<{ unknown: number[]; notOpen: { id: number; status: string }[] }>(
      again,
    )
    expect(refused.unknown).toEqual([999_999])
    expect(refused.notOpen).toEqual(
      expect.arrayContaining([
        { id: given!.id, status: 'dismissed' },
        { id: fixed!.id, status: 'resolved' },
      ]),
    )
    expect(refused.notOpen).toHaveLength(2)
    expect((await d.post('/api/dead-letters/retry', { ids: [] })).status).toBe(400)
    expect((await d.post('/api/dead-letters/dismiss', { ids: ['1'] })).status).toBe(400)
    expect((await d.fetch('/api/dead-letters?status=gone')).status).toBe(400)
  })

  it("answers a person's consent across the tools", async () => {
    const blocked = [...d.world.setrow.state.lists.unsubscribeEmail.keys()][0]!
    expect((await runToEnd('consent')).state).toBe('succeeded')
    const view = await json<{
      person: string
      verdicts: Record<string, { status: string }>
      entries: { tool: string }[]
    }>(d.fetch(`/api/consent/${encodeURIComponent(blocked.toUpperCase())}`))
    expect(view.person).toBe(blocked)
    expect(view.verdicts.email?.status).toBe('denied')
    expect(view.entries.some((e) => e.tool === 'setrow')).toBe(true)
    expect((await d.fetch('/api/consent/nonsense')).status).toBe(400)
  })

  it('shows the emulators and switches their chaos', async () => {
    const view = await json<{
      emulators: { name: string; state: Record<string, number>; requests: unknown[] }[]
    }>(d.fetch('/api/emulators'))
    expect(view.emulators.map((e) => e.name)).toEqual([
      'softtr',
      'narwoo',
      'setrow',
      'loyaltii',
      'mailkomplet',
    ])
    expect(view.emulators[0]!.state.orders).toBe(d.world.softtr.state.orders.length)
    expect(view.emulators[0]!.requests.length).toBeGreaterThan(0)
    const put = (body: unknown) =>
      d.fetch('/api/emulators/setrow/chaos', {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
    expect(await json(put({ errors: { 429: 0.5 } }))).toMatchObject({
      chaos: { errors: { 429: 0.5 } },
    })
    expect(d.world.setrow.chaos.settings.errors['429']).toBe(0.5)
    expect((await put({ errors: { 429: 2 } })).status).toBe(400)
    expect(await json(put({}))).toMatchObject({ chaos: { errors: {} } })
    expect((await d.fetch('/api/emulators/nope/chaos', { method: 'PUT' })).status).toBe(404)
  })

  it('shows the webhooks received, what they did, and the payloads refused', async () => {
    const person = [...d.world.loyaltii.state.contacts.values()]
      .find((c) => c.Email && !c.LimitMailsPermanently)!
      .Email!.toLowerCase()
    const hook = (body: unknown) =>
      d.fetch('/webhooks/mailkomplet', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
    const unsubscribe = {
      webhookTypeId: 6,
      transactionalEmailId: 91_001,
      created: '2026-12-01T10:00:00',
      recipient: person,
      fromAddress: 'shop@kopru.dev',
      subject: 'Kampanya',
      guid: 'g-91001',
      sent: '2026-12-01T10:00:01',
      excludeListId: 91_001,
      delivered: '2026-12-01T10:00:02',
    }
    expect((await hook(unsubscribe)).status).toBe(200)
    // delivered again: the receiver knows it
    expect((await hook(unsubscribe)).status).toBe(200)
    expect((await hook({ hello: 'world' })).status).toBe(400)
    await d.server.applier!.settled()
    const view = await json<{
      counts: Record<string, number>
      events: { event: { person: string }; recorded: boolean; appliedByRun?: number }[]
      rejected: unknown[]
    }>(d.fetch('/api/webhooks'))
    expect(view.counts).toMatchObject({ accepted: 1, duplicates: 1, rejected: 1 })
    const mine = view.events.filter((e) => e.event.person === person)
    expect(mine).toHaveLength(1)
    expect(mine[0]).toMatchObject({ recorded: true, appliedByRun: expect.any(Number) })
    // applied: Loyaltii limits the person's mail
    const contact = [...d.world.loyaltii.state.contacts.values()].find(
      (c) => c.Email?.toLowerCase() === person,
    )!
    expect(contact.LimitMailsPermanently).toBe(true)
    expect(view.rejected).toHaveLength(1)
  })

  it('keeps the records of the ten newest dry runs only', async () => {
    const first = await runToEnd('catalog', true)
    expect(d.space.launches.get(first.id)!.planDropped).toBeUndefined()
    for (let i = 0; i < 10; i++) await runToEnd('catalog', true)
    expect(d.space.launches.get(first.id)!.planDropped).toBe(true)
    const plan = await json<{ rows: unknown[]; kept: number }>(
      d.fetch(`/api/launches/${first.id}/plan`),
    )
    expect(plan).toMatchObject({ rows: [], kept: 0 })
    const page = await (await d.fetch(`/launches/${first.id}/diff`)).text()
    expect(page).toContain('run it again to see them')
  })

  it('shows a run whose process died as interrupted, not running', async () => {
    const id = await d.store.startRun('inventory', { dryRun: false, owner: 'elsewhere:1:gone' })
    const { run } = await json<{ run: { status: string } }>(d.fetch(`/api/runs/${id}`))
    expect(run.status).toBe('interrupted')
    const { runs } = await json<{ runs: { id: number; status: string }[] }>(
      d.fetch('/api/runs?limit=1'),
    )
    expect(runs[0]).toMatchObject({ id, status: 'interrupted' })
    await d.store.finishRun(id, { status: 'interrupted', counts: {} })
  })

  it('answers JSON for a route it does not have', async () => {
    const response = await d.fetch('/api/nothing')
    expect(response.status).toBe(404)
    expect(await json(response)).toMatchObject({ error: 'no route GET /api/nothing' })
    expect((await d.fetch('/api/overview?tenant=other')).status).toBe(404)
  })

  it('leaves the letters of a pipeline whose sync runs open, names them, and a note for a person too', async () => {
    await d.store.commit({
      pipeline: 'inventory',
      scope: 'inventory/narwoo-sales',
      deadLetters: [
        {
          stream: 'narwoo-sales',
          key: 'narwoo:999',
          record: null,
          code: 'stock-changed',
          reason: 'check by hand',
        },
      ],
    })
    const [note] = await d.store.deadLetters({ status: 'open', code: 'stock-changed' })
    // a live process (this test's parent) runs the pipeline
    const running = `${hostname()}:${process.ppid}:a`
    expect(await d.store.acquireLock('pipeline:inventory', running, 60_000)).toBe(true)
    try {
      const busy = await d.post('/api/dead-letters/retry', { ids: [note!.id] })
      expect(busy.status).toBe(200)
      expect(await json(busy)).toEqual({
        retried: 0,
        delivered: 0,
        failed: 0,
        running: [note!.id],
      })
    } finally {
      await d.store.releaseLock('pipeline:inventory', running)
    }
    // a note keeps no record to send: left open, not delivered
    const retried = await d.post('/api/dead-letters/retry', { ids: [note!.id] })
    expect(await json(retried)).toEqual({ retried: 1, delivered: 0, failed: 1, byHand: [note!.id] })
    const open = await d.store.deadLetters({ status: 'open', code: 'stock-changed' })
    expect(open.map((l) => l.id)).toEqual([note!.id])
    await d.post('/api/dead-letters/dismiss', { ids: [note!.id] })
  })
})

describe('the dashboard with a schedule', () => {
  it('runs each pipeline when due, once per interval, and says when it runs next', async () => {
    const s = await startDashboard()
    s.space.everySeconds = 3600
    const timer = scheduleRuns([s.space], 20)
    try {
      const names = s.space.pipelines().map((p) => p.name)
      await expect
        .poll(
          async () => new Set((await s.store.runs({ limit: 100 })).map((r) => r.pipeline)).size,
          { timeout: 60_000 },
        )
        .toBe(names.length)
      await new Promise((resolve) => setTimeout(resolve, 300))
      const runs = await s.store.runs({ limit: 100 })
      // once each (the consent pipeline's catch-up at the start aside), nothing before it is due again
      for (const name of names.filter((n) => n !== 'consent'))
        expect(
          runs.filter((r) => r.pipeline === name),
          name,
        ).toHaveLength(1)
      const view = await json<{
        pipelines: { name: string; lastRun: { startedAt: string }; nextRunAt: string }[]
      }>(s.fetch('/api/overview'))
      for (const p of view.pipelines)
        expect(Date.parse(p.nextRunAt) - Date.parse(p.lastRun.startedAt), p.name).toBe(3_600_000)
    } finally {
      clearInterval(timer)
      await s.close()
    }
  })
})

describe('the dashboard behind a token', () => {
  it('refuses what comes without it, and keeps it in a cookie once given in the URL', async () => {
    const t = await startDashboard({ token: 's3cret-token' })
    try {
      expect((await t.fetch('/api/overview')).status).toBe(401)
      expect((await t.fetch('/')).status).toBe(401)
      expect((await t.fetch('/api/overview?token=wrong')).status).toBe(401)
      const page = await t.fetch('/?token=s3cret-token')
      expect(page.status).toBe(200)
      const cookie = page.headers.get('set-cookie')!
      expect(cookie).toMatch(/kopru_token=s3cret-token/)
      expect(cookie).toMatch(/HttpOnly/)
      expect(cookie).toMatch(/SameSite=Strict/)
      const withCookie = await t.fetch('/api/overview', {
        headers: { cookie: cookie.split(';')[0]! },
      })
      expect(withCookie.status).toBe(200)
      const bearer = await t.fetch('/api/overview', {
        headers: { authorization: 'Bearer s3cret-token' },
      })
      expect(bearer.status).toBe(200)
    } finally {
      await t.close()
    }
  })
})
