/**
 * Loyaltii's own controls under `/__kopru/` (not the vendor's API): every dispatch, v1 and Email2,
 * as it stands by the emulator's clock (`POST /__kopru/clock` moves it on), and iframe tokens as
 * the vendor's panel issues them.
 */
import { z } from 'zod'
import type { AdminRoute } from '../../../emulator/types.ts'
import { issueIframeToken, type IssueToken } from './account.ts'
import { dispatchesView } from './dispatches.ts'
import { settle } from './lifecycle.ts'
import type { LoyaltiiStore } from './store.ts'
import type { LoyaltiiSwitches } from './switches.ts'

type Route = AdminRoute<LoyaltiiStore, LoyaltiiSwitches>

export const loyaltiiAdmin: readonly Route[] = [
  {
    method: 'GET',
    path: '/dispatches',
    handle: ({ ctx }) => {
      settle(ctx)
      return dispatchesView(ctx)
    },
  },
  {
    method: 'POST',
    path: '/iframe-tokens',
    body: z.strictObject({
      minutes: z.number().min(0).max(525_600).optional(),
      storeIds: z.array(z.number().int()).optional(),
      rights: z.array(z.string()).optional(),
    }),
    handle: ({ ctx, body }) => issueIframeToken(ctx, body as IssueToken),
  },
]
