/**
 * What only Setrow's panel could change about an account, as switches in the admin API
 * (`PUT /__kopru/switches`), and the checks that obey them.
 */
import { z } from 'zod'
import type { EmulatorContext } from '../../../emulator/types.ts'
import { fail } from './answers.ts'
import type { SetrowStore } from './store.ts'

export const setrowSwitches = z.strictObject({
  /** false: every call answers E145 "Account inactive." */
  accountActive: z.boolean().default(true),
  /** false: every call answers E403, as from an address outside the account's allow list */
  ipAllowed: z.boolean().default(true),
  /** true: at most 10 manual e-mail groups (E108) */
  miniPlan: z.boolean().default(false),
  /** false: the account has no SMS settings; SMS calls answer E110 */
  smsSettings: z.boolean().default(true),
  /** false: no IYS data transfer pool; IYS calls answer E146 */
  iysPool: z.boolean().default(true),
})

export type SetrowSwitches = z.output<typeof setrowSwitches>
export type SetrowContext = EmulatorContext<SetrowStore, SetrowSwitches>

export function requireSmsSettings(ctx: SetrowContext): void {
  if (!ctx.switches.smsSettings) throw fail('E110')
}

export function requireIysPool(ctx: SetrowContext): void {
  if (!ctx.switches.iysPool) throw fail('E146')
}
