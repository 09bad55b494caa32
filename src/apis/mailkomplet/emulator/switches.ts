/**
 * What only Mail Komplet's side decides, set through `PUT /__kopru/switches`: the delivery rates
 * sent mail is simulated with, outcomes forced per address, the cart tracker's instance and
 * abandonment threshold, and how fast a bulk import runs.
 */
import { z } from 'zod'
import { outcomeName } from './state.ts'

const share = z.number().min(0).max(1)

export const mailkompletSwitches = z.object({
  /** shares of sent e-mails with each outcome, drawn per e-mail from the seed */
  deliveryRates: z
    .object({
      softBounce: share.default(0.02),
      hardBounce: share.default(0.01),
      /** of delivered mail */
      open: share.default(0.45),
      /** of opened mail */
      click: share.default(0.25),
      /** of opened mail */
      unsubscribe: share.default(0.02),
      /** of delivered mail */
      spam: share.default(0.002),
    })
    .prefault({}),
  /** an outcome for every e-mail to an address (lower case), instead of a draw */
  forcedOutcomes: z.record(z.string(), outcomeName).default({}),
  /** the shop identity the tracker script is given (`tracker.js?instance=…`) */
  trackerInstance: z.string().min(1).default('kopru-shop'),
  /** a cart unchanged for this long and not converted is abandoned */
  abandonAfterMinutes: z.number().min(0).default(60),
  /** contacts a bulk import processes per `getBulkInfo` call */
  bulkChunk: z.number().int().min(1).default(500),
  /** "Attachements have to be enabled in system" */
  attachmentsEnabled: z.boolean().default(true),
})

export type MailKompletSwitches = z.output<typeof mailkompletSwitches>
