/**
 * Loyaltii's emulator: the `X-ApiKey` header, Web API 2's answers (`{"Message": …}`, bare 404s,
 * model state), the account switches only the vendor's panel could flip, state in
 * `LoyaltiiStore`, and the files its answers link to: personal-data files, media and exports.
 */
import { sameSecret } from '../../../emulator/secrets.ts'
import { defineEmulator } from '../../../emulator/types.ts'
import { loyaltiiApi, type LoyaltiiApi } from '../operations.ts'
import { loyaltiiAdmin } from './admin.ts'
import { errorResponse, loyaltiiAnswer } from './answers.ts'
import { PERSON_DATA_PATH, personDataFile } from './contact-access.ts'
import { EXPORT_PATH, exportFile } from './exports.ts'
import { loyaltiiHandlers } from './handlers.ts'
import { MEDIA_PATH, mediaFile } from './media.ts'
import { defaultSizes, generateLoyaltiiData, maxSizes, type LoyaltiiSizes } from './seed.ts'
import { loyaltiiState, type LoyaltiiData } from './state.ts'
import { LoyaltiiStore } from './store.ts'
import { loyaltiiSwitches, type LoyaltiiSwitches } from './switches.ts'
import { loyaltiiAbout } from '../about.ts'

// the type arguments spelled out: inferred through 108 handlers, tsc gives up and infers unknown
export const loyaltiiEmulator = defineEmulator<
  LoyaltiiApi,
  LoyaltiiStore,
  LoyaltiiSizes,
  LoyaltiiSwitches
>({
  api: loyaltiiApi,
  credentials: loyaltiiAbout.credentials,
  sizes: defaultSizes,
  maxSizes,
  switches: loyaltiiSwitches,
  createState: (options) => new LoyaltiiStore(generateLoyaltiiData(options)),
  serialize: (store) => store.toJSON(),
  stateSchema: loyaltiiState,
  revive: (json) => new LoyaltiiStore(json as LoyaltiiData),
  // IIS's default maxAllowedContentLength, about 28.6 MB (assumed, README.md)
  maxBodyBytes: 30_000_000,
  // the key before anything else, an expired one as a wrong one (Web API 2's 401)
  authenticate: (call, ctx) => {
    if (
      !sameSecret(call.header('x-apikey'), ctx.credentials.apiKey ?? '') ||
      ctx.switches.keyExpired
    )
      return errorResponse('unauthorized')
    return undefined
  },
  answer: loyaltiiAnswer,
  handlers: loyaltiiHandlers,
  sideRoutes: [
    { method: 'GET', path: PERSON_DATA_PATH, handle: personDataFile },
    { method: 'GET', path: MEDIA_PATH, handle: mediaFile },
    { method: 'GET', path: EXPORT_PATH, handle: exportFile },
  ],
  adminRoutes: loyaltiiAdmin,
})
