/**
 * Each vendor API as the host tests drive it: how to authenticate, a write and a read-only path,
 * and the vendor's own answers to a body over the limit and to a body it cannot read.
 */
import { registry } from '../../src/apis/registry.ts'
import { createEmulator, type Emulator } from '../../src/emulator/host.ts'

type Headers = Record<string, string>
type Any = Emulator<unknown, unknown>

export interface Vendor {
  name: string
  emulator(): Any
  /** what authenticates a call: headers, and a query for an API whose token travels there */
  auth(e: Any): Promise<{ headers: Headers; query: string }>
  /** headers with a wrong credential, for an API whose credential is a header */
  wrongAuth?: Headers
  /** a POST path with a JSON body, from the base URL */
  write: string
  /** a path that takes GET only */
  readOnly: string
  tooLarge: { status: number; body: object }
  malformed: { status: number; body: object }
  methodNotAllowed: number
}

const small = (name: string) =>
  Object.fromEntries(Object.keys(registry[name]!.emulator.sizes).map((key) => [key, 3]))
const make = (name: string) => () =>
  createEmulator(registry[name]!.emulator, { sizes: small(name) })
const basic = (user: string, password: string) => ({
  authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
})
const softtrMessage = (message: string) => ({ status: 400, message: { detail: { message } } })

/** A Narwoo login token. */
export async function narwooToken(e: Any): Promise<string> {
  const { userEmail, userPassword } = e.credentials
  const query = new URLSearchParams({ userEmail: userEmail!, userPassword: userPassword! })
  const r = await e.fetch(`${e.baseUrl()}/login?${query}`)
  return ((await r.json()) as { o: { token: string } }).o.token
}

export const vendors: Vendor[] = [
  {
    name: 'softtr',
    emulator: make('softtr'),
    auth: async () => ({ headers: basic('kopru', 'kopru-softtr'), query: '' }),
    wrongAuth: basic('kopru', 'kopru-softtx'),
    write: '/orders/updateOrderStatus',
    readOnly: '/orders',
    tooLarge: { status: 400, body: softtrMessage('Data sınırı aşıldı') },
    malformed: { status: 400, body: softtrMessage('Geçersiz istek') },
    methodNotAllowed: 405,
  },
  {
    name: 'setrow',
    emulator: make('setrow'),
    auth: async () => ({ headers: { authorization: 'Bearer kopru-setrow-key' }, query: '' }),
    wrongAuth: { authorization: 'Bearer kopru-setrow-kex' },
    write: '/email/add',
    readOnly: '/junk/list',
    tooLarge: { status: 400, body: { status: 'error', code: 'E125' } },
    malformed: { status: 400, body: { status: 'error', code: 'E124' } },
    // Setrow answers a wrong method as an unknown path (see its README)
    methodNotAllowed: 404,
  },
  {
    name: 'narwoo',
    emulator: make('narwoo'),
    // in the query: a body that cannot be read carries no token
    auth: async (e) => ({ headers: {}, query: `?token=${await narwooToken(e)}` }),
    write: '/order-confirm',
    readOnly: '/order-list',
    // refused in front of the API (assumed), in Narwoo's envelope
    tooLarge: { status: 413, body: { o: { errCode: 1 }, error: 1 } },
    // HTTP 200 and an errCode, as for any parameter problem: a body PHP cannot read has no
    // parameters, so order-confirm misses its order_number (8)
    malformed: { status: 200, body: { o: { errCode: 8 }, error: 0 } },
    methodNotAllowed: 405,
  },
]
