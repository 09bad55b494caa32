/**
 * Softtr's error table, once, as data: the emulator answers from it, the client reads it, the
 * OpenAPI documents it. Keys name the row; `code` is Softtr's own (it reuses 400 for three rows).
 */
import type { ErrorEntry } from '../../core/operation.ts'
import { startOf } from '../../core/text.ts'
import { VendorApiError } from '../../core/errors.ts'
import type { VendorReading } from '../../core/transport.ts'

export const softtrErrors = {
  unauthorized: {
    status: 401,
    code: '401',
    message: 'Kullanıcı bilgileri eksik yada yanlış',
    general: true,
  },
  notFound: {
    status: 404,
    code: '404',
    message: 'Geçersiz veya bulunamayan kaynak',
    general: true,
  },
  methodNotAllowed: { status: 405, code: '405', message: 'Geçersiz istek', general: true },
  internal: { status: 500, code: '500', message: 'Beklenmedik bir sorun oluştu.', general: true },
  invalidRequest: { status: 400, code: '400', message: 'Geçersiz istek' },
  invalidParameter: { status: 400, code: '400', message: '{parametre} Boş ya da Geçersiz' },
  limitExceeded: { status: 400, code: '400', message: 'Data sınırı aşıldı' },
} as const satisfies Record<string, ErrorEntry>

export type SofttrErrorKey = keyof typeof softtrErrors

/**
 * What each of Softtr's codes means, in English, for people who do not read Turkish: shown beside
 * Softtr's own text by the CLI (`kopru call`, `kopru sync`, dead letters). Data only. Code 400
 * covers three rows, told apart by their text.
 */
export const softtrExplanations: Readonly<Record<string, string>> = {
  '400':
    'the request was refused: a field is empty or invalid ("Boş ya da Geçersiz"), the request is invalid ("Geçersiz istek") or over the data limit ("Data sınırı aşıldı")',
  '401': 'the username or password is missing or wrong',
  '404': 'no such resource (an unknown order number or path)',
  '405': 'this path does not take this method',
  '500': 'an unexpected problem on Softtr’s side',
}

/** `{parametre} Boş ya da Geçersiz` with the parameter named. */
export function invalidParameterMessage(parameter: string): string {
  return softtrErrors.invalidParameter.message.replace('{parametre}', parameter)
}

/**
 * Reads any Softtr answer. Success is the seed's `status: 200` with `message.code: 200`: a code
 * other than 200 in either (a number, or digits as text) is Softtr's failure whatever the HTTP
 * status says, with that code, `message.code` first. An envelope that names no failure code and is
 * not that success either (a `status: "error"` beside code 200, a text code) is left to the
 * response schema, whose literal 200s refuse it as not Softtr's answer.
 */
export function readSofttrAnswer(httpStatus: number, body: unknown): VendorReading {
  const envelope = (typeof body === 'object' && body !== null ? body : {}) as {
    status?: unknown
    message?: { code?: unknown; detail?: { requestID?: unknown; message?: unknown } }
  }
  const failure = [envelope.message?.code, envelope.status]
    .map(codeOf)
    .find((code) => code !== undefined && code !== 200)
  const text = envelope.message?.detail?.message
  const requestId = envelope.message?.detail?.requestID
  return {
    error: httpStatus >= 400 || failure !== undefined,
    code: String(failure ?? codeOf(envelope.message?.code) ?? httpStatus),
    message:
      typeof text === 'string' ? text : typeof body === 'string' ? startOf(body, 200) : undefined,
    requestId: typeof requestId === 'string' ? requestId : undefined,
    // a failure inside an HTTP 200 is retried as its own code says (a 500 is Softtr's trouble)
    status: httpStatus < 400 ? failure : undefined,
  }
}

/** A code as Softtr writes it, a whole number; digits as text read as that number. */
function codeOf(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? value : undefined
  return typeof value === 'string' && /^\d{1,4}$/.test(value) ? Number(value) : undefined
}

/**
 * Whether `error` is Softtr's error answer, optionally one of the table's rows by key (Softtr reuses
 * code 400 for three rows, so rows are told apart by their HTTP status and code together).
 *
 * @example
 * try { await softtr.orders.get({ orderno }) } catch (e) { if (isSofttrError(e, 'notFound')) … }
 */
export function isSofttrError(error: unknown, ...rows: SofttrErrorKey[]): error is VendorApiError {
  return (
    error instanceof VendorApiError &&
    error.api === 'softtr' &&
    (rows.length === 0 ||
      rows.some(
        (row) =>
          softtrErrors[row].code === error.vendorCode &&
          softtrErrors[row].status === error.httpStatus,
      ))
  )
}
