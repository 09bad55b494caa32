/**
 * Mass mailing records as the seed prints them: templates, campaigns (list and detail forms),
 * dispatchers (domain redirects), generator executions (distributions), marketing e-mails with
 * their opens and clicks.
 */
import { z } from 'zod'
import { bodyId, dateTime, emailText } from './schemas.ts'

const nullableDate = dateTime.nullable()
const id = z.number().int()

export const template = z.object({
  templateId: id,
  created: dateTime,
  updated: nullableDate,
  name: z.string(),
  subject: z.string().nullable(),
  isCampaignBound: z.boolean(),
  isHtml: z.boolean(),
  type: z.number().int(),
  body: z.string().nullable(),
  bodyAlternative: z.string().nullable(),
  templateThumbnailUrl: z.string().nullable(),
  useWysiwyg: z.boolean(),
})

/** Campaign states (assumed: the seed's list was lost): 1 draft … 4 sent, 5 archived. */
export const CampaignStatus = { draft: 1, scheduled: 2, sending: 3, sent: 4, archived: 5 } as const

export const campaignListItem = z.object({
  campaignId: id,
  templateId: id.nullable(),
  name: z.string(),
  description: z.string().nullable(),
  insertTrackingImage: z.boolean(),
  ignoreExcludeList: z.boolean(),
  useWysiwyg: z.boolean(),
  autoLinkTracking: z.boolean(),
  status: z.number().int(),
  schedulerId: id.nullable(),
  nextRunTime: nullableDate,
  mailFromDisplayName: z.string().nullable(),
  mailFromAddress: z.string().nullable(),
  replyToDisplayName: z.string().nullable(),
  replyToAddress: z.string().nullable(),
})

export const campaignDetail = z.object({
  campaignId: id,
  campaignGroupId: id.nullable(),
  name: z.string(),
  description: z.string().nullable(),
  webTrackParam: z.string().nullable(),
  senderDisplayName: z.string().nullable(),
  senderEmail: z.string().nullable(),
  mailFromDisplayName: z.string().nullable(),
  mailFromAddress: z.string().nullable(),
  replyToDisplayName: z.string().nullable(),
  replyToAddress: z.string().nullable(),
  insertTrackingImage: z.boolean(),
  ignoreExcludeList: z.boolean(),
  autoLinkTracking: z.boolean(),
  unsubscribeTypeId: z.number().int(),
  dispatcherId: id.nullable(),
  templateId: id.nullable(),
  useWysiwyg: z.boolean(),
  campaignType: z.number().int(),
})

/** Unsubscribe types (assumed): 1 from the campaign, 2 from the mailing list, 3 from everything. */
export const UNSUBSCRIBE_TYPES = [1, 2, 3] as const

const campaignFields = {
  templateId: bodyId().nullable().optional().describe('Template ID'),
  dispatcherId: bodyId().nullable().optional().describe('Domain redirect ID'),
  ignoreExcludeList: z.boolean().optional().describe('Send to unsubscribed recipients? (false)'),
  autoLinkTracking: z.boolean().optional().describe('Track link clicks automatically?'),
  description: z.string().max(1000).nullable().optional().describe('Description'),
  // the seed's example sends the text "null"
  webTrackParam: z.string().max(500).nullable().optional().describe('Link tagging'),
  mailFromDisplayName: z.string().max(200).nullable().optional().describe('Sender name'),
  insertTrackingImage: z.boolean().optional().describe('Insert tracking image?'),
}

export const campaignInput = z.object({
  ...campaignFields,
  unsubscribeTypeId: z
    .literal(UNSUBSCRIBE_TYPES)
    .describe('1 campaign, 2 mailing list, 3 everything (assumed)'),
  name: z.string().trim().min(1).max(250).describe('Name'),
  mailFromAddress: emailText.describe('email of sender to display'),
})

export const campaignUpdate = z.object({
  ...campaignFields,
  unsubscribeTypeId: z.literal(UNSUBSCRIBE_TYPES).optional(),
  name: z.string().trim().min(1).max(250).optional(),
  mailFromAddress: emailText.optional(),
})

export const dispatcher = z.object({
  dispatcherId: id,
  status: z.number().int(),
  genericDispatcherId: id.nullable(),
  genericDispatcherDomain: z.string().nullable(),
  name: z.string().nullable(),
  title: z.string().nullable(),
  url: z.string().nullable(),
  useHttps: z.boolean(),
  subscribeReturnUrl: z.string().nullable(),
  unsubscribeReturnUrl: z.string().nullable(),
  useSubscribeAuthentication: z.boolean(),
  sendSubscribeAuthenticationFormReturnUrl: z.string().nullable(),
  subscribeCampaignId: id.nullable(),
  useSendWelcomeMail: z.boolean(),
  welcomeCampaignId: id.nullable(),
  useUnsubscribeAuthentication: z.boolean(),
  unsubscribeAuthenticationReturnUrl: z.string().nullable(),
  sendUnsubscribeAuthenticationFormReturnUrl: z.string().nullable(),
  useFeedback: z.boolean(),
  feedback: z.string().nullable(),
  feedbackUrl: z.string().nullable(),
  domainRewrite: z.string().nullable(),
  cnameRecord: z.string().nullable(),
  useIdentifier: z.boolean(),
})

const ratio = z.number()
export const generatorExecution = z.object({
  campaignName: z.string(),
  campaignId: id,
  campaignType: z.number().int(),
  generatorExecutionId: id,
  status: z.number().int(),
  phase: z.number().int(),
  spentCredits: z.number(),
  totalCount: z.number().int(),
  clickCount: z.number().int(),
  clickCountTotal: z.number().int(),
  openCount: z.number().int(),
  openCountTotal: z.number().int(),
  unsubscribeCount: z.number().int(),
  openRatio: ratio,
  clickRatio: ratio,
  unsubscribeRatio: ratio,
  created: dateTime,
  executed: nullableDate,
  isTesting: z.boolean(),
  softBounceCount: z.number().int(),
  hardBounceCount: z.number().int(),
  bounceCount: z.number().int(),
  softBounceRatio: ratio,
  hardBounceRatio: ratio,
  bounceRatio: ratio,
  deliveryRatio: ratio,
  deliveryCount: z.number().int(),
  smsPrice: z.number(),
  groupName: z.string().nullable(),
  groupColor: z.string().nullable(),
  campaignGroupId: id.nullable(),
})

export const marketingEmail = z.object({
  emailId: id,
  campaignId: id,
  generatorExecutionId: id,
  created: dateTime,
  sent: nullableDate,
  delivered: nullableDate,
  fromAddress: z.string(),
  toAddress: z.string(),
  toDisplayName: z.string().nullable().optional(),
  guid: z.string(),
  variant: z.number().int(),
  metadata: z.unknown(),
})

export const marketingOpen = z.object({
  openId: id,
  emailId: id,
  campaignId: id,
  generatorExecutionId: id,
  created: dateTime,
  toAddress: z.string(),
  ipAddress: z.string().nullable(),
  userAgent: z.string().nullable(),
  // the seed's example prints "0": text, while the marketing e-mail's variant is a number
  variant: z.union([z.string(), z.number()]).optional(),
})

export const marketingClick = z.object({
  clickId: id,
  emailId: id,
  campaignId: id,
  generatorExecutionId: id,
  created: dateTime,
  toAddress: z.string(),
  linkUrl: z.string(),
  linkIndex: z.union([z.number().int(), z.string()]),
  ipAddress: z.string().nullable(),
  userAgent: z.string().nullable(),
})
