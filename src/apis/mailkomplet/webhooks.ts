/**
 * Mail Komplet's eight webhook payloads as the seed prints them (its examples miss commas; these
 * are their well-formed equivalents). The emulator sends them, the receiver (`receiver.ts`)
 * validates and types them. Type ids 1–8; the event names are kopru's, for targets' filters.
 */
import { z } from 'zod'

const date = z.string().min(1)
const base = {
  transactionalEmailId: z.number().int(),
  created: date,
  recipient: z.string(),
  fromAddress: z.string(),
  subject: z.string(),
  guid: z.string(),
  sent: date,
}

export const transactionalDelivered = z.object({
  webhookTypeId: z.literal(1),
  ...base,
  delivered: date,
})
export const transactionalClick = z.object({
  webhookTypeId: z.literal(2),
  ...base,
  clickId: z.number().int(),
  delivered: date.nullable(),
  linkUrl: z.string(),
  userAgent: z.string().nullable(),
})
export const transactionalOpen = z.object({
  webhookTypeId: z.literal(3),
  ...base,
  openId: z.number().int(),
  delivered: date.nullable(),
  userAgent: z.string().nullable(),
})
export const transactionalSoftBounce = z.object({
  webhookTypeId: z.literal(4),
  ...base,
  deliveryInfoId: z.number().int(),
})
export const transactionalHardBounce = z.object({
  webhookTypeId: z.literal(5),
  ...base,
  deliveryInfoId: z.number().int(),
  // sic: the seed's spelling
  fromDispalyName: z.string().nullable().optional(),
})
export const transactionalUnsubscribe = z.object({
  webhookTypeId: z.literal(6),
  ...base,
  excludeListId: z.number().int(),
  delivered: date.nullable(),
})
export const transactionalSpam = z.object({
  webhookTypeId: z.literal(7),
  ...base,
  excludeListId: z.number().int(),
  delivered: date.nullable(),
})
export const massUnsubscribe = z.object({
  webhookTypeId: z.literal(8),
  mailId: z.number().int(),
  excludeListId: z.number().int(),
  created: date,
  recipient: z.string(),
  fromAddress: z.string(),
  sent: date,
})

export const webhookPayload = z.discriminatedUnion('webhookTypeId', [
  transactionalDelivered,
  transactionalClick,
  transactionalOpen,
  transactionalSoftBounce,
  transactionalHardBounce,
  transactionalUnsubscribe,
  transactionalSpam,
  massUnsubscribe,
])

export type WebhookPayload = z.output<typeof webhookPayload>
export type WebhookTypeId = WebhookPayload['webhookTypeId']

/** kopru's name for each type id: what webhook targets filter on (`events`). */
export const webhookEvents = {
  1: 'transactional.delivered',
  2: 'transactional.click',
  3: 'transactional.open',
  4: 'transactional.softBounce',
  5: 'transactional.hardBounce',
  6: 'transactional.unsubscribe',
  7: 'transactional.spam',
  8: 'mass.unsubscribe',
} as const satisfies Record<WebhookTypeId, string>

export type WebhookEventName = (typeof webhookEvents)[WebhookTypeId]

/**
 * What makes one event itself: its type and the ids it carries. The same event delivered twice
 * has the same key, whatever the transport said.
 */
export function webhookKey(payload: WebhookPayload): string {
  const p = payload as Record<string, unknown>
  const ids = [
    'transactionalEmailId',
    'mailId',
    'clickId',
    'openId',
    'deliveryInfoId',
    'excludeListId',
  ]
    .filter((key) => p[key] !== undefined)
    .map((key) => `${key}=${String(p[key])}`)
  return `${payload.webhookTypeId}:${ids.join(',')}`
}
