/**
 * Loyaltii's emulator answers against openapi/loyaltii.json: for every operation, its success and
 * each answer the document gives (its own refusals, the model errors of its input, a body over the
 * limit, then 401, 405 and 500, which any call can get), with the status and body validated
 * against the document. Each row starts from the seed data.
 */
import { describe, expect, it } from 'vitest'
import { encodeVersion } from '../../../src/apis/loyaltii/codecs.ts'
import { hashPassword } from '../../../src/apis/loyaltii/emulator/contacts.ts'
import { loyaltiiApi } from '../../../src/apis/loyaltii/operations.ts'
import { version } from '../../../src/cli/version.ts'
import { toOpenApi } from '../../../src/core/openapi.ts'
import type { OperationDef } from '../../../src/core/operation.ts'
import { answerChecker, call, documentedStatuses } from '../../support/openapi-answers.ts'
import { body, marketingRows, path, send, type Row } from './answer-rows.ts'
import { setup, type Setup } from './setup.ts'

const doc = toOpenApi(loyaltiiApi, version)
const operations: Record<string, OperationDef> = loyaltiiApi.operations
const checker = answerChecker(doc)
type Id = keyof typeof loyaltiiApi.operations

const contact = (s: Setup) => [...s.state.contacts.values()].find((c) => c.Email && c.Phone)!
const version1 = (s: Setup) => encodeVersion(contact(s).Version)
const line = { Quantity: 1, Price: 100 }
const stale = encodeVersion(1)

const rows: Row[] = [
  { op: 'contacts.list', status: 200 },
  {
    op: 'contacts.getByEmail',
    status: 200,
    request: (s) => ({ path: `/api/v1/Contacts?email=${contact(s).Email}` }),
  },
  {
    op: 'contacts.getByEmail',
    status: 404,
    request: path('/api/v1/Contacts?email=ingen@example.dk'),
  },
  {
    op: 'contacts.getByPhone',
    status: 200,
    request: (s) => ({ path: `/api/v1/Contacts?phone=${contact(s).Phone}` }),
  },
  { op: 'contacts.getByPhone', status: 404, request: path('/api/v1/Contacts?phone=1') },
  {
    op: 'contacts.getBySecret',
    status: 200,
    request: (s) => ({ path: `/api/v1/Contacts?secret=${contact(s).Secret}` }),
  },
  {
    op: 'contacts.getBySecret',
    status: 404,
    request: path('/api/v1/Contacts?secret=x&ip=1.2.3.4'),
  },
  {
    op: 'contacts.listByField',
    status: 200,
    request: path('/api/v1/Contacts?field=MemberLevel&value=Guld'),
  },
  { op: 'contacts.listByField', status: 400, request: path('/api/v1/Contacts?field=MemberLevel') },
  { op: 'contacts.listPatchFields', status: 200 },
  { op: 'contacts.listDynamicFields', status: 200 },
  { op: 'contacts.listBaseInfo', status: 200 },
  {
    op: 'contacts.listRegistrations',
    status: 200,
    request: path('/api/v1/Contacts/Registration?timespan=100000'),
  },
  {
    op: 'contacts.listRegistrations',
    status: 400,
    request: path('/api/v1/Contacts/Registration?timespan=x'),
  },
  { op: 'contacts.get', status: 200 },
  { op: 'contacts.get', status: 404, request: path('/api/v1/Contacts/99999') },
  { op: 'contacts.getPersonDataFile', status: 200 },
  {
    op: 'contacts.getPersonDataFile',
    status: 404,
    request: path('/api/v1/Contacts/99999/PersonDataFile'),
  },
  {
    op: 'contacts.create',
    status: 200,
    request: body(() => ({ RegistrationSource: 'App', MemberLevel: 'Guld' })),
  },
  {
    op: 'contacts.create',
    status: 400,
    request: body(() => ({ RegistrationSource: 'App', HouseholdSize: 'to' })),
  },
  { op: 'contacts.create', status: 400, request: body(() => ({})) },
  {
    op: 'contacts.create',
    status: 409,
    request: body((s) => ({ RegistrationSource: 'App', Email: contact(s).Email })),
  },
  {
    op: 'contacts.create',
    status: 409,
    request: body(() => ({ RegistrationSource: 'App', PreferredStoreId: 999 })),
  },
  {
    op: 'contacts.login',
    status: 200,
    request: send('/api/v1/Contacts/2/Login', () => ({
      Password: 'kode',
      Ip: '1.1.1.1',
      Source: 'App',
    })),
  },
  {
    op: 'contacts.login',
    status: 422,
    request: send('/api/v1/Contacts/2/Login', () => ({
      Password: 'x',
      Ip: '1.1.1.1',
      Source: 'App',
    })),
  },
  {
    op: 'contacts.login',
    status: 404,
    request: send('/api/v1/Contacts/99999/Login', () => ({
      Password: 'x',
      Ip: '1.1.1.1',
      Source: 'App',
    })),
  },
  {
    op: 'contacts.login',
    status: 400,
    request: send('/api/v1/Contacts/2/Login', () => ({ Password: 'x' })),
  },
  {
    op: 'contacts.setPassword',
    status: 200,
    request: send('/api/v1/Contacts/3/SetPassword', () => ({ NewPassword: 'x' })),
  },
  {
    op: 'contacts.setPassword',
    status: 404,
    request: send('/api/v1/Contacts/99999/SetPassword', () => ({ NewPassword: 'x' })),
  },
  {
    op: 'contacts.setPassword',
    status: 400,
    request: send('/api/v1/Contacts/3/SetPassword', () => ({})),
  },
  { op: 'contacts.unblockEmail', status: 200 },
  {
    op: 'contacts.unblockEmail',
    status: 404,
    request: path('/api/v1/Contacts/99999/UnblockEmail'),
  },
  {
    op: 'contacts.update',
    status: 200,
    request: (s) => ({
      path: `/api/v1/Contacts/${contact(s).Id}`,
      body: { Version: version1(s), FirstName: 'A' },
    }),
  },
  {
    op: 'contacts.update',
    status: 409,
    request: (s) => ({ path: `/api/v1/Contacts/${contact(s).Id}`, body: { Version: stale } }),
  },
  {
    op: 'contacts.update',
    status: 404,
    request: send('/api/v1/Contacts/99999', () => ({ Version: stale })),
  },
  { op: 'contacts.update', status: 400, request: body(() => ({ FirstName: 'A' })) },
  {
    op: 'contacts.patchMany',
    status: 200,
    request: body(() => ({ KeyType: 'Id', Keys: ['1', 'x'], Fields: { LastName: 'Lund' } })),
  },
  {
    op: 'contacts.patchMany',
    status: 400,
    request: body(() => ({ KeyType: 'Id', Keys: ['1'], Fields: { Secret: 'x' } })),
  },
  {
    op: 'contacts.patchMany',
    status: 409,
    request: body(() => ({ KeyType: 1, Keys: ['1', '2'], Fields: { Phone: '20000000' } })),
  },
  {
    op: 'contacts.patch',
    status: 200,
    request: (s) => ({
      path: `/api/v1/Contacts/${contact(s).Id}`,
      body: { Version: version1(s), Email: '' },
    }),
  },
  {
    op: 'contacts.patch',
    status: 409,
    request: (s) => ({ path: `/api/v1/Contacts/${contact(s).Id}`, body: { Version: stale } }),
  },
  {
    op: 'contacts.patch',
    status: 404,
    request: send('/api/v1/Contacts/99999', () => ({ Version: stale })),
  },
  { op: 'contacts.patch', status: 400, request: body(() => ({ Version: 42 })) },
  { op: 'contacts.delete', status: 200 },
  { op: 'contacts.delete', status: 404, request: path('/api/v1/Contacts/99999') },
  {
    op: 'orders.listByContact',
    status: 200,
    request: path('/api/v1/Orders?contactId=1&withOrderLines=false'),
  },
  { op: 'orders.listByContact', status: 400, request: path('/api/v1/Orders?contactId=en') },
  {
    op: 'orders.listByExtOrderId',
    status: 200,
    request: (s) => ({ path: `/api/v1/Orders?extOrderId=${s.state.orders.get(1)!.ExtOrderId}` }),
  },
  { op: 'orders.listTypes', status: 200 },
  { op: 'orders.get', status: 200 },
  { op: 'orders.get', status: 404, request: path('/api/v1/Orders/99999') },
  {
    op: 'orders.create',
    status: 200,
    request: body(() => ({ Type: 'Butik', StoreId: 1, OrderLines: [line] })),
  },
  { op: 'orders.create', status: 400, request: body(() => ({ Type: 'Butik', OrderLines: [] })) },
  { op: 'orders.lines.create', status: 200, request: body(() => line) },
  { op: 'orders.lines.create', status: 400, request: body(() => ({ Price: 1 })) },
  {
    op: 'orders.lines.create',
    status: 404,
    request: send('/api/v1/Orders/99999/Lines', () => line),
  },
  {
    op: 'orders.update',
    status: 200,
    request: body(() => ({ City: 'Vejle', PaymentMethod: 'Dankort' })),
  },
  { op: 'orders.update', status: 400, request: body(() => ({ Type: 'Fax' })) },
  {
    op: 'orders.update',
    status: 404,
    request: send('/api/v1/Orders/99999', () => ({ City: 'Vejle' })),
  },
  {
    op: 'orders.lines.update',
    status: 200,
    request: (s) => ({
      path: `/api/v1/Orders/1/Lines/${s.state.orders.get(1)!.OrderLines[0]!.Id}`,
      body: { Quantity: 3 },
    }),
  },
  {
    op: 'orders.lines.update',
    status: 400,
    request: (s) => ({
      path: `/api/v1/Orders/1/Lines/${s.state.orders.get(1)!.OrderLines[0]!.Id}`,
      body: { Quantity: 'tre' },
    }),
  },
  {
    op: 'orders.lines.update',
    status: 404,
    request: send('/api/v1/Orders/1/Lines/99999', () => ({ Quantity: 3 })),
  },
  { op: 'orders.delete', status: 200 },
  { op: 'orders.delete', status: 404, request: path('/api/v1/Orders/99999') },
  { op: 'orders.lines.delete', status: 200, request: (s) => ({ path: twoLines(s) }) },
  { op: 'orders.lines.delete', status: 400, request: (s) => ({ path: oneLine(s) }) },
  { op: 'orders.lines.delete', status: 404, request: path('/api/v1/Orders/1/Lines/99999') },
  {
    op: 'contactEvents.list',
    status: 200,
    request: path('/api/v1/ContactEvents?type=Email&lastId=0'),
  },
  { op: 'contactEvents.list', status: 400, request: path('/api/v1/ContactEvents?lastId=0') },
  {
    op: 'contactEvents.filter',
    status: 200,
    request: path('/api/v1/ContactEvents?type=Web&from=2026-01-01'),
  },
  {
    op: 'contactEvents.filter',
    status: 400,
    request: path('/api/v1/ContactEvents?type=Web&from=i%20går'),
  },
  {
    op: 'contactEvents.create',
    status: 200,
    request: body(() => [{ ContactId: 1, Type: 'Web', SubType: 'Besøg' }]),
  },
  { op: 'contactEvents.create', status: 400, request: body(() => [{ ContactId: 1 }]) },
  {
    op: 'contactEvents.create',
    status: 404,
    request: body(() => [{ ContactId: 99999, Type: 'Web', SubType: 'Besøg' }]),
  },
  {
    op: 'contactEvents.create',
    status: 409,
    request: body((s) => [
      {
        ContactId: 1,
        Type: 'Web',
        SubType: 'x',
        UniqueExtId: s.state.events.find((e) => e.UniqueExtId)!.UniqueExtId,
      },
    ]),
  },
  { op: 'points.list', status: 200, request: path('/api/v1/Points?lastId=10&type=Bonuspoint') },
  { op: 'points.list', status: 400, request: path('/api/v1/Points?lastId=ti') },
  {
    op: 'points.listBySource',
    status: 200,
    request: (s) => ({
      path: `/api/v1/Points?sourceId=${s.state.points.find((p) => p.SourceId)!.SourceId}`,
    }),
  },
  {
    op: 'points.listByPeriod',
    status: 200,
    request: path('/api/v1/Points?type=Bonuspoint&from=2025-01-01&to=2025-02-01'),
  },
  {
    op: 'points.listByPeriod',
    status: 400,
    request: path('/api/v1/Points?type=Bonuspoint&from=2025-01-01'),
  },
  {
    op: 'points.listByContact',
    status: 200,
    request: path('/api/v1/Points?contactId=1&datetimeFrom=2020-01-01'),
  },
  { op: 'points.listTypes', status: 200 },
  { op: 'points.totals', status: 200, request: path('/api/v1/Points/Totals?type=Bonuspoint') },
  { op: 'points.totals', status: 400, request: path('/api/v1/Points/Totals?type=a&type=b') },
  { op: 'points.sums', status: 200, request: path('/api/v1/Points/Sums?contactId=1') },
  { op: 'points.sums', status: 400, request: path('/api/v1/Points/Sums') },
  {
    op: 'points.sumsByContact',
    status: 200,
    request: path('/api/v1/Points/SumsByContact?type=Bonuspoint&storeId=1'),
  },
  { op: 'points.sumsByContact', status: 400, request: path('/api/v1/Points/SumsByContact') },
  {
    op: 'points.sumsByStore',
    status: 200,
    request: path('/api/v1/Points/SumsByStore?type=Bonuspoint&from=2025-01-01'),
  },
  {
    op: 'points.sumsByStore',
    status: 400,
    request: path('/api/v1/Points/SumsByStore?type=Bonuspoint&to=31-12-2025'),
  },
  {
    op: 'points.totalForContact',
    status: 200,
    request: path('/api/v1/Points/TotalForContact?contactId=1&type=Bonuspoint'),
  },
  {
    op: 'points.totalForContact',
    status: 400,
    request: path('/api/v1/Points/TotalForContact?contactId=1'),
  },
  {
    op: 'points.sumsByContactCompanies',
    status: 200,
    request: path('/api/v1/Points/SumsByContactCompanies?type=Bonuspoint'),
  },
  {
    op: 'points.sumsByContactCompanies',
    status: 400,
    request: path('/api/v1/Points/SumsByContactCompanies?type=Bonuspoint&storeId=x'),
  },
  {
    op: 'points.totalForContactCompany',
    status: 200,
    request: path('/api/v1/Points/TotalForContactCompany?contactCompanyId=1&type=Bonuspoint'),
  },
  {
    op: 'points.totalForContactCompany',
    status: 400,
    request: path('/api/v1/Points/TotalForContactCompany?type=Bonuspoint'),
  },
  {
    op: 'points.listByContactCompany',
    status: 200,
    request: path('/api/v1/Points/ByContactCompany?contactCompanyId=1'),
  },
  {
    op: 'points.listByContactCompany',
    status: 400,
    request: path('/api/v1/Points/ByContactCompany'),
  },
  { op: 'points.get', status: 200 },
  { op: 'points.get', status: 404, request: path('/api/v1/Points/99999') },
  {
    op: 'points.create',
    status: 200,
    request: body(() => ({ ContactId: 1, Type: 'Bonuspoint', Amount: 50 })),
  },
  { op: 'points.create', status: 400, request: body(() => ({ ContactId: 1, Type: 'Bonuspoint' })) },
  {
    op: 'points.create',
    status: 404,
    request: body(() => ({ ContactId: 99999, Type: 'Bonuspoint', Amount: 1 })),
  },
  {
    op: 'points.cancel',
    status: 200,
    request: (s) => ({
      path: `/api/v1/Points/${s.state.points.find((p) => !p.IsCanceller && p.CancellerPointId === null)!.Id}/Cancel`,
    }),
  },
  {
    op: 'points.cancel',
    status: 400,
    request: (s) => ({
      path: `/api/v1/Points/${s.state.points.find((p) => p.IsCanceller)!.Id}/Cancel`,
    }),
  },
  { op: 'points.cancel', status: 404, request: path('/api/v1/Points/99999/Cancel') },
  {
    op: 'points.searchForStores',
    status: 200,
    request: send('/api/v1/Points/ForStores?type=Bonuspoint', () => [1, 2]),
  },
  {
    op: 'points.searchForStores',
    status: 400,
    request: send('/api/v1/Points/ForStores?type=Bonuspoint', () => ({ StoreIds: [1] })),
  },
  {
    op: 'points.searchCompanySumsForStores',
    status: 200,
    request: send('/api/v1/Points/SumsForStoresByContactCompanies?type=Bonuspoint', () => [1]),
  },
  {
    op: 'points.searchCompanySumsForStores',
    status: 400,
    request: send('/api/v1/Points/SumsForStoresByContactCompanies', () => [1]),
  },
  { op: 'stores.getByNumber', status: 200, request: path('/api/v1/Stores?number=101') },
  { op: 'stores.getByNumber', status: 404, request: path('/api/v1/Stores?number=1') },
  { op: 'stores.list', status: 200, request: path('/api/v1/Stores?withoutJsonString=true') },
  { op: 'stores.list', status: 400, request: path('/api/v1/Stores?withoutJsonString=ja') },
  { op: 'stores.get', status: 200 },
  { op: 'stores.get', status: 404, request: path('/api/v1/Stores/999') },
  {
    op: 'stores.create',
    status: 200,
    request: body(() => ({ Number: '900', Name: 'Nordlys Bolig Ribe' })),
  },
  { op: 'stores.create', status: 400, request: body(() => ({ Name: 'Uden nummer' })) },
  { op: 'stores.create', status: 409, request: body(() => ({ Number: '101' })) },
  { op: 'stores.update', status: 200, request: body(() => ({ Id: 1, City: 'Ribe' })) },
  { op: 'stores.update', status: 400, request: body(() => ({ City: 'Ribe' })) },
  { op: 'stores.update', status: 404, request: body(() => ({ Id: 999 })) },
  { op: 'stores.update', status: 409, request: body(() => ({ Id: 1, Number: '102' })) },
  { op: 'contactCompanies.list', status: 200 },
  {
    op: 'contactCompanies.listByPrimaryContactEmail',
    status: 200,
    request: path('/api/v1/ContactCompanies?primaryContactEmail=x@example.dk'),
  },
  {
    op: 'contactCompanies.getByNumber',
    status: 200,
    request: (s) => ({
      path: `/api/v1/ContactCompanies?contactCompanyNumber=${s.state.companies.get(1)!.Number}`,
    }),
  },
  {
    op: 'contactCompanies.getByNumber',
    status: 404,
    request: path('/api/v1/ContactCompanies?contactCompanyNumber=x'),
  },
  { op: 'contactCompanies.get', status: 200 },
  { op: 'contactCompanies.get', status: 404, request: path('/api/v1/ContactCompanies/999') },
  {
    op: 'contactCompanies.listContacts',
    status: 200,
    request: (s) => ({ path: `/api/v1/ContactCompanies/${withMembers(s)}/Contacts` }),
  },
  {
    op: 'contactCompanies.listContacts',
    status: 404,
    request: path('/api/v1/ContactCompanies/999/Contacts'),
  },
  {
    op: 'contactCompanies.create',
    status: 200,
    request: body(() => ({ Name: 'Ny ApS', EmployeeCount: 3 })),
  },
  { op: 'contactCompanies.create', status: 400, request: body(() => ({ Name: '' })) },
  {
    op: 'contactCompanies.create',
    status: 409,
    request: body((s) => ({ Name: 'X', Number: s.state.companies.get(1)!.Number })),
  },
  { op: 'contactCompanies.addContact', status: 200, request: body(() => ({ ContactId: 1 })) },
  { op: 'contactCompanies.addContact', status: 400, request: body(() => ({})) },
  { op: 'contactCompanies.addContact', status: 404, request: body(() => ({ ContactId: 99999 })) },
  { op: 'contactCompanies.removeContact', status: 200, request: body(() => ({ ContactId: 1 })) },
  {
    op: 'contactCompanies.removeContact',
    status: 404,
    request: send('/api/v1/ContactCompanies/999/RemoveContact', () => ({ ContactId: 1 })),
  },
  {
    op: 'contactCompanies.update',
    status: 200,
    request: body(() => ({ Id: 1, ContactCompanyId: 0 })),
  },
  {
    op: 'contactCompanies.update',
    status: 400,
    request: body(() => ({ Id: 1, ContactCompanyId: 1 })),
  },
  { op: 'contactCompanies.update', status: 404, request: body(() => ({ Id: 999 })) },
  {
    op: 'contactCompanies.update',
    status: 409,
    request: body((s) => ({ Id: 2, Number: s.state.companies.get(1)!.Number })),
  },
  {
    op: 'contacts.getBySecret',
    status: 429,
    arrange: (s) =>
      s.state.secretMisses.set('9.9.9.9', {
        count: 10,
        since: s.emulator.seedOptions.now.getTime(),
      }),
    request: path('/api/v1/Contacts?secret=x&ip=9.9.9.9'),
  },
  // a parameter given twice is a list where a value is due
  { op: 'points.totals', status: 400, request: path('/api/v1/Points/Totals?type=a&type=b') },
  {
    op: 'contactCompanies.listByPrimaryContactEmail',
    status: 400,
    request: path('/api/v1/ContactCompanies?primaryContactEmail=a&primaryContactEmail=b'),
  },
  { op: 'contactCompanies.removeContact', status: 400, request: body(() => ({})) },
]

function twoLines(s: Setup): string {
  const order = [...s.state.orders.values()].find((o) => o.OrderLines.length > 1)!
  return `/api/v1/Orders/${order.Id}/Lines/${order.OrderLines[0]!.Id}`
}
function oneLine(s: Setup): string {
  const order = [...s.state.orders.values()].find((o) => o.OrderLines.length === 1)!
  return `/api/v1/Orders/${order.Id}/Lines/${order.OrderLines[0]!.Id}`
}
function withMembers(s: Setup): number {
  return [...s.state.contacts.values()].find((c) => c.ContactCompanyId !== null)!.ContactCompanyId!
}

const MB = 1024 * 1024
const huge = 'x'.repeat(31 * MB)

// what any operation answers: no key, another method, a failure; a body over 30 MB for writes
const general: Row[] = Object.entries(operations).flatMap(([id, op]): Row[] => [
  { op: id as Id, status: 401, auth: false },
  { op: id as Id, status: 405, method: 'OPTIONS' },
  { op: id as Id, status: 500, chaos: true },
  ...(op.body ? [{ op: id as Id, status: 413, request: () => ({ body: huge }) }] : []),
])

/** The operation id the document uses: operations sharing a route are documented as one. */
function documentedId(id: Id): string {
  const op = operations[id]!
  const sharing = Object.entries(operations).filter(
    ([, o]) => o.method === op.method && o.path === op.path,
  )
  return sharing.map(([other]) => other).join('_or_')
}

describe('Loyaltii emulator answers, validated against openapi/loyaltii.json', () => {
  let s: Setup | undefined
  it.each([...rows, ...marketingRows, ...general])(
    '$op answers $status as the document says',
    async (row) => {
      s ??= setup()
      s.emulator.chaos.configure({})
      s.emulator.reset()
      s.state.contacts.get(2)!.PasswordHash = hashPassword('kode')
      await row.arrange?.(s)
      s.emulator.chaos.configure(row.chaos ? { errors: { '500': 1 } } : {})
      const op = operations[row.op]!
      const { path = op.path.replace(/\{[^}]+\}/g, '1'), body } = row.request?.(s) ?? {}
      const url = s.emulator.baseUrl() + path
      const method = row.method ?? op.method
      const answer = await call(s.emulator.fetch, url, {
        method,
        headers: {
          ...(row.auth === false ? {} : { 'x-apikey': s.emulator.credentials.apiKey! }),
          'content-type': 'application/json',
        },
        body:
          body === undefined || method === 'GET'
            ? undefined
            : typeof body === 'string'
              ? body
              : JSON.stringify(body),
      })
      expect(answer.status).toBe(row.status)
      const id = documentedId(row.op)
      if (!row.method) expect(checker.operationOf(method, url)).toBe(id)
      expect(checker.problems(id, answer.status, answer.body)).toEqual([])
    },
  )

  it('has a row for every answer the document gives', () => {
    const all = [...rows, ...marketingRows, ...general]
    const missing = [...documentedStatuses(doc)].flatMap(([id, statuses]) =>
      statuses
        .filter((st) => !all.some((r) => documentedId(r.op) === id && r.status === st))
        .map((st) => `${id} ${st}`),
    )
    expect(missing).toEqual([])
  })
})
