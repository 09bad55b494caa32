/**
 * Dynamic fields by owner, dynamic tables and their entities through the client against the
 * emulator: every operation and its failures, the PATCH rules the reference records as a table of
 * cases, unique ExternalId and secrets, keyset paging, bulk inserts, and the converter switch.
 */
import { describe, expect, it } from 'vitest'
import { createLoyaltiiClient } from '../../../src/apis/loyaltii/client.ts'
import { danishTime } from '../../../src/apis/loyaltii/codecs.ts'
import { LoyaltiiError } from '../../../src/apis/loyaltii/errors.ts'
import { tableOperations } from '../../../src/apis/loyaltii/operations/tables.ts'
import { UnexpectedAnswerError } from '../../../src/core/errors.ts'
import { checkOperations, type Check, type Failure } from './checks.ts'
import { NOW, perTest, type Setup } from './setup.ts'

const T = 'Tilbud'
const converted = (s: Setup) => s.setSwitches({ convertedTables: ['TILBUD'] })
const offer = {
  ExternalId: 'TILBUD-2001',
  Name: 'Puder til halv pris',
  Title: 'Pude',
  DiscountPercent: 50,
}

const success: Record<keyof typeof tableOperations, Check> = {
  'dynamicFields.listByOwner': async (s) => {
    const contacts = await s.client.dynamicFields.listByOwner({ id: 0, owner: 'Contacts' })
    expect(contacts.map((f) => f.Name)).toContain('MemberLevel')
    const orders = await s.client.dynamicFields.listByOwner({ id: 0, owner: 'Orders' })
    expect(orders.map((f) => f.Name)).toEqual(['DeliveryCompany', 'PaymentMethod'])
    expect(await s.client.dynamicFields.listByOwner({ id: 0, owner: 'Stores' })).toEqual([])
    const table = await s.client.dynamicFields.listByOwner({ id: 2, owner: 'DynamicTable' })
    expect(table.find((f) => f.Name === 'Rating')).toEqual({
      Name: 'Rating',
      Type: 'Number',
      Label: 'Bedømmelse',
      Values: [1, 2, 3, 4, 5],
    })
  },
  'dynamicTables.list': async (s) => {
    const tables = await s.client.dynamicTables.list()
    expect(tables.map((t) => [t.Id, t.Name, t.Label])).toEqual([
      [1, 'Tilbud', 'Butikstilbud'],
      [2, 'Anmeldelser', 'Produktanmeldelser'],
    ])
  },
  'tableEntities.listIds': async (s) => {
    const ids = await s.client.tableEntities.listIds({ tableName: 'tilbud' })
    expect(ids).toEqual(Array.from({ length: 25 }, (_, i) => i + 1))
  },
  'tableEntities.getBySecret': async (s) => {
    const stored = s.state.tables.get('tilbud')!.Entities[4]!
    const found = await s.client.tableEntities.getBySecret({ tableName: T, secret: stored.Secret })
    expect(found).toMatchObject({
      Id: stored.Id,
      ExternalId: stored.ExternalId,
      Title: stored.Dynamic.Title,
    })
  },
  'tableEntities.getByExternalId': async (s) => {
    const found = await s.client.tableEntities.getByExternalId({
      tableName: T,
      externalId: 'TILBUD-1003',
    })
    expect(found).toMatchObject({ Id: 3, ExternalId: 'TILBUD-1003' })
  },
  'tableEntities.list': async (s) => {
    const first = await s.client.tableEntities.list({ tableName: T, lastId: 0, take: 10 })
    expect(first.map((e) => e.Id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    const rest = await s.client.tableEntities.list({ tableName: T, lastId: 20 })
    expect(rest.map((e) => e.Id)).toEqual([21, 22, 23, 24, 25])
    expect(await s.client.tableEntities.list({ tableName: T, lastId: 25 })).toEqual([])
  },
  'tableEntities.get': async (s) => {
    const found = await s.client.tableEntities.get({ tableName: T, id: 3 })
    expect(Object.keys(found!)).toEqual([
      'Id',
      'Secret',
      'Created',
      'LastModified',
      'ExternalId',
      'Name',
      'Title',
      'ProductNumber',
      'DiscountPercent',
      'ValidUntil',
      'StoreNumber',
    ])
  },
  'tableEntities.create': async (s) => {
    const made = await s.client.tableEntities.create({ tableName: T, ...offer, Unknown: 'x' })
    expect(made).toMatchObject({ Id: 26, ...offer, ProductNumber: null, ValidUntil: null })
    expect(made).not.toHaveProperty('Unknown')
    expect(made.Secret).toMatch(/^[A-Za-z0-9]{16}$/)
    expect(made.Created.slice(0, 19)).toBe(danishTime(NOW.getTime()).slice(0, 19))
    expect(await s.client.tableEntities.get({ tableName: T, id: 26 })).toEqual(made)
  },
  'tableEntities.createBulk': async (s) => {
    const answer = await s.client.tableEntities.createBulk({
      tableName: T,
      body: [
        { ExternalId: 'TILBUD-1001', Name: 'Ændret i bulk' },
        offer,
        { ExternalId: 'TILBUD-2002', DiscountPercent: 'meget' },
        { Name: 'Uden id' },
      ],
    })
    expect(answer).toEqual([
      { Reaction: 'Updated', Id: 1, MatchValue: 'TILBUD-1001' },
      { Reaction: 'Created', Id: 26, MatchValue: 'TILBUD-2001' },
      { Reaction: 'Failed', Id: 0, MatchValue: 'TILBUD-2002' },
      { Reaction: 'Created', Id: 27, MatchValue: null },
    ])
    expect((await s.client.tableEntities.get({ tableName: T, id: 1 }))!.Name).toBe('Ændret i bulk')
  },
  'tableEntities.update': async (s) => {
    const before = (await s.client.tableEntities.get({ tableName: T, id: 2 }))!
    const after = await s.client.tableEntities.update({ tableName: T, id: 2, DiscountPercent: 35 })
    expect(after).toEqual({ ...before, DiscountPercent: 35, LastModified: after.LastModified })
    expect(after.LastModified).not.toBe(before.LastModified)
  },
  'tableEntities.delete': async (s) => {
    const before = await s.client.tableEntities.get({ tableName: T, id: 4 })
    expect(await s.client.tableEntities.delete({ tableName: T, id: 4 })).toEqual(before)
    expect(await s.client.tableEntities.get({ tableName: T, id: 4 })).toBeNull()
    const again = await s.client.tableEntities.create({
      tableName: T,
      ExternalId: before!.ExternalId,
    })
    expect(again.Id).toBe(26)
  },
}

const write = (s: Setup) => {
  converted(s)
  return s
}
const failures: Failure[] = [
  [
    'dynamicFields.listByOwner',
    'a table the account does not have',
    (s) => s.client.dynamicFields.listByOwner({ id: 99, owner: 'DynamicTable' }),
    'notFound',
    404,
  ],
  [
    'tableEntities.listIds',
    'an unknown table',
    (s) => s.client.tableEntities.listIds({ tableName: 'Ukendt' }),
    'notFound',
    404,
  ],
  [
    'tableEntities.getBySecret',
    'an unknown secret',
    (s) => s.client.request('tableEntities.getBySecret', { tableName: T, secret: 'x' }),
    'notFound',
    404,
  ],
  [
    'tableEntities.getByExternalId',
    'an unknown external id',
    (s) => s.client.request('tableEntities.getByExternalId', { tableName: T, externalId: 'x' }),
    'notFound',
    404,
  ],
  [
    'tableEntities.list',
    'an unknown table',
    (s) => s.client.tableEntities.list({ tableName: 'Ukendt', lastId: 0 }),
    'notFound',
    404,
  ],
  [
    'tableEntities.get',
    'an unknown id',
    (s) => s.client.request('tableEntities.get', { tableName: T, id: 999 }),
    'notFound',
    404,
  ],
  [
    'tableEntities.create',
    'an unknown table',
    (s) => s.client.tableEntities.create({ tableName: 'Ukendt' }),
    'notFound',
    404,
  ],
  [
    'tableEntities.create',
    'an ExternalId taken',
    (s) => s.client.tableEntities.create({ tableName: T, ExternalId: 'TILBUD-1002' }),
    'duplicateValue',
    409,
  ],
  [
    'tableEntities.create',
    'a Secret taken',
    (s) =>
      s.client.tableEntities.create({
        tableName: T,
        Secret: s.state.tables.get('tilbud')!.Entities[0]!.Secret,
      }),
    'duplicateValue',
    409,
  ],
  [
    'tableEntities.create',
    'a value the field does not take',
    (s) => s.client.tableEntities.create({ tableName: 'Anmeldelser', Rating: 6 }),
    'invalidFieldValue',
    400,
  ],
  [
    'tableEntities.create',
    'a table written through a converter',
    (s) => write(s).client.tableEntities.create({ tableName: T, Name: 'x' }),
    'converterRequired',
    423,
  ],
  [
    'tableEntities.createBulk',
    'an unknown table',
    (s) => s.client.tableEntities.createBulk({ tableName: 'Ukendt', body: [] }),
    'notFound',
    404,
  ],
  [
    'tableEntities.createBulk',
    'a table written through a converter',
    (s) => write(s).client.tableEntities.createBulk({ tableName: T, body: [{ Name: 'x' }] }),
    'converterRequired',
    423,
  ],
  [
    'tableEntities.update',
    'an unknown id',
    (s) => s.client.tableEntities.update({ tableName: T, id: 999, Name: 'x' }),
    'notFound',
    404,
  ],
  [
    'tableEntities.update',
    'only fields the entity does not have',
    (s) => s.client.tableEntities.update({ tableName: T, id: 1, Farve: 'rød' }),
    'noValidPatchFields',
    400,
  ],
  [
    'tableEntities.update',
    'another entity’s ExternalId',
    (s) => s.client.tableEntities.update({ tableName: T, id: 1, ExternalId: 'TILBUD-1002' }),
    'duplicateValue',
    409,
  ],
  [
    'tableEntities.update',
    'a value the field does not take',
    (s) => s.client.tableEntities.update({ tableName: T, id: 1, ValidUntil: 'i morgen' }),
    'invalidFieldValue',
    400,
  ],
  [
    'tableEntities.update',
    'a table written through a converter',
    (s) => write(s).client.tableEntities.update({ tableName: T, id: 1, Name: 'x' }),
    'converterRequired',
    423,
  ],
  [
    'tableEntities.delete',
    'an unknown id',
    (s) => s.client.tableEntities.delete({ tableName: T, id: 999 }),
    'notFound',
    404,
  ],
  [
    'tableEntities.delete',
    'a table written through a converter',
    (s) => write(s).client.tableEntities.delete({ tableName: T, id: 1 }),
    'converterRequired',
    423,
  ],
]

checkOperations(tableOperations, success, failures, { everyCode: true })

describe('PATCH as the reference records it', () => {
  const current = perTest('in process')
  const patch = (s: Setup, body: unknown, table = T) =>
    s.raw('PATCH', `/api/v1/table/${table}/1`, { body })

  it.each([
    ['an empty body', {}, 404, undefined],
    [
      'only unknown keys',
      { Farve: 'rød' },
      400,
      { Message: 'There were no valid fields specified for patching!' },
    ],
    [
      'a taken ExternalId',
      { ExternalId: 'TILBUD-1002' },
      409,
      { Message: "Cannot save duplicate value 'TILBUD-1002'!" },
    ],
    [
      'a date that is not one',
      { ValidUntil: 'snart' },
      400,
      { Message: "Invalid value for field 'ValidUntil'!" },
    ],
  ])('answers %s with %i', async (_, body, status, answer) => {
    const s = current()
    const before = JSON.stringify(s.state.tables.get('tilbud')!.Entities[0])
    const result = await patch(s, body)
    expect([result.status, result.body]).toEqual([status, answer])
    expect(JSON.stringify(s.state.tables.get('tilbud')!.Entities[0])).toBe(before)
  })

  it.each([
    ['a known key among unknown ones', { Farve: 'rød', Name: 'Nyt navn' }, { Name: 'Nyt navn' }],
    ['null for a field', { Name: null, StoreNumber: null }, { Name: null, StoreNumber: null }],
    ['a field in other case', { discountpercent: 5 }, { DiscountPercent: 5 }],
  ])('changes only what is named: %s', async (_, body, changed) => {
    const s = current()
    const before = (await s.client.tableEntities.get({ tableName: T, id: 1 }))!
    const result = await patch(s, body)
    expect(result.status).toBe(200)
    expect(result.body).toEqual({ ...before, ...changed, LastModified: expect.any(String) })
  })
})

describe('the converter switch', () => {
  const current = perTest('in process')

  it('answers 423 to every write of the tables it names, and reads as before', async () => {
    const s = current()
    converted(s)
    const writes = [
      await s.raw('POST', `/api/v1/table/${T}`, { body: { Name: 'x' } }),
      await s.raw('POST', `/api/v1/table/${T}/Bulk`, { body: [{ Name: 'x' }] }),
      await s.raw('PATCH', `/api/v1/table/${T}/1`, { body: { Name: 'x' } }),
      await s.raw('DELETE', `/api/v1/table/${T}/1`),
    ]
    for (const w of writes)
      expect([w.status, w.body]).toEqual([
        423,
        { Message: 'This request must be made through a converter!' },
      ])
    expect(await s.client.tableEntities.listIds({ tableName: T })).toHaveLength(25)
    expect(
      (await s.client.tableEntities.create({ tableName: 'Anmeldelser', Rating: 4 })).Rating,
    ).toBe(4)
  })
})

describe('entities', () => {
  const current = perTest('in process')

  it('pages by lastId with take from 1 to 1000, and the bulk helper splits at 1000', async () => {
    const s = current()
    const items = Array.from({ length: 2100 }, (_, i) => ({
      ExternalId: `NY-${i}`,
      Name: `Nr. ${i}`,
    }))
    const results = await s.client.tableEntities.createBulkAll(items, { input: { tableName: T } })
    expect(results.every((r) => r.ok)).toBe(true)
    const sizes: number[] = []
    for await (const page of s.client.tableEntities.iterate({ tableName: T, lastId: 0 }).pages())
      sizes.push((page as unknown[]).length)
    expect(sizes).toEqual([1000, 1000, 125])
    const small = await s.client.tableEntities
      .iterate({ tableName: T, lastId: 0, take: 7 })
      .toArray()
    expect(small.map((e) => e.Id)).toEqual(Array.from({ length: 2125 }, (_, i) => i + 1))
    for (const take of [0, 1001])
      expect((await s.raw('GET', `/api/v1/table/${T}?lastId=0&take=${take}`)).status).toBe(400)
  })

  it('the bulk helper gives each entity its own status: a Failed one fails alone, with it', async () => {
    const s = current()
    const results = await s.client.tableEntities.createBulkAll(
      [offer, { ExternalId: 'TILBUD-2002', DiscountPercent: 'meget' }, { Name: 'Uden id' }],
      { input: { tableName: T } },
    )
    expect(results.map((r) => r.ok)).toEqual([true, false, true])
    expect(results[0]).toMatchObject({
      index: 0,
      result: { Reaction: 'Created', Id: 26, MatchValue: 'TILBUD-2001' },
    })
    const failed = results[1]!
    if (failed.ok) throw new Error('the Failed entity was counted as saved')
    expect(failed.error).toBeInstanceOf(LoyaltiiError)
    expect(failed.error).toMatchObject({
      operationId: 'tableEntities.createBulk',
      httpStatus: 200,
      vendorCode: 'Failed',
      body: { Reaction: 'Failed', Id: 0, MatchValue: 'TILBUD-2002' },
    })
    expect(failed.error.message).toContain('TILBUD-2002')
  })

  it('the bulk helper counts nothing delivered from an answer without one status per entity', async () => {
    const created = (id: number) => ({ Reaction: 'Created', Id: id, MatchValue: null })
    for (const answer of [[created(1)], [], [created(1), created(2), created(3)], {}]) {
      const client = createLoyaltiiClient({
        apiKey: 'k',
        retry: false,
        fetch: async () => Response.json(answer),
      })
      const results = await client.tableEntities.createBulkAll([{ Name: 'a' }, { Name: 'b' }], {
        input: { tableName: T },
      })
      expect(
        results.map((r) => !r.ok && r.error instanceof UnexpectedAnswerError),
        JSON.stringify(answer),
      ).toEqual([true, true])
    }
  })

  it('gives each entity a secret no one can guess, unique in the table', async () => {
    const s = current()
    const made = await s.client.tableEntities.createBulk({
      tableName: T,
      body: Array.from({ length: 200 }, (_, i) => ({ Name: `x${i}` })),
    })
    const secrets = await Promise.all(
      made.map(async (m) => (await s.client.tableEntities.get({ tableName: T, id: m.Id }))!.Secret),
    )
    expect(new Set(secrets).size).toBe(200)
    expect(secrets.every((x) => /^[A-Za-z0-9]{16}$/.test(x))).toBe(true)
    const sorted = [...secrets].sort()
    expect(sorted).not.toEqual(secrets)
  })
})
