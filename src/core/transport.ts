/**
 * Sends one wire request: pace → authorize → exchange with timeout → read → check → classify →
 * retry. Every answer is untrusted input: one that cannot be the documented answer is an error,
 * whatever its status. Vendor knowledge comes in through a `VendorProtocol`; this file names no
 * vendor.
 */
import type { Dispatcher } from 'undici'
import { structuralIssues } from './answer.ts'
import {
  AnswerTooLargeError,
  KopruError,
  NetworkError,
  RedirectError,
  TimeoutError,
  UnexpectedAnswerError,
  VendorApiError,
  redactText,
  redactUrl,
  type RequestSummary,
  type VendorApiErrorInit,
} from './errors.ts'
import {
  Semaphore,
  TokenBucket,
  type Limiter,
  systemClock,
  type Clock,
  type RateLimit,
} from './limits.ts'
import {
  TooLarge,
  fetchExchange,
  poolExchange,
  Stop,
  sharedAgent,
  type Answer,
  type Exchange,
} from './exchange.ts'
import { pathSecretValues, type ApiDef, type OperationDef } from './operation.ts'
import type { WireRequest } from './request.ts'
import { startOf } from './text.ts'
import { decideRetry, defaultRetryPolicy, type Outcome, type RetryPolicy } from './retry.ts'

/** What a vendor's answer says about itself. */
export interface VendorReading {
  /** true when the answer is an error even if the HTTP status is 2xx */
  error: boolean
  code?: string | undefined
  message?: string | undefined
  requestId?: string | undefined
  /**
   * the status an error's own body gives where the HTTP status says success (a vendor that answers
   * 200 with "failed with 500"): it decides, as an HTTP status would, whether to try again
   */
  status?: number | undefined
  /**
   * true for an error answer without a body that is the vendor's own (a bare 404 for an unknown
   * id), not something in front of it; read then as the vendor's refusal
   */
  bare?: boolean
}

/**
 * The options for a request an auth step makes (a login through the same client): the call's
 * signal and per-request timeout, and no retries of its own. Such a request is part of the call's
 * attempt: its failure is that attempt's, retried or not by the call's policy, so retries never
 * nest and `retry: false` means one request of each.
 */
export interface AuthCall {
  signal: AbortSignal | undefined
  timeoutMs: number
  retry: false
}

export interface VendorProtocol {
  /**
   * adds credentials to the request (may log in first, a request sent with `call`); runs before
   * each attempt, outside the concurrency slots, so a login sent through the same client cannot
   * wait on its own caller
   */
  authorize(request: WireRequest, op: OperationDef, call?: AuthCall): void | Promise<void>
  /** reads status and parsed body into the vendor's code, message and request id */
  read(status: number, body: unknown, headers: Headers): VendorReading
  /**
   * after an error answer: renew credentials and say whether to repeat the call; asked at most
   * once per call, so a renewal that does not help ends in the error instead of a loop. `request`
   * is the one that failed, as last authorized (to tell a stale credential from a renewed one);
   * a request it makes goes with `call`, as in `authorize`.
   */
  renewAuth?(error: VendorApiError, request: WireRequest, call?: AuthCall): Promise<boolean>
  /** the class vendor errors are built with, when the API adds fields of its own */
  errorClass?: new (init: VendorApiErrorInit) => VendorApiError
  /**
   * every success answer is JSON text: a body that does not parse (a maintenance page) is not the
   * vendor's answer, also for an operation whose answer is a bare JSON string
   */
  jsonOnly?: boolean
}

export interface HookState {
  api: string
  operationId: string
  attempt: number
  request: WireRequest
  /** what stops the call: its `CallOptions.signal` (a sync's connectors pass their run's) */
  signal: AbortSignal | undefined
}

export interface Hooks {
  beforeRequest?: (state: HookState) => void | Promise<void>
  afterResponse?: (
    state: HookState & { status: number; body: unknown; durationMs: number },
  ) => void | Promise<void>
  beforeRetry?: (state: HookState & { error: KopruError; delayMs: number }) => void | Promise<void>
}

export interface TransportOptions {
  /**
   * sends each request through this `fetch` instead (a test double, an in-process emulator); by
   * default requests go through undici's connection pool, where a whole call on a 44 KiB answer
   * keeps the thread busy 0.6 as long as a bare `fetch` and `JSON.parse` of it (294–305 against
   * 479–511 µs; most of both is decoding and parsing the body)
   */
  fetch?: typeof fetch
  /** the undici dispatcher (connection pool) requests go through when no `fetch` is given */
  dispatcher?: Dispatcher
  timeoutMs?: number
  retry?: Partial<RetryPolicy> | false
  rateLimit?: RateLimit
  concurrency?: number
  hooks?: Hooks
  clock?: Clock
  random?: () => number
  /** the largest answer read, in bytes (default 64 MiB); a larger one is an AnswerTooLargeError */
  maxAnswerBytes?: number
  /**
   * paces attempts by what their answers say (`AdaptiveLimiter`, a shared budget); it then sets
   * how many are in flight, within `concurrency` when that is given
   */
  limiter?: Limiter
}

/** The exchanges each caller's signal stops: one listener a signal, not one an attempt. */
const followers = new WeakMap<AbortSignal, Set<Stop>>()

/** Stops `stop` when `signal` aborts (at once if it has); the function returned stops following. */
function follow(signal: AbortSignal, stop: Stop): () => void {
  if (signal.aborted) stop.abort(signal.reason)
  let stops = followers.get(signal)
  if (!stops) {
    const all = (stops = new Set())
    followers.set(signal, all)
    signal.addEventListener('abort', () => all.forEach((s) => s.abort(signal.reason)), {
      once: true,
    })
  }
  stops.add(stop)
  return () => stops.delete(stop)
}

/**
 * How each failed call ended, and whether its operation is safe to repeat: a call an auth step made
 * (a login) that fails is one failed attempt of the call that needed it, judged by these.
 */
const failures = new WeakMap<KopruError, { outcome: Outcome; retrySafe: boolean }>()

/** Same-origin redirects followed for one call; cross-origin ones are never followed. */
const MAX_REDIRECTS = 5
const DEFAULT_MAX_ANSWER_BYTES = 64 * 1024 * 1024

export interface SendOptions {
  signal?: AbortSignal | undefined
  timeoutMs?: number | undefined
  retry?: false | { retries?: number } | undefined
}

export interface RawAnswer {
  status: number
  headers: Headers
  body: unknown
  requestId: string | undefined
  attempts: number
  totalRetryDelayMs: number
}

export class Transport {
  private readonly exchange: Exchange
  private readonly clock: Clock
  private readonly random: () => number
  private readonly policy: RetryPolicy | false
  private readonly bucket: TokenBucket | undefined
  private readonly slots: Semaphore
  private readonly maxAnswerBytes: number
  readonly timeoutMs: number

  constructor(
    private readonly api: ApiDef,
    private readonly protocol: VendorProtocol,
    private readonly options: TransportOptions = {},
  ) {
    this.maxAnswerBytes = options.maxAnswerBytes ?? DEFAULT_MAX_ANSWER_BYTES
    this.exchange = options.fetch
      ? fetchExchange(options.fetch, this.maxAnswerBytes)
      : poolExchange(options.dispatcher ?? sharedAgent(), this.maxAnswerBytes)
    this.clock = options.clock ?? systemClock
    this.random = options.random ?? Math.random
    this.policy = options.retry === false ? false : { ...defaultRetryPolicy, ...options.retry }
    this.bucket = options.rateLimit ? new TokenBucket(options.rateLimit, this.clock) : undefined
    this.slots = new Semaphore(options.concurrency ?? (options.limiter ? 1024 : 8))
    this.timeoutMs = options.timeoutMs ?? 30_000
  }

  async send(
    operationId: string,
    op: OperationDef,
    request: WireRequest,
    call: SendOptions = {},
  ): Promise<RawAnswer> {
    const policy = this.policyFor(call)
    const timeoutMs = call.timeoutMs ?? this.timeoutMs
    const signal = call.signal
    const authCall: AuthCall = { signal, timeoutMs, retry: false }
    let totalRetryDelayMs = 0
    let renewed = false
    let redirects = 0
    for (let attempt = 1; ;) {
      const state: HookState = { api: this.api.name, operationId, attempt, request, signal }
      let outcome: Outcome
      let error: KopruError
      let retrySafe = op.retrySafe
      try {
        signal?.throwIfAborted()
        // most protocols set a header: no turn of the event loop for them
        const authorizing = this.protocol.authorize(request, op, authCall)
        if (authorizing) await authorizing
        const answer = await this.slots.run(() => this.attempt(state, timeoutMs, signal))
        if (isRedirect(answer)) {
          this.redirect(operationId, request, answer, ++redirects)
          continue
        }
        const reading = this.protocol.read(answer.status, answer.body, answer.headers)
        if (!reading.error && answer.status < 400) {
          const issues = structuralIssues(op.response, answer.body)
          if (this.protocol.jsonOnly && !issues.length && notJson(answer))
            issues.push({ path: [], message: 'expected JSON, got text' })
          // without the answer's text: only an error's excerpt reads it
          if (!issues.length)
            return {
              status: answer.status,
              headers: answer.headers,
              body: answer.body,
              requestId: reading.requestId,
              attempts: attempt,
              totalRetryDelayMs,
            }
          error = this.unexpected(
            this.context(operationId, request, attempt, totalRetryDelayMs),
            request,
            answer,
            issues,
          )
          outcome = { kind: 'unexpected' }
        } else {
          const transient = (policy || defaultRetryPolicy).statuses.includes(
            reading.status ?? answer.status,
          )
          // an error answer in neither the vendor's error shape nor the operation's is not the
          // vendor's refusal (a proxy's 404 page): never read as one. A transient status stays
          // what it is, whatever its body (a gateway's 502 page).
          const bare = reading.bare === true && answer.body === undefined
          const issues = transient || bare ? [] : this.errorShapeIssues(op, answer.body)
          if (this.protocol.jsonOnly && !transient && !issues.length && notJson(answer))
            issues.push({ path: [], message: 'expected JSON, got text' })
          if (issues.length) {
            error = this.unexpected(
              this.context(operationId, request, attempt, totalRetryDelayMs),
              request,
              answer,
              issues,
            )
            // a 2xx is retried like a 5xx; a 4xx stays final
            outcome =
              answer.status < 400
                ? { kind: 'unexpected' }
                : { kind: 'status', status: answer.status }
          } else {
            const ErrorClass = this.protocol.errorClass ?? VendorApiError
            error = new ErrorClass({
              ...this.context(operationId, request, attempt, totalRetryDelayMs),
              httpStatus: answer.status,
              vendorCode: reading.code,
              vendorMessage: reading.message,
              requestId: reading.requestId,
              body: answer.body,
              retryable: transient,
            })
            outcome = {
              kind: 'status',
              status: reading.status ?? answer.status,
              retryAfter: answer.headers.get('retry-after'),
            }
          }
        }
        if (
          error instanceof VendorApiError &&
          this.protocol.renewAuth &&
          !renewed &&
          (await this.protocol.renewAuth(error, request, authCall))
        ) {
          renewed = true
          attempt++
          continue
        }
      } catch (thrown) {
        if (signal?.aborted) throw signal.reason
        if (thrown instanceof TooLarge) {
          throw new AnswerTooLargeError({
            ...this.context(operationId, request, attempt, totalRetryDelayMs),
            limitBytes: thrown.limit,
          })
        }
        const step = thrown instanceof KopruError ? failures.get(thrown) : undefined
        if (step) {
          // the auth step's own request failed (a login): this attempt failed with its error; this
          // call's request never left, so whether to repeat is the failed request's to say
          error = thrown as KopruError
          outcome = step.outcome
          retrySafe = step.retrySafe
        } else {
          if (
            thrown instanceof KopruError &&
            !(thrown instanceof NetworkError || thrown instanceof TimeoutError)
          )
            throw thrown
          error =
            thrown instanceof TimeoutError || thrown instanceof NetworkError
              ? thrown
              : new NetworkError({
                  ...this.context(operationId, request, attempt, totalRetryDelayMs),
                  cause: thrown,
                })
          outcome =
            error instanceof TimeoutError
              ? { kind: 'timeout' }
              : { kind: 'network', notSent: (error as NetworkError).notSent }
        }
      }
      stamp(error, attempt, totalRetryDelayMs)
      failures.set(error, { outcome, retrySafe })
      if (policy === false) throw error
      const decision = decideRetry({
        outcome,
        attempt,
        retrySafe,
        policy,
        now: this.clock.now(),
        random: this.random,
      })
      if (!decision.retry) throw error
      await this.options.hooks?.beforeRetry?.({ ...state, error, delayMs: decision.delayMs })
      await this.clock.sleep(decision.delayMs, signal)
      totalRetryDelayMs += decision.delayMs
      attempt++
    }
  }

  /** Why an error answer is in neither the API's error shape nor the operation's own. */
  private errorShapeIssues(op: OperationDef, body: unknown) {
    const issues = structuralIssues(this.api.errorBody, body)
    return issues.length && structuralIssues(op.response, body).length ? issues : []
  }

  private unexpected(
    context: ReturnType<Transport['context']>,
    request: WireRequest,
    answer: Answer,
    issues: ReturnType<typeof structuralIssues>,
  ): UnexpectedAnswerError {
    const start = startOf(answer.text, BODY_START_CHARS)
    return new UnexpectedAnswerError({
      ...context,
      httpStatus: answer.status,
      contentType: answer.headers.get('content-type') ?? undefined,
      bodyStart: redactText(start, this.secretNames(), this.secretValues(request)),
      issues,
    })
  }

  /**
   * Follows a redirect within the API's origin, with the method and body kept (307, 308, and any
   * redirect of a GET). A redirect to another origin is refused: the credentials travel in the
   * request (a header, the query, the body) and must never reach another host.
   */
  private redirect(operationId: string, request: WireRequest, answer: Answer, hop: number): void {
    const target = new URL(answer.headers.get('location')!, request.url)
    const refuse = (reason: string) => {
      // as the vendor wrote it, without query, fragment or user: a URL that is not http(s) has
      // no origin (`file:///etc/passwd`'s is "null")
      const shown = new URL(target)
      shown.search = shown.hash = shown.username = shown.password = ''
      throw new RedirectError({
        ...this.context(operationId, request, 1, 0),
        httpStatus: answer.status,
        location: redactUrl(shown.href, [], pathSecretValues(this.api, target.pathname)),
        reason,
      })
    }
    if (target.origin !== request.url.origin)
      refuse(
        `another origin; kopru never sends credentials to another origin (if the API has moved, give its new address as baseUrl)`,
      )
    if (hop > MAX_REDIRECTS) refuse(`more than ${MAX_REDIRECTS} redirects`)
    const keepsMethod = answer.status === 307 || answer.status === 308
    if (!keepsMethod && request.method !== 'GET')
      refuse(`HTTP ${answer.status} would send this ${request.method} on as a GET`)
    request.url = target
  }

  private secretNames(): string[] {
    const { headers = [], query = [], body = [] } = this.api.secrets
    return [...headers, ...query, ...body]
  }

  /** The credential values a request carries, to blank them wherever an answer echoes them. */
  private secretValues(request: WireRequest): string[] {
    const { headers = [], query = [], body = [] } = this.api.secrets
    const values: string[] = []
    for (const name of headers) {
      const value = request.headers.get(name)
      // `Basic dXNlcjpwdw==`: the whole value and the credential after its scheme
      if (value) values.push(value, ...value.split(' ').slice(1))
    }
    for (const name of query) values.push(...request.url.searchParams.getAll(name))
    if (body.length && request.body) values.push(...bodyFields(request.body, body))
    values.push(...pathSecretValues(this.api, request.url.pathname))
    return values.filter((v) => v.length >= 4)
  }

  /** One HTTP exchange, bounded by the timeout even when `fetch` ignores its signal. */
  private async attempt(state: HookState, timeoutMs: number, signal?: AbortSignal) {
    signal?.throwIfAborted()
    if (this.bucket) await this.bucket.take(signal)
    const { request } = state
    const hooks = this.options.hooks
    if (hooks?.beforeRequest) await hooks.beforeRequest(state)
    // from here to the try, nothing throws: what is acquired is released in its finally
    const limiter = this.options.limiter
    if (limiter) await limiter.acquire(signal)
    let status: number | undefined
    const stop = new Stop()
    const timer = setTimeout(() => {
      stop.abort(
        new TimeoutError({
          ...this.context(state.operationId, request, state.attempt, 0),
          timeoutMs,
        }),
      )
    }, timeoutMs)
    const unfollow = signal && follow(signal, stop)
    const started = this.clock.now()
    try {
      const answer = await untilStopped(this.exchange, request, stop)
      status = answer.status
      if (hooks?.afterResponse)
        await hooks.afterResponse({ ...state, ...answer, durationMs: this.clock.now() - started })
      return answer
    } finally {
      limiter?.release({ status, durationMs: this.clock.now() - started })
      clearTimeout(timer)
      unfollow?.()
    }
  }

  private policyFor(call: SendOptions): RetryPolicy | false {
    if (this.policy === false || call.retry === false) return false
    return call.retry?.retries !== undefined
      ? { ...this.policy, retries: call.retry.retries }
      : this.policy
  }

  private context(
    operationId: string,
    request: WireRequest,
    attempts: number,
    totalRetryDelayMs: number,
  ) {
    return {
      api: this.api.name,
      operationId,
      request: this.summary(request),
      attempts,
      totalRetryDelayMs,
    }
  }

  summary(request: WireRequest): RequestSummary {
    return {
      method: request.method,
      url: redactUrl(
        request.url.toString(),
        this.api.secrets.query ?? [],
        pathSecretValues(this.api, request.url.pathname),
      ),
    }
  }
}

/** The exchange's answer, or the stop's reason as soon as it comes, whether or not it ends. */
function untilStopped(exchange: Exchange, request: WireRequest, stop: Stop): Promise<Answer> {
  if (stop.aborted) return Promise.reject(stop.reason)
  const answer = exchange(request, stop)
  if (exchange.endsWhenStopped) return answer
  answer.catch(() => undefined)
  const stopped = new Promise<never>((_, reject) => stop.once('abort', () => reject(stop.reason)))
  return Promise.race([answer, stopped])
}

function stamp(error: KopruError, attempts: number, totalRetryDelayMs: number): void {
  if ('attempts' in error) Object.assign(error, { attempts, totalRetryDelayMs })
}

/** How much of an unexpected answer its error shows. */
const BODY_START_CHARS = 300

/**
 * A body read as text because it did not parse: the text itself is kept as the body (a JSON string
 * answer is its decoded value, which never equals its quoted text; a cut-off `"abc` is text).
 */
function notJson(answer: Answer): boolean {
  return typeof answer.body === 'string' && answer.body === answer.text
}

function isRedirect(answer: Answer): boolean {
  return answer.status >= 300 && answer.status < 400 && answer.headers.has('location')
}

/** The values of the named fields of a JSON or form body. */
function bodyFields(body: string, names: readonly string[]): string[] {
  let fields: Record<string, unknown> | undefined
  try {
    const parsed: unknown = JSON.parse(body)
    if (typeof parsed === 'object' && parsed !== null) fields = parsed as Record<string, unknown>
  } catch {
    fields = Object.fromEntries(new URLSearchParams(body))
  }
  return names.flatMap((name) => (typeof fields?.[name] === 'string' ? [fields[name]] : []))
}
