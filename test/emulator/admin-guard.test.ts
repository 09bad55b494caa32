import type { Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { hostAllowed, isLoopback } from '../../src/emulator/admin-guard.ts'
import { createEmulator, type EmulatorOptions } from '../../src/emulator/host.ts'
import { serveEmulators } from '../../src/emulator/serve.ts'
import { toyEmulator } from '../support/toy-emulator.ts'
import { rawRequest } from '../support/raw-http.ts'

const emu = (options: EmulatorOptions = {}) => createEmulator(toyEmulator, options)
type Toy = ReturnType<typeof emu>
const items = (e: Toy) => (e.dump() as { items: unknown[] }).items.length
const JSON_TYPE = { 'content-type': 'application/json' }

/** An emulator with a sixth item, so that a reset that went through shows. */
async function changed(options: EmulatorOptions = {}): Promise<Toy> {
  const e = emu(options)
  await e.fetch('http://toy/v1/items?key=toy-key', {
    method: 'POST',
    body: '[{"name":"added"}]',
    headers: JSON_TYPE,
  })
  expect(items(e)).toBe(6)
  return e
}

describe('in process', () => {
  const admin = (e: Toy, path: string, init: RequestInit = {}) =>
    e.fetch(`${e.baseUrl().replace(/\/v1$/, '')}/__kopru${path}`, init)

  it('refuses a cross-site text/plain POST to reset, and the state stays', async () => {
    const e = await changed()
    const r = await admin(e, '/reset', {
      method: 'POST',
      body: 'x',
      headers: { origin: 'https://evil.example', 'content-type': 'text/plain' },
    })
    expect(r.status).toBe(403)
    expect(items(e)).toBe(6)
  })

  it('answers its own origin, and callers that send no Origin', async () => {
    const e = await changed()
    const own = await admin(e, '/health', { headers: { origin: 'http://toy.emulator.invalid' } })
    expect(own.status).toBe(200)
    expect((await admin(e, '/reset', { method: 'POST' })).status).toBe(200)
    expect(items(e)).toBe(5)
  })

  it('takes admin writes only as application/json', async () => {
    const e = await changed()
    const reset = (headers: Record<string, string>, body?: string) =>
      admin(e, '/reset', { method: 'POST', headers, ...(body === undefined ? {} : { body }) })
    expect((await reset({ 'content-type': 'text/plain' }, 'x')).status).toBe(415)
    expect((await reset({ 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(415)
    expect(items(e)).toBe(6)
    const put = await admin(e, '/switches', {
      method: 'PUT',
      body: '{"frozen":true}',
      headers: { 'content-type': 'application/json; charset=utf-8' },
    })
    expect(put.status).toBe(200)
  })

  it('wants the admin token when one is set', async () => {
    const e = emu({ adminToken: 'adm1n-t0ken' })
    const health = (authorization?: string) =>
      admin(e, '/health', authorization ? { headers: { authorization } } : {})
    const refused = await health()
    expect(refused.status).toBe(401)
    expect(refused.headers.get('www-authenticate')).toMatch(/^Bearer/)
    expect((await health('Bearer adm1n-t0kex')).status).toBe(401)
    expect((await health('Bearer adm1n-t0ken')).status).toBe(200)
  })
})

describe('over a socket', () => {
  const closers: (() => Promise<void>)[] = []
  afterEach(async () => Promise.all(closers.splice(0).map((close) => close())))

  async function served(e: Toy, hostname = '127.0.0.1') {
    const serving = await serveEmulators([e], { hostname })
    closers.push(() => serving.close())
    return serving.served[0]!.port
  }
  const reset = (port: number, headers: string[], body = '') =>
    rawRequest(port, ['POST /__kopru/reset HTTP/1.1', ...headers], body)

  it('refuses a Host that is not its address (DNS rebinding), and the state stays', async () => {
    const e = await changed()
    const port = await served(e)
    const rebound = [`host: rebind.example:${port}`, `origin: http://rebind.example:${port}`]
    expect((await reset(port, rebound)).status).toBe(403)
    expect((await reset(port, [`host: 127.0.0.1:${port + 1}`])).status).toBe(403)
    const state = await rawRequest(port, [
      'GET /__kopru/state HTTP/1.1',
      `host: evil.example:${port}`,
    ])
    expect(state.status).toBe(403)
    expect(state.body).not.toContain('item')
    expect(items(e)).toBe(6)
  })

  it('refuses a cross-site text/plain POST to reset, and the state stays', async () => {
    const e = await changed()
    const port = await served(e)
    const crossSite = [
      `host: 127.0.0.1:${port}`,
      'origin: https://evil.example',
      'content-type: text/plain',
    ]
    expect((await reset(port, crossSite, 'x')).status).toBe(403)
    expect(
      (await reset(port, [`host: 127.0.0.1:${port}`, 'content-type: text/plain'], 'x')).status,
    ).toBe(415)
    expect(items(e)).toBe(6)
  })

  it.each(['127.0.0.1', 'localhost'])('answers the listening host:port as %s', async (name) => {
    const e = await changed()
    const port = await served(e)
    expect(
      (await reset(port, [`host: ${name}:${port}`, `origin: http://${name}:${port}`])).status,
    ).toBe(200)
    expect(items(e)).toBe(5)
  })

  it('answers fetch as kopru and its tests call it', async () => {
    const e = await changed()
    const port = await served(e)
    expect((await fetch(`http://127.0.0.1:${port}/__kopru/health`)).status).toBe(200)
    const r = await fetch(`http://localhost:${port}/__kopru/reset`, { method: 'POST' })
    expect(r.status).toBe(200)
  })

  it('with a token, takes any Host that comes with it', async () => {
    const e = await changed({ adminToken: 'adm1n-t0ken' })
    const port = await served(e)
    const named = `host: emulators.lan:${port}`
    expect((await reset(port, [named])).status).toBe(401)
    expect((await reset(port, [named, 'authorization: Bearer adm1n-t0ken'])).status).toBe(200)
  })

  it('will not serve on an interface other than loopback without an admin token', async () => {
    await expect(serveEmulators([emu()], { hostname: '0.0.0.0' })).rejects.toThrow(
      /0\.0\.0\.0 is not a loopback address: toy .*admin token/,
    )
    const port = await served(emu({ adminToken: 'adm1n-t0ken' }), '0.0.0.0')
    const health = await fetch(`http://127.0.0.1:${port}/__kopru/health`, {
      headers: { authorization: 'Bearer adm1n-t0ken' },
    })
    expect(health.status).toBe(200)
  })
})

describe('hostAllowed', () => {
  const socket = (localAddress: string, localPort = 4402) => ({ localAddress, localPort }) as Socket

  it.each([
    ['127.0.0.1:4402', '127.0.0.1', true],
    ['localhost:4402', '127.0.0.1', true],
    ['LOCALHOST:4402', '::1', true],
    ['[::1]:4402', '::1', true],
    ['127.0.0.1:4402', '::ffff:127.0.0.1', true],
    ['192.168.1.5:4402', '192.168.1.5', true],
    ['localhost:4402', '192.168.1.5', false],
    ['127.0.0.1:4403', '127.0.0.1', false],
    ['127.0.0.1', '127.0.0.1', false],
    ['evil.example:4402', '127.0.0.1', false],
    ['localhost.:4402', '127.0.0.1', false],
    ['user@localhost:4402', '127.0.0.1', false],
    ['localhost:4402/x', '127.0.0.1', false],
  ])('Host %s on a connection to %s: %s', (host, address, allowed) => {
    expect(hostAllowed(host, socket(address), new Set())).toBe(allowed)
  })

  it('takes the name the server was told to listen under', () => {
    expect(hostAllowed('emulator.test:4402', socket('127.0.0.1'), new Set(['emulator.test']))).toBe(
      true,
    )
  })
})

describe('isLoopback', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.8.0.1', true],
    ['localhost', true],
    ['::1', true],
    ['[::1]', true],
    ['0.0.0.0', false],
    ['::', false],
    ['192.168.1.5', false],
    ['emulators.lan', false],
  ])('isLoopback(%s) is %s', (host, loopback) => {
    expect(isLoopback(host)).toBe(loopback)
  })
})
