import { describe, expect, it } from 'vitest'
import {
  AllowStatus,
  IysOptInSource,
  IysOptOutSource,
  createSetrowClient,
  isSetrowError,
  iysSourceName,
} from '../../../src/apis/setrow/client.ts'
import { readSetrowAnswer } from '../../../src/apis/setrow/errors.ts'
import { ConfigError, UnexpectedAnswerError, VendorApiError } from '../../../src/core/errors.ts'
import { setup } from './setup.ts'

function recording(s: ReturnType<typeof setup>) {
  const sent: { method: string; url: string; headers: Headers; body: string | undefined }[] = []
  const client = createSetrowClient({
    baseUrl: s.emulator.baseUrl(),
    apiKey: s.emulator.credentials.apiKey!,
    retry: false,
    fetch: async (input, init) => {
      sent.push({
        method: init?.method ?? 'GET',
        url: String(input),
        headers: new Headers(init?.headers),
        body: init?.body as string | undefined,
      })
      return s.emulator.fetch(input, init)
    },
  })
  return { client, sent }
}

describe('the wire', () => {
  it('sends the key as a Bearer token and the address in the path', async () => {
    const s = setup()
    const { client, sent } = recording(s)
    await client.email.get({ email: s.member('email').address }).catch(() => undefined)
    expect(sent[0]!.headers.get('authorization')).toBe(`Bearer ${s.emulator.credentials.apiKey}`)
    expect(sent[0]!.url).toMatch(/\/email\/[^/]+%40[^/]+$/)
  })

  it('sends email/add as a JSON array of objects with numeric groupId', async () => {
    const s = setup()
    const { client, sent } = recording(s)
    await client.email.add({ body: [{ email: 'a@example.com', groupId: 104201 }] })
    expect(sent[0]).toMatchObject({
      method: 'POST',
      body: '[{"email":"a@example.com","groupId":104201}]',
    })
    expect(sent[0]!.headers.get('content-type')).toBe('application/json')
  })

  it('defaults to https://rest.setrow.com', async () => {
    const urls: string[] = []
    const client = createSetrowClient({
      apiKey: 'k',
      retry: false,
      fetch: async (input) => {
        urls.push(String(input))
        return new Response('{"status":"success","data":[]}')
      },
    })
    await client.categories.list()
    expect(urls).toEqual(['https://rest.setrow.com/category'])
  })

  it('refuses a missing key and unknown options', () => {
    expect(() => createSetrowClient({ apiKey: '' })).toThrow(ConfigError)
    expect(() => createSetrowClient({ apiKey: 'k', apikey: 'x' } as never)).toThrow(
      /allowed: .*apiKey/,
    )
  })
})

describe('errors', () => {
  it('throws the shared VendorApiError carrying the E-code and the table text', async () => {
    const s = setup()
    const error = await s.client.email.get({ email: 'nobody@example.com' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(VendorApiError)
    expect(error).toMatchObject({
      api: 'setrow',
      operationId: 'email.get',
      httpStatus: 404,
      vendorCode: 'E104',
    })
    expect(isSetrowError(error)).toBe(true)
    expect(isSetrowError(error, 'E104', 'E120')).toBe(true)
    expect(isSetrowError(error, 'E401')).toBe(false)
    expect(isSetrowError(new Error('E104'))).toBe(false)
  })

  it.each([
    [400, { status: 'error', code: 'E103', message: 'A parameter is not valid.' }, true, 'E103'],
    [200, { status: 'error', code: 'E126', message: '…' }, true, 'E126'],
    [200, { status: 'success', data: [] }, false, undefined],
    [502, '<html>Bad Gateway</html>', true, '502'],
  ])('reads HTTP %i %j', (status, body, error, code) => {
    expect(readSetrowAnswer(status, body)).toMatchObject({ error, code })
  })
})

describe('bulk helpers', () => {
  it('split at 1000 and answer per item, in order', async () => {
    const s = setup()
    const { client, sent } = recording(s)
    const groupId = s.groupOf('email')
    const items = Array.from({ length: 2500 }, (_, i) => ({ email: `u${i}@example.com`, groupId }))
    const results = await client.email.addAll(items)
    expect(sent.map((r) => (JSON.parse(r.body!) as unknown[]).length)).toEqual([1000, 1000, 500])
    expect(results).toHaveLength(2500)
    expect(
      results.every((r, i) => r.index === i && r.ok && r.item.email === `u${i}@example.com`),
    ).toBe(true)
    expect(results[2499]).toMatchObject({
      ok: true,
      result: { email: 'u2499@example.com', status: 'added' },
    })
  })

  it('mark an item Setrow refused as failed with its E-code, the others as done', async () => {
    const s = setup()
    await s.client.unsubscribe.email.add({ email: 'out@example.com' })
    const groupId = s.groupOf('email')
    const results = await s.client.email.addAll([
      { email: 'in@example.com', groupId },
      { email: 'out@example.com', groupId },
    ])
    expect(results[0]!.ok).toBe(true)
    const failed = results[1]!
    expect(failed.ok).toBe(false)
    if (!failed.ok) expect(isSetrowError(failed.error, 'E126')).toBe(true)
  })

  it('mark every item of a refused chunk with the chunk’s error', async () => {
    const s = setup()
    s.setSwitches({ accountActive: false })
    const results = await s.client.orders.deleteAll([{ orderId: 'A' }, { orderId: 'B' }])
    expect(results.map((r) => !r.ok && (r.error as VendorApiError).vendorCode)).toEqual([
      'E145',
      'E145',
    ])
  })

  it('refuse a chunk whose results are not one per item sent, or whose counts disagree', async () => {
    const added = (index: number, email: string) => ({ index, email, status: 'added' })
    const refused = (index: number, email: string) => ({
      index,
      email,
      status: 'error',
      code: 'E126',
      message: 'unsubscribed',
    })
    const sent = [
      { email: 'a@example.com', groupId: 1 },
      { email: 'b@example.com', groupId: 1 },
    ]
    const one = (results: unknown[], counts = { total: 2, succeeded: 2, failed: 0 }) => ({
      ...counts,
      results,
    })
    const cases: [string, unknown][] = [
      ['a result beyond the chunk', one([added(0, 'a'), added(1, 'b'), added(2, 'x')])],
      ['an index twice, the other missing', one([added(0, 'a'), added(0, 'b')])],
      [
        'an index twice besides every item',
        one([added(0, 'a'), added(1, 'b'), refused(0, 'a')], { total: 2, succeeded: 2, failed: 1 }),
      ],
      ['an index out of range in place of one', one([added(0, 'a'), added(7, 'b')])],
      ['an index that is no number', one([added(0, 'a'), { ...added(1, 'b'), index: '1' }])],
      [
        'a total other than the items sent',
        one([added(0, 'a'), added(1, 'b')], { total: 3, succeeded: 2, failed: 0 }),
      ],
      [
        'succeeded and failed other than the results say',
        one([added(0, 'a'), refused(1, 'b')], { total: 2, succeeded: 2, failed: 0 }),
      ],
    ]
    for (const [label, data] of cases) {
      const client = createSetrowClient({
        apiKey: 'k',
        retry: false,
        logger: { warn: () => {} },
        fetch: async () => Response.json({ status: 'success', data }),
      })
      const results = await client.email.addAll(sent)
      expect(
        results.map((r) => !r.ok && r.error instanceof UnexpectedAnswerError),
        label,
      ).toEqual([true, true])
    }
  })

  it('exist for every bulk operation', () => {
    const s = setup()
    const c = s.client
    for (const method of [
      c.email.addAll,
      c.email.transferAll,
      c.email.deleteAll,
      c.sms.addAll,
      c.sms.transferAll,
      c.sms.deleteAll,
      c.whatsapp.addAll,
      c.whatsapp.deleteAll,
      c.categories.addAll,
      c.favorites.addAll,
      c.favorites.deleteAll,
      c.baskets.addAll,
      c.baskets.deleteAll,
      c.orders.addAll,
      c.orders.updateStatusAll,
      c.orders.deleteAll,
      c.iys.transactions.saveAll,
    ])
      expect(typeof method).toBe('function')
  })
})

describe('date-range helpers', () => {
  it('split a long range into 30-day windows and merge the answers', async () => {
    const s = setup()
    const { client, sent } = recording(s)
    const list = await client.unsubscribe.email.listRange({
      startDate: '2025-10-01',
      lastDate: '2026-03-15',
    })
    const windows = sent.map((r) => new URL(r.url).searchParams)
    expect(windows.map((q) => [q.get('startDate'), q.get('lastDate')])).toEqual([
      ['2025-10-01', '2025-10-31'],
      ['2025-11-01', '2025-12-01'],
      ['2025-12-02', '2026-01-01'],
      ['2026-01-02', '2026-02-01'],
      ['2026-02-02', '2026-03-04'],
      ['2026-03-05', '2026-03-15'],
    ])
    const expected = [...s.state.lists.unsubscribeEmail.values()].filter(
      (e) => e.date >= '2025-10-01',
    )
    expect(list).toHaveLength(expected.length)
    expect(new Set(list.map((e) => e.email)).size).toBe(list.length)
  })

  it('take Date objects and keep the other parameters', async () => {
    const s = setup()
    const { client, sent } = recording(s)
    const number = s.state.reports.sms[0]!.number
    const reports = await client.sms.reportRange({
      number,
      reportType: 2,
      startDate: new Date('2025-12-01T15:00:00Z'),
      lastDate: new Date('2026-03-15T08:00:00Z'),
    })
    expect(sent).toHaveLength(4)
    expect(sent.every((r) => new URL(r.url).searchParams.get('number') === number)).toBe(true)
    expect(reports.every((r) => r.number === number && r.status === 'DELIVERED')).toBe(true)
  })

  it('make a single call for a single day', async () => {
    const s = setup()
    const { client, sent } = recording(s)
    await client.junk.listRange({ startDate: '2026-03-10', lastDate: '2026-03-10' })
    expect(sent).toHaveLength(1)
  })
})

describe('value tables', () => {
  it('carry the seed’s IYS sources and allow statuses', () => {
    expect(IysOptInSource.HS_WEB).toBe(3)
    expect(IysOptInSource.IYS_KISA_LINK).toBe(16)
    expect(IysOptOutSource.HS_EPOSTA).toBe(1)
    expect(IysOptOutSource.IYS_KISA_LINK).toBe(14)
    expect(Object.values(AllowStatus)).toEqual(['Y', 'N', 'L', 'X'])
  })

  it.each([
    ['Y', 3, 'HS_WEB'],
    ['L', 12, 'IYS_3338'],
    ['N', 3, 'HS_WEB'],
    ['X', 2, 'HS_MESAJ'],
    ['N', 15, undefined],
  ] as const)('names source %s/%i as %s', (status, value, name) => {
    expect(iysSourceName(status, value)).toBe(name)
  })
})
