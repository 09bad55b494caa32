/**
 * Webhooks an emulator calls out to: targets set through the admin API (`/__kopru/webhooks`),
 * each event POSTed as JSON to every target that takes it, retried with exponential backoff on a
 * failure or a timeout, every attempt recorded. Delivery runs on timers of its own: a vendor route
 * only queues an event and never waits on a receiver.
 */
import { z } from 'zod'

export const webhookSettings = z.strictObject({
  targets: z
    .array(
      z.strictObject({
        url: z.url({ protocol: /^https?$/ }),
        /** the event names this target takes; all when absent */
        events: z.array(z.string()).optional(),
      }),
    )
    .max(20)
    .default([]),
  retry: z
    .strictObject({
      /** attempts per delivery, the first included */
      attempts: z.number().int().min(1).max(20).default(6),
      /** the wait before the second attempt; doubled for each later one */
      baseDelayMs: z.number().int().min(0).max(3_600_000).default(1000),
      maxDelayMs: z.number().int().min(0).max(3_600_000).default(60_000),
      /** an attempt unanswered for this long counts as failed */
      timeoutMs: z.number().int().min(1).max(120_000).default(5000),
    })
    .prefault({}),
})
export type WebhookSettings = z.output<typeof webhookSettings>

export interface WebhookAttempt {
  at: string
  /** the receiver's HTTP status; absent when no answer came */
  status?: number
  error?: string
  durationMs: number
}

export interface WebhookDelivery {
  /** the same for every attempt of one delivery, sent as `x-kopru-delivery` */
  id: string
  event: string
  url: string
  payload: unknown
  state: 'pending' | 'delivered' | 'failed'
  attempts: WebhookAttempt[]
  /** when the next attempt is due, while pending */
  nextAt?: string
}

/** Deliveries kept for inspection; the oldest settled ones go first. */
const KEPT = 2000

export class WebhookOutbox {
  private config: WebhookSettings = webhookSettings.parse({})
  private readonly deliveries = new Map<string, WebhookDelivery>()
  private readonly timers = new Set<NodeJS.Timeout>()
  private readonly inFlight = new Set<Promise<void>>()
  private seq = 0

  constructor(
    private readonly send: typeof fetch = fetch,
    private readonly clock: () => Date = () => new Date(),
    /** the event names the emulator emits: a target filtering on another would never get one */
    private readonly known: readonly string[] = [],
  ) {}

  get settings(): WebhookSettings {
    return this.config
  }

  /** Sets targets and retries; a target naming an event the emulator never sends is refused. */
  configure(input: unknown): WebhookSettings {
    const settings = webhookSettings.parse(input)
    const unknown = new Set(
      settings.targets.flatMap((t) => t.events ?? []).filter((e) => !this.known.includes(e)),
    )
    if (unknown.size) {
      const known = this.known.join(', ') || 'none (this emulator sends no webhooks)'
      throw new RangeError(`targets.events: unknown ${[...unknown].join(', ')}; known: ${known}`)
    }
    this.config = settings
    return this.config
  }

  /** Queues `payload` for every target that takes `event`; returns at once. */
  emit(event: string, payload: unknown): void {
    for (const target of this.config.targets) {
      if (target.events && !target.events.includes(event)) continue
      const delivery: WebhookDelivery = {
        id: `whd_${++this.seq}_${Date.now().toString(36)}`,
        event,
        url: target.url,
        payload,
        state: 'pending',
        attempts: [],
      }
      this.deliveries.set(delivery.id, delivery)
      this.trim()
      this.schedule(delivery, 0)
    }
  }

  list({ event, state }: { event?: string; state?: string } = {}): WebhookDelivery[] {
    return [...this.deliveries.values()].filter(
      (d) => (!event || d.event === event) && (!state || d.state === state),
    )
  }

  /** Sends a delivery again under its own id, as a vendor's "resend" does; false when unknown. */
  redeliver(id: string): boolean {
    const delivery = this.deliveries.get(id)
    if (!delivery) return false
    delivery.state = 'pending'
    this.schedule(delivery, 0)
    return true
  }

  clear(): void {
    for (const [id, d] of this.deliveries) if (d.state !== 'pending') this.deliveries.delete(id)
  }

  /** Resolves once nothing is pending or in flight (tests), or after `timeoutMs`. */
  async settled(timeoutMs = 10_000): Promise<void> {
    const end = Date.now() + timeoutMs
    while (Date.now() < end) {
      const pending = this.list({ state: 'pending' }).length
      if (!pending && !this.inFlight.size) return
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
  }

  /** Stops every timer; pending deliveries stay pending. */
  close(): void {
    for (const timer of this.timers) clearTimeout(timer)
    this.timers.clear()
  }

  private schedule(delivery: WebhookDelivery, delayMs: number): void {
    delivery.nextAt = new Date(this.clock().getTime() + delayMs).toISOString()
    const timer = setTimeout(() => {
      this.timers.delete(timer)
      const run = this.attempt(delivery).finally(() => this.inFlight.delete(run))
      this.inFlight.add(run)
    }, delayMs)
    // a pending webhook never keeps a process alive
    timer.unref()
    this.timers.add(timer)
  }

  private async attempt(delivery: WebhookDelivery): Promise<void> {
    const { retry } = this.config
    const started = performance.now()
    const record: WebhookAttempt = { at: this.clock().toISOString(), durationMs: 0 }
    const controller = new AbortController()
    const timer = setTimeout(() => controller.abort(), retry.timeoutMs)
    try {
      const response = await this.send(delivery.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'kopru-emulator-webhooks',
          'x-kopru-delivery': delivery.id,
          'x-kopru-event': delivery.event,
          'x-kopru-attempt': String(delivery.attempts.length + 1),
        },
        body: JSON.stringify(delivery.payload),
        signal: controller.signal,
      })
      record.status = response.status
      await response.body?.cancel().catch(() => undefined)
    } catch (error) {
      record.error = controller.signal.aborted
        ? `no answer within ${retry.timeoutMs} ms`
        : describe(error)
    } finally {
      clearTimeout(timer)
    }
    record.durationMs = Math.round(performance.now() - started)
    delivery.attempts.push(record)
    if (record.status !== undefined && record.status >= 200 && record.status < 300) {
      delivery.state = 'delivered'
      delete delivery.nextAt
      return
    }
    if (delivery.attempts.length >= retry.attempts) {
      delivery.state = 'failed'
      delete delivery.nextAt
      return
    }
    const exponent = delivery.attempts.length - 1
    this.schedule(delivery, Math.min(retry.baseDelayMs * 2 ** exponent, retry.maxDelayMs))
  }

  private trim(): void {
    if (this.deliveries.size <= KEPT) return
    for (const [id, d] of this.deliveries) {
      if (this.deliveries.size <= KEPT) break
      if (d.state !== 'pending') this.deliveries.delete(id)
    }
  }
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause
  if (cause?.code) return `${cause.code}: ${cause.message ?? ''}`.trim()
  return error instanceof Error ? error.message : String(error)
}
