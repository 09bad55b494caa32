/**
 * One emulated Mail Komplet account, as JSON: the shape of the state dump (`GET /__kopru/state`),
 * checked before a dump is loaded. Records are kept close to the wire shapes the seed prints, with
 * what the emulator needs beside them (list membership, outcomes, the import queue, carts). The
 * types of the whole room come from this schema.
 */
import { z } from 'zod'
import {
  bulkImportRow,
  bulkStatus,
  columnValue,
  contactActivity,
  customColumn,
  excludeListItem,
} from '../schemas.ts'
import { coupon, couponGroup } from '../schemas-coupons.ts'
import {
  campaignDetail,
  dispatcher,
  marketingClick,
  marketingEmail,
  marketingOpen,
  template,
} from '../schemas-mailing.ts'
import {
  bounceInfo,
  transactionalClick,
  transactionalEmail,
  transactionalOpen,
  transactionalSms,
} from '../schemas-transactional.ts'
import { cartItem } from '../tracker-schema.ts'

const id = z.number().int()
const date = z.string()

export const storedList = z.object({
  mailingListId: id,
  name: z.string(),
  description: z.string().nullable(),
  created: date,
  updated: date.nullable(),
  guid: z.string(),
  isTest: z.boolean(),
})

export const storedContact = z.object({
  contactId: id,
  email: z.string(),
  name: z.string().nullable(),
  surname: z.string().nullable(),
  sex: z.boolean().nullable(),
  mobilePhone: z.string().nullable(),
  company: z.string().nullable(),
  title: z.string().nullable(),
  created: date,
  userAgent: z.string().nullable(),
  ipAddress: z.string().nullable(),
  lastOpen: date.nullable(),
  lastClick: date.nullable(),
  lastUpdate: date.nullable(),
  confirmed: z.boolean().nullable(),
  /** by column name, unprefixed */
  columns: z.record(z.string(), columnValue),
  /** the lists the contact is on, with when it was assigned */
  lists: z.array(z.object({ mailingListId: id, assigned: date })),
})

export const storedCampaign = campaignDetail.extend({
  status: z.number().int(),
  schedulerId: id.nullable(),
  nextRunTime: date.nullable(),
  /** the mailing lists a distribution of the campaign goes to */
  mailingListIds: z.array(id),
})

export const outcomeName = z.enum([
  'delivered',
  'softBounce',
  'hardBounce',
  'open',
  'click',
  'unsubscribe',
  'spam',
])

export const storedMarketingEmail = marketingEmail.extend({
  bounced: z.enum(['soft', 'hard']).nullable(),
  opened: date.nullable(),
  clicked: date.nullable(),
  unsubscribed: date.nullable(),
})

export const storedExecution = z.object({
  generatorExecutionId: id,
  campaignId: id,
  status: z.number().int(),
  phase: z.number().int(),
  created: date,
  executed: date.nullable(),
  isTesting: z.boolean(),
  spentCredits: z.number(),
  smsPrice: z.number(),
})

export const storedTransactional = transactionalEmail.extend({
  campaignId: id.nullable(),
  trackOpens: z.boolean(),
  trackClicks: z.boolean(),
  /** links of the body, which a simulated click follows */
  links: z.array(z.string()),
})

export const storedDeliveryInfo = bounceInfo.extend({ bounceTypeId: z.number().int() })

export const storedSubscribe = z.object({
  subscribeRequestId: id,
  dispatcherId: id,
  email: z.string(),
  fields: z.record(z.string(), z.unknown()),
  mailingListIds: z.array(id),
  created: date,
  confirmed: date.nullable(),
})

export const storedImport = z.object({
  operationId: z.string(),
  created: date,
  status: bulkStatus,
  errors: z.string().nullable(),
  errorMessage: z.string().nullable(),
  preImportAction: z.number().int(),
  contactOverwriteMode: z.number().int(),
  mailingListIds: z.array(id),
  /** contacts not yet processed, each as the call took it */
  pending: z.array(bulkImportRow),
  processed: z.number().int(),
  failures: z.array(z.string()),
})

export const storedCart = z.object({
  cartId: id,
  instance: z.string(),
  visitorId: z.string(),
  email: z.string().nullable(),
  contactId: id.nullable(),
  items: z.array(cartItem),
  created: date,
  updated: date,
  status: z.enum(['open', 'converted']),
  orderId: z.string().nullable(),
  convertedAt: date.nullable(),
})

export const trackerEvent = z.object({
  instance: z.string(),
  visitorId: z.string(),
  email: z.string().nullable(),
  name: z.string(),
  data: z.unknown(),
  at: date,
})

export const mailkompletState = z.object({
  seed: z.number().int(),
  /** the next id per record kind */
  next: z.record(z.string(), z.number().int()),
  mailingLists: z.array(storedList),
  /** which mailing lists each campaign is connected with (`availableForCampaign`) */
  contacts: z.array(storedContact),
  customColumns: z.array(customColumn),
  templates: z.array(template),
  campaigns: z.array(storedCampaign),
  dispatchers: z.array(dispatcher),
  subscribeRequests: z.array(storedSubscribe),
  executions: z.array(storedExecution),
  marketingEmails: z.array(storedMarketingEmail),
  marketingOpens: z.array(marketingOpen),
  marketingClicks: z.array(marketingClick),
  transactionalEmails: z.array(storedTransactional),
  transactionalOpens: z.array(transactionalOpen),
  transactionalClicks: z.array(transactionalClick),
  deliveryInfos: z.array(storedDeliveryInfo),
  sms: z.array(transactionalSms),
  excludeList: z.array(excludeListItem),
  activity: z.array(contactActivity),
  couponGroups: z.array(couponGroup),
  coupons: z.array(coupon),
  imports: z.array(storedImport),
  carts: z.array(storedCart),
  trackerEvents: z.array(trackerEvent),
})

export type MailKompletData = z.output<typeof mailkompletState>
export type StoredContact = MailKompletData['contacts'][number]
export type StoredList = MailKompletData['mailingLists'][number]
export type StoredCampaign = MailKompletData['campaigns'][number]
export type StoredTransactional = MailKompletData['transactionalEmails'][number]
export type StoredMarketingEmail = MailKompletData['marketingEmails'][number]
export type StoredImport = MailKompletData['imports'][number]
export type StoredCart = MailKompletData['carts'][number]
export type ExcludeEntry = MailKompletData['excludeList'][number]
export type Outcome = z.output<typeof outcomeName>
