/**
 * The transport's default exchange (undici's connection pool, no `fetch` given) against real
 * sockets: what arrives, what comes back, and each way a connection can fail.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { gzipSync } from 'node:zlib'
import { Agent } from 'undici'
import { afterEach, describe, expect, it } from 'vitest'
import { createApiClient, type ClientOptions } from '../../src/core/client.ts'
import {
  AnswerTooLargeError,
  NetworkError,
  RedirectError,
  TimeoutError,
  UnexpectedAnswerError,
  VendorApiError,
} from '../../src/core/errors.ts'
import { setField } from '../../src/core/request.ts'
import type { VendorProtocol } from '../../src/core/transport.ts'
import { toyApi, toyProtocol } from '../support/toy-api.ts'

interface Seen {
  method: string
  url: string
  headers: IncomingMessage['headers']
  body: string
}

type Handler = (req: IncomingMessage, res: ServerResponse, n: number) => void

const closers: (() => Promise<void>)[] = []
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()))
})

/** A server on a free port answering with `handler`; every request it reads is in `seen`. */
async function serve(handler: Handler) {
  const seen: Seen[] = []
  const server = createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (chunk: string) => (body += chunk))
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body })
      handler(req, res, seen.length)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  closers.push(
    () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  )
  const { port } = server.address() as AddressInfo
  return { seen, baseUrl: `http://127.0.0.1:${port}/v1` }
}

const json = (res: ServerResponse, status: number, body: unknown, headers = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers })
  res.end(JSON.stringify(body))
}

function toy(baseUrl: string, options: ClientOptions = {}) {
  return createApiClient(toyApi, toyProtocol, {
    baseUrl,
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
    ...options,
  })
}

describe('the pooled exchange', () => {
  it('sends method, URL, headers and body as built, and reads status, headers and JSON', async () => {
    const { seen, baseUrl } = await serve((_req, res) =>
      json(res, 200, { data: [{ id: 1, name: 'Çay' }] }, { 'x-request-id': 'r-1' }),
    )
    const answer = await toy(baseUrl).request('items.add', { body: [{ name: 'Çay' }] })
    expect(seen).toHaveLength(1)
    expect(seen[0]).toMatchObject({
      method: 'POST',
      url: '/v1/items?key=secret-key',
      body: '[{"name":"Çay"}]',
    })
    expect(seen[0]!.headers['content-type']).toBe('application/json')
    expect(seen[0]!.headers.accept).toBe('application/json')
    expect(answer.status).toBe(200)
    expect(answer.data).toEqual([{ id: 1, name: 'Çay' }])
    expect(answer.headers.get('x-request-id')).toBe('r-1')
  })

  it('keeps repeated answer headers', async () => {
    const { baseUrl } = await serve((_req, res) => {
      res.setHeader('set-cookie', ['a=1', 'b=2'])
      json(res, 200, { data: { id: 1, name: 'x' } })
    })
    const answer = await toy(baseUrl).request('items.get', { id: '1' })
    expect(answer.headers.getSetCookie()).toEqual(['a=1', 'b=2'])
  })

  it('follows a redirect within the API’s origin, the credentials with it', async () => {
    const { seen, baseUrl } = await serve((req, res) => {
      if (req.url!.startsWith('/v1/')) {
        res.writeHead(301, { location: req.url!.replace('/v1/', '/v2/') })
        res.end()
      } else json(res, 200, { data: { id: 4, name: 'moved' } })
    })
    expect(await toy(baseUrl).items.get({ id: '4' })).toEqual({ id: 4, name: 'moved' })
    expect(seen.map((s) => s.url)).toEqual([
      '/v1/items/4?key=secret-key',
      '/v2/items/4?key=secret-key',
    ])
  })

  it('honours Retry-After on a 429 and answers with the retry', async () => {
    const { seen, baseUrl } = await serve((_req, res, n) =>
      n === 1
        ? json(res, 429, { error: 'slow down' }, { 'retry-after': '0' })
        : json(res, 200, { data: { id: 2, name: 'y' } }),
    )
    const answer = await toy(baseUrl).request('items.get', { id: '2' })
    expect(seen).toHaveLength(2)
    expect(answer.attempts).toBe(2)
    expect(answer.data).toEqual({ id: 2, name: 'y' })
  })

  it('raises the vendor error of a 4xx with the body read', async () => {
    const { baseUrl } = await serve((_req, res) => json(res, 404, { error: 'no such item' }))
    const error = await toy(baseUrl)
      .items.get({ id: '9' })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(VendorApiError)
    expect(error).toMatchObject({ httpStatus: 404, vendorMessage: 'no such item', attempts: 1 })
  })

  it('a connection refused is a NetworkError that was surely not sent', async () => {
    const { baseUrl } = await serve(() => {})
    await closers.pop()!()
    const error = await toy(baseUrl, { retry: false })
      .items.get({ id: '1' })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(NetworkError)
    expect(error).toMatchObject({ notSent: true, attempts: 1 })
    expect((error as Error).message).toMatch(/ECONNREFUSED/)
  })

  it('a connection dropped before the answer: a safe read is repeated, a write is not', async () => {
    const { seen, baseUrl } = await serve((req, res, n) =>
      n === 1 || req.method === 'POST'
        ? req.socket.destroy()
        : json(res, 200, { data: { id: 3, name: 'z' } }),
    )
    const client = toy(baseUrl)
    expect(await client.items.get({ id: '3' })).toEqual({ id: 3, name: 'z' })
    expect(seen).toHaveLength(2)
    const error = await client.items.add({ body: [{ name: 'once' }] }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(NetworkError)
    expect(error).toMatchObject({ notSent: false, attempts: 1 })
    expect(seen.filter((s) => s.method === 'POST')).toHaveLength(1)
  })

  it('no answer within the timeout is a TimeoutError, and the caller’s abort wins', async () => {
    const { baseUrl } = await serve(() => {})
    const client = toy(baseUrl, { retry: false, timeoutMs: 50 })
    await expect(client.items.get({ id: '1' })).rejects.toBeInstanceOf(TimeoutError)
    const controller = new AbortController()
    const call = client.items.get({ id: '1' }, { signal: controller.signal, timeoutMs: 10_000 })
    controller.abort(new Error('stopped by the caller'))
    await expect(call).rejects.toThrow('stopped by the caller')
  })

  it.each([
    ['of declared length', { 'content-length': '1000' }],
    ['chunked', {}],
  ])('a body %s that stops coming is a TimeoutError within the timeout', async (_, length) => {
    const { baseUrl } = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', ...length })
      res.write('{"data":{"id":1,')
    })
    const client = toy(baseUrl, { retry: false, timeoutMs: 100 })
    const started = Date.now()
    const error = await client.items.get({ id: '1' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TimeoutError)
    expect((error as TimeoutError).timeoutMs).toBe(100)
    expect(Date.now() - started).toBeLessThan(5000)
  })

  it.each([
    ['the pooled exchange', undefined],
    ['fetch', globalThis.fetch],
  ])(
    'a timeout or an abort ends the request itself through %s: its connection closes',
    async (_, fetchFn) => {
      let closed = 0
      const { seen, baseUrl } = await serve((req) => req.socket.once('close', () => closed++))
      const client = toy(baseUrl, {
        retry: false,
        timeoutMs: 50,
        ...(fetchFn ? { fetch: fetchFn } : {}),
      })
      const until = async (n: number) => {
        for (let waited = 0; closed < n && waited < 5000; waited += 10)
          await new Promise((resolve) => setTimeout(resolve, 10))
      }
      await expect(client.items.get({ id: '1' })).rejects.toBeInstanceOf(TimeoutError)
      await until(1)
      expect(closed).toBe(1)
      const controller = new AbortController()
      const call = client.items.get({ id: '2' }, { signal: controller.signal, timeoutMs: 60_000 })
      while (seen.length < 2) await new Promise((resolve) => setTimeout(resolve, 5))
      controller.abort(new Error('stopped by the caller'))
      await expect(call).rejects.toThrow('stopped by the caller')
      await until(2)
      expect(closed).toBe(2)
    },
  )

  it.each([
    ['the pooled exchange', undefined],
    ['fetch', globalThis.fetch],
  ])(
    'refuses a redirect to another origin through %s: no credential reaches it, in a header, the query or the body',
    async (_, fetchFn) => {
      const other = await serve((_req, res) => json(res, 200, { data: { id: 1, name: 'x' } }))
      const { seen, baseUrl } = await serve((req, res) => {
        res.writeHead(307, { location: `${other.baseUrl}${req.url!.slice(3)}` })
        res.end()
      })
      const client = createApiClient(toyApi, credentialsEverywhere, {
        baseUrl,
        ...(fetchFn ? { fetch: fetchFn } : {}),
      })
      const error = await client.items.rename({ id: '1', name: 'n' }).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(RedirectError)
      expect((error as Error).message).toMatch(/another origin/)
      expect(seen).toHaveLength(1)
      expect(seen[0]!.body).toContain('token=body-secret')
      expect(other.seen).toEqual([])
    },
  )

  it('refuses an answer over maxAnswerBytes with memory bounded, reading no further', async () => {
    const MiB = 1024 * 1024
    const chunk = Buffer.alloc(MiB, 'a')
    let written = 0
    const { baseUrl } = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      const pump = () => {
        while (written < 512 * MiB && !res.destroyed) {
          written += MiB
          if (!res.write(chunk)) return void res.once('drain', pump)
        }
        res.end()
      }
      pump()
    })
    const before = process.memoryUsage().rss
    let peak = before
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 2)
    const error = await toy(baseUrl, { maxAnswerBytes: 16 * MiB })
      .items.get({ id: '1' })
      .catch((e: unknown) => e)
    clearInterval(sampler)
    expect(error).toBeInstanceOf(AnswerTooLargeError)
    expect(error).toMatchObject({ limitBytes: 16 * MiB, operationId: 'items.get' })
    // the server stopped well short of the 512 MiB it would have sent, and so did memory
    expect(written).toBeLessThan(128 * MiB)
    expect(peak - before).toBeLessThan(160 * MiB)
  })

  it.each([
    ['the pooled exchange', undefined],
    ['fetch', globalThis.fetch],
  ])(
    'refuses through %s a compressed answer that decodes to more than maxAnswerBytes',
    async (_, fetchFn) => {
      // 64 MiB of JSON white space, a few KiB once compressed: the declared length is the latter
      const body = gzipSync(
        Buffer.concat([Buffer.from('{"id":1'), Buffer.alloc(64 * 2 ** 20, ' '), Buffer.from('}')]),
      )
      const { baseUrl } = await serve((_req, res) => {
        res.writeHead(200, {
          'content-type': 'application/json',
          'content-encoding': 'gzip',
          'content-length': body.byteLength,
        })
        res.end(body)
      })
      const client = toy(baseUrl, {
        maxAnswerBytes: 2 ** 20,
        ...(fetchFn ? { fetch: fetchFn } : {}),
      })
      const error = await client.items.get({ id: '1' }).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(fetchFn ? AnswerTooLargeError : UnexpectedAnswerError)
    },
  )

  it.each([
    ['the pooled exchange', undefined],
    ['fetch', globalThis.fetch],
  ])(
    'reads through %s a body that comes in pieces, a character split between them, its byte-order mark dropped',
    async (_, fetchFn) => {
      const bytes = Buffer.concat([
        Buffer.from([0xef, 0xbb, 0xbf]),
        Buffer.from(JSON.stringify({ data: { id: 1, name: 'Çay şekersiz' } })),
      ])
      const split = bytes.indexOf(Buffer.from('Ç')) + 1
      const { baseUrl } = await serve((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' })
        res.write(bytes.subarray(0, 2))
        setTimeout(() => res.write(bytes.subarray(2, split)), 5)
        setTimeout(() => res.end(bytes.subarray(split)), 10)
      })
      const client = toy(baseUrl, fetchFn ? { fetch: fetchFn } : {})
      await expect(client.items.get({ id: '1' })).resolves.toEqual({
        id: 1,
        name: 'Çay şekersiz',
      })
    },
  )

  it('a call stopped while it waits for a connection is never sent', async () => {
    const { seen, baseUrl } = await serve(() => {})
    const dispatcher = new Agent({ connections: 1 })
    closers.push(() => dispatcher.destroy())
    const client = toy(baseUrl, { retry: false, dispatcher })
    const first = client.items.get({ id: '1' }, { timeoutMs: 300 })
    while (seen.length < 1) await new Promise((resolve) => setTimeout(resolve, 5))
    const controller = new AbortController()
    const second = client.items.get({ id: '2' }, { signal: controller.signal })
    controller.abort(new Error('stopped by the caller'))
    await expect(second).rejects.toThrow('stopped by the caller')
    // the first one's timeout frees the connection: the stopped one does not take it
    await expect(first).rejects.toBeInstanceOf(TimeoutError)
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(seen.map((s) => s.url)).toEqual(['/v1/items/1?key=secret-key'])
  })

  it('an answer longer than any string is a NetworkError at once, not a call left to its timeout', async () => {
    const MiB = 1024 * 1024
    const chunk = Buffer.alloc(MiB, 'a')
    // V8's longest string is 2^29 - 24 characters: 540 MiB of text cannot become one
    const { baseUrl } = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      let sent = 0
      const pump = () => {
        while (sent < 540 && !res.destroyed) {
          sent++
          if (!res.write(chunk)) return void res.once('drain', pump)
        }
        res.end()
      }
      pump()
    })
    const client = toy(baseUrl, { retry: false, maxAnswerBytes: 600 * MiB, timeoutMs: 30_000 })
    const error = await client.items.get({ id: '1' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(NetworkError)
    expect((error as Error).message).toMatch(/ERR_STRING_TOO_LONG/)
  }, 60_000)

  it('refuses at once an answer whose declared length is over the default 64 MiB', async () => {
    const { baseUrl } = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': 2 ** 31 })
      res.write('{"data":')
    })
    const error = await toy(baseUrl)
      .items.get({ id: '1' })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AnswerTooLargeError)
    expect(error).toMatchObject({ limitBytes: 64 * 1024 * 1024 })
  })
})

/** The toy API's credentials in all three places a vendor puts them. */
const credentialsEverywhere: VendorProtocol = {
  ...toyProtocol,
  authorize: (request) => {
    toyProtocol.authorize(request, toyApi.operations['items.rename'])
    request.headers.set('authorization', 'Bearer header-secret')
    setField(request, 'token', 'body-secret')
  },
}
