/**
 * Mail Komplet's error table, once, as data: the emulator answers from it, the client reads it,
 * the OpenAPI documents it. The seed's list of response codes was lost with its bullet lists; the
 * reference (shared/reference/mailkomplet.md §4.1) gives 200, 201, 400 and 403. Mail Komplet has
 * no codes of its own: the vendor code is the HTTP status, and the body `{"message": …}` (assumed,
 * the camelCase form of an ASP.NET Web API error; see README.md).
 */
import { VendorApiError } from '../../core/errors.ts'
import type { ErrorEntry } from '../../core/operation.ts'
import { startOf } from '../../core/text.ts'
import type { VendorReading } from '../../core/transport.ts'

export const mailkompletErrors = {
  badRequest: { status: 400, code: '400', message: 'The request is invalid.', general: true },
  forbidden: {
    status: 403,
    code: '403',
    message: 'Forbidden: wrong API key or baseCrypt.',
    general: true,
  },
  notFound: {
    status: 404,
    code: '404',
    message: 'No such record or resource.',
    general: true,
  },
  methodNotAllowed: {
    status: 405,
    code: '405',
    message: 'The requested resource does not support this HTTP method.',
    general: true,
  },
  tooLarge: { status: 413, code: '413', message: 'The request is too large.' },
  internal: { status: 500, code: '500', message: 'An error has occurred.', general: true },
} as const satisfies Record<string, ErrorEntry>

export type MailKompletErrorKey = keyof typeof mailkompletErrors

/** The statuses in a few English words, for the CLI (`kopru call`, `kopru sync`). */
export const mailkompletExplanations: Readonly<Record<string, string>> = {
  '400': 'the request was refused: malformed JSON, a missing or invalid field, or a broken rule',
  '403': 'the API key or the baseCrypt (the account id in the URL) is wrong',
  '404': 'no such record, or no such path',
  '405': 'this path does not take this method',
  '413': 'the body is larger than Mail Komplet accepts',
  '500': 'an error on Mail Komplet’s side',
}

/**
 * A Mail Komplet error answer. `vendorCode` is the HTTP status as text, `vendorMessage` the body's
 * `message`, `problems` the fields the emulator names (`{"message", "errors": [...]}`).
 */
export class MailKompletError extends VendorApiError {
  override name = 'MailKompletError'

  /** the fields the answer names as wrong, when it names any */
  get problems(): string[] {
    const errors = (this.body as { errors?: unknown } | undefined)?.errors
    return Array.isArray(errors) ? errors.filter((e): e is string => typeof e === 'string') : []
  }
}

/** Reads any Mail Komplet answer: an error is a status of 400 or above, whatever the body. */
export function readMailKompletAnswer(httpStatus: number, body: unknown): VendorReading {
  const failed = httpStatus >= 400
  const message =
    typeof body === 'object' && body !== null
      ? ((body as { message?: unknown; Message?: unknown }).message ??
        (body as { Message?: unknown }).Message)
      : undefined
  return {
    error: failed,
    code: failed ? String(httpStatus) : undefined,
    message:
      typeof message === 'string'
        ? message
        : failed && typeof body === 'string'
          ? startOf(body, 200)
          : undefined,
  }
}

/**
 * Whether `error` is Mail Komplet's answer, optionally one of the table's rows.
 *
 * @example
 * try { await mk.contacts.update({ contactId, name }) } catch (e) { if (isMailKompletError(e, 'notFound')) … }
 */
export function isMailKompletError(
  error: unknown,
  ...rows: MailKompletErrorKey[]
): error is MailKompletError {
  return (
    error instanceof MailKompletError &&
    (rows.length === 0 || rows.some((row) => mailkompletErrors[row].code === error.vendorCode))
  )
}
