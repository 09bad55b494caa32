import { describe, expect, it } from 'vitest'
import { createApiClient, type ClientOptions } from '../../src/core/client.ts'
import { z } from 'zod'
import {
  ConfigError,
  InputError,
  NetworkError,
  ResponseSchemaError,
  TimeoutError,
  UnexpectedAnswerError,
  VendorApiError,
} from '../../src/core/errors.ts'
import { fakeClock } from '../support/clock.ts'
import { jsonResponse, refused, reset, scriptedFetch } from '../support/fake-fetch.ts'
import { toyApi, toyProtocol } from '../support/toy-api.ts'

function toy(fetchFn: typeof fetch, options: ClientOptions = {}) {
  return createApiClient(toyApi, toyProtocol, {
    fetch: fetchFn,
    clock: fakeClock(),
    random: () => 0.5,
    ...options,
  })
}

const page = (n: number, pages: number, ids: number[]) =>
  jsonResponse({ data: { pages, items: ids.map((id) => ({ id, name: `item ${id}` })) } })

describe('request building', () => {
  it('puts path, query and credentials where the record says, dates in the vendor format', async () => {
    const fetchFn = scriptedFetch(jsonResponse({ data: { id: 7, name: 'x' } }), page(1, 1, []))
    const client = toy(fetchFn)
    await client.items.get({ id: 'a b/c' })
    await client.items.list({ page: 2, since: new Date('2026-03-05T10:00:00Z') })
    expect(fetchFn.requests[0]!.url).toBe('https://toy.example/v1/items/a%20b%2Fc?key=secret-key')
    expect(fetchFn.requests[1]!.url).toBe(
      'https://toy.example/v1/items?page=2&since=05-03-2026&key=secret-key',
    )
  })

  it('refuses a call to an in-process emulator address without the emulator’s fetch, saying what to give', async () => {
    const call = (options: ClientOptions) =>
      createApiClient(toyApi, toyProtocol, {
        baseUrl: 'https://toy.emulator.invalid/v1',
        retry: false,
        ...options,
      }).items.get({ id: '1' })
    const error = await call({}).catch((thrown: unknown) => thrown)
    expect(error).toBeInstanceOf(ConfigError)
    expect((error as Error).message).toMatch(
      /\{ fetch: emulator\.fetch \}\), or start the emulator with serve: true/,
    )
    // with a fetch that answers for it, it is the address a client should use
    await expect(
      call({ fetch: scriptedFetch(jsonResponse({ data: { id: 1, name: 'x' } })) }),
    ).resolves.toEqual({ id: 1, name: 'x' })
  })

  it('sends a JSON array body and a form body as declared', async () => {
    const fetchFn = scriptedFetch(
      jsonResponse({ data: [] }),
      jsonResponse({ data: { id: 1, name: 'n' } }),
    )
    const client = toy(fetchFn)
    await client.items.add({ body: [{ name: 'a' }] })
    await client.items.rename({ id: '1', name: 'Çay', tags: ['x', 'y'] })
    expect(fetchFn.bodies[0]).toBe('[{"name":"a"}]')
    expect(fetchFn.requests[0]!.headers.get('content-type')).toBe('application/json')
    expect(fetchFn.bodies[1]).toBe('name=%C3%87ay&tags=x&tags=y')
    expect(fetchFn.requests[1]!.headers.get('content-type')).toBe(
      'application/x-www-form-urlencoded',
    )
  })

  it('refuses invalid input before sending, unless told to send it anyway', async () => {
    const fetchFn = scriptedFetch(jsonResponse({ error: 'too many', code: 'E400' }, 400))
    const client = toy(fetchFn)
    const three = { body: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] }
    await expect(client.items.add(three)).rejects.toBeInstanceOf(InputError)
    expect(fetchFn.requests).toHaveLength(0)
    await expect(client.items.add(three, { validateInput: false })).rejects.toMatchObject({
      vendorCode: 'E400',
    })
    expect(fetchFn.requests).toHaveLength(1)
  })

  it('refuses a date it cannot read with an InputError naming the field', async () => {
    const fetchFn = scriptedFetch(page(1, 1, []))
    const error = await toy(fetchFn)
      .items.list({ since: 'next tuesday' })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InputError)
    expect((error as InputError).message).toMatch(/query\.since/)
    expect(fetchFn.requests).toHaveLength(0)
  })

  it('passes through fields the schema does not name', async () => {
    const fetchFn = scriptedFetch(page(1, 1, []))
    await toy(fetchFn).items.list({ page: 1, extra: 'yes' } as never)
    expect(new URL(fetchFn.requests[0]!.url).searchParams.get('extra')).toBe('yes')
  })
})

describe('answers and errors', () => {
  it('returns the payload inside the envelope, and the whole answer through request()', async () => {
    const fetchFn = scriptedFetch(jsonResponse({ data: { id: 3, name: 'three' } }))
    const client = toy(fetchFn)
    const answer = await client.request('items.get', { id: '3' })
    expect(answer.data).toEqual({ id: 3, name: 'three' })
    expect(answer.body).toEqual({ data: { id: 3, name: 'three' } })
    expect(answer.attempts).toBe(1)
    // the members ApiResponse declares, and no more: the answer's text is not kept alive with it
    expect(Object.keys(answer).sort()).toEqual(
      ['attempts', 'body', 'data', 'headers', 'requestId', 'status', 'totalRetryDelayMs'].sort(),
    )
    expect(answer.headers.get('content-type')).toMatch(/json/)
  })

  it('raises a VendorApiError with the vendor code and a redacted URL', async () => {
    const fetchFn = scriptedFetch(jsonResponse({ error: 'not found', code: 'E404' }, 404))
    const error = await toy(fetchFn)
      .items.get({ id: '9' })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(VendorApiError)
    expect(error).toMatchObject({
      api: 'toy',
      operationId: 'items.get',
      httpStatus: 404,
      vendorCode: 'E404',
      vendorMessage: 'not found',
    })
    expect((error as VendorApiError).request?.url).toBe('https://toy.example/v1/items/9?key=***')
    expect(JSON.stringify(error)).not.toContain('secret-key')
  })

  it('warns once per operation about an answer that differs from the schema, and throws in strict mode', async () => {
    const warnings: string[] = []
    const drifting = () => scriptedFetch(jsonResponse({ data: { id: 'not-a-number', name: 1 } }))
    const client = toy(drifting(), { logger: { warn: (m) => warnings.push(m) } })
    await client.items.get({ id: '1' })
    await client.items.get({ id: '1' })
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toContain('items.get')
    await expect(
      toy(drifting(), { validate: 'strict' }).items.get({ id: '1' }),
    ).rejects.toBeInstanceOf(ResponseSchemaError)
  })

  it('in warn mode still reports drift that starts after many good answers, on a sample', async () => {
    const warnings: string[] = []
    const good = jsonResponse({ data: { id: 1, name: 'ok' } })
    const bad = jsonResponse({ data: { id: 'drifted', name: 1 } })
    const client = toy(scriptedFetch(...Array.from({ length: 30 }, () => good), bad), {
      logger: { warn: (m) => warnings.push(m) },
    })
    for (let i = 0; i < 30; i++) await client.items.get({ id: '1' })
    expect(warnings).toEqual([])
    for (let i = 0; i < 10; i++) await client.items.get({ id: '1' })
    expect(warnings).toHaveLength(1)
  })
})

describe('retries', () => {
  it('retries a safe read through 503, 429 and a dropped connection, honouring Retry-After', async () => {
    const clock = fakeClock()
    const fetchFn = scriptedFetch(
      jsonResponse({ error: 'busy' }, 503),
      jsonResponse({ error: 'slow down' }, 429, { 'retry-after': '2' }),
      reset(),
      jsonResponse({ data: { id: 1, name: 'one' } }),
    )
    const answer = await toy(fetchFn, { clock }).request('items.get', { id: '1' })
    expect(fetchFn.requests).toHaveLength(4)
    expect(answer.attempts).toBe(4)
    expect(clock.sleeps[1]).toBe(2000)
    expect(answer.totalRetryDelayMs).toBe(clock.sleeps.reduce((a, b) => a + b, 0))
  })

  it('never repeats an unsafe write after a 503, but does when the connection was refused', async () => {
    const failing = scriptedFetch(jsonResponse({ error: 'busy' }, 503))
    await expect(toy(failing).items.add({ body: [{ name: 'a' }] })).rejects.toMatchObject({
      httpStatus: 503,
      attempts: 1,
    })
    expect(failing.requests).toHaveLength(1)
    const refusedOnce = scriptedFetch(refused(), jsonResponse({ data: [] }))
    await toy(refusedOnce).items.add({ body: [{ name: 'a' }] })
    expect(refusedOnce.requests).toHaveLength(2)
  })

  it('never retries a 401', async () => {
    const fetchFn = scriptedFetch(jsonResponse({ error: 'who are you' }, 401))
    await expect(toy(fetchFn).items.get({ id: '1' })).rejects.toMatchObject({ httpStatus: 401 })
    expect(fetchFn.requests).toHaveLength(1)
  })

  it('reports the attempts and the delay on the final error', async () => {
    const clock = fakeClock()
    const fetchFn = scriptedFetch(jsonResponse({ error: 'down' }, 502))
    const error = (await toy(fetchFn, { clock, retry: { retries: 2 } })
      .items.get({ id: '1' })
      .catch((e: unknown) => e)) as VendorApiError
    expect(error.attempts).toBe(3)
    expect(error.totalRetryDelayMs).toBe(clock.sleeps.reduce((a, b) => a + b, 0))
  })

  it('turns a network failure into a typed NetworkError after the budget', async () => {
    const fetchFn = scriptedFetch(reset())
    const error = await toy(fetchFn, { retry: { retries: 1 } })
      .items.get({ id: '1' })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(NetworkError)
    expect(fetchFn.requests).toHaveLength(2)
  })
})

describe('timeouts and cancellation', () => {
  const never = () => new Promise<Response>(() => undefined)

  it('raises a TimeoutError when no answer comes in time, even if fetch ignores its signal', async () => {
    const fetchFn = scriptedFetch(never)
    const error = await toy(fetchFn, { timeoutMs: 20, retry: false })
      .items.get({ id: '1' })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TimeoutError)
    expect((error as TimeoutError).timeoutMs).toBe(20)
  })

  it('stops at once when the caller aborts, without retrying', async () => {
    const fetchFn = scriptedFetch(never)
    const controller = new AbortController()
    const pending = toy(fetchFn).items.get({ id: '1' }, { signal: controller.signal })
    setTimeout(() => controller.abort(new Error('caller gave up')), 5)
    await expect(pending).rejects.toThrow('caller gave up')
    expect(fetchFn.requests).toHaveLength(1)
  })
})

describe('derived helpers', () => {
  it('iterates every item across pages, stopping at the page count', async () => {
    const fetchFn = scriptedFetch(page(1, 3, [1, 2, 3]), page(2, 3, [4, 5, 6]), page(3, 3, [7]))
    const ids = []
    for await (const item of toy(fetchFn).items.iterate()) ids.push(item.id)
    expect(ids).toEqual([1, 2, 3, 4, 5, 6, 7])
    expect(fetchFn.requests.map((r) => new URL(r.url).searchParams.get('page'))).toEqual([
      '1',
      '2',
      '3',
    ])
  })

  it('splits a batch at the maximum and reports a failed chunk per item without stopping the rest', async () => {
    let calls = 0
    const fetchFn = scriptedFetch(async (r) =>
      ++calls === 2 ? jsonResponse({ error: 'bad' }, 400) : echo(r),
    )
    const items = ['a', 'b', 'c', 'd', 'e'].map((name) => ({ name }))
    const results = await perItemToy(fetchFn).items.addAll(items, { concurrency: 1 })
    expect(fetchFn.bodies.map((b) => JSON.parse(b!).length)).toEqual([2, 2, 1])
    expect(results.map((r) => r.ok)).toEqual([true, true, false, false, true])
    expect(results.map((r) => r.index)).toEqual([0, 1, 2, 3, 4])
    expect(results[4]).toMatchObject({ ok: true, result: { id: 1, name: 'e' } })
  })

  it('gives each item the answer entry at its place, and fails an entry the vendor marks refused alone', async () => {
    const fetchFn = scriptedFetch(echo)
    const items = ['a', 'refused', 'c'].map((name) => ({ name }))
    const results = await perItemToy(fetchFn).items.addAll(items, { concurrency: 1 })
    expect(results.map((r) => (r.ok ? r.result : r.error))).toEqual([
      { id: 1, name: 'a' },
      expect.objectContaining({
        name: 'VendorApiError',
        operationId: 'items.add',
        httpStatus: 200,
        vendorCode: 'refused',
        body: { id: 2, name: 'refused' },
      }),
      { id: 1, name: 'c' },
    ])
  })

  it('counts nothing delivered from a list answer without one entry per item sent', async () => {
    const entry = (id: number) => ({ id, name: `n${id}` })
    for (const data of [[], [entry(1)], [entry(1), entry(2), entry(3)]]) {
      const fetchFn = scriptedFetch(jsonResponse({ data }))
      const results = await perItemToy(fetchFn).items.addAll([{ name: 'a' }, { name: 'b' }])
      expect(
        results.map((r) => !r.ok && r.error instanceof UnexpectedAnswerError),
        `${data.length} entries`,
      ).toEqual([true, true])
    }
  })

  it('never guesses: a list answer the record does not map to its items delivers none', async () => {
    const fetchFn = scriptedFetch(echo)
    const results = await toy(fetchFn).items.addAll([{ name: 'a' }, { name: 'b' }])
    expect(results.map((r) => !r.ok && r.error instanceof ConfigError)).toEqual([true, true])
    const error = (results[0] as { error: Error }).error
    expect(error.message).toMatch(/toy items\.add: .*perItem/)
  })

  it('gives every item of a chunk an answer that speaks for the whole chunk', async () => {
    const fetchFn = scriptedFetch(jsonResponse({ data: { accepted: true } }))
    const results = await acknowledgingToy(fetchFn).items.addAll(
      ['a', 'b', 'c'].map((name) => ({ name })),
    )
    expect(results.map((r) => r.ok && r.result)).toEqual([
      { accepted: true },
      { accepted: true },
      { accepted: true },
    ])
  })
})

/** One entry per item the request carries, in its order: ids from 1 within each chunk. */
async function echo(request: Request) {
  const sent = (await request.json()) as { name: string }[]
  return jsonResponse({ data: sent.map((item, i) => ({ id: i + 1, name: item.name })) })
}

const add = toyApi.operations['items.add']

/** The toy with `items.add` mapping its answer's entries to the items, `name: refused` a refusal. */
function perItemToy(fetchFn: typeof fetch) {
  const api = {
    ...toyApi,
    operations: {
      ...toyApi.operations,
      'items.add': {
        ...add,
        batch: {
          items: 'body',
          perItem: { map: 'inOrder', refused: { field: 'name', values: ['refused'] } },
        },
      },
    },
  } as const
  return createApiClient(api, toyProtocol, { fetch: fetchFn, clock: fakeClock(), retry: false })
}

/** The toy with `items.add` answering one acknowledgement for the whole chunk. */
function acknowledgingToy(fetchFn: typeof fetch) {
  const api = {
    ...toyApi,
    operations: {
      ...toyApi.operations,
      'items.add': { ...add, response: z.object({ data: z.object({ accepted: z.boolean() }) }) },
    },
  } as const
  return createApiClient(api, toyProtocol, { fetch: fetchFn, clock: fakeClock(), retry: false })
}

describe('pacing', () => {
  it('spaces calls by the rate limit', async () => {
    const clock = fakeClock()
    const fetchFn = scriptedFetch(jsonResponse({ data: { id: 1, name: 'x' } }))
    const client = toy(fetchFn, { clock, rateLimit: { perSecond: 5, burst: 1 } })
    for (let i = 0; i < 3; i++) await client.items.get({ id: '1' })
    expect(clock.sleeps).toEqual([200, 200])
  })
})
