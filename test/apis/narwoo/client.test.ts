/**
 * The Narwoo client's own behaviour against the emulator: the lazy login and its token, made under
 * the options of the call that needs it, one re-login on errCode 41 and never a loop, where the
 * token travels, and the errors it raises.
 */
import { describe, expect, it, vi } from 'vitest'
import { createNarwooClient } from '../../../src/apis/narwoo/client.ts'
import { NarwooError } from '../../../src/apis/narwoo/errors.ts'
import {
  ConfigError,
  InputError,
  NetworkError,
  TimeoutError,
  UnexpectedAnswerError,
} from '../../../src/core/errors.ts'
import { reset } from '../../support/fake-fetch.ts'
import {
  NOW,
  arrange,
  calls,
  client,
  emulator,
  narwooError,
  type NarwooEmulator,
} from './support.ts'

/** An emulator whose clock a test moves, with tokens living `lifetime` seconds. */
async function expiring(lifetime: number) {
  const clock = { now: NOW }
  const e = emulator({ clock: () => clock.now })
  await e.app.request('/__kopru/switches', {
    method: 'PUT',
    body: JSON.stringify({ tokenLifetimeSeconds: lifetime }),
    headers: { 'content-type': 'application/json' },
  })
  const later = (seconds: number) => (clock.now = new Date(clock.now.getTime() + seconds * 1000))
  return { e, later }
}

describe('login', () => {
  it('logs in on the first call only, then reuses the token', async () => {
    const e = emulator()
    const n = client(e)
    expect(calls(e, 'auth.login')).toBe(0)
    await n.categories.list()
    await n.orders.list()
    await n.cargoCompanies.list()
    expect(calls(e, 'auth.login')).toBe(1)
    expect(n.session.token).toMatch(/^[0-9a-f]{51}$/)
  })

  it('logs in once for calls started together', async () => {
    const e = emulator()
    const n = client(e)
    await Promise.all([
      n.categories.list(),
      n.orders.list(),
      n.products.list(),
      n.brands.list({ categoryId: '1' }),
    ])
    expect(calls(e, 'auth.login')).toBe(1)
  })

  it('logs in with one request slot: the login never waits on the call that needs it', async () => {
    const e = emulator()
    const list = await client(e, { concurrency: 1, timeoutMs: 1000 }).orders.list({ limit: 2 })
    expect(list).toHaveLength(2)
  }, 3000)

  it('sends the token in the query of a read and in the form of a write, never the password', async () => {
    const e = emulator()
    const requests: { url: string; body: string }[] = []
    const n = client(e, {
      fetch: async (input, init) => {
        requests.push({ url: String(input), body: String(init?.body ?? '') })
        return e.fetch(input, init)
      },
    })
    await n.orders.confirm({ order_number: arrange(e).orderNumber })
    const [loginCall, confirm] = requests
    expect(new URL(loginCall!.url).pathname).toBe('/api/login')
    expect(new URL(confirm!.url).search).toBe('')
    const form = new URLSearchParams(confirm!.body)
    expect(form.get('token')).toBe(n.session.token)
    expect(confirm!.body).not.toContain('kopru-narwoo')
    await n.orders.list()
    expect(new URL(requests[2]!.url).searchParams.get('token')).toBe(n.session.token)
  })

  it('raises errCode 6 for a wrong password, from the login, without calling the operation', async () => {
    const e = emulator()
    const error = await narwooError(client(e, { userPassword: 'yanlis' }).orders.list())
    expect(error).toMatchObject({
      errCode: 6,
      operationId: 'auth.login',
      vendorMessage: 'Yetkilendirilmemiş.',
    })
    expect(error.request?.url).toContain('userPassword=***')
    expect(calls(e, 'orders.list')).toBe(0)
  })

  it('raises errCode 6 when the seller’s API access is switched off', async () => {
    const e = emulator()
    const n = client(e)
    await n.orders.list()
    e.switches = { ...e.switches, apiAccess: false }
    expect((await narwooError(n.orders.list())).errCode).toBe(6)
  })

  it('logs in again after logout', async () => {
    const e = emulator()
    const n = client(e)
    await n.orders.list()
    const first = n.session.token
    n.session.logout()
    await n.orders.list()
    expect(calls(e, 'auth.login')).toBe(2)
    expect(n.session.token).not.toBe(first)
  })
})

/** The emulator, but its login answers with `answer`; `logins` counts the logins sent. */
function badLogin(e: NarwooEmulator, answer: (init?: RequestInit) => Promise<Response>) {
  let logins = 0
  const fetchFn: typeof fetch = async (input, init) => {
    if (!new URL(String(input)).pathname.endsWith('/login')) return e.fetch(input, init)
    logins++
    return answer(init)
  }
  return Object.assign(fetchFn, { logins: () => logins })
}
const maintenance = async () =>
  new Response('<html><body>Bakımdayız</body></html>', {
    headers: { 'content-type': 'text/html' },
  })
/** No answer until the request is given up. */
const stall = (init?: RequestInit) =>
  new Promise<Response>((_, reject) =>
    init?.signal?.addEventListener('abort', () => reject(init.signal!.reason)),
  )

describe('the login a call makes, under that call’s options', () => {
  it('is one request under retry: false, its error the call’s', async () => {
    const e = emulator()
    const login = badLogin(e, maintenance)
    const error = await client(e, { fetch: login })
      .categories.list({}, { retry: false })
      .catch((thrown: unknown) => thrown)
    expect(error).toBeInstanceOf(UnexpectedAnswerError)
    expect(error).toMatchObject({ operationId: 'auth.login', httpStatus: 200 })
    expect(login.logins()).toBe(1)
  })

  it('is bounded by the call’s timeout, not the client’s', async () => {
    const e = emulator()
    const login = badLogin(e, stall)
    const n = client(e, { fetch: login, retry: false, timeoutMs: 20_000 })
    const started = performance.now()
    const error = await n.categories.list({}, { timeoutMs: 200 }).catch((thrown: unknown) => thrown)
    expect(error).toBeInstanceOf(TimeoutError)
    expect(error).toMatchObject({ operationId: 'auth.login', timeoutMs: 200 })
    expect(performance.now() - started).toBeLessThan(1000)
  }, 5000)

  it.each([
    ['a reset connection', () => Promise.reject(reset()), NetworkError],
    ['no answer', stall, TimeoutError],
  ])(
    'is retried by the call’s retries, never inside them: 3 logins for 2 (%s)',
    async (_, answer, errorClass) => {
      const e = emulator()
      const login = badLogin(e, answer)
      const n = client(e, { fetch: login, retry: { retries: 2 }, timeoutMs: 50 })
      await expect(n.categories.list()).rejects.toBeInstanceOf(errorClass)
      expect(login.logins()).toBe(3)
    },
  )

  it('is shared by calls started together, and so is its failure', async () => {
    const e = emulator()
    const login = badLogin(e, maintenance)
    const n = client(e, { fetch: login })
    const results = await Promise.allSettled(
      [n.categories.list, n.orders.list, n.products.list].map((list) => list({}, { retry: false })),
    )
    expect(results.map((r) => r.status === 'rejected' && r.reason)).toEqual([
      expect.any(UnexpectedAnswerError),
      expect.any(UnexpectedAnswerError),
      expect.any(UnexpectedAnswerError),
    ])
    expect(login.logins()).toBe(1)
  })
  it('is logged in again by a call that joined it when the call that started it gave up', async () => {
    const e = emulator()
    // the first login stalls until its caller gives up; the next reaches the emulator
    const login = badLogin(e, stall)
    const fetchFn: typeof fetch = (input, init) =>
      login.logins() === 0 ? login(input, init) : e.fetch(input, init)
    const n = client(e, { fetch: fetchFn, retry: false })
    const starter = new AbortController()
    const started = n.categories.list({}, { signal: starter.signal })
    const joined = n.orders.list()
    // both wait on the first login
    await vi.waitFor(() => expect(login.logins()).toBe(1))
    await new Promise((resolve) => setTimeout(resolve, 20))
    starter.abort(new Error('given up'))
    await expect(started).rejects.toThrow('given up')
    await expect(joined).resolves.toBeDefined()
    expect([login.logins(), calls(e, 'auth.login')]).toEqual([1, 1])
  })

  it('is waited for within the joining call’s own signal', async () => {
    const e = emulator()
    const login = badLogin(e, stall)
    const n = client(e, { fetch: login, retry: false, timeoutMs: 60_000 })
    const first = new AbortController()
    const starter = n.categories.list({}, { signal: first.signal })
    const own = new AbortController()
    const joined = n.orders.list({}, { signal: own.signal })
    await vi.waitFor(() => expect(login.logins()).toBe(1))
    await new Promise((resolve) => setTimeout(resolve, 20))
    own.abort(new Error('not waiting'))
    await expect(joined).rejects.toThrow('not waiting')
    expect(login.logins()).toBe(1)
    first.abort(new Error('done'))
    await expect(starter).rejects.toThrow('done')
  })
})

describe('token expiry', () => {
  it('logs in again once when the token expired, and repeats the call', async () => {
    const { e, later } = await expiring(60)
    const n = client(e)
    await n.orders.list()
    later(61)
    const list = await n.orders.list({ limit: 3 })
    expect(list).toHaveLength(3)
    expect(calls(e, 'auth.login')).toBe(2)
    expect(calls(e, 'orders.list')).toBe(3)
  })

  it('keeps a token that has not expired', async () => {
    const { e, later } = await expiring(60)
    const n = client(e)
    await n.orders.list()
    later(59)
    await n.orders.list()
    expect(calls(e, 'auth.login')).toBe(1)
  })

  it('gives up after one re-login when the new token is refused too: 41, no loop', async () => {
    const { e } = await expiring(0)
    const error = await narwooError(client(e).orders.list())
    expect(error).toMatchObject({ errCode: 41, vendorMessage: 'Geçerli token değeri bulunamadı.' })
    expect(calls(e, 'auth.login')).toBe(2)
    expect(calls(e, 'orders.list')).toBe(2)
  })

  it('renews once for many calls that find the token expired together', async () => {
    const { e, later } = await expiring(60)
    const n = client(e)
    await n.orders.list()
    later(120)
    await Promise.all(Array.from({ length: 6 }, () => n.categories.list()))
    expect(calls(e, 'auth.login')).toBe(2)
  })

  it('does not log in again for a 41 that arrives after another call renewed the token', async () => {
    const { e, later } = await expiring(60)
    let release = () => {}
    const held = new Promise<void>((resolve) => (release = resolve))
    let holding = true
    const n = client(e, {
      fetch: async (input, init) => {
        const response = await e.fetch(input, init)
        if (String(input).includes('/brand-list') && holding) await held
        return response
      },
    })
    await n.orders.list()
    later(120)
    const slow = n.brands.list({ categoryId: '1' })
    await n.categories.list()
    holding = false
    release()
    await slow
    expect(calls(e, 'auth.login')).toBe(2)
    expect(calls(e, 'brands.list')).toBe(2)
  })

  it('repeats a write after a re-login with the new token in its form', async () => {
    const { e, later } = await expiring(60)
    const n = client(e)
    await n.orders.list()
    later(61)
    const order = arrange(e)
    await n.orders.confirm({ order_number: order.orderNumber })
    expect(order.confirmed).toBe(true)
    expect(calls(e, 'orders.confirm')).toBe(2)
  })
})

describe('errors and options', () => {
  it('carries errCode, message, the whole body and a redacted URL', async () => {
    const e = emulator()
    const n = client(e)
    const error = await narwooError(n.orders.get({ order_number: '000000000000' }))
    expect(error).toBeInstanceOf(NarwooError)
    expect(error).toMatchObject({
      api: 'narwoo',
      operationId: 'orders.get',
      errCode: 9,
      vendorCode: '9',
      vendorMessage: 'Sipariş bulunamadı.',
      errList: [],
    })
    expect(error.request?.url).toContain('token=***')
    expect(error.request?.url).not.toContain(n.session.token!)
  })

  it.each([
    ['the error flag set beside errCode 0', { o: { errCode: 0, message: 'x' }, error: 1 }, '0'],
    ['a negative errCode', { o: { errCode: -1, message: 'x' }, error: 0 }, '-1'],
    ['a text errCode', { o: { errCode: 'E41', message: 'x' }, error: 0 }, 'E41'],
  ])('reads %s as a failure, never as success', async (_, body, code) => {
    const e = emulator()
    const n = client(e, {
      retry: false,
      validate: 'off',
      // the login is the emulator's; the call answers `body`
      fetch: (input, init) =>
        new URL(String(input)).pathname.endsWith('/login')
          ? e.fetch(input, init)
          : Promise.resolve(Response.json(body)),
    })
    const error = await narwooError(n.orders.confirm({ order_number: '000000000001' }))
    expect(error).toMatchObject({ httpStatus: 200, vendorCode: code })
  })

  it('surfaces a product answer’s errList with errCode 0', async () => {
    const n = client(emulator())
    const error = await narwooError(
      n.products.save({
        title: 'Kazak',
        brandName: 'Yok',
        categoryId: 1,
        quantity: 1,
        currency: 1,
        price: 10,
        cargoOption: 0,
        images: ['https://cdn.magaza.test/k.jpg'],
      }),
    )
    expect(error.errCode).toBe(0)
    expect(error.errList).toEqual(['productList[0].categoryId: kategori bulunamadı (1)'])
    expect(error.vendorMessage).toBe(error.errList.join('; '))
  })

  it('pages past 100 when asked for more per page than Narwoo gives', async () => {
    const e = emulator()
    const all = await client(e)
      .paginate('orders.list', { start_date: '2020-01-01 00:00', limit: 500 })
      .toArray()
    expect(all).toHaveLength(e.state.orders.length)
    expect(e.state.orders.length).toBeGreaterThan(100)
  })

  it('stops with an UnexpectedAnswerError where Narwoo ignores offset, not at endless repeats', async () => {
    const e = emulator()
    let requests = 0
    const ignoring = async (input: string | URL | Request, init?: RequestInit) => {
      const url = new URL(new Request(input, init).url)
      url.searchParams.delete('offset')
      if (++requests > 20) throw new Error('still paging after 20 requests')
      return e.fetch(url, init)
    }
    const error = await client(e, { fetch: ignoring as typeof fetch, retry: false })
      .orders.iterate({ start_date: '2020-01-01 00:00' })
      .toArray()
      .catch((error: unknown) => error)
    expect(error).toBeInstanceOf(UnexpectedAnswerError)
    expect((error as Error).message).toMatch(/the page at offset 100 repeats the page before/)
    expect(calls(e, 'orders.list')).toBe(2)
  })

  it('checks input before sending anything', async () => {
    const e = emulator()
    const n = client(e)
    await expect(n.orders.list({ start_date: 'dün' as never })).rejects.toBeInstanceOf(InputError)
    expect(calls(e, 'auth.login')).toBe(0)
  })

  it('needs both credentials and refuses unknown options', () => {
    expect(() => createNarwooClient({ userEmail: 'a@b.c', userPassword: '' })).toThrow(ConfigError)
    expect(() =>
      createNarwooClient({ userEmail: 'a@b.c', userPassword: 'x', token: 'y' } as never),
    ).toThrow(/unknown option token/)
  })

  it('talks to narwoo.com unless told otherwise', async () => {
    const urls: string[] = []
    const n = createNarwooClient({
      userEmail: 'a@b.c',
      userPassword: 'x',
      retry: false,
      fetch: async (input) => {
        urls.push(String(input))
        return new Response(
          JSON.stringify({ o: { errCode: 6, message: 'Yetkilendirilmemiş.' }, error: 0 }),
        )
      },
    })
    await expect(n.orders.list()).rejects.toBeInstanceOf(NarwooError)
    expect(urls[0]).toMatch(/^https:\/\/www\.narwoo\.com\/api\/login\?/)
  })
})
