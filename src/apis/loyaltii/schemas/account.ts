/**
 * The smaller groups on the wire: actions, bulk exports (`ExportSettings`, `ExportItem`), iframe
 * tokens, permission source categories and their relations.
 */
import { z } from 'zod'
import { dateTimeInput, dateTimeOffset, enumInput, jsonInt } from '../codecs.ts'
import { ids } from './common.ts'

export const readAction = z.object({
  Id: z.number().int(),
  Name: z.string(),
  Description: z.string().nullable(),
  LastModified: dateTimeOffset,
})

/** Banner ids, or version ids of the banner `?secret=` names. */
export const bannerIds = ids(1000).describe('banner ids (by secret: the banner’s version ids)')

/** `ExportType` (reference §13). */
export const ExportType = {
  Contacts: 0,
  Stores: 1,
  Points: 2,
  PointSums: 3,
  Orders: 4,
  OrderLines: 5,
  Events: 6,
  EmailCampaignClicks: 7,
  ContactCompanies: 8,
  VoucherCodes: 9,
  PermissionLogs: 10,
  Email2Dispatches: 11,
  Email2Receivers: 12,
  Email2Interactions: 13,
  Email2Bounces: 14,
  SmsDispatches: 15,
  SmsReceivers: 16,
  PushDispatches: 17,
  PushReceivers: 18,
  PushTokens: 19,
  ContactPermissionSources: 20,
  VoucherAssignments: 21,
} as const
export type ExportType = keyof typeof ExportType
export const ExportFormat = { Csv: 0, Parquet: 1 } as const

/** `ExportSettings`: a type of record, or a dynamic table, never both. */
export const exportSettings = z.object({
  Type: enumInput(ExportType).nullish().describe('null when DynamicTableId is given'),
  DynamicTableId: jsonInt().nullish().describe('null when Type is given'),
  ColumnDelimiter: z.string().min(1).max(5).nullish().describe('";" when left out'),
  RowDelimiter: z.string().min(1).max(5).nullish().describe('"\\r\\n" when left out'),
  CreatedDateTimeFrom: dateTimeInput().nullish(),
  CreatedDateTimeTo: dateTimeInput().nullish(),
  LastModifiedFrom: dateTimeInput()
    .nullish()
    .describe('Contacts and PointSums only: the others have no LastModified'),
  LastModifiedTo: dateTimeInput().nullish(),
  LastId: jsonInt().nullish().describe('rows with a higher id only'),
  ItemType: z.string().max(100).nullish(),
  SegmentId: jsonInt().nullish().describe('contacts of this segment (and their records) only'),
  Fields: z.array(z.string().max(100)).max(200).nullish().describe('the columns, in order'),
  SuffixFileName: z.string().max(100).nullish(),
  TimeZoneId: z.string().max(100).nullish(),
  UseCompression: z.boolean().nullish().describe('a gzip file'),
  Format: enumInput(ExportFormat).nullish(),
})

/** `ExportItem`: a finished export and where to download it. */
export const readExportItem = z
  .object({
    Name: z.string(),
    DownloadUrl: z.string(),
    SizeInBytes: z.number().int(),
    Type: z.string().describe('the ExportType, or DynamicTable'),
    CreatedDateTimeFrom: dateTimeOffset.nullable(),
    CreatedDateTimeTo: dateTimeOffset.nullable(),
    ItemType: z.string().nullable(),
    RowCount: z.number().int().nullable(),
    SegmentId: z.number().int().nullable(),
    Right: z.string().nullable(),
    TimeZoneId: z.string().nullable(),
  })
  .meta({
    examples: [
      {
        Name: 'Events_20260315100000_Api Test.csv',
        DownloadUrl: 'https://api.loyaltii.com/BulkExports/Hk2mQ9xZ4cVb7nRt/Events.csv',
        SizeInBytes: 5120,
        Type: 'Events',
        CreatedDateTimeFrom: '2026-03-08T10:00:00.0000000+01:00',
        CreatedDateTimeTo: '2026-03-14T10:00:00.0000000+01:00',
        ItemType: 'test',
        RowCount: 84,
        SegmentId: null,
        Right: null,
        TimeZoneId: 'Romance Standard Time',
      },
    ],
  })

/** `ReadIframeTokenDto`: who an embedded page acts for, while the token has not expired. */
export const readIframeToken = z.object({
  Id: z.string().describe('GUID'),
  AccountId: z.number().int(),
  AdministratorId: z.number().int(),
  AdministratorEmail: z.string(),
  StoreIds: z.array(z.number().int()),
  Rights: z.array(z.string()),
  GroupId: z.number().int(),
  TimeZoneId: z.string(),
})

export const readPermissionSourceCategory = z.object({
  Id: z.number().int(),
  Name: z.string(),
  Description: z.string().nullable(),
})

/** Which category a permission source (a contact's `LatestPermissionSource`) belongs to. */
export const readPermissionSourceCategoryRelation = z.object({
  Id: z.number().int(),
  PermissionSourceCategoryId: z.number().int(),
  PermissionSource: z.string(),
})
