/** Seeded, reproducible faults on an emulator's vendor routes (never on the admin API). */
import { z } from 'zod'
import { createRng, type Rng } from './random.ts'

export const chaosSettingsSchema = z.strictObject({
  /** seeds the fault sequence: the same seed and the same requests give the same faults */
  seed: z.number().int().default(1),
  /** added latency, uniform between the two bounds, in ms */
  latencyMs: z.tuple([z.number().min(0), z.number().min(0)]).default([0, 0]),
  /** share of requests answered with each status instead of being handled */
  errors: z
    .partialRecord(z.enum(['429', '500', '502', '503']), z.number().min(0).max(1))
    .default({}),
  /** share of requests whose connection is dropped without an answer */
  drop: z.number().min(0).max(1).default(0),
  /** the Retry-After sent with 429 and 503, in seconds */
  retryAfterSeconds: z.number().min(0).default(1),
  /** share of answers whose body is held back for `slowBodyMs` mid-stream */
  slowBody: z.number().min(0).max(1).default(0),
  slowBodyMs: z.number().min(0).default(0),
  /** per-credential rate limit answered with 429; 0 turns it off */
  rateLimitPerSecond: z.number().min(0).default(0),
  /** only these operation ids are affected; all when empty */
  operations: z.array(z.string()).default([]),
})

export type ChaosSettings = z.output<typeof chaosSettingsSchema>

export type ChaosVerdict =
  | { kind: 'pass'; delayMs: number; slowBodyMs: number }
  | { kind: 'drop'; delayMs: number }
  | { kind: 'status'; status: number; delayMs: number; retryAfterSeconds?: number }

/** The verdict while chaos is off. */
export const pass: ChaosVerdict = Object.freeze({ kind: 'pass', delayMs: 0, slowBodyMs: 0 })

export class Chaos {
  private current = freeze(chaosSettingsSchema.parse({}))
  /** whether any fault is on, worked out once per `configure`: off costs a request nothing */
  private on = false
  private rng: Rng = createRng(1)
  private readonly windows = new Map<string, { second: number; count: number }>()

  /** read-only: change them through `configure` */
  get settings(): ChaosSettings {
    return this.current
  }

  configure(input: unknown): ChaosSettings {
    const s = (this.current = freeze(chaosSettingsSchema.parse(input ?? {})))
    this.on =
      s.latencyMs[1] > 0 ||
      s.drop > 0 ||
      s.slowBody > 0 ||
      s.rateLimitPerSecond > 0 ||
      Object.values(s.errors).some((p) => p > 0)
    this.rng = createRng(s.seed)
    this.windows.clear()
    return s
  }

  get active(): boolean {
    return this.on
  }

  decide(operationId: string | undefined, credentialKey: string, nowMs: number): ChaosVerdict {
    if (!this.on) return pass
    const s = this.current
    if (s.operations.length && !s.operations.includes(operationId ?? '')) return pass
    const [low, high] = s.latencyMs
    const delayMs = high > 0 ? low + this.rng() * Math.max(0, high - low) : 0
    if (s.rateLimitPerSecond > 0 && this.overLimit(credentialKey, nowMs)) {
      return { kind: 'status', status: 429, delayMs, retryAfterSeconds: 1 }
    }
    let r = this.rng()
    if (r < s.drop) return { kind: 'drop', delayMs }
    r -= s.drop
    for (const [status, share] of Object.entries(s.errors)) {
      if (r < share) {
        const code = Number(status)
        const hint = code === 429 || code === 503 ? { retryAfterSeconds: s.retryAfterSeconds } : {}
        return { kind: 'status', status: code, delayMs, ...hint }
      }
      r -= share
    }
    const slowBodyMs = s.slowBody > 0 && this.rng() < s.slowBody ? s.slowBodyMs : 0
    return { kind: 'pass', delayMs, slowBodyMs }
  }

  /** A fixed one-second window per credential: simple and predictable for tests. */
  private overLimit(key: string, nowMs: number): boolean {
    const second = Math.floor(nowMs / 1000)
    const window = this.windows.get(key)
    if (!window || window.second !== second) {
      this.windows.set(key, { second, count: 1 })
      return false
    }
    window.count++
    return window.count > this.current.rateLimitPerSecond
  }
}

function freeze(settings: ChaosSettings): ChaosSettings {
  for (const part of [settings.latencyMs, settings.errors, settings.operations]) Object.freeze(part)
  return Object.freeze(settings)
}

/** Sends the first half of a body, waits, then the rest. */
export function slowed(response: Response, delayMs: number): Response {
  if (!response.body || delayMs <= 0) return response
  const source = response.body
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const bytes = new Uint8Array(await new Response(source).arrayBuffer())
      const half = Math.floor(bytes.length / 2)
      controller.enqueue(bytes.subarray(0, half))
      await new Promise((resolve) => setTimeout(resolve, delayMs))
      controller.enqueue(bytes.subarray(half))
      controller.close()
    },
  })
  return new Response(stream, { status: response.status, headers: response.headers })
}
