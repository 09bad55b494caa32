import { mkdtempSync, rmSync } from 'node:fs'
import type { Server } from 'node:http'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { serve } from '@hono/node-server'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { registry } from '../../src/apis/registry.ts'
import { createEmulator } from '../../src/emulator/host.ts'
import { serveEmulators } from '../../src/emulator/serve.ts'
import { toyEmulator } from '../support/toy-emulator.ts'
import { vendors, type Vendor } from '../support/vendors.ts'
import { rawRequest } from '../support/raw-http.ts'

const clock = () => new Date('2026-03-01T10:00:00Z')
const emu = (options = {}) => createEmulator(toyEmulator, { clock, ...options })

/** One raw HTTP/1.1 exchange: everything the server sent before it closed the connection. */
function exchange(port: number, request: string): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    const socket = net.connect({ port, host: '127.0.0.1' })
    socket.on('data', (chunk) => chunks.push(chunk))
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')))
    // the Host names the port the server listens on, as every HTTP client writes it
    socket.write(request.replace('host: 127.0.0.1\r\n', `host: 127.0.0.1:${port}\r\n`))
  })
}

const request = (method: string, target: string, headers: string[] = [], body?: string) =>
  [
    `${method} ${target} HTTP/1.1`,
    'host: 127.0.0.1',
    // the server closes once it answered: the end of the exchange, whatever the framing
    'connection: close',
    ...headers,
    ...(body === undefined ? [] : [`content-length: ${Buffer.byteLength(body)}`]),
    '',
    body ?? '',
  ].join('\r\n')

/** A call whose body comes in chunks, as `request` has it otherwise. */
const chunked = (method: string, target: string, body: string) =>
  [
    `${method} ${target} HTTP/1.1`,
    'host: 127.0.0.1',
    'connection: close',
    'content-type: application/json',
    'transfer-encoding: chunked',
    '',
    `${Buffer.byteLength(body).toString(16)}\r\n${body}\r\n0\r\n\r\n`,
  ].join('\r\n')

const json = 'content-type: application/json'
const form = 'content-type: application/x-www-form-urlencoded'
const calls = [
  request('GET', '/v1/items?key=toy-key'),
  request('GET', '/v1/items?key=toy-key&page=2&size=2'),
  request('GET', '/v1/items/?key=toy-key&since=01-02-2026'),
  request('GET', '/v1/items?key=toy-key&page=zero'),
  request('GET', '/v1/items?key=toy-key&page=1&page=2'),
  request('GET', '/v1/items?key=toy-key&x=a+b&y=%C3%A7'),
  request('GET', "/v1/items?key=toy-key&q='quoted'"),
  request('GET', '/v1/items?'),
  request('GET', '/v1/items/2?key=toy-key'),
  request('GET', '/v1/items/99?key=toy-key'),
  request('GET', '/v1/items/%32?key=toy-key'),
  request('GET', '/v1/./items/2?key=toy-key'),
  request('GET', '/v1//items?key=toy-key'),
  request('GET', '/v1/nowhere?key=toy-key'),
  request('DELETE', '/v1/items/2?key=toy-key'),
  request('HEAD', '/v1/items?key=toy-key'),
  request('POST', '/v1/items?key=toy-key', [json], '[{"name":"new"}]'),
  request('POST', '/v1/items?key=toy-key', [json], '{oops'),
  request('POST', '/v1/items?key=toy-key', [json], '[{},{},{}]'),
  request('POST', '/v1/items?key=toy-key', ['content-type: text/plain'], '[]'),
  request('POST', '/v1/items?key=toy-key', [json, 'transfer-encoding: chunked']) +
    '10\r\n[{"name":"big"}]\r\n0\r\n\r\n',
  request('POST', '/v1/items/1/rename?key=toy-key', [form], 'name=renamed&tags=a&tags=b'),
  request('POST', '/v1/items/1/rename?key=toy-key', [form], 'name=crash'),
  'GET /v1/items?key=toy-key HTTP/1.0\r\nhost: 127.0.0.1\r\n\r\n',
  'GET /v1/items?key=toy-key HTTP/1.0\r\n\r\n',
  request('GET', '/__kopru/health'),
  request('GET', '/__kopru/requests'),
]

describe('serving on node:http', () => {
  const closers: (() => Promise<void>)[] = []
  const dirs: string[] = []
  afterEach(async () => {
    await Promise.all(closers.splice(0).map((close) => close()))
    dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }))
  })

  /** The emulator served as kopru serves it, and a twin behind @hono/node-server alone. */
  async function twins(options = {}) {
    const e = emu(options)
    const twin = emu(options)
    const serving = await serveEmulators([e])
    const reference = await new Promise<Server>((resolve) => {
      const server = serve({ fetch: twin.app.fetch, port: 0, hostname: '127.0.0.1' }, () =>
        resolve(server as Server),
      ) as Server
    })
    closers.push(
      () => serving.close(),
      () => new Promise((resolve) => reference.close(() => resolve()).closeAllConnections()),
    )
    const port = (reference.address() as net.AddressInfo).port
    return { kopru: serving.served[0]!.port, hono: port, e }
  }

  // what differs from run to run: the date, timings (and so the length of what shows them), ids
  const same = (text: string) =>
    (/"(durationMs|uptimeMs)"/.test(text) ? text.replace(/Content-Length: \d+/, '') : text)
      .replace(/Date: [^\r]+/g, 'Date: -')
      .replace(/"(durationMs|uptimeMs)":[\d.]+/g, '"$1":0')
      .replace(/"requestId":"\w+"/g, '"requestId":"-"')

  it('answers every call byte for byte as the Hono app does, and logs it the same', async () => {
    const { kopru, hono } = await twins()
    for (const call of calls) {
      expect(same(await exchange(kopru, call)), call).toBe(same(await exchange(hono, call)))
    }
  })

  it('answers chaos faults as the Hono app does', async () => {
    const cases = [
      { errors: { '429': 1 }, retryAfterSeconds: 7 },
      { errors: { '500': 1 } },
      { slowBody: 1, slowBodyMs: 20 },
      { latencyMs: [10, 20] },
      { drop: 1 },
    ]
    for (const chaos of cases) {
      const { kopru, hono } = await twins({ chaos })
      const call = request('GET', '/v1/items?key=toy-key')
      expect(same(await exchange(kopru, call)), JSON.stringify(chaos)).toBe(
        same(await exchange(hono, call)),
      )
    }
  })

  it('answers a vendor call, a body of declared length included, without going through Hono', async () => {
    const { kopru, e } = await twins()
    const viaHono = vi.spyOn(e.app, 'fetch')
    await exchange(kopru, request('GET', '/v1/items/2?key=toy-key'))
    await exchange(kopru, request('GET', '/v1/items?key=toy-key&page=2'))
    await exchange(kopru, request('POST', '/v1/items?key=toy-key', [json], '[{"name":"x"}]'))
    expect(viaHono).not.toHaveBeenCalled()
    await exchange(kopru, chunked('POST', '/v1/items?key=toy-key', '[{"name":"y"}]'))
    await exchange(kopru, request('GET', '/__kopru/health'))
    expect(viaHono).toHaveBeenCalledTimes(2)
    expect((e.dump() as { items: { name: string }[] }).items.map((i) => i.name)).toEqual(
      expect.arrayContaining(['x', 'y']),
    )
  })

  it('applies a write whose client hung up once it was sent, as through Hono', async () => {
    const { kopru, e } = await twins({ chaos: { latencyMs: [50, 50] } })
    const socket = net.connect({ port: kopru, host: '127.0.0.1' })
    socket.write(request('POST', '/v1/items?key=toy-key', [json], '[{"name":"late"}]'))
    await new Promise((resolve) => setTimeout(resolve, 10))
    socket.destroy()
    await vi.waitFor(() => expect(e.log.count('items.add')).toBe(1))
    expect((e.dump() as { items: unknown[] }).items).toContainEqual({ id: 6, name: 'late' })
  })

  it('keeps what a served call changed in the data folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kopru-'))
    dirs.push(dir)
    const { kopru } = await twins({ dataDir: dir })
    await exchange(kopru, request('POST', '/v1/items?key=toy-key', [json], '[{"name":"kept"}]'))
    expect((emu({ dataDir: dir }).dump() as { items: unknown[] }).items).toContainEqual({
      id: 6,
      name: 'kept',
    })
  })
})

describe.each(vendors)('$name served on node:http', (vendor: Vendor) => {
  const closers: (() => Promise<void>)[] = []
  afterEach(async () => Promise.all(closers.splice(0).map((close) => close())))

  async function served() {
    const e = vendor.emulator()
    const serving = await serveEmulators([e])
    closers.push(() => serving.close())
    const { port, baseUrl } = serving.served[0]!
    const { headers, query } = await vendor.auth(e)
    const head = (method: string, path: string, extra: Record<string, string> = headers) => [
      `${method} ${new URL(baseUrl).pathname.replace(/\/$/, '')}${path} HTTP/1.1`,
      `host: 127.0.0.1:${port}`,
      'content-type: application/json',
      ...Object.entries(extra).map(([k, v]) => `${k}: ${v}`),
    ]
    return { e, port, head, query }
  }

  it('refuses a body declared over the limit in its own shape, before it arrives', async () => {
    const { port, head, query, e } = await served()
    const limit = registry[vendor.name]!.emulator.maxBodyBytes
    const r = await rawRequest(port, head('POST', vendor.write + query), '[', limit + 1)
    expect(r.status).toBe(vendor.tooLarge.status)
    expect(JSON.parse(r.body)).toMatchObject(vendor.tooLarge.body)
    expect(e.log.list().at(-1)!.body).toBeUndefined()
  })

  it('answers JSON 100,000 levels deep with its own bad-request answer', async () => {
    const { port, head, query } = await served()
    const deep = '['.repeat(100_000) + ']'.repeat(100_000)
    const r = await rawRequest(port, head('POST', vendor.write + query), deep)
    expect(r.status).toBe(vendor.malformed.status)
    expect(JSON.parse(r.body)).toMatchObject(vendor.malformed.body)
  })

  it('lists the methods a path takes in Allow', async () => {
    const { port, head, query } = await served()
    const r = await rawRequest(port, head('DELETE', vendor.readOnly + query))
    expect([r.status, r.headers.allow]).toEqual([vendor.methodNotAllowed, 'GET, HEAD'])
  })

  // the credential of an API whose token can travel in the body is read with the body limit
  it.skipIf(!vendor.wrongAuth)(
    'refuses a wrong header credential with 50 MB announced and none of it sent',
    async () => {
      const { port, head, e } = await served()
      const r = await rawRequest(port, head('POST', vendor.write, vendor.wrongAuth), '', 50e6)
      expect(r.status).toBe(401)
      expect(e.log.list().at(-1)).toMatchObject({ status: 401, body: undefined })
    },
  )
})

describe('the request log over node:http', () => {
  it("never shows Narwoo's password or token, also for calls answered without Hono", async () => {
    const e = createEmulator(registry.narwoo!.emulator, {
      sizes: { products: 3, orders: 3, customers: 3 },
    })
    const serving = await serveEmulators([e])
    try {
      const base = serving.served[0]!.baseUrl
      const { userEmail, userPassword } = e.credentials
      const login = await fetch(`${base}/login?userEmail=${userEmail}&userPassword=${userPassword}`)
      const { token } = ((await login.json()) as { o: { token: string } }).o
      await fetch(`${base}/order-list?token=${token}`)
      const log = await (await fetch(`${serving.served[0]!.adminUrl}/requests`)).text()
      expect(JSON.parse(log)).toHaveLength(2)
      expect(log).not.toContain(userPassword)
      expect(log).not.toContain(token)
    } finally {
      await serving.close()
    }
  })
})

describe('a page asked for again over node:http', () => {
  it('goes out in pieces with the same bytes as the first answer, its length where node puts it', async () => {
    const e = createEmulator(registry.mailkomplet!.emulator, { clock, sizes: { contacts: 300 } })
    const serving = await serveEmulators([e])
    try {
      const { port, baseUrl } = serving.served[0]!
      const target = `${new URL(baseUrl).pathname}/contacts?pageSize=300`
      const call = request('GET', target, [`authorization: Basic ${e.credentials.apiKey}`])
      const first = await exchange(port, call)
      // the second answer is the cached page between two texts, written without a copy
      const again = await exchange(port, call)
      const head = again.slice(0, again.indexOf('\r\n\r\n'))
      expect(head).toMatch(/\r\nConnection: close\r\nContent-Length: \d+$/)
      expect(head).not.toMatch(/transfer-encoding/i)
      const length = Number(/Content-Length: (\d+)/.exec(head)![1])
      expect(length).toBeGreaterThan(16 * 1024)
      expect(Buffer.byteLength(again.slice(head.length + 4), 'latin1')).toBe(length)
      expect(again.replace(/Date: [^\r]+/, '')).toBe(first.replace(/Date: [^\r]+/, ''))
    } finally {
      await serving.close()
    }
  })
})
