/**
 * Mail Komplet's 44 documented operations (seed 004, "Mail Komplet REST API"). The base URL carries
 * the account's `baseCrypt` (`https://api.mail-komplet.cz/api/{baseCrypt}`), the key travels as
 * `Authorization: Basic <apiKey>` with the raw key (reference §4.1). The records live by resource
 * in `ops-audience.ts`, `ops-mailing.ts` and `ops-sending.ts`; everything else about Mail Komplet
 * (client, emulator routes, OpenAPI, inventory) is derived from them.
 */
import { defineApi } from '../../core/operation.ts'
import { mailkompletErrors } from './errors.ts'
import { audienceOps } from './ops-audience.ts'
import { mailingOps } from './ops-mailing.ts'
import { sendingOps } from './ops-sending.ts'
import { errorBody } from './schemas.ts'
import { mailkompletAbout } from './about.ts'

export const MAILKOMPLET_BASE_URL = 'https://api.mail-komplet.cz/api/{baseCrypt}'

export const mailkompletApi = defineApi({
  name: 'mailkomplet',
  title: mailkompletAbout.title,
  seed: 'shared/seeds/004_015fe840ef83108e.txt',
  baseUrl: MAILKOMPLET_BASE_URL,
  auth: { type: 'apiKey', in: 'header', name: 'Authorization' },
  secrets: { headers: ['authorization'], path: ['baseCrypt'] },
  errorBody,
  errors: mailkompletErrors,
  operations: { ...audienceOps, ...mailingOps, ...sendingOps },
})

export type MailKompletApi = typeof mailkompletApi
export type MailKompletOperationId = keyof MailKompletApi['operations'] & string
