import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { registry } from '../../src/apis/registry.ts'
import { createEmulator } from '../../src/emulator/host.ts'
import { toyEmulator } from '../support/toy-emulator.ts'
import { narwooToken, vendors, type Vendor } from '../support/vendors.ts'

const emu = (options = {}) => createEmulator(toyEmulator, options)
const get = async (e: ReturnType<typeof emu>, path: string, init?: RequestInit) =>
  await e.app.fetch(new Request(`http://toy${path}`, init))
const body = async (r: Response) => (await r.json()) as Record<string, unknown>
/** An admin write as kopru's own callers send it. */
const write = (method: string, value: unknown): RequestInit => ({
  method,
  body: typeof value === 'string' ? value : JSON.stringify(value),
  headers: { 'content-type': 'application/json' },
})

describe('routing and validation', () => {
  it("answers an operation on the vendor's own path under the base URL's path", async () => {
    const r = await get(emu(), '/v1/items/2?key=toy-key')
    expect(r.status).toBe(200)
    expect(await body(r)).toEqual({ data: { id: 2, name: 'item 1-2' } })
  })

  it('checks credentials before anything else, and tells missing from wrong', async () => {
    expect(await body(await get(emu(), '/v1/items/2'))).toMatchObject({ error: 'key missing' })
    expect(await body(await get(emu(), '/v1/nowhere?key=nope'))).toMatchObject({
      error: 'key wrong',
    })
  })

  it('tells an unknown path (404) from a known path with the wrong method (405)', async () => {
    expect((await get(emu(), '/v1/nowhere?key=toy-key')).status).toBe(404)
    expect((await get(emu(), '/v1/items/2?key=toy-key', { method: 'DELETE' })).status).toBe(405)
  })

  it('hands the vendor a typed problem for each kind of bad input', async () => {
    const e = emu()
    const post = (text: string, type = 'application/json') =>
      get(e, '/v1/items?key=toy-key', {
        method: 'POST',
        body: text,
        headers: { 'content-type': type },
      }).then(body)
    expect(JSON.parse(String((await post('{oops')).error))).toMatchObject({
      kind: 'malformed',
      location: 'body',
    })
    expect(JSON.parse(String((await post('[{"name":1}]')).error))).toMatchObject({
      kind: 'invalid',
      field: 'name',
      path: [0, 'name'],
    })
    expect(JSON.parse(String((await post('[{},{},{}]')).error))).toMatchObject({
      kind: 'tooMany',
      max: 2,
    })
    expect(JSON.parse(String((await post('[]', 'text/plain')).error))).toMatchObject({
      kind: 'malformed',
    })
    const query = await body(await get(e, '/v1/items?key=toy-key&page=zero'))
    expect(JSON.parse(String(query.error))).toMatchObject({
      kind: 'invalid',
      location: 'query',
      field: 'page',
    })
  })

  it('hands every call its own decoded query, however often the same query comes', async () => {
    const seen: unknown[] = []
    const e = createEmulator({
      ...toyEmulator,
      handlers: {
        ...toyEmulator.handlers,
        'items.list': ({ query }) => {
          seen.push({ ...query })
          Object.assign(query, { page: 99 })
          return { data: { pages: 1, items: [] } }
        },
      },
    })
    await get(e, '/v1/items?key=toy-key&page=2')
    await get(e, '/v1/items?key=toy-key&page=2')
    expect(seen).toEqual([{ page: 2 }, { page: 2 }])
  })

  it('refuses a body over the size limit without reading it all', async () => {
    const e = createEmulator({ ...toyEmulator, maxBodyBytes: 1000 })
    const r = await get(e, '/v1/items?key=toy-key', {
      method: 'POST',
      body: `[${'{"name":"x"},'.repeat(200)}{}]`,
      headers: { 'content-type': 'application/json' },
    })
    expect(JSON.parse(String((await body(r)).error))).toMatchObject({ kind: 'tooLarge' })
  })

  it('answers a handler failure with the vendor 500, never a crash', async () => {
    const e = emu()
    const r = await get(e, '/v1/items/1/rename?key=toy-key', {
      method: 'POST',
      body: 'name=crash',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
    expect(r.status).toBe(500)
    expect(await body(r)).toEqual({ error: 'internal', code: 'E500' })
  })
})

describe('state, seed and persistence', () => {
  const dirs: string[] = []
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })))

  it('keeps changes in memory, sized and seeded by options', async () => {
    const e = emu({ seed: 7, sizes: { items: 2 } })
    await get(e, '/v1/items?key=toy-key', {
      method: 'POST',
      body: '[{"name":"new"}]',
      headers: { 'content-type': 'application/json' },
    })
    expect(e.dump()).toEqual({
      items: [
        { id: 1, name: 'item 7-1' },
        { id: 2, name: 'item 7-2' },
        { id: 3, name: 'new' },
      ],
    })
  })

  it('refuses an unknown size name', () => {
    expect(() => emu({ sizes: { widgets: 1 } })).toThrow(/unknown size widgets/)
  })

  it('survives a restart with the same data folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kopru-'))
    dirs.push(dir)
    const first = emu({ dataDir: dir })
    await get(first, '/v1/items?key=toy-key', {
      method: 'POST',
      body: '[{"name":"kept"}]',
      headers: { 'content-type': 'application/json' },
    })
    const second = emu({ dataDir: dir, seed: 99 })
    expect((second.dump() as { items: unknown[] }).items).toContainEqual({ id: 6, name: 'kept' })
  })

  it.each([
    ['a state that does not match the schema', { items: [{ id: 'one' }] }, {}],
    ['a seed size over the maximum', undefined, { items: 1e12 }],
  ])('refuses a saved file with %s, naming the file', (_, state, sizes) => {
    const dir = mkdtempSync(join(tmpdir(), 'kopru-'))
    dirs.push(dir)
    emu({ dataDir: dir })
    const file = join(dir, 'toy.json')
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { state: unknown; seed: object }
    const edited = { ...saved, state: state ?? saved.state, seed: { ...saved.seed, sizes } }
    writeFileSync(file, JSON.stringify(edited))
    expect(() => emu({ dataDir: dir })).toThrow(
      `${file} is not a usable kopru toy emulator state file`,
    )
  })

  it('sees credentials from options first, then the environment, then the default', () => {
    expect(emu({ env: { KOPRU_TOY_KEY: 'from-env' } }).credentials.key).toBe('from-env')
    expect(
      emu({ env: { KOPRU_TOY_KEY: 'from-env' }, credentials: { key: 'given' } }).credentials.key,
    ).toBe('given')
    expect(emu({ env: {} }).credentials.key).toBe('toy-key')
  })
})

describe('admin API', () => {
  it('resets to the seed, reseeds with new sizes and reports health', async () => {
    const e = emu()
    await get(e, '/v1/items?key=toy-key', {
      method: 'POST',
      body: '[{"name":"x"}]',
      headers: { 'content-type': 'application/json' },
    })
    await get(e, '/__kopru/reset', { method: 'POST' })
    expect((e.dump() as { items: unknown[] }).items).toHaveLength(5)
    await get(e, '/__kopru/seed', write('POST', { seed: 3, sizes: { items: 1 } }))
    expect(e.dump()).toEqual({ items: [{ id: 1, name: 'item 3-1' }] })
    expect(await body(await get(e, '/__kopru/health'))).toMatchObject({
      ok: true,
      api: 'toy',
      operations: 4,
      seed: 3,
    })
  })

  it('logs requests with their operation and status', async () => {
    const e = emu()
    await get(e, '/v1/items/1?key=toy-key')
    await get(e, '/v1/items/99?key=toy-key')
    const log = (await (await get(e, '/__kopru/requests?operation=items.get')).json()) as {
      status: number
      operationId: string
    }[]
    expect(log.map((l) => [l.operationId, l.status])).toEqual([
      ['items.get', 200],
      ['items.get', 404],
    ])
  })

  it('sets account switches the handlers obey, and refuses unknown ones', async () => {
    const e = emu()
    await get(e, '/__kopru/switches', write('PUT', { frozen: true }))
    const r = await get(e, '/v1/items?key=toy-key', {
      method: 'POST',
      body: '[{"name":"x"}]',
      headers: { 'content-type': 'application/json' },
    })
    expect(r.status).toBe(423)
    const bad = await get(e, '/__kopru/switches', write('PUT', { frozen: 'very' }))
    expect(bad.status).toBe(400)
  })

  it('replaces the state with a dump and refuses malformed admin JSON', async () => {
    const e = emu()
    await get(e, '/__kopru/state', write('PUT', { items: [{ id: 1, name: 'only' }] }))
    expect(await body(await get(e, '/v1/items/1?key=toy-key'))).toEqual({
      data: { id: 1, name: 'only' },
    })
    expect((await get(e, '/__kopru/chaos', write('PUT', '{nope'))).status).toBe(400)
    expect((await get(e, '/__kopru/chaos', write('PUT', { drop: 2 }))).status).toBe(400)
  })
})

describe('chaos', () => {
  const statuses = async (e: ReturnType<typeof emu>, n: number) => {
    const out: number[] = []
    for (let i = 0; i < n; i++) {
      const r = await e.fetch(`http://toy/v1/items/1?key=toy-key`).catch(() => undefined)
      out.push(r?.status ?? 0)
    }
    return out
  }

  it('injects the configured share of faults, reproducibly for a seed', async () => {
    const settings = { seed: 5, errors: { '503': 0.2, '429': 0.1 }, drop: 0.1 }
    const a = await statuses(emu({ chaos: settings }), 400)
    const b = await statuses(emu({ chaos: settings }), 400)
    expect(a).toEqual(b)
    const share = (s: number) => a.filter((x) => x === s).length / a.length
    expect(share(503)).toBeGreaterThan(0.13)
    expect(share(503)).toBeLessThan(0.27)
    expect(share(0)).toBeGreaterThan(0.05)
    expect(share(200)).toBeGreaterThan(0.5)
  })

  it('sends Retry-After with a 429 and leaves the admin API alone', async () => {
    const e = emu({ chaos: { errors: { '429': 1 }, retryAfterSeconds: 7 } })
    const r = await get(e, '/v1/items/1?key=toy-key')
    expect(r.status).toBe(429)
    expect(r.headers.get('retry-after')).toBe('7')
    expect((await get(e, '/__kopru/health')).status).toBe(200)
  })

  it('drops the connection: the in-process fetch rejects as a network failure', async () => {
    const e = emu({ chaos: { drop: 1 } })
    await expect(e.fetch('http://toy/v1/items/1?key=toy-key')).rejects.toMatchObject({
      cause: { code: 'UND_ERR_SOCKET' },
    })
  })

  it('limits each credential to the configured rate', async () => {
    const e = emu({ chaos: { rateLimitPerSecond: 3 } })
    const codes = await statuses(e, 5)
    expect(codes.filter((c) => c === 429).length).toBeGreaterThanOrEqual(1)
  })
})

describe.each(vendors)('$name vendor routes against hostile input', (vendor: Vendor) => {
  const def = registry[vendor.name]!.emulator
  const emulator = () => vendor.emulator()
  const post = async (e: ReturnType<typeof emulator>, body: string) => {
    const { headers, query } = await vendor.auth(e)
    return e.fetch(`${e.baseUrl()}${vendor.write}${query}`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', ...headers },
    })
  }

  it("answers a body over the API's limit in its own shape", async () => {
    const r = await post(emulator(), 'x'.repeat(def.maxBodyBytes + 1))
    expect(r.status).toBe(vendor.tooLarge.status)
    expect(await r.json()).toMatchObject(vendor.tooLarge.body)
  })

  it('answers JSON 100,000 levels deep with its own bad-request answer, no failure', async () => {
    const failures = vi.spyOn(console, 'error')
    const r = await post(emulator(), '['.repeat(100_000) + ']'.repeat(100_000))
    expect(failures).not.toHaveBeenCalled()
    failures.mockRestore()
    expect(r.status).toBe(vendor.malformed.status)
    expect(await r.json()).toMatchObject(vendor.malformed.body)
  })

  it('lists the methods a path takes in Allow when it answers a wrong method', async () => {
    const e = emulator()
    const { headers, query } = await vendor.auth(e)
    const r = await e.fetch(`${e.baseUrl()}${vendor.readOnly}${query}`, {
      method: 'DELETE',
      headers,
    })
    expect(r.status).toBe(vendor.methodNotAllowed)
    expect(r.headers.get('allow')).toBe('GET, HEAD')
  })
})

describe.each(vendors.filter((v) => v.wrongAuth))(
  '$name credentials in a header',
  (vendor: Vendor) => {
    /** 50 MiB sent as asked for, counting what the host pulled. */
    const lazyBody = () => {
      const counter = { pulled: 0 }
      const stream = new ReadableStream<Uint8Array>(
        {
          pull(controller) {
            if (++counter.pulled > 800) controller.close()
            else controller.enqueue(new Uint8Array(64 * 1024).fill(0x20))
          },
        },
        { highWaterMark: 0 },
      )
      return { counter, stream }
    }

    it('are checked before the body: a wrong one is refused without reading it', async () => {
      const e = vendor.emulator()
      const { counter, stream } = lazyBody()
      const r = await e.fetch(`${e.baseUrl()}${vendor.write}`, {
        method: 'POST',
        body: stream,
        headers: { 'content-type': 'application/json', ...vendor.wrongAuth },
        duplex: 'half',
      } as RequestInit)
      expect(r.status).toBe(401)
      expect(counter.pulled).toBe(0)
      expect(e.log.list().at(-1)).toMatchObject({ status: 401, body: undefined })
    })

    it('and a right one has the body read, up to the limit', async () => {
      const e = vendor.emulator()
      const { counter, stream } = lazyBody()
      const r = await e.fetch(`${e.baseUrl()}${vendor.write}`, {
        method: 'POST',
        body: stream,
        headers: { 'content-type': 'application/json', ...(await vendor.auth(e)).headers },
        duplex: 'half',
      } as RequestInit)
      expect(r.status).toBe(vendor.tooLarge.status)
      expect(counter.pulled).toBeGreaterThan(0)
      expect(counter.pulled).toBeLessThan(800)
    })
  },
)

describe('the request log', () => {
  it("never shows Narwoo's password or token, wherever they travel", async () => {
    const password = 'Gizli-Sifre-2026'
    const e = createEmulator(registry.narwoo!.emulator, {
      sizes: { products: 3, orders: 3, customers: 3 },
      credentials: { userPassword: password },
    })
    const base = e.baseUrl()
    const token = await narwooToken(e)
    const form = { 'content-type': 'application/x-www-form-urlencoded' }
    await e.fetch(`${base}/login?userEmail=x%40y.z&userPassword=${password}-wrong`)
    await e.fetch(`${base}/order-list?limit=2&token=${token}`)
    await e.fetch(`${base}/order-confirm`, {
      method: 'POST',
      body: `order_number=1&token=${token}`,
      headers: form,
    })
    await e.fetch(`${base}/order-confirm`, {
      method: 'POST',
      body: JSON.stringify({ order_number: '1', token }),
      headers: { 'content-type': 'application/json' },
    })
    // login is a GET: a POST of it is refused, and its body logged
    await e.fetch(`${base}/login`, {
      method: 'POST',
      body: `userPassword=${password}`,
      headers: form,
    })
    const log = await (await e.fetch('http://narwoo.emulator.invalid/__kopru/requests')).text()
    expect(JSON.parse(log)).toHaveLength(6)
    expect(log).not.toContain(password)
    expect(log).not.toContain(token)
    expect(log).toContain('token=***')
  })
})
