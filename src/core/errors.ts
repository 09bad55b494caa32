/**
 * One error family for every API. The vendor's own code and message are kept verbatim;
 * secrets are redacted when the error is built, never later.
 */

export interface RequestSummary {
  method: string
  /** URL with secrets replaced by `***` */
  url: string
}

export class KopruError extends Error {
  override name = 'KopruError'
}

export interface CallContext {
  api: string
  operationId: string
  request?: RequestSummary
  attempts?: number
  totalRetryDelayMs?: number
}

/** An error of one call: which API and operation, the request (redacted), the attempts it took. */
export class CallError extends KopruError {
  override name = 'CallError'
  readonly api: string
  readonly operationId: string
  readonly request: RequestSummary | undefined
  attempts: number
  totalRetryDelayMs: number

  constructor(ctx: CallContext, message: string, options?: ErrorOptions) {
    super(message, options)
    this.api = ctx.api
    this.operationId = ctx.operationId
    this.request = ctx.request
    this.attempts = ctx.attempts ?? 1
    this.totalRetryDelayMs = ctx.totalRetryDelayMs ?? 0
  }
}

export type VendorApiErrorInit = CallContext & {
  httpStatus: number
  vendorCode?: string | undefined
  vendorMessage?: string | undefined
  requestId?: string | undefined
  retryable?: boolean
  body?: unknown
}

/** The vendor answered with an error. */
export class VendorApiError extends CallError {
  override name = 'VendorApiError'
  readonly httpStatus: number
  /** the vendor's own code, verbatim (`E126`, `400`, Narwoo's `41`) */
  readonly vendorCode: string | undefined
  readonly vendorMessage: string | undefined
  readonly requestId: string | undefined
  /** a transient status: the same call may succeed later, whatever this call's retry setting */
  readonly retryable: boolean
  readonly body: unknown

  constructor(ctx: VendorApiErrorInit) {
    const code = ctx.vendorCode !== undefined ? ` ${ctx.vendorCode}` : ''
    const text = ctx.vendorMessage ? `: ${ctx.vendorMessage}` : ''
    super(ctx, `${ctx.api} ${ctx.operationId} failed with HTTP ${ctx.httpStatus}${code}${text}`)
    this.httpStatus = ctx.httpStatus
    this.vendorCode = ctx.vendorCode
    this.vendorMessage = ctx.vendorMessage
    this.requestId = ctx.requestId
    this.retryable = ctx.retryable ?? false
    this.body = ctx.body
  }

  /**
   * The vendor refused the caller (credentials, account, address), not what was sent: every call
   * will be refused alike until that is fixed. HTTP 401 and 403; a vendor whose errors travel with
   * HTTP 200 names its own codes.
   */
  get refusesCaller(): boolean {
    return this.httpStatus === 401 || this.httpStatus === 403
  }
}

/**
 * Whether an error says the service cannot be used at all for now (unreachable, not answering,
 * still failing or throttling after the retries, refusing the caller, answering something that is
 * not its answer) rather than refusing what was sent.
 */
export function isServiceFailure(error: unknown): boolean {
  if (isTransient(error)) return true
  return error instanceof VendorApiError && error.refusesCaller
}

/**
 * Whether the same call may well succeed a little later: no answer, a transient status still
 * failing after the retries, or an answer that is not the vendor's (a maintenance page).
 */
export function isTransient(error: unknown): boolean {
  if (error instanceof NetworkError || error instanceof TimeoutError) return true
  if (error instanceof UnexpectedAnswerError) return error.transient
  return error instanceof VendorApiError && error.retryable
}

/**
 * Whether the vendor refused what was sent, with its own answer (Setrow's `E126` for an
 * unsubscribed address), or kopru refused to send it (`InputError`): the record, not the service,
 * is at fault, and the rest can go on. Only such an error may file a record as refused (a sync's
 * dead letter); anything else (an outage, an answer that is not the vendor's, a defect in kopru)
 * stops the work with nothing filed, so that nothing is lost.
 */
export function isRefusal(error: unknown): error is VendorApiError | InputError {
  if (error instanceof InputError) return true
  return (
    error instanceof VendorApiError && error.vendorCode !== undefined && !isServiceFailure(error)
  )
}

/** The request never got an HTTP answer: refused, reset, dropped. */
export class NetworkError extends CallError {
  override name = 'NetworkError'
  /** the request surely never reached the server (connection refused, name not found) */
  readonly notSent: boolean

  constructor(ctx: CallContext & { cause: unknown }) {
    const reason = describeCause(ctx.cause)
    super(ctx, `${ctx.api} ${ctx.operationId}: network error (${reason})`, { cause: ctx.cause })
    this.notSent = NOT_SENT_CODES.has(causeCode(ctx.cause) ?? '')
  }
}

/** No answer within the per-request timeout. */
export class TimeoutError extends CallError {
  override name = 'TimeoutError'
  readonly timeoutMs: number

  constructor(ctx: CallContext & { timeoutMs: number }) {
    super(ctx, `${ctx.api} ${ctx.operationId}: no answer within ${ctx.timeoutMs} ms`)
    this.timeoutMs = ctx.timeoutMs
  }
}

export interface SchemaIssue {
  path: readonly PropertyKey[]
  message: string
}

/** A success answer that does not match the documented shape (`validate: 'strict'`). */
export class ResponseSchemaError extends KopruError {
  override name = 'ResponseSchemaError'
  constructor(
    readonly api: string,
    readonly operationId: string,
    readonly issues: readonly SchemaIssue[],
    readonly body: unknown,
  ) {
    super(
      `${api} ${operationId}: answer does not match the documented shape: ${formatIssues(issues)}`,
    )
  }
}

/**
 * An answer that cannot be the vendor's documented one, whatever the validation mode: not JSON
 * where JSON is documented, empty, cut off, or missing the envelope and the fields the operation
 * requires (a proxy's maintenance page with HTTP 200). It is never taken as success; a 2xx or 5xx
 * one is retried like a 5xx where the operation is safe to repeat.
 */
export class UnexpectedAnswerError extends CallError {
  override name = 'UnexpectedAnswerError'
  readonly httpStatus: number
  readonly contentType: string | undefined
  /** the first bytes of the body as text, credentials replaced by `***` */
  readonly bodyStart: string
  readonly issues: readonly SchemaIssue[]
  /** the same call may succeed later (a 2xx or 5xx answer; a 4xx one is final) */
  readonly transient: boolean

  constructor(
    ctx: CallContext & {
      httpStatus: number
      contentType: string | undefined
      bodyStart: string
      issues: readonly SchemaIssue[]
    },
  ) {
    const type = ctx.contentType ? ` ${ctx.contentType.split(';')[0]}` : ''
    const shown = ctx.bodyStart ? JSON.stringify(ctx.bodyStart) : 'an empty body'
    super(
      ctx,
      `${ctx.api} ${ctx.operationId} answered HTTP ${ctx.httpStatus}${type} that is not its documented answer (${formatIssues(ctx.issues)}): ${shown}`,
    )
    this.httpStatus = ctx.httpStatus
    this.contentType = ctx.contentType
    this.bodyStart = ctx.bodyStart
    this.issues = ctx.issues
    this.transient = ctx.httpStatus < 400 || ctx.httpStatus >= 500
  }
}

/** An answer larger than the client accepts (`maxAnswerBytes`); the rest of it was not read. */
export class AnswerTooLargeError extends CallError {
  override name = 'AnswerTooLargeError'
  readonly limitBytes: number

  constructor(ctx: CallContext & { limitBytes: number }) {
    super(
      ctx,
      `${ctx.api} ${ctx.operationId}: the answer is larger than ${ctx.limitBytes} bytes (maxAnswerBytes); it was not read`,
    )
    this.limitBytes = ctx.limitBytes
  }
}

/**
 * The vendor sent the call on to another origin. Credentials never follow a call there, in a
 * header, the query or the body; if the API has moved, the new address belongs in `baseUrl`.
 */
export class RedirectError extends CallError {
  override name = 'RedirectError'
  readonly httpStatus: number
  /** where the vendor sent the call, without its query */
  readonly location: string

  constructor(ctx: CallContext & { httpStatus: number; location: string; reason: string }) {
    super(
      ctx,
      `${ctx.api} ${ctx.operationId} was redirected (HTTP ${ctx.httpStatus}) to ${ctx.location}: ${ctx.reason}`,
    )
    this.httpStatus = ctx.httpStatus
    this.location = ctx.location
  }
}

/** The caller's input does not match the operation's schema; nothing was sent. */
export class InputError extends KopruError {
  override name = 'InputError'
  constructor(
    readonly api: string,
    readonly operationId: string,
    readonly issues: readonly SchemaIssue[],
  ) {
    super(`${api} ${operationId}: invalid input: ${formatIssues(issues)}`)
  }
}

/** A client was configured wrongly (unknown option, missing credential). */
export class ConfigError extends KopruError {
  override name = 'ConfigError'
}

export function formatIssues(issues: readonly SchemaIssue[]): string {
  return issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.map(String).join('.') : '(root)'}: ${i.message}`)
    .join('; ')
}

const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH'])

function causeCode(cause: unknown): string | undefined {
  let current: unknown = cause
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code
    if (typeof code === 'string') return code
    // a refused connection to a name with several addresses arrives as an AggregateError
    const errors = (current as { errors?: unknown }).errors
    current =
      (current as { cause?: unknown }).cause ?? (Array.isArray(errors) ? errors[0] : undefined)
  }
  return undefined
}

function describeCause(cause: unknown): string {
  const code = causeCode(cause)
  const message = cause instanceof Error ? cause.message : String(cause)
  return code ? `${code}: ${message}` : message
}

/** A URL fit to print: the password of its user part as `***` (`postgres://u:***@h`, `redis://:***@h`). */
export function redactPassword(url: string): string {
  return url.replace(/(\/\/[^:/@]*:)[^@/]*@/, '$1***@')
}

/** Copies a URL with the named query parameters and path segments replaced by `***`. */
export function redactUrl(
  url: string,
  query: readonly string[],
  pathValues: readonly string[] = [],
): string {
  let out = url
  try {
    const parsed = new URL(url)
    for (const name of query)
      if (parsed.searchParams.has(name)) parsed.searchParams.set(name, '***')
    out = parsed.toString()
  } catch {
    // not a URL we can parse: leave the query as it is, path values are still replaced below
  }
  for (const value of pathValues) if (value) out = out.split(encodeURIComponent(value)).join('***')
  return out
}

/**
 * Copies text with credentials blanked: each of `values` wherever it appears, and the value of each
 * JSON field or form field named in `names` (a token a login answer carries).
 */
export function redactText(
  text: string,
  names: readonly string[],
  values: readonly string[],
): string {
  let out = text
  for (const value of values) if (value) out = out.split(value).join('***')
  for (const name of names) {
    const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    out = out
      .replace(new RegExp(`("${escaped}"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"?`, 'gi'), '$1"***"')
      .replace(new RegExp(`([?&]${escaped}=)[^&\\s"]*`, 'gi'), '$1***')
  }
  return out
}
