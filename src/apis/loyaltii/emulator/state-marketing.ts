/**
 * The stored shapes of part 2: segments, e-mail campaigns, dispatches and their receivers, email
 * builder campaigns, dynamic tables, media, actions, banners, feeds, iframe tokens, permission
 * source categories and bulk exports. As in `state.ts`, records keep the wire's names and dates
 * are DateTimeOffset text; the moments of a dispatch's life (prepared, sent, opened) are epoch
 * milliseconds, compared with the clock at every read. What a segment holds is never stored: it
 * is computed from the contacts at every call (a List segment stores the ids it was made from).
 */
import { z } from 'zod'
import { dateTimeOffset } from '../codecs.ts'
import {
  readIframeToken,
  readPermissionSourceCategory,
  readPermissionSourceCategoryRelation,
} from '../schemas/account.ts'
import { EmailBuilderCampaignType } from '../schemas/campaigns.ts'
import { dynamicValue, readDynamicField, readSearchField } from '../schemas/common.ts'
import { EmailDispatchStatus, EmailDispatchType } from '../schemas/dispatches.ts'
import { SegmentType } from '../schemas/segments.ts'

const id = z.number().int()
const ids = z.array(id)
const text = z.string().nullable()
const ms = z.number()
const names = <T extends Record<string, number>>(table: T) =>
  z.enum(Object.keys(table) as [keyof T & string, ...(keyof T & string)[]])
const anyRecord = z.record(z.string(), z.unknown())

export const storedSegment = z.object({
  Id: id,
  Name: z.string(),
  FolderId: id,
  Type: names(SegmentType),
  Description: text,
  /** a rule segment's conditions, all of which a contact meets; null for a List segment */
  Conditions: z.array(readSearchField).nullable(),
  /** a List segment's contacts as made; those deleted since are left out when read */
  ContactIds: ids.nullable(),
})

/** Who a dispatch goes to; what is not used is null. */
export const storedScope = z.object({
  ContactId: id.nullable(),
  /** Email2's Contacts scope, and its per-contact Dynamic values */
  Contacts: z.record(z.string(), anyRecord.nullable()).nullable(),
  Emails: z.record(z.string(), anyRecord.nullable()).nullable(),
  SegmentIds: ids.nullable(),
  NotInSegmentIds: ids.nullable(),
  StoreIds: ids.nullable(),
  /** every contact of the account (a scheduled campaign without included segments) */
  AllContacts: z.boolean(),
  TakeRandom: id.nullable(),
  OrderId: id.nullable(),
  PointId: id.nullable(),
})

const dispatchCore = {
  Planned: dateTimeOffset,
  Type: names(EmailDispatchType),
  /** seconds between batches of 500 receivers */
  BatchDelaySec: z.number().int().min(1),
  Scope: storedScope,
  Dynamic: anyRecord.nullable(),
  /** when Preparing ended and the receivers were made; null until then */
  PreparedAt: ms.nullable(),
  /** how preparing ended when it ended the dispatch (`EndedBy…`); null when it went on */
  Outcome: names(EmailDispatchStatus).nullable(),
  Receivers: z.number().int(),
  CancelledAt: ms.nullable(),
}

export const storedDispatch = z.object({
  Id: id,
  EmailCampaignId: id,
  LogLevel: z.string(),
  ...dispatchCore,
})

export const storedEmail2Dispatch = z.object({
  Id: z.string().describe('GUID'),
  TriggerId: z.string(),
  ...dispatchCore,
})

export const storedReceiver = z.object({
  Id: id,
  /** the v1 dispatch's id, or the Email2 dispatch's GUID */
  DispatchId: z.union([id, z.string()]),
  ContactId: id.nullable(),
  Email: z.string(),
  Created: dateTimeOffset,
  SentAt: ms,
  OpenedAt: ms.nullable(),
  ClickedAt: ms.nullable(),
})

const campaignType = z.enum(['Newsletter', 'Transactional'])

export const storedBuilderCampaign = z.object({
  Id: id,
  EmailCampaignId: id,
  Type: names(EmailBuilderCampaignType),
  Name: z.string(),
  Subject: z.string(),
  Preheader: text,
  EmailTemplateId: id,
  Dynamic: anyRecord.nullable(),
  Blocks: z.array(
    z.object({
      Id: id,
      EmailBuilderBlockId: id,
      InputValues: z.record(z.string(), z.object({ Value: text })),
      Condition: readSearchField.nullable(),
    }),
  ),
  /** the dispatch its schedule made, while it stands (null when never scheduled or cancelled) */
  DispatchId: id.nullable(),
})

export const storedEntity = z.object({
  Id: id,
  Secret: z.string(),
  Created: dateTimeOffset,
  LastModified: dateTimeOffset,
  ExternalId: text,
  Name: text,
  Dynamic: z.record(z.string(), dynamicValue),
})

export const storedTable = z.object({
  Id: id,
  Name: z.string(),
  Label: z.string(),
  Description: text,
  LastModified: dateTimeOffset,
  Fields: z.array(readDynamicField),
  LastEntityId: id,
  Entities: z.array(storedEntity),
})

export const storedMedia = z.object({
  Id: id,
  FolderId: id,
  Name: z.string(),
  ContentType: z.string(),
  /** names the file's URLs: hard to guess, so a URL is not a list of the library */
  Key: z.string(),
  /** the file, base64 */
  Content: z.string(),
  SizeInBytes: z.number().int(),
  LastModified: dateTimeOffset,
})

export const actionEffect = z.discriminatedUnion('Kind', [
  z.object({ Kind: z.literal('AddPoints'), Type: z.string(), Amount: z.number() }),
  z.object({ Kind: z.literal('SendEmail'), EmailCampaignId: id }),
  z.object({ Kind: z.literal('SetField'), Field: z.string(), Value: dynamicValue }),
])

export const storedExport = z.object({
  Id: id,
  Key: z.string(),
  Name: z.string(),
  Type: z.string(),
  ExportType: z.string().nullable(),
  CreatedDateTimeFrom: dateTimeOffset.nullable(),
  CreatedDateTimeTo: dateTimeOffset.nullable(),
  ItemType: text,
  RowCount: z.number().int(),
  SegmentId: id.nullable(),
  TimeZoneId: text,
  Created: dateTimeOffset,
  /** gzip bytes as base64 when compressed, else the CSV text */
  Compressed: z.boolean(),
  Content: z.string(),
  SizeInBytes: z.number().int(),
})

/** Part 2's collections, beside part 1's in `loyaltiiState`. */
export const marketingState = {
  segmentFolders: z.array(z.object({ Id: id, Name: z.string() })),
  segments: z.array(storedSegment),
  emailCampaigns: z.array(
    z.object({
      Id: id,
      Name: z.string(),
      Subject: z.string(),
      Preheader: text,
      Type: campaignType,
    }),
  ),
  dispatches: z.array(storedDispatch),
  email2Messages: z.array(
    z.object({ TriggerId: z.string(), Name: z.string(), Subject: z.string(), Type: campaignType }),
  ),
  email2Dispatches: z.array(storedEmail2Dispatch),
  /** v1 and Email2 receivers, ascending by id */
  receivers: z.array(storedReceiver),
  emailTemplates: z.array(z.object({ Id: id, Name: z.string() })),
  builderBlocks: z.array(z.object({ Id: id, Name: z.string(), Inputs: z.array(z.string()) })),
  builderCampaigns: z.array(storedBuilderCampaign),
  tables: z.array(storedTable),
  mediaFolders: z.array(z.object({ Id: id, Name: z.string(), ParentId: id.nullable() })),
  media: z.array(storedMedia),
  actions: z.array(
    z.object({
      Id: id,
      Name: z.string(),
      Description: text,
      LastModified: dateTimeOffset,
      ManuallyTriggerable: z.boolean(),
      Enabled: z.boolean(),
      Effect: actionEffect,
    }),
  ),
  banners: z.array(
    z.object({
      Id: id,
      Secret: z.string(),
      Name: z.string(),
      CacheResetAt: dateTimeOffset.nullable(),
      Versions: z.array(
        z.object({ Id: id, Name: z.string(), CacheResetAt: dateTimeOffset.nullable() }),
      ),
    }),
  ),
  feeds: z.array(
    z.object({
      Id: id,
      Name: z.string(),
      Url: z.string(),
      LastSynced: dateTimeOffset.nullable(),
      SyncRequested: dateTimeOffset.nullable(),
    }),
  ),
  iframeTokens: z.array(readIframeToken.extend({ Expires: dateTimeOffset })),
  permissionSourceCategories: z.array(readPermissionSourceCategory),
  permissionSourceCategoryRelations: z.array(readPermissionSourceCategoryRelation),
  exports: z.array(storedExport),
}

/** The ids part 2 gives out, in `last` beside part 1's. */
export const marketingCounters = {
  segment: id,
  emailCampaign: id,
  dispatch: id,
  receiver: id,
  builderCampaign: id,
  block: id,
  media: id,
  export: id,
}

export type StoredSegment = z.output<typeof storedSegment>
export type StoredScope = z.output<typeof storedScope>
export type StoredDispatch = z.output<typeof storedDispatch>
export type StoredEmail2Dispatch = z.output<typeof storedEmail2Dispatch>
export type AnyDispatch = StoredDispatch | StoredEmail2Dispatch
export type StoredReceiver = z.output<typeof storedReceiver>
export type StoredBuilderCampaign = z.output<typeof storedBuilderCampaign>
export type StoredTable = z.output<typeof storedTable>
export type StoredEntity = z.output<typeof storedEntity>
export type StoredMedia = z.output<typeof storedMedia>
export type StoredExport = z.output<typeof storedExport>
export type ActionEffect = z.output<typeof actionEffect>

type MarketingData = { [K in keyof typeof marketingState]: z.output<(typeof marketingState)[K]> }
type MarketingCounters = { [K in keyof typeof marketingCounters]: number }

/** An account without any of part 2's records, before the seed fills them in. */
export function emptyMarketing(): MarketingData {
  return Object.fromEntries(
    Object.keys(marketingState).map((k) => [k, []]),
  ) as unknown as MarketingData
}

export function zeroCounters(): MarketingCounters {
  return Object.fromEntries(
    Object.keys(marketingCounters).map((k) => [k, 0]),
  ) as unknown as MarketingCounters
}
