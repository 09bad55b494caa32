/**
 * `kopru/mailkomplet`: the Mail Komplet client, its error type, the webhook payloads and their
 * receiver. The cart tracker's browser module is `kopru/mailkomplet/tracker`.
 */
export {
  BulkImportFailedError,
  BulkImportTimeoutError,
  createMailKompletClient,
  mailkompletBaseUrl,
  type MailKompletClient,
  type MailKompletClientOptions,
  type WaitOptions,
} from './client.ts'
export {
  MailKompletError,
  isMailKompletError,
  mailkompletErrors,
  mailkompletExplanations,
  type MailKompletErrorKey,
} from './errors.ts'
export { mailkompletApi, type MailKompletApi, type MailKompletOperationId } from './operations.ts'
export {
  createWebhookReceiver,
  type RejectedPayload,
  type WebhookEvent,
  type WebhookReceiver,
  type WebhookReceiverOptions,
} from './receiver.ts'
export { BounceType, ExcludeOrigin, ExcludeReason } from './schemas.ts'
export { CampaignStatus } from './schemas-mailing.ts'
export { SmsState, TransactionalPhase, TransactionalState } from './schemas-transactional.ts'
export { Currency, type CartItem, type CurrencyCode } from './tracker-schema.ts'
export {
  webhookEvents,
  webhookKey,
  webhookPayload,
  type WebhookEventName,
  type WebhookPayload,
  type WebhookTypeId,
} from './webhooks.ts'
