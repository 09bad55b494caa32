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
  authenticate: ({ request }, ctx) => {
    const header = request.headers.get('authorization') ?? ''
    const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header)
    if (!match) return softtrAnswer({ kind: 'unauthorized', reason: 'missing' }, ctx)
    const expected = `${ctx.credentials.username}:${ctx.credentials.password}`
    if (Buffer.from(match[1]!, 'base64').toString('utf8') !== expected) {
      return softtrAnswer({ kind: 'unauthorized', reason: 'wrong' }, ctx)
    }
    return undefined
  },
  answer: softtrAnswer,
  handlers: softtrHandlers,
})
