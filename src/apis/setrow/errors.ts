/**
 * Setrow's error table, once, as data: every code and message of the seed's "Error Codes" section,
 * verbatim. The emulator answers from it, the client classifies with it, the OpenAPI documents it.
 * HTTP statuses are not in the seed (assumed, see README.md): 404 for "not found" codes, 500 for
 * E101, 401/403/404 for the E4xx codes, 403 for an inactive account, 400 for everything else.
 */
import { VendorApiError } from '../../core/errors.ts'
import type { ErrorEntry } from '../../core/operation.ts'
import { startOf } from '../../core/text.ts'
import type { VendorReading } from '../../core/transport.ts'

const bad = (code: string, message: string) => ({ status: 400, code, message }) as const
const missing = (code: string, message: string) => ({ status: 404, code, message }) as const

export const setrowErrors = {
  E100: bad('E100', 'A required parameter is not defined.'),
  E101: {
    status: 500,
    code: 'E101',
    message: 'An error occurred during an operation.',
    general: true,
  },
  E102: bad('E102', 'A required info is no set.'),
  E103: bad('E103', 'A parameter is not valid.'),
  E104: missing('E104', 'Email address not registered in Setrow Databases.'),
  E105: bad('E105', 'You are not authorized for this group.'),
  E106: missing('E106', 'The entered auto group was not found.'),
  E107: bad('E107', 'Parameter must be longer than minimum character length limit.'),
  E108: bad('E108', 'Mini-plan customers can have a maximum of 10 manual groups.'),
  E109: bad('E109', 'Group name has already been used.'),
  E110: bad('E110', 'Sms settings not found.'),
  E111: missing('E111', 'There is no member with this address.'),
  E112: missing('E112', 'There is no product with this product_code.'),
  E113: missing('E113', 'There is no group with this group_id.'),
  E114: bad('E114', 'This product has already been added to favorites.'),
  E115: bad('E115', 'This e-mail address is already registered in the list.'),
  E116: bad('E116', 'This e-mail address is not registered in the list.'),
  E117: bad('E117', 'This number is already registered in the list.'),
  E118: bad('E118', 'This number is not registered in the list.'),
  E119: missing('E119', 'This number not registered in Setrow Databases.'),
  E120: missing('E120', 'This email address not registered in User Databases.'),
  E121: missing('E121', 'This number not registered in User Databases.'),
  E122: bad('E122', 'lastDate parameter must be greater than startDate parameter.'),
  E123: bad(
    'E123',
    'The difference between the startDate parameter and the lastDate parameter can be up to 30 days.',
  ),
  E124: bad('E124', 'Request is not valid, please check API information.'),
  E125: bad('E125', 'Request is too long, max available length 1000.'),
  E126: bad(
    'E126',
    'This email address is registered in the list of those who do not want email. The operation cannot be performed.',
  ),
  E127: bad(
    'E127',
    'This email address is registered in the list of wrong addresses. The operation cannot be performed.',
  ),
  E128: bad(
    'E128',
    'This email address is registered in the list of junk addresses. The operation cannot be performed.',
  ),
  E129: bad(
    'E129',
    'This phone number is registered in the list of those who do not want sms. The operation cannot be performed.',
  ),
  E130: missing('E130', 'This number is not registered in the Setrow databases.'),
  E131: bad('E131', 'This number is not registered in this group.'),
  E132: bad('E132', 'This email address is not registered in this group.'),
  E133: bad('E133', 'At least one of the Number or Date filters must be used.'),
  E134: bad('E134', 'A numeric value must be entered.'),
  E135: bad('E135', 'Value cannot be greater than 96.'),
  E136: bad('E136', 'hour parameter cannot be greater than 96.'),
  E137: bad('E137', 'productBarcode or productCode parameter must set.'),
  E138: bad('E138', 'This barcode is defined for another product code.'),
  E139: bad('E139', 'The product could not be updated. Current data is already up to date.'),
  E140: missing('E140', 'The product not found in Setrow Databases.'),
  E141: missing('E141', 'The category not found in Setrow Databases.'),
  E142: bad('E142', 'categoryId and parentCategoryId are equal.'),
  E143: bad('E143', 'This product has already been deleted from favorites.'),
  E144: missing('E144', 'This order not found in Setrow Databases.'),
  E145: { status: 403, code: 'E145', message: 'Account inactive.', general: true },
  E146: bad(
    'E146',
    'The account does not have an IYS data transfer pool, please notify the e-mail address of yazilim@setrow.com.',
  ),
  E401: { status: 401, code: 'E401', message: 'User auth failed.', general: true },
  E403: {
    status: 403,
    code: 'E403',
    message: 'IP address not allowed, please contact destek@setrow.com',
    general: true,
  },
  E404: {
    status: 404,
    code: 'E404',
    message: 'The server can not find the requested resource.',
    general: true,
  },
} as const satisfies Record<string, ErrorEntry>

export type SetrowErrorCode = keyof typeof setrowErrors

/**
 * The gist of Setrow's codes a sync or a first call meets, as a few words: shown beside Setrow's own
 * (English, but long) message by the CLI, and as the reason when `kopru sync` counts refusals.
 * Data only; codes not listed are shown with Setrow's message alone.
 */
export const setrowExplanations: Readonly<Partial<Record<SetrowErrorCode, string>>> = {
  E100: 'a required parameter is missing',
  E101: 'an error on Setrow’s side',
  E103: 'a parameter is not valid',
  E104: 'email address not known to Setrow',
  E109: 'group name already used',
  E113: 'no such group',
  E115: 'address already in the list',
  E119: 'number not known to Setrow',
  E125: 'request too long',
  E126: 'address unsubscribed from email',
  E127: 'address on the wrong-address list',
  E128: 'junk address',
  E129: 'number unsubscribed from SMS',
  E137: 'neither product code nor barcode given',
  E138: 'barcode belongs to another product code',
  E140: 'product not found',
  E141: 'category not found',
  E144: 'order not found',
  E145: 'the Setrow account is inactive',
  E146: 'the account has no IYS data transfer pool',
  E401: 'the API key is wrong',
  E403: 'this IP address is not allowed',
}

export function isSetrowErrorCode(code: unknown): code is SetrowErrorCode {
  return typeof code === 'string' && Object.hasOwn(setrowErrors, code)
}

/** A `VendorApiError` from Setrow, narrowed to its E-code; with `code`, only that one. */
export type SetrowError<C extends SetrowErrorCode = SetrowErrorCode> = VendorApiError & {
  vendorCode: C
}

/**
 * Whether `error` is Setrow's answer (optionally with one of `codes`). Setrow's errors travel as the
 * shared `VendorApiError`; this narrows `vendorCode` to the table's keys.
 *
 * @example
 * try { await setrow.email.get({ email }) } catch (e) { if (isSetrowError(e, 'E104')) … }
 */
export function isSetrowError<C extends SetrowErrorCode>(
  error: unknown,
  ...codes: C[]
): error is SetrowError<C> {
  return (
    error instanceof VendorApiError &&
    error.api === 'setrow' &&
    isSetrowErrorCode(error.vendorCode) &&
    (codes.length === 0 || (codes as string[]).includes(error.vendorCode))
  )
}

/** Reads any Setrow answer: `{status: "error", code, message}` is an error whatever the HTTP status. */
export function readSetrowAnswer(httpStatus: number, body: unknown): VendorReading {
  const answer = (typeof body === 'object' && body !== null ? body : {}) as {
    status?: unknown
    code?: unknown
    message?: unknown
  }
  const failed = httpStatus >= 400 || answer.status === 'error'
  return {
    error: failed,
    code: typeof answer.code === 'string' ? answer.code : failed ? String(httpStatus) : undefined,
    message:
      typeof answer.message === 'string'
        ? answer.message
        : typeof body === 'string'
          ? startOf(body, 200)
          : undefined,
  }
}
