/**
 * Mail Komplet's emulator: the account's baseCrypt in the path and the raw API key in
 * `Authorization: Basic <apiKey>` (a wrong one of either is a 403), empty answers where the seed
 * answers by status code, simulated delivery with the eight webhooks, and the cart tracker's script.
 */
import { sameSecret } from '../../../emulator/secrets.ts'
import { defineEmulator } from '../../../emulator/types.ts'
import { mailkompletApi } from '../operations.ts'
import { mailkompletAdmin } from './admin.ts'
import { errorResponse, mailkompletAnswer } from './answers.ts'
import { mailkompletHandlers } from './handlers.ts'
import { defaultSizes, generateMailKompletData, maxSizes } from './seed.ts'
import { mailkompletState, type MailKompletData } from './state.ts'
import { MailKompletStore } from './store.ts'
import { mailkompletSwitches } from './switches.ts'
import { trackerRoutes } from './tracker-script.ts'
import { mailkompletAbout } from '../about.ts'
import { webhookEvents } from '../webhooks.ts'

/** `/api/<baseCrypt>/…`: the segment after `/api/`. */
function baseCryptOf(path: string): string {
  const match = /^\/api\/([^/]*)/.exec(path)
  if (!match) return ''
  try {
    return decodeURIComponent(match[1]!)
  } catch {
    return match[1]!
  }
}

export const mailkompletEmulator = defineEmulator({
  api: mailkompletApi,
  credentials: mailkompletAbout.credentials,
  sizes: defaultSizes,
  maxSizes,
  switches: mailkompletSwitches,
  createState: (options) => new MailKompletStore(generateMailKompletData(options)),
  serialize: (store) => store.toJSON(),
  stateSchema: mailkompletState,
  revive: (json) => new MailKompletStore(json as MailKompletData),
  // a bulk import of 10,000 contacts with their columns fits in about 5 MiB (assumed limit)
  maxBodyBytes: 16 * 1024 * 1024,
  // the key as generated, after "Basic " (never base64 of user:password), and the account's baseCrypt
  authenticate: (call, ctx) => {
    const header = call.header('authorization') ?? ''
    const match = /^Basic\s+(\S+)\s*$/i.exec(header)
    const keyOk = match !== null && sameSecret(match[1], ctx.credentials.apiKey ?? '')
    const cryptOk = sameSecret(baseCryptOf(call.path), ctx.credentials.baseCrypt ?? '')
    return keyOk && cryptOk ? undefined : errorResponse('forbidden')
  },
  answer: (answer) => mailkompletAnswer(answer),
  handlers: mailkompletHandlers,
  sideRoutes: trackerRoutes,
  adminRoutes: mailkompletAdmin,
  webhookEvents: Object.values(webhookEvents),
})
