/**
 * Setrow's emulator answers against openapi/setrow.json: for every operation, its success and each
 * answer the document gives (the statuses of its own E-codes, then 401, 403, 404 and 500, which
 * any call can get), with the status and body validated against the document. Each row runs on a
 * fresh seeded emulator.
 */
import { describe, expect, it } from 'vitest'
import type { SetrowSwitches } from '../../../src/apis/setrow/emulator/account.ts'
import { setrowApi } from '../../../src/apis/setrow/operations.ts'
import { version } from '../../../src/cli/version.ts'
import { toOpenApi } from '../../../src/core/openapi.ts'
import type { OperationDef } from '../../../src/core/operation.ts'
import { answerChecker, call, documentedStatuses } from '../../support/openapi-answers.ts'
import { daysAgo, setup, type Setup } from './setup.ts'

const doc = toOpenApi(setrowApi, version)
const operations: Record<string, OperationDef> = setrowApi.operations
const checker = answerChecker(doc)
type Id = keyof typeof setrowApi.operations

interface Row {
  op: Id
  status: number
  /** the E-code expected, when the row is about one */
  code?: string
  /** path from the base URL and body; by default the operation's method and path */
  request?: (s: Setup) => { path?: string; body?: unknown }
  method?: string
  auth?: false
  switches?: Partial<SetrowSwitches>
  chaos?: true
}

const window = `?startDate=${daysAgo(20)}&lastDate=${daysAgo(0)}`
const badWindow = `?startDate=${daysAgo(0)}&lastDate=${daysAgo(20)}`
const email = (s: Setup) => s.member('email').address
const number = (s: Setup) => s.member('sms').address
const whatsapp = (s: Setup) => s.member('whatsapp').address
const listed = (s: Setup, list: keyof Setup['state']['lists']) =>
  [...s.state.lists[list].keys()][0]!
const code = (s: Setup) => s.product().productCode
const orderId = (s: Setup) => [...s.state.orders.keys()][0]!
const auto = (s: Setup) => [...s.state.autoGroups.keys()][0]!
const category = (s: Setup) => [...s.state.categories.keys()][0]!
const path = (p: string) => () => ({ path: p })
const body = (value: (s: Setup) => unknown) => (s: Setup) => ({ body: value(s) })
const empty = () => ({ body: [] })

const rows: Row[] = [
  { op: 'email.get', status: 200, request: (s) => ({ path: `/email/${email(s)}` }) },
  { op: 'email.get', status: 404, code: 'E104', request: path('/email/nobody@example.com') },
  { op: 'email.get', status: 400, code: 'E103', request: path('/email/not-an-address') },
  {
    op: 'email.add',
    status: 200,
    request: body((s) => [{ email: 'new@example.com', groupId: s.groupOf('email') }]),
  },
  { op: 'email.add', status: 400, code: 'E102', request: empty },
  {
    op: 'email.transfer',
    status: 200,
    request: body((s) => [
      { email: email(s), fromGroupId: s.member('email').groupId, toGroupId: s.groupOf('email', 1) },
    ]),
  },
  { op: 'email.transfer', status: 400, code: 'E102', request: empty },
  {
    op: 'email.delete',
    status: 200,
    request: body((s) => [{ email: email(s), groupId: s.member('email').groupId }]),
  },
  {
    op: 'email.delete',
    status: 400,
    code: 'E125',
    request: body(() => Array(1001).fill({ email: 'a@b.co' })),
  },
  {
    op: 'sms.report',
    status: 200,
    request: (s) => ({ path: `/sms/report?number=${number(s)}${window.replace('?', '&')}` }),
  },
  { op: 'sms.report', status: 400, code: 'E133', request: path('/sms/report') },
  { op: 'sms.get', status: 200, request: (s) => ({ path: `/sms/${number(s)}` }) },
  { op: 'sms.get', status: 404, code: 'E119', request: path('/sms/5000000000') },
  {
    op: 'sms.get',
    status: 400,
    code: 'E110',
    switches: { smsSettings: false },
    request: (s) => ({ path: `/sms/${number(s)}` }),
  },
  {
    op: 'sms.add',
    status: 200,
    request: body((s) => [{ number: '5321234567', groupId: s.groupOf('sms') }]),
  },
  { op: 'sms.add', status: 400, code: 'E124', request: body(() => ['not an object']) },
  {
    op: 'sms.transfer',
    status: 200,
    request: body((s) => [
      { number: number(s), fromGroupId: s.member('sms').groupId, toGroupId: s.groupOf('sms', 1) },
    ]),
  },
  { op: 'sms.transfer', status: 400, code: 'E102', request: empty },
  { op: 'sms.delete', status: 200, request: body((s) => [{ number: number(s) }]) },
  { op: 'sms.delete', status: 400, code: 'E102', request: empty },
  {
    op: 'whatsapp.report',
    status: 200,
    request: (s) => ({ path: `/whatsapp/report?number=${whatsapp(s)}` }),
  },
  {
    op: 'whatsapp.report',
    status: 400,
    code: 'E122',
    request: path(`/whatsapp/report${badWindow}`),
  },
  { op: 'whatsapp.get', status: 200, request: (s) => ({ path: `/whatsapp/${whatsapp(s)}` }) },
  { op: 'whatsapp.get', status: 404, code: 'E130', request: path('/whatsapp/905000000000') },
  { op: 'whatsapp.get', status: 400, code: 'E103', request: path('/whatsapp/abc') },
  {
    op: 'whatsapp.add',
    status: 200,
    request: body((s) => [{ number: '905321234567', groupId: s.groupOf('whatsapp') }]),
  },
  {
    op: 'whatsapp.add',
    status: 400,
    code: 'E100',
    request: body(() => [{ number: '905321234567' }]),
  },
  { op: 'whatsapp.delete', status: 200, request: body((s) => [{ number: whatsapp(s) }]) },
  { op: 'whatsapp.delete', status: 400, code: 'E102', request: empty },
  { op: 'wrong.whatsapp.list', status: 200, request: path(`/wrong/whatsapp/list/${window}`) },
  {
    op: 'wrong.whatsapp.list',
    status: 400,
    code: 'E122',
    request: path(`/wrong/whatsapp/list/${badWindow}`),
  },
  { op: 'groups.whatsapp.list', status: 200 },
  {
    op: 'groups.whatsapp.members',
    status: 200,
    request: (s) => ({ path: `/group/whatsapp/${s.groupOf('whatsapp')}` }),
  },
  {
    op: 'groups.whatsapp.members',
    status: 404,
    code: 'E113',
    request: path('/group/whatsapp/999999999'),
  },
  {
    op: 'groups.whatsapp.members',
    status: 400,
    code: 'E105',
    request: (s) => ({ path: `/group/whatsapp/${s.foreignGroup()}` }),
  },
  {
    op: 'groups.whatsapp.create',
    status: 200,
    request: body(() => ({ groupName: 'Yeni WhatsApp Grubu' })),
  },
  {
    op: 'groups.whatsapp.create',
    status: 400,
    code: 'E107',
    request: body(() => ({ groupName: ' ab ' })),
  },
  {
    op: 'unsubscribe.whatsapp.list',
    status: 200,
    request: path(`/unsubscribe/whatsapp/list/${window}`),
  },
  {
    op: 'unsubscribe.whatsapp.list',
    status: 400,
    code: 'E100',
    request: path('/unsubscribe/whatsapp/list/'),
  },
  {
    op: 'unsubscribe.whatsapp.status',
    status: 200,
    request: (s) => ({ path: `/unsubscribe/whatsapp/${whatsapp(s)}` }),
  },
  {
    op: 'unsubscribe.whatsapp.status',
    status: 400,
    code: 'E103',
    request: path('/unsubscribe/whatsapp/abc'),
  },
  { op: 'unsubscribe.whatsapp.add', status: 200, request: body((s) => ({ number: whatsapp(s) })) },
  {
    op: 'unsubscribe.whatsapp.add',
    status: 400,
    code: 'E117',
    request: body((s) => ({ number: listed(s, 'unsubscribeWhatsapp') })),
  },
  {
    op: 'unsubscribe.whatsapp.delete',
    status: 200,
    request: body((s) => ({ number: listed(s, 'unsubscribeWhatsapp') })),
  },
  {
    op: 'unsubscribe.whatsapp.delete',
    status: 400,
    code: 'E118',
    request: body((s) => ({ number: whatsapp(s) })),
  },
  { op: 'groups.email.list', status: 200 },
  {
    op: 'groups.email.members',
    status: 200,
    request: (s) => ({ path: `/group/email/${s.groupOf('email')}` }),
  },
  {
    op: 'groups.email.members',
    status: 404,
    code: 'E113',
    request: path('/group/email/999999999'),
  },
  { op: 'groups.email.members', status: 400, code: 'E103', request: path('/group/email/0') },
  {
    op: 'groups.email.filter',
    status: 200,
    request: (s) => ({
      path: `/group/email/${s.groupOf('email')}?_filter=spArea1:Y&getAreas=spArea1,spArea2`,
    }),
  },
  {
    op: 'groups.email.filter',
    status: 400,
    code: 'E100',
    request: (s) => ({ path: `/group/email/${s.groupOf('email')}?updateDateArea=spArea3` }),
  },
  {
    op: 'groups.email.auto',
    status: 200,
    request: (s) => ({ path: `/group/email/auto/${auto(s)}` }),
  },
  {
    op: 'groups.email.auto',
    status: 404,
    code: 'E106',
    request: path('/group/email/auto/999999999'),
  },
  { op: 'groups.email.auto', status: 400, code: 'E103', request: path('/group/email/auto/x') },
  { op: 'groups.email.create', status: 200, request: body(() => ({ groupName: 'Yeni Bülten' })) },
  {
    op: 'groups.email.create',
    status: 400,
    code: 'E109',
    request: body((s) => ({ groupName: s.state.groups.get(s.groupOf('email'))!.name })),
  },
  { op: 'groups.sms.list', status: 200 },
  { op: 'groups.sms.list', status: 400, code: 'E110', switches: { smsSettings: false } },
  {
    op: 'groups.sms.members',
    status: 200,
    request: (s) => ({ path: `/group/sms/${s.groupOf('sms')}` }),
  },
  { op: 'groups.sms.members', status: 404, code: 'E113', request: path('/group/sms/999999999') },
  {
    op: 'groups.sms.members',
    status: 400,
    code: 'E105',
    request: (s) => ({ path: `/group/sms/${s.foreignGroup()}` }),
  },
  {
    op: 'groups.sms.filter',
    status: 200,
    request: (s) => ({ path: `/group/sms/${s.groupOf('sms')}?_filters=spArea2=HS_WEB,spArea1=Y` }),
  },
  {
    op: 'groups.sms.filter',
    status: 400,
    code: 'E103',
    request: (s) => ({ path: `/group/sms/${s.groupOf('sms')}?getAreas=spArea99` }),
  },
  { op: 'groups.sms.create', status: 200, request: body(() => ({ groupName: 'Yeni SMS Grubu' })) },
  {
    op: 'groups.sms.create',
    status: 400,
    code: 'E103',
    request: body(() => ({ groupName: 'x'.repeat(101) })),
  },
  { op: 'categories.list', status: 200 },
  {
    op: 'categories.add',
    status: 200,
    request: body(() => [{ categoryId: 9001, categoryName: 'Yeni Kategori' }]),
  },
  { op: 'categories.add', status: 400, code: 'E102', request: empty },
  {
    op: 'categories.delete',
    status: 200,
    request: (s) => ({ path: `/category/delete/${category(s)}` }),
  },
  { op: 'categories.delete', status: 404, code: 'E141', request: path('/category/delete/999999') },
  { op: 'categories.delete', status: 400, code: 'E103', request: path('/category/delete/0') },
  { op: 'products.list', status: 200, request: path('/product/all/1') },
  { op: 'products.list', status: 400, code: 'E103', request: path('/product/all/3') },
  { op: 'products.getByCode', status: 200, request: (s) => ({ path: `/product/code/${code(s)}` }) },
  { op: 'products.getByCode', status: 404, code: 'E112', request: path('/product/code/NONE') },
  {
    op: 'products.getByBarcode',
    status: 200,
    request: (s) => ({ path: `/product/barcode/${s.product().productBarcode}` }),
  },
  { op: 'products.getByBarcode', status: 404, code: 'E140', request: path('/product/barcode/0') },
  {
    op: 'products.add',
    status: 200,
    request: body(() => ({ productCode: 'NEW-1', productName: 'Yeni', price: '10,50' })),
  },
  {
    op: 'products.add',
    status: 400,
    code: 'E137',
    request: body(() => ({ productName: 'Kodsuz' })),
  },
  {
    op: 'products.add',
    status: 404,
    code: 'E141',
    request: body(() => ({ productCode: 'NEW-2', categoryIds: [999999] })),
  },
  {
    op: 'products.deleteByCode',
    status: 200,
    request: (s) => ({ path: `/product/delete/code/${code(s)}` }),
  },
  {
    op: 'products.deleteByCode',
    status: 404,
    code: 'E112',
    request: path('/product/delete/code/NONE'),
  },
  {
    op: 'products.deleteByBarcode',
    status: 200,
    request: (s) => ({ path: `/product/delete/barcode/${s.product().productBarcode}` }),
  },
  {
    op: 'products.deleteByBarcode',
    status: 404,
    code: 'E140',
    request: path('/product/delete/barcode/0'),
  },
  { op: 'favorites.list', status: 200, request: (s) => ({ path: `/favorite/${email(s)}` }) },
  { op: 'favorites.list', status: 400, code: 'E103', request: path('/favorite/not-an-address') },
  {
    op: 'favorites.add',
    status: 200,
    request: body((s) => [{ email: email(s), productCode: code(s) }]),
  },
  { op: 'favorites.add', status: 400, code: 'E102', request: empty },
  {
    op: 'favorites.delete',
    status: 200,
    request: body((s) => [{ email: email(s), productCode: code(s) }]),
  },
  { op: 'favorites.delete', status: 400, code: 'E102', request: empty },
  { op: 'baskets.list', status: 200, request: (s) => ({ path: `/baskets/${email(s)}` }) },
  { op: 'baskets.list', status: 400, code: 'E103', request: path('/baskets/not-an-address') },
  {
    op: 'baskets.add',
    status: 200,
    request: body((s) => [{ email: email(s), productCode: code(s), quantity: 2 }]),
  },
  { op: 'baskets.add', status: 400, code: 'E102', request: empty },
  { op: 'baskets.delete', status: 200, request: body((s) => [{ email: email(s) }]) },
  { op: 'baskets.delete', status: 400, code: 'E102', request: empty },
  {
    op: 'orders.list',
    status: 200,
    request: (s) => ({ path: `/orders/${s.state.orders.get(orderId(s))!.email}` }),
  },
  { op: 'orders.list', status: 400, code: 'E103', request: path('/orders/not-an-address') },
  {
    op: 'orders.add',
    status: 200,
    request: body((s) => [
      {
        orderId: 'O-NEW',
        email: email(s),
        orderDate: '2026-03-01 10:00:00',
        totalPrice: 10,
        products: [{ productCode: code(s), quantity: 1, price: 10 }],
      },
    ]),
  },
  {
    op: 'orders.add',
    status: 400,
    code: 'E103',
    request: body(() => [
      { orderId: 'O-1', email: 'a@b.co', orderDate: 'yesterday', totalPrice: 1, products: [] },
    ]),
  },
  {
    op: 'orders.updateStatus',
    status: 200,
    request: body((s) => [{ orderId: orderId(s), status: 'shipped' }]),
  },
  { op: 'orders.updateStatus', status: 400, code: 'E102', request: empty },
  { op: 'orders.delete', status: 200, request: body((s) => [{ orderId: orderId(s) }]) },
  { op: 'orders.delete', status: 400, code: 'E102', request: empty },
  { op: 'unsubscribe.email.list', status: 200, request: path(`/unsubscribe/email/list/${window}`) },
  {
    op: 'unsubscribe.email.list',
    status: 400,
    code: 'E123',
    request: path(`/unsubscribe/email/list/?startDate=${daysAgo(40)}&lastDate=${daysAgo(0)}`),
  },
  { op: 'unsubscribe.email.add', status: 200, request: body((s) => ({ email: email(s) })) },
  {
    op: 'unsubscribe.email.add',
    status: 400,
    code: 'E115',
    request: body((s) => ({ email: listed(s, 'unsubscribeEmail') })),
  },
  {
    op: 'unsubscribe.email.delete',
    status: 200,
    request: body((s) => ({ email: listed(s, 'unsubscribeEmail') })),
  },
  {
    op: 'unsubscribe.email.delete',
    status: 400,
    code: 'E116',
    request: body((s) => ({ email: email(s) })),
  },
  {
    op: 'unsubscribe.email.status',
    status: 200,
    request: (s) => ({ path: `/unsubscribe/email/${email(s)}` }),
  },
  {
    op: 'unsubscribe.email.status',
    status: 400,
    code: 'E103',
    request: path('/unsubscribe/email/x'),
  },
  { op: 'unsubscribe.sms.list', status: 200, request: path(`/unsubscribe/sms/list/${window}`) },
  {
    op: 'unsubscribe.sms.list',
    status: 400,
    code: 'E103',
    request: path('/unsubscribe/sms/list/?startDate=x&lastDate=y'),
  },
  { op: 'unsubscribe.sms.add', status: 200, request: body((s) => ({ number: number(s) })) },
  {
    op: 'unsubscribe.sms.add',
    status: 400,
    code: 'E117',
    request: body((s) => ({ number: listed(s, 'unsubscribeSms') })),
  },
  {
    op: 'unsubscribe.sms.delete',
    status: 200,
    request: body((s) => ({ number: listed(s, 'unsubscribeSms') })),
  },
  {
    op: 'unsubscribe.sms.delete',
    status: 400,
    code: 'E118',
    request: body((s) => ({ number: number(s) })),
  },
  {
    op: 'unsubscribe.sms.status',
    status: 200,
    request: (s) => ({ path: `/unsubscribe/sms/${number(s)}` }),
  },
  {
    op: 'unsubscribe.sms.status',
    status: 400,
    code: 'E103',
    request: path('/unsubscribe/sms/abc'),
  },
  { op: 'junk.list', status: 200, request: path(`/junk/list/${window}`) },
  {
    op: 'junk.list',
    status: 400,
    code: 'E100',
    request: path(`/junk/list/?startDate=${daysAgo(1)}`),
  },
  { op: 'junk.status', status: 200, request: (s) => ({ path: `/junk/${email(s)}` }) },
  { op: 'junk.status', status: 400, code: 'E103', request: path('/junk/x') },
  { op: 'wrong.email.list', status: 200, request: path(`/wrong/list/${window}`) },
  { op: 'wrong.email.list', status: 400, code: 'E122', request: path(`/wrong/list/${badWindow}`) },
  { op: 'iys.errors', status: 200, request: path('/iys/errors/24') },
  { op: 'iys.errors', status: 400, code: 'E135', request: path('/iys/errors/97') },
  { op: 'iys.errors', status: 400, code: 'E103', request: path('/iys/errors/0') },
  { op: 'iys.errors', status: 400, code: 'E134', request: path('/iys/errors/x') },
  { op: 'iys.successes', status: 200, request: path('/iys/successes/96') },
  {
    op: 'iys.successes',
    status: 400,
    code: 'E146',
    switches: { iysPool: false },
    request: path('/iys/successes/24'),
  },
  {
    op: 'iys.email.list',
    status: 200,
    request: (s) => ({
      path: `/iys/list/email?hour=24&groupId=${s.groupOf('email')}&getAreas=spArea3,spArea5`,
    }),
  },
  {
    op: 'iys.email.list',
    status: 400,
    code: 'E136',
    request: (s) => ({ path: `/iys/list/email?hour=97&groupId=${s.groupOf('email')}` }),
  },
  {
    op: 'iys.email.list',
    status: 404,
    code: 'E113',
    request: path('/iys/list/email?hour=24&groupId=999999999'),
  },
  {
    op: 'iys.sms.list',
    status: 200,
    request: (s) => ({ path: `/iys/list/sms?hour=1&groupId=${s.groupOf('sms')}` }),
  },
  { op: 'iys.sms.list', status: 400, code: 'E100', request: path('/iys/list/sms?hour=24') },
  {
    op: 'iys.transactions.save',
    status: 200,
    request: body((s) => [
      { email: email(s), requestId: 'r-1', transactionId: 't-1' },
      { number: number(s), requestId: 'r-2', transactionId: 't-2' },
    ]),
  },
  { op: 'iys.transactions.save', status: 400, code: 'E102', request: empty },
]

/** The operation id the document uses: operations sharing a route are documented as one. */
function documentedId(id: Id): string {
  const op = operations[id]!
  const path = op.wirePath ?? op.path
  const sharing = Object.entries(operations).filter(
    ([, o]) => o.method === op.method && (o.wirePath ?? o.path) === path,
  )
  return sharing.map(([other]) => other).join('_or_')
}

// what any operation answers: no key, an IP outside the allow list, another method, a failure
const general: Row[] = Object.keys(setrowApi.operations).flatMap((id): Row[] => [
  { op: id as Id, status: 401, code: 'E401', auth: false },
  { op: id as Id, status: 403, code: 'E403', switches: { ipAllowed: false } },
  { op: id as Id, status: 403, code: 'E145', switches: { accountActive: false } },
  { op: id as Id, status: 404, code: 'E404', method: 'PUT' },
  { op: id as Id, status: 500, code: 'E101', chaos: true },
])

describe('Setrow emulator answers, validated against openapi/setrow.json', () => {
  // the general answers change nothing, so they share one emulator (switches and chaos reset)
  let shared: Setup | undefined
  it.each([...rows, ...general])('$op answers $status $code as the document says', async (row) => {
    const s = general.includes(row) ? (shared ??= setup()) : setup()
    s.setSwitches({ ipAllowed: true, accountActive: true, smsSettings: true, iysPool: true })
    if (row.switches) s.setSwitches(row.switches)
    s.emulator.chaos.configure(row.chaos ? { errors: { '500': 1 } } : {})
    const op = operations[row.op]!
    const { path = (op.wirePath ?? op.path).replace(/\{[^}]+\}/, '1'), body } =
      row.request?.(s) ?? {}
    const url = s.emulator.baseUrl() + path
    const method = row.method ?? op.method
    const answer = await call(s.emulator.fetch, url, {
      method,
      headers: {
        ...(row.auth === false ? {} : { authorization: `Bearer ${s.emulator.credentials.apiKey}` }),
        'content-type': 'application/json',
      },
      body: body === undefined || method === 'GET' ? undefined : JSON.stringify(body),
    })
    expect({ status: answer.status, code: (answer.body as { code?: string }).code }).toEqual({
      status: row.status,
      code: row.code ?? undefined,
    })
    const id = documentedId(row.op)
    if (!row.method) expect(checker.operationOf(method, url)).toBe(id)
    expect(checker.problems(id, answer.status, answer.body)).toEqual([])
  })

  it('has a row for every answer the document gives', () => {
    const all = [...rows, ...general]
    const missing = [...documentedStatuses(doc)].flatMap(([id, statuses]) =>
      statuses
        .filter((s) => !all.some((r) => documentedId(r.op) === id && r.status === s))
        .map((s) => `${id} ${s}`),
    )
    expect(missing).toEqual([])
  })
})
