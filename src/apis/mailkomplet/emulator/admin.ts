/**
 * Mail Komplet's own controls under `/__kopru/` (not the vendor's API): start a distribution of a
 * campaign, apply a delivery event to a sent e-mail, confirm a subscribe request as its recipient
 * would, and read the carts the tracker keeps with their state (open, abandoned, converted).
 */
import { z } from 'zod'
import type { AdminRoute } from '../../../emulator/types.ts'
import { badRequest, notFound } from './answers.ts'
import { cartState } from './carts.ts'
import { applyEvent } from './delivery.ts'
import { executionView, runDistribution, unsubscribe } from './distribution.ts'
import { sim } from './handlers-audience.ts'
import { outcomeName } from './state.ts'
import type { MailKompletStore } from './store.ts'
import { confirm } from './subscribe.ts'
import type { MailKompletSwitches } from './switches.ts'

type Route = AdminRoute<MailKompletStore, MailKompletSwitches>

export const mailkompletAdmin: readonly Route[] = [
  {
    method: 'POST',
    path: '/distributions',
    body: z.strictObject({
      campaignId: z.number().int().min(1),
      isTesting: z.boolean().optional(),
    }),
    handle: ({ ctx, body }) => {
      const { campaignId, isTesting } = body as { campaignId: number; isTesting?: boolean }
      const execution = runDistribution(sim(ctx), campaignId, { isTesting: isTesting ?? false })
      return executionView(ctx.state, execution)
    },
  },
  {
    method: 'POST',
    path: '/mail-events',
    body: z.strictObject({ guid: z.string().min(1), event: outcomeName }),
    handle: ({ ctx, body }) => {
      const { guid, event } = body as { guid: string; event: z.output<typeof outcomeName> }
      const key = guid.toLowerCase()
      const tran = ctx.state.data.transactionalEmails.find((e) => e.guid === key)
      if (tran) {
        if (!applyEvent(sim(ctx), tran, event))
          throw badRequest(`${event} cannot happen to transactional e-mail ${tran.emailId} now`)
        return { ok: true, transactionalEmailId: tran.emailId }
      }
      const mass = ctx.state.data.marketingEmails.find((e) => e.guid === key)
      if (!mass) throw notFound(`no e-mail with GUID ${guid}`)
      if (event !== 'unsubscribe' && event !== 'spam')
        throw badRequest('a marketing e-mail takes unsubscribe or spam here')
      const contact = ctx.state.contactByEmail(mass.toAddress)
      const campaign = ctx.state.data.campaigns.find((c) => c.campaignId === mass.campaignId)
      const via = (contact?.lists ?? [])
        .map((l) => l.mailingListId)
        .filter((id) => campaign?.mailingListIds.includes(id))
      if (!unsubscribe(sim(ctx), mass, via, event === 'spam'))
        throw badRequest(`marketing e-mail ${mass.emailId} was already unsubscribed or bounced`)
      return { ok: true, mailId: mass.emailId }
    },
  },
  {
    method: 'GET',
    path: '/subscribe-requests',
    handle: ({ ctx }) => ctx.state.data.subscribeRequests,
  },
  {
    method: 'POST',
    path: '/subscribe-requests/:id/confirm',
    handle: ({ ctx, params }) => confirm(sim(ctx), Number(params.id)),
  },
  {
    method: 'GET',
    path: '/carts',
    handle: ({ ctx, query }) =>
      ctx.state.data.carts
        .map((cart) => ({ ...cart, state: cartState(ctx, cart) }))
        .filter((cart) => !query.state || cart.state === query.state),
  },
  {
    method: 'GET',
    path: '/tracker-events',
    handle: ({ ctx }) => ctx.state.data.trackerEvents,
  },
]
