/**
 * Loyaltii's 108 operations (seed 003, "Loyaltii REST API v1", paths only; shapes from
 * shared/reference/loyaltii.md): part 1's Contacts, Orders, ContactEvents, Points, Stores and
 * ContactCompanies, part 2's Segments, dispatches and email builder campaigns, dynamic tables,
 * Media and the smaller groups. Everything else about Loyaltii (client, emulator routes, OpenAPI,
 * inventory) is derived from here. The records live by resource in `operations/`.
 */
import { defineApi, type OperationDef } from '../../core/operation.ts'
import { loyaltiiErrors, type LoyaltiiErrorCode } from './errors.ts'
import { accountOperations } from './operations/account.ts'
import { companyOperations, eventOperations, storeOperations } from './operations/companies.ts'
import { contactOperations } from './operations/contacts.ts'
import { dispatchOperations } from './operations/dispatches.ts'
import { mediaOperations } from './operations/media.ts'
import { orderOperations } from './operations/orders.ts'
import { pointOperations } from './operations/points.ts'
import { segmentOperations } from './operations/segments.ts'
import { tableOperations } from './operations/tables.ts'
import { errorBody } from './schemas/common.ts'
import { loyaltiiAbout } from './about.ts'

export const loyaltiiApi = defineApi({
  name: 'loyaltii',
  title: loyaltiiAbout.title,
  seed: 'shared/seeds/003_fa5a86215b6d3f86.txt',
  baseUrl: 'https://api.loyaltii.com',
  auth: { type: 'apiKey', in: 'header', name: 'X-ApiKey' },
  secrets: { headers: ['x-apikey'], body: ['Password', 'NewPassword'] },
  errorBody,
  errors: loyaltiiErrors,
  operations: withInputErrors({
    ...contactOperations,
    ...orderOperations,
    ...eventOperations,
    ...pointOperations,
    ...storeOperations,
    ...companyOperations,
    ...segmentOperations,
    ...dispatchOperations,
    ...tableOperations,
    ...mediaOperations,
    ...accountOperations,
  }),
})

/**
 * Web API's own refusals of the input, derived from each record: a model error (400) for an
 * operation with a query or a body, a body over the limit (413) for one with a body.
 */
function withInputErrors<T extends Record<string, OperationDef>>(operations: T): T {
  return Object.fromEntries(
    Object.entries(operations).map(([id, op]) => {
      const input: LoyaltiiErrorCode[] = []
      if (op.query || op.body) input.push('invalidRequest')
      if (op.body) input.push('tooLarge')
      return [id, { ...op, errors: [...input, ...(op.errors ?? [])] }]
    }),
  ) as unknown as T
}

export type LoyaltiiApi = typeof loyaltiiApi
export type LoyaltiiOperationId = keyof LoyaltiiApi['operations'] & string
