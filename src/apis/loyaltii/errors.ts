/**
 * Loyaltii's answers that are not successes, once, as data. Loyaltii (ASP.NET Web API 2) has no
 * error codes: it answers an HTTP status with `{"Message": …}`, a bare 404 for an unknown id, or
 * the contact itself on a 409. The keys below are kopru's names for each answer (what
 * `vendorCode` carries); `message` is the vendor's literal text, `{name}` where it names a value.
 * Texts the reference records as observed are marked so; the others are assumed (README.md).
 */
import { z } from 'zod'
import { VendorApiError, type VendorApiErrorInit } from '../../core/errors.ts'
import type { ErrorEntry } from '../../core/operation.ts'
import { startOf } from '../../core/text.ts'
import type { VendorReading } from '../../core/transport.ts'
import { readContact } from './schemas/contacts.ts'

const bad = (code: string, message: string) => ({ status: 400, code, message }) as const
const conflict = (code: string, message: string) => ({ status: 409, code, message }) as const

export const loyaltiiErrors = {
  // Web API 2's own answers
  unauthorized: {
    status: 401,
    code: 'unauthorized',
    message: 'Authorization has been denied for this request.',
    general: true,
  },
  // answered by operations with a query or a body (operations.ts adds it, and tooLarge to bodies)
  invalidRequest: { status: 400, code: 'invalidRequest', message: 'The request is invalid.' },
  methodNotAllowed: {
    status: 405,
    code: 'methodNotAllowed',
    message: "The requested resource does not support http method '{method}'.",
    general: true,
  },
  tooLarge: { status: 413, code: 'tooLarge', message: 'The request is too large.' },
  internal: { status: 500, code: 'internal', message: 'An error has occurred.', general: true },
  noResource: {
    status: 404,
    code: 'noResource',
    message: "No HTTP resource was found that matches the request URI '{uri}'.",
  },
  // a bare 404: an unknown id (observed; the .NET client reads no body)
  notFound: { status: 404, code: 'notFound', message: 'not found (no body)', body: z.undefined() },
  // observed texts (the vendor's integration tests)
  invalidOrderLines: bad('invalidOrderLines', 'Invalid orderlines!'),
  invalidOrderType: bad('invalidOrderType', 'Invalid order type!'),
  invalidOrderLine: bad('invalidOrderLine', 'Invalid order line!'),
  invalidOperationOnOrder: bad('invalidOperationOnOrder', 'Invalid operation on order!'),
  duplicateValue: conflict('duplicateValue', "Cannot save duplicate value '{value}'!"),
  wrongPassword: { status: 422, code: 'wrongPassword', message: 'Invalid password!' },
  // 409 with the contact as it is now: a stale Version, or an e-mail or phone another contact has
  contactConflict: {
    status: 409,
    code: 'contactConflict',
    message: 'the contact as it is now (no Message)',
    body: readContact,
  },
  // assumed texts, in the vendor's style
  storeNotFound: conflict('storeNotFound', 'Store not found!'),
  companyNotFound: conflict('companyNotFound', 'ContactCompany not found!'),
  invalidFieldValue: bad('invalidFieldValue', "Invalid value for field '{field}'!"),
  invalidField: bad('invalidField', "Invalid field '{field}'!"),
  invalidPointType: bad('invalidPointType', 'Invalid point type!'),
  invalidStore: bad('invalidStore', 'Invalid store!'),
  invalidContact: bad('invalidContact', 'Invalid contact!'),
  invalidContactCompany: bad('invalidContactCompany', 'Invalid contact company!'),
  invalidHierarchy: bad('invalidHierarchy', 'A contact company can have at most two levels!'),
  pointCancelled: bad('pointCancelled', 'Point is already cancelled!'),
  tooManyAttempts: { status: 429, code: 'tooManyAttempts', message: 'Too many failed attempts.' },
  // part 2: observed for dynamic tables
  noValidPatchFields: bad(
    'noValidPatchFields',
    'There were no valid fields specified for patching!',
  ),
  // part 2: assumed texts, in the vendor's style
  converterRequired: {
    status: 423,
    code: 'converterRequired',
    message: 'This request must be made through a converter!',
  },
  invalidFolder: bad('invalidFolder', 'Invalid folder!'),
  invalidSegment: bad('invalidSegment', 'Invalid segment!'),
  invalidEmailCampaign: bad('invalidEmailCampaign', 'Invalid email campaign!'),
  invalidDispatchScope: bad(
    'invalidDispatchScope',
    'A dispatch needs a ContactId, or SegmentIds or StoreIds!',
  ),
  invalidTrigger: bad('invalidTrigger', 'Invalid trigger id!'),
  invalidEmailTemplate: bad('invalidEmailTemplate', 'Invalid email template!'),
  invalidBlock: bad('invalidBlock', 'Invalid email builder block!'),
  invalidOperationOnCampaign: bad('invalidOperationOnCampaign', 'Invalid operation on campaign!'),
  actionNotTriggerable: bad(
    'actionNotTriggerable',
    'Action must be trigger-able manually and be enabled!',
  ),
  invalidDynamicTable: bad('invalidDynamicTable', 'Invalid dynamic table!'),
  invalidExportSettings: bad(
    'invalidExportSettings',
    'Exactly one of Type and DynamicTableId must be given!',
  ),
  parquetNotSupported: bad('parquetNotSupported', 'Parquet is not supported for this export!'),
} as const satisfies Record<string, ErrorEntry>

export type LoyaltiiErrorCode = keyof typeof loyaltiiErrors

/** The answer's text with its `{placeholders}` filled. */
export function errorText(code: LoyaltiiErrorCode, values: Record<string, string> = {}): string {
  return loyaltiiErrors[code].message.replace(
    /\{(\w+)\}/g,
    (whole, name: string) => values[name] ?? whole,
  )
}

/**
 * What each answer means in a few English words, for the CLI (`kopru call`, `kopru sync`) beside
 * Loyaltii's own text. Data only.
 */
export const loyaltiiExplanations: Readonly<Record<LoyaltiiErrorCode, string>> = {
  unauthorized: 'the X-ApiKey is wrong, missing or expired',
  invalidRequest: 'a field is missing or not valid (see ModelState)',
  methodNotAllowed: 'this path takes another HTTP method',
  tooLarge: 'the request body is too large',
  internal: 'an error on Loyaltii’s side',
  noResource: 'no such path, or not with these query parameters',
  notFound: 'no record with this id (or key)',
  invalidOrderLines: 'an order needs lines, each with Quantity and Price',
  invalidOrderType: 'the order type is not one of Orders/Types',
  invalidOrderLine: 'an order line needs Quantity and Price',
  invalidOperationOnOrder: 'the last line of an order cannot be deleted: delete the order',
  duplicateValue: 'the value must be unique and is taken',
  wrongPassword: 'the password is wrong',
  contactConflict:
    'the contact changed since it was read (Version), or its e-mail or phone belongs to another contact',
  storeNotFound: 'no store with that id',
  companyNotFound: 'no contact company with that id',
  invalidFieldValue: 'a dynamic field got a value of another type, or one not allowed',
  invalidField: 'the field cannot be patched on a batch of contacts (see Contacts/PatchFields)',
  invalidPointType: 'the point type is not one of Points/Types',
  invalidStore: 'no store with that id',
  invalidContact: 'no contact with that id',
  invalidContactCompany: 'no contact company with that id',
  invalidHierarchy: 'contact companies nest two levels deep at most',
  pointCancelled: 'the point is cancelled already, or is itself a cancellation',
  tooManyAttempts: 'too many unknown secrets from this IP address: wait an hour',
  noValidPatchFields: 'none of the fields sent is one the table entity has',
  converterRequired: 'writes to this dynamic table go through a converter, not the API',
  invalidFolder: 'no folder with that id',
  invalidSegment: 'no segment with that id',
  invalidEmailCampaign: 'no e-mail campaign with that id',
  invalidDispatchScope: 'a dispatch goes to one contact, or to the contacts of segments or stores',
  invalidTrigger: 'no Email2 message with that trigger id',
  invalidEmailTemplate: 'no e-mail template with that id',
  invalidBlock: 'no email builder block with that id',
  invalidOperationOnCampaign:
    'the campaign is scheduled (or not, for a cancel), has no blocks, or has started sending',
  actionNotTriggerable: 'the action cannot be triggered by hand, or is disabled',
  invalidDynamicTable: 'no dynamic table with that id',
  invalidExportSettings: 'an export is of a Type or of a DynamicTableId, not both, not neither',
  parquetNotSupported: 'the export cannot be written as Parquet (CSV can)',
}

// the texts to recognise, most specific first; a `{placeholder}` matches anything
const recognised = Object.entries(loyaltiiErrors)
  .filter(([, entry]) => !('body' in entry))
  .map(([code, entry]) => {
    const pattern = entry.message
      .split(/\{\w+\}/)
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')
    return {
      code: code as LoyaltiiErrorCode,
      status: entry.status as number,
      pattern: new RegExp(`^${pattern}$`, 's'),
    }
  })

/** A Loyaltii error answer, with the parts of Web API's body broken out. */
export class LoyaltiiError extends VendorApiError {
  override name = 'LoyaltiiError'
  /** the body's `Message`, as the .NET client reads it; undefined for a bare 404 or a 409 contact */
  readonly Message: string | undefined
  /** field → messages, when the input did not validate */
  readonly modelState: Readonly<Record<string, readonly string[]>> | undefined
  /** on a `contactConflict` 409: the contact as Loyaltii has it now */
  readonly current: Record<string, unknown> | undefined

  constructor(init: VendorApiErrorInit) {
    super(init)
    const body = isRecord(init.body) ? init.body : undefined
    this.Message = typeof body?.Message === 'string' ? body.Message : undefined
    this.modelState = isRecord(body?.ModelState)
      ? (body.ModelState as Record<string, string[]>)
      : undefined
    this.current = init.vendorCode === 'contactConflict' ? body : undefined
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * Reads any Loyaltii answer: an HTTP status of 400 or more is an error. Its code is the table's
 * key for the text (or the shape: no body, a contact); a text the table does not know keeps the
 * status as its code.
 */
export function readLoyaltiiAnswer(httpStatus: number, body: unknown): VendorReading {
  if (httpStatus < 400) return { error: false }
  const record = isRecord(body) ? body : undefined
  const message = typeof record?.Message === 'string' ? record.Message : undefined
  let code: string = String(httpStatus)
  if (httpStatus === 404 && body === undefined) code = 'notFound'
  else if (httpStatus === 409 && record && message === undefined && 'Version' in record)
    code = 'contactConflict'
  else if (message !== undefined)
    code = recognised.find((r) => r.status === httpStatus && r.pattern.test(message))?.code ?? code
  const detail = record?.ModelState ? modelStateText(record.ModelState) : ''
  return {
    error: true,
    code,
    message:
      message !== undefined
        ? message + detail
        : code === 'contactConflict'
          ? loyaltiiErrors.contactConflict.message
          : typeof body === 'string'
            ? startOf(body, 200)
            : undefined,
    // Web API's bare 404 is its answer, not a proxy's: there is nothing else to read
    bare: httpStatus === 404 && body === undefined,
  }
}

function modelStateText(state: unknown): string {
  if (!isRecord(state)) return ''
  const parts = Object.entries(state).map(
    ([field, messages]) =>
      `${field}: ${Array.isArray(messages) ? messages.join(' ') : String(messages)}`,
  )
  return parts.length ? ` (${parts.slice(0, 3).join('; ')})` : ''
}

/**
 * Whether `error` is Loyaltii's answer, optionally one of `codes` (the table's keys: `notFound`,
 * `invalidOrderType`, `contactConflict` …).
 *
 * @example
 * try { await loyaltii.orders.create(order) } catch (e) { if (isLoyaltiiError(e, 'invalidOrderType')) … }
 */
export function isLoyaltiiError<C extends LoyaltiiErrorCode>(
  error: unknown,
  ...codes: C[]
): error is LoyaltiiError & { vendorCode: C } {
  return (
    error instanceof LoyaltiiError &&
    (codes.length === 0 || (codes as string[]).includes(error.vendorCode ?? ''))
  )
}
