/**
 * Malformed input never gives a 5xx or a hang: fuzzed form fields, fuzzed `productList` JSON
 * (random values and damaged valid lists), fuzzed JSON bodies and queries. Every answer is JSON in
 * one of Narwoo's shapes, and the products the emulator keeps still obey the catalogue's rules.
 */
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  brandsOf,
  categoryById,
  categoryForPath,
  isLeaf,
} from '../../../src/apis/narwoo/emulator/catalogue.ts'
import { emulator, login, wireProductList, type NarwooEmulator } from './support.ts'

const RUNS = Number(process.env.KOPRU_FUZZ_RUNS ?? 200)

let e: NarwooEmulator
let token: string
beforeAll(async () => {
  e = emulator({ sizes: { products: 12, orders: 40, customers: 10 } })
  token = await login(e)
})

const posts = [
  '/order-confirm',
  '/order-cancel',
  '/cargo-create/manuel',
  '/cargo-cancel/manuel',
  '/cargo-create/integration',
  '/cargo-cancel/integration',
  '/add-product',
  '/edit-product',
]
const gets = [
  '/order-list',
  '/order-detail',
  '/product-list',
  '/option-list',
  '/brand-list',
  '/delete-product',
  '/cargo-detail/integration',
  '/category-list',
  '/login',
]
const fields = [
  'order_number',
  'cancel_reason',
  'cargoCompanyName',
  'cargo_number',
  'productList',
  'offset',
  'limit',
  'start_date',
  'end_date',
  'type',
  'sku',
  'categoryId',
  'productId',
  'userEmail',
  'userPassword',
]

const text = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.constantFrom(
    '',
    ' ',
    '0',
    '-1',
    '1e9',
    '999999999999',
    '2021-01-01 15:35',
    'null',
    '[]',
    '{}',
  ),
  fc.integer().map(String),
)

const havlu = categoryForPath(['Ev & Yaşam', 'Ev Tekstili', 'Havlu'])
const valid = wireProductList({
  title: 'Pamuklu Banyo Havlusu',
  brandName: brandsOf(havlu)[0]!.name,
  categoryId: havlu.id,
  quantity: 3,
  currency: 1,
  price: 99.9,
  cargoOption: 0,
  images: ['https://a.test/1.jpg'],
  attributes: [
    { name: 'Materyal', value: 'Pamuk' },
    { name: 'Renk', value: 'Beyaz' },
  ],
  variants: [{ price: 99.9, quantity: 2, attributes: [{ name: 'Renk', value: 'Mavi' }] }],
})

/** A valid list with one field of one item replaced by anything JSON can hold. */
const damaged = fc
  .tuple(
    fc.nat(valid.length - 1),
    fc.constantFrom(...new Set(valid.flatMap(Object.keys))),
    fc.jsonValue(),
  )
  .map(([i, key, value]) =>
    JSON.stringify(valid.map((item, at) => (at === i ? { ...item, [key]: value } : item))),
  )

const productList = fc.oneof(
  damaged,
  fc.json({ maxDepth: 4 }),
  text,
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify([v])),
)

const form = fc.dictionary(fc.constantFrom(...fields), text, { maxKeys: 6 })

/** One call; fails the property on a 5xx, a body that is not JSON, or an answer after 2 s. */
async function send(url: string, init: RequestInit): Promise<{ status: number; body: unknown }> {
  let timer: NodeJS.Timeout | undefined
  const hung = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${url} hung for 2 s`)), 2000)
  })
  try {
    const response = await Promise.race([e.fetch(url, init), hung])
    const body = JSON.parse(await response.text()) as unknown
    expect(response.status).toBeLessThan(500)
    return { status: response.status, body }
  } finally {
    clearTimeout(timer)
  }
}

/** One of Narwoo's shapes: the envelope (errCode, status or the product list), a bare list, an order detail. */
function expectNarwooShape(body: unknown): void {
  const record = body as Record<string, unknown>
  const o = record.o as Record<string, unknown> | undefined
  const shaped =
    (o !== undefined &&
      (typeof o.errCode === 'number' ||
        typeof o.status === 'string' ||
        Array.isArray(o.productList))) ||
    Array.isArray(record.order_list) ||
    Array.isArray(record.cargo_companies_list) ||
    typeof record.order_number === 'string'
  expect(shaped, JSON.stringify(body).slice(0, 300)).toBe(true)
}

describe('fuzzed input', () => {
  it('starts from a list the emulator accepts', async () => {
    const answer = await send(`${e.baseUrl()}/add-product`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token, productList: JSON.stringify(valid) }).toString(),
    })
    expect(answer.body).toEqual({ o: { status: 'success', errList: [] }, error: 0 })
  })

  it('answers fuzzed form fields on every write in Narwoo’s shape, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...posts),
        form,
        fc.option(productList),
        async (path, fields, list) => {
          const body = new URLSearchParams({
            ...fields,
            ...(list === null ? {} : { productList: list }),
            token,
          })
          const answer = await send(e.baseUrl() + path, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: body.toString(),
          })
          expectNarwooShape(answer.body)
        },
      ),
      { numRuns: RUNS },
    )
  })

  it('answers fuzzed productList JSON in add-product and edit-product with status or errCode', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/add-product', '/edit-product'),
        productList,
        async (path, list) => {
          const answer = await send(`${e.baseUrl()}${path}`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({ token, productList: list }).toString(),
          })
          const o = (answer.body as { o: Record<string, unknown> }).o
          expect(o.status === 'success' || o.status === 'error' || o.errCode === 42).toBe(true)
          if (o.status === 'error') expect((o.errList as unknown[]).length).toBeGreaterThan(0)
        },
      ),
      { numRuns: RUNS },
    )
  })

  it('answers any JSON body, and any content type, without a 5xx', async () => {
    const type = fc.constantFrom(
      'application/json',
      'text/plain',
      '',
      'application/xml',
      'multipart/form-data',
    )
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...posts),
        fc.jsonValue({ maxDepth: 3 }),
        type,
        async (path, value, contentType) => {
          const body =
            typeof value === 'object' && value && !Array.isArray(value)
              ? { ...value, token }
              : value
          const answer = await send(`${e.baseUrl()}${path}?token=${token}`, {
            method: 'POST',
            headers: contentType ? { 'content-type': contentType } : {},
            body: JSON.stringify(body),
          })
          expectNarwooShape(answer.body)
        },
      ),
      { numRuns: RUNS },
    )
  })

  it('answers fuzzed queries on every read without a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...gets), form, async (path, fields) => {
        const query = new URLSearchParams({ ...fields, token })
        const answer = await send(`${e.baseUrl()}${path}?${query}`, { method: 'GET' })
        expectNarwooShape(answer.body)
      }),
      { numRuns: RUNS },
    )
  })

  it('keeps only products that obey the rules after all that', () => {
    for (const product of e.state.liveProducts()) {
      expect(isLeaf(categoryById.get(product.categoryId)!)).toBe(true)
      expect(product.images.filter((i) => i.prime)).toHaveLength(1)
      const sellerPays = product.cargoCompanyName === '' && product.cargoPrice === 0
      expect(product.cargoOption === 0 ? sellerPays : product.cargoCompanyName !== '').toBe(true)
      expect([1, 2, 3, 4, 5]).toContain(product.currency)
    }
  })
})
