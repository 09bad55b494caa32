import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { apiNames, registry } from '../../src/apis/registry.ts'
import { MAX_ADMIN_BYTES } from '../../src/emulator/admin.ts'
import { createEmulator } from '../../src/emulator/host.ts'
import { serveEmulators } from '../../src/emulator/serve.ts'
import { toyEmulator } from '../support/toy-emulator.ts'
import { rawRequest } from '../support/raw-http.ts'

const emu = () => createEmulator(toyEmulator)
type Toy = ReturnType<typeof emu>
const admin = (e: { fetch: Toy['fetch'] }, method: string, path: string, body?: string) =>
  e.fetch(`http://toy/__kopru${path}`, {
    method,
    ...(body === undefined ? {} : { body, headers: { 'content-type': 'application/json' } }),
  })
const DEEP = '['.repeat(100_000) + ']'.repeat(100_000)

describe('bodies the admin API refuses', () => {
  it('refuses a body over its limit with 413, and nothing changes', async () => {
    const e = emu()
    const big = JSON.stringify({ frozen: true, pad: 'x'.repeat(MAX_ADMIN_BYTES) })
    const r = await admin(e, 'PUT', '/switches', big)
    expect(r.status).toBe(413)
    expect(await r.json()).toEqual({ error: `the body is over ${MAX_ADMIN_BYTES} bytes` })
    expect(e.switches).toEqual({ frozen: false })
  })

  it.each([
    ['PUT', '/state'],
    ['PUT', '/chaos'],
    ['PUT', '/switches'],
    ['POST', '/seed'],
  ])('answers %s %s with JSON 100,000 levels deep with 400, not 500', async (method, path) => {
    const e = emu()
    const before = JSON.stringify(e.dump())
    const r = await admin(e, method, path, DEEP)
    expect(r.status).toBe(400)
    expect(await r.json()).toEqual({ error: 'the body nests deeper than 100 levels' })
    expect(JSON.stringify(e.dump())).toBe(before)
  })

  it('refuses a huge seed size with 400 naming the limit, without generating anything', async () => {
    const e = emu()
    const r = await admin(e, 'POST', '/seed', JSON.stringify({ seed: 9, sizes: { items: 1e12 } }))
    expect(r.status).toBe(400)
    expect(await r.json()).toEqual({
      error: 'toy: size items=1000000000000 is out of range; items goes from 0 to 1000',
    })
    expect(e.seedOptions.seed).toBe(1)
    expect((await admin(e, 'POST', '/reset')).status).toBe(200)
    expect(e.dump()).toEqual(emu().dump())
  })

  it('refuses a state that does not match the schema with 400, and the state stays', async () => {
    const e = emu()
    const before = JSON.stringify(e.dump())
    for (const dump of ['{}', 'null', '[]', '{"items":[{"id":"1","name":2}]}']) {
      const r = await admin(e, 'PUT', '/state', dump)
      expect(r.status, dump).toBe(400)
      expect(((await r.json()) as { error: string }).error).toMatch(/^state not accepted: /)
    }
    expect(JSON.stringify(e.dump())).toBe(before)
    expect((await e.fetch('http://toy/v1/items/1?key=toy-key')).status).toBe(200)
  })
})

describe('405', () => {
  it.each([
    ['GET', '/reset', 'POST'],
    ['DELETE', '/state', 'GET, PUT, HEAD'],
    ['POST', '/requests/', 'GET, DELETE, HEAD'],
  ])('answers %s %s with the methods it takes in Allow', async (method, path, allow) => {
    const r = await admin(emu(), method, path)
    expect(r.status).toBe(405)
    expect(r.headers.get('allow')).toBe(allow)
  })

  it('answers a path it does not have with 404', async () => {
    expect((await admin(emu(), 'GET', '/nowhere')).status).toBe(404)
  })
})

describe.each(apiNames)('%s state through the admin API', (name) => {
  const def = registry[name]!.emulator
  const small = Object.fromEntries(Object.keys(def.sizes).map((key) => [key, 4]))

  it('takes back its own dump, and refuses a broken one keeping the state', async () => {
    const e = createEmulator(def, { sizes: small })
    const dump = await (await admin(e, 'GET', '/state')).text()
    expect((await admin(e, 'PUT', '/state', dump)).status).toBe(200)
    expect(JSON.stringify(e.dump())).toBe(dump)
    const broken = JSON.parse(dump) as Record<string, unknown>
    for (const key of Object.keys(broken)) {
      const r = await admin(e, 'PUT', '/state', JSON.stringify({ ...broken, [key]: 'broken' }))
      expect(r.status, key).toBe(400)
    }
    expect(JSON.stringify(e.dump())).toBe(dump)
  })

  it('refuses a huge seed size with 400', async () => {
    const e = createEmulator(def, { sizes: small })
    const [size] = Object.keys(def.sizes)
    const r = await admin(e, 'POST', '/seed', JSON.stringify({ sizes: { [size!]: 1e12 } }))
    expect(r.status).toBe(400)
    expect(e.seedOptions.sizes).toEqual({ ...def.sizes, ...small })
  })
})

describe('the clock', () => {
  const at = new Date('2026-03-15T10:00:00Z')
  const clocked = (options: { dataDir?: string } = {}) =>
    createEmulator(toyEmulator, { clock: () => at, ...options })
  const advance = (e: Toy, seconds: unknown) =>
    admin(e, 'POST', '/clock', JSON.stringify({ advanceSeconds: seconds }))

  it('moves the emulator’s time ahead when told, and back to its clock on a reset', async () => {
    const e = clocked()
    expect(await (await admin(e, 'GET', '/clock')).json()).toEqual({ now: at.toISOString() })
    expect(await (await advance(e, 90)).json()).toEqual({ now: '2026-03-15T10:01:30.000Z' })
    await advance(e, 0.5)
    expect(e.now().toISOString()).toBe('2026-03-15T10:01:30.500Z')
    await admin(e, 'POST', '/reset')
    expect(e.now()).toEqual(at)
  })

  it.each([[-1], ['60'], [null]])(
    'refuses %j seconds with 400, and the time stays',
    async (seconds) => {
      const e = clocked()
      expect((await advance(e, seconds)).status).toBe(400)
      expect(e.now()).toEqual(at)
    },
  )

  it('keeps the time moved with the state in --data-dir', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kopru-clock-'))
    try {
      await advance(clocked({ dataDir: dir }), 3600)
      expect(clocked({ dataDir: dir }).now().toISOString()).toBe('2026-03-15T11:00:00.000Z')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('webhook targets', () => {
  const put = (e: Toy, events: string[]) =>
    admin(e, 'PUT', '/webhooks', JSON.stringify({ targets: [{ url: 'http://x', events }] }))
  const sending = () =>
    createEmulator({ ...toyEmulator, webhookEvents: ['item.made', 'item.gone'] })

  it('refuses a target filtering on an event the emulator never sends, listing those it sends', async () => {
    const e = sending()
    const r = await put(e, ['item.made', 'bogus'])
    expect(r.status).toBe(400)
    expect(await r.json()).toEqual({
      error: 'targets.events: unknown bogus; known: item.made, item.gone',
    })
    expect(e.webhooks.settings.targets).toEqual([])
  })

  it('takes a target of events the emulator sends', async () => {
    const e = sending()
    expect((await put(e, ['item.gone'])).status).toBe(200)
    expect(e.webhooks.settings.targets).toEqual([{ url: 'http://x', events: ['item.gone'] }])
  })

  it('refuses any event name where the emulator declares none, and takes a target of all', async () => {
    const e = emu()
    expect(await (await put(e, ['item.made'])).json()).toEqual({
      error: 'targets.events: unknown item.made; known: none (this emulator sends no webhooks)',
    })
    const all = await admin(
      e,
      'PUT',
      '/webhooks',
      JSON.stringify({ targets: [{ url: 'http://x' }] }),
    )
    expect(all.status).toBe(200)
  })
})

describe('over a socket', () => {
  const closers: (() => Promise<void>)[] = []
  afterEach(async () => Promise.all(closers.splice(0).map((close) => close())))

  it('refuses a body declared over the limit before it arrives, and deep JSON with 400', async () => {
    const e = emu()
    const serving = await serveEmulators([e])
    closers.push(() => serving.close())
    const port = serving.served[0]!.port
    const head = (path: string) => [
      `PUT /__kopru${path} HTTP/1.1`,
      `host: 127.0.0.1:${port}`,
      'content-type: application/json',
    ]
    // announced, never sent: an answer proves the server did not wait for it
    const big = await rawRequest(port, head('/switches'), '{', 2 * MAX_ADMIN_BYTES)
    expect(big.status).toBe(413)
    const deep = await rawRequest(port, head('/state'), DEEP)
    expect([deep.status, deep.body]).toEqual([
      400,
      '{"error":"the body nests deeper than 100 levels"}',
    ])
  })
})
