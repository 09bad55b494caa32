/** One thin handler per Loyaltii operation of part 2; the rules live in the domain modules. */
import type { Handlers } from '../../../emulator/types.ts'
import type { LoyaltiiApi } from '../operations.ts'
import { accountOperations } from '../operations/account.ts'
import { dispatchOperations } from '../operations/dispatches.ts'
import { mediaOperations } from '../operations/media.ts'
import { segmentOperations } from '../operations/segments.ts'
import { tableOperations } from '../operations/tables.ts'
import {
  actionsOut,
  iframeToken,
  resetBannerVersions,
  resetBanners,
  syncFeed,
  triggerAction,
} from './account.ts'
import {
  addBlock,
  campaignOut,
  cancelCampaign,
  createCampaign,
  scheduleCampaign,
} from './campaigns.ts'
import {
  createDispatch,
  createEmail2Dispatch,
  listDispatches,
  receiverOf,
  receiversAfter,
} from './dispatches.ts'
import { createExport, exportsOut } from './exports.ts'
import {
  createMedia,
  deleteMedia,
  mediaInFolder,
  mediaOut,
  renameMedia,
  requireMedia,
} from './media.ts'
import {
  createListSegment,
  members,
  requireSegment,
  segmentOut,
  segmentsInFolder,
  union,
} from './segments.ts'
import { baseInfo } from './contacts.ts'
import type { LoyaltiiStore } from './store.ts'
import type { LoyaltiiSwitches } from './switches.ts'
import {
  createBulk,
  createEntity,
  deleteEntity,
  entitiesAfter,
  entityBy,
  entityIds,
  patchEntity,
  tableFields,
  tablesOut,
} from './tables.ts'

type Of<T> = Pick<
  Handlers<LoyaltiiApi, LoyaltiiStore, LoyaltiiSwitches>,
  keyof T & keyof LoyaltiiApi['operations']
>
const ok = () => new Response(null, { status: 200 })
const time = (ctx: { now: Date }) => ctx.now.getTime()

const segmentHandlers: Of<typeof segmentOperations> = {
  'segments.list': ({ query }, { state }) => segmentsInFolder(state, query.folderId),
  'segments.countContacts': ({ query }, ctx) => union(ctx.state, query.s ?? [], time(ctx)).size,
  'segments.get': ({ params }, { state }) => segmentOut(requireSegment(state, params.id)),
  'segments.listContactIds': ({ params }, ctx) =>
    members(ctx.state, requireSegment(ctx.state, params.id), time(ctx)).map((c) => c.Id),
  'segments.listContactsBaseInfo': ({ params }, ctx) =>
    members(ctx.state, requireSegment(ctx.state, params.id), time(ctx)).map(baseInfo),
  'segments.createFromContactIds': ({ body }, ctx) => segmentOut(createListSegment(ctx, body)),
  'segments.countContactsByBody': ({ body }, ctx) =>
    union(ctx.state, body.SegmentIds, time(ctx)).size,
}

const dispatchHandlers: Of<typeof dispatchOperations> = {
  'emailDispatches.list': ({ query }, ctx) => listDispatches(ctx, query),
  'emailDispatches.create': ({ body }, ctx) => createDispatch(ctx, body),
  'email2Dispatches.create': ({ body }, ctx) => createEmail2Dispatch(ctx, body),
  'emailDispatchReceivers.list': ({ query }, ctx) => receiversAfter(ctx, query.lastId),
  'emailDispatchReceivers.get': ({ query }, ctx) =>
    receiverOf(ctx, query.emailDispatchId, query.contactId),
  'emailBuilderCampaigns.create': ({ body }, ctx) => campaignOut(createCampaign(ctx, body)),
  'emailBuilderCampaigns.cancel': ({ params }, ctx) => {
    cancelCampaign(ctx, params.id)
    return ok()
  },
  'emailBuilderCampaigns.addBlock': ({ params, body }, ctx) => addBlock(ctx, params.id, body),
  'emailBuilderCampaigns.schedule': ({ params, body }, ctx) => {
    scheduleCampaign(ctx, params.id, body)
    return ok()
  },
}

const tableHandlers: Of<typeof tableOperations> = {
  'dynamicFields.listByOwner': ({ params, query }, { state }) => {
    if (query.owner === 'DynamicTable') return tableFields(state, params.id)
    if (query.owner === 'Stores') return []
    return state.account.dynamicFields[query.owner]
  },
  'dynamicTables.list': (_, { state }) => tablesOut(state),
  'tableEntities.listIds': ({ params }, { state }) => entityIds(state, params.tableName),
  'tableEntities.getBySecret': ({ params, query }, { state }) =>
    entityBy(state, params.tableName, { secret: query.secret }),
  'tableEntities.getByExternalId': ({ params, query }, { state }) =>
    entityBy(state, params.tableName, { externalId: query.externalId }),
  'tableEntities.list': ({ params, query }, { state }) =>
    entitiesAfter(state, params.tableName, query.lastId, query.take ?? 1000),
  'tableEntities.get': ({ params }, { state }) =>
    entityBy(state, params.tableName, { id: params.id }),
  'tableEntities.create': ({ params, body }, ctx) => createEntity(ctx, params.tableName, body),
  'tableEntities.createBulk': ({ params, body }, ctx) => createBulk(ctx, params.tableName, body),
  'tableEntities.update': ({ params, body }, ctx) =>
    patchEntity(ctx, params.tableName, params.id, body),
  'tableEntities.delete': ({ params }, ctx) => deleteEntity(ctx, params.tableName, params.id),
}

const mediaHandlers: Of<typeof mediaOperations> = {
  'media.list': ({ query }, ctx) => mediaInFolder(ctx, query.folderId),
  'media.listFolders': (_, { state }) => state.mediaFolders,
  'media.get': ({ params }, ctx) => mediaOut(ctx, requireMedia(ctx.state, params.id)),
  'media.create': ({ body }, ctx) => mediaOut(ctx, createMedia(ctx, body)),
  'media.rename': ({ params, query }, ctx) =>
    mediaOut(ctx, renameMedia(ctx, params.id, query.newName)),
  'media.delete': ({ params }, ctx) => {
    deleteMedia(ctx, params.id)
    return ok()
  },
}

const accountHandlers: Of<typeof accountOperations> = {
  'actions.list': (_, { state }) => actionsOut(state),
  'actions.triggerForContact': ({ params, query }, ctx) => {
    triggerAction(ctx, params.id, { contactId: query.contactId })
    return ok()
  },
  'actions.triggerForSegment': ({ params, query }, ctx) => {
    triggerAction(ctx, params.id, { segmentId: query.segmentId })
    return ok()
  },
  'banners.resetCache': ({ body }, ctx) => {
    resetBanners(ctx, body)
    return ok()
  },
  'banners.resetCacheBySecret': ({ query, body }, ctx) => {
    resetBannerVersions(ctx, query.secret, body)
    return ok()
  },
  'bulkExports.list': ({ query }, ctx) => exportsOut(ctx, query.type),
  'bulkExports.create': ({ body }, ctx) => {
    createExport(ctx, body)
    return ok()
  },
  'feedSyncs.syncNow': ({ params }, ctx) => {
    syncFeed(ctx, params.id)
    return ok()
  },
  'iframeTokens.get': ({ query }, ctx) => iframeToken(ctx, query.tokenId),
  'permissionSourceCategories.list': (_, { state }) => state.permissionSourceCategories,
  'permissionSourceCategoryRelations.list': (_, { state }) =>
    state.permissionSourceCategoryRelations,
}

export const marketingHandlers = {
  ...segmentHandlers,
  ...dispatchHandlers,
  ...tableHandlers,
  ...mediaHandlers,
  ...accountHandlers,
}
