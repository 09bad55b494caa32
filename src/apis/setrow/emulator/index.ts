/**
 * Setrow's emulator: Bearer key, the account switches only Setrow's panel could flip, the
 * `{status, code, message}` envelope on every answer, state in `SetrowStore`.
 */
import { defineEmulator } from '../../../emulator/types.ts'
import { setrowApi } from '../operations.ts'
import { setrowSwitches } from './account.ts'
import { errorResponse, setrowAnswer } from './answers.ts'
import { setrowHandlers } from './handlers.ts'
import { defaultSizes, generateSetrowData } from './seed.ts'
import { SetrowStore, type SetrowData } from './store.ts'

export const setrowEmulator = defineEmulator({
  api: setrowApi,
  credentials: { apiKey: { default: 'kopru-setrow-key', env: 'KOPRU_SETROW_API_KEY' } },
  sizes: defaultSizes,
  switches: setrowSwitches,
  createState: (options) => new SetrowStore(generateSetrowData(options)),
  serialize: (store) => store.toJSON(),
  revive: (json) => new SetrowStore(json as SetrowData),
  // the key first, then what the panel decides about the account: IP allow list, then activity
  authenticate: (call, ctx) => {
    const header = call.header('authorization') ?? ''
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header)
    if (!match) return errorResponse('E401', 'no bearer key')
    if (match[1] !== ctx.credentials.apiKey) return errorResponse('E401')
    if (!ctx.switches.ipAllowed) return errorResponse('E403')
    if (!ctx.switches.accountActive) return errorResponse('E145')
    return undefined
  },
  answer: (answer) => setrowAnswer(answer),
  handlers: setrowHandlers,
})
