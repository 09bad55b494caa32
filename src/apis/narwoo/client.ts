/**
 * The Narwoo client: every operation of `operations.ts` on the wire shapes, the login handled
 * (lazily, as part of the call that needs it and under its options, once again on errCode 41,
 * never in a loop), and helpers that hide the quirks:
 * `orders.iterate` and `products.iterate` page through and yield parsed records, `orders.detail`
 * parses one order, `products.save` takes a main product and its variants as one object.
 *
 * @example
 * const narwoo = createNarwooClient({ userEmail, userPassword })
 * for await (const order of narwoo.orders.iterate({ start_date: '2026-01-01 00:00' }))
 *   console.log(order.orderNumber, order.total)
 */
import {
  checkOptionKeys,
  clientOptionKeys,
  createApiClient,
  type ApiClient,
  type ClientOptions,
} from '../../core/client.ts'
import { ConfigError } from '../../core/errors.ts'
import type { Paginator } from '../../core/paginate.ts'
import { setField, type WireRequest } from '../../core/request.ts'
import type { AuthCall, VendorProtocol } from '../../core/transport.ts'
import type { CallOptions, OperationInput } from '../../core/types.ts'
import { NarwooError, TOKEN_INVALID, readNarwooAnswer } from './errors.ts'
import { narwooApi, type NarwooApi } from './operations.ts'
import {
  parseOrder,
  parseOrderDetail,
  parseProduct,
  productParts,
  type NarwooOrder,
  type NarwooOrderDetail,
  type NarwooProduct,
  type ProductDraft,
} from './parse.ts'
import type { WireOrderSummary, WireProduct } from './schemas.ts'

export interface NarwooClientOptions extends ClientOptions {
  /** `https://www.narwoo.com/api` unless given (an emulator's URL) */
  baseUrl?: string
  /** the seller's login */
  userEmail: string
  userPassword: string
}

export interface NarwooSession {
  /** the token in use, undefined before the first call */
  readonly token: string | undefined
  /** logs in now and keeps the new token (the client otherwise logs in on its first call) */
  login(): Promise<string>
  /** forgets the token: the next call logs in again */
  logout(): void
}

/** Every operation on Narwoo's wire shapes, with the login handled. */
export type NarwooWireClient = ApiClient<NarwooApi> & { session: NarwooSession }

type Ops = NarwooApi['operations']
type Window<Id extends keyof Ops> = Omit<OperationInput<Ops[Id]>, 'offset' | 'limit'>

export type NarwooClient = Omit<NarwooWireClient, 'orders' | 'products'> & {
  orders: Omit<NarwooWireClient['orders'], 'iterate'> & {
    /** every order in the window (the last 3 months unless dates are given), newest first */
    iterate(input?: Window<'orders.list'>, options?: CallOptions): Paginator<NarwooOrder>
    /** order-detail, parsed */
    detail(orderNumber: string, options?: CallOptions): Promise<NarwooOrderDetail>
  }
  products: Omit<NarwooWireClient['products'], 'iterate'> & {
    /** every product (or those matching `sku` with `type: 'bySku'`) with its variants, parsed */
    iterate(input?: Window<'products.list'>, options?: CallOptions): Paginator<NarwooProduct>
    /** the product whose own or variant sku is `sku` */
    findBySku(sku: string, options?: CallOptions): Promise<NarwooProduct | undefined>
    /**
     * add-product, or edit-product when `productId` is given, for one main product and its
     * variants. Narwoo's answer names no id: find a new product with `findBySku`.
     */
    save(
      draft: ProductDraft,
      options?: CallOptions,
    ): Promise<{ status: 'success' | 'error'; errList: string[] }>
  }
}

/** The operations on the wire shapes only: what `kopru call` and the inventory use. */
export function createNarwooWireClient(options: NarwooClientOptions): NarwooWireClient {
  checkOptionKeys('narwoo', options, [...clientOptionKeys, 'userEmail', 'userPassword'])
  const { userEmail, userPassword, ...rest } = options
  if (!userEmail || !userPassword)
    throw new ConfigError('narwoo client: userEmail and userPassword are required')

  let token: string | undefined
  let pending: { token: Promise<string>; call: AuthCall | undefined } | undefined
  // the token each request went out with, to tell a stale token from one renewed meanwhile
  const sentWith = new WeakMap<WireRequest, string>()
  // a call's login is one request of that call's attempt (`AuthCall`): its signal and timeout, no
  // retries of its own. A call that finds one in flight waits for it within its own signal, and
  // logs in itself when the call that started it gave up.
  const login = async (call?: AuthCall): Promise<string> => {
    for (;;) {
      const running = (pending ??= {
        token: client
          .request('auth.login', { userEmail, userPassword }, call)
          .then((answer) => (token = answer.data.token))
          .finally(() => (pending = undefined)),
        call,
      })
      try {
        return await (running.call === call ? running.token : within(running.token, call?.signal))
      } catch (error) {
        if (running.call !== call && running.call?.signal?.aborted && !call?.signal?.aborted)
          continue
        throw error
      }
    }
  }

  const protocol: VendorProtocol = {
    authorize: async (request, op, call) => {
      if (op.auth === false) return
      const current = token ?? (await login(call))
      setField(request, 'token', current)
      sentWith.set(request, current)
    },
    read: readNarwooAnswer,
    errorClass: NarwooError,
    // 41: the token expired or is unknown. The transport asks once per call, so a second 41
    // after the new login ends in the error.
    renewAuth: async (error, request, call) => {
      if (error.vendorCode !== TOKEN_INVALID || error.operationId === 'auth.login') return false
      if (token === undefined || token === sentWith.get(request)) {
        token = undefined
        await login(call)
      }
      return true
    },
  }
  const client = createApiClient(narwooApi, protocol, rest)
  const session: NarwooSession = {
    get token() {
      return token
    },
    login: () => {
      token = undefined
      return login()
    },
    logout: () => {
      token = undefined
    },
  }
  return Object.assign(client, { session })
}

export function createNarwooClient(options: NarwooClientOptions): NarwooClient {
  const client = createNarwooWireClient(options)
  const orders = {
    ...client.orders,
    iterate: (input: Window<'orders.list'> = {}, call?: CallOptions) =>
      client
        .paginate('orders.list', input, call)
        .map((wire) => parseOrder(wire as WireOrderSummary)),
    detail: async (orderNumber: string, call?: CallOptions) =>
      parseOrderDetail(await client.orders.get({ order_number: orderNumber }, call)),
  }
  const products = {
    ...client.products,
    iterate: (input: Window<'products.list'> = {}, call?: CallOptions) =>
      client
        .paginate('products.list', input, call)
        .map((wire) => parseProduct(wire as WireProduct)),
    findBySku: async (sku: string, call?: CallOptions) => {
      const answer = await client.products.list({ type: 'bySku', sku }, call)
      const found = answer.productList[0]
      return found && parseProduct(found)
    },
    save: (draft: ProductDraft, call?: CallOptions) => {
      const { main, variants } = productParts(draft)
      return draft.productId === undefined
        ? client.products.create({ productList: [main, ...variants] }, call)
        : client.products.update(
            { productList: [{ ...main, productId: draft.productId }, ...variants] },
            call,
          )
    },
  }
  return Object.assign(client, { orders, products }) as NarwooClient
}

/** `promise`, or the reason `signal` aborts with if it does first. */
function within<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise
  return new Promise<T>((resolve, reject) => {
    const stop = () => reject(signal.reason)
    if (signal.aborted) return stop()
    signal.addEventListener('abort', stop, { once: true })
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', stop))
  })
}
