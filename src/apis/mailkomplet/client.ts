/**
 * The Mail Komplet client: every operation of `operations.ts`, the account's `baseCrypt` in the
 * base URL and the raw API key as `Authorization: Basic <apiKey>` (what every public client
 * sends), `iterate…` for every paged list, and `contacts.importAndWait` that polls `getBulkInfo`
 * until the import has finished.
 *
 * @example
 * const mk = createMailKompletClient({ baseCrypt: process.env.MK_BASE_CRYPT!, apiKey: process.env.MK_API_KEY! })
 * const { contactId } = await mk.contacts.create({ email: 'jan@example.cz', mailingListIds: [17] })
 * for await (const list of mk.mailingLists.iterate()) console.log(list.name)
 * const info = await mk.contacts.importAndWait({ preImportAction: 0, contactOverwriteMode: 1, contacts })
 */
import {
  checkOptionKeys,
  clientOptionKeys,
  createApiClient,
  type ApiClient,
  type ClientOptions,
} from '../../core/client.ts'
import { ConfigError, KopruError } from '../../core/errors.ts'
import { systemClock } from '../../core/limits.ts'
import type { CallOptions, OperationInput, OperationOutput } from '../../core/types.ts'
import { MailKompletError, readMailKompletAnswer } from './errors.ts'
import { MAILKOMPLET_BASE_URL, mailkompletApi, type MailKompletApi } from './operations.ts'

export interface MailKompletClientOptions extends ClientOptions {
  /**
   * the whole base URL with the account's baseCrypt (`https://api.mail-komplet.cz/api/<baseCrypt>`,
   * or an emulator's); else built from `baseCrypt`
   */
  baseUrl?: string
  /** the account identifier shown in Mail Komplet's settings → API keys */
  baseCrypt?: string
  /** the API key, sent as `Authorization: Basic <apiKey>` as generated (not base64 of anything) */
  apiKey: string
}

type Ops = MailKompletApi['operations']
type ImportInput = OperationInput<Ops['contacts.import']>
type BulkInfo = OperationOutput<MailKompletApi, Ops['contacts.bulkInfo']>

export interface WaitOptions {
  /** pause between two `getBulkInfo` calls (default 1 s) */
  pollMs?: number
  /** give up after this long (default 10 min) with a `BulkImportTimeoutError` */
  timeoutMs?: number
  call?: CallOptions
}

/** An import still running when `importAndWait` stopped waiting; it goes on at Mail Komplet. */
export class BulkImportTimeoutError extends KopruError {
  override name = 'BulkImportTimeoutError'
  constructor(
    readonly operationId: string,
    readonly last: BulkInfo,
  ) {
    super(`mailkomplet bulk import ${operationId} still ${last.status} when the wait ended`)
  }
}

/** An import Mail Komplet reports `Failed` as a whole; `last.errorMessage` says why, if it does. */
export class BulkImportFailedError extends KopruError {
  override name = 'BulkImportFailedError'
  constructor(
    readonly operationId: string,
    readonly last: BulkInfo,
  ) {
    super(
      `mailkomplet bulk import ${operationId} failed: ${last.errorMessage ?? last.errors ?? 'no reason given'}`,
    )
  }
}

export type MailKompletClient = ApiClient<MailKompletApi> & {
  contacts: {
    /**
     * imports, then polls `getBulkInfo` while the import is `Waiting` or `InProgress`; resolves
     * with its last answer once finished (`SuccessfulyFinished`, or `FinishedWithErrors` with the
     * refused rows in `errors`); rejects with a `BulkImportFailedError` when it `Failed`, a
     * `BulkImportTimeoutError` when the wait ends first, and an `UnexpectedAnswerError` at once
     * for a status Mail Komplet does not use
     */
    importAndWait(
      input: ImportInput,
      options?: WaitOptions,
    ): Promise<BulkInfo & { operationId: string }>
  }
}

/** An import still running: asked again. */
const WAITING = new Set<string>(['Waiting', 'InProgress'])
/** An import that has finished, every row imported or refused on its own. */
const FINISHED = new Set<string>(['SuccessfulyFinished', 'FinishedWithErrors'])

/** `https://api.mail-komplet.cz/api/<baseCrypt>`. */
export function mailkompletBaseUrl(baseCrypt: string): string {
  return MAILKOMPLET_BASE_URL.replace('{baseCrypt}', encodeURIComponent(baseCrypt))
}

export function createMailKompletClient(options: MailKompletClientOptions): MailKompletClient {
  checkOptionKeys('mailkomplet', options, [...clientOptionKeys, 'apiKey', 'baseCrypt'])
  const { apiKey, baseCrypt, ...rest } = options
  if (!apiKey) throw new ConfigError('mailkomplet client: apiKey is required (settings → API keys)')
  if (!rest.baseUrl && !baseCrypt)
    throw new ConfigError(
      'mailkomplet client: give baseCrypt (settings → API keys) or a baseUrl that holds it',
    )
  const baseUrl = rest.baseUrl ?? mailkompletBaseUrl(baseCrypt!)
  const authorization = `Basic ${apiKey}`
  const client = createApiClient(
    mailkompletApi,
    {
      authorize: (request) => {
        request.headers.set('authorization', authorization)
        request.headers.set('x-requested-with', 'XMLHttpRequest')
      },
      read: readMailKompletAnswer,
      errorClass: MailKompletError,
    },
    { ...rest, baseUrl },
  ) as MailKompletClient
  const clock = rest.clock ?? systemClock
  client.contacts.importAndWait = async (
    input,
    { pollMs = 1000, timeoutMs = 600_000, call } = {},
  ) => {
    const { operationId } = await client.contacts.import(input, call)
    const until = clock.now() + timeoutMs
    for (;;) {
      const answer = await client.request('contacts.bulkInfo', { operationId }, call)
      const info = answer.data
      if (FINISHED.has(info.status)) return { ...info, operationId }
      if (info.status === 'Failed') throw new BulkImportFailedError(operationId, info)
      // a status outside the known ones says nothing of when the import ends: never waited on
      if (!WAITING.has(info.status))
        throw client.unexpected('contacts.bulkInfo', answer, [
          {
            path: ['data', 'status'],
            message: `status ${JSON.stringify(info.status)} is none of ${[...WAITING, ...FINISHED, 'Failed'].join(', ')}`,
          },
        ])
      if (clock.now() >= until) throw new BulkImportTimeoutError(operationId, info)
      await clock.sleep(pollMs, call?.signal)
    }
  }
  return client
}
