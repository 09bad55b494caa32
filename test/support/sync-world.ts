/**
 * The five emulators the built-in pipelines connect (Softtr, Narwoo, Setrow, Loyaltii, Mail Komplet)
 * at small sizes, the
 * kopru.yaml and clients that reach them, and their state reduced to what a sync decides, for tests
 * that compare one run with another. Used in process by the tests and by `sync-child.ts`.
 */
import { loyaltiiEmulator } from '../../src/apis/loyaltii/emulator/index.ts'
import type { LoyaltiiStore } from '../../src/apis/loyaltii/emulator/store.ts'
import type { LoyaltiiSwitches } from '../../src/apis/loyaltii/emulator/switches.ts'
import { mailkompletEmulator } from '../../src/apis/mailkomplet/emulator/index.ts'
import type { MailKompletStore } from '../../src/apis/mailkomplet/emulator/store.ts'
import type { NarwooStore } from '../../src/apis/narwoo/emulator/store.ts'
import { narwooEmulator } from '../../src/apis/narwoo/emulator/index.ts'
import { setrowEmulator } from '../../src/apis/setrow/emulator/index.ts'
import type { SetrowStore } from '../../src/apis/setrow/emulator/store.ts'
import { softtrEmulator } from '../../src/apis/softtr/emulator/index.ts'
import type { SofttrStore } from '../../src/apis/softtr/emulator/store.ts'
import type { ClientOptions } from '../../src/core/client.ts'
import type { ChaosSettings } from '../../src/emulator/chaos.ts'
import { createEmulator, type Emulator } from '../../src/emulator/host.ts'
import { configSchema, type KopruConfig } from '../../src/sync/config.ts'
import { runPipeline } from '../../src/sync/engine.ts'
import { buildPipelines, clientsFromConfig, type Clients } from '../../src/sync/recipes.ts'
import { SqliteStateStore } from '../../src/sync/sqlite.ts'

export const SIZES = {
  softtr: { products: 24, orders: 60, customers: 30 },
  narwoo: { products: 20, orders: 300, customers: 40 },
  setrow: {
    emails: 40,
    numbers: 30,
    whatsapp: 10,
    products: 10,
    orders: 20,
    reports: 20,
    iysLogs: 20,
  },
  loyaltii: { contacts: 40, stores: 3, companies: 3, orders: 30, points: 60, events: 20 },
  mailkomplet: {
    contacts: 40,
    mailingLists: 3,
    campaigns: 2,
    distributions: 1,
    transactionalEmails: 20,
    sms: 5,
    coupons: 5,
    carts: 5,
  },
} as const

export type ApiName = 'softtr' | 'narwoo' | 'setrow' | 'loyaltii' | 'mailkomplet'
export const apiNames: readonly ApiName[] = [
  'softtr',
  'narwoo',
  'setrow',
  'loyaltii',
  'mailkomplet',
]
/** The three APIs of the first pipelines: a config of these alone runs only those. */
export type CoreApi = 'softtr' | 'narwoo' | 'setrow'

export interface World {
  softtr: Emulator<SofttrStore>
  narwoo: Emulator<NarwooStore>
  setrow: Emulator<SetrowStore>
  loyaltii: Emulator<LoyaltiiStore, LoyaltiiSwitches>
  mailkomplet: Emulator<MailKompletStore>
  /** every emulator, Softtr, Narwoo, Setrow, Loyaltii, Mail Komplet */
  all: Emulator[]
}

export interface WorldOptions {
  seed?: number
  /** the emulators' clock; the same `now` and seed give the same seed data */
  now: Date
  chaos?: Partial<ChaosSettings>
}

export function createWorld({ seed = 11, now, chaos }: WorldOptions): World {
  const common = { seed, clock: () => now, env: {}, ...(chaos ? { chaos } : {}) }
  const softtr = createEmulator(softtrEmulator, { ...common, sizes: SIZES.softtr })
  const narwoo = createEmulator(narwooEmulator, { ...common, sizes: SIZES.narwoo })
  const setrow = createEmulator(setrowEmulator, { ...common, sizes: SIZES.setrow })
  const loyaltii = createEmulator(loyaltiiEmulator, { ...common, sizes: SIZES.loyaltii })
  const mailkomplet = createEmulator(mailkompletEmulator, { ...common, sizes: SIZES.mailkomplet })
  return {
    softtr: softtr as Emulator<SofttrStore>,
    narwoo: narwoo as Emulator<NarwooStore>,
    setrow: setrow as Emulator<SetrowStore>,
    loyaltii: loyaltii as Emulator<LoyaltiiStore, LoyaltiiSwitches>,
    mailkomplet: mailkomplet as Emulator<MailKompletStore>,
    all: [softtr, narwoo, setrow, loyaltii, mailkomplet] as Emulator[],
  }
}

/** Every emulator's base URL (in process, or as `origin` serves them). */
export function worldUrls(world: World): Record<ApiName, string> {
  return Object.fromEntries(apiNames.map((api) => [api, world[api].baseUrl()])) as Record<
    ApiName,
    string
  >
}

/** The environment variables kopru.yaml names, holding the emulators' default credentials. */
export const worldEnv: Record<string, string> = {
  KOPRU_SOFTTR_USERNAME: 'kopru',
  KOPRU_SOFTTR_PASSWORD: 'kopru-softtr',
  KOPRU_NARWOO_USER_EMAIL: 'satici@kopru.dev',
  KOPRU_NARWOO_USER_PASSWORD: 'kopru-narwoo',
  KOPRU_SETROW_API_KEY: 'kopru-setrow-key',
  KOPRU_LOYALTII_API_KEY: 'kopru-loyaltii-key',
  KOPRU_MAILKOMPLET_API_KEY: 'kopru-mailkomplet-key',
  KOPRU_MAILKOMPLET_BASE_CRYPT: 'kopruBaseCrypt0000000000000000000',
}

/**
 * kopru.yaml's content for these base URLs, every pipeline enabled with its defaults; Loyaltii's
 * and Mail Komplet's connections and pipelines only when their URLs are given.
 */
export function worldConfigInput(
  urls: Record<CoreApi, string> & Partial<Record<ApiName, string>>,
  state = 'state.db',
) {
  const more = {
    ...(urls.loyaltii
      ? { loyaltii: { baseUrl: urls.loyaltii, env: { apiKey: 'KOPRU_LOYALTII_API_KEY' } } }
      : {}),
    ...(urls.mailkomplet
      ? {
          mailkomplet: {
            baseUrl: urls.mailkomplet,
            env: { apiKey: 'KOPRU_MAILKOMPLET_API_KEY', baseCrypt: 'KOPRU_MAILKOMPLET_BASE_CRYPT' },
          },
        }
      : {}),
  }
  return {
    state,
    connections: {
      softtr: {
        baseUrl: urls.softtr,
        env: { username: 'KOPRU_SOFTTR_USERNAME', password: 'KOPRU_SOFTTR_PASSWORD' },
      },
      narwoo: {
        baseUrl: urls.narwoo,
        env: { userEmail: 'KOPRU_NARWOO_USER_EMAIL', userPassword: 'KOPRU_NARWOO_USER_PASSWORD' },
      },
      setrow: { baseUrl: urls.setrow, env: { apiKey: 'KOPRU_SETROW_API_KEY' } },
      ...more,
    },
    pipelines: {
      inventory: {},
      'customers-and-orders': {},
      catalog: {},
      ...(urls.loyaltii ? { loyalty: {} } : {}),
      ...(urls.mailkomplet ? { mailkomplet: {} } : {}),
      ...(urls.loyaltii && urls.mailkomplet ? { consent: {} } : {}),
    },
  }
}

export function worldConfig(
  urls: Record<CoreApi, string> & Partial<Record<ApiName, string>>,
): KopruConfig {
  return configSchema.parse(worldConfigInput(urls))
}

/** A request a client sent, whole (the emulators' request log keeps the start of a body). */
export interface SentRequest {
  api: string
  method: string
  path: string
  body: string | undefined
}

/**
 * Clients on the emulators' in-process fetch (no sockets), through kopru.yaml as a user has it;
 * each request is pushed onto `sent` when given.
 */
export function inProcessClients(
  world: World,
  options: ClientOptions = {},
  sent?: SentRequest[],
): Promise<Clients> {
  const byHost = new Map(world.all.map((e) => [new URL(e.baseUrl()).host, e]))
  const fetch: typeof globalThis.fetch = (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input))
    const emulator = byHost.get(url.host)!
    sent?.push({
      api: emulator.name,
      method: init?.method ?? 'GET',
      path: url.pathname,
      body: typeof init?.body === 'string' ? init.body : undefined,
    })
    return emulator.fetch(input, init)
  }
  return clientsFromConfig(
    worldConfig(worldUrls(world)),
    { validate: 'strict', ...options, fetch },
    worldEnv,
  )
}

/** Requests that may change something: every method but GET, and Narwoo's GET delete. */
export function writeCount(emulator: Pick<Emulator, 'log'>): number {
  return emulator.log
    .list({ limit: Number.MAX_SAFE_INTEGER })
    .filter((e) => e.method !== 'GET' || e.operationId === 'products.delete').length
}

// --- state as a sync decides it ---------------------------------------------------------------

const omit = <T extends object>(value: T, keys: readonly string[]) =>
  Object.fromEntries(Object.entries(value).filter(([k]) => !keys.includes(k)))
const sortedBy = <T>(items: Iterable<T>, key: (item: T) => string | number) =>
  [...items].sort((a, b) => {
    const x = key(a)
    const y = key(b)
    return x < y ? -1 : x > y ? 1 : 0
  })

/**
 * What the pipelines write, without what changes from one run to the next whatever was written
 * (creation and update stamps, IYS request ids): Setrow's orders, contacts, categories and
 * products; Softtr's stock and prices; Narwoo's products (stock, price, status); consent as the
 * consent pipeline leaves it.
 */
export function syncedState(world: World) {
  const setrow = world.setrow.state
  const contacts = (channel: 'email' | 'sms') =>
    sortedBy(setrow.contacts[channel].values(), (c) => c.address).map((c) =>
      omit(c, ['createdAt', 'updatedAt', 'iysTransactions', 'consentDate']),
    )
  return {
    setrow: {
      orders: sortedBy(setrow.orders.values(), (o) => o.orderId),
      email: contacts('email'),
      sms: contacts('sms'),
      groups: sortedBy(setrow.groups.values(), (g) => g.id).map((g) => omit(g, ['createdAt'])),
      categories: sortedBy(setrow.categories.values(), (c) => c.categoryId),
      products: sortedBy(setrow.products.values(), (p) => p.productCode || p.productBarcode).map(
        (p) => omit(p, ['createdAt', 'updatedAt']),
      ),
    },
    softtr: world.softtr.state.products.map((p) => ({
      code: p.code,
      stock: p.stockAmount,
      price: p.mainProductPrice,
      variants: p.variants.map((v) => [v.barcode, v.stockAmount, v.variantPrice]),
    })),
    narwoo: world.narwoo.state.products.map((p) => ({
      id: p.productId,
      status: p.status,
      stock: p.stock,
      price: p.price,
      variants: p.variants.map((v) => [v.barcode, v.stock, v.price]),
    })),
    loyaltii: loyaltiiState(world),
    mailkomplet: mailkompletState(world),
    consent: consentState(world),
  }
}

/**
 * What the consent pipeline writes besides Mail Komplet's exclude list (`mailkompletState`):
 * Setrow's unsubscribe list per channel, and every Loyaltii contact's mail limit and permission
 * source by e-mail (not LastModified or Version: a write of the same values changes them).
 */
export function consentState(world: World) {
  const lists = world.setrow.state.lists
  const addresses = (list: Map<string, unknown>) => [...list.keys()].sort()
  const contacts = [...world.loyaltii.state.contacts.values()].filter((c) => c.Email)
  return {
    setrow: {
      email: addresses(lists.unsubscribeEmail),
      sms: addresses(lists.unsubscribeSms),
      whatsapp: addresses(lists.unsubscribeWhatsapp),
    },
    loyaltii: sortedBy(contacts, (c) => c.Email!.toLowerCase()).map((c) => [
      c.Email!.toLowerCase(),
      c.LimitMailsPermanently,
      c.LatestPermissionSource,
    ]),
  }
}

/**
 * Mail Komplet as the mailkomplet pipeline leaves it: the contacts of kopru's list and every
 * contact kopru wrote columns on (fields, columns, list names), the exclude list.
 */
export function mailkompletState(world: World) {
  const mk = world.mailkomplet.state.data
  const listName = new Map(mk.mailingLists.map((l) => [l.mailingListId, l.name]))
  const touched = mk.contacts.filter(
    (c) =>
      'order_count' in c.columns ||
      c.lists.some((l) => listName.get(l.mailingListId)?.startsWith('Kopru')),
  )
  return {
    contacts: sortedBy(touched, (c) => c.email.toLowerCase()).map((c) => ({
      email: c.email,
      name: c.name,
      surname: c.surname,
      mobilePhone: c.mobilePhone,
      columns: c.columns,
      lists: c.lists.map((l) => listName.get(l.mailingListId)).sort(),
    })),
    excluded: sortedBy(mk.excludeList, (e) => `${e.email.toLowerCase()} ${e.mailingListId}`).map(
      (e) => [e.email.toLowerCase(), e.mailingListId && listName.get(e.mailingListId), e.reasonId],
    ),
  }
}

/**
 * Loyaltii as the loyalty pipeline leaves it, by what names a record whatever ids it got: orders
 * by `ExtOrderId` with their buyer's e-mail, store number and lines; points by `SourceId`; the
 * contacts kopru created; stores by number.
 */
export function loyaltiiState(world: World) {
  const l = world.loyaltii.state
  const email = (id: number | null) => (id === null ? null : (l.contacts.get(id)?.Email ?? null))
  const storeNo = (id: number | null) => (id === null ? null : (l.stores.get(id)?.Number ?? null))
  const kopru = (o: { ExtOrderId: string | null }) => /^(softtr|narwoo):/.test(o.ExtOrderId ?? '')
  return {
    orders: sortedBy([...l.orders.values()].filter(kopru), (o) => o.ExtOrderId!).map((o) => ({
      ext: o.ExtOrderId,
      type: o.Type,
      contact: email(o.ContactId),
      store: storeNo(o.StoreId),
      lines: o.OrderLines.map((x) => [x.ExtProductId, x.Name, x.Quantity, x.Price]),
    })),
    points: sortedBy(
      l.points.filter((p) => /^(softtr|narwoo):/.test(p.SourceId ?? '')),
      (p) => `${p.SourceId} ${p.IsCanceller}`,
    ).map((p) => [p.SourceId, email(p.ContactId), p.Type, p.Amount, p.IsCanceller]),
    contacts: sortedBy(
      [...l.contacts.values()].filter((c) => c.RegistrationSource.startsWith('kopru')),
      (c) => c.Email ?? c.Phone ?? '',
    ).map((c) => omit(c, ['Id', 'Secret', 'RegistrationDateTime', 'LastModified', 'Version'])),
    stores: sortedBy(l.stores.values(), (s) => s.Number).map((s) => [s.Number, s.Name]),
  }
}

/**
 * The child's clock is the real one, so its first Narwoo read starts three months before a moment
 * this process cannot fix to the millisecond: orders placed within an hour of that edge are taken
 * out of both worlds, so the two runs compared read the same orders.
 */
export function withoutEdgeOrders(world: World, now: Date): World {
  const edge = new Date(now)
  edge.setUTCMonth(edge.getUTCMonth() - 3)
  const wall = (ms: number) => new Date(ms + 3 * 3_600_000).toISOString().replace('T', ' ')
  const [from, to] = [wall(edge.getTime() - 3_600_000), wall(edge.getTime() + 3_600_000)]
  const orders = world.narwoo.state.orders
  for (let i = orders.length - 1; i >= 0; i--)
    if (orders[i]!.placedAt >= from && orders[i]!.placedAt <= to) orders.splice(i, 1)
  return world
}

/** Every pipeline once, in process, never interrupted: what the killed runs must end in. */
export async function uninterrupted(world: World) {
  const pipelines = buildPipelines(worldConfig(worldUrls(world)), await inProcessClients(world))
  const store = new SqliteStateStore(':memory:')
  try {
    for (const pipeline of pipelines) {
      const result = await runPipeline(pipeline, { store })
      if (result.status !== 'succeeded')
        throw new Error(`reference run ${result.status}: ${result.error}`)
    }
    const open = await store.deadLetters({ status: 'open' })
    if (open.length) throw new Error(`reference run left dead letters: ${JSON.stringify(open)}`)
  } finally {
    await store.close()
  }
  return syncedState(world)
}
