/**
 * Transactional e-mails and SMS as the seed prints them, and the send bodies public clients post
 * (reference §4.2: `Tag`, `headers`, `replyTo`, `ContentID` beside the documented fields, Cc and
 * Bcc flattened into `to`, recipients' ids as text): unknown fields are accepted and ignored.
 */
import { z } from 'zod'
import { bodyId, dateTime, emailText } from './schemas.ts'

const nullableDate = dateTime.nullable()
const id = z.number().int()

export const transactionalEmail = z.object({
  emailId: id,
  queuePriority: z.number().int(),
  phase: z.number().int(),
  state: z.number().int(),
  created: dateTime,
  sendAt: nullableDate,
  sent: nullableDate,
  delivered: nullableDate,
  fromAddress: z.string(),
  fromDisplayName: z.string().nullable(),
  toAddress: z.string(),
  toDisplayName: z.string().nullable(),
  subject: z.string(),
  bodyFormat: z.boolean(),
  emlSize: z.number().int(),
  result: z.string().nullable(),
  opened: nullableDate,
  clicked: nullableDate,
  softBounced: z.boolean().nullable(),
  hardBounced: z.boolean().nullable(),
  isBulk: z.boolean(),
  unsubscribed: nullableDate,
  reportedAsSpam: nullableDate,
  guid: z.string(),
  tags: z.string().nullable(),
  // the seed prints 0 for these booleans
  isClicked: z.union([z.number().int(), z.boolean()]),
  isOpened: z.union([z.number().int(), z.boolean()]),
})

/**
 * States and phases (assumed: the seed's lists were lost): state 1 queued, 2 sent, 3 delivered,
 * 4 soft bounce, 5 hard bounce, 6 not sent (exclude list); phase 1 waiting, 2 sent, 3 finished.
 */
export const TransactionalState = {
  queued: 1,
  sent: 2,
  delivered: 3,
  softBounce: 4,
  hardBounce: 5,
  excluded: 6,
} as const
export const TransactionalPhase = { waiting: 1, sent: 2, finished: 3 } as const

const variables = z.record(z.string(), z.unknown())

export const sendEmailInput = z.object({
  email: z.object({
    fromAddress: emailText.describe('email address of sender'),
    fromDisplayName: z.string().max(200).nullable().optional().describe('Name of sender'),
    to: z
      .array(
        z.object({
          address: emailText.describe('Email address of recipient'),
          variables: variables.nullable().optional(),
        }),
      )
      .min(1)
      .max(1000)
      .describe('List of recipients (Cc and Bcc flattened into it by public clients)'),
    subject: z.string().min(1).max(1000).describe('Subject'),
    bodyHtml: z.string().nullable().optional(),
    bodyText: z.string().nullable().optional(),
    attachments: z
      .array(
        z.object({
          name: z.string().min(1).max(255),
          content: z.string().regex(/^[A-Za-z0-9+/\s]*={0,2}\s*$/, 'expected base64'),
          contentType: z.string().max(200).optional(),
        }),
      )
      .max(20)
      .nullable()
      .optional(),
    variables: variables.nullable().optional(),
    trackOpens: z.boolean().nullable().optional(),
    trackClicks: z.boolean().nullable().optional(),
    campaignId: bodyId().nullable().optional(),
    /** what the best-known client sends beside the documented fields (ignored but for the tag) */
    Tag: z.string().max(200).nullable().optional(),
    replyTo: z.unknown().optional(),
    headers: z.unknown().optional(),
  }),
})

export const sentEmail = z.object({ email: z.string(), guid: z.string() })

export const transactionalOpen = z.object({
  openId: id,
  emailId: id,
  created: dateTime,
  toAddress: z.string(),
  ipAddress: z.string().nullable(),
  userAgent: z.string().nullable(),
})

export const transactionalClick = z.object({
  clickId: id,
  emailId: id,
  created: dateTime,
  toAddress: z.string(),
  linkUrl: z.string(),
  linkIndex: z.number().int(),
  ipAddress: z.string().nullable(),
  userAgent: z.string().nullable(),
})

export const bounceInfo = z.object({
  deliveryInfoId: id,
  guid: z.string(),
  emailId: id,
  email: z.string(),
  created: dateTime,
  dsnInfo: z.string(),
  dsnStatus: z.string(),
})

export const transactionalSms = z.object({
  smsId: id,
  state: z.number().int(),
  queuePriority: z.number().int(),
  to: z.string(),
  created: dateTime,
  due: nullableDate,
  sent: nullableDate,
  received: nullableDate,
  text: z.string(),
  smsGroupId: id.nullable(),
  guid: z.string(),
  price: z.number(),
})

/** SMS states (assumed): 1 queued, 2 sent, 3 delivered, 4 failed. Priorities 1 (high) … 5 (low). */
export const SmsState = { queued: 1, sent: 2, delivered: 3, failed: 4 } as const

export const phoneNumber = z
  .string()
  .trim()
  .regex(/^\+?[0-9 ]{6,20}$/, 'not a phone number')

export const sendSmsInput = z.object({
  sms: z.object({
    to: z
      .array(z.object({ number: phoneNumber.describe('Phone number of recipient') }))
      .min(1)
      .max(1000),
    text: z.string().min(1).max(1600).describe('Transactional SMS content'),
    priority: z.number().int().min(1).max(5).nullable().optional().describe('1 high … 5 low'),
    groupId: bodyId().nullable().optional().describe('Transactional SMS group ID'),
  }),
})

export const sentSms = z.object({ number: z.string(), guid: z.string() })
