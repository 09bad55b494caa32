/**
 * kopru's built-in pipelines, assembled from `kopru.yaml` and the API rooms' connectors. The engine
 * (`engine.ts`) knows no vendor; this file is where vendors meet, and only by their connectors.
 */
import { directory } from '../apis/directory.ts'
import type { LoyaltiiClient } from '../apis/loyaltii/client.ts'
import type { MailKompletClient } from '../apis/mailkomplet/client.ts'
import type { NarwooClient } from '../apis/narwoo/client.ts'
import { narwooOrdersSource, narwooStockSink } from '../apis/narwoo/connector.ts'
import type { SetrowClient } from '../apis/setrow/client.ts'
import {
  setrowCategoriesSink,
  setrowCustomersSink,
  setrowGroupId,
  setrowOrdersSink,
  setrowProductsSink,
} from '../apis/setrow/connector.ts'
import type { SofttrClient } from '../apis/softtr/client.ts'
import {
  softtrProducts,
  softtrStockDecrements,
  softtrStockLevels,
} from '../apis/softtr/connector.ts'
import type { ClientOptions } from '../core/client.ts'
import { contentHash } from '../core/hash.ts'
import { consentDenied } from '../model/consent.ts'
import { AdaptiveLimiter } from '../core/adaptive.ts'
import type { Limiter } from '../core/limits.ts'
import { categoriesFromProducts } from './catalog.ts'
import { credentialsOfAll, type ConnectionConfig, type KopruConfig } from './config.ts'
import { customersFromOrders } from './customers.ts'
import { deferredSink } from '../model/connector.ts'
import { need, orderStreams } from './recipe-parts.ts'
import { consentPipeline } from './recipes-consent.ts'
import { loyaltyPipeline, mailkompletPipeline } from './recipes-marketing.ts'
import { defineStream, type PipelineDef } from './stream.ts'

/**
 * In the order they run: inventory first, so the stock the other pipelines read has already taken
 * the marketplace's sales; consent next, so the pipelines that add people to marketing lists ask an
 * up-to-date ledger
 */
export const pipelineNames = [
  'inventory',
  'consent',
  'customers-and-orders',
  'catalog',
  'loyalty',
  'mailkomplet',
] as const
export type PipelineName = (typeof pipelineNames)[number]

export interface Clients {
  softtr?: SofttrClient
  narwoo?: NarwooClient
  setrow?: SetrowClient
  loyaltii?: LoyaltiiClient
  mailkomplet?: MailKompletClient
}

type Pipelines = KopruConfig['pipelines']

/**
 * The connections each built-in pipeline uses, by its settings: the APIs its builder asks `need`
 * for (test/sync/recipes-connections.test.ts holds the two to each other).
 */
const connectionsOf: {
  [N in PipelineName]: (settings: NonNullable<Pipelines[N]>) => readonly (keyof Clients)[]
} = {
  inventory: () => ['softtr', 'narwoo'],
  consent: (settings) => settings.tools,
  'customers-and-orders': (settings) => ['setrow', ...settings.from],
  catalog: () => ['setrow', 'softtr'],
  loyalty: (settings) => ['loyaltii', ...settings.from],
  mailkomplet: (settings) => ['mailkomplet', ...settings.from],
}

/**
 * kopru.yaml narrowed to a run of `names` (none: every enabled pipeline): those of them enabled,
 * and only the connections they use, so the run needs no credentials of a connection it leaves
 * alone. A name not enabled is left out, for the caller to report.
 */
export function configFor(config: KopruConfig, names: readonly string[] = []): KopruConfig {
  const pipelines: Pipelines = {}
  const used = new Set<string>()
  for (const name of pipelineNames) {
    const settings = config.pipelines[name]
    if (!settings?.enabled || (names.length && !names.includes(name))) continue
    ;(pipelines as Record<string, unknown>)[name] = settings
    const uses = connectionsOf[name] as (settings: unknown) => readonly string[]
    for (const api of uses(settings)) used.add(api)
  }
  const connections = Object.fromEntries(
    Object.entries(config.connections).filter(([api]) => used.has(api)),
  )
  return { ...config, pipelines, connections }
}

/**
 * Where each stream of the built-in pipelines writes: the API whose refusals its dead letters hold
 * (`pipeline/stream` → API).
 */
export const streamDestinations: Readonly<Record<string, keyof Clients>> = {
  'customers-and-orders/softtr-orders': 'setrow',
  'customers-and-orders/narwoo-orders': 'setrow',
  'customers-and-orders/customers': 'setrow',
  'catalog/categories': 'setrow',
  'catalog/products': 'setrow',
  'inventory/narwoo-sales': 'softtr',
  'inventory/stock': 'narwoo',
  'loyalty/softtr-orders': 'loyaltii',
  'loyalty/narwoo-orders': 'loyaltii',
  // the orders of the mailkomplet pipeline are only remembered, to fold customers from
  'mailkomplet/softtr-orders': 'mailkomplet',
  'mailkomplet/narwoo-orders': 'mailkomplet',
  'mailkomplet/customers': 'mailkomplet',
  // the ledger refuses nothing: a failure of these streams is the tool's, read from
  'consent/from-setrow': 'setrow',
  'consent/from-mailkomplet': 'mailkomplet',
  'consent/from-loyaltii': 'loyaltii',
  'consent/to-setrow': 'setrow',
  'consent/to-mailkomplet': 'mailkomplet',
  'consent/to-loyaltii': 'loyaltii',
}

/** A vendor account: one API, one base URL, one set of credentials (known by their hash only). */
export interface Account {
  api: string
  /** `api|baseUrl|hash of the credentials`: what clients of the same account share */
  key: string
  connection: ConnectionConfig
}

/**
 * How an account's requests are paced (`Limiter`), or undefined to leave them to the connection's
 * fixed `rateLimit` and `concurrency`.
 */
export type Pacing = (account: Account) => Limiter | undefined

/**
 * The default pacing: adaptive concurrency per vendor account (AIMD, up to the connection's
 * `concurrency`, default 32), never faster than its `rateLimit`; one limiter per account, shared
 * by every client this pacing builds.
 */
export function adaptivePacing(): Pacing {
  const limiters = new Map<string, AdaptiveLimiter>()
  return ({ key, connection }) => {
    let limiter = limiters.get(key)
    if (!limiter)
      limiters.set(
        key,
        (limiter = new AdaptiveLimiter({
          maxConcurrency: connection.concurrency ?? 32,
          ...(connection.rateLimit ? { ratePerSecond: connection.rateLimit } : {}),
        })),
      )
    return limiter
  }
}

/** What every client of a connection is built with: the base URL, pacing, timeout and retries. */
type ConnectionOptions = ClientOptions & { baseUrl: string }
type Credentials = Readonly<Record<string, string | undefined>>

/**
 * How each API's client is made, its module loaded only for a connection kopru.yaml makes: a sync
 * between two APIs never holds the other three's operation tables. The heap V8 lets grow between
 * full collections is a few times what stays live, so this is several times as much peak memory.
 */
const clientMakers: {
  [K in keyof Clients]-?: (
    options: ConnectionOptions,
    credentials: Credentials,
  ) => Promise<NonNullable<Clients[K]>>
} = {
  softtr: async (options, { username, password }) =>
    (await import('../apis/softtr/client.ts')).createSofttrClient({
      ...options,
      username: username!,
      password: password!,
    }),
  narwoo: async (options, { userEmail, userPassword }) =>
    (await import('../apis/narwoo/client.ts')).createNarwooClient({
      ...options,
      userEmail: userEmail!,
      userPassword: userPassword!,
    }),
  setrow: async (options, { apiKey }) =>
    (await import('../apis/setrow/client.ts')).createSetrowClient({ ...options, apiKey: apiKey! }),
  loyaltii: async (options, { apiKey }) =>
    (await import('../apis/loyaltii/client.ts')).createLoyaltiiClient({
      ...options,
      apiKey: apiKey!,
    }),
  mailkomplet: async (options, { apiKey, baseCrypt }) =>
    (await import('../apis/mailkomplet/client.ts')).createMailKompletClient({
      ...options,
      baseUrl: options.baseUrl.replace('{baseCrypt}', encodeURIComponent(baseCrypt!)),
      apiKey: apiKey!,
    }),
}

/**
 * The clients `kopru.yaml`'s connections describe, credentials read from the environment; every
 * credential missing from any connection is named in one `MissingCredentialsError`.
 */
export async function clientsFromConfig(
  config: KopruConfig,
  options: ClientOptions = {},
  env: Record<string, string | undefined> = process.env,
  pacing: Pacing = adaptivePacing(),
): Promise<Clients> {
  // every credential of every connection is checked before any client is built: all that is
  // missing is reported at once
  const needed: Record<string, readonly string[]> = {}
  // an API's client takes the credentials its emulator accepts, named as kopru.yaml's
  // `connections.<api>.env` names them (Mail Komplet's baseCrypt fills `{baseCrypt}` of its URL)
  for (const api of Object.keys(clientMakers))
    if (config.connections[api]) needed[api] = Object.keys(directory[api]!.credentials)
  const found = credentialsOfAll(config, needed, env)
  const common = (api: string): ConnectionOptions => {
    const { connection, credentials } = found[api]!
    const key = `${api}|${connection.baseUrl}|${contentHash(credentials).slice(0, 16)}`
    const limiter = pacing({ api, key, connection })
    return {
      ...options,
      // a limiter sets the pace and the concurrency itself, within the connection's
      ...(limiter
        ? { limiter }
        : {
            ...(connection.rateLimit ? { rateLimit: { perSecond: connection.rateLimit } } : {}),
            ...(connection.concurrency ? { concurrency: connection.concurrency } : {}),
          }),
      ...(connection.timeoutMs ? { timeoutMs: connection.timeoutMs } : {}),
      ...(connection.retry ? { retry: { ...(options.retry || {}), ...connection.retry } } : {}),
      baseUrl: connection.baseUrl,
    }
  }
  const apis = (Object.keys(clientMakers) as (keyof Clients)[]).filter((api) => found[api])
  const made = await Promise.all(
    apis.map((api) => clientMakers[api](common(api), found[api]!.credentials)),
  )
  return Object.fromEntries(apis.map((api, i) => [api, made[i]])) as Clients
}

/** The enabled pipelines of `kopru.yaml`, in the order they should run. */
export function buildPipelines(config: KopruConfig, clients: Clients): PipelineDef[] {
  const pipelines: PipelineDef[] = []
  const p = config.pipelines

  const co = p['customers-and-orders']
  if (co?.enabled) {
    const name = 'customers-and-orders'
    const setrow = need(clients, 'setrow', name)
    const orders = setrowOrdersSink(setrow)
    const streams = orderStreams(name, clients, co, orders)
    streams.push(
      defineStream({
        name: 'customers',
        source: customersFromOrders(`${name}/orders`),
        sink: deferredSink('setrow contacts', 1000, async (ctx) =>
          setrowCustomersSink(setrow, {
            emailGroupId: await setrowGroupId(setrow, 'email', co.emailGroup, ctx),
            smsGroupId: await setrowGroupId(setrow, 'sms', co.smsGroup, ctx),
            permission: co.permission,
            // a person the consent ledger denies is never given the permission
            denied: (customer, channel, ctx) =>
              consentDenied(
                ctx.store,
                channel === 'email' ? customer.email : customer.gsm,
                channel,
              ),
          }),
        ),
      }),
    )
    pipelines.push({
      name,
      description: 'shop and marketplace orders into Setrow: orders, then customers as contacts',
      streams,
    })
  }

  const catalog = p.catalog
  if (catalog?.enabled) {
    const name = 'catalog'
    const setrow = need(clients, 'setrow', name)
    const products = softtrProducts(need(clients, 'softtr', name))
    pipelines.push({
      name,
      description: "Softtr's categories and products into Setrow; products gone become passive",
      streams: [
        defineStream({
          name: 'categories',
          source: categoriesFromProducts(products),
          sink: setrowCategoriesSink(setrow),
        }),
        defineStream({ name: 'products', source: products, sink: setrowProductsSink(setrow) }),
      ],
    })
  }

  const inventory = p.inventory
  if (inventory?.enabled) {
    const name = 'inventory'
    const softtr = need(clients, 'softtr', name)
    const narwoo = need(clients, 'narwoo', name)
    pipelines.push({
      name,
      description:
        "Narwoo's sales off Softtr's stock (once each), then Softtr's stock and prices to Narwoo",
      streams: [
        defineStream({
          name: 'narwoo-sales',
          source: narwooOrdersSource(narwoo, { lookBackDays: inventory.lookbackDays }),
          sink: softtrStockDecrements(softtr),
        }),
        defineStream({
          name: 'stock',
          source: softtrStockLevels(softtr, { decrementsScope: `${name}/narwoo-sales` }),
          sink: narwooStockSink(narwoo),
        }),
      ],
    })
  }
  if (p.loyalty?.enabled) pipelines.push(loyaltyPipeline(p.loyalty, clients))
  if (p.mailkomplet?.enabled) pipelines.push(mailkompletPipeline(p.mailkomplet, clients))
  if (p.consent?.enabled) pipelines.push(consentPipeline(p.consent, clients))
  return pipelineNames.flatMap((name) => pipelines.filter((p) => p.name === name))
}
