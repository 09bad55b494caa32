/**
 * Setrow's emulator: Bearer key, the account switches only Setrow's panel could flip, the
 * `{status, code, message}` envelope on every answer, state in `SetrowStore`.
 */
import { sameSecret } from '../../../emulator/secrets.ts'
import { defineEmulator } from '../../../emulator/types.ts'
import { setrowApi } from '../operations.ts'
import { setrowSwitches } from './account.ts'
import { errorResponse, setrowAnswer } from './answers.ts'
import { setrowHandlers } from './handlers.ts'
import { defaultSizes, generateSetrowData, maxSizes } from './seed.ts'
import { setrowState } from './state.ts'
import { SetrowStore, type SetrowData } from './store.ts'
import { setrowAbout } from '../about.ts'

export const setrowEmulator = defineEmulator({
  api: setrowApi,
  credentials: setrowAbout.credentials,
  sizes: defaultSizes,
  maxSizes,
  switches: setrowSwitches,
  createState: (options) => new SetrowStore(generateSetrowData(options)),
  serialize: (store) => store.toJSON(),
  stateSchema: setrowState,
  revive: (json) => new SetrowStore(json as SetrowData),
  // 1000 items per bulk call fit in about 1 MiB; larger answers E125 (assumed, see README.md)
  maxBodyBytes: 10 * 1024 * 1024,
  // the key first, then what the panel decides about the account: IP allow list, then activity
  authenticate: (call, ctx) => {
    const header = call.header('authorization') ?? ''
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header)
    if (!match) return errorResponse('E401', 'no bearer key')
    if (!sameSecret(match[1], ctx.credentials.apiKey ?? '')) return errorResponse('E401')
    if (!ctx.switches.ipAllowed) return errorResponse('E403')
    if (!ctx.switches.accountActive) return errorResponse('E145')
    return undefined
  },
  answer: (answer) => setrowAnswer(answer),
  handlers: setrowHandlers,
})
