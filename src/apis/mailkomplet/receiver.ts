/**
 * A receiver for Mail Komplet's webhooks, usable from Node's `http`, Hono (or anything that speaks
 * `Request`/`Response`) and Express. It answers at once: a valid payload gets 200 and is handed on
 * to `onEvent` after the answer (its failures go to `onError`, never to Mail Komplet); a payload
 * seen before (same type and ids) gets 200 and is not handed on again; anything else gets 400 and
 * is kept in `rejected` for inspection (and given to `onRejected`), never dropped silently.
 *
 * @example
 * const receiver = createWebhookReceiver({ onEvent: (event) => queue.push(event) })
 * http.createServer(receiver.node).listen(8080)            // Node
 * app.post('/mk', (c) => receiver.fetch(c.req.raw))        // Hono
 * app.post('/mk', receiver.express)                        // Express (with or without express.json())
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { startOf } from '../../core/text.ts'
import { webhookEvents, webhookKey, webhookPayload, type WebhookPayload } from './webhooks.ts'

export interface WebhookEvent<P extends WebhookPayload = WebhookPayload> {
  /** kopru's name of the type (`transactional.open`) */
  event: (typeof webhookEvents)[P['webhookTypeId']]
  payload: P
  /** the type and ids: the same for a repeat of the same event */
  key: string
  receivedAt: Date
}

export interface RejectedPayload {
  receivedAt: Date
  /** the body as it came, cut at 64 KiB */
  body: string
  reason: string
}

export interface WebhookReceiverOptions {
  onEvent(event: WebhookEvent): void | Promise<void>
  onRejected?(rejected: RejectedPayload): void
  /** a handed-on event's failure; default: `console.error` */
  onError?(error: unknown, event: WebhookEvent): void
  /** how many event keys are remembered to recognise repeats (default 10,000) */
  remember?: number
  /** how many rejected payloads are kept (default 1,000; the oldest go first) */
  keepRejected?: number
  /** the largest body read (default 1 MiB) */
  maxBodyBytes?: number
  /**
   * Answer only once `onEvent` has finished (default false: at once, `onEvent` after). For a
   * consumer that makes the event durable first: its failure answers 503, so Mail Komplet delivers
   * the event again, and the repeat is then taken as new.
   */
  answerAfterEvent?: boolean
}

export interface WebhookReceiver {
  /** a `fetch`-style handler: Hono, Bun, Deno, service workers */
  fetch(request: Request): Promise<Response>
  /** a `node:http` request listener */
  node(req: IncomingMessage, res: ServerResponse): void
  /** an Express handler; reads `req.body` when a JSON parser already ran */
  express(req: IncomingMessage & { body?: unknown }, res: ServerResponse): void
  /** payloads refused with 400, oldest first */
  readonly rejected: readonly RejectedPayload[]
  /** events handed on, and repeats recognised */
  readonly counts: { accepted: number; duplicates: number; rejected: number }
}

type Verdict = {
  status: 200 | 400 | 413 | 503
  body: { ok: boolean; duplicate?: boolean; error?: string }
}

export function createWebhookReceiver(options: WebhookReceiverOptions): WebhookReceiver {
  const remember = options.remember ?? 10_000
  const keepRejected = options.keepRejected ?? 1000
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024
  const seen = new Set<string>()
  const rejected: RejectedPayload[] = []
  const counts = { accepted: 0, duplicates: 0, rejected: 0 }
  const onError =
    options.onError ?? ((error: unknown) => console.error('[mailkomplet webhook]', error))

  const reject = (body: string, reason: string): Verdict => {
    const entry = { receivedAt: new Date(), body: startOf(body, 65_536), reason }
    rejected.push(entry)
    if (rejected.length > keepRejected) rejected.shift()
    counts.rejected++
    options.onRejected?.(entry)
    return { status: 400, body: { ok: false, error: reason } }
  }

  /** Judges one body; a valid new event is handed on (before or after the answer, as chosen). */
  const judge = (text: string, parsed?: unknown): Verdict | Promise<Verdict> => {
    let value = parsed
    if (value === undefined) {
      try {
        value = JSON.parse(text)
      } catch {
        return reject(text, 'not JSON')
      }
    }
    const result = webhookPayload.safeParse(value)
    if (!result.success) {
      const issue = result.error.issues[0]
      return reject(
        text || JSON.stringify(value),
        `${issue?.path.join('.') || '(body)'}: ${issue?.message}`,
      )
    }
    const payload = result.data
    const key = webhookKey(payload)
    if (seen.has(key)) {
      counts.duplicates++
      return { status: 200, body: { ok: true, duplicate: true } }
    }
    seen.add(key)
    if (seen.size > remember) seen.delete(seen.values().next().value!)
    counts.accepted++
    const event = {
      event: webhookEvents[payload.webhookTypeId],
      payload,
      key,
      receivedAt: new Date(),
    } as WebhookEvent
    if (options.answerAfterEvent)
      return Promise.resolve()
        .then(() => options.onEvent(event))
        .then(
          (): Verdict => ({ status: 200, body: { ok: true } }),
          (error: unknown): Verdict => {
            seen.delete(key)
            counts.accepted--
            onError(error, event)
            return { status: 503, body: { ok: false, error: 'not taken: deliver it again' } }
          },
        )
    // after the answer: a slow consumer never makes Mail Komplet wait or retry
    setImmediate(() => {
      Promise.resolve()
        .then(() => options.onEvent(event))
        .catch((error: unknown) => onError(error, event))
    })
    return { status: 200, body: { ok: true } }
  }

  const write = (res: ServerResponse, verdict: Verdict | Promise<Verdict>): void => {
    if (verdict instanceof Promise) return void verdict.then((v) => write(res, v))
    res.statusCode = verdict.status
    res.setHeader('content-type', 'application/json')
    res.end(JSON.stringify(verdict.body))
  }

  /** the body, undefined when over the limit; nothing at all when the sender hung up */
  const readNode = (req: IncomingMessage, done: (text: string | undefined) => void) => {
    const chunks: Buffer[] = []
    let size = 0
    let over = false
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > maxBodyBytes) over = true
      else chunks.push(chunk)
    })
    req.on('end', () => done(over ? undefined : Buffer.concat(chunks).toString('utf8')))
    req.on('error', () => req.destroy())
  }

  const node = (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST')
      return write(res, { status: 400, body: { ok: false, error: 'webhooks are POSTed' } })
    }
    readNode(req, (text) => {
      if (text === undefined)
        return write(res, { status: 413, body: { ok: false, error: 'body too large' } })
      write(res, judge(text))
    })
  }

  return {
    rejected,
    counts,
    node,
    express: (req, res) => {
      const body = req.body
      if (body !== undefined && typeof body === 'object' && !Buffer.isBuffer(body))
        return write(res, judge('', body))
      if (typeof body === 'string' || Buffer.isBuffer(body)) return write(res, judge(String(body)))
      node(req, res)
    },
    fetch: async (request) => {
      const text = await request.text()
      const verdict =
        new TextEncoder().encode(text).byteLength > maxBodyBytes
          ? ({ status: 413, body: { ok: false, error: 'body too large' } } as Verdict)
          : await judge(text)
      return new Response(JSON.stringify(verdict.body), {
        status: verdict.status,
        headers: { 'content-type': 'application/json' },
      })
    },
  }
}
