/**
 * The Loyaltii client's own behaviour: look-ups that answer null where the .NET client does, the
 * Version handled by `contacts.modify`, the errors it raises, answers it refuses as not Loyaltii's,
 * and the `SEARCH` method over undici, over `fetch`, and into node:http both ways.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createLoyaltiiClient,
  nullOnNotFound,
  type LoyaltiiClient,
} from '../../../src/apis/loyaltii/client.ts'
import { isLoyaltiiError } from '../../../src/apis/loyaltii/errors.ts'
import {
  ConfigError,
  UnexpectedAnswerError,
  isRefusal,
  isServiceFailure,
} from '../../../src/core/errors.ts'
import { serveEmulators, type Serving } from '../../../src/emulator/serve.ts'
import { rawRequest } from '../../support/raw-http.ts'
import { SMALL, loyaltiiError, setup, type Setup } from './setup.ts'

describe('look-ups of what is not there', () => {
  const inputs: Record<(typeof nullOnNotFound)[number], Record<string, unknown>> = {
    'contacts.get': { id: 99999 },
    'contacts.getByEmail': { email: 'ingen@example.dk' },
    'contacts.getByPhone': { phone: '00000000' },
    'contacts.getBySecret': { secret: 'ukendt' },
    'orders.get': { id: 99999 },
    'points.get': { id: 99999 },
    'stores.get': { id: 99999 },
    'stores.getByNumber': { number: 'x' },
    'contactCompanies.get': { id: 99999 },
    'contactCompanies.getByNumber': { contactCompanyNumber: 'x' },
    'contactCompanies.listContacts': { id: 99999 },
    'segments.get': { id: 99999 },
    'emailDispatchReceivers.get': { emailDispatchId: 1, contactId: 99999 },
    'tableEntities.get': { tableName: 'Tilbud', id: 99999 },
    'tableEntities.getBySecret': { tableName: 'Tilbud', secret: 'ukendt' },
    'tableEntities.getByExternalId': { tableName: 'Tilbud', externalId: 'ukendt' },
    'media.get': { id: 99999 },
    'iframeTokens.get': { tokenId: '00000000-0000-0000-0000-000000000000' },
  }

  it.each(Object.entries(inputs))('%s answers null, as the .NET client does', async (id, input) => {
    const s = setup()
    const [resource, verb] = id.split('.') as [string, string]
    const method = (
      s.client as unknown as Record<string, Record<string, (i: unknown) => Promise<unknown>>>
    )[resource]![verb]!
    expect(await method(input)).toBeNull()
    const error = await loyaltiiError(s.client.request(id as 'contacts.get', input))
    expect([error.vendorCode, error.httpStatus, error.Message]).toEqual([
      'notFound',
      404,
      undefined,
    ])
  })

  it('throws for a write to what is not there: a refusal, not a null', async () => {
    const s = setup()
    const error = await loyaltiiError(s.client.orders.update({ id: 99999, City: 'Vejle' }))
    expect(isLoyaltiiError(error, 'notFound')).toBe(true)
    expect(isRefusal(error)).toBe(true)
  })
})

describe('contacts.modify: read, change, write with the Version', () => {
  it('writes what the change returns with the Version it read', async () => {
    const s = setup()
    const before = (await s.client.contacts.get({ id: 4 }))!
    const after = await s.client.contacts.modify(4, (c) => ({
      FirstName: `${c.FirstName}-Marie`,
      MemberLevel: 'Guld',
    }))
    expect(after).toMatchObject({ FirstName: `${before.FirstName}-Marie`, MemberLevel: 'Guld' })
    expect(after.Version).not.toBe(before.Version)
  })

  /** A client whose first PATCH of a contact meets a write someone else made after its read. */
  function racing(s: Setup) {
    let raced = false
    return createLoyaltiiClient({
      baseUrl: s.emulator.baseUrl(),
      apiKey: s.emulator.credentials.apiKey!,
      retry: false,
      fetch: async (input, init) => {
        if (init?.method === 'PATCH' && !raced) {
          raced = true
          await s.client.contacts.patchMany({
            KeyType: 'Id',
            Keys: ['4'],
            Fields: { HouseholdSize: 5 },
          })
        }
        return s.emulator.fetch(input, init)
      },
    })
  }

  it('throws the 409 with the contact as it is now, unless asked to retry', async () => {
    const s = setup()
    const error = await loyaltiiError(racing(s).contacts.modify(4, () => ({ Interests: 'Have' })))
    expect(error.vendorCode).toBe('contactConflict')
    expect(error.current).toMatchObject({ Id: 4, HouseholdSize: 5 })
  })

  it('with retryOnConflict applies the change once more to the contact as it is now', async () => {
    const s = setup()
    const seen: unknown[] = []
    const after = await racing(s).contacts.modify(
      4,
      (c) => (seen.push(c.HouseholdSize), { Interests: 'Have' }),
      { retryOnConflict: true },
    )
    expect(seen.at(-1)).toBe(5)
    expect(after).toMatchObject({ HouseholdSize: 5, Interests: 'Have' })
  })

  it('does not retry a 409 whose Version is the one sent: an e-mail another contact has', async () => {
    const s = setup()
    const other = [...s.state.contacts.values()].find((c) => c.Id !== 4 && c.Email)!
    let calls = 0
    const error = await loyaltiiError(
      s.client.contacts.modify(4, () => (calls++, { Email: other.Email }), {
        retryOnConflict: true,
      }),
    )
    expect(error.vendorCode).toBe('contactConflict')
    expect(calls).toBe(1)
  })

  it('throws notFound for a contact that is not there', async () => {
    const s = setup()
    expect((await loyaltiiError(s.client.contacts.modify(99999, () => ({})))).vendorCode).toBe(
      'notFound',
    )
  })
})

describe('errors', () => {
  it.each([
    ['a wrong key', { apiKey: 'forkert' }, undefined],
    ['an expired key (panel switch)', {}, { keyExpired: true }],
  ])('%s: 401 with Web API’s text, refusing the caller', async (_, options, switches) => {
    const s = setup({}, options)
    if (switches) s.setSwitches(switches)
    const error = await loyaltiiError(s.client.contacts.list())
    expect([error.httpStatus, error.vendorCode, error.Message]).toEqual([
      401,
      'unauthorized',
      'Authorization has been denied for this request.',
    ])
    expect(isServiceFailure(error)).toBe(true)
  })

  it('carries Message and ModelState, and says what failed in its message', async () => {
    const s = setup()
    const error = await loyaltiiError(
      s.client.contacts.create({ RegistrationSource: 'x'.repeat(51) }, { validateInput: false }),
    )
    expect(error.Message).toBe('The request is invalid.')
    expect(error.modelState).toEqual({
      RegistrationSource: [
        'The field RegistrationSource must be a string with a maximum length of 50.',
      ],
    })
    expect(error.message).toMatch(
      /HTTP 400 invalidRequest: The request is invalid\. \(RegistrationSource: The field/,
    )
  })

  it('requires an API key', () => {
    expect(() => createLoyaltiiClient({ apiKey: '' })).toThrow(ConfigError)
  })
})

describe('answers that are not Loyaltii’s', () => {
  const answering = (response: () => Response) =>
    createLoyaltiiClient({
      baseUrl: 'http://loyaltii.test',
      apiKey: 'k-12345',
      retry: false,
      fetch: async () => response(),
    })

  type Call = (client: LoyaltiiClient) => Promise<unknown>
  const dataFile: Call = (c) => c.contacts.getPersonDataFile({ id: 1 })
  it.each<[string, () => Response, Call]>([
    [
      'an HTML 404 from a proxy',
      () => new Response('<html>Not Found</html>', { status: 404 }),
      dataFile,
    ],
    ['text where a JSON string is due', () => new Response('https://x.test/f.json'), dataFile],
    ['text where nothing is due', () => new Response('OK'), (c) => c.contacts.delete({ id: 1 })],
    [
      'null where a number is due',
      () => Response.json(null),
      (c) => c.points.totalForContact({ contactId: 1, type: 'Bonuspoint' }),
    ],
  ])('%s is an UnexpectedAnswerError', async (_, response, call) => {
    await expect(call(answering(response))).rejects.toBeInstanceOf(UnexpectedAnswerError)
  })

  it('takes an empty 404 as Loyaltii’s, a JSON string as the URL, and null where documented', async () => {
    expect(
      await answering(() => new Response(null, { status: 404 })).contacts.get({ id: 1 }),
    ).toBeNull()
    expect(
      await answering(() => Response.json('https://x.test/a.json')).contacts.getPersonDataFile({
        id: 1,
      }),
    ).toBe('https://x.test/a.json')
    expect(
      await answering(() => Response.json(null)).points.totalForContactCompany({
        contactCompanyId: 1,
        type: 'Bonuspoint',
      }),
    ).toBeNull()
  })

  it('blanks the API key where an answer echoes it', async () => {
    const error = (await answering(() => new Response('<p>key k-12345 refused</p>'))
      .contacts.list()
      .catch((e: unknown) => e)) as UnexpectedAnswerError
    expect(error.bodyStart).toBe('<p>key *** refused</p>')
  })
})

describe('lastId paging: ids ascending, above the cursor', () => {
  /** The emulator's points, the last Id of the first full page replaced by `lastId`. */
  function points(lastId: (id: number) => unknown) {
    const s = setup({ sizes: { ...SMALL, points: 1500 } })
    const requests: URL[] = []
    const fetch = async (input: string | URL | Request, init?: RequestInit) => {
      const url = new URL(new Request(input, init).url)
      requests.push(url)
      const response = await s.emulator.fetch(url, init)
      if (requests.length > 1) return response
      const page = (await response.json()) as { Id: unknown }[]
      page[page.length - 1]!.Id = lastId(page[page.length - 1]!.Id as number)
      return Response.json(page)
    }
    const client = createLoyaltiiClient({
      baseUrl: s.emulator.baseUrl(),
      apiKey: s.emulator.credentials.apiKey!,
      fetch: fetch as typeof globalThis.fetch,
      retry: false,
      logger: { warn: () => {} },
    })
    return { s, client, requests }
  }

  it('walks the emulator’s pages of 1000', async () => {
    const { s, client, requests } = points((id) => id)
    expect(await client.points.iterate({ lastId: 0 }).toArray()).toHaveLength(s.state.points.length)
    expect(requests.map((u) => u.searchParams.get('lastId'))).toEqual([
      '0',
      String(s.state.points[999]!.Id),
    ])
  })

  it.each([
    ['below the one before it', (id: number) => id - 500, /\d+ is not above \d+, the id before it/],
    ['null', () => null, /null is not a whole number that can be sent back as lastId/],
    ['a fraction', (id: number) => id + 0.5, /is not a whole number/],
    [
      'an id beyond int32',
      () => 2 ** 31,
      /2147483648, cannot be sent back as lastId: query\.lastId/,
    ],
  ])('a last Id that is %s is the answer’s fault, not the record’s', async (_, id, message) => {
    const { client } = points(id)
    const error = await client.points
      .iterate({ lastId: 0 })
      .toArray()
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(UnexpectedAnswerError)
    expect(isRefusal(error)).toBe(false)
    expect((error as Error).message).toMatch(message)
  })
})

describe('SEARCH, the vendor’s own method', () => {
  let s: Setup
  let serving: Serving
  let port: number
  beforeAll(async () => {
    s = setup()
    serving = await serveEmulators([s.emulator as never])
    port = serving.served[0]!.port
  })
  afterAll(() => serving.close())

  const clients = (): [string, LoyaltiiClient][] => [
    [
      'undici’s pool',
      createLoyaltiiClient({
        baseUrl: serving.served[0]!.baseUrl,
        apiKey: s.emulator.credentials.apiKey!,
      }),
    ],
    [
      'fetch',
      createLoyaltiiClient({
        baseUrl: serving.served[0]!.baseUrl,
        apiKey: s.emulator.credentials.apiKey!,
        fetch,
      }),
    ],
    ['the in-process fetch', s.client],
  ]

  it('travels with its body through undici, fetch and the in-process fetch alike', async () => {
    const stores = [...s.state.stores.keys()].slice(0, 3)
    const answers = await Promise.all(
      clients().map(([, c]) => c.points.searchForStores({ type: 'Bonuspoint', body: stores })),
    )
    expect(answers[0]!.length).toBeGreaterThan(0)
    expect(answers[1]).toEqual(answers[0])
    expect(answers[2]).toEqual(answers[0])
    expect(
      s.emulator.log.list({ operationId: 'points.searchForStores' }).map((r) => r.method),
    ).toContain('SEARCH')
  })

  it.each([
    ['with a body (Hono)', '[1,2]', 200],
    ['without one (node:http alone)', '', 400],
  ])('reaches its operation over a raw socket %s', async (_, body, status) => {
    const answer = await rawRequest(
      port,
      [
        'SEARCH /api/v1/Points/ForStores?type=Bonuspoint HTTP/1.1',
        `host: 127.0.0.1:${port}`,
        `x-apikey: ${s.emulator.credentials.apiKey}`,
        'content-type: application/json',
      ],
      body,
    )
    expect(answer.status).toBe(status)
    if (status === 400)
      expect(JSON.parse(answer.body)).toMatchObject({
        ModelState: { body: ['a body is required'] },
      })
  })

  it('answers 405 for a method the path does not take, and 404 for a query no operation takes', async () => {
    const other = await s.raw('GET', '/api/v1/Points/ForStores?type=Bonuspoint')
    expect(other).toMatchObject({
      status: 405,
      body: { Message: "The requested resource does not support http method 'GET'." },
    })
    const nothing = await s.raw('GET', '/api/v1/Orders')
    expect(nothing.status).toBe(404)
    expect((nothing.body as { Message: string }).Message).toMatch(
      /^No HTTP resource was found that matches the request URI/,
    )
  })
})
