/**
 * Sends one wire request: pace → authorize → exchange with timeout → read → classify → retry.
 * Vendor knowledge comes in through a `VendorProtocol`; this file names no vendor.
 */
import { Agent, interceptors, request as undiciRequest, type Dispatcher } from 'undici'
import {
  KopruError,
  NetworkError,
  TimeoutError,
  VendorApiError,
  redactUrl,
  type RequestSummary,
  type VendorApiErrorInit,
} from './errors.ts'
import { Semaphore, TokenBucket, systemClock, type Clock, type RateLimit } from './limits.ts'
import type { ApiDef, OperationDef } from './operation.ts'
import type { WireRequest } from './request.ts'
import { decideRetry, defaultRetryPolicy, type Outcome, type RetryPolicy } from './retry.ts'

/** What a vendor's answer says about itself. */
export interface VendorReading {
  /** true when the answer is an error even if the HTTP status is 2xx */
  error: boolean
  code?: string | undefined
  message?: string | undefined
  requestId?: string | undefined
}

export interface VendorProtocol {
  /**
   * adds credentials to the request (may log in first); runs before each attempt, outside the
   * concurrency slots, so a login sent through the same client cannot wait on its own caller
   */
  authorize(request: WireRequest, op: OperationDef): void | Promise<void>
  /** reads status and parsed body into the vendor's code, message and request id */
  read(status: number, body: unknown, headers: Headers): VendorReading
  /**
   * after an error answer: renew credentials and say whether to repeat the call; asked at most
   * once per call, so a renewal that does not help ends in the error instead of a loop. `request`
   * is the one that failed, as last authorized (to tell a stale credential from a renewed one).
   */
  renewAuth?(error: VendorApiError, request: WireRequest): Promise<boolean>
  /** the class vendor errors are built with, when the API adds fields of its own */
  errorClass?: new (init: VendorApiErrorInit) => VendorApiError
}

export interface HookState {
  api: string
  operationId: string
  attempt: number
  request: WireRequest
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
   * default requests go through undici's connection pool, which costs a third of `fetch`'s CPU per
   * request (bench/softtr-client.bench.ts)
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
}

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
  readonly timeoutMs: number

  constructor(
    private readonly api: ApiDef,
    private readonly protocol: VendorProtocol,
    private readonly options: TransportOptions = {},
  ) {
    this.exchange = options.fetch
      ? fetchExchange(options.fetch)
      : poolExchange(options.dispatcher ?? sharedAgent())
    this.clock = options.clock ?? systemClock
    this.random = options.random ?? Math.random
    this.policy = options.retry === false ? false : { ...defaultRetryPolicy, ...options.retry }
    this.bucket = options.rateLimit ? new TokenBucket(options.rateLimit, this.clock) : undefined
    this.slots = new Semaphore(options.concurrency ?? 8)
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
    let totalRetryDelayMs = 0
    let renewed = false
    for (let attempt = 1; ; attempt++) {
      const state: HookState = { api: this.api.name, operationId, attempt, request }
      let outcome: Outcome
      let error: KopruError
      try {
        call.signal?.throwIfAborted()
        await this.protocol.authorize(request, op)
        const answer = await this.slots.run(() => this.attempt(state, timeoutMs, call.signal))
        const reading = this.protocol.read(answer.status, answer.body, answer.headers)
        if (!reading.error && answer.status < 400) {
          return { ...answer, requestId: reading.requestId, attempts: attempt, totalRetryDelayMs }
        }
        const ErrorClass = this.protocol.errorClass ?? VendorApiError
        error = new ErrorClass({
          ...this.context(operationId, request, attempt, totalRetryDelayMs),
          httpStatus: answer.status,
          vendorCode: reading.code,
          vendorMessage: reading.message,
          requestId: reading.requestId,
          body: answer.body,
          retryable: (policy || defaultRetryPolicy).statuses.includes(answer.status),
        })
        outcome = {
          kind: 'status',
          status: answer.status,
          retryAfter: answer.headers.get('retry-after'),
        }
        if (
          error instanceof VendorApiError &&
          this.protocol.renewAuth &&
          !renewed &&
          (await this.protocol.renewAuth(error, request))
        ) {
          renewed = true
          continue
        }
      } catch (thrown) {
        if (call.signal?.aborted) throw call.signal.reason
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
      stamp(error, attempt, totalRetryDelayMs)
      if (policy === false) throw error
      const decision = decideRetry({
        outcome,
        attempt,
        retrySafe: op.retrySafe,
        policy,
        now: this.clock.now(),
        random: this.random,
      })
      if (!decision.retry) throw error
      await this.options.hooks?.beforeRetry?.({ ...state, error, delayMs: decision.delayMs })
      await this.clock.sleep(decision.delayMs, call.signal)
      totalRetryDelayMs += decision.delayMs
    }
  }

  /** One HTTP exchange, bounded by the timeout even when `fetch` ignores its signal. */
  private async attempt(state: HookState, timeoutMs: number, signal?: AbortSignal) {
    signal?.throwIfAborted()
    if (this.bucket) await this.bucket.take(signal)
    const { request } = state
    const hooks = this.options.hooks
    if (hooks?.beforeRequest) await hooks.beforeRequest(state)
    const controller = new AbortController()
    let timer: NodeJS.Timeout | undefined
    let abort: (() => void) | undefined
    // settles only when the timeout or the caller's abort comes first
    const stopped = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const error = new TimeoutError({
          ...this.context(state.operationId, request, state.attempt, 0),
          timeoutMs,
        })
        controller.abort(error)
        reject(error)
      }, timeoutMs)
      if (signal) {
        abort = () => {
          controller.abort(signal.reason)
          reject(signal.reason)
        }
        signal.addEventListener('abort', abort, { once: true })
      }
    })
    const started = this.clock.now()
    try {
      const exchange = this.exchange(request, controller.signal)
      exchange.catch(() => undefined)
      const answer = await Promise.race([exchange, stopped])
      if (hooks?.afterResponse)
        await hooks.afterResponse({ ...state, ...answer, durationMs: this.clock.now() - started })
      return answer
    } finally {
      clearTimeout(timer)
      if (abort) signal?.removeEventListener('abort', abort)
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
      url: redactUrl(request.url.toString(), this.api.secrets.query ?? []),
    }
  }
}

function stamp(error: KopruError, attempts: number, totalRetryDelayMs: number): void {
  if ('attempts' in error) Object.assign(error, { attempts, totalRetryDelayMs })
}

interface Answer {
  status: number
  headers: Headers
  body: unknown
}

type Exchange = (request: WireRequest, signal: AbortSignal) => Promise<Answer>

function fetchExchange(fetchFn: typeof fetch): Exchange {
  return async (request, signal) => {
    const response = await fetchFn(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal,
    })
    return {
      status: response.status,
      headers: response.headers,
      body: parseBody(await response.text()),
    }
  }
}

function poolExchange(dispatcher: Dispatcher): Exchange {
  return async (request, signal) => {
    const response = await undiciRequest(request.url, {
      method: request.method as Dispatcher.HttpMethod,
      headers: Object.fromEntries(request.headers),
      body: request.body,
      signal,
      dispatcher,
    })
    const headers = new Headers()
    for (const [name, value] of Object.entries(response.headers)) {
      if (Array.isArray(value)) for (const item of value) headers.append(name, item)
      else if (value !== undefined) headers.append(name, value)
    }
    return {
      status: response.statusCode,
      headers,
      body: parseBody(await response.body.text()),
    }
  }
}

let agent: Dispatcher | undefined
/**
 * One keep-alive pool per process, shared by every client, as `fetch` shares its own; it follows
 * redirects as `fetch` does (a shop's `domain.com` sending callers on to `www.domain.com`).
 */
function sharedAgent(): Dispatcher {
  return (agent ??= new Agent().compose(interceptors.redirect({ maxRedirections: 20 })))
}

/** JSON when it parses, the text itself otherwise, undefined for an empty body. */
export function parseBody(text: string): unknown {
  if (text.trim() === '') return undefined
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}
