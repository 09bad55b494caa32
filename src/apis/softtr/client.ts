/**
 * The Softtr client: every operation of `operations.ts`, HTTP Basic credentials, and the derived
 * helpers (`orders.iterate`, `products.iterate`, `orders.updateStatusAll`,
 * `products.updateStockAndPriceAll` split at 100).
 *
 * @example
 * const softtr = createSofttrClient({ baseUrl: softtrBaseUrl('magazam.com'), username, password })
 * for await (const order of softtr.orders.iterate({ startDate: new Date('2026-01-01') })) console.log(order.orderno)
 */
import {
  checkOptionKeys,
  clientOptionKeys,
  createApiClient,
  type ApiClient,
  type ClientOptions,
} from '../../core/client.ts'
import { ConfigError } from '../../core/errors.ts'
import { readSofttrAnswer } from './errors.ts'
import { softtrApi, type SofttrApi } from './operations.ts'

export interface SofttrClientOptions extends ClientOptions {
  /** `https://www.<shop-domain>/api`, or an emulator's URL */
  baseUrl: string
  /** API user from the panel's "Genel Ayarlar → Api Hesapları" */
  username: string
  password: string
}

export type SofttrClient = ApiClient<SofttrApi>

export function createSofttrClient(options: SofttrClientOptions): SofttrClient {
  checkOptionKeys('softtr', options, [...clientOptionKeys, 'username', 'password'])
  const { username, password, ...rest } = options
  if (!options.baseUrl)
    throw new ConfigError('softtr client: baseUrl is required, e.g. https://www.example.com/api')
  if (!username || !password)
    throw new ConfigError('softtr client: username and password are required')
  const authorization = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`
  return createApiClient(
    softtrApi,
    {
      authorize: (request) => request.headers.set('authorization', authorization),
      read: readSofttrAnswer,
    },
    rest,
  )
}

/** The documented base URL for a shop: `magazam.com` → `https://www.magazam.com/api`. */
export function softtrBaseUrl(domain: string): string {
  const host = domain
    .trim()
    .replace(/^https?:\/\//, '')
    .replace(/\/+$/, '')
    .replace(/\/api$/, '')
    .replace(/^www\./, '')
  return `https://www.${host}/api`
}
