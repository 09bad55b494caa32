/** Softtr's emulator: HTTP Basic, the seed's envelope on every answer, state in `SofttrStore`. */
import { sameSecret } from '../../../emulator/secrets.ts'
import { defineEmulator } from '../../../emulator/types.ts'
import { softtrApi } from '../operations.ts'
import { softtrAnswer } from './answers.ts'
import { softtrHandlers } from './handlers.ts'
import { generateSofttrData } from './seed.ts'
import { softtrState } from './state.ts'
import { SofttrStore, type SofttrData } from './store.ts'
import { softtrAbout } from '../about.ts'

export const softtrEmulator = defineEmulator({
  api: softtrApi,
  credentials: softtrAbout.credentials,
  sizes: { products: 300, orders: 5000, customers: 1800 },
  // about 3 KiB of memory per order: the largest sizes take about 1 GiB together
  maxSizes: { products: 20_000, orders: 250_000, customers: 250_000 },
  createState: (options) => new SofttrStore(generateSofttrData(options)),
  serialize: (store) => store.toJSON(),
  stateSchema: softtrState,
  revive: (json) => new SofttrStore(json as SofttrData),
  // 100 items per update call fit in a few KiB; assumed limit, see README.md
  maxBodyBytes: 10 * 1024 * 1024,
  authenticate: (call, ctx) => {
    const header = call.header('authorization') ?? ''
    const usual = usualHeader(ctx.credentials)
    if (usual !== undefined && sameSecret(header, usual)) return undefined
    const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header)
    if (!match) return softtrAnswer({ kind: 'unauthorized', reason: 'missing' }, ctx)
    if (!sameSecret(Buffer.from(match[1]!, 'base64').toString('utf8'), expected(ctx.credentials))) {
      return softtrAnswer({ kind: 'unauthorized', reason: 'wrong' }, ctx)
    }
    return undefined
  },
  answer: softtrAnswer,
  handlers: softtrHandlers,
})

const expected = (credentials: Readonly<Record<string, string>>) =>
  `${credentials.username}:${credentials.password}`

const usual = new WeakMap<object, string>()

/** The header as clients send it, accepted without decoding it again for every call. */
function usualHeader(credentials: Readonly<Record<string, string>>): string | undefined {
  if (!usual.has(credentials)) {
    const encoded = Buffer.from(expected(credentials)).toString('base64')
    // credentials UTF-8 cannot carry (a lone surrogate) never match: leave them to the full check
    const exact = Buffer.from(encoded, 'base64').toString('utf8') === expected(credentials)
    usual.set(credentials, exact ? `Basic ${encoded}` : '')
  }
  return usual.get(credentials) || undefined
}
