/** Softtr's emulator: HTTP Basic, the seed's envelope on every answer, state in `SofttrStore`. */
import { defineEmulator } from '../../../emulator/types.ts'
import { softtrApi } from '../operations.ts'
import { softtrAnswer } from './answers.ts'
import { softtrHandlers } from './handlers.ts'
import { generateSofttrData } from './seed.ts'
import { SofttrStore, type SofttrData } from './store.ts'

export const softtrEmulator = defineEmulator({
  api: softtrApi,
  credentials: {
    username: { default: 'kopru', env: 'KOPRU_SOFTTR_USERNAME' },
    password: { default: 'kopru-softtr', env: 'KOPRU_SOFTTR_PASSWORD' },
  },
  sizes: { products: 300, orders: 5000, customers: 1800 },
  createState: (options) => new SofttrStore(generateSofttrData(options)),
  serialize: (store) => store.toJSON(),
  revive: (json) => new SofttrStore(json as SofttrData),
  authenticate: (call, ctx) => {
    const header = call.header('authorization') ?? ''
    if (header === usualHeader(ctx.credentials)) return undefined
    const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header)
    if (!match) return softtrAnswer({ kind: 'unauthorized', reason: 'missing' }, ctx)
    if (Buffer.from(match[1]!, 'base64').toString('utf8') !== expected(ctx.credentials)) {
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
