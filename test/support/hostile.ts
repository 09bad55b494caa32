/**
 * A hostile vendor: a proxy in front of the emulators that swaps chosen answers for what proxies,
 * load balancers and half-finished deploys send instead of the vendor's answer, with HTTP 200.
 * Reachable in process (`fetch`) and over a socket (`serve`), the same rules either way.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { matchesQuery, wirePathOf, type ApiDef } from '../../src/core/operation.ts'
import type { Emulator } from '../../src/emulator/host.ts'

/**
 * What comes back instead. The first four come from something in front of the vendor, which never
 * saw the call; `truncated` and `wrongShape` are answers to a call the vendor did carry out.
 */
export const corruptions = ['html', 'garbage', 'empty', 'null', 'truncated', 'wrongShape'] as const
export type Corruption = (typeof corruptions)[number]

/** Whether the vendor carried out the call whose answer was swapped. */
export const reachesVendor = (c: Corruption) => c === 'truncated' || c === 'wrongShape'

export interface Rule {
  api: string
  operationId: string
  corruption: Corruption
  /** only the nth call of that operation (1 for the first); every call when absent */
  nth?: number
}

export class HostileProxy {
  rules: Rule[] = []
  /** calls seen per `api operationId`, corrupted or not */
  readonly calls = new Map<string, number>()
  /** answers swapped so far */
  swapped = 0
  private readonly byHost: Map<string, Emulator>

  constructor(private readonly emulators: readonly Emulator[]) {
    this.byHost = new Map(emulators.map((e) => [new URL(e.baseUrl()).host, e]))
  }

  /** Every answer passes unchanged from now on. */
  heal(): void {
    this.rules = []
  }

  /** In-process `fetch` for clients whose base URLs are the emulators' default ones. */
  readonly fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init)
    const emulator = this.byHost.get(new URL(request.url).host)
    if (!emulator) throw new TypeError(`no emulator at ${request.url}`)
    return this.answer(emulator, request)
  }

  private async answer(emulator: Emulator, request: Request): Promise<Response> {
    const url = new URL(request.url)
    const id = operationOf(emulator.def.api, emulator.basePath, request.method, url)
    const key = `${emulator.name} ${id}`
    const n = (this.calls.get(key) ?? 0) + 1
    this.calls.set(key, n)
    const rule = this.rules.find(
      (r) =>
        r.api === emulator.name && r.operationId === id && (r.nth === undefined || r.nth === n),
    )
    if (!rule) return emulator.fetch(request)
    this.swapped++
    const real = reachesVendor(rule.corruption) ? await emulator.fetch(request) : undefined
    return swap(rule.corruption, real ? await real.text() : '')
  }

  /** One HTTP server per emulator, on loopback, in front of it; their base URLs by API name. */
  async serve(): Promise<{ urls: Record<string, string>; close(): Promise<void> }> {
    const servers: Server[] = []
    const urls: Record<string, string> = {}
    for (const emulator of this.emulators) {
      const server = createServer((req, res) => {
        const chunks: Buffer[] = []
        req.on('data', (chunk: Buffer) => chunks.push(chunk))
        req.on('end', () => {
          const body = chunks.length ? Buffer.concat(chunks) : undefined
          const target = new URL(req.url!, emulator.baseUrl())
          const request = new Request(target, {
            method: req.method!,
            headers: Object.entries(req.headers).flatMap(([k, v]) =>
              typeof v === 'string' ? [[k, v] as [string, string]] : [],
            ),
            ...(body && req.method !== 'GET' ? { body } : {}),
          })
          this.answer(emulator, request).then(
            async (response) => {
              const bytes = Buffer.from(await response.arrayBuffer())
              res.writeHead(response.status, Object.fromEntries(response.headers))
              res.end(bytes)
            },
            () => req.socket.destroy(),
          )
        })
      })
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
      servers.push(server)
      const { port } = server.address() as AddressInfo
      urls[emulator.name] = `http://127.0.0.1:${port}${emulator.basePath}`
    }
    return {
      urls,
      close: async () => {
        for (const server of servers) {
          server.closeAllConnections()
          await new Promise((resolve) => server.close(resolve))
        }
      },
    }
  }
}

function swap(corruption: Corruption, real: string): Response {
  const html = { 'content-type': 'text/html; charset=utf-8' }
  const json = { 'content-type': 'application/json' }
  switch (corruption) {
    case 'html':
      return new Response('<!doctype html><html><body><h1>Bakım çalışması</h1></body></html>', {
        headers: html,
      })
    case 'garbage':
      return new Response(new Uint8Array([0x1f, 0x8b, 0x08, 0x00, 0xff, 0xfe, 0x7b]), {
        headers: json,
      })
    case 'empty':
      return new Response(null, { status: 200, headers: json })
    case 'null':
      return new Response('null', { headers: json })
    case 'truncated':
      return new Response(real.slice(0, Math.max(1, Math.floor(real.length / 2))), {
        headers: json,
      })
    case 'wrongShape':
      return new Response(JSON.stringify({ ok: true, result: [] }), { headers: json })
  }
}

/** The operation a request is for, as the emulator routes it (the selecting query wins). */
export function operationOf(api: ApiDef, basePath: string, method: string, url: URL): string {
  const path = url.pathname.replace(/\/+$/, '')
  const candidates = Object.entries(api.operations)
    .filter(([, op]) => op.method === method)
    .filter(([, op]) => pattern(basePath + wirePathOf(op)).test(path))
    .sort(([, a], [, b]) => (b.match?.query.length ?? 0) - (a.match?.query.length ?? 0))
  const found = candidates.find(([, op]) => matchesQuery(op, (q) => url.searchParams.has(q)))
  return found?.[0] ?? `${method} ${path}`
}

function pattern(template: string): RegExp {
  const escaped = template
    .replace(/\/+$/, '')
    .replace(/[.*+?^$()|[\]\\]/g, '\\$&')
    .replace(/\{[^}]+\}/g, '[^/]+')
  return new RegExp(`^${escaped}$`)
}
