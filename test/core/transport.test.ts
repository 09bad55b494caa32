/**
 * Every answer is untrusted input: a 2xx that cannot be the documented answer is a typed error in
 * every validation mode, retried only where the operation is safe to repeat, and never an empty
 * page, a resolved `undefined` or a delivered batch.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createApiClient, type ClientOptions, type ValidationMode } from '../../src/core/client.ts'
import { NetworkError, UnexpectedAnswerError, VendorApiError } from '../../src/core/errors.ts'
import type { Hooks, VendorProtocol } from '../../src/core/transport.ts'
import { AdaptiveLimiter } from '../../src/core/adaptive.ts'
import { systemClock, type Limiter } from '../../src/core/limits.ts'
import { defineApi } from '../../src/core/operation.ts'
import { z } from 'zod'
import { fakeClock } from '../support/clock.ts'
import { heapKeptBy } from '../support/heap.ts'
import { jsonResponse, refused, reset, scriptedFetch, type Script } from '../support/fake-fetch.ts'
import { toyApi, toyProtocol } from '../support/toy-api.ts'

function toy(fetchFn: typeof fetch, options: ClientOptions = {}) {
  return createApiClient(toyApi, toyProtocol, {
    fetch: fetchFn,
    clock: fakeClock(),
    random: () => 0.5,
    logger: { warn: () => {} },
    ...options,
  })
}

const text = (body: string, type = 'text/html; charset=utf-8', status = 200) =>
  new Response(body, { status, headers: { 'content-type': type } })
const maintenance = () =>
  text('<html><body>Bakımdayız: key=secret-key</body></html>'.padEnd(2000, ' '))

const wrongAnswers: [string, () => Response][] = [
  ['a maintenance page', maintenance],
  ['garbage bytes', () => new Response(new Uint8Array([0xff, 0x00, 0x7b, 0xfe]))],
  ['an empty body', () => new Response(null, { status: 200 })],
  ['null', () => jsonResponse(null)],
  ['cut-off JSON', () => text('{"data":{"id":4,"na', 'application/json')],
  ['a wrong shape', () => jsonResponse({ ok: true, result: { id: 4 } })],
  ['the envelope without its payload', () => jsonResponse({ data: null })],
  ['an item without a required field', () => jsonResponse({ data: { id: 4 } })],
]

describe('an answer that is not the documented one', () => {
  it.each(
    wrongAnswers.flatMap(([name, answer]) =>
      (['strict', 'warn', 'off'] as ValidationMode[]).map((mode) => [name, mode, answer] as const),
    ),
  )('%s is an UnexpectedAnswerError in %s mode', async (_, mode, answer) => {
    const fetchFn = scriptedFetch(answer)
    const error = await toy(fetchFn, { validate: mode, retry: false })
      .items.get({ id: '4' })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(UnexpectedAnswerError)
    expect(error).toMatchObject({ api: 'toy', operationId: 'items.get', httpStatus: 200 })
  })

  it('carries status, content type and the start of the body with credentials blanked', async () => {
    const error = (await toy(scriptedFetch(maintenance()), { retry: false })
      .items.get({ id: '4' })
      .catch((e: unknown) => e)) as UnexpectedAnswerError
    expect(error.contentType).toBe('text/html; charset=utf-8')
    expect(error.bodyStart).toMatch(/^<html><body>Bakımdayız: key=\*\*\*<\/body><\/html>/)
    expect(error.bodyStart.length).toBeLessThanOrEqual(300)
    expect(error.message).toContain('toy items.get answered HTTP 200 text/html')
    expect(error.message).not.toContain('secret-key')
    expect(error.request?.url).toBe('https://toy.example/v1/items/4?key=***')
  })

  it('keeps only the start of the body, not the body, for as long as it is kept', async () => {
    const { kept, bytes } = await heapKeptBy(async () => {
      const errors: unknown[] = []
      for (let i = 0; i < 20; i++) {
        // a megabyte of maintenance page each, 20 MB in all, made as it is answered: a Response
        // made before would keep its text for as long as the fake fetch is kept
        const page = () =>
          text(`<html><body>${`<p>Bakımdayız ${i}</p>`.repeat(50_000)}</body></html>`)
        errors.push(
          await toy(scriptedFetch(page), { retry: false })
            .items.get({ id: '4' })
            .catch((e: unknown) => e),
        )
      }
      return errors as UnexpectedAnswerError[]
    })
    expect(kept.every((error) => error.bodyStart.startsWith('<html><body><p>Bak'))).toBe(true)
    expect(bytes).toBeLessThan(4 * 1024 * 1024)
  })

  it('is retried like a 5xx where the operation is safe to repeat, and never otherwise', async () => {
    const read = scriptedFetch(maintenance(), jsonResponse({ data: { id: 4, name: 'x' } }))
    expect(await toy(read).items.get({ id: '4' })).toEqual({ id: 4, name: 'x' })
    expect(read.requests).toHaveLength(2)
    const write = scriptedFetch(maintenance(), jsonResponse({ data: [] }))
    await expect(toy(write).items.add({ body: [{ name: 'a' }] })).rejects.toBeInstanceOf(
      UnexpectedAnswerError,
    )
    expect(write.requests).toHaveLength(1)
  })

  it('tolerates drift in warn mode: extra fields, a missing optional, a leaf of another type', async () => {
    const warnings: string[] = []
    const fetchFn = scriptedFetch(jsonResponse({ data: { id: '4', name: 'x', extra: 1 } }))
    const client = toy(fetchFn, { logger: { warn: (m) => void warnings.push(m) } })
    expect(await client.items.get({ id: '4' })).toEqual({ id: '4', name: 'x', extra: 1 })
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(/data\.id/)
  })

  it('is an error, not a refusal, when a 4xx comes in neither the vendor’s shape nor the operation’s', async () => {
    const page = scriptedFetch(text('<h1>404 Not Found</h1>', 'text/html', 404))
    const error = await toy(page)
      .items.get({ id: '4' })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(UnexpectedAnswerError)
    expect(error).toMatchObject({ httpStatus: 404, transient: false })
    expect(page.requests).toHaveLength(1)
    const vendor = scriptedFetch(jsonResponse({ error: 'no such item', code: 'E404' }, 404))
    await expect(toy(vendor).items.get({ id: '4' })).rejects.toBeInstanceOf(VendorApiError)
  })

  it('ends an iteration with the error instead of yielding nothing', async () => {
    const fetchFn = scriptedFetch(
      jsonResponse({ data: { pages: 2, items: [{ id: 1, name: 'a' }] } }),
      maintenance(),
    )
    const seen: unknown[] = []
    const iterate = async () => {
      for await (const item of toy(fetchFn, { retry: false }).items.iterate()) seen.push(item)
    }
    await expect(iterate()).rejects.toBeInstanceOf(UnexpectedAnswerError)
    expect(seen).toEqual([{ id: 1, name: 'a' }])
  })
})

describe('any byte string as a 2xx answer', () => {
  const documented = JSON.stringify({ data: { pages: 1, items: [{ id: 1, name: 'a' }] } })
  const bodies = fc.oneof(
    fc.uint8Array({ maxLength: 200 }).map((bytes): Script => new Response(bytes)),
    fc.string({ maxLength: 200 }).map((s): Script => text(s)),
    // a strict prefix of a documented answer: JSON cut off anywhere
    fc
      .integer({ min: 0, max: documented.length - 1 })
      .map((n): Script => text(documented.slice(0, n))),
  )

  it('never yields items, never resolves, never delivers a batch', async () => {
    await fc.assert(
      fc.asyncProperty(bodies, async (body) => {
        const client = toy(scriptedFetch(body), { retry: false, validate: 'off' })
        await expect(client.items.iterate().toArray()).rejects.toThrow()
        await expect(client.items.get({ id: '1' })).rejects.toThrow()
        const results = await client.items.addAll([{ name: 'a' }, { name: 'b' }, { name: 'c' }])
        expect(results.filter((r) => r.ok)).toEqual([])
      }),
      { numRuns: 300 },
    )
  })
})

describe('the work a call is part of', () => {
  // a backoff of minutes: only the abort can end these calls within the test's time
  const waiting = (hooks?: Hooks) =>
    createApiClient(toyApi, toyProtocol, {
      fetch: scriptedFetch(refused()),
      retry: { baseDelayMs: 60_000, maxDelayMs: 60_000 },
      random: () => 1,
      ...(hooks ? { hooks } : {}),
    })

  it('stops the pages of an iterate waiting out their retries when its signal aborts', async () => {
    const controller = new AbortController()
    const seen: (AbortSignal | undefined)[] = []
    const client = waiting({ beforeRequest: ({ signal }) => void seen.push(signal) })
    const pages = client.items.iterate({}, { signal: controller.signal }).toArray()
    setTimeout(() => controller.abort(new Error('stopped by Ctrl-C')), 50)
    await expect(pages).rejects.toThrow('stopped by Ctrl-C')
    // the hooks see what stops the call
    expect(seen).toEqual([controller.signal])
  })

  it('tells the hooks a call has no signal when it was given none', async () => {
    const seen: (AbortSignal | undefined)[] = []
    const client = createApiClient(toyApi, toyProtocol, {
      fetch: scriptedFetch(refused()),
      retry: false,
      hooks: { beforeRequest: ({ signal }) => void seen.push(signal) },
    })
    await expect(client.items.get({ id: '1' })).rejects.toThrow()
    expect(seen).toEqual([undefined])
  })
})

describe('an auth step that is itself a request', () => {
  const session = toyApi.operations['items.get']
  /** The toy API with its key read from a session through the same client, sent as told. */
  function withSession(fetchFn: typeof fetch, options: ClientOptions = {}) {
    const protocol: VendorProtocol = {
      ...toyProtocol,
      authorize: async (request, op, call) => {
        if (op === session) return
        const { data } = await client.request('items.get', { id: 'session' }, call)
        request.url.searchParams.set('key', data.name)
      },
    }
    const client = createApiClient(toyApi, protocol, {
      fetch: fetchFn,
      clock: fakeClock(),
      random: () => 0.5,
      ...options,
    })
    return client
  }
  const sessions = (fetchFn: ReturnType<typeof scriptedFetch>) =>
    fetchFn.requests.filter((r) => new URL(r.url).pathname === '/v1/items/session').length

  it('is sent once under the call’s retry: false, and its error is the call’s', async () => {
    const fetchFn = scriptedFetch(jsonResponse({ error: 'down' }, 503))
    const call = withSession(fetchFn, { retry: { retries: 2 } }).items.list({}, { retry: false })
    await expect(call).rejects.toMatchObject({ operationId: 'items.get', httpStatus: 503 })
    expect(sessions(fetchFn)).toBe(1)
  })

  it('fails one attempt of the call, retried by the call’s policy and never inside it', async () => {
    const fetchFn = scriptedFetch(reset())
    const call = withSession(fetchFn, { retry: { retries: 2 } }).items.list()
    await expect(call).rejects.toBeInstanceOf(NetworkError)
    expect(sessions(fetchFn)).toBe(3)
  })

  it('is bounded by the call’s timeout, not the client’s', async () => {
    const stall = (request: Request) =>
      new Promise<Response>((_, reject) =>
        request.signal.addEventListener('abort', () => reject(request.signal.reason)),
      )
    const client = withSession(scriptedFetch(stall), { retry: false, timeoutMs: 20_000 })
    const started = performance.now()
    const call = client.items.list({}, { timeoutMs: 100 })
    await expect(call).rejects.toMatchObject({ name: 'TimeoutError', operationId: 'items.get' })
    expect(performance.now() - started).toBeLessThan(1000)
  }, 5000)
})

describe('vendor hooks: a bare error answer, and JSON only', () => {
  const api = defineApi({
    name: 'bare',
    title: 'Bare',
    seed: 'test',
    baseUrl: 'https://bare.example',
    auth: { type: 'apiKey', in: 'header', name: 'x-key' },
    secrets: { headers: ['x-key'] },
    errorBody: z.object({ Message: z.string() }),
    errors: {},
    operations: {
      'files.url': {
        method: 'GET',
        path: '/files/{id}',
        summary: 'A file’s URL',
        params: z.object({ id: z.string() }),
        response: z.string(),
        retrySafe: true,
      },
    },
  })
  const client = (fetchFn: typeof fetch, protocol: Partial<VendorProtocol> = {}) =>
    createApiClient(
      api,
      {
        authorize: () => {},
        read: (status, body) => ({
          error: status >= 400,
          bare: status === 404 && body === undefined,
        }),
        ...protocol,
      },
      { fetch: fetchFn, retry: false },
    )

  it('reads an empty 404 as the vendor’s own when it says so, else as not its answer', async () => {
    const empty = () => new Response(null, { status: 404 })
    await expect(client(scriptedFetch(empty())).files.url({ id: '1' })).rejects.toMatchObject({
      name: 'VendorApiError',
      httpStatus: 404,
    })
    const plain = client(scriptedFetch(empty()), { read: (status) => ({ error: status >= 400 }) })
    await expect(plain.files.url({ id: '1' })).rejects.toBeInstanceOf(UnexpectedAnswerError)
  })

  it.each([
    ['a JSON string', () => jsonResponse('https://x.test/a'), true],
    ['text', () => text('https://x.test/a', 'text/plain'), false],
    ['a JSON string cut off', () => text('"https://x.te', 'application/json'), false],
    ['a lone quote', () => text('"', 'text/html'), false],
    ['an HTML error page', () => text('<h1>Gateway</h1>', 'text/html', 404), false],
  ])('with jsonOnly takes %s as its answer: %s', async (_, answer, taken) => {
    const call = client(scriptedFetch(answer()), { jsonOnly: true }).files.url({ id: '1' })
    if (taken) await expect(call).resolves.toBe('https://x.test/a')
    else await expect(call).rejects.toBeInstanceOf(UnexpectedAnswerError)
  })

  it('without jsonOnly takes text as a string answer, as before', async () => {
    const call = client(scriptedFetch(text('https://x.test/a', 'text/plain'))).files.url({
      id: '1',
    })
    await expect(call).resolves.toBe('https://x.test/a')
  })
})

describe('a limiter', () => {
  it('is asked before every attempt and told each outcome once, retries and failures included', async () => {
    const events: string[] = []
    const limiter: Limiter = {
      acquire: async () => void events.push('acquire'),
      release: ({ status }) => void events.push(`release ${status ?? 'none'}`),
    }
    const fetchFn = scriptedFetch(
      jsonResponse({ error: 'slow down' }, 429),
      refused(),
      jsonResponse({ data: { id: '4', name: 'dört' } }),
    )
    const item = await toy(fetchFn, { limiter }).items.get({ id: '4' })
    expect(item).toMatchObject({ id: '4' })
    expect(events).toEqual([
      'acquire',
      'release 429',
      'acquire',
      'release none',
      'acquire',
      'release 200',
    ])
  })

  it('sets how many requests are in flight', async () => {
    let inFlight = 0
    let most = 0
    const fetchFn = scriptedFetch(async () => {
      most = Math.max(most, ++inFlight)
      await new Promise((resolve) => setTimeout(resolve, 5))
      inFlight--
      return jsonResponse({ data: { id: '4', name: 'dört' } })
    })
    const limiter = new AdaptiveLimiter({ initialConcurrency: 3, maxConcurrency: 3 })
    const client = toy(fetchFn, { limiter, clock: systemClock })
    await Promise.all(Array.from({ length: 30 }, () => client.items.get({ id: '4' })))
    expect(most).toBe(3)
  })
})
