/**
 * Builds a typed client from an API definition by walking its operations once, as Octokit's
 * endpoint methods do: `orders.list` becomes `client.orders.list(input, options)`; a paginated
 * `list` also gets `iterate`, a batchable write `…All`.
 */
import { runBatches, type BatchOptions, type ItemResult } from './batch.ts'
import { ConfigError, KopruError, ResponseSchemaError } from './errors.ts'
import type { ApiDef, OperationDef } from './operation.ts'
import { payloadKey } from './operation.ts'
import { Paginator, getPath } from './paginate.ts'
import { buildRequest, type WireRequest } from './request.ts'
import { compiledOf } from './schema.ts'
import { Transport, type TransportOptions, type VendorProtocol } from './transport.ts'
import type {
  CallOptions,
  Nest,
  OperationIdOf,
  OperationInput,
  OperationMethods,
  OperationOf,
  OperationOutput,
  UnionToIntersection,
} from './types.ts'

export type ValidationMode = 'strict' | 'warn' | 'off'

/** In `warn` mode: answers per operation always checked, then one in WARN_SAMPLE. */
const WARN_FULL = 20
const WARN_SAMPLE = 10

export interface Logger {
  warn(message: string): void
}

export interface ClientOptions extends TransportOptions {
  baseUrl?: string
  /**
   * check answers against the documented shape: `strict` checks each and throws; `warn` (default)
   * checks an operation's first 20 answers and then one in 10, and reports drift once; `off` skips
   */
  validate?: ValidationMode
  /** check inputs before sending (default true) */
  validateInput?: boolean
  logger?: Logger
}

/** Option names every client accepts; a vendor factory adds its credentials. */
export const clientOptionKeys = [
  'baseUrl',
  'fetch',
  'dispatcher',
  'timeoutMs',
  'retry',
  'rateLimit',
  'concurrency',
  'hooks',
  'clock',
  'random',
  'validate',
  'validateInput',
  'logger',
  'maxAnswerBytes',
  'limiter',
] as const

export interface ApiResponse<T> {
  data: T
  /** the whole answer body, envelope included */
  body: unknown
  status: number
  headers: Headers
  requestId: string | undefined
  attempts: number
  totalRetryDelayMs: number
}

type Get<T, P extends string> = P extends ''
  ? T
  : P extends `${infer H}.${infer R}`
    ? Get<NonNullable<T>[H & keyof NonNullable<T>], R>
    : NonNullable<T>[P & keyof NonNullable<T>]
type ItemOf<T> = T extends readonly (infer I)[] ? I : unknown

type Renamed<K extends string, Suffix extends 'iterate' | 'All'> = K extends `${infer H}.${infer R}`
  ? `${H}.${Renamed<R, Suffix>}`
  : Suffix extends 'All'
    ? `${K}All`
    : K extends 'list'
      ? 'iterate'
      : `iterate${Capitalize<K>}`

type PageItem<A, O> = O extends { pagination: { items: infer P extends string } }
  ? ItemOf<Get<OperationOutput<A, O>, P>>
  : never
type PagingKeys<O> = O extends {
  pagination: { page: infer P extends string; size: infer S extends string }
}
  ? P | S
  : O extends { pagination: { offset: infer P extends string; limit: infer S extends string } }
    ? P | S
    : never

type BatchItem<O> = O extends { batch: { items: infer P extends string } }
  ? P extends 'body'
    ? ItemOf<OperationInput<O> extends { body: infer B } ? B : never>
    : ItemOf<OperationInput<O>[P & keyof OperationInput<O>]>
  : never
type BatchRest<O> = O extends { batch: { items: infer P extends string } }
  ? Omit<OperationInput<O>, P>
  : never

type Ops<A> = A extends ApiDef ? A['operations'] : never

export type IteratorMethods<A extends ApiDef> = UnionToIntersection<
  {
    [K in keyof Ops<A> & string]: Ops<A>[K] extends { pagination: object }
      ? Nest<
          Renamed<K, 'iterate'>,
          (
            input?: Omit<OperationInput<Ops<A>[K]>, PagingKeys<Ops<A>[K]>> & {
              [key: string]: unknown
            },
            options?: CallOptions,
          ) => Paginator<PageItem<A, Ops<A>[K]>>
        >
      : never
  }[keyof Ops<A> & string]
>

export type BatchMethods<A extends ApiDef> = UnionToIntersection<
  {
    [K in keyof Ops<A> & string]: Ops<A>[K] extends { batch: object }
      ? Nest<
          Renamed<K, 'All'>,
          (
            items: readonly BatchItem<Ops<A>[K]>[],
            options?: BatchOptions & { input?: Partial<BatchRest<Ops<A>[K]>>; call?: CallOptions },
          ) => Promise<ItemResult<BatchItem<Ops<A>[K]>, OperationOutput<A, Ops<A>[K]>>[]>
        >
      : never
  }[keyof Ops<A> & string]
>

export interface ClientCore<A extends ApiDef> {
  readonly api: A
  /** calls any operation by id and returns the whole answer with its metadata */
  request<Id extends OperationIdOf<A>>(
    id: Id,
    input?: OperationInput<OperationOf<A, Id>> | Record<string, unknown>,
    options?: CallOptions,
  ): Promise<ApiResponse<OperationOutput<A, OperationOf<A, Id>>>>
  /** every item of a paginated operation, page after page; `options` go with every page's call */
  paginate<Id extends OperationIdOf<A>>(
    id: Id,
    input?: Record<string, unknown>,
    options?: CallOptions,
  ): Paginator<unknown>
  /**
   * The request a call would send, its input checked as for sending (an `InputError` when it is
   * not valid); nothing is sent. What a dry run does instead of a write.
   */
  prepare<Id extends OperationIdOf<A>>(
    id: Id,
    input?: OperationInput<OperationOf<A, Id>> | Record<string, unknown>,
  ): WireRequest
}

export type ApiClient<A extends ApiDef> = OperationMethods<A> &
  IteratorMethods<A> &
  BatchMethods<A> &
  ClientCore<A>

/** Throws a ConfigError naming the allowed keys when `options` has any other. */
export function checkOptionKeys(
  apiName: string,
  options: object,
  allowed: readonly string[],
): void {
  const unknown = Object.keys(options).filter((key) => !allowed.includes(key))
  if (unknown.length) {
    throw new ConfigError(
      `${apiName} client: unknown option${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; allowed: ${allowed.join(', ')}`,
    )
  }
}

export function createApiClient<A extends ApiDef>(
  api: A,
  protocol: VendorProtocol,
  options: ClientOptions = {},
): ApiClient<A> {
  const transport = new Transport(api, protocol, options)
  const baseUrl = options.baseUrl ?? api.baseUrl
  const mode = options.validate ?? 'warn'
  const warned = new Set<string>()
  const logger = options.logger ?? { warn: (message: string) => console.warn(message) }

  const operation = (id: string): OperationDef => {
    const op = api.operations[id]
    if (!op) throw new KopruError(`${api.name} has no operation ${id}`)
    return op
  }

  const checked = new Map<string, number>()
  const checkAnswer = (id: string, op: OperationDef, body: unknown) => {
    if (mode === 'off' || (mode === 'warn' && warned.has(id))) return
    if (mode === 'warn') {
      // drift is a change of the vendor's shape, seen in every answer once it happens: the first
      // answers of an operation are all checked, then one in WARN_SAMPLE, to keep bulk reads cheap
      const n = (checked.get(id) ?? 0) + 1
      checked.set(id, n)
      if (n > WARN_FULL && n % WARN_SAMPLE !== 0) return
    }
    const result = compiledOf(op.response).safeParse(body)
    if (result.success) return
    const error = new ResponseSchemaError(api.name, id, result.error.issues, body)
    if (mode === 'strict') throw error
    warned.add(id)
    logger.warn(`${error.message} (reported once per operation)`)
  }

  const prepare = (id: string, input: Record<string, unknown> = {}, call: CallOptions = {}) =>
    buildRequest(
      api.name,
      id,
      operation(id),
      baseUrl,
      input,
      call.validateInput ?? options.validateInput ?? true,
    )

  /** The answer's body, checked as the validation mode says. */
  const answered = async (
    id: string,
    input: Record<string, unknown> = {},
    call: CallOptions = {},
  ) => {
    const op = operation(id)
    const raw = await transport.send(id, op, prepare(id, input, call), call)
    checkAnswer(id, op, raw.body)
    return raw
  }
  const dataOf = (op: OperationDef, body: unknown) => {
    const key = payloadKey(api, op)
    return key ? getPath(body, key) : body
  }

  const request = async (
    id: string,
    input: Record<string, unknown> = {},
    call: CallOptions = {},
  ) => {
    const raw = await answered(id, input, call)
    return { ...raw, data: dataOf(operation(id), raw.body) }
  }

  const paginate = (id: string, input: Record<string, unknown> = {}, call?: CallOptions) => {
    const op = operation(id)
    if (!op.pagination) throw new KopruError(`${api.name} ${id} is not paginated`)
    return new Paginator(
      op.pagination,
      async (pageInput) => (await request(id, pageInput, call)).data,
      input,
    )
  }

  const root: Record<string, unknown> = {
    api,
    request,
    paginate,
    prepare: (id: string, input?: Record<string, unknown>) => prepare(id, input),
  }
  for (const [id, op] of Object.entries(api.operations)) {
    const path = id.split('.')
    const verb = path.pop()!
    let node = root
    for (const segment of path) {
      const existing = node[segment]
      if (existing !== undefined && (typeof existing !== 'object' || existing === api)) {
        throw new KopruError(`${api.name}: operation ${id} collides with client member ${segment}`)
      }
      node = (node[segment] ??= {}) as Record<string, unknown>
    }
    const define = (name: string, method: unknown) => {
      if (name in node)
        throw new KopruError(
          `${api.name}: client method ${path.join('.')}.${name} is defined twice`,
        )
      node[name] = method
    }
    // the payload alone: no response object made for it
    define(verb, async (input?: Record<string, unknown>, call?: CallOptions) =>
      dataOf(op, (await answered(id, input, call)).body),
    )
    if (op.pagination) {
      define(
        verb === 'list' ? 'iterate' : `iterate${verb[0]!.toUpperCase()}${verb.slice(1)}`,
        (input?: Record<string, unknown>, call?: CallOptions) => paginate(id, input, call),
      )
    }
    const batch = op.batch
    const max = op.limits?.maxItems
    if (batch && max) {
      define(
        `${verb}All`,
        (
          items: unknown[],
          {
            input = {},
            call,
            ...batchOptions
          }: BatchOptions & { input?: Record<string, unknown>; call?: CallOptions } = {},
        ) =>
          runBatches(
            items,
            max,
            async (chunk) => (await request(id, { ...input, [batch.items]: chunk }, call)).data,
            batchOptions,
          ),
      )
    }
  }
  return root as ApiClient<A>
}
