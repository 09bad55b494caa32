/**
 * The Loyaltii client: every operation of `operations.ts` with the `X-ApiKey` header, answers
 * read as Web API 2 gives them (`LoyaltiiError` with the status, `Message` and `ModelState`), and
 * what the vendor's own .NET client does for its callers: a look-up of an unknown id or key gives
 * `null` instead of throwing, `iterate` pages through every `lastId` list,
 * `contacts.modify` reads a contact, changes it and writes it back with its `Version`, and
 * `email2Dispatches.queue` reads the JSON string an Email2 dispatch answers. Lists in the query
 * travel as ASP.NET's indexed fields (`s[0]=1&s[1]=2`) where the records say so.
 *
 * @example
 * const loyaltii = createLoyaltiiClient({ apiKey: process.env.LOYALTII_API_KEY! })
 * const contact = await loyaltii.contacts.getByEmail({ email: 'mette.hansen@gmail.com' }) // or null
 * for await (const point of loyaltii.points.iterate({ lastId: 0, type: 'Bonuspoint' })) total += point.Amount
 * await loyaltii.contacts.modify(1042, (c) => ({ MemberLevel: 'Guld' }), { retryOnConflict: true })
 */
import {
  checkOptionKeys,
  clientOptionKeys,
  createApiClient,
  type ApiClient,
  type ClientOptions,
} from '../../core/client.ts'
import { ConfigError } from '../../core/errors.ts'
import type {
  CallOptions,
  Nest,
  OperationInput,
  OperationOutput,
  UnionToIntersection,
} from '../../core/types.ts'
import { LoyaltiiError, isLoyaltiiError, readLoyaltiiAnswer } from './errors.ts'
import { loyaltiiApi, type LoyaltiiApi } from './operations.ts'

export interface LoyaltiiClientOptions extends ClientOptions {
  /** `https://api.loyaltii.com` unless given (an emulator's URL in tests) */
  baseUrl?: string
  /** the account's API key, sent as `X-ApiKey` on every call */
  apiKey: string
}

type Ops = LoyaltiiApi['operations']
type Id = keyof Ops & string

/**
 * The look-ups whose 404 the .NET client turns into `null` (shared/reference/loyaltii.md §1):
 * a record by id or key, a company's contacts, which Loyaltii answers 404 when there are none,
 * and an iframe token, which answers 404 once it has expired.
 */
export const nullOnNotFound = [
  'contacts.get',
  'contacts.getByEmail',
  'contacts.getByPhone',
  'contacts.getBySecret',
  'orders.get',
  'points.get',
  'stores.get',
  'stores.getByNumber',
  'contactCompanies.get',
  'contactCompanies.getByNumber',
  'contactCompanies.listContacts',
  'segments.get',
  'emailDispatchReceivers.get',
  'tableEntities.get',
  'tableEntities.getBySecret',
  'tableEntities.getByExternalId',
  'media.get',
  'iframeTokens.get',
] as const satisfies readonly Id[]
type Lookup = (typeof nullOnNotFound)[number]

export type LoyaltiiContact = OperationOutput<LoyaltiiApi, Ops['contacts.get']>
/** What `contacts.modify` may change: a PATCH body without the id and the Version. */
export type ContactChanges = Omit<OperationInput<Ops['contacts.patch']>, 'id' | 'Version'>

/**
 * What `POST Email2Dispatches` answered, read: the new dispatch's id for a Segments scope, else
 * the sentence Loyaltii answers instead of an id ("A new dispatch is successfully queued, but an
 * id cannot be returned.").
 */
export type Email2Queued = { id: string; message?: undefined } | { id?: undefined; message: string }

export interface ModifyOptions extends CallOptions {
  /**
   * when the contact changed between the read and the write (409 with a newer Version), apply
   * `change` once more to the contact as it is now and write again, once
   */
  retryOnConflict?: boolean
}

type LookupMethod<K extends Lookup> = (
  input: OperationInput<Ops[K]>,
  options?: CallOptions,
) => Promise<OperationOutput<LoyaltiiApi, Ops[K]> | null>

/** `B`'s members in place of `A`'s, object members merged level by level. */
type Override<A, B> = {
  [K in keyof A | keyof B]: K extends keyof B
    ? K extends keyof A
      ? B[K] extends (...args: never[]) => unknown
        ? B[K]
        : Override<A[K], B[K]>
      : B[K]
    : K extends keyof A
      ? A[K]
      : never
}

export type LoyaltiiHelpers = UnionToIntersection<
  { [K in Lookup]: Nest<K, LookupMethod<K>> }[Lookup]
> & {
  contacts: {
    /**
     * Reads contact `id`, calls `change` with it, and PATCHes what it returns with the Version
     * read. A 409 because the contact changed meanwhile is thrown, or with `retryOnConflict`
     * answered by one more read-modify-write on the contact the 409 carried.
     */
    modify(
      id: number,
      change: (contact: LoyaltiiContact) => ContactChanges | Promise<ContactChanges>,
      options?: ModifyOptions,
    ): Promise<LoyaltiiContact>
  }
  email2Dispatches: {
    /**
     * Creates an Email2 dispatch (one scope: `{ Contacts }`, `{ Emails }` or `{ Segments }`) and
     * reads the JSON string it answers: `{ id }` for segments, else `{ message }`.
     */
    queue(
      input: OperationInput<Ops['email2Dispatches.create']>,
      options?: CallOptions,
    ): Promise<Email2Queued>
  }
}

export type LoyaltiiClient = Override<ApiClient<LoyaltiiApi>, LoyaltiiHelpers>

/**
 * Every operation on the wire as Loyaltii answers it, a 404 thrown like any error: what
 * `kopru call` and the inventory use.
 */
export function createLoyaltiiWireClient(options: LoyaltiiClientOptions): ApiClient<LoyaltiiApi> {
  checkOptionKeys('loyaltii', options, [...clientOptionKeys, 'apiKey'])
  const { apiKey, ...rest } = options
  if (!apiKey) throw new ConfigError('loyaltii client: apiKey is required (the account’s X-ApiKey)')
  // the type argument spelled out: inferred, tsc compares two spellings of this large type
  // structurally and overflows its stack
  return createApiClient<LoyaltiiApi>(
    loyaltiiApi,
    {
      authorize: (request) => request.headers.set('x-apikey', apiKey),
      read: readLoyaltiiAnswer,
      errorClass: LoyaltiiError,
      jsonOnly: true,
    },
    rest,
  )
}

export function createLoyaltiiClient(options: LoyaltiiClientOptions): LoyaltiiClient {
  const client = createLoyaltiiWireClient(options)
  const methods = client as unknown as Record<string, Record<string, unknown>>
  for (const id of nullOnNotFound) {
    const [resource, verb] = id.split('.') as [string, string]
    const raw = methods[resource]![verb] as (input: unknown, call?: CallOptions) => Promise<unknown>
    methods[resource]![verb] = async (input: unknown, call?: CallOptions) => {
      try {
        return await raw(input, call)
      } catch (error) {
        if (isLoyaltiiError(error, 'notFound')) return null
        throw error
      }
    }
  }
  methods.contacts!.modify = modify(client)
  methods.email2Dispatches!.queue = async (
    input: OperationInput<Ops['email2Dispatches.create']>,
    call?: CallOptions,
  ): Promise<Email2Queued> => {
    const answer = await client.email2Dispatches.create(input, call)
    return GUID.test(answer) ? { id: answer } : { message: answer }
  }
  return client as unknown as LoyaltiiClient
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

function modify(client: ApiClient<LoyaltiiApi>) {
  // through `request`: the look-up answers its 404 as an error here, not as null
  const read = async (id: number, call: CallOptions) =>
    (await client.request('contacts.get', { id }, call)).data
  return async (
    id: number,
    change: (contact: LoyaltiiContact) => ContactChanges | Promise<ContactChanges>,
    { retryOnConflict = false, ...call }: ModifyOptions = {},
  ): Promise<LoyaltiiContact> => {
    let current = await read(id, call)
    for (let attempt = 0; ; attempt++) {
      const changes = await change(current)
      try {
        return await client.contacts.patch({ ...changes, id, Version: current.Version }, call)
      } catch (error) {
        // a 409 whose contact has another Version: someone wrote between our read and write
        const newer =
          isLoyaltiiError(error, 'contactConflict') &&
          typeof error.current?.Version === 'string' &&
          error.current.Version !== current.Version
        if (!retryOnConflict || attempt > 0 || !newer) throw error
        current = (error as LoyaltiiError).current as LoyaltiiContact
      }
    }
  }
}
