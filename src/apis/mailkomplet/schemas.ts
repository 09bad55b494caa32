/**
 * Mail Komplet's envelopes and the audience records (mailing lists, contacts, custom columns,
 * exclude lists) as the seed prints them (zod). Every date is the vendor's local time without a
 * zone (`2018-03-13T07:10:34.893`), kept as text on the wire. The other records are in
 * `schemas-mailing.ts`, `schemas-transactional.ts` and `schemas-coupons.ts`.
 */
import { z } from 'zod'
import { looseInt, textBool, textInt } from '../../core/schema.ts'

/** Page sizes: the seed gives the default, 25, and no maximum; 1000 is assumed (README.md). */
export const DEFAULT_PAGE_SIZE = 25
export const MAX_PAGE_SIZE = 1000
/** Contacts in one bulk import (assumed, README.md). */
export const MAX_BULK_CONTACTS = 10_000

export const dateTime = z
  .string()
  .describe('local time without a zone, e.g. 2018-03-13T07:10:34.893')
  .meta({ examples: ['2018-03-13T07:10:34.893'] })
const nullableDate = dateTime.nullable()

/** The vendor's error answer (assumed shape, see errors.ts). */
export const errorBody = z.object({
  message: z.string(),
  /** what the emulator found wrong, field by field */
  errors: z.array(z.string()).optional(),
})

/** `{totalRecordCount, pageCount, data}`: every list answer; some lack `pageCount`. */
export function page<T extends z.ZodType>(item: T) {
  return z.object({
    totalRecordCount: z.number().int(),
    pageCount: z.number().int().optional(),
    data: z.array(item),
  })
}

/** `{data: …}`: the answers that wrap one record or one result. */
export function wrapped<T extends z.ZodType>(inner: T) {
  return z.object({ data: inner })
}

/** The answer of a call Mail Komplet answers by status code alone. */
export const empty = z.undefined()

export const paging = {
  page: textInt({ min: 1 }).optional().describe('page number (default value is 1)'),
  pageSize: textInt({ min: 1, max: MAX_PAGE_SIZE })
    .optional()
    .describe('number of records on a page (default value is 25)'),
}

export const pagination = (totalPages = true) =>
  ({
    style: 'page',
    page: 'page',
    size: 'pageSize',
    items: 'data',
    ...(totalPages ? { totalPages: 'pageCount' } : {}),
    total: 'totalRecordCount',
    maxSize: MAX_PAGE_SIZE,
  }) as const

export const queryId = (description: string) => textInt({ min: 1 }).describe(description)
export const queryBool = (description: string) => textBool().describe(description)
/** An id in a JSON body: public clients send numeric strings (`"17"`) as often as numbers. */
export const bodyId = () => looseInt({ min: 1 })

/** `1,2;3|4`: the seed's separators for id lists in a query. */
export const idList = z.codec(
  z
    .string()
    .regex(/^\s*\d{1,15}\s*(?:[,;|]\s*\d{1,15}\s*)*$/, 'expected ids separated by , ; or |'),
  z.array(z.number().int().min(1)).min(1),
  {
    decode: (text) => text.split(/[,;|]/).map((id) => Number(id.trim())),
    encode: (ids) => ids.join(','),
  },
)

// --- mailing lists -----------------------------------------------------------------------

export const mailingList = z.object({
  mailingListId: z.number().int(),
  name: z.string(),
  description: z.string().nullable(),
  created: dateTime,
  updated: nullableDate,
  availableForCampaign: z.boolean().nullable(),
  availableForContact: z.boolean().nullable(),
  contactAssigned: nullableDate,
  guid: z.string(),
  isTest: z.boolean(),
})

export const mailingListInput = z.object({
  name: z.string().trim().min(1).max(250).describe('Mailing list name'),
  description: z.string().max(1000).nullable().optional().describe('Mailing list description'),
  // "isTest | string | required": clients send a boolean; both are read
  isTest: z.union([z.boolean(), z.enum(['true', 'false'])]).describe('for testing purposes?'),
})

// --- contacts ----------------------------------------------------------------------------

/** A custom column's value: text, a number, a boolean (PrestaShop sends `ps_consent: true`). */
export const columnValue = z.union([z.string().max(4000), z.number(), z.boolean(), z.null()])
/** Written by the column's `name` (`last_order`); read back as `cc_` + name. */
export const columnValues = z.record(z.string().min(1).max(100), columnValue)

export const contact = z.object({
  customColumns: z.record(z.string(), columnValue),
  contactId: z.number().int(),
  name: z.string().nullable(),
  surname: z.string().nullable(),
  email: z.string(),
  sex: z.boolean().nullable(),
  mobilePhone: z.string().nullable(),
  company: z.string().nullable(),
  title: z.string().nullable(),
  created: dateTime,
  userAgent: z.string().nullable(),
  ipAddress: z.string().nullable(),
  lastOpen: nullableDate,
  lastClick: nullableDate,
  dateCreated: nullableDate,
  lastUpdate: nullableDate,
  confirmed: z.boolean().nullable(),
})

const ADDRESS = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
const MAX_ADDRESS = 254

export const emailText = z.string().trim().max(MAX_ADDRESS).regex(ADDRESS, 'not an e-mail address')

/**
 * Whether `emailText` takes `text` as it is: the pattern has no blank at either end, so trimming
 * changes nothing. The emulator checks each row of a bulk import this way before it asks zod for
 * the verdict and its message (a tenth of the time a row of 10,000 takes to import).
 */
export function isAddressAsIs(text: string): boolean {
  return text.length <= MAX_ADDRESS && ADDRESS.test(text)
}

/** What creating, updating, importing and subscribing a contact take. */
export const contactFields = {
  name: z.string().max(100).nullable().optional().describe('First name'),
  surname: z.string().max(100).nullable().optional().describe('Last name'),
  sex: z.boolean().nullable().optional().describe('true - male, false - female, null'),
  title: z.string().max(100).nullable().optional().describe('Title'),
  mobilePhone: z.string().max(30).nullable().optional().describe('Phone number'),
  company: z.string().max(200).nullable().optional().describe('Company name'),
  mailingListIds: z
    .array(bodyId())
    .max(1000)
    .nullable()
    .optional()
    .describe('Mailing list IDs, where a contact should be assigned (numbers or numeric text)'),
  customColumns: columnValues.nullable().optional().describe('by column name, unprefixed'),
}

export const contactInput = z.object({ email: emailText.describe('e-mail'), ...contactFields })
export const contactUpdate = z.object({
  email: emailText.optional().describe('e-mail'),
  ...contactFields,
})

export const bulkContact = z.object({
  email: emailText,
  ...contactFields,
  customData: z.unknown().optional(),
})

/**
 * A row of a bulk import as the call takes it: every field is checked with the call but the
 * address, which is checked as the import runs, so that one bad row is reported and the rest
 * imported.
 */
export const bulkImportRow = bulkContact.extend({ email: z.string().min(1).max(254) })

export const bulkStatus = z.enum([
  'Waiting',
  'InProgress',
  'SuccessfulyFinished',
  'FinishedWithErrors',
  'Failed',
])

export const bulkInfo = z.object({
  status: bulkStatus,
  errors: z.string().nullable(),
  errorMessage: z.string().nullable(),
})

export const contactActivity = z.object({
  actionTypeId: z.number().int(),
  created: dateTime,
  mailId: z.number().int().nullable(),
  openId: z.number().int().nullable(),
  clickId: z.number().int().nullable(),
  tranMailId: z.number().int().nullable(),
  tranOpenId: z.number().int().nullable(),
  tranClickId: z.number().int().nullable(),
  cfssId: z.number().int().nullable(),
  orderId: z.number().int().nullable(),
  cartItemId: z.number().int().nullable(),
  email: z.string(),
  generatorExecutionId: z.number().int().nullable(),
  bounceTypeId: z.number().int().nullable(),
  campaignId: z.number().int().nullable(),
})

// --- custom columns ----------------------------------------------------------------------

export const customColumn = z.object({
  customColumnId: z.number().int(),
  customColumnTypeId: z.number().int(),
  customColumnGroupId: z.number().int().nullable(),
  dataTypeId: z.number().int(),
  name: z.string(),
  caption: z.string().nullable(),
  description: z.string().nullable(),
  defaultValue: z.string().nullable(),
  minValue: z.unknown(),
  maxValue: z.unknown(),
  required: z.boolean(),
  unique: z.boolean(),
  disabled: z.boolean(),
  precision: z.number().int().nullable(),
  system: z.boolean(),
  order: z.number().int().nullable(),
  deleted: nullableDate,
  size: z.number().int().nullable(),
  originalName: z.string(),
})

/** A custom column's name, as a column is created by name or by a first write of it. */
export const COLUMN_NAME = /^[A-Za-z][A-Za-z0-9_]{0,99}$/
export const COLUMN_NAME_RULE = 'letters, digits and _ , starting with a letter'

/** Data types (assumed: the seed's list was lost): 1 text, 2 integer, 3 decimal, 4 date, 5 boolean. */
export const DATA_TYPES = [1, 2, 3, 4, 5] as const

export const customColumnFields = {
  dataTypeId: z
    .literal(DATA_TYPES)
    .describe('1 text, 2 integer, 3 decimal, 4 date, 5 boolean (assumed)'),
  name: z
    .string()
    .regex(COLUMN_NAME, COLUMN_NAME_RULE)
    .describe('Name; read back on contacts as cc_ + name'),
  caption: z.string().max(200).nullable().optional(),
  description: z.string().max(1000).nullable().optional(),
  defaultValue: z.union([z.string(), z.number(), z.boolean()]).nullable().optional(),
  minValue: z.unknown().optional(),
  maxValue: z.unknown().optional(),
  required: z.boolean().optional(),
  unique: z.boolean().optional(),
  disabled: z.boolean().optional(),
  precision: z.number().int().min(0).max(255).nullable().optional(),
  order: z.number().int().nullable().optional(),
}

// --- exclude lists -----------------------------------------------------------------------

export const excludeListItem = z.object({
  excludeListId: z.number().int(),
  mailingListId: z.number().int().nullable(),
  campaignId: z.number().int().nullable(),
  email: z.string(),
  createdDate: dateTime,
  reason: z.string().nullable(),
  sourceGeneratorExecutionId: z.number().int().nullable(),
  origin: z.number().int(),
  reasonId: z.number().int(),
  bounceTypeId: z.number().int().nullable(),
  deliveryInfoErrorCode: z.string().nullable(),
  validFrom: nullableDate,
  validTo: nullableDate,
  variant: z.number().int().nullable(),
  sourceCampaignId: z.number().int().nullable(),
  sourceTransactionalEmailId: z.number().int().nullable(),
  sourceMarketingEmailId: z.number().int().nullable(),
  mailingListName: z.string().nullable(),
  campaignName: z.string().nullable(),
})

/** Exclude-list origins and reasons (assumed: the seed's lists were lost), kept in one place. */
export const ExcludeOrigin = { api: 1, recipient: 2, bounce: 3, complaint: 4 } as const
export const ExcludeReason = { unsubscribed: 1, hardBounce: 2, spam: 3, other: 4 } as const
export const BounceType = { soft: 1, hard: 2 } as const

export const excludeInput = z.object({
  // the seed's example and table write `mailingListsId`; its prose says `mailingListId`: both read
  mailingListsId: bodyId().nullable().optional().describe('Mailing list ID'),
  mailingListId: bodyId().nullable().optional().describe('Mailing list ID (the prose spelling)'),
  campaignId: bodyId().nullable().optional().describe('Campaign ID'),
  generatorExecutionId: bodyId().nullable().optional().describe('Generator execution ID'),
  email: emailText.describe('e-mail'),
  reason: z.string().max(1000).nullable().optional().describe('Reason'),
})
