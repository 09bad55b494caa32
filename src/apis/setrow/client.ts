/**
 * The Setrow client: every operation of `operations.ts` with Bearer authentication, plus helpers
 * derived from the records: `…All` for every bulk call (split at 1000, one result per item, an item
 * Setrow refused is `ok: false` with its E-code) and `…Range` for every dated list (split into
 * 30-day windows, answers merged in order).
 *
 * @example
 * const setrow = createSetrowClient({ apiKey: process.env.SETROW_API_KEY! })
 * const results = await setrow.email.addAll(contacts.map((c) => ({ email: c.email, groupId: 104201 })))
 * const refused = results.filter((r) => !r.ok && isSetrowError(r.error, 'E126'))
 * const unsubscribers = await setrow.unsubscribe.email.listRange({ startDate: '2026-01-01', lastDate: '2026-06-30' })
 */
import type { z } from 'zod'
import {
  runBatches,
  type BatchOptions,
  type ItemOutcome,
  type ItemResult,
} from '../../core/batch.ts'
import {
  checkOptionKeys,
  clientOptionKeys,
  createApiClient,
  type ApiClient,
  type ClientOptions,
  type ApiResponse,
} from '../../core/client.ts'
import { splitDateRange } from '../../core/dates.ts'
import { ConfigError, VendorApiError } from '../../core/errors.ts'
import { toDate } from '../../core/schema.ts'
import type {
  CallOptions,
  Nest,
  OperationInput,
  OperationOutput,
  UnionToIntersection,
} from '../../core/types.ts'
import { readSetrowAnswer } from './errors.ts'
import { setrowApi, type SetrowApi } from './operations.ts'

export { isSetrowError, setrowErrors, type SetrowError, type SetrowErrorCode } from './errors.ts'
export {
  AllowStatus,
  IysOptInSource,
  IysOptOutSource,
  iysSourceName,
  type ItemStatus,
} from './schemas.ts'

export interface SetrowClientOptions extends ClientOptions {
  /** `https://rest.setrow.com` unless given (an emulator's URL in tests) */
  baseUrl?: string
  /** the API key from the Setrow panel, sent as `Authorization: Bearer <key>` */
  apiKey: string
}

type Ops = SetrowApi['operations']
type Id = keyof Ops & string
type BulkId = { [K in Id]: Ops[K] extends { limits: { maxItems: number } } ? K : never }[Id]
type RangeId = { [K in Id]: Ops[K] extends { limits: { maxWindowDays: number } } ? K : never }[Id]

// from the schema itself: the caller-shape mapping of core types is meant for objects, not arrays
type BulkItem<K extends Id> = Ops[K] extends { body: infer S extends z.ZodType }
  ? z.output<S> extends readonly (infer I)[]
    ? I
    : never
  : never
type BulkResult<K extends Id> =
  OperationOutput<SetrowApi, Ops[K]> extends { results: readonly (infer R)[] } ? R : never

/** Splits at 1000; each item gets its own answer, or the error that refused it or its chunk. */
export type BulkMethod<K extends Id> = (
  items: readonly BulkItem<K>[],
  options?: BatchOptions & { call?: CallOptions },
) => Promise<ItemResult<BulkItem<K>, BulkResult<K>>[]>

/** Any date range: split into 30-day windows, one call each, the lists concatenated. */
export type RangeMethod<K extends Id> = (
  input: Omit<OperationInput<Ops[K]>, 'startDate' | 'lastDate'> & {
    startDate: Date | string
    lastDate: Date | string
  },
  options?: CallOptions,
) => Promise<OperationOutput<SetrowApi, Ops[K]>>

export type SetrowHelpers = UnionToIntersection<
  { [K in BulkId]: Nest<`${K}All`, BulkMethod<K>> }[BulkId]
> &
  UnionToIntersection<{ [K in RangeId]: Nest<`${K}Range`, RangeMethod<K>> }[RangeId]>

export type SetrowClient = ApiClient<SetrowApi> & SetrowHelpers

export function createSetrowClient(options: SetrowClientOptions): SetrowClient {
  checkOptionKeys('setrow', options, [...clientOptionKeys, 'apiKey'])
  const { apiKey, ...rest } = options
  if (!apiKey) throw new ConfigError('setrow client: apiKey is required (Setrow panel → API)')
  const authorization = `Bearer ${apiKey}`
  const client = createApiClient(
    setrowApi,
    {
      authorize: (request) => request.headers.set('authorization', authorization),
      read: readSetrowAnswer,
    },
    rest,
  )
  for (const [id, op] of Object.entries(setrowApi.operations)) {
    const { maxItems, maxWindowDays } = (op as { limits?: Record<string, number> }).limits ?? {}
    if (maxItems) attach(client, `${id}All`, bulkMethod(client, id, maxItems))
    if (maxWindowDays) attach(client, `${id}Range`, rangeMethod(client, id, maxWindowDays))
  }
  return client as SetrowClient
}

type Core = ApiClient<SetrowApi>
interface ItemAnswer {
  index: number
  status: string
  code?: string
  message?: string
}

/** Item statuses that say Setrow took the item; `error` refuses it; any other is not Setrow's. */
const TAKEN = new Set<string>(['added', 'updated', 'transferred', 'deleted', 'saved'])

function bulkMethod(client: Core, id: string, max: number) {
  return (
    items: readonly unknown[],
    { call, ...batchOptions }: BatchOptions & { call?: CallOptions } = {},
  ) =>
    runBatches(items, max, (chunk) => client.request(id as Id, { body: chunk }, call), {
      ...batchOptions,
      perItem: (answer, chunk) =>
        itemAnswers(client, id, answer, chunk.length).map((result): ItemOutcome<ItemAnswer> => {
          if (result.status !== 'error') return { ok: true, result }
          // Setrow refused this item alone: the same error family as a refused call
          const error = new VendorApiError({
            api: 'setrow',
            operationId: id,
            httpStatus: 200,
            vendorCode: result.code ?? 'E101',
            vendorMessage: result.message ?? 'Setrow refused this item without a code',
            body: result,
          })
          return { ok: false, error }
        }),
    })
}

/**
 * The answer of each item of a chunk, by its index. An answer that leaves an item out, gives one
 * two results or a result for an item not sent, counts other than its results, or a status Setrow
 * does not use, is not Setrow's: the whole chunk fails, delivered for none.
 */
function itemAnswers(
  client: Core,
  id: string,
  answer: ApiResponse<unknown>,
  count: number,
): ItemAnswer[] {
  const { total, succeeded, failed, results } = answer.data as {
    total?: unknown
    succeeded?: unknown
    failed?: unknown
    results?: ItemAnswer[]
  }
  const list = results ?? []
  const byIndex = new Map<number, ItemAnswer>()
  const problems: string[] = []
  if (list.length !== count) problems.push(`${list.length} results for ${count} items sent`)
  if (total !== count) problems.push(`total ${String(total)} for ${count} items sent`)
  for (const item of list) {
    if (!Number.isInteger(item.index) || item.index < 0 || item.index >= count)
      problems.push(`a result for item ${String(item.index)}, which was not sent`)
    else if (byIndex.has(item.index)) problems.push(`two results for item ${item.index}`)
    else byIndex.set(item.index, item)
  }
  const refused = list.filter((r) => r.status === 'error').length
  if (succeeded !== list.length - refused || failed !== refused)
    problems.push(
      `succeeded ${String(succeeded)} and failed ${String(failed)} for ${list.length - refused} taken and ${refused} refused`,
    )
  const out: ItemAnswer[] = []
  for (let i = 0; i < count; i++) {
    const item = byIndex.get(i)
    if (!item) problems.push(`no result for item ${i}`)
    else if (item.status !== 'error' && !TAKEN.has(item.status))
      problems.push(`item ${i} has status ${JSON.stringify(item.status)}`)
    else out.push(item)
  }
  if (problems.length)
    throw client.unexpected(
      id as Id,
      answer,
      problems.slice(0, 5).map((message) => ({ path: ['results'], message })),
    )
  return out
}

function rangeMethod(client: Core, id: string, maxDays: number) {
  return async (input: Record<string, unknown>, call?: CallOptions) => {
    const { startDate, lastDate, ...rest } = input
    const day = (value: unknown) => {
      const date = toDate(value as Date | string, 'yyyy-mm-dd')
      return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()))
    }
    const windows = splitDateRange(day(startDate), day(lastDate), maxDays, { wholeDays: true })
    const merged: unknown[] = []
    for (const window of windows) {
      const answer = await client.request(
        id as Id,
        { ...rest, startDate: window.start, lastDate: window.end },
        call,
      )
      merged.push(...(answer.data as unknown[]))
    }
    return merged
  }
}

function attach(client: Core, path: string, method: unknown): void {
  const segments = path.split('.')
  const name = segments.pop()!
  let node = client as unknown as Record<string, Record<string, unknown>>
  for (const segment of segments) node = node[segment] as Record<string, Record<string, unknown>>
  if (name in node) throw new ConfigError(`setrow client: ${path} is defined twice`)
  node[name] = method as Record<string, unknown>
}
