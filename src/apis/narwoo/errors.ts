/**
 * Narwoo's error table ("API Hata Kodları"), once, as data: the emulator answers from it, the
 * client classifies with it, the OpenAPI documents it. Keys name the row; `code` is the errCode.
 *
 * The document's PHP table writes 41, 42 and 43 into the `$error[18]` slot, so each overwrites the
 * one before and `return_message(41)` could never answer. kopru answers 41, 42 and 43 as distinct
 * codes with their own messages (README.md, "Assumed").
 */
import { VendorApiError, type VendorApiErrorInit } from '../../core/errors.ts'
import type { ErrorEntry } from '../../core/operation.ts'
import { startOf } from '../../core/text.ts'
import type { VendorReading } from '../../core/transport.ts'

// every business error travels with HTTP 200, as a PHP endpoint answers (assumed)
export const narwooErrors = {
  failed: { status: 200, code: '1', message: 'Bir hata oluştu.', general: true },
  alreadyConfirmed: { status: 200, code: '4', message: 'Sipariş zaten onaylanmış' },
  notAllConfirmed: {
    status: 200,
    code: '5',
    message: 'Siparişteki ürünlerin hepsi onaylanamadı.',
  },
  unauthorized: { status: 200, code: '6', message: 'Yetkilendirilmemiş.', general: true },
  tokenMissing: {
    status: 200,
    code: '7',
    message: 'Hatalı istek, token bulunamadı.',
    general: true,
  },
  orderNumberMissing: {
    status: 200,
    code: '8',
    message: 'Hatalı istek, sipariş numarası bulunamadı.',
  },
  orderNotFound: { status: 200, code: '9', message: 'Sipariş bulunamadı.' },
  orderCancelled: { status: 200, code: '10', message: 'Sipariş iptal edilmiş.' },
  notPaid: { status: 200, code: '11', message: 'Alıcı sipariş ücretini henüz ödememiş.' },
  cargoCompanyNotFound: { status: 200, code: '12', message: 'Hatalı istek, kargo bulunamadı.' },
  cargoNumberMissing: {
    status: 200,
    code: '13',
    message: 'Hatalı istek, kargo numarası bulunamadı.',
  },
  cargoNumberTooShort: {
    status: 200,
    code: '14',
    message: 'Kargo numarası en az 6 hane olmalıdır.',
  },
  cargoNotFound: { status: 200, code: '15', message: 'Kargo bulunamadı.' },
  cargoNumberExists: {
    status: 200,
    code: '16',
    message: 'Bu siparişin zaten bir kargo numarası var.',
  },
  hasReturn: { status: 200, code: '17', message: 'Bu siparişte bir ürün iadesi mevcut.' },
  integrationInUse: {
    status: 200,
    code: '18',
    message: 'Bu siparişte kargo entegrasyonu kullanılıyor.',
  },
  tokenInvalid: {
    status: 200,
    code: '41',
    message: 'Geçerli token değeri bulunamadı.',
    general: true,
  },
  missingParameter: { status: 200, code: '42', message: 'Eksik parametre', general: true },
  deleteFailed: { status: 200, code: '43', message: 'Ürün silinirken hata oluştu.' },
  // below: answers outside the PHP table (unknown path, wrong method, failure); assumed shape
  notFound: { status: 404, code: '1', message: 'Bir hata oluştu.', general: true },
  methodNotAllowed: { status: 405, code: '1', message: 'Bir hata oluştu.', general: true },
  internal: { status: 500, code: '1', message: 'Bir hata oluştu.', general: true },
} as const satisfies Record<string, ErrorEntry>

export type NarwooErrorKey = keyof typeof narwooErrors

/**
 * What each errCode means, in English, for people who do not read Turkish: shown beside Narwoo's
 * own text by the CLI (`kopru call`, `kopru sync`, dead letters). Data only; the vendor's message
 * stays verbatim. Code 0 is a product answer with `status: "error"` and its reasons in `errList`.
 */
export const narwooExplanations: Readonly<Record<string, string>> = {
  '0': 'the product was refused; the reasons are listed',
  '1': 'an error occurred on Narwoo’s side',
  '4': 'the order is already confirmed',
  '5': 'not every item of the order could be confirmed',
  '6': 'not authorised: the user e-mail or password is wrong',
  '7': 'bad request: no token was sent',
  '8': 'bad request: no order number',
  '9': 'order not found',
  '10': 'the order is cancelled',
  '11': 'the buyer has not paid for the order yet',
  '12': 'bad request: cargo company not found',
  '13': 'bad request: no cargo tracking number',
  '14': 'the cargo tracking number needs at least 6 digits',
  '15': 'cargo not found',
  '16': 'the order already has a cargo tracking number',
  '17': 'an item of this order is being returned',
  '18': 'this order uses a cargo integration',
  '41': 'no valid token: the login token was refused',
  '42': 'a parameter is missing',
  '43': 'the product could not be deleted',
}

/** The errCode that means the token is unknown or expired: the client logs in again once. */
export const TOKEN_INVALID = narwooErrors.tokenInvalid.code

/**
 * A Narwoo error answer. `errCode` is Narwoo's own code; a product answer with
 * `status: "error"` has errCode 0 and lists one problem per entry of `errList`.
 */
export class NarwooError extends VendorApiError {
  override name = 'NarwooError'
  /** undefined when the answer carried none (an HTTP failure in front of the API) */
  readonly errCode: number | undefined
  readonly errList: string[]

  constructor(init: VendorApiErrorInit) {
    super(init)
    const code = Number(init.vendorCode)
    this.errCode = init.vendorCode !== undefined && Number.isInteger(code) ? code : undefined
    this.errList = errListOf(init.body)
  }

  /** errCode 6 (not authorised), 7 (no token), 41 (token refused after a fresh login) */
  override get refusesCaller(): boolean {
    return super.refusesCaller || CALLER_CODES.has(this.vendorCode ?? '')
  }
}

const CALLER_CODES = new Set<string>([
  narwooErrors.unauthorized.code,
  narwooErrors.tokenMissing.code,
  narwooErrors.tokenInvalid.code,
])

function payloadOf(body: unknown): Record<string, unknown> | undefined {
  const o = (body as { o?: unknown } | null | undefined)?.o
  return typeof o === 'object' && o !== null && !Array.isArray(o)
    ? (o as Record<string, unknown>)
    : undefined
}

function errListOf(body: unknown): string[] {
  const list = payloadOf(body)?.errList
  return Array.isArray(list) ? list.map((entry) => String(entry)) : []
}

/**
 * Reads any Narwoo answer. Failure is `o.errCode` other than 0, a top-level `error` other than 0,
 * `o.status` "error" (product answers, errCode 0 or absent), or an HTTP error status; the lists and
 * the order detail that come without `o` are successes.
 */
export function readNarwooAnswer(httpStatus: number, body: unknown): VendorReading {
  const o = payloadOf(body)
  const rawCode = o?.errCode
  const errCode =
    typeof rawCode === 'number' || (typeof rawCode === 'string' && /^\d+$/.test(rawCode))
      ? Number(rawCode)
      : undefined
  const productError = o?.status === 'error'
  const errList = errListOf(body)
  const message =
    typeof o?.message === 'string'
      ? o.message
      : errList.length
        ? errList.join('; ')
        : typeof body === 'string'
          ? startOf(body, 200)
          : undefined
  // success is errCode 0 and `error` 0; any other errCode (the seed: 1 and above; a negative or a
  // text one is no success either) or `error` flag is a failure, never read as success
  const flag = (body as { error?: unknown } | null | undefined)?.error
  const flagged = flag !== undefined && flag !== 0 && flag !== '0'
  const failedCode = rawCode !== undefined && errCode !== 0
  return {
    error: httpStatus >= 400 || failedCode || productError || flagged,
    code:
      rawCode !== undefined
        ? String(errCode ?? rawCode)
        : productError
          ? '0'
          : flagged
            ? String(flag)
            : undefined,
    message,
  }
}

/**
 * Whether `error` is Narwoo's error answer, optionally with one of `errCodes` (its own numbers:
 * 6 not authorised, 41 token refused …).
 *
 * @example
 * try { await narwoo.orders.confirm({ order_number }) } catch (e) { if (isNarwooError(e, 8)) … }
 */
export function isNarwooError(error: unknown, ...errCodes: number[]): error is NarwooError {
  return (
    error instanceof NarwooError &&
    (errCodes.length === 0 || (error.errCode !== undefined && errCodes.includes(error.errCode)))
  )
}
