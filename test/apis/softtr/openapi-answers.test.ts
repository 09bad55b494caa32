/**
 * Softtr's emulator answers against openapi/softtr.json: for every operation, its success and each
 * answer the document gives, with the status and body validated against the document.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { softtrEmulator } from '../../../src/apis/softtr/emulator/index.ts'
import type { SofttrStore } from '../../../src/apis/softtr/emulator/store.ts'
import { softtrApi } from '../../../src/apis/softtr/operations.ts'
import { version } from '../../../src/cli/version.ts'
import { toOpenApi } from '../../../src/core/openapi.ts'
import type { OperationDef } from '../../../src/core/operation.ts'
import { createEmulator, type Emulator } from '../../../src/emulator/host.ts'
import { answerChecker, call, documentedStatuses } from '../../support/openapi-answers.ts'

const doc = toOpenApi(softtrApi, version)
const operations: Record<string, OperationDef> = softtrApi.operations
const checker = answerChecker(doc)
const AUTH = `Basic ${Buffer.from('kopru:kopru-softtr').toString('base64')}`

interface Row {
  op: keyof typeof softtrApi.operations
  status: number
  method?: string
  /** from the base URL; `{orderno}` and `{barcode}` are filled with known ones */
  path?: string
  body?: unknown
  auth?: string
  chaos?: '500'
}

const prices = { mainProductPrice: 10, variantPrice: 0, stockAmount: 3 }
const rows: Row[] = [
  { op: 'orders.list', status: 200, path: '/orders?page=1&pageSize=5&startDate=01-01-2026' },
  { op: 'orders.list', status: 400, path: '/orders?pageSize=101' },
  { op: 'orders.list', status: 400, path: '/orders?endDate=01-01-2026' },
  { op: 'orders.list', status: 400, path: '/orders?startDate=31-02-2026' },
  { op: 'orders.get', status: 200 },
  { op: 'orders.get', status: 404, path: '/order/NO-SUCH-ORDER' },
  { op: 'orders.updateStatus', status: 200, body: [{ orderno: '{orderno}', status: 'SHIPPED' }] },
  { op: 'orders.updateStatus', status: 400, body: [{ orderno: 'X-1', status: 'SHIPPED' }] },
  { op: 'orders.updateStatus', status: 400, body: '{not json' },
  { op: 'orders.updateStatus', status: 400, body: [] },
  {
    op: 'orders.updateStatus',
    status: 400,
    body: Array(101).fill({ orderno: 'X', status: 'WAITING' }),
  },
  { op: 'products.list', status: 200, path: '/products/list?page=2&pageSize=3' },
  { op: 'products.list', status: 400, path: '/products/list?pageSize=0' },
  { op: 'products.updateStockAndPrice', status: 200, body: [{ barcode: '{barcode}', ...prices }] },
  { op: 'products.updateStockAndPrice', status: 400, body: [{ barcode: 'NONE', ...prices }] },
  { op: 'products.updateStockAndPrice', status: 400, body: [{ barcode: 'x', stockAmount: -1 }] },
  // what any operation answers: no credentials, a path beside it, another method, a failure
  ...Object.entries(operations).flatMap(([id, op]): Row[] => {
    const common = { op: id as Row['op'], body: op.body ? [] : undefined }
    return [
      { ...common, status: 401, auth: '' },
      { ...common, status: 404, method: 'GET', path: '/nowhere' },
      { ...common, status: 405, method: op.method === 'GET' ? 'DELETE' : 'GET' },
      { ...common, status: 500, chaos: '500' },
    ]
  }),
]

let e: Emulator<SofttrStore>
beforeAll(() => {
  e = createEmulator(softtrEmulator, {
    seed: 7,
    sizes: { products: 20, orders: 40, customers: 20 },
    clock: () => new Date('2026-11-23T09:00:00Z'),
  })
})

function fill(text: string): string {
  const product = e.state.listProducts({ page: 1, pageSize: 100 }).content.find((p) => p.barcode)!
  return text
    .replaceAll('{orderno}', e.state.orders[0]!.orderno)
    .replaceAll('{barcode}', product.barcode)
}

describe('Softtr emulator answers, validated against openapi/softtr.json', () => {
  it.each(rows)('$op answers $status as the document says (row %#)', async (row) => {
    const op = softtrApi.operations[row.op]
    const url = e.baseUrl() + fill(row.path ?? op.path)
    const body =
      row.body === undefined
        ? undefined
        : fill(typeof row.body === 'string' ? row.body : JSON.stringify(row.body))
    e.chaos.configure(row.chaos ? { errors: { [row.chaos]: 1 } } : {})
    const method = row.method ?? op.method
    const answer = await call(e.fetch, url, {
      method,
      headers: { authorization: row.auth ?? AUTH, 'content-type': 'application/json' },
      body: method === 'GET' ? undefined : body,
    })
    expect(answer.status).toBe(row.status)
    if (!row.method) expect(checker.operationOf(op.method, url)).toBe(row.op)
    expect(checker.problems(row.op, answer.status, answer.body)).toEqual([])
  })

  it('has a row for every answer the document gives', () => {
    const missing = [...documentedStatuses(doc)].flatMap(([id, statuses]) =>
      statuses
        .filter((s) => !rows.some((r) => r.op === id && r.status === s))
        .map((s) => `${id} ${s}`),
    )
    expect(missing).toEqual([])
  })
})
