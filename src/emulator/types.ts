/** What an API's emulator declares; the shared host turns it into a running vendor look-alike. */
import type { z } from 'zod'
import type { ApiDef, OperationDef } from '../core/operation.ts'

export type Ops<A> = A extends ApiDef ? A['operations'] : never

type Decoded<O, K extends string> = O extends { [P in K]: infer S extends z.ZodType }
  ? z.output<S>
  : undefined

/** Inputs after the host decoded and validated them against the operation's schemas. */
export interface HandlerInput<O> {
  params: Decoded<O, 'params'>
  query: Decoded<O, 'query'>
  body: Decoded<O, 'body'>
}

export interface EmulatorContext<S, W = unknown> {
  state: S
  switches: W
  /** the fresh id of this answer */
  requestId: string
  now: Date
  request: Request
  /** the credentials the emulator accepts */
  credentials: Readonly<Record<string, string>>
  /** queues a webhook event for the targets set through the admin API; never waits on them */
  emit(event: string, payload: unknown): void
}

/**
 * A handler answers with a JSON value (HTTP 200) or a whole Response. A value is the cheaper
 * answer: a served emulator writes its bytes straight out, a Response goes through @hono/node-server.
 */
export type Handler<S, O, W = unknown> = (
  input: HandlerInput<O>,
  ctx: EmulatorContext<S, W>,
) => unknown | Promise<unknown>

export type Handlers<A extends ApiDef, S, W = unknown> = {
  [K in keyof Ops<A>]: Handler<S, Ops<A>[K], W>
}

/** One thing wrong with an input value. */
export interface InputIssue {
  path: PropertyKey[]
  /** the innermost named field, when there is one */
  field: string | undefined
  /** true when the value at `path` is absent, not merely wrong */
  missing: boolean
  detail: string
}

/** Why the host refused a request before it reached a handler. */
export type InputProblem =
  | { kind: 'malformed'; location: 'body' | 'query' | 'params'; detail: string }
  | { kind: 'tooLarge'; limitBytes: number }
  | { kind: 'tooMany'; location: 'body' | 'query'; path: PropertyKey[]; max: number }
  | ({
      kind: 'invalid'
      location: 'body' | 'query' | 'params'
      /** every issue found, the first one also spread above, for vendors that list them all */
      issues: InputIssue[]
    } & InputIssue)

/** Answers the host needs in the vendor's own shape. */
export type Answer =
  | { kind: 'unauthorized'; reason: 'missing' | 'wrong' }
  | { kind: 'notFound' }
  | { kind: 'methodNotAllowed' }
  | { kind: 'internal' }
  | { kind: 'invalid'; problem: InputProblem; operationId: string }
  | { kind: 'status'; status: number }

export interface SeedOptions<Z extends Record<string, number> = Record<string, number>> {
  seed: number
  /** the moment seed data is generated relative to ("the last 12 months") */
  now: Date
  sizes: Z
}

/** What an incoming call carries, before validation, for the credential check. */
export interface IncomingCall {
  /** a request header, as `request.headers.get` reads it but without making the WHATWG request */
  header(name: string): string | null
  request: Request
  /** the URL's path as sent (an API with a credential in its base path reads it there) */
  path: string
  operationId: string | undefined
  op: OperationDef | undefined
  query: Record<string, string | string[]>
  /**
   * the body, read only for an API whose credential can travel in it (`auth.in: 'body'`): any
   * other API's credentials are checked before the body is read, so undefined there
   */
  body: unknown
}

export interface EmulatorDef<
  A extends ApiDef = ApiDef,
  S = unknown,
  Z extends Record<string, number> = Record<string, number>,
  W = unknown,
> {
  api: A
  /** credentials accepted unless the user sets others, with the environment variables that set them */
  credentials: Readonly<Record<string, { default: string; env: string }>>
  /** seed data sizes and their defaults (`--size orders=5000`) */
  sizes: Z
  /**
   * the largest each size may be: seed data is made in memory all at once, so a size is bounded
   * by what a laptop holds (documented in the API's README)
   */
  maxSizes: { readonly [K in keyof Z]: number }
  createState(options: SeedOptions<Z>): S
  /** JSON-safe copy of the state, for dumps and `--data-dir`; identity when omitted */
  serialize?(state: S): unknown
  /**
   * the shape of `serialize`'s output: a dump (`PUT /__kopru/state`) or a saved state is checked
   * against it, and `revive` gets what it parsed to, so that no call fails later on a bad field
   */
  stateSchema: z.ZodType
  revive?(json: unknown): S
  /** account switches and settings only the vendor's panel could change, with defaults */
  switches?: z.ZodType<W>
  /** undefined when the call may proceed, else the vendor's refusal */
  authenticate(call: IncomingCall, ctx: EmulatorContext<S, W>): Response | undefined
  answer(answer: Answer, ctx: EmulatorContext<S, W>): Response
  handlers: Handlers<A, S, W>
  /**
   * pages the vendor's answers link to outside its API (a carrier's shipping label), served on the
   * emulator's origin at `path` so the links work offline; not logged, not subject to chaos
   */
  sideRoutes?: readonly SideRoute<S, W>[]
  /**
   * inspection and control of the API's own simulation under `/__kopru/` (not the vendor's API):
   * answered in plain JSON, behind the admin API's guard; a write saves the state
   */
  adminRoutes?: readonly AdminRoute<S, W>[]
  /**
   * the event names the emulator emits (`ctx.emit`): `PUT /__kopru/webhooks` refuses a target
   * filtering on any other, which would silently get nothing; none when omitted
   */
  webhookEvents?: readonly string[]
  /** the vendor's request-id format; 32 hex characters when omitted */
  requestId?(): string
  /**
   * largest body accepted, in bytes (documented in the API's README); a larger one gets the
   * vendor's `invalid` answer with a `tooLarge` problem
   */
  maxBodyBytes: number
}

export interface SideRoute<S, W = unknown> {
  method: 'GET' | 'POST'
  /** Hono path from the origin, e.g. `/labels/:key` */
  path: string
  handle(ctx: EmulatorContext<S, W>): Response | Promise<Response>
}

export interface AdminRoute<S, W = unknown> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE'
  /** Hono path under `/__kopru`, e.g. `/carts` */
  path: string
  /** the JSON body a write takes; refused with 400 when it does not match */
  body?: z.ZodType
  /** a JSON value (200), or an `ErrorReply` thrown for a refusal */
  handle(input: {
    ctx: EmulatorContext<S, W>
    body: unknown
    query: Record<string, string>
    params: Record<string, string>
  }): unknown
}

/** Thrown by handlers and domain rules to answer with the vendor's error. */
export class ErrorReply extends Error {
  constructor(readonly response: Response) {
    super(`vendor error ${response.status}`)
  }
}

export { json } from './json.ts'

/** Keeps the literal types of an emulator definition. */
export function defineEmulator<A extends ApiDef, S, Z extends Record<string, number>, W = unknown>(
  def: EmulatorDef<A, S, Z, W>,
): EmulatorDef<A, S, Z, W> {
  return def
}
