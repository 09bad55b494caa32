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

export type VendorApiErrorInit = CallContext & {
  httpStatus: number
  vendorCode?: string | undefined
  vendorMessage?: string | undefined
  requestId?: string | undefined
  retryable?: boolean
  body?: unknown
}

/** The vendor answered with an error. */
export class VendorApiError extends KopruError {
  override name = 'VendorApiError'
  readonly api: string
  readonly operationId: string
  readonly httpStatus: number
  /** the vendor's own code, verbatim (`E126`, `400`, Narwoo's `41`) */
  readonly vendorCode: string | undefined
  readonly vendorMessage: string | undefined
  readonly requestId: string | undefined
  /** a transient status: the same call may succeed later, whatever this call's retry setting */
  readonly retryable: boolean
  readonly request: RequestSummary | undefined
  readonly body: unknown
  attempts: number
  totalRetryDelayMs: number

  constructor(ctx: VendorApiErrorInit) {
    const code = ctx.vendorCode !== undefined ? ` ${ctx.vendorCode}` : ''
    const text = ctx.vendorMessage ? `: ${ctx.vendorMessage}` : ''
    super(`${ctx.api} ${ctx.operationId} failed with HTTP ${ctx.httpStatus}${code}${text}`)
    this.api = ctx.api
    this.operationId = ctx.operationId
    this.httpStatus = ctx.httpStatus
    this.vendorCode = ctx.vendorCode
    this.vendorMessage = ctx.vendorMessage
    this.requestId = ctx.requestId
    this.retryable = ctx.retryable ?? false
    this.request = ctx.request
    this.body = ctx.body
    this.attempts = ctx.attempts ?? 1
    this.totalRetryDelayMs = ctx.totalRetryDelayMs ?? 0
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
 * still failing or throttling after the retries, refusing the caller) rather than refusing what was
 * sent. A sync stops on such an error, its cursor where the last delivered batch left it, instead
 * of filing every record it still holds as refused.
 */
export function isServiceFailure(error: unknown): boolean {
  if (error instanceof NetworkError || error instanceof TimeoutError) return true
  return error instanceof VendorApiError && (error.retryable || error.refusesCaller)
}

/** The request never got an HTTP answer: refused, reset, dropped. */
export class NetworkError extends KopruError {
  override name = 'NetworkError'
  readonly api: string
  readonly operationId: string
  readonly request: RequestSummary | undefined
  /** the request surely never reached the server (connection refused, name not found) */
  readonly notSent: boolean
  attempts: number
  totalRetryDelayMs: number

  constructor(ctx: CallContext & { cause: unknown }) {
    const reason = describeCause(ctx.cause)
    super(`${ctx.api} ${ctx.operationId}: network error (${reason})`, { cause: ctx.cause })
    this.api = ctx.api
    this.operationId = ctx.operationId
    this.request = ctx.request
    this.notSent = NOT_SENT_CODES.has(causeCode(ctx.cause) ?? '')
    this.attempts = ctx.attempts ?? 1
    this.totalRetryDelayMs = ctx.totalRetryDelayMs ?? 0
  }
}

/** No answer within the per-request timeout. */
export class TimeoutError extends KopruError {
  override name = 'TimeoutError'
  readonly api: string
  readonly operationId: string
  readonly timeoutMs: number
  readonly request: RequestSummary | undefined
  attempts: number
  totalRetryDelayMs: number

  constructor(ctx: CallContext & { timeoutMs: number }) {
    super(`${ctx.api} ${ctx.operationId}: no answer within ${ctx.timeoutMs} ms`)
    this.api = ctx.api
    this.operationId = ctx.operationId
    this.timeoutMs = ctx.timeoutMs
    this.request = ctx.request
    this.attempts = ctx.attempts ?? 1
    this.totalRetryDelayMs = ctx.totalRetryDelayMs ?? 0
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
