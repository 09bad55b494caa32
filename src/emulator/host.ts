/**
 * The shared emulator host: turns an API's emulator definition into a Hono app that answers on the
 * vendor's own paths, with chaos, a request log, persistence and the `/__kopru/` admin API.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { Hono, type Context } from 'hono'
import { matchesBody, wirePathOf, type ApiDef, type OperationDef } from '../core/operation.ts'
import { CallContext, Incoming, isoTime, pathPattern, randomRequestId, selects } from './calls.ts'
import { adminRoutes } from './admin.ts'
import { Chaos, pass, slowed, type ChaosSettings } from './chaos.ts'
import { decodeInput, readBody, readQuery, requestCall, type Call, type Raw } from './inputs.ts'
import { encode, encodedJson, type Encoded } from './json.ts'
import { checkSizes, parseState } from './limits.ts'
import { loadSnapshot, saveSnapshot, snapshotPath } from './persistence.ts'
import { RequestLog } from './request-log.ts'
import { SecretFilter } from './secrets.ts'
import { WebhookOutbox } from './webhooks.ts'
import {
  ErrorReply,
  type Answer,
  type EmulatorContext,
  type EmulatorDef,
  type SeedOptions,
} from './types.ts'

export interface EmulatorOptions {
  seed?: number
  sizes?: Record<string, number>
  /** the emulator's clock; seed data is generated relative to it */
  clock?: () => Date
  credentials?: Record<string, string>
  /** keep state in this folder across restarts */
  dataDir?: string
  chaos?: Partial<ChaosSettings>
  /** environment to read credential variables from (default `process.env`) */
  env?: Record<string, string | undefined>
  /**
   * when set, every `/__kopru/` call must carry `Authorization: Bearer <adminToken>`; required
   * to serve on an interface other than loopback
   */
  adminToken?: string
  /** what webhooks are sent with (default the global `fetch`): a receiver's own, in tests */
  webhookFetch?: typeof fetch
}

/** Marks a handler as not written yet: it answers the vendor's error and `kopru endpoints` says so. */
export const notImplemented = Object.assign(
  (): never => {
    throw new Error('not implemented')
  },
  { notImplemented: true as const },
)

const DROP_HEADER = 'x-kopru-drop'

/** The operations sharing one route, the one whose selecting query parameters are present first. */
export type Candidates = readonly [string, OperationDef][]

/** A vendor route: the Hono path it is registered on, and the operations it answers. */
export interface VendorRoute {
  method: string
  /** from the origin, with `:name` parameters and no trailing slash */
  path: string
  candidates: Candidates
}

/** What a vendor call came to: no answer at all, a whole Response, or a handler's JSON value. */
export type Outcome = { kind: 'drop' } | Answered
type Answered = { kind: 'response'; response: Response } | { kind: 'json'; bytes: Encoded }

export class Emulator<S = unknown, W = unknown> {
  readonly app = new Hono({ strict: false })
  readonly chaos = new Chaos()
  readonly log = new RequestLog()
  /** events the API emits, POSTed to the targets set through `/__kopru/webhooks` */
  readonly webhooks: WebhookOutbox
  readonly name: string
  readonly basePath: string
  readonly credentials: Readonly<Record<string, string>>
  state!: S
  switches!: W
  seedOptions!: SeedOptions
  /** vendor routes in the order Hono tries them, for serving without Hono (node.ts) */
  readonly routes: VendorRoute[] = []
  readonly adminToken: string | undefined
  /** host names the emulator is served under (serve.ts), which the admin API accepts as Host */
  readonly hostNames = new Set<string>()
  private readonly clock: () => Date
  /** how far the admin API has moved the emulator's time past its clock (`POST /__kopru/clock`) */
  private clockOffsetMs = 0
  /** each vendor path, and the methods it takes, for 404 versus 405 and the Allow header */
  private readonly pathMethods: [RegExp, string][]
  private readonly secrets: SecretFilter
  /** whether the credential can travel in the body, which must then be read before checking it */
  private readonly credentialInBody: boolean

  constructor(
    readonly def: EmulatorDef<ApiDef, S, Record<string, number>, W>,
    private readonly options: EmulatorOptions = {},
  ) {
    this.name = def.api.name
    // `{name}` in the vendor's base path (an account key) stays a parameter
    this.basePath = decodeURIComponent(new URL(def.api.baseUrl).pathname).replace(/\/+$/, '')
    this.clock = options.clock ?? (() => new Date())
    this.webhooks = new WebhookOutbox(options.webhookFetch, () => this.now(), def.webhookEvents)
    const env = options.env ?? process.env
    this.credentials = Object.fromEntries(
      Object.entries(def.credentials).map(([key, c]) => [
        key,
        options.credentials?.[key] ?? env[c.env] ?? c.default,
      ]),
    )
    this.pathMethods = Object.values(def.api.operations).map((op) => [
      pathPattern(this.basePath + wirePathOf(op)),
      op.method,
    ])
    this.secrets = new SecretFilter(def.api.secrets, def.api)
    this.credentialInBody = def.api.auth.type === 'token' && def.api.auth.in === 'body'
    this.adminToken = options.adminToken
    if (options.chaos) this.chaos.configure(options.chaos)
    this.boot()
    this.app.route('/__kopru', adminRoutes(this))
    this.routeOperations()
  }

  /** Loads the saved state when `dataDir` holds one, else generates seed data. */
  private boot(): void {
    const dir = this.options.dataDir
    const saved = dir ? loadSnapshot(dir, this.name) : undefined
    if (saved) {
      try {
        // checked as a dump is: a hand-edited or foreign file fails here, not on a later call
        checkSizes(this.name, this.def.sizes, this.def.maxSizes, saved.seed.sizes)
        this.seedOptions = { ...saved.seed, now: new Date(saved.seed.now) }
        if (Number.isNaN(this.seedOptions.now.getTime()))
          throw new RangeError('seed.now: not a time')
        this.state = this.revive(parseState(this.def.stateSchema, saved.state))
        this.switches = this.parseSwitches(saved.switches)
        const offset = saved.clockOffsetMs ?? 0
        if (!Number.isFinite(offset)) throw new RangeError('clockOffsetMs: not a number')
        this.clockOffsetMs = offset
      } catch (error) {
        throw new Error(
          `${snapshotPath(dir!, this.name)} is not a usable kopru ${this.name} emulator state file (${(error as Error).message}); move it away to start from seed data`,
          { cause: error },
        )
      }
      return
    }
    this.reseed({ seed: this.options.seed ?? 1, sizes: this.options.sizes ?? {} })
  }

  reseed({
    seed,
    sizes = {},
    now,
  }: {
    seed: number
    sizes?: Record<string, number>
    now?: Date
  }): void {
    checkSizes(this.name, this.def.sizes, this.def.maxSizes, sizes)
    const options = { seed, now: now ?? this.now(), sizes: { ...this.def.sizes, ...sizes } }
    // nothing changes unless the new state was made
    this.state = this.def.createState(options)
    this.seedOptions = options
    this.switches = this.parseSwitches({})
    this.save()
  }

  private readonly emit = (event: string, payload: unknown) => this.webhooks.emit(event, payload)

  /** A context outside any vendor call (the admin API's routes), for the API's own rules. */
  adminContext(request: Request): EmulatorContext<S, W> {
    return this.context(requestCall(request, {}))
  }

  /** Back to the seed data the emulator started from, on its own clock again. */
  reset(): void {
    this.clockOffsetMs = 0
    this.reseed(this.seedOptions)
  }

  /** The emulator's time: its clock, moved ahead by what the admin API advanced it. */
  now(): Date {
    return new Date(this.clock().getTime() + this.clockOffsetMs)
  }

  /**
   * Moves the emulator's time ahead, for what the vendor does later by itself (a dispatch that
   * moves on, a token that expires); the offset is saved with the state.
   */
  advanceClock(ms: number): Date {
    this.clockOffsetMs += ms
    this.save()
    return this.now()
  }

  parseSwitches(input: unknown): W {
    return (this.def.switches ? this.def.switches.parse(input ?? {}) : {}) as W
  }

  dump(): unknown {
    return this.def.serialize ? this.def.serialize(this.state) : this.state
  }

  /** Replaces the state with a dump; one that does not match the state schema changes nothing. */
  load(dump: unknown): void {
    this.state = this.revive(parseState(this.def.stateSchema, dump))
    this.save()
  }

  private revive(parsed: unknown): S {
    return this.def.revive ? this.def.revive(parsed) : (parsed as S)
  }

  save(): void {
    if (!this.options.dataDir) return
    saveSnapshot(this.options.dataDir, {
      format: 1,
      api: this.name,
      seed: { ...this.seedOptions, now: this.seedOptions.now.toISOString() },
      switches: this.switches,
      ...(this.clockOffsetMs ? { clockOffsetMs: this.clockOffsetMs } : {}),
      state: this.dump(),
    })
  }

  /** The base URL a client uses, for a server listening at `origin`. */
  baseUrl(origin = `http://${this.name}.emulator.invalid`): string {
    // a `{name}` of the base path is filled with the credential of that name
    const path = this.basePath.replace(/\{([^}]+)\}/g, (whole, name: string) =>
      this.credentials[name] !== undefined ? encodeURIComponent(this.credentials[name]) : whole,
    )
    return origin.replace(/\/+$/, '') + path
  }

  /** In-process `fetch`: no socket; a dropped connection rejects as undici's fetch does. */
  readonly fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const response = await this.app.fetch(new Request(input, init))
    if (response.headers.has(DROP_HEADER)) {
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }),
      })
    }
    return response
  }

  private routeOperations(): void {
    const groups = new Map<string, [string, OperationDef][]>()
    for (const [id, op] of Object.entries(this.def.api.operations)) {
      const key = `${op.method} ${wirePathOf(op)}`
      groups.set(key, [...(groups.get(key) ?? []), [id, op]])
    }
    for (const group of groups.values()) {
      const [, first] = group[0]!
      // several operations on one route: the one whose selecting parameters are present wins
      const candidates = [...group].sort(([, a], [, b]) => selectors(b) - selectors(a))
      // without strict routing Hono never matches a route declared with a trailing slash
      const path =
        (this.basePath + wirePathOf(first)).replace(/\{([^}]+)\}/g, ':$1').replace(/\/+$/, '') ||
        '/'
      this.routes.push({ method: first.method, path, candidates })
      this.app.on(first.method, path, (c) => this.viaHono(c, candidates))
    }
    for (const route of this.def.sideRoutes ?? []) {
      this.app.on(route.method, route.path, async (c) => {
        const ctx = this.context(requestCall(c.req.raw, {}))
        try {
          const response = await route.handle(ctx)
          if (route.method !== 'GET' && response.status < 400) this.save()
          return response
        } catch (error) {
          return error instanceof ErrorReply ? error.response : this.internal(error, ctx)
        }
      })
    }
    this.app.all('*', (c) => this.viaHono(c, []))
  }

  private async viaHono(c: Context, candidates: Candidates): Promise<Response> {
    const outcome = await this.answer(requestCall(c.req.raw, c.req.param() as Raw), candidates)
    if (outcome.kind === 'drop') return this.drop(c)
    return outcome.kind === 'json' ? encodedJson(outcome.bytes) : outcome.response
  }

  /**
   * Answers a vendor call, whichever way it came (Hono, or node.ts straight from node:http):
   * chaos first, then the operation, then the request log. A handler's value is serialised by
   * `encodeBody`.
   */
  async answer(
    call: Call,
    candidates: Candidates,
    encodeBody: (body: unknown) => Encoded = encode,
  ): Promise<Outcome> {
    const started = performance.now()
    const query = readQuery(call.search)
    // an operation told apart by body fields is chosen once the body is read (`process`)
    let [operationId, op] =
      candidates.find(([, o]) => !o.match?.body?.length && selects(o, query)) ??
      candidates.find(([, o]) => selects(o, query)) ??
      []
    const ctx = this.context(call)
    const verdict = this.chaos.active
      ? this.chaos.decide(operationId, call.header('authorization') ?? call.search, Date.now())
      : pass
    if (verdict.delayMs > 0) await sleep(verdict.delayMs)
    let outcome: Outcome
    let bodyStart: string | undefined
    try {
      if (verdict.kind === 'drop') {
        outcome = { kind: 'drop' }
      } else if (verdict.kind === 'status') {
        const response = this.def.answer({ kind: 'status', status: verdict.status }, ctx)
        if (verdict.retryAfterSeconds !== undefined)
          response.headers.set('retry-after', String(verdict.retryAfterSeconds))
        outcome = { kind: 'response', response }
      } else {
        const processed = await this.process(
          call,
          ctx,
          candidates,
          operationId,
          op,
          query,
          encodeBody,
        )
        bodyStart = processed.bodyStart
        outcome = processed.outcome
        if (processed.operationId) [operationId, op] = [processed.operationId, processed.op]
        if (verdict.slowBodyMs > 0) {
          const response = outcome.kind === 'json' ? encodedJson(outcome.bytes) : outcome.response
          outcome = { kind: 'response', response: slowed(response, verdict.slowBodyMs) }
        }
      }
    } catch (error) {
      const response = error instanceof ErrorReply ? error.response : this.internal(error, ctx)
      outcome = { kind: 'response', response }
    }
    this.log.add({
      at: isoTime(ctx.now),
      method: call.method,
      path: this.secrets.path(call.path),
      query: this.secrets.query(call.search),
      operationId,
      status: statusOf(outcome),
      durationMs: Math.round((performance.now() - started) * 100) / 100,
      requestId: ctx.requestId,
      chaos: verdict.kind === 'pass' ? (verdict.slowBodyMs > 0 ? 'slow' : undefined) : verdict.kind,
      body: bodyStart,
    })
    return outcome
  }

  private async process(
    call: Call,
    ctx: EmulatorContext<S, W>,
    candidates: Candidates,
    operationId: string | undefined,
    op: OperationDef | undefined,
    query: Raw,
    encodeBody: (body: unknown) => Encoded,
  ): Promise<{
    outcome: Answered
    bodyStart?: string
    operationId?: string | undefined
    op?: OperationDef | undefined
  }> {
    const checked = op?.auth !== false
    // a credential in a header or the query is checked before the body is read: a caller without
    // one gets no further than its headers, whatever it sends after them
    if (checked && !this.credentialInBody) {
      const refused = this.def.authenticate(
        new Incoming(call, operationId, op, query, undefined),
        ctx,
      )
      if (refused) return { outcome: responseOutcome(refused) }
    }
    // no await without a body, nor for a handler's plain value: each is a turn of the event loop
    const reading = readBody(call, op, this.def.maxBodyBytes)
    const read = reading instanceof Promise ? await reading : reading
    const bodyStart = read.text === undefined ? undefined : this.secrets.body(read.text)
    // a body cut off at the limit holds no credential to check: its size is the answer
    if (checked && this.credentialInBody && (read.ok || read.problem.kind !== 'tooLarge')) {
      const body = read.ok ? read.value : undefined
      const refused = this.def.authenticate(new Incoming(call, operationId, op, query, body), ctx)
      if (refused) return { outcome: responseOutcome(refused), bodyStart }
    }
    if (read.ok && candidates.some(([, o]) => o.match?.body?.length)) {
      const picked = candidates.find(([, o]) => selects(o, query) && matchesBody(o, read.value))
      if (picked) [operationId, op] = picked
    }
    const chosen = { operationId, op }
    if (!op || !operationId) return this.unrouted(call, ctx, bodyStart)
    if (!read.ok)
      return {
        ...this.refuse({ kind: 'invalid', problem: read.problem, operationId }, ctx, bodyStart),
        ...chosen,
      }
    const decoded = decodeInput(op, { params: call.params, query, body: read.value }, call.search)
    if (!decoded.ok)
      return {
        ...this.refuse({ kind: 'invalid', problem: decoded.problem, operationId }, ctx, bodyStart),
        ...chosen,
      }
    const handler = (
      this.def.handlers as Record<string, (input: unknown, ctx: unknown) => unknown>
    )[operationId]!
    if ('notImplemented' in handler)
      return { ...this.refuse({ kind: 'status', status: 501 }, ctx, bodyStart), ...chosen }
    try {
      const answered = handler(decoded.value, ctx)
      const result = answered instanceof Promise ? ((await answered) as unknown) : answered
      const outcome: Answered =
        result instanceof Response
          ? responseOutcome(result)
          : { kind: 'json', bytes: encodeBody(result) }
      if (op.method !== 'GET' && op.method !== 'SEARCH' && statusOf(outcome) < 400) this.save()
      return { outcome, bodyStart, ...chosen }
    } catch (error) {
      // answered here rather than by `answer`, so that the log shows the body that was refused
      const response = error instanceof ErrorReply ? error.response : this.internal(error, ctx)
      return { outcome: responseOutcome(response), bodyStart, ...chosen }
    }
  }

  /** 405 with the methods the path takes, or 404 for a path the API does not have. */
  private unrouted(
    call: Call,
    ctx: EmulatorContext<S, W>,
    bodyStart: string | undefined,
  ): { outcome: Answered; bodyStart?: string } {
    const methods = new Set<string>()
    for (const [pattern, method] of this.pathMethods)
      if (pattern.test(call.path)) methods.add(method)
    if (!methods.size) return this.refuse({ kind: 'notFound' }, ctx, bodyStart)
    // Hono answers HEAD with the GET route
    if (methods.has('GET')) methods.add('HEAD')
    const response = this.def.answer({ kind: 'methodNotAllowed' }, ctx)
    response.headers.set('allow', [...methods].join(', '))
    return { outcome: responseOutcome(response), bodyStart }
  }

  /** The vendor's own answer to a call the host refuses. */
  private refuse(
    answer: Answer,
    ctx: EmulatorContext<S, W>,
    bodyStart: string | undefined,
  ): { outcome: Answered; bodyStart?: string } {
    return { outcome: responseOutcome(this.def.answer(answer, ctx)), bodyStart }
  }

  private context(call: Call): EmulatorContext<S, W> {
    return new CallContext(
      this.state,
      this.switches,
      this.def.requestId?.() ?? randomRequestId(),
      this.now(),
      this.credentials,
      call,
      this.emit,
    )
  }

  /** Closes the socket without an answer; in process, marks the answer so `fetch` rejects. */
  private drop(c: Context): Response {
    const socket = (c.env as { incoming?: { socket?: { destroy(): void } } } | undefined)?.incoming
      ?.socket
    socket?.destroy()
    return new Response(null, { status: 599, headers: { [DROP_HEADER]: '1' } })
  }

  private internal(error: unknown, ctx: EmulatorContext<S, W>): Response {
    console.error(`[kopru ${this.name} emulator] unexpected failure:`, error)
    return this.def.answer({ kind: 'internal' }, ctx)
  }
}

/** How many parameters and body fields select an operation: the most specific is tried first. */
function selectors(op: OperationDef): number {
  return (op.match?.query.length ?? 0) + (op.match?.body?.length ?? 0)
}

function responseOutcome(response: Response): Answered {
  return { kind: 'response', response }
}

/** The status the request log shows: 0 for a dropped connection. */
function statusOf(outcome: Outcome): number {
  return outcome.kind === 'drop' ? 0 : outcome.kind === 'json' ? 200 : outcome.response.status
}

export function createEmulator<A extends ApiDef, S, Z extends Record<string, number>, W>(
  def: EmulatorDef<A, S, Z, W>,
  options?: EmulatorOptions,
): Emulator<S, W> {
  // the host handles any API; the per-operation typing was checked where the definition was written
  return new Emulator<S, W>(
    def as unknown as EmulatorDef<ApiDef, S, Record<string, number>, W>,
    options,
  )
}
