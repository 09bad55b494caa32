/**
 * The smaller groups through the client against the emulator: actions and their effects, banner
 * cache resets, bulk exports with the CSV files the emulator serves, feed syncs, iframe tokens
 * that expire by the clock, and the permission source categories.
 */
import { gunzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { instantOf } from '../../../src/apis/loyaltii/codecs.ts'
import { accountOperations } from '../../../src/apis/loyaltii/operations/account.ts'
import { checkOperations, type Check, type Failure } from './checks.ts'
import { NOW, perTest, type Setup } from './setup.ts'

const gold = (s: Setup) =>
  [...s.state.contacts.values()].filter((c) => c.Dynamic.MemberLevel === 'Guld')
const someone = (s: Setup) => [...s.state.contacts.values()].find((c) => c.Email)!
const tokens = (s: Setup) => s.state.iframeTokens
const exportsNamed = async (s: Setup, suffix: string) =>
  (await s.client.bulkExports.list()).filter((e) => e.Name.includes(suffix))
async function download(s: Setup, url: string): Promise<Buffer> {
  const file = await (url.includes('.emulator.invalid') ? s.emulator.fetch(url) : fetch(url))
  expect(file.status).toBe(200)
  return Buffer.from(await file.arrayBuffer())
}

const success: Record<keyof typeof accountOperations, Check> = {
  'actions.list': async (s) => {
    const actions = await s.client.actions.list()
    expect(actions.map((a) => a.Name)).toEqual([
      'Giv 100 kampagnepoint',
      'Send velkomstmail',
      'Opgrader til Guld',
      'Fødselsdagspoint',
      'Vinterkampagne 2024',
    ])
    expect(Object.keys(actions[0]!)).toEqual(['Id', 'Name', 'Description', 'LastModified'])
  },
  'actions.triggerForContact': async (s) => {
    const contact = someone(s)
    const before = await s.client.points.totalForContact({
      contactId: contact.Id,
      type: 'Kampagnepoint',
    })
    expect(
      await s.client.actions.triggerForContact({ id: 1, contactId: contact.Id }),
    ).toBeUndefined()
    const after = await s.client.points.totalForContact({
      contactId: contact.Id,
      type: 'Kampagnepoint',
    })
    expect(after).toBe(before + 100)
    const [point] = (await s.client.points.listByContact({ contactId: contact.Id })).slice(-1)
    expect(point).toMatchObject({ Amount: 100, Description: 'Giv 100 kampagnepoint' })
  },
  'actions.triggerForSegment': async (s) => {
    await s.client.actions.triggerForSegment({ id: 2, segmentId: 2 })
    const [newest] = await s.client.emailDispatches.list({ take: 1, status: ['Preparing'] })
    expect(newest).toMatchObject({ EmailCampaignId: 1, InSegments: ['Guld-medlemmer'] })
  },
  'banners.resetCache': async (s) => {
    expect(await s.client.banners.resetCache({ body: [1, 2] })).toBeUndefined()
    const reset = s.state.banners.flatMap((b) => [
      b.CacheResetAt,
      ...b.Versions.map((v) => v.CacheResetAt),
    ])
    expect(reset.every((at) => at !== null && instantOf(at) === NOW.getTime())).toBe(true)
  },
  'banners.resetCacheBySecret': async (s) => {
    const banner = s.state.banners[0]!
    await s.client.banners.resetCacheBySecret({ secret: banner.Secret, body: [2] })
    expect(banner.Versions.map((v) => v.CacheResetAt !== null)).toEqual([false, true])
    await s.client.banners.resetCacheBySecret({ secret: banner.Secret, body: [] })
    expect(banner.Versions.map((v) => v.CacheResetAt !== null)).toEqual([true, true])
  },
  'bulkExports.list': async (s) => {
    expect(await s.client.bulkExports.list()).toEqual([])
    await s.client.bulkExports.create({ Type: 'Stores', SuffixFileName: 'a' })
    await s.client.bulkExports.create({ Type: 'Events', SuffixFileName: 'b' })
    expect((await s.client.bulkExports.list()).map((e) => e.Type)).toEqual(['Events', 'Stores'])
    expect((await s.client.bulkExports.list({ type: 'Stores' })).map((e) => e.Type)).toEqual([
      'Stores',
    ])
    expect((await s.raw('GET', '/api/v1/BulkExport?type=6')).body).toMatchObject([
      { Type: 'Events' },
    ])
  },
  'bulkExports.create': async (s) => {
    await s.client.bulkExports.create({
      Type: 'Contacts',
      Fields: ['Id', 'email', 'MemberLevel'],
      SegmentId: 2,
      SuffixFileName: 'Guld',
    })
    const [item] = await exportsNamed(s, 'Guld')
    const members = gold(s)
    expect(item).toMatchObject({ Type: 'Contacts', RowCount: members.length, SegmentId: 2 })
    const csv = (await download(s, item!.DownloadUrl)).toString()
    expect(item!.SizeInBytes).toBe(Buffer.byteLength(csv))
    const lines = csv.split('\r\n')
    expect(lines[0]).toBe('Id;Email;MemberLevel')
    expect(lines[1]).toBe(`${members[0]!.Id};${members[0]!.Email ?? ''};Guld`)
  },
  'feedSyncs.syncNow': async (s) => {
    expect(await s.client.feedSyncs.syncNow({ id: 2 })).toBeUndefined()
    const feed = s.state.feeds[1]!
    expect([instantOf(feed.SyncRequested!), instantOf(feed.LastSynced!)]).toEqual([
      NOW.getTime(),
      NOW.getTime(),
    ])
  },
  'iframeTokens.get': async (s) => {
    const [valid, expired] = tokens(s)
    const found = await s.client.iframeTokens.get({ tokenId: valid!.Id.toUpperCase() })
    expect(found).toMatchObject({
      Id: valid!.Id,
      AccountId: 1,
      Rights: ['Contacts.Read', 'Points.Read'],
    })
    expect(found).not.toHaveProperty('Expires')
    expect(await s.client.iframeTokens.get({ tokenId: expired!.Id })).toBeNull()
  },
  'permissionSourceCategories.list': async (s) => {
    expect((await s.client.permissionSourceCategories.list()).map((c) => c.Name)).toEqual([
      'Online',
      'Butik',
      'Kampagner',
      'Kundeservice',
    ])
  },
  'permissionSourceCategoryRelations.list': async (s) => {
    const relations = await s.client.permissionSourceCategoryRelations.list()
    const sources = new Set([...s.state.contacts.values()].map((c) => c.LatestPermissionSource))
    expect([...sources].every((src) => relations.some((r) => r.PermissionSource === src))).toBe(
      true,
    )
  },
}

const failures: Failure[] = [
  [
    'actions.triggerForContact',
    'an unknown action',
    (s) => s.client.actions.triggerForContact({ id: 99, contactId: 1 }),
    'notFound',
    404,
  ],
  [
    'actions.triggerForContact',
    'an unknown contact',
    (s) => s.client.actions.triggerForContact({ id: 1, contactId: 99999 }),
    'notFound',
    404,
  ],
  [
    'actions.triggerForContact',
    'an action not triggerable by hand',
    (s) => s.client.actions.triggerForContact({ id: 4, contactId: 1 }),
    'actionNotTriggerable',
    400,
  ],
  [
    'actions.triggerForContact',
    'a disabled action',
    (s) => s.client.actions.triggerForContact({ id: 5, contactId: 1 }),
    'actionNotTriggerable',
    400,
  ],
  [
    'actions.triggerForSegment',
    'an unknown segment',
    (s) => s.client.actions.triggerForSegment({ id: 1, segmentId: 999 }),
    'notFound',
    404,
  ],
  [
    'actions.triggerForSegment',
    'a disabled action',
    (s) => s.client.actions.triggerForSegment({ id: 5, segmentId: 2 }),
    'actionNotTriggerable',
    400,
  ],
  [
    'banners.resetCache',
    'a banner not there',
    (s) => s.client.banners.resetCache({ body: [1, 99] }),
    'notFound',
    404,
  ],
  [
    'banners.resetCacheBySecret',
    'an unknown secret',
    (s) => s.client.banners.resetCacheBySecret({ secret: 'x', body: [] }),
    'notFound',
    404,
  ],
  [
    'banners.resetCacheBySecret',
    'another banner’s version',
    (s) => s.client.banners.resetCacheBySecret({ secret: s.state.banners[0]!.Secret, body: [3] }),
    'notFound',
    404,
  ],
  [
    'bulkExports.create',
    'a type and a table both',
    (s) => s.client.bulkExports.create({ Type: 'Contacts', DynamicTableId: 1 }),
    'invalidExportSettings',
    400,
  ],
  [
    'bulkExports.create',
    'neither a type nor a table',
    (s) => s.client.bulkExports.create({ ItemType: 'x' }),
    'invalidExportSettings',
    400,
  ],
  [
    'bulkExports.create',
    'an unknown table',
    (s) => s.client.bulkExports.create({ DynamicTableId: 99 }),
    'invalidDynamicTable',
    400,
  ],
  [
    'bulkExports.create',
    'an unknown segment',
    (s) => s.client.bulkExports.create({ Type: 'Contacts', SegmentId: 999 }),
    'invalidSegment',
    400,
  ],
  [
    'bulkExports.create',
    'a field the records do not have',
    (s) => s.client.bulkExports.create({ Type: 'Stores', Fields: ['Id', 'Skostørrelse'] }),
    'invalidField',
    400,
  ],
  [
    'bulkExports.create',
    'Parquet',
    (s) => s.client.bulkExports.create({ Type: 'Contacts', Format: 'Parquet' }),
    'parquetNotSupported',
    400,
  ],
  [
    'feedSyncs.syncNow',
    'an unknown feed',
    (s) => s.client.feedSyncs.syncNow({ id: 99 }),
    'notFound',
    404,
  ],
  [
    'iframeTokens.get',
    'an expired token',
    (s) => s.client.request('iframeTokens.get', { tokenId: tokens(s)[1]!.Id }),
    'notFound',
    404,
  ],
]

checkOperations(accountOperations, success, failures, { everyCode: true })

describe('actions', () => {
  const current = perTest('in process')

  it('sets a field on each contact of a segment, as a write (a new Version)', async () => {
    const s = current()
    const list = await s.client.segments.createFromContactIds({
      FolderId: 4,
      Name: 'Opgrader',
      ContactIds: [1, 2, 3],
    })
    const before = await Promise.all([1, 2, 3].map((id) => s.client.contacts.get({ id })))
    await s.client.actions.triggerForSegment({ id: 3, segmentId: list.Id })
    const after = await Promise.all([1, 2, 3].map((id) => s.client.contacts.get({ id })))
    expect(after.map((c) => c!.MemberLevel)).toEqual(['Guld', 'Guld', 'Guld'])
    after.forEach((c, i) => expect(c!.Version).not.toBe(before[i]!.Version))
    expect(await s.client.segments.listContactIds({ id: 2 })).toEqual(
      expect.arrayContaining([1, 2, 3]),
    )
  })

  it('gives points to every contact of a segment', async () => {
    const s = current()
    const members = await s.client.segments.listContactIds({ id: 2 })
    const last = s.state.last.point
    await s.client.actions.triggerForSegment({ id: 1, segmentId: 2 })
    const made = await s.client.points.list({ lastId: last })
    expect(made.map((p) => p.ContactId)).toEqual(members)
    expect(made.every((p) => p.Amount === 100 && p.Type === 'Kampagnepoint')).toBe(true)
  })
})

describe('iframe tokens', () => {
  const current = perTest('in process')

  it('answer until they expire by the clock, then 404', async () => {
    const s = current()
    const issued = (await (
      await s.emulator.fetch(`${s.emulator.baseUrl()}/__kopru/iframe-tokens`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ minutes: 5, storeIds: [2] }),
      })
    ).json()) as { Id: string }
    const seeded = tokens(s)[0]!.Id
    const at = async () => [
      (await s.client.iframeTokens.get({ tokenId: issued.Id }))?.StoreIds ?? null,
      (await s.client.iframeTokens.get({ tokenId: `{${seeded.replace(/-/g, '')}}` }))?.Id ?? null,
    ]
    expect(await at()).toEqual([[2], seeded])
    await s.advance(300)
    expect(await at()).toEqual([null, seeded])
    await s.advance(3300)
    expect(await at()).toEqual([null, null])
  })

  it('refuses a token id that is not a GUID with a model error', async () => {
    const s = current()
    expect((await s.raw('GET', '/api/v1/IframeToken?tokenId=abc')).status).toBe(400)
  })
})

describe('bulk exports', () => {
  const current = perTest('in process')

  it('exports a dynamic table with its fields as columns', async () => {
    const s = current()
    await s.client.bulkExports.create({ DynamicTableId: 1, SuffixFileName: 'tilbud' })
    const [item] = await exportsNamed(s, 'tilbud')
    expect(item).toMatchObject({ Type: 'DynamicTable', RowCount: 25 })
    const [header] = (await download(s, item!.DownloadUrl)).toString().split('\r\n')
    expect(header).toBe(
      'Id;Secret;Created;LastModified;ExternalId;Name;Title;ProductNumber;DiscountPercent;ValidUntil;StoreNumber',
    )
  })

  it('filters by creation window and last id, in the delimiters asked for, gzipped when asked', async () => {
    const s = current()
    const from = new Date(NOW.getTime() - 30 * 86_400_000)
    const to = new Date(NOW.getTime() - 7 * 86_400_000)
    await s.client.bulkExports.create({
      Type: 'Events',
      CreatedDateTimeFrom: from,
      CreatedDateTimeTo: to,
      LastId: 10,
      Fields: ['Id', 'Type', 'InfoJson'],
      ColumnDelimiter: ',',
      RowDelimiter: '\n',
      UseCompression: true,
      SuffixFileName: 'uge',
    })
    const [item] = await exportsNamed(s, 'uge')
    expect(item!.Name).toMatch(/^Events_20260315110000_uge\.csv\.gz$/)
    const csv = gunzipSync(await download(s, item!.DownloadUrl)).toString()
    const want = s.state.events.filter((e) => {
      const at = instantOf(e.Created)
      return e.Id > 10 && at >= from.getTime() && at < to.getTime()
    })
    const lines = csv.split('\n').slice(0, -1)
    expect(lines[0]).toBe('Id,Type,InfoJson')
    expect(lines.slice(1).map((l) => Number(l.split(',')[0]))).toEqual(want.map((e) => e.Id))
    expect(item!.RowCount).toBe(want.length)
    const withJson = want.find((e) => e.InfoJson)
    if (withJson)
      expect(csv).toContain(`"${JSON.stringify(withJson.InfoJson).replace(/"/g, '""')}"`)
  })

  it('gives a file with its header only for a type the emulator keeps no records of', async () => {
    const s = current()
    await s.client.bulkExports.create({ Type: 'SmsReceivers', SuffixFileName: 'sms' })
    const [item] = await exportsNamed(s, 'sms')
    expect(item).toMatchObject({ RowCount: 0 })
    expect((await download(s, item!.DownloadUrl)).toString()).toBe('Id\r\n')
  })

  it('answers 404 for a download key no export has', async () => {
    const s = current()
    expect(
      (await s.emulator.fetch(`${s.emulator.baseUrl()}/BulkExports/ukendt/x.csv`)).status,
    ).toBe(404)
  })
})
