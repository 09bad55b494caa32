/**
 * Builds a typed client from an API definition by walking its operations once, as Octokit's
 * endpoint methods do: `orders.list` becomes `client.orders.list(input, options)`; a paginated
 * `list` also gets `iterate`, a batchable write `…All`.
 */
import { runBatches, type BatchOptions, type ItemOutcome, type ItemResult } from './batch.ts'
import {
  ConfigError,
  KopruError,
  ResponseSchemaError,
  UnexpectedAnswerError,
  VendorApiError,
  redactText,
  type SchemaIssue,
} from './errors.ts'
import type { ApiDef, OperationDef, PerItem } from './operation.ts'
import { payloadKey } from './operation.ts'
import { Paginator, getPath } from './paginate.ts'
import { buildRequest, type WireRequest } from './request.ts'
import { compiledOf } from './schema.ts'
import { startOf } from './text.ts'
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
/** one entry of the answer where the record maps entries to items, else the whole answer */
type BatchResult<A, O> = O extends { batch: { perItem: object } }
  ? ItemOf<OperationOutput<A, O>>
  : OperationOutput<A, O>
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
          ) => Promise<ItemResult<BatchItem<Ops<A>[K]>, BatchResult<A, Ops<A>[K]>>[]>
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
  /**
   * The error for an answer read as success that a helper finds is not the vendor's (a bulk
   * result per item, a status it does not use): as the transport's own, its start with the API's
   * secrets blanked.
   */
  unexpected(
    id: OperationIdOf<A>,
    answer: ApiResponse<unknown>,
    issues: readonly SchemaIssue[],
  ): UnexpectedAnswerError
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
  // `.invalid` never resolves (RFC 6761): an in-process emulator's address, whose calls would
  // only be retried as a lookup failure for a while (a client only looked at may be made on it)
  const unreachable =
    !options.fetch && hostOf(baseUrl).endsWith('.invalid')
      ? new ConfigError(
          `${api.name} client: ${baseUrl} is not reachable over the network (an in-process emulator's address): give the client the emulator's own fetch ({ fetch: emulator.fetch }), or start the emulator with serve: true`,
        )
      : undefined
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
    if (unreachable) throw unreachable
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
      { api: api.name, operationId: id },
    )
  }

  const unexpected = (
    id: string,
    answer: ApiResponse<unknown>,
    issues: readonly SchemaIssue[],
  ): UnexpectedAnswerError => {
    const { headers = [], query = [], body = [] } = api.secrets
    return new UnexpectedAnswerError({
      api: api.name,
      operationId: id,
      attempts: answer.attempts,
      totalRetryDelayMs: answer.totalRetryDelayMs,
      httpStatus: answer.status,
      contentType: answer.headers.get('content-type') ?? undefined,
      bodyStart: redactText(
        startOf(JSON.stringify(answer.body) ?? '', 300),
        [...headers, ...query, ...body],
        [],
      ),
      issues,
    })
  }

  /**
   * A chunk's answer spread over its items as the record's `perItem` says: a list of any other
   * length than the chunk is not the vendor's answer (nothing in it counts as delivered), and an
   * entry the vendor marks refused fails its item alone with the vendor's own words.
   */
  const spread = (
    id: string,
    perItem: PerItem,
    answer: ApiResponse<unknown>,
    count: number,
  ): ItemOutcome<unknown>[] => {
    const list = answer.data
    if (!Array.isArray(list) || list.length !== count) {
      const got = Array.isArray(list) ? `${list.length}` : 'no list'
      throw unexpected(id, answer, [
        { path: [], message: `expected ${count} results, one per item sent; got ${got}` },
      ])
    }
    const ErrorClass = protocol.errorClass ?? VendorApiError
    const refused = perItem.refused
    return list.map((entry: unknown): ItemOutcome<unknown> => {
      const code =
        refused && typeof entry === 'object' && entry !== null
          ? (entry as Record<string, unknown>)[refused.field]
          : undefined
      if (typeof code !== 'string' || !refused!.values.includes(code))
        return { ok: true, result: entry }
      const error = new ErrorClass({
        api: api.name,
        operationId: id,
        attempts: answer.attempts,
        totalRetryDelayMs: answer.totalRetryDelayMs,
        httpStatus: answer.status,
        vendorCode: code,
        vendorMessage: JSON.stringify(entry),
        requestId: answer.requestId,
        body: entry,
      })
      return { ok: false, error }
    })
  }

  const root: Record<string, unknown> = {
    api,
    request,
    paginate,
    prepare: (id: string, input?: Record<string, unknown>) => prepare(id, input),
    unexpected,
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
        ) => {
          const send = (chunk: unknown[]) => request(id, { ...input, [batch.items]: chunk }, call)
          const perItem = batch.perItem
          if (perItem)
            return runBatches(items, max, send, {
              ...batchOptions,
              perItem: (answer, chunk) => spread(id, perItem, answer, chunk.length),
            })
          return runBatches(
            items,
            max,
            async (chunk) => {
              const { data } = await send(chunk)
              // one answer for the whole chunk; a list would be a guess at which entry is whose
              if (Array.isArray(data))
                throw new ConfigError(
                  `${api.name} ${id}: the answer is a list, and the record's batch declares no perItem mapping it to the items`,
                )
              return data
            },
            batchOptions,
          )
        },
      )
    }
  }
  return root as ApiClient<A>
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase()
  } catch {
    return ''
  }
}
