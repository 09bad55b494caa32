/** Settings only Narwoo's side could change, set through `PUT /__kopru/switches`. */
import { z } from 'zod'

export const narwooSwitches = z.object({
  /** how long a login token stays valid; 0 expires every token at once (assumed default: 1 h) */
  tokenLifetimeSeconds: z.number().int().min(0).default(3600),
  /** false: the seller's API access is switched off in the panel; every call answers errCode 6 */
  apiAccess: z.boolean().default(true),
})

export type NarwooSwitches = z.output<typeof narwooSwitches>
