/** What only Loyaltii's panel could change about an account, set through `PUT /__kopru/switches`. */
import { z } from 'zod'
import type { EmulatorContext } from '../../../emulator/types.ts'
import type { LoyaltiiStore } from './store.ts'

export const loyaltiiSwitches = z.strictObject({
  /** true: the API key has expired; every call answers 401 as for a wrong key */
  keyExpired: z.boolean().default(false),
  /** order types the account does not have (Orders/Types leaves them out; orders of them: 400) */
  withoutOrderTypes: z.array(z.string()).default([]),
  /** unknown secrets one IP address may ask for in an hour before it is refused (429) */
  secretAttemptsPerHour: z.number().int().min(1).max(1_000_000).default(10),
  /** dynamic tables (by name) whose writes must go through a converter: every write answers 423 */
  convertedTables: z.array(z.string()).default([]),
})

export type LoyaltiiSwitches = z.output<typeof loyaltiiSwitches>
export type LoyaltiiContext = EmulatorContext<LoyaltiiStore, LoyaltiiSwitches>
