/**
 * One HTTP exchange, through undici's connection pool or a given `fetch`: the request goes out as
 * built, the answer comes back as status, headers, text and parsed body, never more than a size
 * limit of it read, and no redirect followed (the transport judges each one).
 */
import { EventEmitter } from 'node:events'
import type { IncomingHttpHeaders } from 'node:http'
import { Agent, type Dispatcher } from 'undici'
import type { WireRequest } from './request.ts'

export interface Answer {
  status: number
  headers: Headers
  /** JSON when the text parses, the text otherwise, undefined when empty */
  body: unknown
  /** the body as it came */
  text: string
}

export type Exchange = ((request: WireRequest, stop: Stop) => Promise<Answer>) & {
  /**
   * The exchange ends with the stop's reason once stopped, in any phase. A given `fetch` may
   * ignore its signal: the transport races that one against the stop.
   */
  endsWhenStopped?: true
}

/**
 * What stops one exchange: its timeout, or its call's signal. A plain emitter of 'abort', which
 * the pooled exchange listens to itself, costs less than the AbortController an attempt had, with
 * the listeners undici and the transport added to EventTargets: 5.2 against 0.6 µs in a loop; a
 * 3,000-order sync ran 15.3–16.4 G instructions against 17.1 G (callgrind).
 */
export class Stop extends EventEmitter<{ abort: [] }> {
  aborted = false
  reason: unknown = undefined

  abort(reason: unknown): void {
    if (this.aborted) return
    this.aborted = true
    this.reason = reason
    this.emit('abort')
  }

  /** An AbortSignal that follows this stop, for a `fetch`, which takes nothing else. */
  signal(): AbortSignal {
    const controller = new AbortController()
    if (this.aborted) controller.abort(this.reason)
    else this.once('abort', () => controller.abort(this.reason))
    return controller.signal
  }
}

/** Thrown by an exchange whose answer passes the size limit; the transport adds the call. */
export class TooLarge extends Error {
  constructor(readonly limit: number) {
    super(`answer larger than ${limit} bytes`)
  }
}

export function fetchExchange(fetchFn: typeof fetch, limit: number): Exchange {
  return async (request, stop) => {
    const response = await fetchFn(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      // redirects are the transport's to judge: credentials never follow one to another origin
      redirect: 'manual',
      signal: stop.signal(),
    })
    // fetch decodes a compressed body: its declared length is the compressed one, which says
    // nothing of the size read, so such a body is counted as it comes
    const encoded = !/^\s*(?:identity\s*)?$/i.test(response.headers.get('content-encoding') ?? '')
    const text = await readCapped(
      encoded ? undefined : declaredLength(response.headers.get('content-length')),
      limit,
      () => response.text(),
      response.body ?? emptyStream(),
      () => void response.body?.cancel().catch(() => undefined),
    )
    return { status: response.status, headers: response.headers, body: parseBody(text), text }
  }
}

/**
 * Through undici's pool with a handler of its own: undici's `request()` wraps each answer in a
 * body stream and an async resource, which cost more than the rest of a client's call (a 44 KiB
 * answer: 240 against 270–275 µs a call, bench/softtr-client.bench.ts's setting). The stop ends
 * the exchange in any phase, queued, sending, or reading, with its reason.
 */
export function poolExchange(dispatcher: Dispatcher, limit: number): Exchange {
  const exchange: Exchange = (request, stop) =>
    new Promise((resolve, reject) => {
      if (stop.aborted) reject(stop.reason)
      else new PooledAnswer(stop, limit, resolve, reject).send(dispatcher, request)
    })
  exchange.endsWhenStopped = true
  return exchange
}

/** One answer read through undici's dispatch: status and headers, then the body up to the limit. */
class PooledAnswer implements Dispatcher.DispatchHandler {
  private controller: Dispatcher.DispatchController | undefined
  private status = 0
  private headers: IncomingHttpHeaders = {}
  private chunks: Buffer[] = []
  private size = 0
  private settled = false
  private readonly stopped = () => this.fail(this.stop.reason)

  constructor(
    private readonly stop: Stop,
    private readonly limit: number,
    private readonly resolve: (answer: Answer) => void,
    private readonly reject: (reason: unknown) => void,
  ) {}

  send(dispatcher: Dispatcher, request: WireRequest): void {
    this.stop.once('abort', this.stopped)
    const url = request.url
    try {
      dispatcher.dispatch(
        {
          origin: url.origin,
          path: url.pathname + url.search,
          method: request.method as Dispatcher.HttpMethod,
          headers: plainHeaders(request.headers),
          body: request.body,
        },
        this,
      )
    } catch (error) {
      // arguments undici refuses before sending anything (a header value it cannot send)
      this.fail(error)
    }
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller
    // stopped while it waited for a connection: it goes no further
    if (this.settled) controller.abort(new Error('the exchange was stopped'))
  }

  onResponseStart(
    _controller: Dispatcher.DispatchController,
    status: number,
    headers: IncomingHttpHeaders,
  ): void {
    this.status = status
    this.headers = headers
    const length = headers['content-length']
    // a body of declared length beyond the limit is not read at all
    const declared = declaredLength(typeof length === 'string' ? length : null)
    if (declared !== undefined && declared > this.limit) this.fail(new TooLarge(this.limit))
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.settled) return
    this.size += chunk.byteLength
    // any other is counted as it comes and abandoned at the limit
    if (this.size > this.limit) this.fail(new TooLarge(this.limit))
    else this.chunks.push(chunk)
  }

  onResponseEnd(): void {
    if (this.settled) return
    this.settle()
    const chunks = this.chunks
    this.chunks = []
    // a throw here (a text over V8's longest string) would reach undici's parser, not the
    // caller, and leave the call unsettled
    try {
      const text = utf8Text(chunks, this.size)
      this.resolve({
        status: this.status,
        headers: headersOf(this.headers),
        body: parseBody(text),
        text,
      })
    } catch (error) {
      this.reject(error)
    }
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    if (this.settled) return
    this.settle()
    this.reject(error)
  }

  private fail(reason: unknown): void {
    if (this.settled) return
    this.settle()
    this.controller?.abort(reason instanceof Error ? reason : new Error(String(reason)))
    this.reject(reason)
  }

  private settle(): void {
    this.settled = true
    this.stop.off('abort', this.stopped)
  }
}

/** The body's text as `text()` reads it, undici's or fetch's: UTF-8, a byte-order mark dropped. */
function utf8Text(chunks: readonly Uint8Array[], size: number): string {
  if (chunks.length === 0) return ''
  const one = chunks.length === 1 ? chunks[0]! : undefined
  const bytes = one
    ? Buffer.isBuffer(one)
      ? one
      : Buffer.from(one.buffer, one.byteOffset, one.byteLength)
    : Buffer.concat(chunks, size)
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf
  return bytes.toString('utf8', bom ? 3 : 0)
}

/** The request's headers as undici takes them; `forEach` costs a third of `Object.fromEntries`. */
function plainHeaders(headers: Headers): Record<string, string> {
  const plain: Record<string, string> = {}
  headers.forEach((value, name) => (plain[name] = value))
  return plain
}

function headersOf(raw: IncomingHttpHeaders): Headers {
  const headers = new Headers()
  for (const [name, value] of Object.entries(raw)) {
    if (Array.isArray(value)) for (const item of value) headers.append(name, item)
    else if (value !== undefined) headers.append(name, value)
  }
  return headers
}

function declaredLength(header: string | null): number | undefined {
  const length = header === null ? NaN : Number(header)
  return Number.isSafeInteger(length) && length >= 0 ? length : undefined
}

/**
 * The body as text, never more than `limit` bytes of it in memory. A body of declared length
 * within the limit is read whole (the HTTP client stops at that length); any other is counted as
 * it comes and abandoned at the limit.
 */
async function readCapped(
  declared: number | undefined,
  limit: number,
  whole: () => Promise<string>,
  chunks: AsyncIterable<Uint8Array>,
  abandon: () => void,
): Promise<string> {
  if (declared !== undefined && declared <= limit) return whole()
  if (declared !== undefined) {
    abandon()
    throw new TooLarge(limit)
  }
  const parts: Uint8Array[] = []
  let size = 0
  for await (const chunk of chunks) {
    size += chunk.byteLength
    if (size > limit) {
      abandon()
      throw new TooLarge(limit)
    }
    parts.push(chunk)
  }
  return utf8Text(parts, size)
}

function emptyStream(): AsyncIterable<Uint8Array> {
  return (async function* () {})()
}

let agent: Dispatcher | undefined
/**
 * One keep-alive pool per process, shared by every client, as `fetch` shares its own. It follows
 * no redirect: the transport does, within the API's origin only.
 */
export function sharedAgent(): Dispatcher {
  return (agent ??= new Agent())
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
