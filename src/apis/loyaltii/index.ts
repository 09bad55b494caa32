/** `kopru/loyaltii`: the Loyaltii client, its types, its answers table and guard, its enums. */
export {
  createLoyaltiiClient,
  createLoyaltiiWireClient,
  nullOnNotFound,
  type ContactChanges,
  type Email2Queued,
  type LoyaltiiClient,
  type LoyaltiiClientOptions,
  type LoyaltiiContact,
  type LoyaltiiHelpers,
  type ModifyOptions,
} from './client.ts'
export {
  LoyaltiiError,
  isLoyaltiiError,
  loyaltiiErrors,
  loyaltiiExplanations,
  type LoyaltiiErrorCode,
} from './errors.ts'
export { loyaltiiApi, type LoyaltiiApi, type LoyaltiiOperationId } from './operations.ts'
export {
  DynamicFieldType,
  FieldFilterOperator,
  dynamicFieldTypes,
  type DynamicFieldTypeName,
} from './schemas/common.ts'
export { ExportFormat, ExportType } from './schemas/account.ts'
export { EmailBuilderCampaignType, SendingSpeed } from './schemas/campaigns.ts'
export {
  DispatchBatchDelaySec,
  EMAIL2_QUEUED,
  EmailDispatchLogLevel,
  EmailDispatchStatus,
  EmailDispatchType,
} from './schemas/dispatches.ts'
export { SegmentType } from './schemas/segments.ts'
export { TableOwner } from './schemas/tables.ts'
export { UpdateContactKeyType } from './schemas/contacts.ts'
export { PAGE_SIZE } from './schemas/points.ts'
export { decodeVersion, encodeVersion, formatMoment, readMoment, type Moment } from './codecs.ts'
