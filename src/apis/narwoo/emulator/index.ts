/**
 * Narwoo's emulator: login tokens with a set lifetime, the `{"o": …, "error": 0}` envelope and the
 * document's bare lists, the marketplace catalogue, one seller's products and orders, and the UPS
 * label pages its integration cargo links to.
 */
import type { Raw } from '../../../emulator/inputs.ts'
import { defineEmulator } from '../../../emulator/types.ts'
import { narwooApi } from '../operations.ts'
import { errorResponse, narwooAnswer } from './answers.ts'
import { LABEL_PATH, labelPage } from './cargo.ts'
import { narwooHandlers } from './handlers.ts'
import { generateNarwooData } from './seed.ts'
import { narwooState } from './state.ts'
import { NarwooStore, type NarwooData } from './store.ts'
import { narwooSwitches } from './switches.ts'
import { narwooAbout } from '../about.ts'

export const narwooEmulator = defineEmulator({
  api: narwooApi,
  credentials: narwooAbout.credentials,
  sizes: { products: 200, orders: 3000, customers: 1500 },
  // about 5 KiB of memory per order: the largest sizes take about 1.2 GiB together
  maxSizes: { products: 20_000, orders: 200_000, customers: 200_000 },
  switches: narwooSwitches,
  createState: (options) => new NarwooStore(generateNarwooData(options)),
  serialize: (store) => store.toJSON(),
  stateSchema: narwooState,
  revive: (json) => new NarwooStore(json as NarwooData),
  // PHP's default post_max_size, 8 MiB (assumed, see README.md)
  maxBodyBytes: 8 * 1024 * 1024,
  authenticate: ({ op, query, body }, ctx) => {
    // an unknown path is answered by the host as such, token or not
    if (!op) return undefined
    if (!ctx.switches.apiAccess) return errorResponse('unauthorized')
    const token = tokenOf(query, body)
    if (!token) return errorResponse('tokenMissing')
    const lifetimeMs = ctx.switches.tokenLifetimeSeconds * 1000
    return ctx.state.tokenValid(token, ctx.now.getTime(), lifetimeMs)
      ? undefined
      : errorResponse('tokenInvalid')
  },
  answer: narwooAnswer,
  handlers: narwooHandlers,
  sideRoutes: [
    {
      method: 'GET',
      path: LABEL_PATH,
      handle: (ctx) => labelPage(ctx.state, new URL(ctx.request.url)),
    },
  ],
})

/** The token from a POST body (form or JSON) or else the query; a repeated field's last value wins, as in PHP. */
function tokenOf(query: Raw, body: unknown): string | undefined {
  const fromBody =
    typeof body === 'object' && body !== null && !Array.isArray(body)
      ? (body as Record<string, unknown>).token
      : undefined
  const value = fromBody ?? query.token
  const last = Array.isArray(value) ? value[value.length - 1] : value
  return typeof last === 'string' || typeof last === 'number' ? String(last).trim() : undefined
}
