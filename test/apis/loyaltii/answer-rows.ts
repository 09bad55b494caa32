/**
 * The rows of openapi-answers.test.ts: a request and the status it answers, for each answer the
 * document gives. Part 2's rows are here (segments, dispatches and campaigns, dynamic tables,
 * media, the smaller groups); part 1's stay in the test file.
 */
import type { loyaltiiApi } from '../../../src/apis/loyaltii/operations.ts'
import { NOW, type Setup } from './setup.ts'

type Id = keyof typeof loyaltiiApi.operations

export interface Row {
  op: Id
  status: number
  /** path from the base URL (query included) and body; by default the record's path with id 1 */
  request?: (s: Setup) => { path?: string; body?: unknown }
  method?: string
  auth?: false
  chaos?: true
  /** the state the row needs, made before the call */
  arrange?: (s: Setup) => unknown
}

export const path = (p: string) => () => ({ path: p })
export const body = (value: (s: Setup) => unknown) => (s: Setup) => ({ body: value(s) })
export const send = (p: string, value: (s: Setup) => unknown) => (s: Setup) => ({
  path: p,
  body: value(s),
})

const T = '/api/v1/table/Tilbud'
const receiver = (s: Setup) => s.state.receivers.find((r) => typeof r.DispatchId === 'number')!
const entity = (s: Setup) => s.state.tables.get('tilbud')!.Entities[0]!
const converted = (s: Setup) => s.setSwitches({ convertedTables: ['Tilbud'] })
const block = { EmailBuilderBlockId: 1, InputValues: { Tekst: { Value: 'Hej' } } }

export const marketingRows: Row[] = [
  { op: 'segments.list', status: 200, request: path('/api/v1/Segments?folderId=2') },
  { op: 'segments.list', status: 400, request: path('/api/v1/Segments?folderId=x') },
  {
    op: 'segments.countContacts',
    status: 200,
    request: path('/api/v1/Segments/GetContactCount?s[0]=1&s[1]=2'),
  },
  {
    op: 'segments.countContacts',
    status: 400,
    request: path('/api/v1/Segments/GetContactCount?s[0]=x'),
  },
  {
    op: 'segments.countContacts',
    status: 404,
    request: path('/api/v1/Segments/GetContactCount?s[0]=999'),
  },
  { op: 'segments.get', status: 200 },
  { op: 'segments.get', status: 404, request: path('/api/v1/Segments/999') },
  { op: 'segments.listContactIds', status: 200 },
  {
    op: 'segments.listContactIds',
    status: 404,
    request: path('/api/v1/Segments/999/GetContactIds'),
  },
  { op: 'segments.listContactsBaseInfo', status: 200 },
  {
    op: 'segments.listContactsBaseInfo',
    status: 404,
    request: path('/api/v1/Segments/999/GetContactsBaseInfo'),
  },
  {
    op: 'segments.createFromContactIds',
    status: 200,
    request: body(() => ({ FolderId: 1, Name: 'Ny liste', ContactIds: [1, 2] })),
  },
  {
    op: 'segments.createFromContactIds',
    status: 400,
    request: body(() => ({ FolderId: 99, Name: 'Ny liste', ContactIds: [] })),
  },
  {
    op: 'segments.countContactsByBody',
    status: 200,
    request: body(() => ({ SegmentIds: [1, 2] })),
  },
  { op: 'segments.countContactsByBody', status: 400, request: body(() => ({ SegmentIds: 'x' })) },
  { op: 'segments.countContactsByBody', status: 404, request: body(() => ({ SegmentIds: [999] })) },
  {
    op: 'emailDispatches.list',
    status: 200,
    request: path('/api/v1/EmailDispatches?type=Newsletter&status[0]=Finished&take=5'),
  },
  { op: 'emailDispatches.list', status: 400, request: path('/api/v1/EmailDispatches?take=0') },
  {
    op: 'emailDispatches.create',
    status: 200,
    request: body(() => ({ EmailCampaignId: 1, SegmentIds: [2], TakeRandom: 3 })),
  },
  { op: 'emailDispatches.create', status: 400, request: body(() => ({ EmailCampaignId: 1 })) },
  {
    op: 'emailDispatches.create',
    status: 404,
    request: body(() => ({ EmailCampaignId: 1, ContactId: 99999 })),
  },
  {
    op: 'email2Dispatches.create',
    status: 200,
    request: body(() => ({ TriggerId: 'glemt-kurv', Scope: { Emails: { 'a@example.dk': {} } } })),
  },
  {
    op: 'email2Dispatches.create',
    status: 400,
    request: body(() => ({ TriggerId: 'glemt-kurv' })),
  },
  {
    op: 'emailDispatchReceivers.list',
    status: 200,
    request: path('/api/v1/EmailDispatchReceiver?lastId=0'),
  },
  {
    op: 'emailDispatchReceivers.list',
    status: 400,
    request: path('/api/v1/EmailDispatchReceiver?lastId=x'),
  },
  {
    op: 'emailDispatchReceivers.get',
    status: 200,
    request: (s) => ({
      path: `/api/v1/EmailDispatchReceiver?emailDispatchId=${receiver(s).DispatchId}&contactId=${receiver(s).ContactId}`,
    }),
  },
  {
    op: 'emailDispatchReceivers.get',
    status: 400,
    request: path('/api/v1/EmailDispatchReceiver?emailDispatchId=1&contactId=x'),
  },
  {
    op: 'emailDispatchReceivers.get',
    status: 404,
    request: path('/api/v1/EmailDispatchReceiver?emailDispatchId=1&contactId=99999'),
  },
  {
    op: 'emailBuilderCampaigns.create',
    status: 200,
    request: body(() => ({ Type: 'Newsletter', Name: 'X', Subject: 'Y', EmailTemplateId: 1 })),
  },
  { op: 'emailBuilderCampaigns.create', status: 400, request: body(() => ({ Type: 'Fax' })) },
  {
    op: 'emailBuilderCampaigns.cancel',
    status: 200,
    arrange: async (s) => {
      await s.client.emailBuilderCampaigns.schedule({
        id: 1,
        StartSending: new Date(NOW.getTime() + 86_400_000),
      })
    },
  },
  { op: 'emailBuilderCampaigns.cancel', status: 400 },
  {
    op: 'emailBuilderCampaigns.cancel',
    status: 404,
    request: path('/api/v1/EmailBuilderCampaigns/99/Cancel'),
  },
  { op: 'emailBuilderCampaigns.addBlock', status: 200, request: body(() => block) },
  {
    op: 'emailBuilderCampaigns.addBlock',
    status: 400,
    request: body(() => ({ EmailBuilderBlockId: 99 })),
  },
  {
    op: 'emailBuilderCampaigns.addBlock',
    status: 404,
    request: send('/api/v1/EmailBuilderCampaigns/99/AddBlock', () => block),
  },
  {
    op: 'emailBuilderCampaigns.schedule',
    status: 200,
    request: body(() => ({ IncludeSegments: [2] })),
  },
  {
    op: 'emailBuilderCampaigns.schedule',
    status: 400,
    request: send('/api/v1/EmailBuilderCampaigns/2/Schedule', () => ({})),
  },
  {
    op: 'emailBuilderCampaigns.schedule',
    status: 404,
    request: send('/api/v1/EmailBuilderCampaigns/99/Schedule', () => ({})),
  },
  {
    op: 'dynamicFields.listByOwner',
    status: 200,
    request: path('/api/v1/DynamicFields/1?owner=DynamicTable'),
  },
  {
    op: 'dynamicFields.listByOwner',
    status: 400,
    request: path('/api/v1/DynamicFields/1?owner=Kunder'),
  },
  {
    op: 'dynamicFields.listByOwner',
    status: 404,
    request: path('/api/v1/DynamicFields/99?owner=6'),
  },
  { op: 'dynamicTables.list', status: 200 },
  { op: 'tableEntities.listIds', status: 200, request: path(T) },
  { op: 'tableEntities.listIds', status: 404, request: path('/api/v1/table/Ukendt') },
  {
    op: 'tableEntities.getBySecret',
    status: 200,
    request: (s) => ({ path: `${T}?secret=${entity(s).Secret}` }),
  },
  { op: 'tableEntities.getBySecret', status: 400, request: path(`${T}?secret=a&secret=b`) },
  { op: 'tableEntities.getBySecret', status: 404, request: path(`${T}?secret=ukendt`) },
  {
    op: 'tableEntities.getByExternalId',
    status: 200,
    request: path(`${T}?externalId=TILBUD-1001`),
  },
  {
    op: 'tableEntities.getByExternalId',
    status: 400,
    request: path(`${T}?externalId=a&externalId=b`),
  },
  { op: 'tableEntities.getByExternalId', status: 404, request: path(`${T}?externalId=ukendt`) },
  { op: 'tableEntities.list', status: 200, request: path(`${T}?lastId=0&take=5`) },
  { op: 'tableEntities.list', status: 400, request: path(`${T}?lastId=0&take=0`) },
  { op: 'tableEntities.list', status: 404, request: path('/api/v1/table/Ukendt?lastId=0') },
  { op: 'tableEntities.get', status: 200, request: path(`${T}/1`) },
  { op: 'tableEntities.get', status: 404, request: path(`${T}/999`) },
  {
    op: 'tableEntities.create',
    status: 200,
    request: send(T, () => ({ Name: 'Ny', Title: 'Pude' })),
  },
  { op: 'tableEntities.create', status: 400, request: send(T, () => ({ DiscountPercent: 'x' })) },
  { op: 'tableEntities.create', status: 404, request: send('/api/v1/table/Ukendt', () => ({})) },
  {
    op: 'tableEntities.create',
    status: 409,
    request: send(T, () => ({ ExternalId: 'TILBUD-1001' })),
  },
  { op: 'tableEntities.create', status: 423, arrange: converted, request: send(T, () => ({})) },
  {
    op: 'tableEntities.createBulk',
    status: 200,
    request: send(`${T}/Bulk`, () => [{ Name: 'a' }]),
  },
  { op: 'tableEntities.createBulk', status: 400, request: send(`${T}/Bulk`, () => ({})) },
  {
    op: 'tableEntities.createBulk',
    status: 404,
    request: send('/api/v1/table/Ukendt/Bulk', () => []),
  },
  {
    op: 'tableEntities.createBulk',
    status: 423,
    arrange: converted,
    request: send(`${T}/Bulk`, () => []),
  },
  { op: 'tableEntities.update', status: 200, request: send(`${T}/1`, () => ({ Name: 'Ny' })) },
  { op: 'tableEntities.update', status: 400, request: send(`${T}/1`, () => ({ Farve: 'rød' })) },
  { op: 'tableEntities.update', status: 404, request: send(`${T}/1`, () => ({})) },
  {
    op: 'tableEntities.update',
    status: 409,
    request: send(`${T}/1`, () => ({ ExternalId: 'TILBUD-1002' })),
  },
  {
    op: 'tableEntities.update',
    status: 423,
    arrange: converted,
    request: send(`${T}/1`, () => ({ Name: 'x' })),
  },
  { op: 'tableEntities.delete', status: 200, request: path(`${T}/1`) },
  { op: 'tableEntities.delete', status: 404, request: path(`${T}/999`) },
  { op: 'tableEntities.delete', status: 423, arrange: converted, request: path(`${T}/1`) },
  { op: 'media.list', status: 200, request: path('/api/v1/Media?folderId=4') },
  { op: 'media.list', status: 400, request: path('/api/v1/Media?folderId=x') },
  { op: 'media.listFolders', status: 200 },
  { op: 'media.get', status: 200 },
  { op: 'media.get', status: 404, request: path('/api/v1/Media/999') },
  {
    op: 'media.create',
    status: 200,
    request: body(() => ({ Name: 'a.txt', FolderId: 1, ContentType: 'text/plain', Media: 'aGVq' })),
  },
  {
    op: 'media.create',
    status: 400,
    request: body(() => ({
      Name: 'a.txt',
      FolderId: 99,
      ContentType: 'text/plain',
      Media: 'aGVq',
    })),
  },
  { op: 'media.rename', status: 200, request: path('/api/v1/Media/1/Rename?newName=logo.svg') },
  { op: 'media.rename', status: 400, request: path('/api/v1/Media/1/Rename') },
  { op: 'media.rename', status: 404, request: path('/api/v1/Media/999/Rename?newName=x') },
  { op: 'media.delete', status: 200 },
  { op: 'media.delete', status: 404, request: path('/api/v1/Media/999') },
  { op: 'actions.list', status: 200 },
  { op: 'actions.triggerForContact', status: 200, request: path('/api/v1/Actions/1?contactId=1') },
  { op: 'actions.triggerForContact', status: 400, request: path('/api/v1/Actions/4?contactId=1') },
  { op: 'actions.triggerForContact', status: 404, request: path('/api/v1/Actions/99?contactId=1') },
  { op: 'actions.triggerForSegment', status: 200, request: path('/api/v1/Actions/2?segmentId=2') },
  { op: 'actions.triggerForSegment', status: 400, request: path('/api/v1/Actions/2?segmentId=x') },
  {
    op: 'actions.triggerForSegment',
    status: 404,
    request: path('/api/v1/Actions/2?segmentId=999'),
  },
  { op: 'banners.resetCache', status: 200, request: body(() => [1, 2]) },
  { op: 'banners.resetCache', status: 400, request: body(() => ({ Ids: [1] })) },
  { op: 'banners.resetCache', status: 404, request: body(() => [99]) },
  {
    op: 'banners.resetCacheBySecret',
    status: 200,
    request: (s) => ({
      path: `/api/v1/Banners/CacheReset?secret=${s.state.banners[0]!.Secret}`,
      body: [],
    }),
  },
  {
    op: 'banners.resetCacheBySecret',
    status: 400,
    request: send('/api/v1/Banners/CacheReset?secret=a&secret=b', () => []),
  },
  {
    op: 'banners.resetCacheBySecret',
    status: 404,
    request: send('/api/v1/Banners/CacheReset?secret=x', () => []),
  },
  { op: 'bulkExports.list', status: 200, request: path('/api/v1/BulkExport?type=Contacts') },
  { op: 'bulkExports.list', status: 400, request: path('/api/v1/BulkExport?type=Kunder') },
  { op: 'bulkExports.create', status: 200, request: body(() => ({ Type: 'Stores' })) },
  { op: 'bulkExports.create', status: 400, request: body(() => ({})) },
  { op: 'feedSyncs.syncNow', status: 200 },
  { op: 'feedSyncs.syncNow', status: 404, request: path('/api/v1/FeedSyncs/99/SyncNow') },
  {
    op: 'iframeTokens.get',
    status: 200,
    request: (s) => ({ path: `/api/v1/IframeToken?tokenId=${s.state.iframeTokens[0]!.Id}` }),
  },
  { op: 'iframeTokens.get', status: 400, request: path('/api/v1/IframeToken?tokenId=x') },
  {
    op: 'iframeTokens.get',
    status: 404,
    request: (s) => ({ path: `/api/v1/IframeToken?tokenId=${s.state.iframeTokens[1]!.Id}` }),
  },
  { op: 'permissionSourceCategories.list', status: 200 },
  { op: 'permissionSourceCategoryRelations.list', status: 200 },
]
