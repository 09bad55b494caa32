import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { softtrEmulator } from '../../../src/apis/softtr/emulator/index.ts'
import type { SofttrData } from '../../../src/apis/softtr/emulator/store.ts'
import { orderStatuses } from '../../../src/apis/softtr/schemas.ts'
import { createEmulator } from '../../../src/emulator/host.ts'

// cases per property; KOPRU_FUZZ_RUNS=3000 for a longer hunt
const RUNS = Number(process.env.KOPRU_FUZZ_RUNS ?? 300)
const emulator = createEmulator(softtrEmulator, {
  seed: 11,
  sizes: { orders: 40, products: 12, customers: 20 },
})
const BASE = emulator.baseUrl()
const dump = () => JSON.stringify(emulator.dump())
const initial = JSON.parse(dump()) as SofttrData
const ORDERNOS = initial.orders.map((o) => o.orderno)
const BARCODES = initial.products.flatMap((p) => [p.barcode, ...p.variants.map((v) => v.barcode)])
const KNOWN = new Set([...ORDERNOS, ...BARCODES.filter(Boolean)])
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`
const GOOD_AUTH = basic(emulator.credentials.username!, emulator.credentials.password!)
const seenRequestIds = new Set<string>()

type Auth = 'good' | 'none' | 'wrong' | 'garbage'
const authArb: fc.Arbitrary<Auth> = fc.oneof(
  { weight: 12, arbitrary: fc.constant('good' as const) },
  fc.constantFrom('none' as const, 'wrong' as const, 'garbage' as const),
)
const authHeader: Record<Auth, string | undefined> = {
  good: GOOD_AUTH,
  none: undefined,
  wrong: basic('kopru', 'not-the-password'),
  garbage: 'Basic ***not base64***',
}

interface Answer {
  status: number
  body: {
    status?: unknown
    message?: { code?: unknown; detail?: { requestID?: unknown; message?: unknown } }
    data?: Record<string, unknown>
  }
}

/**
 * One call through the in-process fetch, to a path under the base URL or a whole URL; a call that
 * takes over 2 s fails the property.
 */
async function send(
  method: string,
  path: string,
  { auth = 'good', body, type }: { auth?: Auth; body?: string; type?: string } = {},
): Promise<Answer> {
  const headers: Record<string, string> = {}
  if (authHeader[auth]) headers.authorization = authHeader[auth]
  if (type) headers['content-type'] = type
  const request = emulator.fetch(path.startsWith('http') ? path : `${BASE}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: new TextEncoder().encode(body) }),
  })
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${method} ${path} hung for 2 s`)), 2000)
  })
  try {
    const response = await Promise.race([request, timeout])
    const text = await response.text()
    if (method === 'HEAD') return { status: response.status, body: {} }
    expect(response.headers.get('content-type')).toMatch(/^application\/json/)
    return { status: response.status, body: JSON.parse(text) as Answer['body'] }
  } finally {
    clearTimeout(timer)
  }
}

/** Softtr's envelope, a fresh request id, and never a 5xx. */
function expectEnvelope(answer: Answer, method = 'GET'): void {
  expect(answer.status).toBeGreaterThanOrEqual(200)
  expect(answer.status).toBeLessThan(500)
  if (method === 'HEAD') return
  const { status, message } = answer.body
  expect(status).toBe(answer.status)
  expect(message?.code).toBe(answer.status)
  const id = message?.detail?.requestID
  expect(id).toMatch(/^[0-9a-f]{32}$/)
  expect(seenRequestIds.has(id as string), `requestID ${String(id)} seen before`).toBe(false)
  seenRequestIds.add(id as string)
  if (answer.status >= 400) expect(message?.detail?.message).toEqual(expect.any(String))
}

const invalidParameter = (name: string) => `${name} Boş ya da Geçersiz`
const INVALID_REQUEST = 'Geçersiz istek'
const LIMIT = 'Data sınırı aşıldı'
const UNAUTHORIZED = 'Kullanıcı bilgileri eksik yada yanlış'

/** A query value and whether Softtr must accept it (`undefined`: either answer is fine). */
interface Tagged {
  values: string[]
  valid: boolean | undefined
}

const junkText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constantFrom('', ' ', 'NaN', 'Infinity', '-0', '0x10', '1e3', '1.5', '١٢', '%', '%zz', '+'),
  fc.integer({ min: 1, max: 5000 }).map((n) => '9'.repeat(n)),
)
const textVerdict = (text: string): boolean | undefined =>
  /^[\s\d-]*$/.test(text) ? undefined : false

/** A whole number in `min`..`max` (no maximum when omitted), or something that is not. */
function intParam(min: number, max?: number): fc.Arbitrary<Tagged> {
  const tooBig = max === undefined ? [] : [fc.integer({ min: max + 1, max: 2 ** 52 })]
  return fc.oneof(
    fc
      .oneof(fc.integer({ min, max: min + 12 }), fc.integer({ min, max: max ?? 10 ** 15 - 1 }))
      .map((n) => ({ values: [String(n)], valid: true })),
    fc
      .oneof(
        fc.integer({ min: -1e9, max: min - 1 }),
        fc.bigInt({ min: 10n ** 15n, max: 10n ** 40n }),
        ...tooBig,
      )
      .map((n) => ({ values: [String(n)], valid: false })),
    junkText.map((text) => ({ values: [text], valid: textVerdict(text) })),
  )
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0')
const dateParam: fc.Arbitrary<Tagged> = fc.oneof(
  fc
    .date({ min: new Date('1990-01-01'), max: new Date('2035-12-31'), noInvalidDate: true })
    .map((d) => ({
      values: [`${pad(d.getUTCDate())}-${pad(d.getUTCMonth() + 1)}-${d.getUTCFullYear()}`],
      valid: true,
    })),
  fc
    .constantFrom(
      '31-02-2024',
      '29-02-2023',
      '00-01-2024',
      '32-01-2024',
      '01-13-2024',
      '2024-01-01',
      '01/01/2024',
      '1-1-2024',
      '01-01-24',
      '01-01-2024T00:00',
      '2024-01-01T00:00:00Z',
    )
    .map((text) => ({ values: [text], valid: false })),
  junkText.map((text) => ({ values: [text], valid: textVerdict(text) })),
)

/** Any parameter, sometimes repeated (`?page=1&page=2`), which Softtr must refuse. */
const orRepeated = (param: fc.Arbitrary<Tagged>): fc.Arbitrary<Tagged> =>
  fc.oneof(
    { weight: 4, arbitrary: param },
    fc
      .array(param, { minLength: 2, maxLength: 3 })
      .map((list) => ({ values: list.flatMap((t) => t.values), valid: false })),
  )

const junkKeys = fc.array(
  fc.tuple(
    fc.oneof(
      fc.constantFrom('__proto__', 'constructor', 'hasOwnProperty', 'toString', 'PAGESIZE', 'q'),
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }),
    ),
    junkText,
  ),
  { maxLength: 4 },
)
const rawTail = fc.constantFrom('', '&', '&&', '&=', '&=x', '&%', '&%zz=%E0%A4%A', '#frag')

function queryArb<K extends string>(params: Record<K, fc.Arbitrary<Tagged>>) {
  const keys = Object.keys(params) as K[]
  const recordArb = fc.record(Object.fromEntries(keys.map((k) => [k, orRepeated(params[k])])), {
    requiredKeys: [],
  }) as fc.Arbitrary<Partial<Record<K, Tagged>>>
  return fc.tuple(recordArb, junkKeys, rawTail).map(([given, junk, tail]) => {
    const search = new URLSearchParams()
    for (const key of keys) for (const value of given[key]?.values ?? []) search.append(key, value)
    for (const [key, value] of junk)
      if (!(keys as string[]).includes(key)) search.append(key, value)
    return { given, text: `?${search.toString()}${tail}` }
  })
}

/** The status a list call must answer, from what the fuzzer knows of its inputs. */
function verdictOf(given: Partial<Record<string, Tagged>>): 'ok' | 'bad' | 'either' {
  const tags = Object.values(given).filter((t): t is Tagged => t !== undefined)
  if (tags.some((t) => t.valid === false)) return 'bad'
  return tags.every((t) => t.valid) ? 'ok' : 'either'
}

function expectListAnswer(
  answer: Answer,
  verdict: 'ok' | 'bad' | 'either',
  badKeys: string[],
): void {
  expectEnvelope(answer)
  if (verdict === 'ok') expect(answer.status).toBe(200)
  else if (verdict === 'bad') expect(answer.status).toBe(400)
  else expect([200, 400]).toContain(answer.status)
  if (answer.status === 400 && verdict === 'bad')
    expect(badKeys.map(invalidParameter)).toContain(answer.body.message?.detail?.message)
}

/** The parameters a refusal may name: any the fuzzer does not know to be valid. */
const badKeysOf = (given: Partial<Record<string, Tagged>>) =>
  Object.entries(given)
    .filter(([, t]) => t?.valid !== true)
    .map(([k]) => k)

const property = <T>(arb: fc.Arbitrary<T>, run: (value: T) => Promise<void>) =>
  fc.assert(fc.asyncProperty(arb, run), { numRuns: RUNS })

describe('Softtr emulator under malformed queries', () => {
  it('GET /orders answers 200 or a named 400 for any query, and only 200 when it is valid', () =>
    property(
      queryArb({
        page: intParam(1),
        pageSize: intParam(1, 100),
        startDate: dateParam,
        endDate: dateParam,
      }),
      async ({ given, text }) => {
        const answer = await send('GET', `/orders${text}`)
        let verdict = verdictOf(given)
        const badKeys = badKeysOf(given)
        if (verdict === 'ok' && given.endDate && !given.startDate) {
          verdict = 'bad'
          badKeys.push('startDate')
        } else if (verdict === 'ok' && given.startDate && given.endDate) {
          const day = (t: Tagged) => t.values[0]!.split('-').reverse().join('')
          if (day(given.endDate) < day(given.startDate)) {
            verdict = 'bad'
            badKeys.push('endDate')
          }
        }
        expectListAnswer(answer, verdict, badKeys)
        if (answer.status !== 200) return
        const data = answer.body.data as { orderCount: number; size: number; content: unknown[] }
        expect(data.size).toBe(given.pageSize ? Number(given.pageSize.values[0]) : 100)
        expect(data.content.length).toBeLessThanOrEqual(data.size)
        if (!given.startDate && !given.endDate) expect(data.orderCount).toBe(ORDERNOS.length)
      },
    ))

  it('GET /products/list answers 200 or a named 400 for any query, and only 200 when it is valid', () =>
    property(
      queryArb({ page: intParam(1), pageSize: intParam(1, 100), size: intParam(1, 100) }),
      async ({ given, text }) => {
        const answer = await send('GET', `/products/list${text}`)
        expectListAnswer(answer, verdictOf(given), badKeysOf(given))
        if (answer.status !== 200) return
        const data = answer.body.data as { productCount: number; size: number }
        const size = given.pageSize ?? given.size
        expect(data.size).toBe(size ? Number(size.values[0]) : 100)
        expect(data.productCount).toBe(initial.products.length)
      },
    ))

  it('GET /order/{orderno} answers 200 for a known number and 404 for any other segment', () =>
    property(
      fc.tuple(
        fc.oneof(
          fc.constantFrom(...ORDERNOS).map((n) => ({ raw: n, known: true })),
          fc.oneof(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' })).map((s) => ({
            raw: encodeURIComponent(s),
            known: ORDERNOS.includes(s),
          })),
          fc
            .constantFrom('%', '%zz', '%E0%A4%A', '..', '.', '%2e%2e', 'a%2Fb', ';', '%00')
            .map((raw) => ({ raw, known: false })),
          fc.integer({ min: 1000, max: 20000 }).map((n) => ({ raw: 'L'.repeat(n), known: false })),
        ),
        fc.constantFrom('', '/', '?pageSize=0', '?x=%'),
        authArb,
      ),
      async ([{ raw, known }, tail, auth]) => {
        const answer = await send('GET', `/order/${raw}${tail}`, { auth })
        expectEnvelope(answer)
        if (auth !== 'good') expect(answer.status).toBe(401)
        else expect(answer.status).toBe(known ? 200 : 404)
      },
    ))
})

type Item = Record<string, unknown> | unknown
interface BodyCase {
  text: string
  type: string | undefined
  /** the items when the body is a well-formed batch Softtr must accept */
  accepted?: Record<string, unknown>[]
  /** the answer's message when Softtr must refuse it */
  message?: string | string[]
  unknown?: string[]
}

const JSON_TYPES = [undefined, 'application/json', 'application/json; charset=utf-8', 'a/b+json']
const WRONG_TYPES = ['text/plain', 'application/x-www-form-urlencoded', 'application/xml', 'x']
const unknownValue = fc
  .string({ unit: 'grapheme', maxLength: 20 })
  .map((s) => `N${s}N`)
  .filter((s) => !KNOWN.has(s))

/**
 * Bodies for a batch update: well-formed batches (accepted), batches naming an unknown key
 * (refused whole), broken items, 0 or 101+ items, other JSON types, non-JSON, wrong content types.
 */
function bodyArb(
  validItem: fc.Arbitrary<Record<string, unknown>>,
  brokenItem: fc.Arbitrary<Item>,
  withUnknownKey: fc.Arbitrary<Record<string, unknown>>,
  keyField: string,
  brokenMessages: string[],
): fc.Arbitrary<BodyCase> {
  const jsonType = fc.constantFrom(...JSON_TYPES)
  const json = (value: unknown, type: string | undefined) => ({ text: JSON.stringify(value), type })
  const cases: fc.Arbitrary<BodyCase> = fc.oneof(
    fc
      .tuple(fc.array(validItem, { minLength: 1, maxLength: 100 }), jsonType)
      .map(([items, type]) => ({ ...json(items, type), accepted: items })),
    fc
      .tuple(
        fc.array(validItem, { maxLength: 60 }),
        fc.array(withUnknownKey, { minLength: 1, maxLength: 5 }),
        fc.nat(),
        jsonType,
      )
      .map(([good, bad, at, type]) => {
        const items = [...good]
        for (const item of bad) items.splice(at % (items.length + 1), 0, item)
        return {
          ...json(items, type),
          message: invalidParameter(keyField),
          unknown: [...new Set(bad.map((i) => String(i[keyField])))],
        }
      }),
    fc
      .tuple(fc.array(validItem, { maxLength: 60 }), brokenItem, fc.nat(), jsonType)
      .map(([items, broken, at, type]) => {
        const all: Item[] = [...items]
        all.splice(at % (items.length + 1), 0, broken)
        return { ...json(all, type), message: brokenMessages }
      }),
    fc
      .tuple(fc.array(validItem, { minLength: 101, maxLength: 140 }), jsonType)
      .map(([items, type]) => ({ ...json(items, type), message: LIMIT })),
    fc
      .tuple(
        fc.oneof(
          fc.constant([]),
          fc.constant(null),
          fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 3 }),
          fc.oneof(fc.integer(), fc.boolean(), fc.string()),
          validItem,
        ),
        jsonType,
      )
      .map(([value, type]) => ({ ...json(value, type), message: INVALID_REQUEST })),
    fc
      .tuple(
        fc.oneof(
          fc.string({ unit: 'grapheme', maxLength: 200 }),
          fc.constantFrom('', '   ', '[', '[{]', "[{'orderno':1}]", '{"a":1', 'NaN', '[1,]'),
        ),
        jsonType,
      )
      .filter(([text]) => !parses(text))
      .map(([text, type]) => ({ text, type, message: INVALID_REQUEST })),
    fc
      .tuple(fc.array(validItem, { minLength: 1, maxLength: 5 }), fc.constantFrom(...WRONG_TYPES))
      .map(([items, type]) => ({ ...json(items, type), message: INVALID_REQUEST })),
  )
  return cases
}

function parses(text: string): boolean {
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  }
}

/** Applies a batch the way the README describes it, to the state dumped before the call. */
type Apply = (state: SofttrData, items: Record<string, unknown>[]) => void

async function checkBatch(path: string, body: BodyCase, auth: Auth, apply: Apply): Promise<void> {
  const before = dump()
  const answer = await send('POST', path, { auth, body: body.text, type: body.type })
  expectEnvelope(answer)
  const after = dump()
  if (auth !== 'good') {
    expect(answer.status).toBe(401)
    expect(answer.body.message?.detail?.message).toBe(UNAUTHORIZED)
  } else if (body.accepted) {
    expect(answer.status).toBe(200)
    expect(answer.body).not.toHaveProperty('data')
    const expected = JSON.parse(before) as SofttrData
    apply(expected, body.accepted)
    expect(JSON.parse(after)).toEqual(expected)
    return
  } else {
    expect(answer.status).toBe(400)
    const messages = [body.message ?? []].flat()
    expect(messages).toContain(answer.body.message?.detail?.message)
    if (body.unknown) {
      const listed = answer.body.message?.detail as { unknown?: string[] }
      expect(new Set(listed.unknown)).toEqual(new Set(body.unknown))
    }
  }
  expectUnchanged(before, after)
}

/** Compares dumps as text, and as objects only when they differ, for a readable diff. */
function expectUnchanged(before: string, after: string): void {
  if (after !== before) expect(JSON.parse(after)).toEqual(JSON.parse(before))
}

const statusUpdates = bodyArb(
  fc.record({ orderno: fc.constantFrom(...ORDERNOS), status: fc.constantFrom(...orderStatuses) }),
  fc.oneof(
    fc.record({ status: fc.constantFrom(...orderStatuses) }),
    fc.record({ orderno: fc.constantFrom(...ORDERNOS) }),
    fc.record({
      orderno: fc.oneof(fc.constantFrom('', '   '), fc.integer(), fc.constant(null)),
      status: fc.constantFrom(...orderStatuses),
    }),
    fc.record({
      orderno: fc.constantFrom(...ORDERNOS),
      status: fc.oneof(fc.string(), fc.constantFrom('waiting', 'SHIPPED ', 'DONE'), fc.integer()),
    }),
    fc.oneof(fc.constant(null), fc.integer(), fc.string(), fc.array(fc.jsonValue())),
  ),
  fc.record({ orderno: unknownValue, status: fc.constantFrom(...orderStatuses) }),
  'orderno',
  [INVALID_REQUEST, invalidParameter('orderno'), invalidParameter('status')],
)

const money = fc.integer({ min: 0, max: 10_000_000 }).map((cents) => cents / 100)
const stock = fc.integer({ min: 0, max: 1_000_000 })
const stockItem = (barcode: fc.Arbitrary<string>) =>
  fc.record({ barcode, mainProductPrice: money, variantPrice: money, stockAmount: stock })
const wrongValue: Record<string, fc.Arbitrary<unknown>> = {
  barcode: fc.constantFrom('', '  ', 8693382336397, null, ['x']),
  mainProductPrice: fc.oneof(fc.double({ max: -0.01 }), fc.constantFrom('10', '', null, true, {})),
  variantPrice: fc.oneof(fc.integer({ max: -1 }), fc.constantFrom('0.00', null, false, [1])),
  stockAmount: fc.oneof(fc.integer({ max: -1 }), fc.constantFrom(1.5, '3', null, 2 ** 53, {})),
}
const stockUpdates = bodyArb(
  stockItem(fc.constantFrom(...BARCODES.filter(Boolean))),
  fc.oneof(
    fc
      .constantFrom(...Object.keys(wrongValue))
      .chain((field) =>
        fc.tuple(
          stockItem(fc.constantFrom(...BARCODES.filter(Boolean))),
          fc.constant(field),
          fc.option(wrongValue[field]!, { nil: undefined }),
        ),
      )
      .map(([item, field, value]) => {
        const { [field]: _dropped, ...rest } = item as Record<string, unknown>
        return value === undefined ? rest : { ...rest, [field]: value }
      }),
    fc.oneof(fc.constant(null), fc.integer(), fc.string(), fc.array(fc.jsonValue())),
  ),
  stockItem(unknownValue),
  'barcode',
  [
    INVALID_REQUEST,
    ...['barcode', 'mainProductPrice', 'variantPrice', 'stockAmount'].map(invalidParameter),
  ],
)

const applyStatuses: Apply = (state, items) => {
  for (const item of items)
    state.orders.find((o) => o.orderno === item.orderno)!.status = item.status as never
}

const applyStock: Apply = (state, items) => {
  for (const item of items) {
    const product = state.products.find(
      (p) => p.barcode === item.barcode || p.variants.some((v) => v.barcode === item.barcode),
    )!
    product.mainProductPrice = item.mainProductPrice as number
    const variant = product.variants.find((v) => v.barcode === item.barcode)
    if (variant) {
      variant.variantPrice = item.variantPrice as number
      variant.stockAmount = item.stockAmount as number
      product.stockAmount = product.variants.reduce((sum, v) => sum + v.stockAmount, 0)
    } else product.stockAmount = item.stockAmount as number
  }
}

describe('Softtr emulator under malformed batches', () => {
  it('POST /orders/updateOrderStatus applies a valid batch whole and a refused one not at all', () =>
    property(fc.tuple(statusUpdates, authArb), ([body, auth]) =>
      checkBatch('/orders/updateOrderStatus', body, auth, applyStatuses),
    ))

  it('POST /products/updateStokAndPrice applies a valid batch whole and a refused one not at all', () =>
    property(fc.tuple(stockUpdates, authArb), ([body, auth]) =>
      checkBatch('/products/updateStokAndPrice', body, auth, applyStock),
    ))

  it('refuses a body over 10 MiB with the limit message and changes nothing', async () => {
    const before = dump()
    const item = JSON.stringify({ orderno: ORDERNOS[0], status: 'CANCEL' })
    const text = `[${`${item},`.repeat(Math.ceil((10.5 * 2 ** 20) / item.length))}${item}]`
    const answer = await send('POST', '/orders/updateOrderStatus', { body: text })
    expectEnvelope(answer)
    expect([answer.status, answer.body.message?.detail?.message]).toEqual([400, LIMIT])
    expectUnchanged(before, dump())
  })
})

const ROUTES: { pattern: RegExp; method: string }[] = [
  { pattern: /^\/api\/orders$/, method: 'GET' },
  { pattern: /^\/api\/order\/[^/]+$/, method: 'GET' },
  { pattern: /^\/api\/orders\/updateOrderStatus$/, method: 'POST' },
  { pattern: /^\/api\/products\/list$/, method: 'GET' },
  { pattern: /^\/api\/products\/updateStokAndPrice$/, method: 'POST' },
]

const segment = fc.oneof(
  fc.constantFrom(
    'api',
    'orders',
    'order',
    'products',
    'list',
    'updateOrderStatus',
    'updateStokAndPrice',
    'ORDERS',
    '..',
    '.',
    '%2e',
    '%',
    ORDERNOS[0]!,
  ),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }).map(encodeURIComponent),
)

describe('Softtr emulator under random methods and paths', () => {
  it('answers 404 off its paths, 405 for another method, 401 without credentials, never a 5xx', () =>
    property(
      fc.record({
        method: fc.constantFrom(
          'GET',
          'POST',
          'PUT',
          'PATCH',
          'DELETE',
          'OPTIONS',
          'HEAD',
          'SEARCH',
          'PROPFIND',
          'PURGE',
        ),
        prefix: fc.constantFrom('/api', '/api', '/api', '', '/API', '/v1', '/api/api'),
        segments: fc.array(segment, { maxLength: 4 }),
        slash: fc.boolean(),
        body: fc.option(
          fc.oneof(
            fc.string(),
            fc.jsonValue().map((v) => JSON.stringify(v)),
          ),
        ),
        auth: authArb,
      }),
      async ({ method, prefix, segments, slash, body, auth }) => {
        const path = `${prefix}/${segments.join('/')}${slash ? '/' : ''}`
        const before = dump()
        const sendsBody = body !== null && !['GET', 'HEAD'].includes(method)
        const url = new URL(`${new URL(BASE).origin}${path}`)
        if (url.pathname.startsWith('/__kopru')) return
        const answer = await send(method, url.href, { auth, ...(sendsBody ? { body } : {}) })
        expectEnvelope(answer, method)
        const pathname = url.pathname.replace(/(.)\/$/, '$1')
        const route = ROUTES.find((r) => r.pattern.test(pathname))
        const asMethod = method === 'HEAD' ? 'GET' : method
        if (auth !== 'good') expect(answer.status).toBe(401)
        else if (!route) expect(answer.status).toBe(404)
        else if (route.method !== asMethod) expect(answer.status).toBe(405)
        else expect([200, 400, 404]).toContain(answer.status)
        if (answer.status !== 200) expectUnchanged(before, dump())
      },
    ))
})
