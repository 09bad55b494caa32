/**
 * Narwoo's emulator answers against openapi/narwoo.json: for every operation, its success and
 * each errCode it documents (all with HTTP 200, as the PHP table answers), the token errors any
 * call can get, and the 404, 405 and 500 in front of the API; status and body validated against
 * the document. Each row runs on a fresh seeded emulator.
 */
import { describe, expect, it } from 'vitest'
import { categoryForPath } from '../../../src/apis/narwoo/emulator/catalogue.ts'
import type { Cargo, StoredOrder } from '../../../src/apis/narwoo/emulator/store.ts'
import { narwooErrors } from '../../../src/apis/narwoo/errors.ts'
import { narwooApi } from '../../../src/apis/narwoo/operations.ts'
import type { ProductDraft } from '../../../src/apis/narwoo/parse.ts'
import { version } from '../../../src/cli/version.ts'
import { toOpenApi } from '../../../src/core/openapi.ts'
import type { OperationDef } from '../../../src/core/operation.ts'
import { answerChecker, documentedStatuses } from '../../support/openapi-answers.ts'
import { arrange, emulator, login, raw, wireProductList, type NarwooEmulator } from './support.ts'

const doc = toOpenApi(narwooApi, version)
const operations: Record<string, OperationDef> = narwooApi.operations
const checker = answerChecker(doc)
type Id = keyof typeof narwooApi.operations
type Fields = Record<string, string>

interface Row {
  op: Id
  /** the errCode expected in `o`; 0 for a success, undefined for answers without one */
  errCode?: number
  status?: number
  /** the order the row works on is put in this state first (see support.ts `arrange`) */
  state?: Partial<StoredOrder>
  /** query or form fields (the token is added); `{order}` is the arranged order's number */
  fields?: (e: NarwooEmulator) => Fields | Promise<Fields>
  token?: 'none' | 'unknown'
  method?: string
  path?: string
  chaos?: true
}

const kazak = String(categoryForPath(['Giyim', 'Erkek', 'Sweatshirt']).id)
const manual: Cargo = {
  integration: false,
  company: 'Aras Kargo',
  number: '4455667788',
  createdAt: '2026-11-22 10:00:00',
}
const ups: Cargo = {
  integration: true,
  company: 'UPS',
  number: '1Z964AX56800009991',
  labelKey: 'A1B2',
  createdAt: '2026-11-23 11:00:00',
}
const order = { order_number: '{order}' }
const unknown = { order_number: '999999999999' }
const draft: ProductDraft = {
  title: 'Erkek Pamuklu Kapüşonlu Sweatshirt',
  brandName: 'Mavi',
  categoryId: Number(kazak),
  quantity: 12,
  sku: 'MV-SW-SIY-M',
  currency: 1,
  price: 899.9,
  cargoOption: 0,
  images: ['https://cdn.magaza.test/sw-1.jpg'],
  attributes: [{ name: 'Renk', value: 'Siyah' }],
  variants: [],
}
const productList = (extra: Record<string, unknown> = {}) =>
  JSON.stringify(wireProductList(draft).map((item, i) => (i === 0 ? { ...item, ...extra } : item)))
const live = (e: NarwooEmulator) => String(e.state.products.find((p) => !p.deleted)!.productId)
const fields = (value: Fields) => () => value

const rows: Row[] = [
  {
    op: 'auth.login',
    errCode: 0,
    token: 'none',
    fields: (e) => ({
      userEmail: e.credentials.userEmail!,
      userPassword: e.credentials.userPassword!,
    }),
  },
  {
    op: 'auth.login',
    errCode: 6,
    token: 'none',
    fields: (e) => ({ userEmail: e.credentials.userEmail!, userPassword: 'wrong' }),
  },
  {
    op: 'auth.login',
    errCode: 42,
    token: 'none',
    fields: fields({ userEmail: ' ', userPassword: '' }),
  },
  { op: 'orders.list', fields: fields({ offset: '0', limit: '5' }) },
  { op: 'orders.list', errCode: 1, fields: fields({ start_date: 'dün' }) },
  { op: 'categories.list', errCode: 0 },
  { op: 'options.list', errCode: 0, fields: fields({ categoryId: kazak }) },
  { op: 'options.list', errCode: 42 },
  { op: 'products.delete', errCode: 0, fields: (e) => ({ productId: live(e) }) },
  { op: 'products.delete', errCode: 43, fields: fields({ productId: '999999' }) },
  { op: 'products.delete', errCode: 42, fields: fields({ productId: ' ' }) },
  { op: 'brands.list', errCode: 0, fields: fields({ categoryId: kazak }) },
  { op: 'brands.list', errCode: 42, fields: fields({ categoryId: '' }) },
  { op: 'products.list', fields: fields({ offset: '0', limit: '3' }) },
  { op: 'products.list', errCode: 42, fields: fields({ type: 'bySku' }) },
  { op: 'products.create', fields: () => ({ productList: productList() }) },
  {
    op: 'products.create',
    fields: () => ({ productList: productList({ brandName: 'Yok Böyle Marka' }) }),
  },
  { op: 'products.create', errCode: 42 },
  { op: 'products.update', fields: (e) => ({ productList: productList({ productId: live(e) }) }) },
  { op: 'products.update', fields: () => ({ productList: productList({ productId: 'abc' }) }) },
  { op: 'products.update', errCode: 42 },
  { op: 'orders.get', fields: fields(order) },
  { op: 'orders.get', errCode: 8, fields: fields({ order_number: '' }) },
  { op: 'orders.get', errCode: 9, fields: fields(unknown) },
  { op: 'orders.confirm', errCode: 0, fields: fields(order) },
  { op: 'orders.confirm', errCode: 8, fields: fields({ order_number: '' }) },
  { op: 'orders.confirm', errCode: 9, fields: fields(unknown) },
  { op: 'orders.confirm', errCode: 10, state: { canceled: true }, fields: fields(order) },
  { op: 'orders.confirm', errCode: 11, state: { paymentStatus: 0 }, fields: fields(order) },
  { op: 'orders.confirm', errCode: 4, state: { confirmed: true }, fields: fields(order) },
  { op: 'orders.confirm', errCode: 17, state: { hasReturn: true }, fields: fields(order) },
  { op: 'orders.confirm', errCode: 5, fields: (e) => (deleteLine(e), order) },
  {
    op: 'orders.cancel',
    errCode: 0,
    fields: fields({ ...order, cancel_reason: 'Stokta kalmadı' }),
  },
  { op: 'orders.cancel', errCode: 8, fields: fields({ order_number: '', cancel_reason: 'x' }) },
  { op: 'orders.cancel', errCode: 42, fields: fields({ ...order, cancel_reason: ' ' }) },
  { op: 'orders.cancel', errCode: 9, fields: fields({ ...unknown, cancel_reason: 'x' }) },
  {
    op: 'orders.cancel',
    errCode: 10,
    state: { canceled: true },
    fields: fields({ ...order, cancel_reason: 'x' }),
  },
  {
    op: 'orders.cancel',
    errCode: 17,
    state: { hasReturn: true },
    fields: fields({ ...order, cancel_reason: 'x' }),
  },
  {
    op: 'orders.cancel',
    errCode: 16,
    state: { cargo: manual },
    fields: fields({ ...order, cancel_reason: 'x' }),
  },
  { op: 'cargoCompanies.list' },
  ...manualCargo(),
  { op: 'cargo.cancelManual', errCode: 0, state: { cargo: manual }, fields: fields(order) },
  { op: 'cargo.cancelManual', errCode: 8, fields: fields({ order_number: '' }) },
  { op: 'cargo.cancelManual', errCode: 9, fields: fields(unknown) },
  { op: 'cargo.cancelManual', errCode: 18, state: { cargo: ups }, fields: fields(order) },
  { op: 'cargo.cancelManual', errCode: 15, fields: fields(order) },
  { op: 'cargo.createIntegration', errCode: 0, fields: fields(order) },
  { op: 'cargo.createIntegration', errCode: 8, fields: fields({ order_number: '' }) },
  { op: 'cargo.createIntegration', errCode: 9, fields: fields(unknown) },
  { op: 'cargo.createIntegration', errCode: 10, state: { canceled: true }, fields: fields(order) },
  {
    op: 'cargo.createIntegration',
    errCode: 11,
    state: { paymentStatus: 0 },
    fields: fields(order),
  },
  { op: 'cargo.createIntegration', errCode: 16, state: { cargo: manual }, fields: fields(order) },
  { op: 'cargo.createIntegration', errCode: 18, state: { cargo: ups }, fields: fields(order) },
  { op: 'cargo.cancelIntegration', errCode: 0, state: { cargo: ups }, fields: fields(order) },
  { op: 'cargo.cancelIntegration', errCode: 8, fields: fields({ order_number: '' }) },
  { op: 'cargo.cancelIntegration', errCode: 9, fields: fields(unknown) },
  { op: 'cargo.cancelIntegration', errCode: 15, fields: fields(order) },
  {
    op: 'cargo.getIntegration',
    errCode: 0,
    state: { cargo: ups },
    fields: fields({ ...order, cargo_number: ups.number }),
  },
  {
    op: 'cargo.getIntegration',
    errCode: 8,
    fields: fields({ order_number: '', cargo_number: 'x' }),
  },
  { op: 'cargo.getIntegration', errCode: 13, fields: fields({ ...order, cargo_number: '' }) },
  { op: 'cargo.getIntegration', errCode: 9, fields: fields({ ...unknown, cargo_number: 'x' }) },
  { op: 'cargo.getIntegration', errCode: 15, fields: fields({ ...order, cargo_number: 'x' }) },
]

function manualCargo(): Row[] {
  const cargo = { ...order, cargoCompanyName: 'Yurtiçi Kargo', cargo_number: '102030405060' }
  return [
    { op: 'cargo.createManual', errCode: 0, fields: fields(cargo) },
    { op: 'cargo.createManual', errCode: 8, fields: fields({ ...cargo, order_number: '' }) },
    {
      op: 'cargo.createManual',
      errCode: 12,
      fields: fields({ ...cargo, cargoCompanyName: 'Kargocu' }),
    },
    { op: 'cargo.createManual', errCode: 13, fields: fields({ ...cargo, cargo_number: '' }) },
    { op: 'cargo.createManual', errCode: 14, fields: fields({ ...cargo, cargo_number: '12345' }) },
    { op: 'cargo.createManual', errCode: 9, fields: fields({ ...cargo, ...unknown }) },
    { op: 'cargo.createManual', errCode: 10, state: { canceled: true }, fields: fields(cargo) },
    { op: 'cargo.createManual', errCode: 11, state: { paymentStatus: 0 }, fields: fields(cargo) },
    { op: 'cargo.createManual', errCode: 18, state: { cargo: ups }, fields: fields(cargo) },
    { op: 'cargo.createManual', errCode: 16, state: { cargo: manual }, fields: fields(cargo) },
  ]
}

/** The arranged order's first line, its product deleted since: the confirm cannot cover it. */
function deleteLine(e: NarwooEmulator): void {
  const target = e.state.orders[e.state.orders.length - 1]!
  e.state.product(target.lines[0]!.productId)!.deleted = true
}

// what any call can get: no token, an unknown one, a path beside it, another method, a failure
const general: Row[] = (Object.keys(narwooApi.operations) as Id[]).flatMap((id): Row[] => [
  ...(id === 'auth.login'
    ? []
    : [
        { op: id, errCode: 7, token: 'none' as const },
        { op: id, errCode: 41, token: 'unknown' as const },
      ]),
  { op: id, errCode: 1, status: 404, method: 'GET', path: '/nowhere' },
  { op: id, errCode: 1, status: 405, method: 'PUT' },
  { op: id, errCode: 1, status: 500, chaos: true },
])

describe('Narwoo emulator answers, validated against openapi/narwoo.json', () => {
  // the general answers change nothing, so they share one emulator (chaos reset)
  let shared: NarwooEmulator | undefined
  it.each([...rows, ...general])('$op answers errCode $errCode, HTTP $status', async (row) => {
    const e = general.includes(row) ? (shared ??= emulator()) : emulator()
    e.chaos.configure(row.chaos ? { errors: { '500': 1 }, operations: [row.op] } : {})
    const op = narwooApi.operations[row.op]
    const target = arrange(e, row.state)
    const given = Object.fromEntries(
      Object.entries((await row.fields?.(e)) ?? {}).map(([k, v]) => [
        k,
        v.replace('{order}', target.orderNumber),
      ]),
    )
    const token = row.token === 'none' ? undefined : row.token ? 'f'.repeat(51) : await login(e)
    const method = row.method ?? op.method
    const path = row.path ?? op.path
    const answer =
      method === 'GET' || method === 'POST'
        ? await raw(e, method, path, given, { token })
        : await rawOther(e, method, path)
    expect(answer.status).toBe(row.status ?? 200)
    expect(answer.body.o?.errCode).toBe(row.errCode)
    if (!row.method && !row.path)
      expect(checker.operationOf(op.method, e.baseUrl() + op.path)).toBe(row.op)
    expect(checker.problems(row.op, answer.status, answer.body)).toEqual([])
  })

  it('has a row for every answer and errCode the document gives', () => {
    const all = [...rows, ...general]
    const missing = [...documentedStatuses(doc)].flatMap(([id, statuses]) => {
      const codes = (operations[id]!.errors ?? []).map((key) =>
        Number(narwooErrors[key as keyof typeof narwooErrors].code),
      )
      return [
        ...statuses.filter((s) => !all.some((r) => r.op === id && (r.status ?? 200) === s)),
        ...codes.filter((c) => !all.some((r) => r.op === id && r.errCode === c)),
      ].map((what) => `${id} ${what}`)
    })
    expect(missing).toEqual([])
  })
})

/** A method raw() does not send (a wrong one), without a body. */
async function rawOther(e: NarwooEmulator, method: string, path: string) {
  const response = await e.fetch(e.baseUrl() + path, { method })
  return {
    status: response.status,
    body: (await response.json()) as { o?: Record<string, unknown>; error?: number },
  }
}
